"""Which board a careers URL belongs to, as a ready source entry for the config.

`detect(url)` reads the URL alone; `inspect_url(url)` also fetches a page on an unknown host
and looks for an embedded board (Greenhouse embed, Lever, Ashby, Workday links or scripts) or
JobPosting JSON-LD, and says what it fetched and found. `format_entry(entry)` renders an entry
as a YAML snippet for `sources:`.
"""

from __future__ import annotations

import json
import logging
import re
import urllib.error
import urllib.request
from dataclasses import dataclass
from typing import Any
from urllib.parse import parse_qs, urljoin, urlsplit

import yaml

from monitor import DEFAULT_USER_AGENT
from monitor.kinds import BY_NAME

logger = logging.getLogger(__name__)

_LOCALE = re.compile(r"^[a-z]{2}(-[A-Za-z]{2,4})?$")
_NAME = re.compile(r"[^a-z0-9_.-]+")
_NOT_SITES = {"job", "jobs", "details", "wday", "login", "apply"}


def _name(token: str) -> str:
    """A source name from a board token: lower case, safe characters."""
    name = _NAME.sub("-", token.lower()).strip("-._")
    return name or "careers"


def _entry(kind: str, board: str, name: str | None = None, **extra: Any) -> dict[str, Any]:
    return {"name": _name(name or board), "kind": kind, "board": board, **extra}


def detect(url: str) -> dict[str, Any] | None:
    """The source entry a careers or posting URL implies, from the URL alone.

    Known boards give their kind and token; any other http(s) URL gives a `jsonld` source
    on that page. None when the text is not an http(s) URL.
    """
    text = url.strip()
    if not re.match(r"^https?://", text, re.IGNORECASE):
        if re.match(r"^[\w.-]+\.[a-z]{2,}(/|$)", text, re.IGNORECASE):
            text = "https://" + text
        else:
            return None
    parts = urlsplit(text)
    host = (parts.hostname or "").lower()
    segments = [s for s in parts.path.split("/") if s]
    query = parse_qs(parts.query)
    found = _known_board(host, segments, query)
    if found:
        return found
    if not host:
        return None
    label = host.removeprefix("www.").split(".")[0]
    return {"name": _name(label), "kind": "jsonld", "url": text}


def _known_board(host: str, segments: list[str], query: dict[str, list[str]]) -> dict | None:
    first = segments[0] if segments else None
    if host in ("boards.greenhouse.io", "job-boards.greenhouse.io", "boards.eu.greenhouse.io",
                "job-boards.eu.greenhouse.io"):  # fmt: skip
        if first in ("embed", None) and query.get("for"):
            return _entry("greenhouse", query["for"][0])
        if first and first != "embed":
            return _entry("greenhouse", first)
    if host == "boards-api.greenhouse.io" and len(segments) >= 3 and segments[1] == "boards":
        return _entry("greenhouse", segments[2])
    if host in ("jobs.lever.co", "jobs.eu.lever.co") and first:
        return _entry("lever", first)
    if host in ("api.lever.co", "api.eu.lever.co") and len(segments) >= 3:
        return _entry("lever", segments[2])
    if host == "jobs.ashbyhq.com" and first:
        return _entry("ashby", first)
    if host == "api.ashbyhq.com" and len(segments) >= 3 and segments[0] == "posting-api":
        return _entry("ashby", segments[2])
    if host.endswith(".myworkdayjobs.com"):
        return _workday(host, segments)
    if host.endswith(".myworkdaysite.com") and "recruiting" in segments:
        at = segments.index("recruiting")
        if len(segments) > at + 2:
            tenant, site = segments[at + 1], segments[at + 2]
            url = f"https://{host}/recruiting/{tenant}/{site}"
            return {"name": _name(tenant), "kind": "workday", "url": url}
    if host in ("jobs.smartrecruiters.com", "careers.smartrecruiters.com") and first:
        return _entry("smartrecruiters", first)
    if host == "api.smartrecruiters.com" and len(segments) >= 3 and segments[1] == "companies":
        return _entry("smartrecruiters", segments[2])
    if host == "apply.workable.com" and first:
        if first == "api" and "accounts" in segments:
            account = segments[segments.index("accounts") + 1 :][:1]
            return _entry("workable", account[0]) if account else None
        if first != "j":
            return _entry("workable", first)
    if host.endswith(".workable.com") and host not in ("www.workable.com", "apply.workable.com"):
        return _entry("workable", host.split(".")[0])
    if host.endswith(".recruitee.com") and host.split(".")[0] not in ("www", "api", "app"):
        return _entry("recruitee", host.split(".")[0])
    return _more_boards(host, segments, query)


