"""Load and validate the YAML config: sources, defaults, notify targets, durations."""

from __future__ import annotations

import functools
import logging
import os
import re
from datetime import timedelta
from pathlib import Path
from typing import Annotated, Any, Literal

import yaml
from pydantic import (
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    PrivateAttr,
    SecretStr,
    ValidationError,
    field_validator,
    model_validator,
)
from pydantic_core import ErrorDetails

from monitor import DEFAULT_USER_AGENT
from monitor.cron import cron_trigger  # read as cron reads it: 0 and 7 are Sunday
from monitor.errors import ConfigError
from monitor.kinds import BY_NAME, KINDS
from monitor.masking import mask_url

logger = logging.getLogger(__name__)

CHANGE_KINDS = (
    "new",
    "removed",
    "reopened",
    "pay_changed",
    "office_changed",
    "title_changed",
    "location_changed",
    "description_changed",
    "source_failing",
    "source_recovered",
    "source_suspect",
    "reposted",
    "pay_missing",
)
# opt-in kinds: a description edit is noisy; a pay-transparency gap is for those who track them
OPT_IN_KINDS = ("description_changed", "pay_missing")
DEFAULT_NOTIFY_ON = tuple(k for k in CHANGE_KINDS if k not in OPT_IN_KINDS)

_DURATION = re.compile(r"^\s*(\d+(?:\.\d+)?)\s*([smhd])\s*$")
_UNITS = {"s": 1, "m": 60, "h": 3600, "d": 86400}
_ENV = re.compile(r"\$\{([A-Za-z_][A-Za-z0-9_]*)\}")
LONGEST = timedelta(days=3650)  # past this, a duration is a typo, not a plan


def parse_duration(value: Any) -> timedelta:
    """`30s`, `5m`, `6h`, `1d` (also `0.5s`) to a timedelta; a number needs its unit."""
    if isinstance(value, timedelta):
        return value
    if isinstance(value, int | float) and not isinstance(value, bool):
        raise ValueError(f"{value!r} has no unit: write {value}s, {value}m, {value}h or {value}d")
    match = _DURATION.match(str(value))
    if not match or isinstance(value, bool):
        raise ValueError(f"{value!r} is not a duration like 30s, 5m, 6h or 1d")
    seconds = float(match.group(1)) * _UNITS[match.group(2)]
    if seconds > LONGEST.total_seconds():
        raise ValueError(f"{value!r} is longer than {LONGEST.days} days")
    return timedelta(seconds=seconds)


def format_duration(delta: timedelta) -> str:
    """The shortest `Nd`/`Nh`/`Nm`/`Ns` spelling of a duration."""
    if delta.total_seconds() != int(delta.total_seconds()):
        return f"{delta.total_seconds():g}s"
    seconds = int(delta.total_seconds())
    for unit in ("d", "h", "m"):
        if seconds and seconds % _UNITS[unit] == 0:
            return f"{seconds // _UNITS[unit]}{unit}"
    return f"{seconds}s"


def _check_cron(value: Any) -> str | None:
    if value is None:
        return None
    try:
        cron_trigger(str(value), "UTC")
    except ValueError as exc:
        raise ValueError(f"{value!r} is not a valid cron expression: {exc}") from None
    return str(value)


@functools.cache
def filter_regex(pattern: str) -> Any:
    """A filter's regex, case-insensitive, compiled by RE2: matching takes time linear in the
    text, so no pattern (`(a+)+$`, say) can hang a crawl on a board's title."""
    import re2

    options = re2.Options()
    options.case_sensitive = False
    options.log_errors = False  # the error is ours to report, not RE2's to print
    return re2.compile(pattern, options)


def check_regex(value: Any) -> str:
    """A regex as filters take it: valid, and one RE2 matches in bounded time (else a
    ValueError saying why)."""
    text = str(value)
    try:
        re.compile(text)
    except re.error as exc:
        raise ValueError(f"{value!r} is not a valid regular expression: {exc}") from None
    try:
        filter_regex(text)
    except Exception as exc:  # re2.error: what RE2 cannot match in bounded time
        why = exc.args[0].decode() if exc.args and isinstance(exc.args[0], bytes) else exc
        raise ValueError(
            f"{value!r} cannot be matched in bounded time ({why}): rolewatch matches filters "
            "with RE2, which has no backreferences or lookaround"
        ) from None
    return text


