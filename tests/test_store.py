"""The on-disk store: per-article graphs, idempotent ingest, clean removal, atomic writes."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pyoxigraph as ox
import pytest

from kg import namespaces as ns
from kg.errors import StoreError
from kg.facts import load_facts, parse_facts
from kg.namespaces import DKG
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


WRITER = textwrap.dedent(
    """
    import sys
    from kg.facts import parse_facts
    from kg.store import Store
    n = int(sys.argv[2])
    facts = parse_facts({"id": "big", "countries": ["JP"], "expenditures": [
        {"country": "JP", "value": float(i + 1), "unit": "JPY", "year": "2025", "kind": "budget"}
        for i in range(n)]}, "big")
    with Store(sys.argv[1]) as store:
        print("ready", flush=True)
        store.ingest(facts)
        print("done", flush=True)
    """
)


def test_a_killed_ingest_leaves_the_article_whole_or_absent(tmp_path: Path) -> None:
    """SIGKILL during an article's transaction: on reopen the article is all there or not at all."""
    n = 2000
    facts = parse_facts(
        {
            "id": "big",
            "countries": ["JP"],
            "expenditures": [
                {"country": "JP", "value": float(i + 1), "unit": "JPY", "year": "2025", "kind": "budget"}
                for i in range(n)
            ],
        },
        "big",
    )
    with Store(tmp_path / "ref") as ref:
        expected = ref.ingest(facts).triples
    outcomes = set()
    for trial, delay in enumerate((0.0, 0.1, 0.25, 0.4, 0.6)):
        path = tmp_path / f"store-{trial}"
        proc = subprocess.Popen(
            [sys.executable, "-c", WRITER, str(path), str(n)],
            stdout=subprocess.PIPE,
            text=True,
            env={**os.environ, "PYTHONHASHSEED": "0"},
        )
        assert proc.stdout.readline().strip() == "ready"
        time.sleep(delay)
        proc.send_signal(signal.SIGKILL)
        proc.wait()
        with Store(path) as s:
            graph = ox.NamedNode(str(ns.article_iri("big")))
            held = sum(1 for _ in s.oxigraph.quads_for_pattern(None, None, None, graph))
            assert held in (0, expected), f"trial {trial}: {held} of {expected} triples survived"
            outcomes.add(held)
            # running the same ingest again completes it, with no duplicates
            assert s.ingest(facts).triples == expected
            assert sum(1 for _ in s.oxigraph.quads_for_pattern(None, None, None, graph)) == expected
            assert sum(1 for _ in s.oxigraph.quads_for_pattern(None, ox.NamedNode(str(DKG.value)), None)) == n


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
