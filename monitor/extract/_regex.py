"""Building regexes that CPython's engine runs fast."""

from __future__ import annotations

import os
import re
from collections.abc import Iterable


def prefix_tree(words: Iterable[str]) -> str:
    """An alternation of literal words grouped by their common starts ("d(?:d|iv|l|t)"), with
    longer words before the shorter ones they extend: at each position the engine tries a
    branch or two instead of every word. It matches the longest word it can there (as a plain
    alternation sorted longest first does), and falls back to shorter ones when what follows
    the group fails. No capturing groups."""
    groups: dict[str, list[str]] = {}
    for word in sorted(set(words)):
        groups.setdefault(word[:1], []).append(word)
    branches = []
    for group in groups.values():
        if len(group) == 1:
            branches.append(re.escape(group[0]))
            continue
        common = os.path.commonprefix(group)
        rests = [word[len(common) :] for word in group]
        longer = [rest for rest in rests if rest]
        optional = "?" if len(longer) < len(rests) else ""  # greedy: the longer words first
        branches.append(f"{re.escape(common)}(?:{prefix_tree(longer)}){optional}")
    return "|".join(branches)