Duration = Annotated[timedelta, BeforeValidator(parse_duration)]
Cron = Annotated[str | None, BeforeValidator(_check_cron)]
Regex = Annotated[str, BeforeValidator(check_regex)]
FilterField = Literal["title", "location", "department", "description"]


class _Strict(BaseModel):
    # Each field's docstring is its meaning in the config reference, docs/config.md, which
    # monitor/configdoc.py writes from this module (pydantic's use_attribute_docstrings would
    # read them on every start: 15 ms).
    model_config = ConfigDict(extra="forbid", frozen=True)


class SourceSettings(_Strict):
    """Settings that a source may take, each with a default that `defaults:` can override."""

    every: Duration | None = None
    """How often `rolewatch run` checks the source (`30m`, `6h`, `1d`); 6h when neither
    `every` nor `cron` is given. More than zero; under 1m is allowed with a warning."""
    cron: Cron = None
    """Instead of `every`: a crontab schedule (`0 9 * * 1-5`), read in `timezone`."""
    timezone: str = "UTC"
    """The time zone `cron` is read in (an IANA name such as `Europe/Berlin`)."""
    removal_grace: int = Field(default=2, ge=1)
    """Complete listings a posting must be missing from before it counts as removed."""
    employees: int | None = Field(default=None, gt=0, strict=True)
    """The employer's head count (a positive whole number), for the pay-transparency rules
    that cover employers of some size only: without it such a rule's gap is
    `likely_required`; with it, `missing` (or `incomplete`) or `not_required`."""
    refresh_details: Duration = timedelta(days=1)
    """Boards read in two steps (a listing, then each posting's page: workday,
    smartrecruiters, icims, oracle, bamboohr, rippling, personio without its feed, jsonld,
    page): how often an unchanged posting's page is read again (`0s`: every cycle)."""
    render: bool = False
    """Load the pages in headless Chromium (Debian's `chromium`), for boards that show their
    postings only after JavaScript has run."""
    wait_for: str | None = None
    """With `render`: a CSS selector the listing page must show before it is read (within
    `page_timeout`)."""
    posting_wait_for: str | None = None
    """With `render`: a CSS selector each posting's page must hold (shown or not) before it
    is read. Default: a `page` source's `fields: title` selector; otherwise none (the page's
    load). For a `jsonld` site that adds its JSON-LD by script:
    `script[type="application/ld+json"]`."""
    timeout: Duration = timedelta(minutes=10)
    """The longest a whole crawl of the source may take, in `check` as in `run`."""
    page_timeout: Duration = timedelta(seconds=30)
    """The longest one request may take (with `render`, each page's wait too)."""
    tags: tuple[str, ...] = ()
    """Labels that route the source's alerts to the notify targets sharing one."""
    include: dict[FilterField, Regex] = Field(default_factory=dict)
    """Regexes per field (`title`, `location`, `department`, `description`), matched
    case-insensitively by RE2: a posting is kept only when each one matches."""
    exclude: dict[FilterField, Regex] = Field(default_factory=dict)
    """Regexes per field, as `include`: a posting any of them matches is left out."""

    @field_validator("every")
    @classmethod
    def _every(cls, value: timedelta | None) -> timedelta | None:
        if value is not None and value <= timedelta(0):
            raise ValueError("must be more than zero (leave it out for the 6h default)")
        return value

    @field_validator("timezone")
    @classmethod
    def _timezone(cls, value: str) -> str:
        from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

        try:
            ZoneInfo(value)
        except (ZoneInfoNotFoundError, ValueError):
            raise ValueError(f"{value!r} is not a known time zone") from None
        return value


