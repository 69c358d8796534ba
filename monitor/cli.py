"""The `rolewatch` command: parse arguments, call the core, print. No logic of its own."""

from __future__ import annotations

import argparse
import json
import logging
import sys
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

from sqlalchemy import Engine
from sqlalchemy.exc import SQLAlchemyError

from monitor import logs
from monitor.config import CHANGE_KINDS, Config, load_config
from monitor.errors import ConfigError, RolewatchError, UsageError
from monitor.masking import mask_url
from monitor.tables import printable

# monitor.transparency.STATUSES and paystats.PER_YEAR's periods, spelt out: importing the rules
# costs every command 40 ms (a test holds them equal)
TRANSPARENCY = ("missing", "incomplete", "likely_required", "ok", "not_required", "unknown")
PERIODS = ("year", "month", "week", "day", "hour")

logger = logging.getLogger("monitor")

EXAMPLE = Path(__file__).with_name("example.yaml")


def _say(text: str) -> None:
    """Print human-readable output: board text in it is untrusted, so no control characters."""
    print(printable(text))


def _dump(data: Any) -> None:
    # one write: json.dump writes each token on its own, 80 ms against 17 ms for a
    # 1,000-source check report through a pipe
    sys.stdout.write(json.dumps(data, indent=2, ensure_ascii=False) + "\n")


def _config(args: argparse.Namespace) -> Config:
    """The config, with its notify targets checked as Apprise reads them."""
    config = load_config(args.config)
    if config.notify:
        from monitor import notify

        if problems := notify.check_targets(config):
            lines = "\n  ".join(problems)
            raise ConfigError(f"{config.path}: invalid config:\n  {lines}")
    return config


def _engine(args: argparse.Namespace, config: Config | None = None) -> Engine:
    from monitor.cycle import open_store

    if config is None:
        try:
            config = _config(args)
        except ConfigError:
            if not (args.db or _env_db()):
                raise
            config = Config()
    return open_store(config, args.db)


class _Version(argparse.Action):
    """`--version`: the installed version, looked up only when asked for (that takes 24 ms)."""

    def __init__(self, option_strings: Sequence[str], dest: str, **kwargs: Any) -> None:
        super().__init__(option_strings, dest, nargs=0, default=argparse.SUPPRESS, **kwargs)

    def __call__(self, parser: argparse.ArgumentParser, *_: Any) -> None:
        from importlib.metadata import PackageNotFoundError, version

        try:
            found = version("rolewatch")
        except PackageNotFoundError:
            found = "(not installed)"
        print(f"rolewatch {found}")
        parser.exit()


def _env_db() -> str | None:
    import os

    return os.environ.get("ROLEWATCH_DB")


# -- commands -------------------------------------------------------------------------------


def _detect(url: str, *, header: str = "") -> int:
    """Print what `url` is, as a source entry; 1 when no board was detected."""
    from monitor.detect import format_detection, inspect_url

    found = inspect_url(url)
    if found is None:
        raise UsageError(f"{url!r} is not a web address rolewatch can read")
    _say(header + format_detection(found).rstrip("\n"))
    if not found.detected:
        print(f"rolewatch: no board detected at {printable(url)}", file=sys.stderr)
        return 1
    return 0


def cmd_detect(args: argparse.Namespace) -> int:
    return _detect(args.url)


def cmd_init(args: argparse.Namespace) -> int:
    if args.detect:
        return _detect(args.detect, header="# paste under `sources:` in your config:\n")
    path = Path(args.path or args.config or "rolewatch.yaml").expanduser()
    if path.exists() and not args.force:
        raise UsageError(f"{path} exists already (use --force to overwrite it)")
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(EXAMPLE.read_text(encoding="utf-8"), encoding="utf-8")
    except OSError as exc:
        raise UsageError(f"cannot write {path}: {exc.strerror}") from None
    config = "" if path == Path("rolewatch.yaml") else f"--config {path} "
    print(f"wrote {path}: edit its sources, then run `rolewatch {config}check`")
    return 0


