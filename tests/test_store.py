"""The on-disk store: per-article graphs, idempotent ingest, clean removal, atomic writes."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pyoxigraph as ox
import pytest

from kg import namespaces as ns
from kg.errors import StoreError
from kg.facts import load_facts, parse_facts
from kg.settings import STORE_ENV, default_store_path
from kg.store import Store, stats


def test_ingest_twice_changes_nothing(store: Store, gold_files: list[Path]) -> None:
    first = [store.ingest(load_facts(p)) for p in gold_files]
    size, quads = len(store), store.quad_count()
    second = [store.ingest(load_facts(p)) for p in gold_files]
    assert all(r.added > 0 for r in first)
    assert not any(r.changed for r in second)
    assert (len(store), store.quad_count()) == (size, quads)


def test_each_article_has_its_own_named_graph(store: Store, gold_files: list[Path]) -> None:
    for p in gold_files:
        store.ingest(load_facts(p))
    graphs = {g.value for g in store.oxigraph.named_graphs()}
    assert graphs == {str(ns.article_iri(p.stem)) for p in gold_files}
    assert sorted(store.article_ids()) == sorted(p.stem for p in gold_files)
    assert stats(store)["articles"] == len(gold_files)


def test_reingesting_an_article_replaces_its_statements(store: Store) -> None:
    store.ingest(parse_facts({"id": "a", "countries": ["JP", "US"]}, "a"))
    result = store.ingest(parse_facts({"id": "a", "countries": ["JP"]}, "a"))
    assert result.removed > 0
    mentioned = {
        r["c"].value
        for r in store.oxigraph.query("SELECT ?c WHERE { GRAPH ?g { ?g <https://schema.org/mentions> ?c } }")
    }
    assert mentioned == {str(ns.country_iri("JP"))}


def test_remove_keeps_entities_other_articles_state(store: Store) -> None:
    official = {"name": "Mark Rutte", "title": "Secretary General", "country": "NATO"}
    store.ingest(parse_facts({"id": "a", "organizations": ["NATO"], "officials": [official], "countries": ["NL"]}, "a"))
    store.ingest(parse_facts({"id": "b", "organizations": ["NATO"], "officials": [official]}, "b"))
    rutte = ox.NamedNode(str(ns.official_iri("Mark Rutte")))
    netherlands = ox.NamedNode(str(ns.country_iri("NL")))
    assert store.remove("a") > 0
    assert list(store.oxigraph.quads_for_pattern(rutte, None, None)), "Rutte is still stated by article b"
    assert not list(store.oxigraph.quads_for_pattern(netherlands, None, None)), "only article a named NL"
    assert list(store.article_ids()) == ["b"]
    with pytest.raises(StoreError, match=r"no article 'a'.*stored: b"):
        store.remove("a")


def test_store_persists_across_reopen_and_opens_read_only(tmp_path: Path, gold_files: list[Path]) -> None:
    path = tmp_path / "kg"
    with Store(path) as s:
        for p in gold_files[:3]:
            s.ingest(load_facts(p))
        size = len(s)
    with Store(path, read_only=True) as s:
        assert len(s) == size
        assert len(s.dataset) == size  # the rdflib API sees the same graph


def test_read_only_open_of_a_missing_store_is_a_clear_error(tmp_path: Path) -> None:
    with pytest.raises(StoreError, match="no store here"):
        Store(tmp_path / "missing", read_only=True)


def test_default_location_follows_the_environment(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv(STORE_ENV, str(tmp_path / "env-store"))
    assert default_store_path() == tmp_path / "env-store"
    monkeypatch.delenv(STORE_ENV)
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "xdg"))
    assert default_store_path() == tmp_path / "xdg" / "defense-kg" / "store"


def test_rdflib_dataset_queries_with_bound_values(store: Store, gold_files: list[Path]) -> None:
    for p in gold_files:
        store.ingest(load_facts(p))
    from rdflib import Literal

    rows = list(
        store.dataset.query("SELECT ?c ?code WHERE { ?c dkg:isoCode ?code }", initBindings={"code": Literal("JP")})
    )
    assert {str(r[0]) for r in rows} == {str(ns.country_iri("JP"))}


def test_a_second_writer_is_told_who_holds_the_store(tmp_path: Path) -> None:
    """Another process writing to the store gets one clear line, and the store stays whole."""
    path = tmp_path / "kg"
    with Store(path) as store:
        store.ingest(parse_facts({"id": "a", "countries": ["JP"]}, "a"))
        size = len(store)
        done = subprocess.run(
            [sys.executable, "-m", "kg", "ingest", "--store", str(path), "-"], capture_output=True, text=True
        )
        assert done.returncode != 0
        assert f"the store is in use by process {os.getpid()}" in done.stderr
        assert "Traceback" not in done.stderr
    with Store(path, read_only=True) as store:
        assert len(store) == size


def test_queries_run_while_a_writer_holds_the_store(tmp_path: Path) -> None:
    path = tmp_path / "kg"
    with Store(path) as store:
        store.ingest(parse_facts({"id": "a", "countries": ["JP", "US"]}, "a"))
        store.oxigraph.flush()
        done = subprocess.run(
            [
                sys.executable,
                "-m",
                "kg",
                "query",
                "SELECT (COUNT(*) AS ?n) WHERE { ?c a dkg:Country }",
                "--format",
                "csv",
                "--store",
                str(path),
            ],
            capture_output=True,
            text=True,
        )
        assert done.returncode == 0, done.stderr
        assert done.stdout.split() == ["n", "2"]
