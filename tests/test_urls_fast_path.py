"""The URL fast path (the common shape, read without urllib.parse) gives exactly what
the general path (urlsplit and urlunsplit) gives, for normalize_url, source_of and
path_of.

Every case is read twice, as normalize_url and source_of choose and through the
general functions, and the two results (or URLError messages) must be equal. Named
cases also pin which path was taken, so that the comparison is known to exercise
the fast path, and the fallbacks.
"""

from __future__ import annotations

import datetime as dt
import sys
from collections.abc import Callable
from urllib.parse import urlsplit

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from newsparse.codes import DATE_URL_MISMATCH
from newsparse.model import Article, RawRecord
from newsparse.parser import parse_record
from newsparse.urls import (
    _PLAIN_URL,
    URLError,
    _host_general,
    _normalize_general,
    normalize_url,
    path_of,
    source_of,
)


def _general(url: str) -> str:
    """What the general path makes of a URL: its normal form, or its error message."""
    try:
        return _normalize_general(url.strip())
    except URLError as exc:
        return f"URLError: {exc}"


def _chosen(url: str) -> str:
    try:
        return normalize_url(url)
    except URLError as exc:
        return f"URLError: {exc}"


def _general_source(url: str) -> str:
    host = _host_general(url.strip())
    return host[4:] if host.startswith("www.") else host


def _path(read: Callable[[str], str], url: str) -> str:
    try:
        return read(url)
    except ValueError as exc:
        return f"ValueError: {exc}"


def _assert_same(url: str) -> None:
    assert _chosen(url) == _general(url)
    assert source_of(url) == _general_source(url)
    assert _path(path_of, url) == _path(lambda u: urlsplit(u).path, url)
    assert _path(path_of, url.strip()) == _path(lambda u: urlsplit(u).path, url.strip())


_SCHEMES = ["https://", "http://", "//", "HTTPS://", "Http://", "ftp://", "https:", "https:/", ""]
_HOSTS = [
    "site.com",
    "www.site.com",
    "news.bbc.co.uk",
    "a-b.example.org",
    "Site.COM",
    "site.com.",
    ".",
    "-",
    "1.2.3.4",
    "[::1]",
    "[::1",
    "site.com:443",
    "site.com:80",
    "site.com:8080",
    "site.com:",
    "site.com:99999",
    "user@site.com",
    "user:pw@site.com",
    "xn--bcher-kva.example",
    "b\u00fccher.example",
    "site_1.com",
    "site%2ecom",
    "",
]
_REST_PIECES = [
    "/",
    "/a/b.html",
    "//x",
    "?",
    "#",
    "&",
    "=",
    "?&&",
    "?id=5",
    "&utm_source=x",
    "&UTM_Medium=y",
    "&Utm_campaign",
    "&utm_=1",
    "&utm",
    "&fbclid=abc",
    "&FBCLID=1",
    "&gclid",
    "&_ga=2",
    "&a=1",
    "&b=",
    "#top",
    "#frag?x=1",
    "?q=%20x",
    "\\",
    "\\@evil.com/",
    "@",
    ":",
    "%",
    " ",
    "\t",
    "\u00a0",
    "\x7f",
    "\u00e9",
    "[",
    "]",
]


@st.composite
def _urls(draw: st.DrawFn) -> str:
    scheme = draw(st.sampled_from(_SCHEMES))
    host = draw(st.sampled_from(_HOSTS) | st.text(alphabet="az09.-_@:[]%A\u00e9", max_size=6))
    rest = "".join(draw(st.lists(st.sampled_from(_REST_PIECES), max_size=6)))
    around = draw(st.sampled_from(["", " ", "\t", "\n", "\u00a0", "\u3000"]))
    return around + scheme + host + rest + around


@settings(max_examples=2000, deadline=None)
@given(_urls() | st.text(max_size=30) | st.text(alphabet="hts:/.a?#&=_u@\\", max_size=30))
def test_urls_fast_path_equals_the_general_path(url: str) -> None:
    _assert_same(url)


