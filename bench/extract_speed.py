"""Time each step of normalising a posting, in µs per posting (best of a few rounds).

Run: .venv/bin/python bench/extract_speed.py [--postings N] [--rounds R]

Steps: html_to_text over the Greenhouse-shaped benchmark postings (bench/boards.py), the
readers (extract_pay, extract_office, workplace_from_terms) over their text, and the whole
monitor.normalise.normalise; then the readers over the case table (tests/extract_cases.py).
Times are CPU time of this process, so other work on the machine inflates them less.

The readers keep what they read of repeated lines and phrases (postings of one company often
share paragraphs; these benchmark postings share all but two lines): "warm" is that steady
state, "cold" clears every such cache before each posting, i.e. text never seen before (the
cost of clearing is subtracted). A real crawl lies between the two.
"""

from __future__ import annotations

import argparse
import importlib
import pkgutil
import random
import sys
import time
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.boards import job  # noqa: E402
from monitor import extract  # noqa: E402
from monitor.config import parse_config  # noqa: E402
from monitor.extract.text import html_to_text, strip_relative_dates  # noqa: E402
from monitor.normalise import normalise  # noqa: E402
from spiders.greenhouse import GreenhouseSpider  # noqa: E402
from tests.extract_cases import OFFICE_CASES, PAY_CASES  # noqa: E402


def _text_caches() -> list[Callable[[], None]]:
    """cache_clear of every lru_cache in monitor.extract that holds text read, not tables built
    once (the compiled place-name patterns)."""
    import monitor.extract as package

    clears = []
    for info in pkgutil.iter_modules(package.__path__):
        module = importlib.import_module(f"{package.__name__}.{info.name}")
        for name, value in vars(module).items():
            if hasattr(value, "cache_clear") and name != "_names_of":
                clears.append(value.cache_clear)
    return clears


CLEARS: list[Callable[[], None]] = []


def _clear() -> None:
    for clear in CLEARS:
        clear()


def best_us(
    fn: Callable[[Any], object], items: Sequence[Any], rounds: int, *, cold: bool = False
) -> float:
    """The best of `rounds` passes of fn over items, in µs per item."""
    for item in items[:50]:  # warm caches and lazily built tables
        fn(item)
    best = float("inf")
    for _ in range(rounds):
        start = time.process_time()
        if cold:
            for item in items:
                _clear()
                fn(item)
        else:
            for item in items:
                fn(item)
        best = min(best, time.process_time() - start)
    if cold:
        clearing = min(_timed(_clear, len(items)) for _ in range(rounds))
        best -= clearing
    return best / len(items) * 1e6


def _timed(fn: Callable[[], object], times: int) -> float:
    start = time.process_time()
    for _ in range(times):
        fn()
    return time.process_time() - start


def _office_and_workplace(text: str) -> object:
    return extract.workplace_from_terms(text, extract.extract_office(text))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--postings", type=int, default=2000)
    parser.add_argument("--rounds", type=int, default=5)
    args = parser.parse_args(argv)

    cfg = parse_config({"sources": [{"name": "s", "kind": "greenhouse", "board": "b"}]})
    spider = GreenhouseSpider(sources=list(cfg.sources))
    state = spider.states["s"]
    rng = random.Random(1)
    postings = [spider.posting(state, job(rng, 1, i)) for i in range(args.postings)]
    texts = [strip_relative_dates(html_to_text(p.description)) for p in postings]
    offices = [extract.extract_office(t) for t in texts]
    pairs = list(zip(texts, offices, strict=True))

    CLEARS.extend(_text_caches())
    r = args.rounds
    steps: dict[str, tuple[Callable[[Any], object], Sequence[Any]]] = {
        "html_to_text": (lambda p: html_to_text(p.description), postings),
        "extract_pay": (extract.extract_pay, texts),
        "extract_office": (extract.extract_office, texts),
        "workplace_from_terms": (lambda t: extract.workplace_from_terms(*t), pairs),
        "normalise": (normalise, postings),
    }
    print(f"benchmark postings ({len(postings)}, µs per posting, best of {r}):")
    _table(steps, r)

    pay_cases = [(c.text, c.hint) for c in PAY_CASES]
    office_texts = [c.text for c in OFFICE_CASES]
    every_text = [text for text, _hint in pay_cases] + office_texts
    print(f"case table ({len(pay_cases)} pay, {len(office_texts)} office cases, µs per case):")
    _table(
        {
            "extract_pay": (lambda c: extract.extract_pay(c[0], currency_hint=c[1]), pay_cases),
            "extract_office": (extract.extract_office, office_texts),
            "office + workplace": (_office_and_workplace, every_text),
        },
        r,
    )
    return 0


def _table(steps: dict[str, tuple[Callable[[Any], object], Sequence[Any]]], rounds: int) -> None:
    print(f"  {'':<22}{'warm':>8}{'cold':>8}")
    warm, cold = {}, {}
    for name, (fn, items) in steps.items():
        warm[name] = best_us(fn, items, rounds)
        cold[name] = best_us(fn, items, rounds, cold=True)
        print(f"  {name:<22}{warm[name]:8.1f}{cold[name]:8.1f}")
    if "extract_pay" in warm and "extract_office" in warm:
        both = [table["extract_pay"] + table["extract_office"] for table in (warm, cold)]
        print(f"  {'pay + office':<22}{both[0]:8.1f}{both[1]:8.1f}")


if __name__ == "__main__":
    raise SystemExit(main())
