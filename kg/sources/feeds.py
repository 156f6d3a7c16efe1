"""RSS 2.0 and Atom feeds: each item becomes an article (headline, a blank line, its content as text).

feedparser is handed the bytes already read, in a stream: given bytes or a string it would try
them as a file name or a URL first. An item's HTML content becomes text through trafilatura.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import io
import re
import unicodedata
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import urlsplit

import feedparser
from lxml import etree

from kg import settings
from kg.sources.article import Article, ReadError
from kg.sources.html import fragment_text
from kg.sources.text import SNIFF_BYTES, parse_date, read_error, read_limited, safe_id

#: Root elements of RSS 2.0 (``rss``), Atom (``feed``) and RSS 1.0 (``rdf:RDF``) documents.
FEED_ROOTS = frozenset({"rss", "feed", "RDF"})
_HTML_TYPES = ("text/html", "application/xhtml+xml")
#: Longest readable part of a feed item's id (six hex characters follow it).
MAX_SLUG_CHARS = 48


def root_element(data: bytes) -> str | None:
    """The local name of the XML document's root element, read from its first bytes; None if not XML."""
    try:
        for _event, element in etree.iterparse(
            io.BytesIO(data[:SNIFF_BYTES]),
            events=("start",),
            resolve_entities=False,
            no_network=True,
            load_dtd=False,
        ):
            return etree.QName(element).localname
    except etree.XMLSyntaxError:
        return None
    return None


def looks_like_feed(data: bytes) -> bool:
    """True if the data is XML whose root element is a feed's."""
    return root_element(data) in FEED_ROOTS


def _detail_text(detail: dict | None, value: str | None) -> str:
    """Plain text from a feed field: HTML content is converted, plain text kept."""
    if not value:
        return ""
    content_type = (detail or {}).get("type", "text/html")
    return fragment_text(value) if content_type in _HTML_TYPES else value.strip()


def _body(entry: feedparser.FeedParserDict) -> str:
    """The item's content as text: its full content if it has one, else its summary."""
    for content in entry.get("content") or ():
        text = _detail_text(content, content.get("value"))
        if text:
            return text
    return _detail_text(entry.get("summary_detail"), entry.get("summary"))


def _published(entry: feedparser.FeedParserDict) -> dt.date | None:
    """The item's date as written in the feed.

    feedparser's ``*_parsed`` tuples are converted to UTC, which moves a late-evening date to the
    next day; the date string itself is read first and the tuple is the fallback.
    """
    for key in ("published", "updated", "created"):
        if written := entry.get(key):
            date = parse_date(written)
            if date:
                return date
        if parsed := entry.get(f"{key}_parsed"):
            return dt.date(*parsed[:3])
    return None


def _http_url(url: str | None) -> str | None:
    # feedparser copies an Atom id or an RSS guid into ``link`` when there is no link: keep web URLs only.
    return url if url and url.startswith(("http://", "https://")) else None


def _words(text: str) -> list[str]:
    """Lower-case ASCII words: accents dropped (``"Rinkēvičs"`` -> ``"rinkevics"``), other characters split."""
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return re.findall(r"[a-z0-9]+", ascii_text.lower())


def _slug(words: list[str]) -> str:
    """Words joined by dashes, cut after a whole word at ``MAX_SLUG_CHARS``."""
    slug = ""
    for word in words:
        longer = f"{slug}-{word}" if slug else word
        if len(longer) > MAX_SLUG_CHARS:
            break
        slug = longer
    return slug or (words[0][:MAX_SLUG_CHARS] if words else "")


def _path_words(url: str | None) -> list[str]:
    """The words of a URL's most readable path segment (``.../estonia-defense-spending/amp/``), or none.

    A segment counts when it is a slug of at least two words with letters in one of three or more
    (a news site's "estonia-defense-spending"), not a number, an "amp" or an opaque id.
    """
    if not url:
        return []
    best: list[str] = []
    for segment in urlsplit(url).path.split("/"):
        words = _words(re.sub(r"\.(s?html?|php|aspx?)$", "", segment, flags=re.IGNORECASE))
        readable = len(words) >= 2 and any(len(w) >= 3 and not w.isdigit() for w in words)
        if readable and sum(map(len, words)) > sum(map(len, best)):
            best = words
    return best