class Source(SourceSettings):
    """One board to watch."""

    name: str = Field(pattern=r"^[A-Za-z0-9][A-Za-z0-9_.-]*$", max_length=100)
    """Letters, digits, `.`, `_` and `-`, unique: the prefix of its postings' keys."""
    kind: Literal[KINDS]  # type: ignore[valid-type]
    """The kind of board: one of those under "Board kinds"."""
    board: str | None = None
    """The board's own token or company slug, as its careers URL shows it (`rolewatch detect
    URL` reads it); each kind's form is under "Board kinds"."""
    url: str | None = None
    """The careers page, for `jsonld` and `page`; for the other kinds the listing endpoint,
    when it is not the one made from `board` (a mirror, another host): the API address, not
    the board's web page. When given, it is what is read."""
    links: str | None = None
    """`jsonld` and `page`: a CSS selector of the posting links on the listing page (default:
    every link on the same host). The listing page itself is read too."""
    fields: dict[str, str] = Field(default_factory=dict)
    """`page`: a CSS selector per field (`title`, `description`, `location`, ...); a page's
    JobPosting JSON-LD is used first where it has one."""

    @model_validator(mode="after")
    def _needs_location(self) -> Source:
        if self.kind in ("jsonld", "page") and not self.url:
            raise ValueError(f"a {self.kind} source needs `url:` (its careers page)")
        if not BY_NAME[self.kind].needs_url and not (self.board or self.url):
            raise ValueError(f"a {self.kind} source needs `board:` (or `url:`)")
        if (
            self.kind == "workday"
            and self.board
            and not re.match(r"^[\w-]+\.wd\d+/[\w-]+$", self.board)
        ):
            raise ValueError(
                f"workday board {self.board!r} should look like tenant.wdN/site, "
                "e.g. acme.wd5/External"
            )
        if self.kind == "successfactors" and not self.url:
            raise ValueError(
                "a successfactors source needs `url:`, the career site's job feed "
                "(e.g. https://jobs.acme.com/googlefeed.xml)"
            )
        if self.kind == "oracle" and self.board and not re.match(r"^[\w.-]+/[\w-]+$", self.board):
            raise ValueError(
                f"oracle board {self.board!r} should look like host/siteNumber, "
                "e.g. eeho.fa.us2.oraclecloud.com/CX_1"
            )
        if self.url and not re.match(r"^https?://", self.url):
            raise ValueError(f"url {mask_url(self.url)!r} must start with http:// or https://")
        if self.every is not None and self.cron is not None:
            raise ValueError("give either `every:` or `cron:`, not both")
        return self

    def posting_wait(self) -> str | None:
        """The selector a rendered posting page must hold before it is read: its own
        `posting_wait_for`, else (a `page` source) its `fields: title` selector."""
        return self.posting_wait_for or (self.fields.get("title") if self.kind == "page" else None)

    def matches(self, fields: dict[str, str]) -> bool:
        """Whether a posting passes this source's include/exclude filters (those of the
        fields given: a title alone says whether the title filters drop a posting)."""
        for name, pattern in self.include.items():
            if name in fields and not filter_regex(pattern).search(fields[name] or ""):
                return False
        return not any(
            name in fields and filter_regex(pattern).search(fields[name] or "")
            for name, pattern in self.exclude.items()
        )


class NotifyTarget(_Strict):
    """One Apprise target (inline URL or Apprise config file) and what it is told."""

    url: str | None = None
    """An Apprise URL (`mailto://…`, `slack://…`, `json://…`: any of its 100+ services);
    `${VAR}` is read from the environment. A URL Apprise cannot read is a config error."""
    config: str | None = None
    """Instead of `url`: an Apprise config file (YAML or TEXT) of one or more services,
    relative to this config's folder."""
    on: tuple[Literal[CHANGE_KINDS], ...] = DEFAULT_NOTIFY_ON  # type: ignore[valid-type]
    """The change kinds to tell (every kind but `description_changed` and `pay_missing` by
    default); a new source's baseline line comes with `new`."""
    tags: tuple[str, ...] = ()
    """Only sources sharing one of these tags (every source when empty)."""
    format: Literal["text", "markdown", "html"] = "text"
    """The message format: `text`, `markdown` or `html`."""
    name: str | None = None
    """What `notify status` calls the target, instead of its URL (also its identity: its
    pending alerts stay with it when the URL changes)."""
    # how long a service may take to answer: Apprise's own 4 s gives up on slow ones that then
    # deliver, and each retry sends the same alert again
    timeout: Duration = timedelta(seconds=30)
    """How long each of its services may take to answer (1s to 10m)."""
    # set only on the stand-ins a Scrapyd job routes alerts with: the target's id, no URL
    _ident: str | None = PrivateAttr(default=None)

    @field_validator("timeout")
    @classmethod
    def _positive(cls, value: timedelta) -> timedelta:
        if not timedelta(seconds=1) <= value <= timedelta(minutes=10):
            raise ValueError(f"{format_duration(value)} is not between 1s and 10m")
        return value

    @model_validator(mode="after")
    def _one_of(self) -> NotifyTarget:
        if bool(self.url) == bool(self.config):
            raise ValueError("give exactly one of `url:` (an Apprise URL) or `config:` (a file)")
        return self


