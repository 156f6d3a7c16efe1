"""QUERY: SPARQL over the store, from a string, a file or a named query, into typed DataFrames.

Values from outside (a country code, a person's name) are never pasted into query text: they are
bound to variables (``params``), which Oxigraph substitutes as values. Named queries are ``.rq``
files in ``kg/queries/`` whose first line says what they answer.
"""

from __future__ import annotations

import datetime as dt
import difflib
import re
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path

import pandas as pd
import pyoxigraph as ox
from rdflib import Graph

from kg import cache
from kg.errors import QueryError
from kg.namespaces import PREFIXES
from kg.settings import QUERIES_DIR
from kg.store import Store, rdflib_term

XSD = "http://www.w3.org/2001/XMLSchema#"
_INTEGER_TYPES = {f"{XSD}{t}" for t in ("integer", "int", "long", "nonNegativeInteger", "positiveInteger", "short")}
_PARAMETER = re.compile(r"VALUES \?(\w+) \{ UNDEF \}")
_FLOAT_TYPES = {f"{XSD}{t}" for t in ("decimal", "double", "float")}


@dataclass(frozen=True)
class NamedQuery:
    """A query shipped with defense-kg."""

    name: str
    description: str
    text: str
    path: Path


def named_queries() -> dict[str, NamedQuery]:
    """The library of named queries, by name (the ``.rq`` file's stem)."""
    out = {}
    for path in sorted(QUERIES_DIR.glob("*.rq")):
        text = path.read_text(encoding="utf-8")
        first = text.splitlines()[0] if text else ""
        out[path.stem] = NamedQuery(path.stem, first.lstrip("# ").strip(), text, path)
    return out


def _existing_file(spec: str) -> Path | None:
    """``spec`` as a path when it names a file that exists; None for anything else.

    Never raises: SPARQL given inline may be longer than a file name can be, or hold a NUL byte,
    and asking the file system about it must not fail.
    """
    if "\n" in spec:
        return None
    try:
        path = Path(spec)
        return path if path.is_file() else None
    except (OSError, ValueError):
        return None


def _looks_like_a_file_name(spec: str) -> bool:
    """A name ending in ``.rq``/``.sparql`` with no spaces or braces: a query file the user meant."""
    return spec.endswith((".rq", ".sparql")) and not any(c in spec for c in " \t\n{}")


def resolve_query(spec: str) -> str:
    """Query text for a named query, a ``.rq``/``.sparql`` file path, or SPARQL given inline."""
    queries = named_queries()
    if spec in queries:
        return queries[spec].text
    path = _existing_file(spec)
    if path is not None:
        try:
            return path.read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError) as exc:
            raise QueryError(f"{spec}: cannot read the query file: {exc}") from None
    if _looks_like_a_file_name(spec):
        raise QueryError(f"{spec}: no such query file")
    if not any(word in spec.upper() for word in ("SELECT", "CONSTRUCT", "ASK", "DESCRIBE")):
        close = difflib.get_close_matches(spec, list(queries), n=3)
        hint = f"; did you mean {', '.join(close)}?" if close else f"; named queries: {', '.join(queries)}"
        raise QueryError(f"{spec!r} is not a named query, a query file or SPARQL{hint}")
    return spec


def _bound_value(value: object) -> ox.NamedNode | ox.Literal:
    """A parameter as an RDF term: IRIs stay IRIs, numbers and dates keep their type, the rest is text."""
    if isinstance(value, ox.NamedNode | ox.Literal):
        return value
    if isinstance(value, bool):
        return ox.Literal(str(value).lower(), datatype=ox.NamedNode(f"{XSD}boolean"))
    if isinstance(value, int):
        return ox.Literal(str(value), datatype=ox.NamedNode(f"{XSD}integer"))
    if isinstance(value, float | Decimal):
        return ox.Literal(str(value), datatype=ox.NamedNode(f"{XSD}decimal"))
    if isinstance(value, dt.date):
        return ox.Literal(value.isoformat(), datatype=ox.NamedNode(f"{XSD}date"))
    text = str(value)
    if text.startswith(("http://", "https://")) and " " not in text:
        try:
            return ox.NamedNode(text)
        except ValueError:
            return ox.Literal(text)  # not a valid IRI: bound as the text it is
    return ox.Literal(text)  # text stays text ("007" is a name); a query casts where it wants a number


def query_parameters(text: str) -> list[str]:
    """The variables a query lets callers bind: those declared as ``VALUES ?name { UNDEF }``."""
    return _PARAMETER.findall(text)


def bind_parameters(text: str, params: dict[str, object]) -> tuple[str, dict[ox.Variable, object]]:
    """Bind ``params`` to the query's declared parameters.

    A declared parameter's ``VALUES ?name { UNDEF }`` block gets the value as an RDF term, written
    by pyoxigraph's serializer (so quotes, braces and newlines in it stay inside the literal). Any
    other variable is passed to Oxigraph as a substitution, which needs it in the SELECT clause.
    """
    substitutions = {}
    for key, value in params.items():
        name = key.lstrip("?$")
        block = f"VALUES ?{name} {{ UNDEF }}"
        term = _bound_value(value)
        if block in text:
            text = text.replace(block, f"VALUES ?{name} {{ {term} }}")
        else:
            substitutions[ox.Variable(name)] = term
    return text, substitutions