def cmd_check(args: argparse.Namespace) -> int:
    from monitor.cycle import engine_for_check, run_cycle
    from monitor.progress import Progress

    config = _config(args)
    sources = config.select(args.source)
    if not sources:
        raise ConfigError(f"{config.path}: no sources configured")
    progress = Progress(len(sources), enabled=not args.json and sys.stderr.isatty())
    with engine_for_check(config, args.db, dry_run=args.dry_run) as engine, progress:
        report = run_cycle(
            config,
            engine,
            sources,
            notify=not args.no_notify,
            dry_run=args.dry_run,
            on_start=progress.start,
            on_done=progress.advance,
        )
    if args.json:
        _dump(report.as_dict())
    else:
        from monitor.summary import cycle_summary

        _say(cycle_summary(report, verbose=args.verbose > 0))
    if any(r.status == "interrupted" for r in report.results):
        return 130  # as a shell reports a command stopped by Ctrl-C
    return 0 if report.ok else 1


def cmd_postings(args: argparse.Namespace) -> int:
    from monitor.store import queries
    from monitor.summary import postings_table, unwatched_note

    config = _config_or_bare(args)
    engine = _engine(args, config)
    _known_sources(engine, config, args.source)
    watched = [s.name for s in config.sources] if config.path else None
    rows = queries.postings(
        engine, args.source, all_=args.all, watched=watched, transparency=args.transparency
    )
    if args.json:
        _dump(rows)
        return 0
    _say(postings_table(rows) if rows else "no open postings")
    if args.transparency:
        from monitor.transparency import DISCLAIMER

        _say(f"(pay transparency {args.transparency}: {DISCLAIMER})")
    if watched is not None and not args.all:
        hidden = queries.unwatched_counts(engine, watched, args.source)
        if hidden:
            _say(unwatched_note(hidden))
    return 0


def cmd_pay(args: argparse.Namespace) -> int:
    from monitor import filters
    from monitor.store import pay
    from monitor.summary import pay_text

    config = _config_or_bare(args)
    flt = filters.pay_filter(
        config, sources=args.source or [], title=args.title, location=args.location,
        currency=args.currency, period=args.period,
    )  # fmt: skip
    engine = _engine(args, config)
    _known_sources(engine, config, args.source)
    found = pay.report(engine, **vars(flt))
    if args.json:
        _dump(found)
        return 0
    _say(pay_text(found))
    return 0


def _known_sources(engine: Any, config: Config, names: list[str] | None) -> None:
    """Refuse a `-s NAME` that is neither in the config nor in the database."""
    from monitor.store import queries

    configured = [s.name for s in config.sources]
    if names and (unknown := queries.unknown_sources(engine, names, configured)):
        known = ", ".join(dict.fromkeys([*configured, *queries.source_names(engine)])) or "none"
        raise UsageError(f"unknown source {', '.join(map(repr, unknown))} (known: {known})")


def cmd_changes(args: argparse.Namespace) -> int:
    from monitor.store import queries
    from monitor.summary import changes_table
    from monitor.timeutil import parse_since

    since = None
    if args.since:
        try:
            since = parse_since(args.since)
        except ValueError as exc:
            raise UsageError(f"--since: {exc}") from None
    config = _config_or_bare(args)
    engine = _engine(args, config)
    _known_sources(engine, config, args.source)
    rows = queries.changes(engine, since=since, sources=args.source, kinds=args.kind)
    if args.json:
        _dump(rows)
    else:
        _say(changes_table(rows) if rows else "no changes")
    return 0


def cmd_history(args: argparse.Namespace) -> int:
    from monitor.store import queries
    from monitor.summary import history_text

    engine = _engine(args)
    keys = queries.match_keys(engine, args.key)
    if len(keys) > 1:
        shown = ", ".join(keys[:5]) + (", ..." if len(keys) > 5 else "")
        raise UsageError(f"{args.key!r} matches several postings: {shown}; give more of the key")
    found = queries.history(engine, keys[0]) if keys else None
    if found is None:
        hints = queries.find_keys(engine, args.key.split(":")[-1].strip("…"))
        hint = f"; did you mean {', '.join(hints)}?" if hints else " (keys are source:id)"
        raise UsageError(f"no posting with key {args.key!r}{hint}")
    if args.json:
        _dump(found)
    else:
        _say(history_text(found))
    return 0


def cmd_sources(args: argparse.Namespace) -> int:
    from monitor.store import queries
    from monitor.summary import sources_table

    config = _config_or_bare(args)
    engine = _engine(args, config)
    # with only `--db`, which sources the config watches is not known: every stored one is
    watched = [s.name for s in config.sources] if config.path else queries.source_names(engine)
    rows = queries.sources(engine, watched, {s.name: s.kind for s in config.sources})
    alerts = _outbox_status(engine, config)
    if args.json:
        _dump(rows)
    elif not rows:
        _say(f"no sources: add some under `sources:` in {config.path or 'the config'}")
    else:
        _say(sources_table(rows, alerts))
    return 0