class RetentionSettings(_Strict):
    """How much history `db prune` (daily in the daemon) keeps."""

    keep_snapshots: int | None = Field(default=None, ge=1)
    """Versions kept per posting, the newest (a posting's latest is always kept); every
    version when neither this nor `keep_days` is set."""
    keep_days: int | None = Field(default=None, ge=1)
    """Days of versions kept (either rule keeps a version); delivered alerts and run
    records older than this go too (after 90 days when unset)."""


class WebSettings(_Strict):
    """The web app's settings: the token it asks for when it listens beyond this machine."""

    token: SecretStr | None = None
    """The token the web app asks for when it listens beyond 127.0.0.1 (16 characters at
    least, e.g. `${ROLEWATCH_TOKEN}`), sent as `Authorization: Bearer` or `?token=`."""

    @field_validator("token")
    @classmethod
    def _long_enough(cls, value: SecretStr | None) -> SecretStr | None:
        if value is not None and len(value.get_secret_value().strip()) < 16:
            raise ValueError("too short: use at least 16 characters (`openssl rand -hex 32`)")
        return value

    def secret(self) -> str | None:
        """The token itself, for comparing; never to print."""
        return self.token.get_secret_value() if self.token is not None else None


class ExecutorSettings(_Strict):
    """Where the daemon's crawls run: here, or on Scrapyd nodes."""

    kind: Literal["local", "scrapyd"] = "local"
    """`local`: a `check` process on this machine per batch; `scrapyd`: each batch is sent as
    Scrapyd jobs to `nodes` (the project deployed there with `rolewatch deploy`), which store
    into the same PostgreSQL database."""
    nodes: tuple[str, ...] = ()
    """The Scrapyd nodes' URLs (`http://node1:6800`; `http://user:pass@node:6800` for a node
    behind basic auth); needed with `kind: scrapyd`."""

    @field_validator("nodes")
    @classmethod
    def _urls(cls, value: tuple[str, ...]) -> tuple[str, ...]:
        from urllib.parse import urlsplit

        for index, url in enumerate(value):
            parts = urlsplit(url)
            if parts.scheme not in ("http", "https") or not parts.hostname:
                shown = mask_url(url)
                raise ValueError(f"[{index}] {shown!r} is not an http:// or https:// URL")
            try:
                parts.port  # noqa: B018 (reading it validates it)
            except ValueError:
                raise ValueError(f"[{index}] {mask_url(url)!r} has a bad port") from None
        if len(set(value)) != len(value):
            raise ValueError("the same node is given twice")
        return value

    @model_validator(mode="after")
    def _nodes_for_scrapyd(self) -> ExecutorSettings:
        if self.kind == "scrapyd" and not self.nodes:
            raise ValueError("`kind: scrapyd` needs `nodes:` (the Scrapyd URLs)")
        if self.kind == "local" and self.nodes:
            raise ValueError("`nodes:` is only for `kind: scrapyd`")
        return self


_SECTIONS = ("defaults", "retention", "web", "executor")
_EMPTY = (*_SECTIONS, "notify", "sources")

SHARED_DATABASE = ("postgresql",)  # what Scrapyd nodes and the daemon can all write to


