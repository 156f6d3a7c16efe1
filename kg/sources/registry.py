"""Which reader reads which file: a registry from file suffix to reader, filled with the built-ins.

A reader takes a path and yields articles and ``ReadError``s. A file whose suffix no reader claims
is sniffed: binary is refused, a page is read as HTML, a feed as a feed, anything else as text.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path

from kg.sources import feeds, html, jsonl, text
from kg.sources.article import Article, ReadError

Reader = Callable[[Path], Iterator[Article | ReadError]]

#: The built-in readers by lower-case file suffix.
READERS: dict[str, Reader] = {
    ".txt": text.read_text_file,
    ".md": text.read_text_file,
    ".markdown": text.read_text_file,
    ".html": html.read_html_file,
    ".htm": html.read_html_file,
    ".jsonl": jsonl.read_jsonl_file,
    ".ndjson": jsonl.read_jsonl_file,
    ".rss": feeds.read_feed_file,
    ".atom": feeds.read_feed_file,
    ".xml": feeds.read_xml_file,
}

#: Facts files (read by ``kg.facts``, not here): skipped without a word when a folder is read.
FACTS_SUFFIXES = frozenset({".json", ".yaml", ".yml"})


def register_reader(suffix: str, reader: Reader) -> None:
    """Read files ending in ``suffix`` (e.g. ``".warc"``) with ``reader``, replacing any reader it had."""
    if not suffix.startswith(".") or len(suffix) < 2:
        raise ValueError(f"a suffix starts with a dot, like '.txt', not {suffix!r}")
    READERS[suffix.lower()] = reader


def is_article_file(path: Path) -> bool:
    """True for a file a folder read picks up: a suffix a reader claims, not hidden."""
    return not path.name.startswith(".") and path.suffix.lower() in READERS


def read_sniffed_file(path: Path) -> Iterator[Article | ReadError]:
    """A file whose suffix no reader claims, read by what its first bytes look like."""
    source = str(path)
    try:
        with text.open_regular(path) as handle:
            head = handle.read(text.SNIFF_BYTES)
    except OSError as exc:
        yield text.cannot_read(source, exc)
        return
    if text.looks_binary(head):
        yield text.read_error(source, "binary file, not text")
    elif feeds.looks_like_feed(head):
        yield from feeds.read_feed_file(path)
    elif html.looks_like_html(head):
        yield from html.read_html_file(path)
    else:
        yield from text.read_text_file(path)


def reader_for(path: Path) -> Reader:
    """The reader for a file: by its suffix, else by sniffing its content."""
    return READERS.get(path.suffix.lower(), read_sniffed_file)


def read_file(path: Path) -> Iterator[Article | ReadError]:
    """The articles of one file named explicitly (a facts file is refused with a pointer to ``kg.facts``)."""
    if path.suffix.lower() in FACTS_SUFFIXES:
        yield text.read_error(str(path), f"a {path.suffix} file holds facts, not an article: load it as facts")
        return
    yield from reader_for(path)(path)