def _outbox_status(engine: Any, config: Config) -> list[dict[str, Any]]:
    if not config.notify:
        return []
    from monitor import notify

    return notify.outbox_status(engine, config)


def cmd_extract(args: argparse.Namespace) -> int:
    from monitor.normalise import read_posting_text

    if args.file in (None, "-"):
        text = sys.stdin.read()
    else:
        try:
            text = Path(args.file).read_text(encoding="utf-8", errors="replace")
        except OSError as exc:
            raise UsageError(f"{args.file}: cannot read: {exc.strerror}") from None
    html = args.html or (args.file or "").lower().endswith((".html", ".htm"))
    _dump(read_posting_text(text, html=html, locations=args.location))
    return 0


def cmd_notify_test(args: argparse.Namespace) -> int:
    from monitor import notify

    config = _config(args)
    if not config.notify:
        raise ConfigError(f"{config.path}: no `notify:` targets to test")
    report = notify.send_test(config)
    if args.json:
        _dump(report.as_dict())
    else:
        for target in report.as_dict().get("targets", []):
            state = "ok" if target.get("ok") else f"FAILED: {target.get('error')}"
            _say(f"{target.get('target')}: {state}")
    return 0 if not report.failed else 1


def cmd_notify_status(args: argparse.Namespace) -> int:
    from monitor.summary import outbox_table

    config = _config(args)
    rows = _outbox_status(_engine(args, config), config)
    if args.json:
        _dump(rows)
    else:
        _say(outbox_table(rows) if rows else "no notify targets configured")
    return 0


def cmd_db_upgrade(args: argparse.Namespace) -> int:
    from monitor.store.db import redact

    engine = _engine(args)
    print(f"database {redact(str(engine.url))} is at the latest schema")
    return 0


def _config_or_bare(args: argparse.Namespace) -> Config:
    """The config; with `--db` (or $ROLEWATCH_DB) and no config file, an empty one."""
    from monitor.config import config_path

    if not config_path(args.config).exists() and (args.db or _env_db()):
        return Config()
    return _config(args)


def cmd_web(args: argparse.Namespace) -> int:
    from monitor.web.app import create_app
    from monitor.web.server import check_exposure, is_loopback, serve

    logs.setup(max(args.verbose, 1), args.log_format)  # the line that says where it listens
    config = _config_or_bare(args)
    token = config.web.secret()
    host, _ = check_exposure(args.http, token)
    app = create_app(_engine(args, config), config, local_only=is_loopback(host))
    serve(app, args.http, token)
    return 0


def cmd_export(args: argparse.Namespace) -> int:
    from monitor import filters
    from monitor.export import export
    from monitor.store import browse

    config = _config_or_bare(args)
    engine = _engine(args, config)
    rows: Any
    if args.what == "postings":
        postings = filters.posting_filter(
            config, sources=args.source or [], tags=args.tag or [],
            status="all" if args.all else "open", location=args.location,
            workplace=args.workplace, currency=args.currency, min_pay=args.min_pay,
            transparency=args.transparency,
        )  # fmt: skip
        rows = browse.iter_postings(engine, postings)
    else:
        changes = filters.change_filter(
            config, kinds=args.kind or [], sources=args.source or [], tags=args.tag or [],
            since=args.since, until=args.until,
        )  # fmt: skip
        rows = browse.iter_changes(engine, changes)
    count = export(rows, args.what, args.format, args.output)
    if args.output not in (None, "-"):
        print(f"wrote {count} {args.what} to {args.output}", file=sys.stderr)
    return 0


def cmd_db_reextract(args: argparse.Namespace) -> int:
    from monitor.store.reread import reextract

    config = _config(args)
    names = [s.name for s in config.select(args.source)] if args.source else None
    done = reextract(_engine(args, config), names, dry_run=args.dry_run).as_dict()
    if args.json:
        _dump(done)
        return 0
    verb = "would store" if args.dry_run else "stored"
    _say(
        f"read {done['postings']} postings again with the readers of {done['extractor']}: "
        f"{done['changed']} read differently ({verb} as re-read versions, never alerted), "
        f"{done['unchanged']} the same"
    )
    for name, n in done["sources"].items():
        _say(f"  {name}: {n}")
    return 0