class Config(_Strict):
    """The whole config file."""

    database: str | None = None
    """Where history is kept: any SQLAlchemy URL (`sqlite:///rolewatch.db`,
    `postgresql+psycopg://user@host/db`). Default: a SQLite file in your user data folder;
    `--db` and `$ROLEWATCH_DB` come before it."""
    user_agent: str = DEFAULT_USER_AGENT
    """How rolewatch names itself to the boards it reads."""
    obey_robots: bool = True
    """Honour each site's robots.txt (a listing page it forbids makes the listing partial)."""
    concurrency: int = Field(default=64, ge=1, le=1024)
    """Requests in flight at once, over every board (1 to 1024); with several shards, each
    shard gets its share."""
    per_host: int = Field(default=8, ge=1, le=256)
    """Requests in flight to one host at most (1 to 256); the crawl paces each host by its
    response times."""
    shards: int | None = Field(default=None, ge=1, le=256)
    """Parallel crawl processes (1 to 256). Default: one per core, for a cycle over 50 sources
    or more (fewer are crawled by one process: forking costs more than it saves), except on
    SQLite in a cycle that takes a baseline (its one writer makes shards wait). A host's
    sources stay in one shard; a host that alone holds more than a shard's share (all
    Greenhouse boards share one) is cut into up to `per_host` parts in as many shards, which
    share its `per_host` out, so `per_host` holds whatever the count. 1 crawls in the `check`
    process itself."""
    defaults: SourceSettings = SourceSettings()
    """Any source setting, as the default of every source."""
    notify: tuple[NotifyTarget, ...] = ()
    """Where alerts go: a list of targets (below). None: changes are recorded, not sent."""
    retention: RetentionSettings = RetentionSettings()
    """How much history to keep (below)."""
    sources: tuple[Source, ...] = ()
    """The boards to watch (below)."""
    web: WebSettings = WebSettings()
    """The web app's settings (below)."""
    executor: ExecutorSettings = ExecutorSettings()
    """Where the daemon's crawls run (below): `local` processes, or Scrapyd nodes."""
    path: Path | None = Field(default=None, exclude=True)

    @model_validator(mode="before")
    @classmethod
    def _apply_defaults(cls, data: Any) -> Any:
        if not isinstance(data, dict):
            return data
        # a section whose every entry is commented out is empty, not an error
        data = {
            key: ({} if key in _SECTIONS else []) if value is None and key in _EMPTY else value
            for key, value in data.items()
        }
        defaults = data.get("defaults") or {}
        sources = data.get("sources")
        if isinstance(defaults, dict) and isinstance(sources, list):
            try:
                SourceSettings.model_validate(defaults)
            except ValidationError:
                return data  # reported once, under `defaults.`, not again for every source
            data["sources"] = [{**defaults, **s} if isinstance(s, dict) else s for s in sources]
        return data

    @model_validator(mode="after")
    def _unique_names(self) -> Config:
        seen: set[str] = set()
        for index, source in enumerate(self.sources):
            if source.name in seen:
                raise ValueError(f"sources[{index}].name: duplicate source name {source.name!r}")
            seen.add(source.name)
        # a target's identity keeps its pending alerts: two targets must never share one
        targets: set[str] = set()
        for index, target in enumerate(self.notify):
            ident = target.name or target.url or f"config:{target.config}"
            if ident in targets:
                what = "name" if target.name else "url" if target.url else "config"
                raise ValueError(f"notify[{index}].{what}: the same target is given twice")
            targets.add(ident)
        if self.executor.kind == "scrapyd" and self.database is not None:
            check_shared(self.database)
        return self

    def select(self, names: list[str] | tuple[str, ...] | None) -> list[Source]:
        """The sources named (all when none are), refusing unknown names."""
        if not names:
            return list(self.sources)
        by_name = {s.name: s for s in self.sources}
        unknown = [n for n in names if n not in by_name]
        if unknown:
            known = ", ".join(by_name) or "none"
            raise ConfigError(f"unknown source {', '.join(map(repr, unknown))} (known: {known})")
        return [by_name[n] for n in dict.fromkeys(names)]


class _Loader(getattr(yaml, "CSafeLoader", yaml.SafeLoader)):  # type: ignore[misc]
    """YAML 1.2 booleans: only true/false. YAML 1.1 reads `on:` (a notify key) as True.

    libyaml's parser where PyYAML has it: a config of 1,000 sources parses 10x faster.
    """