# subdomain boards: host suffix -> (kind, labels that are the vendor's own sites, not boards)
_SUBDOMAIN_BOARDS = {
    ".icims.com": ("icims", {"www", "api", "app", "help", "support", "community", "login"}),
    ".bamboohr.com": ("bamboohr", {"www", "api", "app", "help", "static", "partners"}),
    ".jobs.personio.de": ("personio", set()),
    ".teamtailor.com": ("teamtailor", {"www", "app", "api", "support", "docs", "status"}),
    ".breezy.hr": ("breezy", {"www", "app", "api", "help", "blog", "developer"}),
    ".pinpointhq.com": ("pinpoint", {"www", "app", "api", "help", "developers", "status"}),
}
_ORACLE_HOST = re.compile(r"^[a-z0-9-]+(?:\.[a-z0-9-]+)*\.fa(?:\.[a-z0-9]+)?\.oraclecloud\.com$")
_SF_HOSTS = (".jobs.hr.cloud.sap", ".jobs2web.com")
_GENERIC_LABELS = {"www", "jobs", "careers", "career", "job", "talent", "join"}


def _successfactors(host: str) -> dict[str, Any]:
    """A SuccessFactors career site's entry: its Career Site Builder feed, named for the employer
    (`jobs.acme.com` -> acme)."""
    labels = [label for label in host.split(".")[:-1] if label not in _GENERIC_LABELS]
    return {"name": _name(labels[0] if labels else host), "kind": "successfactors",
            "board": host, "url": f"https://{host}/googlefeed.xml"}  # fmt: skip


def _more_boards(host: str, segments: list[str], query: dict[str, list[str]]) -> dict | None:
    """The boards of issue 17: iCIMS, Oracle, BambooHR, Personio, Teamtailor, SuccessFactors,
    Rippling, Breezy, Pinpoint."""
    for suffix, (kind, reserved) in _SUBDOMAIN_BOARDS.items():
        if not host.endswith(suffix):
            continue
        labels = host.removesuffix(suffix).split(".")
        if labels[0] in reserved:
            return None
        if len(labels) == 1:
            return _entry(kind, labels[0])
        if kind == "teamtailor" and len(labels) == 2:  # a regional host: acme.na.teamtailor.com
            return {"name": _name(labels[0]), "kind": kind, "url": f"https://{host}/jobs.rss"}
        return None
    if host.endswith(".jobs.personio.com"):
        label = host.removesuffix(".jobs.personio.com")
        if "." not in label:
            return {"name": _name(label), "kind": "personio", "url": f"https://{host}/xml"}
    if _ORACLE_HOST.match(host):
        site = None
        if "sites" in segments and segments.index("sites") + 1 < len(segments):
            site = segments[segments.index("sites") + 1]
        for finder in query.get("finder", []):
            if found := re.search(r"siteNumber=([\w-]+)", finder):
                site = found.group(1)
        if site:
            return _entry("oracle", f"{host}/{site}", host.split(".")[0])
        return None
    if host.endswith(_SF_HOSTS):
        return _successfactors(host)
    if host == "ats.rippling.com":
        rest = segments[1:] if segments and _LOCALE.match(segments[0]) else segments
        if rest and rest[0] not in ("api", "jobs"):
            return _entry("rippling", rest[0])
    if host == "api.rippling.com" and "board" in segments:
        slug = segments[segments.index("board") + 1 :][:1]
        return _entry("rippling", slug[0]) if slug else None
    return None


def _workday(host: str, segments: list[str]) -> dict[str, Any] | None:
    labels = host.split(".")
    if len(labels) < 4 or not re.match(r"^wd\d+$", labels[1]):
        return None
    tenant, wd = labels[0], labels[1]
    if segments[:2] == ["wday", "cxs"] and len(segments) >= 4:
        return _entry("workday", f"{tenant}.{wd}/{segments[3]}", tenant)
    rest = segments[1:] if segments and _LOCALE.match(segments[0]) else segments
    if not rest or rest[0].lower() in _NOT_SITES:
        return None
    return _entry("workday", f"{tenant}.{wd}/{rest[0]}", tenant)


# -- by fetching the page -----------------------------------------------------------------------

