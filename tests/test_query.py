"""Queries: named queries answer the analyst's questions; values are bound, never pasted."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest
from rdflib import Graph

from kg.errors import QueryError
from kg.facts import load_facts, parse_facts
from kg.query import named_queries, query_parameters, run_query
from kg.store import Store
from tests.conftest import KG


@pytest.fixture
def gold_store(store: Store, gold_files: list[Path]) -> Store:
    for path in gold_files:
        store.ingest(load_facts(path))
    return store


def test_the_library_has_the_promised_named_queries() -> None:
    queries = named_queries()
    assert {"spending-targets", "officials", "meetings", "strategies", "co-mentions"} <= set(queries)
    for q in queries.values():
        assert q.text.startswith("# "), f"{q.name} opens with what it answers"
        assert len(q.description) > 20


@pytest.mark.parametrize("name", sorted(named_queries()))
def test_every_named_query_runs_on_the_gold_graph(gold_store: Store, name: str) -> None:
    frame = run_query(gold_store, name)
    assert isinstance(frame, pd.DataFrame)
    assert len(frame) > 0


def test_spending_targets_of_dev_000_with_their_source(gold_store: Store) -> None:
    frame = run_query(gold_store, "spending-targets")
    rows = frame[frame.article == "dev-000"]
    found = {(r.applies_to, r.value, r.unit) for r in rows.itertuples()}
    assert ("JP", 2.0, "percent_gdp") in found
    assert any(r.value == 5.0 and "NATO" in r.applies_to and "allies" in r.applies_to for r in rows.itertuples())
    assert set(rows.headline) == {"Top U.S. and Japan officials discuss reinforcing military alliance"}
    assert set(rows.set_by) == {"Sanae Takaichi", "Donald Trump"}


def test_columns_are_typed(gold_store: Store) -> None:
    frame = run_query(gold_store, "spending-targets")
    assert str(frame["value"].dtype) == "Float64"
    assert str(frame["article"].dtype) == "string"
    officials = run_query(gold_store, "officials")
    assert str(officials["articles"].dtype) == "Int64"
    assert str(officials["former"].dtype) == "boolean"
    meetings = run_query(gold_store, "meetings")
    assert pd.api.types.is_datetime64_any_dtype(meetings["date"])


def test_parameters_filter_named_queries(gold_store: Store) -> None:
    japan = run_query(gold_store, "spending-targets", {"code": "JP"})
    assert len(japan) >= 3 and all("JP" in a for a in japan.applies_to)
    assert set(run_query(gold_store, "officials", {"code": "US"}).country) == {"US"}
    hegseth = run_query(gold_store, "meetings", {"name": "Pete Hegseth"})
    assert len(hegseth) >= 3 and all("Pete Hegseth" in p for p in hegseth.participants)
    often = run_query(gold_store, "co-mentions", {"min": 5})
    assert len(often) > 0 and (often.articles >= 5).all()
    assert query_parameters(named_queries()["spending-targets"].text) == ["code"]


@pytest.mark.parametrize(
    "hostile",
    ['x" } ; DROP ALL ; #', 'JP" || true || "', "a\nb } UNION { ?s ?p ?o }", "JP') } #", "{{}}"],
)
def test_bound_values_cannot_change_what_a_query_means(tmp_path: Path, hostile: str) -> None:
    with Store(tmp_path / "s") as store:
        store.ingest(
            parse_facts(
                {
                    "id": "a",
                    "countries": ["JP"],
                    "officials": [
                        {"name": hostile.replace("\n", " ") + " Name", "title": "Defence Minister", "country": "JP"}
                    ],
                },
                "a",
            )
        )
        before = len(store)
        assert run_query(store, "officials", {"code": hostile}).empty
        assert len(run_query(store, "officials", {"code": "JP"})) == 1
        assert len(store) == before


def test_query_from_text_file_and_construct(gold_store: Store, tmp_path: Path) -> None:
    path = tmp_path / "countries.rq"
    path.write_text("SELECT DISTINCT ?code WHERE { ?c a dkg:Country ; dkg:isoCode ?code } ORDER BY ?code")
    from_file = run_query(gold_store, str(path))
    from_text = run_query(gold_store, path.read_text())
    assert from_file.equals(from_text) and "JP" in set(from_file.code)
    assert run_query(gold_store, "ASK { ?c dkg:isoCode 'JP' }") is True
    graph = run_query(gold_store, "CONSTRUCT { ?c rdfs:label ?l } WHERE { ?c a dkg:Country ; rdfs:label ?l }")
    assert isinstance(graph, Graph) and len(graph) > 10


def test_bad_queries_are_clear_errors(gold_store: Store) -> None:
    with pytest.raises(QueryError, match="did you mean spending-targets"):
        run_query(gold_store, "spending-target")
    with pytest.raises(QueryError, match="invalid SPARQL"):
        run_query(gold_store, "SELECT ?x WHERE { ?x ")
    with pytest.raises(QueryError, match="no such query file"):
        run_query(gold_store, "missing.rq")


def test_long_sparql_on_one_line_is_a_query_not_a_file_name(gold_store: Store) -> None:
    """A query longer than a file name may be (255 bytes) is still read as SPARQL, never as a path."""
    codes = ", ".join(f'"{a}{b}"' for a in "ABCDEFGHIJ" for b in "JPUSKR")
    text = f"SELECT DISTINCT ?code WHERE {{ ?c a dkg:Country ; dkg:isoCode ?code FILTER(?code IN ({codes})) }}"
    assert len(text.encode()) > 255 and "\n" not in text
    assert "JP" in set(run_query(gold_store, text).code)
    result = KG(gold_store.path)("query", text, "--format", "csv")
    assert result.exit_code == 0, result.output
    assert "JP" in result.output.split()
    with pytest.raises(QueryError, match="not a named query"):
        run_query(gold_store, "x" * 300)
    with pytest.raises(QueryError, match="not a named query"):
        run_query(gold_store, "nul\0byte")


@pytest.mark.parametrize("fmt", ["table", "csv", "tsv", "markdown", "json"])
def test_dates_print_as_dates(gold_store: Store, fmt: str) -> None:
    """An xsd:date prints as 2025-02-14, not as a timestamp at midnight, in every output format."""
    dates = run_query(gold_store, "meetings").date.dropna()
    assert len(dates) > 0
    result = KG(gold_store.path)("query", "meetings", "--format", fmt)
    assert result.exit_code == 0, result.output
    assert "00:00:00" not in result.output and "T00:00" not in result.output
    for day in {d.date().isoformat() for d in dates}:
        assert day in result.output, f"{day} is printed as a date"