def cmd_run(args: argparse.Namespace) -> int:
    from monitor.config import config_path
    from monitor.schedule.daemon import Daemon

    # the CLI's own checks first (a notify URL Apprise cannot read: exit 2); the config's
    # warnings are the daemon's to log, once
    logging.disable(logging.WARNING)
    try:
        _config(args)
    finally:
        logging.disable(logging.NOTSET)

    # a daemon's log is its only voice: one line per crawl (INFO) unless told otherwise
    logs.setup(max(args.verbose, 1), args.log_format)
    daemon = Daemon(
        config_path(args.config),
        args.db,
        http=args.http,
        log_format=args.log_format,
        verbosity=args.verbose,
    )
    return daemon.run()


def cmd_prune(args: argparse.Namespace) -> int:
    from monitor.store.retention import prune

    config = _config(args)
    counts = prune(_engine(args, config), config.retention, dry_run=args.dry_run)
    if args.json:
        _dump(counts)
        return 0
    verb = "would delete" if args.dry_run else "deleted"
    _say(
        f"{verb} {counts['snapshots']} old snapshots, {counts['alerts']} delivered alerts "
        f"and {counts['runs']} old run records"
    )
    if config.retention.keep_snapshots is None and config.retention.keep_days is None:
        _say("(no `retention:` in the config: every snapshot is kept)")
    return 0


def cmd_deploy(args: argparse.Namespace) -> int:
    from monitor.scrapyd.egg import deploy

    urls = list(args.url)
    if not urls:
        urls = list(_config(args).executor.nodes)
        if not urls:
            raise UsageError(
                "deploy: give the Scrapyd nodes' URLs (or set `executor: {kind: scrapyd, "
                "nodes: [...]}` in the config)"
            )
    for url in urls:
        if not url.startswith(("http://", "https://")):
            raise UsageError(f"deploy: {mask_url(url)!r} is not an http:// or https:// URL")
    failed = 0
    for done in deploy(urls, project=args.project, version_name=args.version_name):
        if done.error is None:
            _say(f"{done.node}: deployed {args.project} version {done.version} "
                 f"({done.spiders} spiders)")  # fmt: skip
        else:
            failed += 1
            print(f"rolewatch: {printable(done.node)}: {printable(done.error)}", file=sys.stderr)
    return 1 if failed else 0


def cmd_completion(args: argparse.Namespace) -> int:
    from monitor.completion import script

    print(script(args.shell, build_parser()), end="")
    return 0


def cmd_demo(args: argparse.Namespace) -> int:
    from monitor.demo import run_demo

    return run_demo(keep=args.keep)


