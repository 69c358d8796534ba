"""Workplace (onsite, hybrid or remote): from a board's own field, else from the posting text."""

from __future__ import annotations

import re

from monitor.extract.office import extract_office

__all__ = ["workplace_from_board", "workplace_from_terms", "workplace_from_text"]

_SQUASH = re.compile(r"[^a-z]+")
# Checked in order on the value squashed to letters ("On-site" -> "onsite"); first hit wins.
_BOARD_WORDS: tuple[tuple[str, str | None], ...] = (
    ("notremote", "onsite"),
    ("nonremote", "onsite"),
    ("noremote", "onsite"),
    ("unspecified", None),
    ("hybrid", "hybrid"),
    ("flexible", "hybrid"),  # Workday's remoteType for part-office roles
    ("partiallyremote", "hybrid"),
    ("partlyremote", "hybrid"),
    ("partremote", "hybrid"),
    ("remote", "remote"),
    ("homeoffice", "remote"),  # German boards: "Homeoffice" is working from home
    ("telecommut", "remote"),  # schema.org jobLocationType TELECOMMUTE
    ("telework", "remote"),
    ("workfromhome", "remote"),
    ("wfh", "remote"),
    ("anywhere", "remote"),
    ("distributed", "remote"),
    ("virtual", "remote"),
    ("onsite", "onsite"),
    ("inoffice", "onsite"),
    ("inperson", "onsite"),
    ("officebased", "onsite"),
    ("onpremise", "onsite"),
    ("office", "onsite"),
)
# Hashtags recruiters add for LinkedIn ("#LI-Remote"): a statement of the workplace, too terse to
# be office terms.
_LI_TAG = re.compile(r"#LI[-_ ]?(?P<mode>remote|hybrid|on[-_ ]?site|office)\b", re.IGNORECASE)


def workplace_from_board(value: str | None) -> str | None:
    """Normalise a board's workplace field ("On-site", "TELECOMMUTE", "fully_remote", Workday
    "Flexible") to onsite, hybrid or remote; None when it says nothing."""
    if not value:
        return None
    squashed = _SQUASH.sub("", value.lower())
    for word, mode in _BOARD_WORDS:
        if word in squashed:
            return mode
    return None


def workplace_from_text(text: str, office: dict | None = None) -> str | None:
    """The workplace a posting's text states: the mode of its office terms (read here when not
    given), else a LinkedIn workplace hashtag; None when the text says nothing."""
    if office is None:
        office = extract_office(text) if text else None
    return workplace_from_terms(text, office)


def workplace_from_terms(text: str, office: dict | None) -> str | None:
    """As workplace_from_text, when the office terms have been read already (None: none)."""
    if office and office.get("mode"):
        return office["mode"]
    tag = _LI_TAG.search(text or "")
    if tag:
        return workplace_from_board(tag.group("mode"))
    return None
