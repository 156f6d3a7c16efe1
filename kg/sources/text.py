"""Plain text and Markdown articles, and the byte-level rules every file reader shares.

A text article is its headline on the first line, then the body. An optional front-matter block
(``---`` ... ``---``, YAML) may open the file with ``url``, ``published``, ``title`` and ``id``;
``Article.text`` is everything after it, byte for byte, so evidence offsets point into the file's
own text. Shared here: safe article ids, size limits checked before reading, binary sniffing and
UTF-8 decoding that replaces invalid bytes and says so in ``Article.notes``.
"""

from __future__ import annotations

import datetime as dt
import os
import re
import stat
from collections.abc import Iterator
from pathlib import Path
from typing import BinaryIO

import yaml
from dateutil import parser as dateparser

from kg import settings
from kg.ids import safe_id
from kg.sources.article import Article, ReadError

#: Bytes looked at to decide whether a file is binary.
SNIFF_BYTES = 8192
#: Share of control characters above which a file is taken for binary rather than text.
MAX_CONTROL_SHARE = 0.30
#: Lines at the top of an article searched for a dateline or a "Published:" line.
DATELINE_LINES = 5
#: A dateline is a short line (a byline, a date alone); a date inside a longer line is body text.
MAX_DATELINE_CHARS = 80

# Control bytes other than tab, newline, vertical tab, form feed and carriage return.
_CONTROL_BYTES = bytes([*range(0, 9), *range(14, 32), 127])
_MONTH = (
    r"(?:January|February|March|April|May|June|July|August|September|October|November|December"
    r"|Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sept|Sep|Oct|Nov|Dec)\.?"
)
_DAY = r"\d{1,2}(?:st|nd|rd|th)?"
_DATE = re.compile(
    rf"\b(?:\d{{4}}-\d{{2}}-\d{{2}}|{_DAY}\s+{_MONTH},?\s+\d{{4}}|{_MONTH}\s+{_DAY},?\s+\d{{4}})\b",
    re.IGNORECASE,
)
_PUBLISHED_LINE = re.compile(r"^\W*(?:published|posted)\b", re.IGNORECASE)


def read_error(source: str, message: str) -> ReadError:
    """A ``ReadError`` whose message is one line, whatever the exception text it quotes."""
    return ReadError(source, " ".join(message.split()))


def megabytes(size: int) -> str:
    """A byte count for messages: ``52428801`` -> ``'52.4 MB'``, ``2000000`` -> ``'2 MB'``.

    >>> megabytes(52_428_801), megabytes(2_000_000), megabytes(200)
    ('52.4 MB', '2 MB', '200 bytes')
    """
    if size < 100_000:
        return f"{size} bytes"
    return f"{size / 1_000_000:.1f}".removesuffix(".0") + " MB"


def over_limit(size: int | None, name: str) -> str:
    """A size over the limit ``name``, its limit and how to raise it; ``size`` None when only "more than" is known.

    Sizes that read the same in MB are given in bytes, so the size never looks equal to the limit.

    >>> over_limit(52_428_801, "MAX_ARTICLE_BYTES")
    '52.4 MB (limit 2 MB; raise it with DEFENSE_KG_MAX_ARTICLE_BYTES)'
    >>> over_limit(2_000_001, "MAX_ARTICLE_BYTES")
    '2,000,001 bytes (limit 2,000,000 bytes; raise it with DEFENSE_KG_MAX_ARTICLE_BYTES)'
    >>> over_limit(None, "MAX_FETCH_BYTES")
    'more than 5 MB (limit 5 MB; raise it with DEFENSE_KG_MAX_FETCH_BYTES)'
    """
    limit = int(settings.limit(name))
    limit_shown = megabytes(limit)
    if size is None:
        shown = f"more than {limit_shown}"
    elif (shown := megabytes(size)) == limit_shown:
        shown, limit_shown = f"{size:,} bytes", f"{limit:,} bytes"
    return f"{shown} (limit {limit_shown}; {settings.raise_hint(name)})"


