"""CACHE: answers to SELECT queries kept beside the store, valid until the store changes.

Reading an answer back from Oxigraph's files costs a few microseconds per value, so a named query
over a million triples takes seconds; an analyst re-running it, or a notebook re-running its cells,
should not pay that twice for the same data. Each answer is saved (as JSON, never pickle: the
store's folder may be shared) under a key made of the query text, its bound values and the
store's *version*.

The version is a digest of the names, sizes and modification times of the database's own files.
Every write Oxigraph commits, through any API, appends to its write-ahead log or adds a table
file, so any change to the data changes the version and old answers are never read again; a
change to the files that leaves the data as it was (a compaction) only costs one recomputation.
A read-only store sees the data as it was when opened, so its version is taken just before
opening; a writable store's version is taken at each query.
"""

from __future__ import annotations

import hashlib
import json
import os
from pathlib import Path

import pandas as pd

#: The folder, inside a store's folder, that holds saved answers.
CACHE_DIR = "query-cache"

#: Saved answers kept per store; the oldest go first.
MAX_ENTRIES = 64

#: Answers bigger than this (rows x columns) are not saved: reading one back would cost about as
#: much as asking, and a few of them would fill the disk ("SELECT * WHERE { ?s ?p ?o }").
MAX_CELLS = 500_000

#: Files in a store's folder that change without any change to the data.
_NOT_DATA = ("LOCK", "LOG", "OPTIONS-", "kg-writer.pid", CACHE_DIR)

#: Set to 0 to answer every query from the store itself.
ENV = "DEFENSE_KG_QUERY_CACHE"


def enabled() -> bool:
    return os.environ.get(ENV, "1").strip().lower() not in ("0", "false", "no", "off")


def store_version(path: Path) -> str | None:
    """A digest of the database files' names, sizes and modification times (None if unreadable)."""
    try:
        entries = []
        for entry in os.scandir(path):
            if not entry.name.startswith(_NOT_DATA) and entry.is_file():
                stat = entry.stat()
                entries.append((entry.name, stat.st_size, stat.st_mtime_ns))
    except OSError:
        return None
    return hashlib.blake2b(repr(sorted(entries)).encode(), digest_size=12).hexdigest()


def _key(version: str, query: str, bindings: dict[str, str]) -> str:
    text = query + "\0" + "\0".join(f"{k}={v}" for k, v in sorted(bindings.items()))
    return f"{version}-{hashlib.blake2b(text.encode(), digest_size=12).hexdigest()}.json"


#: The column types ``kg.run_query`` gives (see ``kg.query._typed``), and nothing else.
_DTYPES = {"string", "Int64", "Float64", "boolean", "datetime64[ns]", "datetime64[us]", "datetime64[s]"}


def _column(series: pd.Series) -> list:
    """A typed column's values as JSON values: missing ones as null, dates as ISO text."""
    if str(series.dtype).startswith("datetime64"):
        return [None if pd.isna(v) else v.isoformat() for v in series]
    return [None if pd.isna(v) else v for v in series.astype(object)]


def load(store_path: Path, version: str, query: str, bindings: dict[str, str]) -> pd.DataFrame | None:
    """The saved answer as the typed DataFrame it was, or None when there is none to trust."""
    file = store_path / CACHE_DIR / _key(version, query, bindings)
    try:
        saved = json.loads(file.read_text(encoding="utf-8"))
        columns, dtypes, data = saved["columns"], saved["dtypes"], saved["data"]
        if not (isinstance(columns, list) and isinstance(dtypes, list) and isinstance(data, list)):
            return None
        if not (len(columns) == len(dtypes) == len(data) and all(d in _DTYPES for d in dtypes)):
            return None
        if len({len(values) for values in data}) > 1 or not all(isinstance(c, str) for c in columns):
            return None
        frame = {}
        for column, dtype, values in zip(columns, dtypes, data, strict=True):
            if dtype.startswith("datetime64"):
                frame[column] = pd.Series(pd.to_datetime(values), dtype=dtype)
            else:
                frame[column] = pd.Series(values, dtype=dtype)
        return pd.DataFrame(frame, columns=columns)
    except (OSError, ValueError, KeyError, TypeError):
        return None  # missing, half-written by another tool, or not ours: recompute


def save(store_path: Path, version: str, query: str, bindings: dict[str, str], frame: pd.DataFrame) -> None:
    """Save an answer (written to a temporary file and renamed: readers never see half of one).

    Answers under other versions can never be read again, so they go; a folder that cannot be
    written (a store on read-only media) just means no saved answers.
    """
    folder = store_path / CACHE_DIR
    name = _key(version, query, bindings)
    dtypes = [str(t) for t in frame.dtypes]
    if not all(d in _DTYPES for d in dtypes) or len(set(frame.columns)) != len(frame.columns):
        return
    if frame.size > MAX_CELLS:
        return
    try:
        folder.mkdir(exist_ok=True)
        text = json.dumps(
            {"columns": list(frame.columns), "dtypes": dtypes, "data": [_column(frame[c]) for c in frame.columns]}
        )
        tmp = folder / f".{name}.{os.getpid()}.tmp"
        tmp.write_text(text, encoding="utf-8")
        os.replace(tmp, folder / name)
        entries = sorted(folder.glob("*.json"), key=lambda p: p.stat().st_mtime_ns)
        current = [e for e in entries if e.name.startswith(version)]
        stale = [e for e in entries if not e.name.startswith(version)]
        for old in stale + current[: max(0, len(current) - MAX_ENTRIES)]:
            old.unlink(missing_ok=True)
    except (OSError, TypeError, ValueError):
        return
