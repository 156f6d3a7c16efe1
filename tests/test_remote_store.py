"""The store on a SPARQL endpoint (kg/remote.py) behaves as the embedded store does.

The same checks as tests/test_store.py, test_query.py and test_export.py, run on both backends:
"embedded" (Oxigraph on disk) and "virtuoso" (a throwaway Virtuoso started by tests/virtuoso.py
for this module). Without Virtuoso the remote cases skip, except under CI, where they fail.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pandas as pd
import pyoxigraph as ox
import pytest
from rdflib import Graph

from kg import namespaces as ns
from kg.errors import QueryError, StoreError
from kg.export import serialize
from kg.facts import load_facts, parse_facts
from kg.query import named_queries, run_query
from kg.remote import MERGED_GRAPH, RemoteOxigraph, query_form
from kg.store import Store, stats
from tests import virtuoso

BACKENDS = ["embedded", "virtuoso"]


@pytest.fixture(scope="module")
def server() -> Iterator[virtuoso.Virtuoso]:
    try:
        instance = virtuoso.start()
    except virtuoso.VirtuosoUnavailable as exc:
        if os.environ.get("CI"):
            pytest.fail(f"CI must test the remote store: {exc}")
        pytest.skip(str(exc))
    yield instance
    instance.stop()


def _empty_remote(endpoint: str) -> Store:
    store = Store(endpoint)
    graphs = [g.value for g in store.oxigraph.named_graphs()] + [MERGED_GRAPH]
    store.oxigraph.update(" ;\n".join(f"DROP SILENT GRAPH <{g}>" for g in graphs))
    return store


@pytest.fixture(params=BACKENDS)
def any_store(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Store]:
    """An empty store of each backend."""
    if request.param == "embedded":
        with Store(tmp_path / "store") as s:
            yield s
    else:
        with _empty_remote(request.getfixturevalue("server").endpoint) as s:
            yield s


@pytest.fixture
def gold_any(any_store: Store, gold_files: list[Path]) -> Store:
    for path in gold_files:
        any_store.ingest(load_facts(path))
    return any_store


@pytest.fixture
def gold_embedded(tmp_path: Path, gold_files: list[Path]) -> Iterator[Store]:
    with Store(tmp_path / "reference") as s:
        for path in gold_files:
            s.ingest(load_facts(path))
        yield s


@pytest.fixture
def gold_remote(server: virtuoso.Virtuoso, gold_files: list[Path]) -> Store:
    store = _empty_remote(server.endpoint)
    for path in gold_files:
        store.ingest(load_facts(path))
    return store


# --- the store's behaviours (tests/test_store.py) on both backends ----------------------------
def test_ingest_twice_changes_nothing(any_store: Store, gold_files: list[Path]) -> None:
    first = [any_store.ingest(load_facts(p)) for p in gold_files]
    size, quads = len(any_store), any_store.quad_count()
    second = [any_store.ingest(load_facts(p)) for p in gold_files]
    assert all(r.added > 0 for r in first)
    assert not any(r.changed for r in second), [r for r in second if r.changed]
    assert (len(any_store), any_store.quad_count()) == (size, quads)


def test_each_article_has_its_own_named_graph(gold_any: Store, gold_files: list[Path]) -> None:
    graphs = {g.value for g in gold_any.oxigraph.named_graphs()}
    assert graphs == {str(ns.article_iri(p.stem)) for p in gold_files}
    assert sorted(gold_any.article_ids()) == sorted(p.stem for p in gold_files)
    assert stats(gold_any)["articles"] == len(gold_files)


def test_reingesting_an_article_replaces_its_statements(any_store: Store) -> None:
    any_store.ingest(parse_facts({"id": "a", "countries": ["JP", "US"]}, "a"))
    result = any_store.ingest(parse_facts({"id": "a", "countries": ["JP"]}, "a"))
    assert result.removed > 0
    mentioned = {
        r["c"].value
        for r in any_store.oxigraph.query("SELECT ?c WHERE { GRAPH ?g { ?g <https://schema.org/mentions> ?c } }")
    }
    assert mentioned == {str(ns.country_iri("JP"))}


def test_remove_keeps_entities_other_articles_state(any_store: Store) -> None:
    official = {"name": "Mark Rutte", "title": "Secretary General", "country": "NATO"}
    any_store.ingest(
        parse_facts({"id": "a", "organizations": ["NATO"], "officials": [official], "countries": ["NL"]}, "a")
    )
    any_store.ingest(parse_facts({"id": "b", "organizations": ["NATO"], "officials": [official]}, "b"))
    rutte = ox.NamedNode(str(ns.official_iri("Mark Rutte")))
    netherlands = ox.NamedNode(str(ns.country_iri("NL")))
    assert any_store.remove("a") > 0
    assert list(any_store.oxigraph.quads_for_pattern(rutte, None, None)), "Rutte is still stated by article b"
    assert not list(any_store.oxigraph.quads_for_pattern(netherlands, None, None)), "only article a named NL"
    assert list(any_store.article_ids()) == ["b"]
    with pytest.raises(StoreError, match=r"no article 'a'.*stored: b"):
        any_store.remove("a")


def test_the_default_graph_counts_each_triple_once(gold_any: Store) -> None:
    """The README's query lists each official's name once; COUNT(*) counts each official once."""
    per_article = run_query(gold_any, "SELECT ?o ?g WHERE { GRAPH ?g { ?o a dkg:Official } }")
    officials = set(per_article.o)
    assert len(per_article) > len(officials), "several articles name the same official"
    names = run_query(gold_any, "SELECT ?name WHERE { ?o a dkg:Official ; rdfs:label ?name }")
    assert len(names) > 0 and names.name.is_unique, names.name[names.name.duplicated()].tolist()
    assert int(run_query(gold_any, "SELECT (COUNT(*) AS ?n) WHERE { ?o a dkg:Official }").n[0]) == len(officials)


def test_queries_over_graphs_never_count_the_merge_as_an_article(gold_remote: Store, gold_embedded: Store) -> None:
    remote, embedded = run_query(gold_remote, "officials"), run_query(gold_embedded, "officials", cached=False)
    assert remote.articles.sum() == embedded.articles.sum()
    graphs = "SELECT (COUNT(DISTINCT ?g) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } }"
    assert int(run_query(gold_remote, graphs).n[0]) == int(run_query(gold_embedded, graphs, cached=False).n[0])


def test_the_merge_follows_changes_and_removals(any_store: Store) -> None:
    rutte = {"name": "Mark Rutte", "title": "Secretary General", "country": "NATO"}
    any_store.ingest(parse_facts({"id": "a", "officials": [rutte], "countries": ["NL"]}, "a"))
    any_store.ingest(parse_facts({"id": "b", "officials": [rutte], "countries": ["JP"]}, "b"))
    any_store.ingest(parse_facts({"id": "a", "countries": ["NL", "US"]}, "a"))
    any_store.remove("b")

    def triples(graph: object) -> set[ox.Triple]:
        return {q.triple for q in any_store.oxigraph.quads_for_pattern(None, None, None, graph)}

    merged = triples(ox.DefaultGraph())
    assert merged == triples(ox.NamedNode(str(ns.article_iri("a")))), "only article a is left: the merge is its graph"
    assert not any(t.subject.value == str(ns.official_iri("Mark Rutte")) for t in merged)


def test_stats_agree_across_backends(gold_remote: Store, gold_embedded: Store) -> None:
    assert stats(gold_remote) == stats(gold_embedded)
    assert len(gold_remote) == len(gold_embedded)


# --- queries (tests/test_query.py) -------------------------------------------------------------
@pytest.mark.parametrize("name", sorted(named_queries()))
def test_every_named_query_runs_on_the_gold_graph(gold_any: Store, name: str) -> None:
    frame = run_query(gold_any, name)
    assert isinstance(frame, pd.DataFrame)
    assert len(frame) > 0


@pytest.mark.parametrize("name", sorted(named_queries()))
def test_named_queries_give_the_same_rows_on_both_backends(gold_remote: Store, gold_embedded: Store, name: str) -> None:
    remote, embedded = run_query(gold_remote, name), run_query(gold_embedded, name)
    assert list(remote.columns) == list(embedded.columns)
    assert len(remote) == len(embedded)


def test_spending_targets_of_dev_000_with_their_source(gold_any: Store) -> None:
    frame = run_query(gold_any, "spending-targets")
    rows = frame[frame.article == "dev-000"]
    found = {(r.applies_to, r.value, r.unit) for r in rows.itertuples()}
    assert ("JP", 2.0, "percent_gdp") in found
    assert any(r.value == 5.0 and "NATO" in r.applies_to and "allies" in r.applies_to for r in rows.itertuples())
    assert set(rows.headline) == {"Top U.S. and Japan officials discuss reinforcing military alliance"}
    assert set(rows.set_by) == {"Sanae Takaichi", "Donald Trump"}


def test_parameters_bind_on_both_backends(gold_any: Store) -> None:
    jp = run_query(gold_any, "spending-targets", {"code": "JP"})
    assert len(jp) > 0 and all("JP" in a for a in jp.applies_to)
    assert len(jp) < len(run_query(gold_any, "spending-targets"))


def test_columns_are_typed(gold_any: Store) -> None:
    frame = run_query(gold_any, "spending-targets")
    assert str(frame["value"].dtype) == "Float64"
    assert str(frame["article"].dtype) == "string"
    meetings = run_query(gold_any, "meetings")
    assert pd.api.types.is_datetime64_any_dtype(meetings["date"])
    officials = run_query(gold_any, "officials")
    assert str(officials["articles"].dtype) == "Int64"
    # Virtuoso has no boolean type: a computed true/false comes back as 1/0 (see kg/remote.py).
    assert set(officials["former"].astype(int)) <= {0, 1}


def test_ask_construct_and_bad_queries(gold_any: Store) -> None:
    assert run_query(gold_any, "ASK { ?c dkg:isoCode 'JP' }") is True
    assert run_query(gold_any, "ASK { ?c dkg:isoCode 'ZZ' }") is False
    graph = run_query(gold_any, "CONSTRUCT { ?c rdfs:label ?l } WHERE { ?c a dkg:Country ; rdfs:label ?l }")
    assert isinstance(graph, Graph) and len(graph) > 10
    with pytest.raises(QueryError, match="invalid SPARQL"):
        run_query(gold_any, "SELECT ?x WHERE { ?x ")


# --- export (tests/test_export.py) -------------------------------------------------------------
def test_turtle_export_matches_the_embedded_store(gold_remote: Store, gold_embedded: Store) -> None:
    remote = set(ox.parse(serialize(gold_remote, "turtle"), format=ox.RdfFormat.TURTLE))
    embedded = set(ox.parse(serialize(gold_embedded, "turtle"), format=ox.RdfFormat.TURTLE))
    assert len(remote) == len(embedded) == len(gold_embedded)
    assert remote == embedded


def test_nquads_export_keeps_each_articles_graph(gold_remote: Store, gold_embedded: Store) -> None:
    remote = set(ox.parse(serialize(gold_remote, "nquads"), format=ox.RdfFormat.N_QUADS))
    assert remote == set(ox.parse(serialize(gold_embedded, "nquads"), format=ox.RdfFormat.N_QUADS))


def test_network_and_views_read_a_remote_store(gold_remote: Store, gold_embedded: Store) -> None:
    from kg.network import project
    from kg.views import GraphIndex

    remote, embedded = project(gold_remote), project(gold_embedded)
    assert (remote.number_of_nodes(), remote.number_of_edges()) == (
        embedded.number_of_nodes(),
        embedded.number_of_edges(),
    )
    assert GraphIndex.from_store(gold_remote) is not None


# --- the adapter itself --------------------------------------------------------------------------
def test_a_new_article_is_one_request_and_big_loads_are_batched(server: virtuoso.Virtuoso, dev000: dict) -> None:
    store = _empty_remote(server.endpoint)
    adapter: RemoteOxigraph = store.oxigraph
    before = adapter.requests
    result = store.ingest(parse_facts(dev000, "dev-000"))
    # one read of the article's graph (empty), one INSERT DATA
    assert adapter.requests - before == 2
    small = RemoteOxigraph(server.endpoint, batch_size=50)
    graph = ox.NamedNode(str(ns.article_iri("batched")))
    quads = [ox.Quad(q.subject, q.predicate, q.object, graph) for q in adapter.quads_for_pattern(None, None, None)]
    before = small.requests
    small.extend(quads)
    assert small.requests - before == -(-len(quads) // 50)
    assert sum(1 for _ in small.quads_for_pattern(None, None, None, graph)) == result.triples


def test_substitutions_are_refused_clearly(server: virtuoso.Virtuoso) -> None:
    with pytest.raises(NotImplementedError, match="VALUES"):
        RemoteOxigraph(server.endpoint).query("SELECT ?x WHERE { ?x ?p ?o }", substitutions={ox.Variable("x"): 1})


def test_virtuoso_system_graphs_are_hidden(server: virtuoso.Virtuoso) -> None:
    adapter = _empty_remote(server.endpoint).oxigraph
    assert list(adapter.named_graphs()) == []
    assert list(adapter.quads_for_pattern(None, None, None)) == []
    assert int(next(iter(adapter.query("SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }")))["n"].value) == 0


def test_an_unreachable_endpoint_is_an_os_error() -> None:
    with pytest.raises(OSError):
        list(RemoteOxigraph(f"http://127.0.0.1:{virtuoso.free_port()}/sparql", timeout=2).named_graphs())


@pytest.mark.parametrize(
    ("text", "form"),
    [
        ("# a comment\nPREFIX rdf: <http://www.w3.org/1999/02/22-rdf-syntax-ns#>\nselect * {}", "SELECT"),
        ("BASE <http://x/#> ASK {}", "ASK"),
        ("CONSTRUCT WHERE { ?s ?p ?o }", "CONSTRUCT"),
        ("PREFIX x: <urn:x#select> DESCRIBE <urn:a>", "DESCRIBE"),
    ],
)
def test_query_form_is_read_after_the_prologue(text: str, form: str) -> None:
    assert query_form(text) == form


def test_the_cli_works_against_an_endpoint(server: virtuoso.Virtuoso, gold_files: list[Path]) -> None:
    """`--store URL`: ingest, query and export as a user would, against the shared server."""
    from typer.testing import CliRunner

    from kg.cli import app

    _empty_remote(server.endpoint).close()
    runner = CliRunner()
    ingested = runner.invoke(app, ["ingest", str(gold_files[0]), "--store", server.endpoint])
    assert ingested.exit_code == 0, ingested.output
    query = runner.invoke(app, ["query", "spending-targets", "--format", "csv", "--store", server.endpoint])
    assert query.exit_code == 0 and "JP" in query.stdout
    exported = runner.invoke(app, ["export", "--store", server.endpoint])
    assert exported.exit_code == 0 and exported.stdout.startswith("@prefix")


def test_the_update_endpoint_comes_from_the_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    from kg.remote import UPDATE_URL_ENV, RemoteOxigraph

    assert RemoteOxigraph("http://127.0.0.1:9/query").update_url == "http://127.0.0.1:9/query"
    monkeypatch.setenv(UPDATE_URL_ENV, "http://127.0.0.1:9/update")
    assert RemoteOxigraph("http://127.0.0.1:9/query").update_url == "http://127.0.0.1:9/update"