# Cases the fast path must take: compared, and pinned to the fast path.
_FAST = [
    "https://site.com/a.html",
    "http://site.com/a.html",
    "//site.com/a.html",
    "  https://site.com/a.html  ",
    "https://site.com",
    "https://site.com/",
    "https://site.com?",
    "https://site.com#",
    "https://site.com/a?",
    "https://site.com/a#",
    "https://site.com/a?#",
    "https://site.com/a?&&",
    "https://site.com/a?&&#",
    "https://site.com/a?utm_source=x&id=5&fbclid=abc&UTM_Medium=y&b=2#top",
    "https://site.com/a?UTM_SOURCE=x",
    "https://site.com/a?Fbclid=1&gclid=2",
    "https://site.com/a?utm_",
    "https://site.com/a?utm=1",
    "https://site.com/a?id=1&&b=2&",
    "https://site.com/a?q=%20x&sort=",
    "https://site.com/a#frag?utm_source=1",
    "https://site.com/a?x=1#",
    "https://site.com.",
    "https://site.com./a",
    "https://www.site.com/a",
    "https://1.2.3.4/a",
    "https://site.com//a//b",
    "https://site.com/a@b",
    "https://site.com/a:b",
    "https://site.com/%7Euser",
    "https://site.com/\u00e9t\u00e9",
    "https://site.com/a?\u00e9=1",
]

# Cases that must fall back to urllib.parse: upper case, ports, IPv6, userinfo,
# backslashes, controls and spaces, other schemes, non-ASCII hosts, no host.
_GENERAL = [
    "HTTPS://site.com/a",
    "https://Site.com/a",
    "https://site.com:443/a",
    "http://site.com:80/a",
    "http://site.com:8080/a",
    "https://site.com:/a",
    "https://site.com:99999/a",
    "http://[::1]:8000/a",
    "http://[::1/a",
    "https://user@site.com/a",
    "https://user:pw@Site.com/a",
    "https://site.com\\@evil.com/",
    "https://site.com/a\\b",
    "https://site.com/a?b=\\",
    "https://si te.com/a",
    "https://site.com/a b",
    "https://site.com/a\tb",
    "https://site.com/a\x7fb",
    "https://site.com/a\u00a0b",
    "https://site.com/a\x85b",
    "https://b\u00fccher.example/a",
    "https://site_1.com/a",
    "https://site%2ecom/a",
    "https:///path-only",
    "https://",
    "//",
    "ftp://site.com/a",
    "javascript:alert(1)",
    "mailto:a@b.c",
    "not-a-url",
    "site.com/a",
    "",
]


@pytest.mark.parametrize("url", _FAST)
def test_urls_fast_path_takes_the_common_shape(url: str) -> None:
    assert _PLAIN_URL.fullmatch(url.strip()) is not None
    _assert_same(url)


@pytest.mark.parametrize("url", _GENERAL)
def test_urls_fast_path_leaves_the_rest_to_urllib(url: str) -> None:
    assert _PLAIN_URL.fullmatch(url.strip()) is None
    _assert_same(url)


def test_urls_fast_path_never_imports_urllib_parse(monkeypatch: pytest.MonkeyPatch) -> None:
    # A None entry in sys.modules makes any import of the module fail.
    monkeypatch.setitem(sys.modules, "urllib.parse", None)
    assert normalize_url("https://www.site.com/a?utm_source=x&id=5#top") == (
        "https://www.site.com/a?id=5#top"
    )
    assert source_of("https://www.site.com/a") == "site.com"
    assert path_of("https://www.site.com/2026/01/23/a.html?x=1#y") == "/2026/01/23/a.html"
    with pytest.raises(ImportError):
        normalize_url("https://Site.com/a")


def test_urls_fast_path_parse_of_a_plain_record_never_imports_urllib_parse(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setitem(sys.modules, "urllib.parse", None)
    header = " date 2026-01-23 https://site.com/20260125/a.html?utm_source=x"
    lines = ("", "A Plain Headline", "", "https://cdn.site.com/img/1.jpg", "", "Body text.")
    result = parse_record(RawRecord("f.txt", 1, header, lines), today=dt.date(2026, 2, 1))
    assert isinstance(result, Article)
    assert (result.url, result.images, result.source) == (
        "https://site.com/20260125/a.html",
        ("https://cdn.site.com/img/1.jpg",),
        "site.com",
    )
    # The day in the URL path was read (path_of), and disagrees with the header's.
    assert [f.rule for f in result.findings] == [DATE_URL_MISMATCH]
