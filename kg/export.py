"""EXPORT: the graph as Turtle, TriG, N-Quads, N-Triples or JSON-LD.

``serialize()`` is pure (store in, bytes out); ``write()`` writes through a temporary file in the
same folder and renames it, so an interrupted export never leaves a truncated file in place.
Turtle, N-Triples and JSON-LD give the union of all article graphs (each triple once); TriG and
N-Quads keep every article's named graph.
"""

from __future__ import annotations

import os
import tempfile
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
    """Write the export to ``path`` atomically (temporary file, then rename)."""
    path = Path(path)
    data = serialize(store, fmt or format_for_path(path))
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as out:
            out.write(data)
            out.flush()
            os.fsync(out.fileno())
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    return path