_EMBEDS = [
    re.compile(r"boards(?:\.eu)?\.greenhouse\.io/embed/job_board(?:/js)?\?for=([\w-]+)"),
    re.compile(r"(?:job-)?boards(?:\.eu)?\.greenhouse\.io/(?!embed)([\w-]+)"),
    re.compile(r"boards-api\.greenhouse\.io/v1/boards/([\w-]+)"),
    re.compile(r"jobs(?:\.eu)?\.lever\.co/([\w.-]+)"),
    re.compile(r"api(?:\.eu)?\.lever\.co/v0/postings/([\w.-]+)"),
    re.compile(r"jobs\.ashbyhq\.com/([\w.%-]+)"),
    re.compile(r"api\.ashbyhq\.com/posting-api/job-board/([\w.%-]+)"),
    re.compile(r"[\w-]+\.wd\d+\.myworkdayjobs\.com/[\w/-]+"),
    re.compile(r"jobs\.smartrecruiters\.com/([\w-]+)"),
    re.compile(r"apply\.workable\.com/([\w-]+)"),
    re.compile(r"[\w-]+\.recruitee\.com"),
    re.compile(r"[\w-]+\.icims\.com/jobs"),
    re.compile(r"[\w.-]+\.oraclecloud\.com/hcmUI/CandidateExperience/[\w-]+/sites/[\w-]+"),
    re.compile(r"[\w-]+\.bamboohr\.com"),
    re.compile(r"[\w-]+\.jobs\.personio\.(?:de|com)"),
    re.compile(r"[\w-]+(?:\.na)?\.teamtailor\.com"),
    re.compile(r"[\w-]+\.(?:jobs\.hr\.cloud\.sap|jobs2web\.com)"),
    re.compile(r"ats\.rippling\.com/[\w-]+"),
    re.compile(r"[\w-]+\.breezy\.hr"),
    re.compile(r"[\w-]+\.pinpointhq\.com"),
]
# A SuccessFactors Career Site Builder page on the employer's own host (its assets, its links)
_SF_PAGE = re.compile(r"rmkcdn\.successfactors\.com|\bjobTitle-link\b|\bj2w\.", re.IGNORECASE)
_IGNORED_TOKENS = {"embed", "js", "v0", "v1", "api", "static", "assets", "j", "jobs"}


def detect_in_html(text: str, base_url: str) -> dict[str, Any] | None:
    """A board embedded or linked in a page's HTML, else its JobPosting JSON-LD."""
    for pattern in _EMBEDS:
        for match in pattern.finditer(text):
            if match.lastindex and match.group(1).lower() in _IGNORED_TOKENS:
                continue
            found = detect("https://" + match.group(0))
            if found and found["kind"] != "jsonld":
                return found
    host = urlsplit(base_url).hostname
    if host and _SF_PAGE.search(text):
        return _successfactors(host)
    if _has_job_posting(text):
        return detect(base_url)
    return None


def _has_job_posting(text: str) -> bool:
    blocks = re.findall(
        r"<script[^>]+ld\+json[^>]*>(.*?)</script>", text, re.IGNORECASE | re.DOTALL
    )
    for block in blocks:
        try:
            data = json.loads(block, strict=False)
        except ValueError:
            if "JobPosting" in block:
                return True
            continue
        if "JobPosting" in json.dumps(data):
            return True
    return False


@dataclass
class Detection:
    """What `inspect_url` did and found: the entry when a board was detected, else why not."""

    entry: dict[str, Any] | None
    done: str  # what was read: the URL alone, or a fetch and its answer
    found: str  # what was found in it, or that nothing was
    suggestion: dict[str, Any] | None = None  # a starting point when nothing was detected

    @property
    def detected(self) -> bool:
        return self.entry is not None


_KINDS_SHOWN = {
    "greenhouse": "Greenhouse", "lever": "Lever", "ashby": "Ashby", "workday": "Workday",
    "smartrecruiters": "SmartRecruiters", "workable": "Workable", "recruitee": "Recruitee",
    "icims": "iCIMS", "oracle": "Oracle Recruiting Cloud", "bamboohr": "BambooHR",
    "personio": "Personio", "teamtailor": "Teamtailor", "successfactors": "SuccessFactors",
    "rippling": "Rippling", "breezy": "Breezy HR", "pinpoint": "Pinpoint",
}  # fmt: skip


def _board(entry: dict[str, Any]) -> str:
    kind = _KINDS_SHOWN.get(entry["kind"], entry["kind"])
    token = entry.get("board")
    return f"a {kind} board" + (f", `board: {token}`" if token else "")


