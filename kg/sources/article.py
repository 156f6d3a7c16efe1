"""The unit every reader yields: one article's text and metadata, or an error naming the input."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field


@dataclass(frozen=True)
class Article:
    """One article as read from a file, a record, a feed item or a URL.

    ``text`` is exactly what facts are extracted from and what evidence offsets point into: the
    headline on its first line when the input has one, then the body. ``source`` names where it
    came from (a path, ``path:line`` for JSON Lines, ``path#item`` for feeds, or the URL), for
    messages; ``notes`` holds warnings a user should see (e.g. invalid UTF-8 replaced).
    """

    id: str
    text: str
    title: str | None = None
    url: str | None = None
    published: dt.date | None = None
    source: str = ""
    notes: tuple[str, ...] = field(default=())


@dataclass(frozen=True)
class ReadError:
    """An input that could not be read; ``message`` names the input and the problem in one line."""

    source: str
    message: str

    def __str__(self) -> str:
        return f"{self.source}: {self.message}"