def _python(term: object) -> object:
    """An RDF term as the Python value a DataFrame column should hold."""
    if term is None:
        return None
    if isinstance(term, ox.Literal):
        dtype = term.datatype.value
        try:
            if dtype in _INTEGER_TYPES:
                return int(term.value)
            if dtype in _FLOAT_TYPES:
                return float(term.value)
            if dtype == f"{XSD}boolean":
                return term.value in ("true", "1")
            if dtype == f"{XSD}date":
                return pd.Timestamp(term.value)
        except ValueError:
            return term.value
        return term.value
    return term.value  # IRIs and blank nodes as strings


def _one_line(message: str, limit: int = 160) -> str:
    """The parser's message on one line; its long list of expected tokens cut short."""
    text = " ".join(message.split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


def run_query(
    store: Store, query: str, params: dict[str, object] | None = None, *, cached: bool = True
) -> pd.DataFrame | bool | Graph:
    """Run SPARQL over the store: the default graph is the merge of all article graphs (each triple once).

    SELECT gives a DataFrame with typed columns (numbers, dates, booleans, strings), ASK a bool,
    CONSTRUCT/DESCRIBE an rdflib Graph. ``params`` binds variables to values.

    A SELECT answer over a local store is saved beside it (``kg.cache``) and read back while the
    store's data stays as it was: the same query again costs milliseconds, not a pass over the
    store. ``cached=False`` (or ``DEFENSE_KG_QUERY_CACHE=0``) always asks the store.
    """
    text, substitutions = bind_parameters(resolve_query(query), params or {})
    version = store.version() if cached and cache.enabled() else None
    dataset = store.query_dataset()
    bindings = {str(k.value): str(v) for k, v in substitutions.items()}
    # An answer over the union of article graphs is not one over their merge: never mix them up.
    bindings["\0default graph"] = "union" if dataset.get("use_default_graph_as_union") else "merge"
    if version is not None:
        saved = cache.load(store.path, version, text, bindings)
        if saved is not None:
            return saved
    try:
        result = store.oxigraph.query(
            text,
            prefixes={p: str(n) for p, n in PREFIXES.items()},
            substitutions=substitutions,
            **dataset,
        )
    except SyntaxError as exc:
        raise QueryError(f"invalid SPARQL: {_one_line(str(exc))}") from None
    except (OSError, RuntimeError) as exc:
        declared = query_parameters(text)
        hint = f" (this query's parameters: {', '.join(declared)})" if declared else ""
        raise QueryError(f"query failed: {exc}{hint}") from None
    if isinstance(result, ox.QueryBoolean):
        return bool(result)
    if isinstance(result, ox.QueryTriples):
        g = Graph()
        for prefix, namespace in PREFIXES.items():
            g.bind(prefix, namespace)
        for t in result:
            g.add((rdflib_term(t.subject), rdflib_term(t.predicate), rdflib_term(t.object)))
        return g
    columns = [v.value for v in result.variables]
    rows = [[_python(solution[c]) for c in columns] for solution in result]
    frame = _typed(pd.DataFrame(rows, columns=columns))
    if version is not None:
        cache.save(store.path, version, text, bindings, frame)
    return frame


def _typed(frame: pd.DataFrame) -> pd.DataFrame:
    """Give each column one dtype: Int64, Float64, boolean, datetime64 or string."""
    for col in frame.columns:
        if str(frame[col].dtype).startswith("datetime64"):
            continue  # pandas already read the column as dates
        values = frame[col].dropna()
        if values.empty:
            frame[col] = frame[col].astype("string")
        elif all(isinstance(v, bool) for v in values):
            frame[col] = frame[col].astype("boolean")
        elif all(isinstance(v, int) and not isinstance(v, bool) for v in values):
            frame[col] = frame[col].astype("Int64")
        elif all(isinstance(v, int | float) and not isinstance(v, bool) for v in values):
            frame[col] = frame[col].astype("Float64")
        elif all(isinstance(v, pd.Timestamp) for v in values):
            frame[col] = pd.to_datetime(frame[col])
        elif all(isinstance(v, str) for v in values):
            frame[col] = frame[col].astype("string")
        else:
            frame[col] = frame[col].map(lambda v: None if pd.isna(v) else str(v)).astype("string")
    return frame


def printable(frame: pd.DataFrame) -> pd.DataFrame:
    """The answer as it should be printed: dates as dates (``2025-02-14``), not as midnight timestamps.

    ``run_query`` keeps xsd:date columns as datetime64, for analysis in pandas; printed (a table,
    CSV, Markdown or JSON), a day is written as the day it is. A column that holds a time of day
    keeps it, written in ISO 8601.
    """
    out = frame.copy()
    for col in out.columns:
        if not str(out[col].dtype).startswith("datetime64"):
            continue
        values = out[col]
        at_midnight = values.dropna().eq(values.dropna().dt.normalize()).all()
        if at_midnight:
            text = values.dt.strftime("%Y-%m-%d")
        else:
            text = values.map(lambda v: None if pd.isna(v) else v.isoformat())
        out[col] = text.where(values.notna(), None).astype("string")
    return out