def inspect_url(
    url: str, *, timeout: float = 15.0, user_agent: str | None = None
) -> Detection | None:
    """Which board `url` is on, saying how that was found; None when it is no web address.

    A known board's URL is read as it is, without fetching anything. Any other page is
    fetched and searched for an embedded or linked board, then for JobPosting JSON-LD; when
    neither is there, nothing is detected, and a `page` source on the links that look like
    postings is suggested where the page has some.
    """
    guess = detect(url)
    if guess is None:
        return None
    if guess["kind"] != "jsonld":
        return Detection(guess, "read from the URL alone (nothing fetched)", _board(guess))
    target = guess["url"]
    request = urllib.request.Request(
        target, headers={"User-Agent": user_agent or DEFAULT_USER_AGENT}
    )
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:
            final = response.geturl()
            body = response.read(4 * 1024 * 1024)
            charset = response.headers.get_content_charset() or "utf-8"
            ctype = response.headers.get_content_type()
            status = response.status
    except urllib.error.HTTPError as exc:
        return Detection(None, f"fetched {target}: HTTP {exc.code} {exc.reason}",
                         "nothing: the page could not be read")  # fmt: skip
    except (OSError, ValueError) as exc:
        reason = getattr(exc, "reason", None) or exc
        why = getattr(reason, "strerror", None) or str(reason)
        return Detection(None, f"could not fetch {target}: {why}",
                         "nothing: the page could not be read")  # fmt: skip
    done = f"fetched {final}: HTTP {status}, {ctype}, {_size(len(body))}"
    text = body.decode(charset, errors="replace")
    page = urljoin(target, final)
    found = detect_in_html(text, page)
    if found is not None and found["kind"] != "jsonld":
        return Detection(found, done, f"{_board(found)}, embedded in or linked from the page")
    postings = _job_postings(text)
    if found is not None:
        return Detection(found, done, f"JobPosting JSON-LD on the page ({postings} found)")
    suggestion, why = _links_suggestion(text, page)
    return Detection(None, done, f"nothing: no known board and no JobPosting JSON-LD{why}",
                     suggestion)  # fmt: skip


def _size(n: int) -> str:
    return f"{n} bytes" if n < 10_000 else f"{n // 1000} kB"


def _job_postings(text: str) -> int:
    """How many JobPosting objects the page's JSON-LD holds."""
    count = 0
    for block in re.findall(
        r"<script[^>]+ld\+json[^>]*>(.*?)</script>", text, re.IGNORECASE | re.DOTALL
    ):
        count += len(re.findall(r'"@type"\s*:\s*(?:\[[^\]]*)?"JobPosting"', block))
    return count


_HREF = re.compile(r"<a\b[^>]*?\bhref\s*=\s*[\"']([^\"'#]+)[\"']", re.IGNORECASE)
_POSTING_WORDS = frozenset(
    {
        "jobs", "job", "careers", "career", "positions", "position", "openings", "opening",
        "vacancies", "vacancy", "roles", "role", "stellen", "offres",
    }
)  # fmt: skip


def _links_suggestion(text: str, page: str) -> tuple[dict[str, Any] | None, str]:
    """A `page` source on the links that look like postings (`/jobs/<something>`), if any."""
    host = urlsplit(page).hostname
    counts: dict[str, set[str]] = {}
    for href in _HREF.findall(text):
        link = urlsplit(urljoin(page, href))
        if link.hostname != host:
            continue
        parts = [p for p in link.path.split("/") if p]
        for part in parts[:-1]:
            if part.lower() in _POSTING_WORDS:
                counts.setdefault(part, set()).add(link.path)
                break
    if not counts:
        return None, ""
    word, paths = max(counts.items(), key=lambda item: len(item[1]))
    if len(paths) < 2:
        return None, ""
    label = (host or "careers").removeprefix("www.").split(".")[0]
    entry = {"name": _name(label), "kind": "page", "url": page, "links": f"a[href*='/{word}/']"}
    return entry, f"; {len(paths)} links look like postings (/{word}/...)"


def detect_by_fetch(
    url: str, *, timeout: float = 15.0, user_agent: str | None = None
) -> dict[str, Any] | None:
    """The source entry `inspect_url` detects, or None."""
    found = inspect_url(url, timeout=timeout, user_agent=user_agent)
    return found.entry if found is not None else None


def format_entry(entry: dict[str, Any]) -> str:
    """The entry as a YAML list item to paste under `sources:`."""
    body = yaml.safe_dump([entry], sort_keys=False, allow_unicode=True, default_flow_style=False)
    lines = body.rstrip("\n").splitlines()
    kind = BY_NAME.get(entry.get("kind", ""))
    comment = f"  # {kind.hint}" if kind is not None and kind.hint else None
    return "\n".join([*lines, *([comment] if comment else [])]) + "\n"


def format_detection(found: Detection) -> str:
    """What was read and found, as comments, then the entry (or a starting point) as YAML."""
    lines = [f"# {found.done}", f"# found: {found.found}"]
    if found.entry is not None:
        return "\n".join(lines) + "\n" + format_entry(found.entry)
    if found.suggestion is not None:
        name = found.suggestion["name"]
        lines.append(
            "# a starting point: a `page` source on those links; see what it reads with "
            f"`rolewatch check --dry-run -s {name}`"
        )
        return "\n".join(lines) + "\n" + format_entry(found.suggestion)
    return "\n".join(lines) + "\n"
