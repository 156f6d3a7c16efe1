"""Saved answers: a query asked again is answered from the cache, never with data the store no longer holds."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pandas as pd
import pyoxigraph as ox
import pytest
from rdflib import RDF, URIRef

from kg import cache
from kg.facts import load_facts
from kg.query import named_queries, run_query
from kg.store import Store

OFFICIAL_COUNT = "SELECT (COUNT(DISTINCT ?o) AS ?n) WHERE { ?o a dkg:Official }"


@pytest.fixture
def sample_store(tmp_path: Path, sample_facts_dir: Path) -> Path:
    path = tmp_path / "store"
    with Store(path) as store:
        for file in sorted(sample_facts_dir.glob("*.json")):
            store.ingest(load_facts(file))
    return path


def saved_answers(path: Path) -> list[Path]:
    return sorted((path / cache.CACHE_DIR).glob("*.json"))


def count(store: Store, **kw: object) -> int:
    return int(run_query(store, OFFICIAL_COUNT, **kw)["n"][0])


@pytest.mark.parametrize("name", sorted(named_queries()))
def test_a_saved_answer_is_the_same_typed_frame(sample_store: Path, name: str) -> None:
    with Store(sample_store, read_only=True) as store:
        fresh = run_query(store, name, cached=False)
        first = run_query(store, name)
        again = run_query(store, name)
    assert saved_answers(sample_store), "the first run saved its answer"
    pd.testing.assert_frame_equal(first, fresh)
    pd.testing.assert_frame_equal(again, fresh)  # same values, same dtypes (dates, Int64, strings ...)


def test_the_second_run_does_not_ask_the_store(sample_store: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    def no_more_questions(self: Store) -> None:
        raise AssertionError("the store was asked again")

    with Store(sample_store, read_only=True) as store:
        expected = run_query(store, "officials")
        monkeypatch.setattr(Store, "oxigraph", property(no_more_questions))
        pd.testing.assert_frame_equal(run_query(store, "officials"), expected)
        with pytest.raises(AssertionError, match="asked again"):
            run_query(store, "officials", cached=False)


def test_bound_values_are_part_of_what_is_saved(sample_store: Path) -> None:
    with Store(sample_store, read_only=True) as store:
        japan = run_query(store, "officials", {"code": "JP"})
        uk = run_query(store, "officials", {"code": "GB"})
        assert set(japan["country"]) == {"JP"} and set(uk["country"]) == {"GB"}
        pd.testing.assert_frame_equal(run_query(store, "officials", {"code": "JP"}), japan)
        pd.testing.assert_frame_equal(run_query(store, "officials", {"code": "GB"}), uk)


def test_every_way_of_writing_makes_old_answers_unreachable(sample_store: Path, sample_facts_dir: Path) -> None:
    official = URIRef("https://w3id.org/defense-kg/resource/official/test-cache")
    dkg = "https://w3id.org/defense-kg/ontology#"
    with Store(sample_store) as store:
        n = count(store)
        article = load_facts(sorted(sample_facts_dir.glob("*.json"))[0])
        # remove an article, then store it again
        store.remove(article.id)
        assert count(store) < n
        store.ingest(article)
        assert count(store) == n
        # a changed article: one official more
        changed = article.model_copy(deep=True)
        changed.officials.append(changed.officials[0].model_copy(update={"name": "Tess Cachewood"}))
        store.ingest(changed)
        assert count(store) == n + 1
        # the escape hatches: pyoxigraph itself, and rdflib's API over the same store
        graph = ox.NamedNode("https://example.org/hand-written")
        store.oxigraph.update(f"INSERT DATA {{ GRAPH {graph} {{ <{official}> a <{dkg}Official> }} }}")
        assert count(store) == n + 2
        by_rdflib = store.dataset.graph(URIRef("https://example.org/by-rdflib"))
        by_rdflib.add((URIRef(f"{official}-2"), RDF.type, URIRef(f"{dkg}Official")))
        assert count(store) == n + 3
        store.oxigraph.remove_graph(graph)
        assert count(store) == n + 2
        del by_rdflib  # so that closing the store closes the database
    with Store(sample_store, read_only=True) as store:
        assert count(store) == n + 2
        assert count(store) == count(store, cached=False)


def test_a_reader_answers_from_its_snapshot_and_a_later_reader_sees_the_write(
    sample_store: Path, sample_facts_dir: Path, tmp_path: Path
) -> None:
    with Store(sample_store, read_only=True) as before:
        n = count(before)
        # another process writes while this reader is open (a reader does not block a writer)
        extra = json.loads(sorted(sample_facts_dir.glob("*.json"))[0].read_text(encoding="utf-8"))
        extra["id"] = "cache-extra"
        extra["officials"] = [{**extra["officials"][0], "name": "Ada Snapshotter"}]
        file = tmp_path / "extra.json"
        file.write_text(json.dumps(extra), encoding="utf-8")
        done = subprocess.run(
            [sys.executable, "-m", "kg.cli", "ingest", str(file), "--store", str(sample_store)],
            capture_output=True,
            text=True,
            env={**os.environ, "PYTHONPATH": str(Path(__file__).resolve().parents[1])},
        )
        assert done.returncode == 0, done.stderr
        assert count(before) == n  # its snapshot, saved or not
    with Store(sample_store, read_only=True) as after:
        assert count(after) == n + 1  # not the answer the earlier reader saved
        assert count(after) == n + 1
    with Store(sample_store, read_only=True) as again:
        assert count(again, cached=False) == n + 1


@pytest.mark.parametrize(
    "content",
    [
        "not json",
        "",
        '{"columns": ["n"], "dtypes": ["object"], "data": [["x"]]}',
        '{"columns": ["n"], "dtypes": ["Int64"], "data": [[1], [2]]}',
        '{"columns": ["n"], "dtypes": ["Int64"], "data": [["seven"]]}',
        '{"columns": 5, "dtypes": [], "data": []}',
        "\x80\x04\x95 a pickle, say",
    ],
)
def test_a_damaged_or_foreign_saved_answer_is_recomputed(sample_store: Path, content: str) -> None:
    with Store(sample_store, read_only=True) as store:
        expected = count(store)
        for file in saved_answers(sample_store):
            file.write_text(content, encoding="utf-8")
        assert count(store) == expected


def test_a_huge_answer_is_not_saved(sample_store: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    everything = "SELECT ?s ?p ?o WHERE { ?s ?p ?o }"
    with Store(sample_store, read_only=True) as store:
        monkeypatch.setattr(cache, "MAX_CELLS", 3 * 100)
        assert len(run_query(store, everything)) > 100
        assert not saved_answers(sample_store)
        run_query(store, "strategies")  # small enough
        assert len(saved_answers(sample_store)) == 1


def test_the_cache_can_be_turned_off(sample_store: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(cache.ENV, "0")
    with Store(sample_store, read_only=True) as store:
        run_query(store, "officials")
    assert not saved_answers(sample_store)


def test_a_store_whose_cache_cannot_be_written_still_answers(sample_store: Path) -> None:
    (sample_store / cache.CACHE_DIR).write_text("a file where the folder would go", encoding="utf-8")
    with Store(sample_store, read_only=True) as store:
        assert count(store) == count(store, cached=False) > 0


def test_old_answers_are_removed_when_the_data_changes(sample_store: Path, sample_facts_dir: Path) -> None:
    with Store(sample_store, read_only=True) as store:
        run_query(store, "officials")
        run_query(store, "meetings")
    old = saved_answers(sample_store)
    assert len(old) == 2
    with Store(sample_store) as store:
        store.remove(load_facts(sorted(sample_facts_dir.glob("*.json"))[0]).id)
    with Store(sample_store, read_only=True) as store:
        run_query(store, "officials")
    assert len(saved_answers(sample_store)) == 1
    assert not set(old) & set(saved_answers(sample_store))


def test_kg_query_no_cache_asks_the_store(kg, sample_facts_dir: Path) -> None:
    assert kg("ingest", *sorted(sample_facts_dir.glob("*.json"))).exit_code == 0
    first = kg("query", "officials", "--format", "csv")
    assert first.exit_code == 0, first.output
    assert saved_answers(kg.store_path)
    again = kg("query", "officials", "--format", "csv", "--no-cache")
    assert again.exit_code == 0 and again.output == first.output