_Loader.yaml_implicit_resolvers = {
    first: [(tag, regexp) for tag, regexp in resolvers if tag != "tag:yaml.org,2002:bool"]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}
_Loader.add_implicit_resolver(
    "tag:yaml.org,2002:bool",
    re.compile(r"^(?:true|True|TRUE|false|False|FALSE)$"),
    list("tTfF"),
)


# Values a config may expand to, aliases followed: 10,000 sources of 50 values fit well inside;
# a "billion laughs" document (aliases of aliases) is refused before anything walks it.
EXPANDED_MAX = 2_000_000


def load_yaml(text: str) -> Any:
    """Parse YAML with 1.2 booleans, so `on`, `yes` and `no` stay strings.

    Raises ConfigError when aliases make the document expand past EXPANDED_MAX values (or
    refer to themselves): PyYAML shares aliased values, but each use of the result copies
    them.
    """
    data = yaml.load(text, Loader=_Loader)  # noqa: S506 - a SafeLoader subclass
    if expanded_size(data) > EXPANDED_MAX:
        raise ConfigError(
            f"its aliases expand to more than {EXPANDED_MAX:,} values (a YAML alias bomb?)"
        )
    return data


def expanded_size(data: Any) -> int:
    """How many values `data` holds once every shared (aliased) part is counted each time it
    is used; each distinct container is walked once."""
    sizes: dict[int, int] = {}
    pending: set[int] = set()

    def size(value: Any) -> int:
        if not isinstance(value, dict | list):
            return 1
        ident = id(value)
        if ident in sizes:
            return sizes[ident]
        if ident in pending:
            raise ConfigError("an alias refers to the value that holds it")
        pending.add(ident)
        children = [*value.keys(), *value.values()] if isinstance(value, dict) else value
        total = 1
        for child in children:
            total += size(child)
            if total > EXPANDED_MAX:
                break
        pending.discard(ident)
        sizes[ident] = total
        return total

    return size(data)


def expand_env(value: Any, path: str = "") -> Any:
    """Replace `${VAR}` in every string with the environment's value; a missing one is an error."""
    if isinstance(value, str):

        def sub(match: re.Match[str]) -> str:
            name = match.group(1)
            if name not in os.environ:
                where = f"{path}: " if path else ""
                raise ConfigError(f"{where}environment variable ${{{name}}} is not set")
            return os.environ[name]

        return _ENV.sub(sub, value)
    if isinstance(value, list):
        return [expand_env(v, f"{path}[{i}]") for i, v in enumerate(value)]
    if isinstance(value, dict):
        return {k: expand_env(v, f"{path}.{k}" if path else str(k)) for k, v in value.items()}
    return value


def _key_problem(error: ErrorDetails) -> tuple[list[Any], Any] | None:
    """(where, key) when the error is a key that is not text (`2024:`, `1:`), else None."""
    loc = list(error["loc"])
    if error["type"] == "invalid_key" and loc:
        return loc[:-1], loc[-1]
    if error["type"] == "string_type" and loc and loc[-1] == "[key]":
        return loc[:-2], error["input"]
    return None


def _describe(error: ErrorDetails, data: Any) -> str:
    if (bad := _key_problem(error)) is not None:
        where, key = bad
        path = _path(where)
        what = type(key).__name__.replace("NoneType", "null").replace("int", "number")
        message = (
            f"the key {key!r} is a {what}, not a name: a setting is a word (`every:`), and "
            f"text that YAML reads as a {what} needs quotes ('{key}':); check the indentation too"
        )
        return f"{path}: {message}" if path else message
    loc = list(error["loc"])
    path = _path(loc)
    kind = error["type"]
    message = error["msg"]
    if kind == "literal_error":
        allowed = ", ".join(str(v).strip("'") for v in error["ctx"]["expected"].split(" or "))
        allowed = allowed.replace(", '", ", ").replace("'", "")
        message = f"{error['input']!r} is not one of {allowed}"
    elif kind == "extra_forbidden":
        message = "unknown setting (check its spelling)"
    elif kind == "missing":
        message = "is required"
    elif kind in ("value_error", "assertion_error"):
        message = message.removeprefix("Value error, ").removeprefix("Assertion failed, ")
        if message.startswith(("sources[", "notify[")) and ":" in message:
            return message  # already carries its own path
    elif kind == "string_pattern_mismatch" and loc and loc[-1] == "name":
        message = (
            f"{error['input']!r} is not a valid name (letters, digits, '.', '_' and '-', "
            "starting with a letter or digit)"
        )
    return f"{path}: {message}" if path else message