# -- parser ---------------------------------------------------------------------------------


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="rolewatch",
        description="Watch company job boards; be told when roles open, close, or change "
        "their pay or office terms.",
    )
    parser.add_argument(
        "--config",
        metavar="FILE",
        help="config file (default: $ROLEWATCH_CONFIG, else ./rolewatch.yaml)",
    )
    parser.add_argument(
        "--db",
        metavar="URL",
        help="database URL (default: $ROLEWATCH_DB, else the config's database:)",
    )
    parser.add_argument(
        "-v", "--verbose", action="count", default=0, help="more detail (-vv for debug)"
    )
    parser.add_argument(
        "--log-format",
        choices=["text", "json"],
        default="text",
        help="log lines as text or JSON (default: text)",
    )
    parser.add_argument("--version", action=_Version, help="print the version")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", required=True)

    def add(
        name: str, func: Callable[[argparse.Namespace], int], text: str, *, json_flag: bool = False
    ) -> argparse.ArgumentParser:
        cmd = sub.add_parser(name, help=text, description=text)
        cmd.set_defaults(func=func)
        if json_flag:
            cmd.add_argument("--json", action="store_true", help="print JSON")
        return cmd

    def sources_opt(cmd: argparse.ArgumentParser) -> None:
        cmd.add_argument(
            "-s", "--source", action="append", metavar="NAME", help="only this source (repeatable)"
        )

    cmd = add("init", cmd_init, "write a commented example config")
    cmd.add_argument("path", nargs="?", help="where to write it (default: ./rolewatch.yaml)")
    cmd.add_argument("--force", action="store_true", help="overwrite an existing file")
    cmd.add_argument(
        "--detect", metavar="URL", help="print the source entry for a careers page or posting"
    )

    cmd = add("detect", cmd_detect, "say which board a careers page or posting link is on")
    cmd.add_argument("url", help="a careers page or posting URL")

    cmd = add("check", cmd_check, "run one cycle now: crawl, store, diff, alert", json_flag=True)
    sources_opt(cmd)
    cmd.add_argument(
        "--no-notify",
        action="store_true",
        help="record changes but never alert them (their alerts are kept as suppressed)",
    )
    cmd.add_argument(
        "--dry-run",
        action="store_true",
        help="crawl and say what would be stored and recorded; write nothing",
    )
    cmd.add_argument(
        "-v", "--verbose", action="count", default=0, dest="verbose_cmd", help="more detail"
    )

    cmd = add("postings", cmd_postings, "list open postings", json_flag=True)
    sources_opt(cmd)
    cmd.add_argument("--all", action="store_true", help="removed postings too")
    cmd.add_argument(
        "--transparency",
        choices=TRANSPARENCY,
        metavar="STATUS",
        help=f"only postings with this pay-transparency status: {', '.join(TRANSPARENCY)} "
        "(information, not legal advice)",
    )

    cmd = add(
        "pay", cmd_pay, "median and spread of open postings' stated pay, and by month",
        json_flag=True,
    )  # fmt: skip
    sources_opt(cmd)
    cmd.add_argument("--title", metavar="REGEX", help="only titles this matches (anywhere)")
    cmd.add_argument("--location", metavar="REGEX", help="only places this matches")
    cmd.add_argument("--currency", metavar="CODE", help="the currency (default: USD)")
    cmd.add_argument(
        "--period", choices=PERIODS, metavar="PERIOD", help=f"{', '.join(PERIODS)} (default: year)"
    )

    cmd = add("changes", cmd_changes, "list changes, newest first", json_flag=True)
    sources_opt(cmd)
    cmd.add_argument("--since", metavar="WHEN", help="e.g. 7d, 12h or 2026-01-31")
    cmd.add_argument(
        "--kind",
        action="append",
        choices=CHANGE_KINDS,
        metavar="KIND",
        help=f"only this kind (repeatable): {', '.join(CHANGE_KINDS)}",
    )

    cmd = add("history", cmd_history, "every version of one posting", json_flag=True)
    cmd.add_argument("key", help="the posting's key, source:id (see `rolewatch postings`)")

    add("sources", cmd_sources, "each source's last run, status and open postings", json_flag=True)

    cmd = add("extract", cmd_extract, "print the pay, office terms and workplace read from a text")
    cmd.add_argument("file", nargs="?", help="a file of text or HTML (default: stdin)")
    cmd.add_argument("--html", action="store_true", help="the input is HTML")
    cmd.add_argument(
        "--location",
        action="append",
        metavar="TEXT",
        help="the posting's location, e.g. 'Richmond, BC' (repeatable): it decides the "
        "currency of a bare $ or of figures without one",
    )
    cmd.add_argument("--json", action="store_true", help="print JSON (the output always is)")

    cmd = add(
        "notify-test",
        cmd_notify_test,
        "send a test message to every notify target",
        json_flag=True,
    )
    cmd = add("notify", cmd_notify_status, "alert delivery: the outbox per target")
    notify_sub = cmd.add_subparsers(dest="notify_command", metavar="SUBCOMMAND", required=True)
    status = notify_sub.add_parser(
        "status",
        help="pending, failed and dead alerts per target",
        description="pending, failed and dead alerts per target",
    )
    status.set_defaults(func=cmd_notify_status)
    status.add_argument("--json", action="store_true", help="print JSON")

    cmd = add("db", cmd_db_upgrade, "database maintenance")
    db_sub = cmd.add_subparsers(dest="db_command", metavar="SUBCOMMAND", required=True)
    upgrade = db_sub.add_parser(
        "upgrade", help="apply schema migrations", description="apply schema migrations"
    )
    upgrade.set_defaults(func=cmd_db_upgrade)
    text = "read stored postings again with this version's readers (pay, office terms), quietly"
    reread = db_sub.add_parser("reextract", help=text, description=text)
    reread.set_defaults(func=cmd_db_reextract)
    sources_opt(reread)
    reread.add_argument("--dry-run", action="store_true", help="only count what would change")
    reread.add_argument("--json", action="store_true", help="print JSON")

    cmd = add("web", cmd_web, "the web app: pages, JSON API, Atom feed, /healthz, /metrics")
    cmd.add_argument(
        "--http",
        metavar="HOST:PORT",
        default="127.0.0.1:8787",
        help="where to listen (default: 127.0.0.1:8787; another host needs `web: {token}`)",
    )

    cmd = add("export", cmd_export, "write postings or changes as CSV, JSON Lines or Parquet")
    cmd.add_argument("what", choices=["postings", "changes"], help="what to export")
    cmd.add_argument(
        "--format", choices=["csv", "jsonl", "parquet"], default="csv", help="default: csv"
    )
    cmd.add_argument("-o", "--output", metavar="FILE", help="write here (default: stdout)")
    sources_opt(cmd)
    cmd.add_argument("--tag", action="append", metavar="TAG", help="only sources with this tag")
    cmd.add_argument("--all", action="store_true", help="postings: removed ones too")
    cmd.add_argument("--location", metavar="TEXT", help="postings: text in a location")
    cmd.add_argument(
        "--workplace", choices=["onsite", "hybrid", "remote"], help="postings: this workplace"
    )
    cmd.add_argument(
        "--min-pay", metavar="AMOUNT", help="postings: yearly pay at least this (150k)"
    )
    cmd.add_argument(
        "--currency", metavar="CODE", help="postings: the currency of --min-pay (e.g. USD)"
    )
    cmd.add_argument(
        "--transparency", choices=TRANSPARENCY, metavar="STATUS",
        help="postings: this pay-transparency status",
    )  # fmt: skip
    cmd.add_argument("--since", metavar="WHEN", help="changes: e.g. 7d, 12h or 2026-01-31")
    cmd.add_argument("--until", metavar="WHEN", help="changes: before this date or time")
    cmd.add_argument(
        "--kind",
        action="append",
        choices=CHANGE_KINDS,
        metavar="KIND",
        help="changes: only this kind (repeatable)",
    )

    cmd = add(
        "deploy",
        cmd_deploy,
        "upload this rolewatch to Scrapyd nodes (what `scrapyd-deploy` does with scrapy.cfg), "
        "for `executor: {kind: scrapyd}`",
    )
    cmd.add_argument(
        "url", nargs="*", metavar="URL", help="a node, http://host:6800 (default: the config's)"
    )
    cmd.add_argument("--project", default="rolewatch", help="the Scrapyd project (rolewatch)")
    cmd.add_argument(
        "--version",
        dest="version_name",
        metavar="NAME",
        help="the version to upload as (default: the Unix time, so the newest upload runs)",
    )

    cmd = add("completion", cmd_completion, "print a shell completion script for rolewatch")
    cmd.add_argument(
        "shell",
        choices=["bash", "zsh", "fish"],
        help="bash: `source <(rolewatch completion bash)` in ~/.bashrc; zsh and fish likewise",
    )

    cmd = add("demo", cmd_demo, "offline tour: a local example board, two cycles, the changes")
    cmd.add_argument("--keep", action="store_true", help="keep the demo's temporary folder")

    cmd = add(
        "run",
        cmd_run,
        "the daemon: each source on its own schedule until SIGTERM/SIGINT (SIGHUP reloads)",
    )
    cmd.add_argument(
        "--http",
        metavar="HOST:PORT",
        help="serve /healthz, /metrics and the web app there, e.g. 127.0.0.1:8787 "
        "(default: off; another host than this machine needs `web: {token}`)",
    )
    text = "delete what `retention:` lets go: old snapshots, delivered alerts, old runs"
    prune = db_sub.add_parser("prune", help=text, description=text)
    prune.set_defaults(func=cmd_prune)
    prune.add_argument("--dry-run", action="store_true", help="only count what would go")
    prune.add_argument("--json", action="store_true", help="print JSON")
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    args.verbose = args.verbose + getattr(args, "verbose_cmd", 0)
    logs.setup(args.verbose, args.log_format)
    try:
        return args.func(args)
    except RolewatchError as exc:
        print(f"rolewatch: {printable(str(exc))}", file=sys.stderr)
        return exc.exit_code
    except SQLAlchemyError as exc:  # the database failed under a command: one line, no SQL
        from monitor.store.db import describe_error

        print(f"rolewatch: database error: {printable(describe_error(exc))}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        print("rolewatch: interrupted", file=sys.stderr)
        return 130
    except BrokenPipeError:
        return 0


if __name__ == "__main__":
    sys.exit(main())
