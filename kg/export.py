"""EXPORT: the graph as Turtle, TriG, N-Quads, N-Triples or JSON-LD.

``serialize()`` is pure (store in, bytes out); ``write()`` writes through a temporary file in the
same folder and renames it, so an interrupted export never leaves a truncated file in place.
Turtle, N-Triples and JSON-LD give the union of all article graphs (each triple once); TriG and
N-Quads keep every article's named graph.
"""

from __future__ import annotations

import contextlib
import os
import re
import secrets
from pathlib import Path

import pyoxigraph as ox

from kg.errors import KGError
from kg.namespaces import PREFIXES, RESOURCE_PREFIXES
from kg.store import Store

#: Export formats by name: (pyoxigraph format, keeps named graphs, usual file suffix).
FORMATS: dict[str, tuple[ox.RdfFormat, bool, str]] = {
    "turtle": (ox.RdfFormat.TURTLE, False, ".ttl"),
    "trig": (ox.RdfFormat.TRIG, True, ".trig"),
    "nquads": (ox.RdfFormat.N_QUADS, True, ".nq"),
    "ntriples": (ox.RdfFormat.N_TRIPLES, False, ".nt"),
    "jsonld": (ox.RdfFormat.JSON_LD, False, ".jsonld"),
}


def _format(name: str) -> tuple[ox.RdfFormat, bool, str]:
    try:
        return FORMATS[name]
    except KeyError:
        raise KGError(f"unknown export format {name!r}; choose one of: {', '.join(FORMATS)}") from None


def serialize(store: Store, fmt: str = "turtle") -> bytes:
    """The store's content in ``fmt``, written with the ontology's prefixes."""
    rdf_format, keeps_graphs, _ = _format(fmt)
    prefixes = {p: str(n) for p, n in (PREFIXES | RESOURCE_PREFIXES).items()}
    if keeps_graphs:
        quads = store.article_quads()
        return ox.serialize(quads, format=rdf_format, prefixes=prefixes)
    return ox.serialize(store.union_triples(), format=rdf_format, prefixes=prefixes)


def format_for_path(path: Path | str) -> str:
    """The export format a file name's suffix asks for (Turtle when it says nothing we know)."""
    suffix = Path(path).suffix.lower()
    return next((name for name, (_, _, s) in FORMATS.items() if s == suffix), "turtle")


def write(store: Store, path: Path | str, fmt: str | None = None) -> Path:
    """Write the export to ``path`` atomically (temporary file, then rename).

    The file gets the permissions the umask gives new files, as any other file the user writes.
    Temporary files that earlier exports to the same path left behind (killed before the rename)
    are removed first.
    """
    path = Path(path)
    data = serialize(store, fmt or format_for_path(path))
    path.parent.mkdir(parents=True, exist_ok=True)
    remove_stale_temporary_files(path)
    fd, tmp = _temporary_file(path)
    try:
        with os.fdopen(fd, "wb") as out:
            out.write(data)
            out.flush()
            os.fsync(out.fileno())
        os.replace(tmp, path)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise
    return path


#: Characters of the target's name kept in a temporary file's name (a name has at most 255 bytes).
_NAME_KEPT = 120


def _temporary_name(path: Path, pid: int, token: str) -> str:
    """``.NAME.PID.TOKEN.tmp``: hidden, beside the target, naming the process that writes it."""
    return f".{path.name[:_NAME_KEPT]}.{pid}.{token}.tmp"


def _temporary_pattern(path: Path) -> re.Pattern[str]:
    return re.compile(rf"\.{re.escape(path.name[:_NAME_KEPT])}\.(\d+)\.[0-9a-f]{{8}}\.tmp")


def _temporary_file(path: Path) -> tuple[int, Path]:
    """A new temporary file beside ``path``, opened for writing, with the umask's permissions.

    (``tempfile.mkstemp`` would make it 0600, and the export would keep that mode after the rename.)
    """
    while True:
        tmp = path.parent / _temporary_name(path, os.getpid(), secrets.token_hex(4))
        try:
            return os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_BINARY", 0), 0o666), tmp
        except FileExistsError:
            continue


def _running(pid: int) -> bool:
    """Whether process ``pid`` still runs (True when that cannot be told)."""
    if os.name != "posix" or pid == os.getpid():
        return True  # on Windows os.kill would end the process rather than probe it
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except OSError:  # e.g. another user's process
        return True
    return True


def remove_stale_temporary_files(path: Path | str) -> list[Path]:
    """Remove the temporary files of exports to ``path`` whose process no longer runs; return them.

    Only names of the form ``.NAME.PID.TOKEN.tmp`` that this module makes are touched, and only
    when process PID is gone: an export at work in another process keeps its file.
    """
    path = Path(path)
    pattern = _temporary_pattern(path)
    removed = []
    try:
        entries = list(os.scandir(path.parent))
    except OSError:
        return removed
    for entry in entries:
        match = pattern.fullmatch(entry.name)
        if match and entry.is_file(follow_symlinks=False) and not _running(int(match.group(1))):
            with contextlib.suppress(FileNotFoundError):
                os.unlink(entry.path)
                removed.append(Path(entry.path))
    return removed