def _path(loc: list[Any]) -> str:
    """`sources[2].include.title` from pydantic's location of an error."""
    # pydantic puts the Literal/union branch names in loc; they mean nothing to a user
    loc = [p for p in loc if not (isinstance(p, str) and ("[" in p or p.startswith("function-")))]
    path = ""
    for part in loc:
        path += f"[{part}]" if isinstance(part, int) else (f".{part}" if path else str(part))
    return path


def parse_config(data: Any, path: Path | None = None) -> Config:
    """Validate an already-loaded YAML document."""
    if data is None:
        data = {}
    if not isinstance(data, dict):
        raise ConfigError(f"{path or 'config'}: the top level must be a mapping of settings")
    data = expand_env(data)
    try:
        config = Config.model_validate(data)
    except ValidationError as exc:
        problems = [_describe(e, data) for e in exc.errors()]
        where = f"{path}: " if path else ""
        lines = "\n  ".join(dict.fromkeys(problems))
        raise ConfigError(f"{where}invalid config:\n  {lines}") from None
    for index, source in enumerate(config.sources):
        if source.url and source.kind not in ("jsonld", "page"):
            # imported only here: reading URLs (monitor.detect) costs 17 ms a config load
            from monitor.boards import disagreement

            if why := disagreement(source.kind, source.board, source.url):
                logger.warning("sources[%d] (%s): %s", index, source.name, why)
        if source.every is not None and source.every < timedelta(minutes=1):
            per_hour = 3600 / source.every.total_seconds()
            logger.warning(
                "sources[%d] (%s): every %s asks the board %d times an hour; real boards "
                "answer that with 429s or a ban",
                index, source.name, format_duration(source.every), per_hour,
            )  # fmt: skip
    return config.model_copy(update={"path": path})


def check_shared(url: str) -> None:
    """Refuse a database the Scrapyd nodes cannot share with the daemon (ValueError)."""
    if url.split(":", 1)[0].split("+", 1)[0] not in SHARED_DATABASE:
        raise ValueError(
            f"executor: `kind: scrapyd` needs a PostgreSQL database the nodes share with the "
            f"daemon, not {mask_url(url).split(':', 1)[0]} ({mask_url(url)}): a SQLite file "
            "cannot be written from other machines"
        )


def config_path(explicit: str | os.PathLike[str] | None) -> Path:
    """`--config`, else `$ROLEWATCH_CONFIG`, else `./rolewatch.yaml`."""
    return Path(explicit or os.environ.get("ROLEWATCH_CONFIG") or "rolewatch.yaml")


def load_config(explicit: str | os.PathLike[str] | None = None) -> Config:
    """Read, expand and validate the config file."""
    path = config_path(explicit)
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise ConfigError(
            f"{path}: no such config file (write one with `rolewatch init {path}`)"
        ) from None
    except OSError as exc:
        raise ConfigError(f"{path}: cannot read: {exc.strerror}") from None
    try:
        data = load_yaml(text)
    except ConfigError as exc:
        raise ConfigError(f"{path}: {exc}") from None
    except RecursionError:
        raise ConfigError(f"{path}: nested too deeply to be a config") from None
    except yaml.YAMLError as exc:
        # an unclosed bracket or quote is reported at the end of the file; where it was
        # opened (the context) is the line a user needs
        mark = getattr(exc, "context_mark", None) or getattr(exc, "problem_mark", None)
        where = f"line {mark.line + 1}, column {mark.column + 1}: " if mark else ""
        problem = getattr(exc, "problem", None) or str(exc)
        context = getattr(exc, "context", None)
        detail = f"{problem} ({context})" if context else problem
        if "unhashable key" in problem:
            detail += ": a key must be a name, not a list or mapping (a stray `?`, `[` or `{`?)"
        raise ConfigError(f"{path}: broken YAML at {where}{detail}") from None
    return parse_config(data, path)
