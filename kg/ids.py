"""Article ids: one rule for every source, so an id is always safe to use as a file name or in a page.

Ids come from untrusted places (a JSON Lines record, a feed item's guid, a facts file someone
sent) and become file names (``DIR/ID.json``), IRIs and text in views. Kept apart from the readers
so that the facts model applies the same rule without loading any reader.
"""

from __future__ import annotations

import hashlib
import re

#: Longest article id: ids become file names (``DIR/ID.json``).
MAX_ID_LENGTH = 120

_UNSAFE_ID_CHARS = re.compile(r"[^A-Za-z0-9._-]+")


def safe_id(raw: str) -> str:
    """An article id that is safe as a file name stem: it can never leave the folder it is written to.

    Keeps letters, digits, ``.``, ``_`` and ``-``; runs of anything else become one ``-``; leading
    and trailing dots and dashes go; at most 120 characters. When the id had to change, six hex
    characters of its SHA-1 are appended so that distinct raw ids stay distinct. Never empty.

    >>> safe_id("dev-000")
    'dev-000'
    >>> safe_id("../../etc/passwd")
    'etc-passwd-936d7c'
    >>> safe_id("")
    'article-da39a3'
    """
    cleaned = _UNSAFE_ID_CHARS.sub("-", raw).strip(".-")
    if cleaned and cleaned == raw and len(cleaned) <= MAX_ID_LENGTH:
        return cleaned
    digest = hashlib.sha1(raw.encode("utf-8", "surrogatepass")).hexdigest()[:6]
    stem = cleaned[: MAX_ID_LENGTH - len(digest) - 1].rstrip(".-") or "article"
    return f"{stem}-{digest}"


__all__ = ["MAX_ID_LENGTH", "safe_id"]
