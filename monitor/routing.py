"""Which notify targets hear of which change: by kind (`on:`) and by shared tag (`tags:`)."""

from __future__ import annotations

import hashlib

from monitor.config import Config, NotifyTarget, Source

BASELINE = "baseline"  # outbox-only kind: "now watching acme: 212 open roles"


def target_id(target: NotifyTarget) -> str:
    """A stable id for a target that reveals nothing of its URL (which may hold secrets)."""
    if target._ident is not None:  # a Scrapyd job's stand-in (monitor.scrapyd.jobconfig)
        return target._ident
    ident = target.name or target.url or f"config:{target.config}"
    return hashlib.sha256(ident.encode("utf-8")).hexdigest()[:16]


def wants(target: NotifyTarget, source: Source, kind: str) -> bool:
    """Whether a target is to be told of this kind of change in this source."""
    if target.tags and not set(target.tags) & set(source.tags):
        return False
    if kind == BASELINE:
        return "new" in target.on
    return kind in target.on


def targets_for(config: Config, source: Source, kind: str) -> list[str]:
    """The ids of the targets to tell."""
    return list(dict.fromkeys(target_id(t) for t in config.notify if wants(t, source, kind)))
