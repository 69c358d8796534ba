"""The workplace (onsite, hybrid, remote) from board fields and from posting text."""

from __future__ import annotations

import pytest

from monitor.extract import workplace_from_board, workplace_from_text
from tests.extract_cases import WORKPLACE_BOARD_CASES, WORKPLACE_TEXT_CASES


@pytest.mark.parametrize(("value", "expected"), WORKPLACE_BOARD_CASES)
def test_workplace_from_board(value: str | None, expected: str | None) -> None:
    assert workplace_from_board(value) == expected


@pytest.mark.parametrize(("text", "office", "expected"), WORKPLACE_TEXT_CASES)
def test_workplace_from_text(text: str, office: dict | None, expected: str | None) -> None:
    assert workplace_from_text(text, office) == expected
