"""An article URL in; its normalized form out (tracking parameters dropped), or URLError.

Pure functions, also for the source (host) and path of an article's URL and for
telling a URL from text. URLs of the common shape are read without urllib.parse.
"""

from __future__ import annotations

import re

from newsparse.errors import NewsparseError

#: Query parameters dropped from URLs: analytics and click identifiers that do
#: not change the page. Any key starting with ``utm_`` is dropped as well.
TRACKING_PARAMETERS = frozenset(
    {
        "fbclid",
        "gclid",
        "gclsrc",
        "dclid",
        "gbraid",
        "wbraid",
        "msclkid",
        "yclid",
        "twclid",
        "ttclid",
        "li_fat_id",
        "igshid",
        "mc_cid",
        "mc_eid",
        "_ga",
        "_gl",
        "_hsenc",
        "_hsmi",
        "mkt_tok",
        "oly_anon_id",
        "oly_enc_id",
        "vero_id",
        "rb_clickid",
        "s_cid",
        "wickedid",
        "ocid",
        "ncid",
        "cmpid",
        "at_medium",
        "at_campaign",
    }
)
_DEFAULT_PORTS = {"http": 80, "https": 443}


class URLError(NewsparseError, ValueError):
    """A URL that is not an absolute http(s) URL with a host."""


#: Characters no URL may hold: C0 and C1 controls, DEL, and any whitespace (a header's
#: ASCII spaces are encoded as %20 before the URL gets here).
#: (A pattern string: only URLs off the fast path below are searched for them.)
_URL_FORBIDDEN = r"[\x00-\x20\x7f-\x9f\s]"


#: The common shape of an article URL, which normalize_url and source_of read without
#: urllib.parse: http(s) or scheme-relative, a lower-case ASCII host (no userinfo, port,
#: brackets or percent), and no backslash, control character or whitespace anywhere.
#: Groups: scheme (None when scheme-relative), host, the rest (path, query, fragment).
_PLAIN_URL = re.compile(r"(?:(https?):)?//([a-z0-9.-]+)((?:[/?#][^\\\x00-\x20\x7f-\x9f\s]*)?)")


def normalize_url(url: str) -> str:
    """Normalize an article URL; raise URLError when it is not an http(s) URL.

    Trims it, turns ``//host`` into ``https://host``, lower-cases the scheme and
    host, drops a default port and the TRACKING_PARAMETERS, and keeps everything
    else exactly as it was (path, other parameters in order, fragment). A backslash
    before the query is a slash, as browsers read http(s) URLs, so
    ``https://site.com\\@evil.com/`` stays on site.com. A URL holding a control
    character or whitespace is an error.
    """
    url = url.strip()
    plain = _PLAIN_URL.fullmatch(url)
    if plain is None:
        return _normalize_general(url)
    # The common shape: what urlsplit and urlunsplit would make of it, written out
    # (a differential test holds it to _normalize_general). It takes 0.8 us where
    # urllib.parse takes 5.8, and parsing never imports urllib.parse (1.7 ms of
    # ipaddress at start).
    rest, _, fragment = plain[3].partition("#")
    path, _, query = rest.partition("?")
    if query:
        query = "&".join(p for p in query.split("&") if p and not _is_tracking(p))
    normal = (plain[1] or "https") + "://" + plain[2] + path
    if query:
        normal += "?" + query
    if fragment:
        normal += "#" + fragment
    return normal


def _normalize_general(url: str) -> str:
    """normalize_url for any stripped URL, through urllib.parse."""
    # urllib.parse is imported on first use, not at start: it costs about 1 ms
    # (it brings ipaddress), which commands that read no URL never need.
    from urllib.parse import urlsplit, urlunsplit

    if (bad := re.search(_URL_FORBIDDEN, url)) is not None:
        raise URLError(
            f"URL holds a control or whitespace character (U+{ord(bad.group()):04X}): {url!r}"
        )
    url = _browser_slashes(url)
    if url.startswith("//"):
        url = "https:" + url
    try:
        parts = urlsplit(url)
        port = parts.port
    except ValueError as exc:
        raise URLError(f"not a valid URL: {url!r} ({exc})") from None
    scheme = parts.scheme.lower()
    if scheme not in _DEFAULT_PORTS:
        raise URLError(f"not an http(s) URL: {url!r}")
    host = parts.hostname
    if not host:
        raise URLError(f"URL has no host: {url!r}")
    netloc = host if ":" not in host else f"[{host}]"
    if port is not None and port != _DEFAULT_PORTS[scheme]:
        netloc = f"{netloc}:{port}"
    if "@" in parts.netloc:
        netloc = parts.netloc.rpartition("@")[0] + "@" + netloc
    query = parts.query
    if query:
        query = "&".join(p for p in query.split("&") if p and not _is_tracking(p))
    return urlunsplit((scheme, netloc, parts.path, query, parts.fragment))


def _is_tracking(pair: str) -> bool:
    key = pair.split("=", 1)[0].lower()
    return key.startswith("utm_") or key in TRACKING_PARAMETERS


def _browser_slashes(url: str) -> str:
    """Backslashes before the query or fragment read as slashes, as the WHATWG URL
    standard (every browser) reads http(s) and scheme-relative URLs; urlsplit alone
    would take ``https://site.com\\@evil.com/`` for a URL on evil.com."""
    if "\\" not in url:
        return url
    end = min((i for i in (url.find("?"), url.find("#")) if i >= 0), default=len(url))
    head = url[:end]
    scheme = head.split(":", 1)[0].lower() if ":" in head.split("/", 1)[0] else ""
    if scheme and scheme not in _DEFAULT_PORTS:  # ("", *dict) trips mypyc
        return url
    return head.replace("\\", "/") + url[end:]


def source_of(url: str) -> str:
    """The site an URL belongs to: its host, without ``www.``, read as a browser reads it."""
    url = url.strip()
    plain = _PLAIN_URL.fullmatch(url)
    host = plain[2] if plain is not None else _host_general(url)
    return host[4:] if host.startswith("www.") else host


def _host_general(url: str) -> str:
    """The host of any stripped URL, through urllib.parse ("" when it has none)."""
    from urllib.parse import urlsplit  # on first use: see _normalize_general

    try:
        return urlsplit(_browser_slashes(url)).hostname or ""
    except ValueError:
        return ""


def path_of(url: str) -> str:
    """The path of a URL, as ``urllib.parse.urlsplit(url).path`` reads it."""
    plain = _PLAIN_URL.fullmatch(url)
    if plain is not None:
        return plain[3].partition("#")[0].partition("?")[0]
    from urllib.parse import urlsplit  # on first use: see _normalize_general

    return urlsplit(url).path


_URL_TOKEN = re.compile(r"^(?:[A-Za-z][A-Za-z0-9+.-]*:)?//\S+$")


def looks_like_url(token: str) -> bool:
    """True for a single token shaped like an absolute or scheme-relative URL."""
    return _URL_TOKEN.match(token) is not None
