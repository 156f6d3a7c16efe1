"""``http(s)://`` URLs: fetched with a time limit and a size limit, then read as HTML (or a feed).

The limits are ``settings.FETCH_TIMEOUT_SECONDS`` and ``settings.MAX_FETCH_BYTES``, raised or lowered
with ``DEFENSE_KG_FETCH_TIMEOUT`` and ``DEFENSE_KG_MAX_FETCH_BYTES``.

Every failure (refused connection, unknown host, timeout, HTTP error, a body too large, content
that is not a page) becomes one ``ReadError`` naming the URL and the problem.
"""

from __future__ import annotations

import dataclasses
import hashlib
import http.client
import re
import socket
import ssl
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass
from email.message import Message
from pathlib import PurePosixPath
from urllib.parse import urlsplit

from kg import settings
from kg.sources.article import Article, ReadError
from kg.sources.feeds import looks_like_feed, parse_feed
from kg.sources.html import looks_like_html, parse_html
from kg.sources.text import looks_binary, over_limit, parse_text, read_error

USER_AGENT = "defense-kg/0.1"
_ACCEPT = "text/html, application/xhtml+xml, application/rss+xml, application/atom+xml, text/plain;q=0.5, */*;q=0.1"
_HTML_TYPES = frozenset({"text/html", "application/xhtml+xml"})
_FEED_TYPES = frozenset({"application/rss+xml", "application/atom+xml", "application/rdf+xml"})
_XML_TYPES = frozenset({"application/xml", "text/xml"})
_PAGE_SUFFIXES = frozenset({".html", ".htm", ".shtml", ".php", ".asp", ".aspx", ".jsp"})
_CHUNK = 1 << 16


class FetchError(Exception):
    """A URL that could not be fetched; the message is the problem in a few words."""


@dataclass(frozen=True)
class Response:
    """What a fetch returns: the final URL after redirects, the content type and charset, the body."""

    url: str
    content_type: str | None
    charset: str | None
    body: bytes


def is_url(value: str) -> bool:
    """True for an ``http://`` or ``https://`` URL."""
    return value.lower().startswith(("http://", "https://"))


def url_id(url: str) -> str:
    """An article id for a URL: a slug of its last path segment (or host) and 8 hex of its SHA-1.

    >>> url_id("https://news.example.org/defence/ruritania-budget.html")
    'ruritania-budget-752366b1'
    """
    parts = urlsplit(url)
    segment = PurePosixPath(parts.path).name
    if PurePosixPath(segment).suffix.lower() in _PAGE_SUFFIXES:
        segment = PurePosixPath(segment).stem
    slug = re.sub(r"[^a-z0-9]+", "-", (segment or parts.hostname or "").lower()).strip("-")[:80].strip("-")
    return f"{slug or 'page'}-{hashlib.sha1(url.encode('utf-8')).hexdigest()[:8]}"


class _WebOnlyRedirects(urllib.request.HTTPRedirectHandler):
    """Follows redirects to http(s) URLs only (urllib would also follow one to ``ftp://``)."""

    def redirect_request(self, req, fp, code, msg, headers, newurl):
        if not is_url(newurl):
            raise FetchError(f"redirected to a URL that is not http(s): {newurl}")
        return super().redirect_request(req, fp, code, msg, headers, newurl)


def _timed_out(timeout: float) -> str:
    """The message for a fetch past the time limit: the limit and how to raise it."""
    return f"cannot fetch: timed out (limit {timeout:g} s; {settings.raise_hint('FETCH_TIMEOUT_SECONDS')})"


def _why(reason: object) -> str:
    """A few words for why a connection failed."""
    if isinstance(reason, ConnectionRefusedError):
        return "connection refused"
    if isinstance(reason, ConnectionResetError):
        return "connection reset by the server"
    if isinstance(reason, socket.gaierror):
        return "host not found"
    if isinstance(reason, ssl.SSLError):
        return f"TLS error: {reason.reason or reason}"
    if isinstance(reason, OSError):
        return reason.strerror or str(reason) or type(reason).__name__
    return str(reason)


