"""The default graph is the RDF merge of the article graphs: each triple once, however many articles state it.

Officials are named by many articles, so they are where a bag would show: the README's own query
lists each official's name once, and COUNT(*) counts each official once, in the Python API, in
``kg query`` and at ``kg serve``. ``GRAPH ?g { ... }`` still answers who said what, per article.
(The remote store's checks are in tests/test_remote_store.py.)
"""

from __future__ import annotations

import csv
import io
import threading
from collections.abc import Iterator
from pathlib import Path

import httpx
import pyoxigraph as ox
import pytest

from kg import namespaces as ns
from kg.facts import load_facts, parse_facts
from kg.query import run_query
from kg.serve import make_server
from kg.store import Store, prepare
from tests.conftest import KG, SHARED_DEV

#: The README's query.
OFFICIAL_NAMES = "SELECT ?name WHERE { ?o a dkg:Official ; rdfs:label ?name }"
OFFICIALS_COUNTED = "SELECT (COUNT(*) AS ?n) WHERE { ?o a dkg:Official }"
#: Officials as the article graphs state them: one row per article that names an official.
OFFICIALS_PER_ARTICLE = "SELECT ?o ?g WHERE { GRAPH ?g { ?o a dkg:Official } }"


@pytest.fixture(scope="module")
def dev_store(tmp_path_factory: pytest.TempPathFactory) -> Path:
    if not SHARED_DEV.is_dir():
        pytest.skip("the shared dev corpus (../shared/corpus/dev) is not beside the project")
    path = tmp_path_factory.mktemp("dev") / "store"
    with Store(path) as store:
        for file in sorted(SHARED_DEV.glob("*.json")):
            store.ingest(load_facts(file))
    return path


def merge_of_article_graphs(store: Store) -> set[ox.Triple]:
    return {
        q.triple for q in store.oxigraph.quads_for_pattern(None, None, None, None) if q.graph_name != ox.DefaultGraph()
    }


def default_graph(store: Store) -> set[ox.Triple]:
    return {q.triple for q in store.oxigraph.quads_for_pattern(None, None, None, ox.DefaultGraph())}


def test_each_official_is_listed_and_counted_once(dev_store: Path) -> None:
    with Store(dev_store, read_only=True) as store:
        per_article = run_query(store, OFFICIALS_PER_ARTICLE, cached=False)
        officials = set(per_article.o)
        assert len(per_article) > len(officials), "several articles name the same official"
        names = run_query(store, OFFICIAL_NAMES, cached=False)
        assert len(names) > 0 and names.name.is_unique, names.name[names.name.duplicated()].tolist()
        assert int(run_query(store, OFFICIALS_COUNTED, cached=False).n[0]) == len(officials)


def test_kg_query_lists_each_name_once(dev_store: Path) -> None:
    result = KG(dev_store)("query", OFFICIAL_NAMES, "--format", "csv")
    assert result.exit_code == 0, result.output
    names = [row["name"] for row in csv.DictReader(io.StringIO(result.stdout))]
    assert names and len(names) == len(set(names))


@pytest.fixture(scope="module")
def endpoint(dev_store: Path) -> Iterator[str]:
    server = make_server(dev_store, "127.0.0.1", 0, workers=1)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield server.url
    finally:
        server.shutdown()
        server.server_close()
        thread.join(5)


def test_kg_serve_lists_and_counts_each_official_once(endpoint: str, dev_store: Path) -> None:
    def select(query: str) -> list[dict]:
        response = httpx.post(
            f"{endpoint}sparql" if endpoint.endswith("/") else f"{endpoint}/sparql",
            data={"query": query},
            headers={"Accept": "application/sparql-results+json"},
            timeout=30,
        )
        assert response.status_code == 200, response.text
        return response.json()["results"]["bindings"]

    names = [row["name"]["value"] for row in select(OFFICIAL_NAMES)]
    assert names and len(names) == len(set(names))
    per_article = select(OFFICIALS_PER_ARTICLE)
    officials = {row["o"]["value"] for row in per_article}
    assert len(per_article) > len(officials), "GRAPH ?g still answers per article"
    assert int(select(OFFICIALS_COUNTED)[0]["n"]["value"]) == len(officials)


RUTTE = {"name": "Mark Rutte", "title": "Secretary General", "country": "NATO"}


def test_the_merge_follows_every_write(tmp_path: Path) -> None:
    """New, changed and removed articles, in one batch or alone: the default graph stays the merge."""
    a = parse_facts({"id": "a", "organizations": ["NATO"], "officials": [RUTTE], "countries": ["NL"]}, "a")
    b = parse_facts({"id": "b", "organizations": ["NATO"], "officials": [RUTTE], "countries": ["JP"]}, "b")
    rutte = ox.NamedNode(str(ns.official_iri("Mark Rutte")))
    with Store(tmp_path / "store") as store:
        store.write([prepare(a), prepare(b)])
        assert default_graph(store) == merge_of_article_graphs(store)
        assert int(run_query(store, OFFICIALS_COUNTED, cached=False).n[0]) == 1, "two articles, one official"
        assert len(list(store.dataset.query(OFFICIAL_NAMES))) == 1, "rdflib's API over the store reads the merge too"
        store.ingest(parse_facts({"id": "a", "organizations": ["NATO"], "countries": ["NL", "US"]}, "a"))
        assert default_graph(store) == merge_of_article_graphs(store)
        assert any(t.subject == rutte for t in default_graph(store)), "article b still names Rutte"
        store.remove("b")
        assert default_graph(store) == merge_of_article_graphs(store)
        assert not any(t.subject == rutte for t in default_graph(store)), "no article names Rutte now"
        store.ingest(b)  # a new article alone
        store.ingest(b.model_copy(update={"countries": ["KR"]}))  # changed
        assert default_graph(store) == merge_of_article_graphs(store)


def test_writes_beside_the_store_keep_the_merge(tmp_path: Path) -> None:
    """pyoxigraph's and rdflib's APIs over the store write the merge too."""
    official = ox.NamedNode("https://example.org/official/by-hand")
    kind = ox.NamedNode(str(ns.DKG.Official))
    graph = ox.NamedNode("https://example.org/by-hand")
    with Store(tmp_path / "store") as store:
        store.ingest(parse_facts({"id": "a", "officials": [RUTTE]}, "a"))
        store.oxigraph.add(ox.Quad(official, ox.NamedNode(str(ns.RDF.type)), kind, graph))
        assert default_graph(store) == merge_of_article_graphs(store)
        store.oxigraph.update(f"DELETE DATA {{ GRAPH {graph} {{ {official} a {kind} }} }}")
        assert default_graph(store) == merge_of_article_graphs(store)
        store.oxigraph.remove_graph(ox.NamedNode(str(ns.article_iri("a"))))
        assert default_graph(store) == merge_of_article_graphs(store) == set()


def test_a_store_written_before_gets_its_merge_when_opened_for_writing(tmp_path: Path) -> None:
    path = tmp_path / "old"
    with Store(path) as store:
        for article in ("a", "b"):
            store.ingest(parse_facts({"id": article, "officials": [RUTTE]}, article))
        store.oxigraph._inner.remove_graph(ox.DefaultGraph())  # as the store was written before
    with Store(path, read_only=True) as old:
        assert int(run_query(old, OFFICIALS_COUNTED, cached=False).n[0]) == 2, "read as the union, as before"
    with Store(path) as store:
        assert default_graph(store) == merge_of_article_graphs(store)
    with Store(path, read_only=True) as upgraded:
        assert int(run_query(upgraded, OFFICIALS_COUNTED).n[0]) == 1