#: What a file that is not a regular file is, by ``stat.S_IFMT`` of its mode.
_SPECIAL_KINDS = {
    stat.S_IFIFO: "a FIFO",
    stat.S_IFSOCK: "a socket",
    stat.S_IFCHR: "a character device",
    stat.S_IFBLK: "a block device",
    stat.S_IFDIR: "a folder",
}


class NotRegularFile(OSError):
    """A FIFO, socket, device or folder where a file was expected: never opened for reading."""

    def __init__(self, mode: int) -> None:
        kind = _SPECIAL_KINDS.get(stat.S_IFMT(mode), "a special file")
        super().__init__(f"not a regular file ({kind}): not read")


def special_file_problem(mode: int) -> str | None:
    """The problem with reading a file of this ``st_mode`` (None for a regular file).

    >>> special_file_problem(stat.S_IFIFO | 0o644)
    'not a regular file (a FIFO): not read'
    """
    return None if stat.S_ISREG(mode) else str(NotRegularFile(mode))


def open_regular(path: Path) -> BinaryIO:
    """``path`` opened for reading bytes, if it is a regular file; else ``NotRegularFile``.

    A FIFO would block the open until something writes to it, and a device may never end, so the
    kind is checked before opening; the open itself does not wait (``O_NONBLOCK``), and the kind is
    checked again on the open file, in case the name was swapped for a FIFO in between.
    """
    mode = os.stat(path).st_mode
    if not stat.S_ISREG(mode):
        raise NotRegularFile(mode)
    fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_BINARY", 0))
    try:
        mode = os.fstat(fd).st_mode
        if not stat.S_ISREG(mode):
            raise NotRegularFile(mode)
        return os.fdopen(fd, "rb")
    except BaseException:
        os.close(fd)
        raise


def cannot_read(source: str, exc: OSError) -> ReadError:
    """The ``ReadError`` for a file that could not be opened or read."""
    if isinstance(exc, NotRegularFile):
        return read_error(source, str(exc))
    return read_error(source, f"cannot read: {exc.strerror or exc}")


def read_limited(path: Path, name: str) -> bytes | ReadError:
    """The file's bytes, or a ``ReadError`` if it is unreadable or larger than the limit ``name``.

    The size is checked with ``stat`` first, so a huge file is refused without being read.
    """
    source = str(path)
    limit = int(settings.limit(name))
    try:
        size = path.stat().st_size
        if size > limit:
            return read_error(source, f"too large: {over_limit(size, name)}")
        with open_regular(path) as handle:
            data = handle.read(limit + 1)  # the file may have grown since stat
    except OSError as exc:
        return cannot_read(source, exc)
    if len(data) > limit:
        return read_error(source, f"too large: {over_limit(None, name)}")
    return data


def looks_binary(data: bytes) -> bool:
    """True for data that is not text: a NUL byte, or many control characters, near the start."""
    head = data[:SNIFF_BYTES]
    if b"\x00" in head:
        return True
    if not head:
        return False
    controls = len(head) - len(head.translate(None, _CONTROL_BYTES))
    return controls / len(head) > MAX_CONTROL_SHARE


def decode_utf8(data: bytes) -> tuple[str, tuple[str, ...]]:
    """Text from UTF-8 bytes (a BOM is dropped); invalid bytes are replaced and counted in a note."""
    data = data.removeprefix(b"\xef\xbb\xbf")
    try:
        return data.decode("utf-8"), ()
    except UnicodeDecodeError:
        pass
    # surrogateescape maps each invalid byte to one lone surrogate: a linear way to count them.
    invalid = sum(1 for ch in data.decode("utf-8", "surrogateescape") if "\udc80" <= ch <= "\udcff")
    return data.decode("utf-8", "replace"), (f"invalid UTF-8 replaced ({invalid} bytes)",)


def check_text_bytes(source: str, data: bytes) -> ReadError | None:
    """A ``ReadError`` for binary or empty data, else None."""
    if looks_binary(data):
        return read_error(source, "binary file, not text")
    if not data.removeprefix(b"\xef\xbb\xbf").strip():
        return read_error(source, "empty file")
    return None


def headline(text: str) -> str | None:
    """The first non-empty line, without a leading Markdown ``#``: the article's title."""
    for line in text.splitlines():
        title = line.strip().lstrip("#").strip()
        if title:
            return title
    return None


