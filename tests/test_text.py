"""Text normalisation: HTML, whitespace, relative dates, tracking parameters."""

from __future__ import annotations

import pytest

from monitor.extract.text import clean_url, html_to_text, normalise_text, strip_relative_dates


@pytest.mark.parametrize(
    ("markup", "text"),
    [
        ("&lt;p&gt;Hello&amp;nbsp;world&lt;/p&gt;", "Hello world"),
        ("<div><p>One</p><p>Two</p></div>", "One\nTwo"),
        ("<ul><li>a</li><li>b</li></ul>", "- a\n- b"),
        ("<p>x<br>y</p>", "x\ny"),
        ("<script>var a=1</script><p>kept</p><style>p{}</style>", "kept"),
        ("plain   text\n\n\nhere", "plain text\nhere"),
        ("", ""),
        (None, ""),
        ("<p>caf&eacute; &amp; co</p>", "café & co"),
    ],
)
def test_html_to_text(markup: str | None, text: str) -> None:
    assert html_to_text(markup) == text


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Posted: 4 days ago", ""),
        ("Posted 30+ Days Ago", ""),
        ("Role. 2 weeks ago. End", "Role. . End"),
        ("Posted today", ""),
        ("Updated yesterday\nBody", "Body"),
        ("We have 4 days of onboarding", "We have 4 days of onboarding"),
        ("Founded 10 years ago", "Founded"),
    ],
)
def test_relative_dates(text: str, expected: str) -> None:
    assert strip_relative_dates(text) == expected


def test_normalised_text_ignores_noise() -> None:
    a = "<p>Senior Engineer</p><p>Posted 3 days ago</p><p>Pay  $100k</p>"
    b = "<div>Senior Engineer</div>\n<div>Posted 4 days ago</div> <div>Pay $100k</div>"
    assert normalise_text(a) == normalise_text(b)


@pytest.mark.parametrize(
    ("url", "clean"),
    [
        ("https://x.io/j/1?gh_src=abc", "https://x.io/j/1"),
        ("https://x.io/j/1?utm_source=li&utm_medium=s&id=7", "https://x.io/j/1?id=7"),
        ("https://jobs.lever.co/a/b?lever-source=LinkedIn", "https://jobs.lever.co/a/b"),
        ("https://x.io/j/1#apply", "https://x.io/j/1"),
        ("https://x.io/j?gh_jid=123", "https://x.io/j?gh_jid=123"),
        (None, None),
    ],
)
def test_clean_url(url: str | None, clean: str | None) -> None:
    assert clean_url(url) == clean


@pytest.mark.parametrize(
    "url",
    [
        "https://job-boards.greenhouse.io/acme/jobs/4001",
        "HTTPS://x.io/J/1",
        "https://x.io",
        "https://x.io/",
        "http://x.io:8080//a//b/",
        "https:///path",
        "https://x.io/a b",
        "https://x.io/a\tb",
        "https://x.io/\u00e9",
        "https://user@x.io/a",
        "https://[::1]/a",
        "  https://x.io/a  ",
        "https://x.io/a;p=1",
        "mailto:jobs@x.io",
        "/relative/path",
    ],
)
def test_clean_url_without_a_query_is_what_splitting_and_joining_gives(url: str) -> None:
    from urllib.parse import urlsplit, urlunsplit

    parts = urlsplit(url.strip())
    assert clean_url(url) == urlunsplit((parts.scheme, parts.netloc, parts.path, "", ""))


def test_once_makes_a_value_on_first_read_only_and_keeps_it_on_the_instance() -> None:
    from monitor.lazy import once

    made: list[int] = []

    class Thing:
        def __init__(self, n: int) -> None:
            self.n = n

        @once
        def double(self) -> int:
            """Twice n."""
            made.append(self.n)
            return 2 * self.n

    a, b = Thing(1), Thing(2)
    assert (a.double, a.double, b.double, a.double) == (2, 2, 4, 2)
    assert made == [1, 2]  # once per instance, never again
    assert a.__dict__["double"] == 2  # later reads are plain attribute reads
    assert isinstance(Thing.double, once) and Thing.double.__doc__ == "Twice n."


@pytest.mark.parametrize(
    "text",
    [
        "",
        "plain ASCII\twith a tab\nand a newline",
        "".join(map(chr, range(0x80))),  # every ASCII character, each control among them
        "bell\x07 escape\x1b[2J delete\x7f form\x0cfeed vertical\x0btab",
        "café\x00 not ASCII\x1f but controls all the same",
        "Gehalt 60.000 € \x85 (a C1 control: left as it is)",
    ],
)
def test_without_controls_is_the_control_class_replaced_by_spaces(text: str) -> None:
    """The bytes path for ASCII text gives what the regex gives (the regex does the rest)."""
    import re

    from monitor.extract._scan import without_controls

    assert without_controls(text) == re.sub(r"[\x00-\x08\x0b-\x1f\x7f]", " ", text)


@pytest.mark.parametrize(
    "text",
    [
        "",
        "USD",
        "Pay: USD 120,000 - 150,000 (EURO AND GBP NOT HERE) ABCD XY ZZZ.",
        "AAAAxBBBxCCCCCC\nUSDEUR, GBP",
        "naïve USD façade EURO",  # not ASCII: the regex path
    ],
)
def test_upper_runs_are_the_runs_of_three_or_more_capitals(text: str) -> None:
    import re

    from monitor.extract._scan import upper_runs

    expected = [m.span() for m in re.finditer(r"[A-Z][A-Z][A-Z]+", text)]
    assert list(upper_runs(text)) == expected
