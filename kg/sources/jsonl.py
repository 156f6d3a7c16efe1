"""JSON Lines: one article a line, ``{"id", "url", "title", "published", "text"}``.

The file is streamed a line at a time, so a large corpus never sits in memory whole; a bad line
gives a ``ReadError`` naming ``path:LINE`` and the field, and the other lines are still read.
``text`` is used exactly as the record gives it, since evidence offsets point into it.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Iterator
from pathlib import Path
from typing import BinaryIO

from kg import settings
from kg.sources.article import Article, ReadError
from kg.sources.text import (
    SNIFF_BYTES,
    cannot_read,
    decode_utf8,
    headline,
    looks_binary,
    open_regular,
    over_limit,
    read_error,
    safe_id,
)

#: Bytes read at a time when skipping the rest of an over-long line.
_SKIP_CHUNK = 1 << 20


def _without_break(line: bytes) -> int:
    """The length of a line without its line break (``\\n`` or ``\\r\\n``)."""
    return len(line) - (2 if line.endswith(b"\r\n") else 1 if line.endswith(b"\n") else 0)


def _read_line(handle: BinaryIO, limit: int) -> tuple[bytes, int | None]:
    """The next line and, when its record is longer than ``limit`` bytes, that length (else None).

    At most ``limit`` bytes and a line break are read at once; an over-long line is skipped to its
    end in chunks, so one huge record never fills memory, and its length is counted on the way.
    """
    line = handle.readline(limit + 2)
    if _without_break(line) <= limit:
        return line, None
    length = len(line)
    rest = line
    while rest and not rest.endswith(b"\n"):
        rest = handle.readline(_SKIP_CHUNK)
        length += len(rest)
    return line, length - (len(rest) - _without_break(rest))


def _published(value: object) -> dt.date | str | None:
    """The ``published`` field as a date, None when null, or the problem as a string."""
    if value is None:
        return None
    if isinstance(value, str):
        try:
            return dt.date.fromisoformat(value)
        except ValueError:
            try:
                return dt.datetime.fromisoformat(value).date()
            except ValueError:
                pass
    return f"published: not an ISO date (YYYY-MM-DD): {str(value)[:40]!r}"


def _optional_str(record: dict, name: str) -> str | None:
    """A field that must be a string or null; raises ValueError naming the field otherwise."""
    value = record.get(name)
    if value is not None and not isinstance(value, str):
        raise ValueError(f"{name}: not a string but {type(value).__name__}")
    return value or None


def parse_record(line: str, source: str, default_id: str, notes: tuple[str, ...] = ()) -> Article | ReadError:
    """One article from one JSON Lines record."""
    if (nul := line.find("\x00")) >= 0:  # JSON allows no raw control character, and a NUL says binary
        return read_error(source, f"invalid JSON: a NUL byte at column {nul + 1} (binary data, not text)")
    try:
        record = json.loads(line)
    except json.JSONDecodeError as exc:
        return read_error(source, f"invalid JSON: {exc.msg.removesuffix(' at')} at column {exc.pos + 1}")
    if not isinstance(record, dict):
        return read_error(source, f"not a JSON object but {type(record).__name__}")
    text = record.get("text")
    if not isinstance(text, str):
        problem = "missing" if text is None else f"not a string but {type(text).__name__}"
        return read_error(source, f"text: {problem}")
    if not text.strip():
        return read_error(source, "text: empty")
    raw_id = record.get("id")
    if isinstance(raw_id, bool) or not isinstance(raw_id, str | int | None):
        return read_error(source, f"id: not a string or an integer but {type(raw_id).__name__}")
    published = _published(record.get("published"))
    if isinstance(published, str):
        return read_error(source, published)
    try:
        title = _optional_str(record, "title")
        url = _optional_str(record, "url")
    except ValueError as exc:
        return read_error(source, str(exc))
    return Article(
        id=safe_id(str(raw_id) if raw_id not in (None, "") else default_id),
        text=text,
        title=title.strip() if title else headline(text),
        url=url,
        published=published,
        source=source,
        notes=notes,
    )


def read_jsonl_file(path: Path) -> Iterator[Article | ReadError]:
    """The articles of a ``.jsonl`` file; a record without an id gets ``{stem}-{line}``."""
    source = str(path)
    try:
        size = path.stat().st_size
        if size > settings.limit("MAX_FILE_BYTES"):
            yield read_error(source, f"too large: {over_limit(size, 'MAX_FILE_BYTES')}")
            return
        with open_regular(path) as handle:
            head = handle.read(SNIFF_BYTES)
            handle.seek(0)
            records = _records(handle, path)
            yield from _unless_binary(records, handle, source) if looks_binary(head) else records
    except OSError as exc:
        yield cannot_read(source, exc)


def _unless_binary(
    records: Iterator[Article | ReadError], handle: BinaryIO, source: str
) -> Iterator[Article | ReadError]:
    """The records of a file whose first bytes look binary (a NUL byte, many control characters).

    One NUL byte in a record must cost that record only, wherever it is in the file; a file that is
    binary through and through (a gzip, an image) must cost one line, not one per line. So the
    records are held back until one reads as an article: then they all go on as usual. If none
    does within the first ``SNIFF_BYTES``, the file is refused as binary.
    """
    held: list[Article | ReadError] = []
    for item in records:
        held.append(item)
        if isinstance(item, Article):
            yield from held
            yield from records
            return
        if handle.tell() >= SNIFF_BYTES:
            break
    yield read_error(source, "binary file, not text")


def _records(handle: BinaryIO, path: Path) -> Iterator[Article | ReadError]:
    limit = int(settings.limit("MAX_ARTICLE_BYTES"))
    seen_record = False
    line_number = 0
    while True:
        raw, too_long = _read_line(handle, limit)
        if not raw:
            break
        line_number += 1
        source = f"{path}:{line_number}"
        if too_long is not None:
            seen_record = True
            yield read_error(source, f"record too large: {over_limit(too_long, 'MAX_ARTICLE_BYTES')}")
            continue
        if line_number == 1:
            raw = raw.removeprefix(b"\xef\xbb\xbf")
        if not raw.strip():
            continue
        seen_record = True
        line, notes = decode_utf8(raw)
        yield parse_record(line, source, f"{path.stem}-{line_number}", notes)
    if not seen_record:
        yield read_error(str(path), "empty file")
