"""The one way rolewatch hashes a value: SHA-1 of its JSON with sorted keys.

Hashes here only spare work (re-reading, re-normalising, re-comparing); none is an identity. A
hash written by another version of this code costs one more read or comparison, never a change.
"""

from __future__ import annotations

import hashlib
import json
from typing import Any

import orjson

_TEXT = json.JSONEncoder(ensure_ascii=False, sort_keys=True, default=str)
ANY_KEYS = orjson.OPT_SORT_KEYS | orjson.OPT_NON_STR_KEYS


def json_digest(
    value: Any,
    fallback: json.JSONEncoder = _TEXT,
    option: int = orjson.OPT_SORT_KEYS,
    default: Any = None,
) -> str:
    """SHA-1 of value as JSON with sorted keys: orjson's text, or the fallback encoder's for
    what orjson refuses (integers past 64 bits)."""
    try:
        blob = orjson.dumps(value, default=default, option=option)
    except TypeError:
        blob = fallback.encode(value).encode("utf-8")
    return hashlib.sha1(blob).hexdigest()


def stable_hash(value: Any) -> str:
    """SHA-1 of any JSON-like value, whatever its keys; what JSON cannot hold is hashed as text."""
    try:
        return json_digest(value, _TEXT, ANY_KEYS, default=str)
    except TypeError:  # keys of mixed types beside an integer past 64 bits: rare, not fast
        return json_digest(_text_keys(value), _TEXT, ANY_KEYS, default=str)


def _text_keys(value: Any) -> Any:
    if isinstance(value, dict):
        return {str(k): _text_keys(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_text_keys(v) for v in value]
    return value
