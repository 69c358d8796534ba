# Two entry points that work on a fresh Debian machine: `make demo` and `make test`.
PYTHON ?= python3
VENV   ?= .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed
RUNTIME := $(VENV)/.installed-runtime
CHROMIUM ?= /usr/bin/chromium
PG_URL ?= postgresql+psycopg://postgres@127.0.0.1:5432/test

FLOORS := .venv-floors
FLOORS_STAMP := $(FLOORS)/.installed

.PHONY: demo test test-fast test-floors lint bench setup chromium nginx clean docs

setup: $(STAMP)

# What rolewatch needs to run, and all the demo installs: the test tools (pyarrow among them)
# are a fifth of the install. pip is upgraded first: a current pip installs the rest in two
# thirds of the time Debian's venv pip takes (measured: 22 s against 32 s, for 2 s).
$(RUNTIME): pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install -q --upgrade pip
	$(BIN)/python -m pip install -q -e .
	touch $(RUNTIME)

$(STAMP): $(RUNTIME)
	$(BIN)/python -m pip install -q -e '.[dev]'
	touch $(STAMP)

# Debian's chromium for `render: true` sources and the browser tests (never `playwright install`).
chromium:
	@if [ ! -x $(CHROMIUM) ]; then \
	  if [ "$$(id -u)" = 0 ]; then SUDO=; else SUDO=sudo; fi; \
	  $$SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq chromium; \
	fi

# Debian's nginx serves the benchmark's boards (with ETags, as real boards do); without it the
# benchmark falls back to a threaded Python server, which is slower than what it measures.
nginx:
	@if ! command -v nginx >/dev/null && [ ! -x /usr/sbin/nginx ]; then \
	  if [ "$$(id -u)" = 0 ]; then SUDO=; else SUDO=sudo; fi; \
	  $$SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq nginx-light || \
	  DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq nginx; \
	fi

demo: $(RUNTIME)
	$(BIN)/rolewatch demo

# docs/config.md is written from the config model (a test fails when it is stale)
docs: $(RUNTIME)
	$(BIN)/python -m monitor.configdoc > docs/config.md

# Everything CI runs: lint and types, the floors lane, then the whole suite.
test: lint test-floors chromium
	ROLEWATCH_TEST_PG=$(PG_URL) $(BIN)/python -m pytest -n 2 -q

# The unit tests (not `e2e`: no rolewatch subprocess, browser, daemon or server), in a minute.
test-fast: setup
	ROLEWATCH_TEST_PG=$(PG_URL) $(BIN)/python -m pytest -n 2 -q -m "not e2e"

# The fast tests on exactly the dependency floors pyproject.toml declares (.ci/floors.py): a
# floor the code does not really run on fails here, not on a user's machine.
$(FLOORS_STAMP): pyproject.toml .ci/floors.py
	test -x $(FLOORS)/bin/python || $(PYTHON) -m venv $(FLOORS)
	$(FLOORS)/bin/python -m pip install -q --upgrade pip
	$(PYTHON) .ci/floors.py > $(FLOORS)/constraints.txt
	$(FLOORS)/bin/python -m pip install -q -c $(FLOORS)/constraints.txt -e '.[dev]'
	touch $(FLOORS_STAMP)

test-floors: $(FLOORS_STAMP)
	ROLEWATCH_TEST_PG=$(PG_URL) $(FLOORS)/bin/python -m pytest -n 2 -q -m "not e2e" -p no:cacheprovider

lint: setup
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy

bench: setup nginx
	$(BIN)/python bench/run.py --readme

clean:
	rm -rf $(VENV) $(FLOORS) build *.egg-info