def item_id(key: str, title: str | None, link: str | None) -> str:
    """A feed item's id: a short readable slug of its link's path (else its title) and six hex of ``key``.

    ``key`` is what tells the item apart (its guid, else its link), so two items never share an id;
    a guid that is already a short, safe id is kept as it is. The path comes before the title
    because a site may edit a headline but keeps the address.

    >>> item_id("https://thedefensepost.com/2025/03/19/estonia-defense-spending/amp/", None,
    ...         "https://thedefensepost.com/2025/03/19/estonia-defense-spending/amp/")
    'estonia-defense-spending-4b07c4'
    >>> item_id("https://news.example.org/?p=1234", "Poland raises defence spending to 4.7% of GDP", None)
    'poland-raises-defence-spending-to-4-7-of-gdp-c006df'
    >>> item_id("wire-2025-0412", "Borduria sets 3% defence target", None)
    'wire-2025-0412'
    """
    if safe_id(key) == key and len(key) <= MAX_SLUG_CHARS and not _is_url(key):
        return key
    slug = _slug(_path_words(link) or _words(title or "") or _path_words(key) or _words(key)) or "item"
    return f"{slug}-{hashlib.sha1(key.encode('utf-8', 'surrogatepass')).hexdigest()[:6]}"


def _is_url(text: str) -> bool:
    return bool(re.match(r"^[a-z][a-z0-9+.-]*:", text, re.IGNORECASE))


def parse_feed(data: bytes, source: str, stem: str) -> Iterator[Article | ReadError]:
    """The articles of a feed's bytes; item ``n`` is ``source#n`` in messages."""
    parsed = feedparser.parse(io.BytesIO(data))
    entries = parsed.entries
    notes: tuple[str, ...] = ()
    if parsed.bozo:
        reason = " ".join(str(parsed.get("bozo_exception", "not well-formed")).split())
        if not entries:
            yield read_error(source, f"not a valid RSS/Atom feed: {reason}")
            return
        notes = (f"feed is not well-formed ({reason}); read the items that could be parsed",)
    elif not entries:
        problem = "the feed has no items" if parsed.version else "not a valid RSS/Atom feed: no rss or feed element"
        yield read_error(source, problem)
        return
    limit = int(settings.limit("MAX_FEED_ITEMS"))
    for number, entry in enumerate(entries[:limit], start=1):
        item_source = f"{source}#{number}"
        title = " ".join(_detail_text(entry.get("title_detail"), entry.get("title")).split()) or None
        body = _body(entry)
        if not body:
            yield read_error(item_source, "no article text: the item has no content or summary")
            continue
        link = _http_url(entry.get("link"))
        yield Article(
            id=item_id(entry.get("id") or link, title, link)
            if entry.get("id") or link
            else safe_id(f"{stem}-{number}"),
            text=f"{title}\n\n{body}" if title else body,
            title=title,
            url=link,
            published=_published(entry),
            source=item_source,
            notes=notes,
        )
    if len(entries) > limit:
        skipped = len(entries) - limit
        yield read_error(
            source,
            f"too many items: {len(entries)} (limit {limit}; {settings.raise_hint('MAX_FEED_ITEMS')}): "
            f"read the first {limit}, skipped the last {skipped}",
        )


def read_feed_file(path: Path) -> Iterator[Article | ReadError]:
    """The articles of an ``.rss`` or ``.atom`` file."""
    data = read_limited(path, "MAX_FILE_BYTES")
    if isinstance(data, ReadError):
        yield data
        return
    yield from parse_feed(data, str(path), path.stem)


def read_xml_file(path: Path) -> Iterator[Article | ReadError]:
    """An ``.xml`` file: read as a feed if its root element is one, else refused."""
    data = read_limited(path, "MAX_FILE_BYTES")
    if isinstance(data, ReadError):
        yield data
        return
    root = root_element(data)
    if root not in FEED_ROOTS:
        found = f"root element <{root}>" if root else "not well-formed XML"
        yield read_error(str(path), f"not a feed ({found}; expected <rss>, <feed> or <rdf:RDF>)")
        return
    yield from parse_feed(data, str(path), path.stem)
