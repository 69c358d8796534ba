"""CLI commands of the daemon and of retention (`run`, `db prune`)."""

from __future__ import annotations

import argparse
import json
import logging
import sys
from collections.abc import Callable
from typing import Any

from monitor import logs


def cmd_run(args: argparse.Namespace) -> int:
    from monitor.cli import _config
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
    from monitor.cli import _config, _engine
    from monitor.store.retention import prune

    config = _config(args)
    counts = prune(_engine(args, config), config.retention, dry_run=args.dry_run)
    if args.json:
        json.dump(counts, sys.stdout, indent=2)
        sys.stdout.write("\n")
        return 0
    verb = "would delete" if args.dry_run else "deleted"
    print(
        f"{verb} {counts['snapshots']} old snapshots, {counts['alerts']} delivered alerts "
        f"and {counts['runs']} old run records"
    )
    if config.retention.keep_snapshots is None and config.retention.keep_days is None:
        print("(no `retention:` in the config: every snapshot is kept)")
    return 0


def register(sub: Any, add: Callable[..., argparse.ArgumentParser], db_sub: Any) -> None:
    """Add the daemon's commands to the `rolewatch` parser."""
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