def fetch(url: str) -> Response:
    """GET the URL within the fetch timeout, reading at most the fetch size limit (see ``kg.settings``).

    Raises ``FetchError`` with the problem. The timeout bounds each network wait and the whole
    body: the body is read as it arrives, so a server sending a byte at a time is stopped too.
    """
    timeout = settings.limit("FETCH_TIMEOUT_SECONDS")
    limit = int(settings.limit("MAX_FETCH_BYTES"))
    deadline = time.monotonic() + timeout
    request = urllib.request.Request(url, headers={"User-Agent": USER_AGENT, "Accept": _ACCEPT})
    opener = urllib.request.build_opener(_WebOnlyRedirects)
    try:
        with opener.open(request, timeout=timeout) as response:
            length = response.headers.get("Content-Length", "").strip()
            if length.isdigit() and int(length) > limit:
                declared = over_limit(int(length), "MAX_FETCH_BYTES")
                raise FetchError(f"response too large: the server declares {declared}")
            chunks: list[bytes] = []
            size = 0
            # read1 returns what one network read brings, so the deadline is checked as data arrives
            while chunk := response.read1(min(_CHUNK, limit + 1 - size)):
                chunks.append(chunk)
                size += len(chunk)
                if size > limit:
                    raise FetchError(f"response too large: {over_limit(None, 'MAX_FETCH_BYTES')}")
                if time.monotonic() > deadline:
                    raise FetchError(_timed_out(timeout))
            headers: Message = response.headers
            return Response(
                response.geturl(),
                headers.get_content_type() if "Content-Type" in headers else None,
                headers.get_content_charset(),
                b"".join(chunks),
            )
    except urllib.error.HTTPError as exc:
        exc.close()
        raise FetchError(f"cannot fetch: HTTP {exc.code} {exc.reason}") from None
    except urllib.error.URLError as exc:
        if isinstance(exc.reason, TimeoutError):
            raise FetchError(_timed_out(timeout)) from None
        raise FetchError(f"cannot fetch: {_why(exc.reason)}") from None
    except http.client.HTTPException as exc:
        raise FetchError(f"cannot fetch: bad HTTP response ({type(exc).__name__})") from None
    except TimeoutError:
        raise FetchError(_timed_out(timeout)) from None
    except OSError as exc:
        raise FetchError(f"cannot fetch: {_why(exc)}") from None
    except ValueError as exc:
        raise FetchError(f"not a valid URL: {exc}") from None


def _kind(response: Response) -> str:
    """How to read the body: 'html', 'feed', 'text', or the problem."""
    content_type = response.content_type
    body = response.body
    if content_type in _HTML_TYPES:
        return "html"
    if content_type in _FEED_TYPES:
        return "feed"
    if content_type in _XML_TYPES or content_type is None:
        if looks_like_feed(body):
            return "feed"
        if looks_like_html(body):
            return "html"
    if content_type is None:
        return "binary" if looks_binary(body) else "text"
    if content_type.startswith("text/") and content_type not in _XML_TYPES:
        return "text"
    return f"not an HTML page (content type {content_type})"


def read_url(url: str) -> Iterator[Article | ReadError]:
    """The article at an ``http(s)://`` URL (or the items of a feed there)."""
    if not is_url(url):
        yield read_error(url, "only http:// and https:// URLs are read")
        return
    try:
        response = fetch(url)
    except FetchError as exc:
        yield read_error(url, str(exc))
        return
    article_id = url_id(url)
    kind = _kind(response)
    if kind == "html":
        yield parse_html(response.body, url, article_id, page_url=response.url, charset=response.charset)
    elif kind == "feed":
        yield from parse_feed(response.body, url, article_id)
    elif kind == "text":
        article = parse_text(response.body, url, article_id)
        if isinstance(article, Article) and not article.url:
            article = dataclasses.replace(article, url=response.url)
        yield article
    elif kind == "binary":
        yield read_error(url, "binary content, not a page")
    else:
        yield read_error(url, kind)
