"""HTML pages: trafilatura finds the article (no navigation, adverts or footers) and its metadata.

Everything happens offline: trafilatura is handed the page's text and never fetches anything.
``Article.text`` is the headline, a blank line, then the main text, like the other readers.
"""

from __future__ import annotations

import codecs
import datetime as dt
import re
from collections.abc import Iterator
from pathlib import Path

import lxml.html
import trafilatura
from lxml.etree import ParserError

from kg.sources.article import Article, ReadError
from kg.sources.text import SNIFF_BYTES, check_text_bytes, decode_utf8, read_error, read_limited, safe_id

#: Only dates the page declares (meta tags, ``<time>``, JSON-LD), never a date guessed from the
#: body text, which is as likely an event in the story; a fixed upper bound keeps results the same
#: whatever day the extraction runs.
DATE_PARAMS = {"original_date": True, "extensive_search": False, "max_date": "2099-12-31"}

_META_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9_.:-]+)""", re.IGNORECASE)
_HTML_START = re.compile(rb"<!doctype\s+html|<html[\s>]|<head[\s>]|<body[\s>]", re.IGNORECASE)


def looks_like_html(data: bytes) -> bool:
    """True if the first bytes open an HTML document."""
    return bool(_HTML_START.search(data[:SNIFF_BYTES]))


def declared_charset(data: bytes) -> str | None:
    """The charset a ``<meta>`` tag declares near the top of the page, if any."""
    match = _META_CHARSET.search(data[:SNIFF_BYTES])
    return match.group(1).decode("ascii") if match else None


def decode_html(data: bytes, charset: str | None = None) -> tuple[str, tuple[str, ...]]:
    """The page as text: UTF-8, else the charset of the HTTP header or a ``<meta>`` tag.

    When neither decodes the bytes, invalid UTF-8 is replaced and a note says how many bytes were
    (rather than guessing an encoding that may turn the text into nonsense without a word).
    """
    try:
        return data.removeprefix(b"\xef\xbb\xbf").decode("utf-8"), ()
    except UnicodeDecodeError:
        pass
    for name in (charset, declared_charset(data)):
        if not name:
            continue
        try:
            if codecs.lookup(name).name == "utf-8":
                continue
            return data.decode(name), ()
        except (LookupError, UnicodeDecodeError):
            continue
    return decode_utf8(data)


def _same_line(a: str, b: str) -> bool:
    return " ".join(a.split()).casefold() == " ".join(b.split()).casefold()


def _without_headline(body: str, title: str) -> str:
    """The main text without its first line when that line is the headline (it is put back on top)."""
    first, _, rest = body.partition("\n")
    return rest.lstrip("\n") if _same_line(first, title) else body


def _http_url(url: str | None) -> str | None:
    return url if url and url.startswith(("http://", "https://")) else None


def _iso_date(value: str | None) -> dt.date | None:
    try:
        return dt.date.fromisoformat(value[:10]) if value else None
    except ValueError:
        return None


def parse_html(
    data: bytes, source: str, article_id: str, *, page_url: str | None = None, charset: str | None = None
) -> Article | ReadError:
    """One article from an HTML page's bytes.

    ``page_url`` is where the page was fetched from: the article's url unless the page declares a
    canonical one. ``charset`` is the one an HTTP header declared, if any.
    """
    if error := check_text_bytes(source, data):
        return error
    page, notes = decode_html(data, charset)
    document = trafilatura.bare_extraction(
        page,
        url=page_url,
        with_metadata=True,
        include_comments=False,
        date_extraction_params=DATE_PARAMS,
    )
    if document is None:
        return read_error(source, "no article text found in the HTML")
    body = (document.text or "").strip()
    title = " ".join((document.title or "").split()) or None
    if title:
        body = _without_headline(body, title)
    if not body:
        return read_error(source, "no article text found in the HTML")
    text = f"{title}\n\n{body}" if title else body
    return Article(
        id=safe_id(article_id),
        text=text,
        title=title,
        url=_http_url(document.url) or _http_url(page_url),
        published=_iso_date(document.date),
        source=source,
        notes=notes,
    )


def fragment_text(fragment: str) -> str:
    """Plain text from a fragment of HTML (a feed item's content), paragraphs on their own lines.

    trafilatura, tuned for recall since the whole fragment is content, keeps paragraphs and list
    items apart; for a short fragment it finds no article in, lxml's text content does.
    """
    text = trafilatura.extract(fragment, favor_recall=True, include_comments=False, date_extraction_params=DATE_PARAMS)
    if text and text.strip():
        return text.strip()
    try:
        return lxml.html.fragment_fromstring(fragment, create_parent="div").text_content().strip()
    except (ParserError, ValueError):
        return ""


def read_html_file(path: Path) -> Iterator[Article | ReadError]:
    """The article in an ``.html`` file; its id is the file's stem."""
    data = read_limited(path, "MAX_ARTICLE_BYTES")
    yield data if isinstance(data, ReadError) else parse_html(data, str(path), path.stem)