def parse_date(value: str) -> dt.date | None:
    """A calendar date from a string such as ``2025-06-05`` or ``10 Aug. 2025``; None if it is not one.

    dateutil fills a missing day or month from today; parsing against two different defaults shows
    when it did, and such a partial date ("June 2025") is left out rather than guessed.

    >>> parse_date("Sat, 12 Apr 2025 23:30:00 -0500"), parse_date("June 2025")
    (datetime.date(2025, 4, 12), None)
    """
    try:
        first = dateparser.parse(value, fuzzy=False, default=dt.datetime(2000, 1, 1))
        second = dateparser.parse(value, fuzzy=False, default=dt.datetime(2001, 2, 2))
    except (ValueError, OverflowError):
        return None
    return first.date() if first.date() == second.date() else None


def dateline(text: str) -> dt.date | None:
    """The date of a "Published: ..." line or a short dateline among the first lines after the headline.

    A date inside a longer line is more likely an event in the story than the publication date,
    so only short lines count, unless the line says "Published".
    """
    lines = text.splitlines()[:DATELINE_LINES]
    title_seen = False
    for line in lines:
        stripped = line.strip()
        if not stripped:
            continue
        if not title_seen:
            title_seen = True
            continue
        if not _PUBLISHED_LINE.match(stripped) and len(stripped) > MAX_DATELINE_CHARS:
            continue
        match = _DATE.search(stripped)
        if match:
            return parse_date(match.group(0))
    return None


def _split_front_matter(text: str, source: str) -> tuple[dict, str] | ReadError:
    """The front-matter fields and the text after the block; ``({}, text)`` when there is none."""
    lines = text.splitlines(keepends=True)
    if not lines or lines[0].rstrip() != "---":
        return {}, text
    index = next((i for i, line in enumerate(lines[1:], start=1) if line.rstrip() in ("---", "...")), None)
    if index is None:
        return read_error(source, "front matter opened on line 1 is never closed with '---'")
    block = "".join(lines[1:index])
    try:
        fields = yaml.safe_load(block)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f" on line {mark.line + 2}" if mark is not None else ""
        problem = getattr(exc, "problem", None) or str(exc)
        return read_error(source, f"bad front matter{where}: {problem}")
    if fields is None:
        fields = {}
    if not isinstance(fields, dict):
        return read_error(source, "front matter is not a block of 'field: value' lines")
    return fields, "".join(lines[index + 1 :])


def _front_matter_date(value: object) -> dt.date | str | None:
    """The ``published`` field as a date, None when absent, or the problem as a string."""
    if value is None:
        return None
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    if isinstance(value, str) and (date := parse_date(value)):
        return date
    return f"front matter: published: not a date: {str(value)[:40]!r}"


def _front_matter_str(fields: dict, name: str) -> str | None:
    value = fields.get(name)
    if value is None or isinstance(value, bool):
        return None
    return str(value).strip() or None


def parse_text(data: bytes, source: str, default_id: str) -> Article | ReadError:
    """One article from the bytes of a text or Markdown file (front matter optional)."""
    if error := check_text_bytes(source, data):
        return error
    decoded, notes = decode_utf8(data)
    split = _split_front_matter(decoded, source)
    if isinstance(split, ReadError):
        return split
    fields, text = split
    if not text.strip():
        return read_error(source, "no article text after the front matter")
    published = _front_matter_date(fields.get("published"))
    if isinstance(published, str):
        return read_error(source, published)
    raw_id = _front_matter_str(fields, "id")
    return Article(
        id=safe_id(raw_id or default_id),
        text=text,
        title=_front_matter_str(fields, "title") or headline(text),
        url=_front_matter_str(fields, "url"),
        published=published or dateline(text),
        source=source,
        notes=notes,
    )


def read_text_file(path: Path) -> Iterator[Article | ReadError]:
    """The article in a ``.txt`` or ``.md`` file; its id is the file's stem unless front matter gives one."""
    data = read_limited(path, "MAX_ARTICLE_BYTES")
    yield data if isinstance(data, ReadError) else parse_text(data, str(path), path.stem)
