"""QUERY: the graph as a networkx MultiDiGraph, and the analyses an analyst asks of it.

**The projection** (``project``). Nodes are the typed resources of the store, named by IRI, with
``kind`` (the class's local name: Country, Organization, Group, Official, Strategy, SpendingTarget,
Expenditure, Meeting, and Office or Article when asked for) and ``label``. Edges point the way the
RDF property does and carry ``relation`` (the property's local name: appliesTo, setBy, spentBy,
participant, strategyOf, holds, formerlyHeld, ...) and ``articles`` (ids of the articles stating
the link). Three choices shape it:

- *Facts stay nodes.* A spending target applies to several members and has a setter; targets,
  expenditures, meetings and strategies carry a value, unit, deadline, period, date or location
  (node attributes ``value``, ``unit``, ``deadline``, ``period``, ``expenditure_kind``, ``date``,
  ``location``, ``year``). As nodes they keep all of that, and paths run through them: two
  countries are linked by the target that applies to both.
- *Offices are folded.* ``official org:holds office . office org:postIn country`` becomes one edge
  ``official -[holds]-> country`` (``formerlyHeld`` for a former office) with the office's
  ``title``, ``former`` and ``office`` IRI as edge attributes: an office only ever links one person
  to one holder, and "Mark Rutte holds NATO (Secretary General)" reads better than a detour through
  a Post node. Officials also keep every office as text in ``offices``. An office whose state an
  article gives only by context (``dkg:stateFromContext``) folds into an edge
  ``official -[stateFromContext]-> country`` with ``state_from="context"``: the link is there, and
  says how weak it is. ``fold_offices=False`` keeps Office nodes, with ``holds``/``formerlyHeld``
  and ``postIn`` edges.
- *Provenance is data, not structure.* Evidence and articles become each node's ``sources``: a list
  of ``{"article", "headline", "url", "evidence"}`` dicts, one per article and evidence sentence.
  So an entity that two articles state is one node with both sources, and two entities are not
  "linked" merely because one article mentions both. ``include_articles=True`` adds Article nodes,
  with ``mentions`` and ``wasDerivedFrom`` edges.

The projection reads the store with one SPARQL query over the article graphs (grouped, so a
triple stated by three articles is read once, with those three graphs). Every analysis takes a
projection or a ``Store`` (which it projects), names entities by label, ISO code, acronym or IRI
(``resolve``), and returns a DataFrame with typed columns; ``neighbourhood_graph`` and
``meeting_graph`` return the networkx graphs behind two of them. The structural analyses
(paths, centrality, communities) run on the undirected simple graph: a link is a link whichever
way the property points.
"""

from __future__ import annotations

import difflib
import re
import tempfile
from collections import defaultdict
from collections.abc import Iterable, Iterator
from itertools import combinations, islice, pairwise
from typing import Any

import networkx as nx
import pandas as pd
import pyoxigraph as ox
from rdflib import OWL, RDF, RDFS, URIRef
from rdflib.namespace import ORG, PROV

from kg.errors import KGError
from kg.facts import load_facts
from kg.namespaces import DKG, SCHEMA
from kg.rdf import format_amount
from kg.settings import SAMPLES_DIR
from kg.store import Store

#: Node kinds (class local names), in the order ``resolve`` prefers them when a name is shared.
KINDS = (
    "Country",
    "Organization",
    "Official",
    "Group",
    "Strategy",
    "SpendingTarget",
    "Expenditure",
    "Meeting",
    "Office",
    "Article",
)
#: The kinds whose spending a timeline follows.
TIMELINE_KINDS = ("Country", "Organization", "Group")

#: Links between facts and entities, kept as edges named by the property's local name.
_RELATIONS = {DKG.appliesTo, DKG.setBy, DKG.spentBy, DKG.participant, DKG.strategyOf}
_OFFICE_RELATIONS = {ORG.holds, DKG.formerlyHeld, ORG.postIn, DKG.stateFromContext}
_ARTICLE_RELATIONS = {SCHEMA.mentions, PROV.wasDerivedFrom}

#: Literal-valued properties that become node attributes, by attribute name.
_ATTRIBUTES = {
    DKG.value: "value",
    DKG.unit: "unit",
    DKG.deadline: "deadline",
    DKG.period: "period",
    DKG.expenditureKind: "expenditure_kind",
    DKG.date: "date",
    DKG.location: "location",
    DKG.year: "year",
    DKG.acronym: "acronym",
    DKG.isoCode: "code",
    DKG.title: "title",
    SCHEMA.name: "name",
    DKG.articleId: "article",
    SCHEMA.headline: "headline",
    SCHEMA.url: "url",
    SCHEMA.datePublished: "published",
}

#: Every statement of every article graph, once, with the graphs (articles) that state it. The union
#: default graph would give a statement once per article stating it; grouping reads it once.
_STATEMENTS = """
SELECT ?s ?p ?o (GROUP_CONCAT(STR(?g); SEPARATOR=" ") AS ?graphs)
WHERE { GRAPH ?g { ?s ?p ?o } }
GROUP BY ?s ?p ?o
"""

#: How many shortest paths ``paths`` looks at before sorting them (there can be very many).
_MAX_PATHS_SEEN = 1000

Source = Store | nx.MultiDiGraph


# --- the projection ---------------------------------------------------------------------------
def local_name(iri: str) -> str:
    """The part of an IRI after its last ``#`` or ``/``.

    >>> local_name("https://w3id.org/defense-kg/ontology#appliesTo")
    'appliesTo'
    >>> local_name("http://www.w3.org/ns/prov#wasDerivedFrom")
    'wasDerivedFrom'
    """
    return iri.rsplit("#", 1)[-1].rsplit("/", 1)[-1]


def _value(term: ox.Literal) -> object:
    return float(term.value) if term.datatype.value.endswith("#decimal") else term.value


class _Reader:
    """Sorts the statements of the store into what the projection is built from."""

    def __init__(self, rows: Iterable[tuple[str, str, ox.NamedNode | ox.Literal | ox.BlankNode, list[str]]]) -> None:
        self.kind: dict[str, str] = {}
        self.labels: dict[str, set[str]] = defaultdict(set)
        self.attributes: dict[str, dict[str, object]] = defaultdict(dict)
        self.links: list[tuple[str, str, str, list[str]]] = []
        self.derived: dict[str, set[str]] = defaultdict(set)
        self.evidence: dict[str, set[str]] = defaultdict(set)
        self.sentence: dict[str, str] = {}
        for s, p, o, graphs in rows:
            self.read(s, p, o, graphs)

    def read(self, s: str, p: str, o: ox.NamedNode | ox.Literal | ox.BlankNode, graphs: list[str]) -> None:
        prop = URIRef(p)
        if isinstance(o, ox.Literal):
            if prop == RDFS.label:
                self.labels[s].add(o.value)
            elif prop == DKG.sentence:
                self.sentence[s] = o.value
            elif prop in _ATTRIBUTES:
                # Two articles may give one office its title in different case: keep one, the same each time.
                name, value = _ATTRIBUTES[prop], _value(o)
                known = self.attributes[s].get(name)
                self.attributes[s][name] = value if known is None else min(known, value, key=str)
            return
        if not isinstance(o, ox.NamedNode):
            return
        if prop == RDF.type:
            if o.value.startswith(str(DKG)) and local_name(o.value) in KINDS:
                self.kind[s] = local_name(o.value)
        elif prop == OWL.sameAs:
            self.attributes[s]["wikidata"] = local_name(o.value)
        elif prop == DKG.evidence:
            self.evidence[s].add(o.value)
        elif prop in _RELATIONS or prop in _OFFICE_RELATIONS or prop in _ARTICLE_RELATIONS:
            self.links.append((s, local_name(p), o.value, graphs))
            if prop == PROV.wasDerivedFrom:
                self.derived[s].add(o.value)
            elif prop == SCHEMA.mentions:
                self.derived[o.value].add(s)

    def article_id(self, article: str) -> str:
        return str(self.attributes.get(article, {}).get("article") or local_name(article))

    def sources(self, node: str) -> list[dict[str, Any]]:
        """One entry per article stating ``node`` and evidence sentence it gives (or none)."""
        out = []
        for article in sorted(self.derived.get(node, ()), key=self.article_id):
            about = self.attributes.get(article, {})
            sentences = sorted(
                self.sentence[ev]
                for ev in self.evidence.get(node, ())
                if article in self.derived.get(ev, ()) and ev in self.sentence
            )
            for sentence in sentences or [None]:
                out.append(
                    {
                        "article": self.article_id(article),
                        "headline": about.get("headline"),
                        "url": about.get("url"),
                        "evidence": sentence,
                    }
                )
        return out

    def label(self, node: str) -> str:
        # Two articles may word a fact's label differently; the first in order is as good as any.
        return min(self.labels[node]) if self.labels.get(node) else local_name(node)


def _build(reader: _Reader, include_articles: bool, fold_offices: bool) -> nx.MultiDiGraph:
    hidden = set() if include_articles else {"Article"}
    if fold_offices:
        hidden.add("Office")
    graph = nx.MultiDiGraph(name="defense-kg")
    for node in sorted(n for n, kind in reader.kind.items() if kind not in hidden):
        attributes = {"kind": reader.kind[node], "label": reader.label(node), **reader.attributes.get(node, {})}
        if reader.kind[node] != "Article":
            attributes["sources"] = reader.sources(node)
        graph.add_node(node, **attributes)

    holder = {s: o for s, relation, o, _ in reader.links if relation == "postIn"}
    # the offices (by their key, the end of the office's IRI) each person holds with a stated state:
    # a state from context for the same office gives way to it, as in the officials query
    stated = {
        (s, _office_key(o))
        for s, relation, o, _ in reader.links
        if relation in ("holds", "formerlyHeld") and o in holder
    }
    offices: dict[str, list[str]] = defaultdict(list)
    edges = []
    for s, relation, o, graphs in sorted(reader.links):
        articles = sorted({reader.article_id(g) for g in graphs})
        if relation == "stateFromContext" and fold_offices:
            # the office's state read from the article's context, not stated: an edge that says so
            title = str(reader.attributes.get(o, {}).get("title") or reader.label(o))
            if holder.get(o) in graph and s in graph and (s, _office_key(o)) not in stated:
                attrs = {"title": title, "office": o, "state_from": "context"}
                edges.append((s, holder[o], f"{relation} {title}", relation, articles, attrs))
            continue
        if relation in ("holds", "formerlyHeld"):
            former = relation == "formerlyHeld"
            offices[s].append(("former " if former else "") + reader.label(o))
            if fold_offices:
                title = str(reader.attributes.get(o, {}).get("title") or reader.label(o))
                if holder.get(o) in graph and s in graph:
                    attrs = {"title": title, "former": former, "office": o}
                    edges.append((s, holder[o], f"{relation} {title}", relation, articles, attrs))
                continue
        if s in graph and o in graph:
            edges.append((s, o, relation, relation, articles, {}))
    for s, o, key, relation, articles, attrs in edges:
        graph.add_edge(s, o, key=key, relation=relation, articles=articles, **attrs)
    for official, held in offices.items():
        if official in graph:
            graph.nodes[official]["offices"] = sorted(held)
    return graph


def _office_key(office: str) -> str:
    """The office an Office IRI names, without its state: ``.../post/jp.prime-minister`` -> ``prime-minister``."""
    return office.rsplit("/post/", 1)[-1].split(".", 1)[-1]


def _statements(store: ox.Store) -> Iterator[tuple[str, str, ox.NamedNode | ox.Literal | ox.BlankNode, list[str]]]:
    for row in store.query(_STATEMENTS):
        yield row["s"].value, row["p"].value, row["o"], row["graphs"].value.split()


def project(
    store: Store,
    *,
    country: str | None = None,
    nodes: Iterable[str] | None = None,
    kinds: Iterable[str] | None = None,
    include_articles: bool = False,
    fold_offices: bool = True,
) -> nx.MultiDiGraph:
    """The store as a MultiDiGraph (see the module's docstring for what becomes a node or an edge).

    Parameters: ``country`` keeps a country (or any entity) and what lies within two links of
    it: its facts and officials, and their setters, co-members and meetings; ``nodes`` keeps just
    the named entities and the links between them; ``kinds`` keeps the nodes of those kinds.
    ``include_articles`` adds Article nodes; ``fold_offices=False`` keeps Office nodes.
    Raises KGError for a name or kind that is not in the graph.

    >>> G = sample_network()
    >>> G.nodes["https://w3id.org/defense-kg/id/country/JP"]["label"]
    'Japan'
    >>> sorted({kind for _, kind in G.nodes(data="kind")})[:4]
    ['Country', 'Expenditure', 'Group', 'Meeting']
    >>> len(sample_network(country="JP")) < len(G)
    True
    """
    graph = _build(_Reader(_statements(store.oxigraph)), include_articles, fold_offices)
    if country is not None:
        graph = neighbourhood_graph(graph, country, radius=2)
    if nodes is not None:
        graph = _induced(graph, {resolve(graph, name) for name in nodes})
    if kinds is not None:
        wanted = _kinds(kinds)
        graph = _induced(graph, {n for n, kind in graph.nodes(data="kind") if kind in wanted})
    return graph


def sample_network(**options: Any) -> nx.MultiDiGraph:
    """The projection of the bundled sample facts (``kg/samples/facts``): a small graph for examples.

    Takes the options of ``project``.

    >>> G = sample_network()
    >>> G.nodes["https://w3id.org/defense-kg/id/official/mark-rutte"]["offices"]
    ['Secretary General (NATO)']
    """
    with tempfile.TemporaryDirectory(prefix="defense-kg-") as folder, Store(folder) as store:
        for path in sorted((SAMPLES_DIR / "facts").glob("*.json")):
            store.ingest(load_facts(path))
        return project(store, **options)


def _graph(source: Source) -> nx.MultiDiGraph:
    return project(source) if isinstance(source, Store) else source


def _induced(graph: nx.MultiDiGraph, keep: set[str]) -> nx.MultiDiGraph:
    """The subgraph on ``keep``, with nodes and edges in the order of ``graph`` (so analyses stay deterministic)."""
    out = nx.MultiDiGraph(**graph.graph)
    out.add_nodes_from((n, dict(data)) for n, data in graph.nodes(data=True) if n in keep)
    out.add_edges_from(
        (u, v, key, dict(data)) for u, v, key, data in graph.edges(keys=True, data=True) if u in keep and v in keep
    )
    return out


def _kinds(kinds: Iterable[str]) -> set[str]:
    """Kind names checked against ``KINDS`` (any case)."""
    by_key = {k.casefold(): k for k in KINDS}
    out = set()
    for kind in kinds:
        if kind.casefold() not in by_key:
            raise KGError(f"unknown kind {kind!r}; choose from: {', '.join(KINDS)}")
        out.add(by_key[kind.casefold()])
    return out


def _simple(graph: nx.MultiDiGraph) -> nx.Graph:
    """The undirected simple graph underneath: one edge per linked pair, whatever the relations."""
    out = nx.Graph()
    out.add_nodes_from(graph)
    out.add_edges_from((u, v) for u, v in graph.edges() if u != v)
    return out


# --- naming entities --------------------------------------------------------------------------
def _names(data: dict[str, Any]) -> list[str]:
    """The names a node answers to: its label, ISO code, acronym, full name or article id."""
    return [str(data[key]) for key in ("label", "code", "acronym", "name", "article") if data.get(key)]


def resolve(G: nx.MultiDiGraph, name: str) -> str:
    """The node named ``name``: an IRI, a label, an ISO code or an acronym (any case).

    When a name fits several nodes, countries win over organisations, then officials, then the
    rest (see ``KINDS``); a tie within a kind is an error listing the IRIs to choose from.
    Raises KGError for an unknown name, with the closest names the graph has.

    >>> G = sample_network()
    >>> resolve(G, "JP"), resolve(G, "japan")
    ('https://w3id.org/defense-kg/id/country/JP', 'https://w3id.org/defense-kg/id/country/JP')
    >>> resolve(G, "Mark Rute")
    Traceback (most recent call last):
    kg.errors.KGError: unknown entity 'Mark Rute'; did you mean: Mark Rutte?
    """
    if name in G:
        return name
    key = name.strip().casefold()
    hits = [n for n, data in G.nodes(data=True) if key in {x.casefold() for x in _names(data)}]
    if hits:
        rank = {kind: i for i, kind in enumerate(KINDS)}
        best = min(rank.get(G.nodes[n]["kind"], len(KINDS)) for n in hits)
        top = [n for n in hits if rank.get(G.nodes[n]["kind"], len(KINDS)) == best]
        if len(top) == 1:
            return top[0]
        choices = "; ".join(f"{G.nodes[n]['label']} <{n}>" for n in top[:5])
        raise KGError(f"{name!r} names {len(top)} {G.nodes[top[0]]['kind']} nodes; give one IRI: {choices}")
    known = {x.casefold(): x for _, data in G.nodes(data=True) for x in _names(data)}
    close = [known[c] for c in difflib.get_close_matches(key, list(known), n=3, cutoff=0.6)]
    if close:
        raise KGError(f"unknown entity {name!r}; did you mean: {', '.join(close)}?")
    raise KGError(
        f"unknown entity {name!r}; name a country (ISO code or name), an organisation (acronym), "
        "an official, a strategy or a fact by its label, or give its IRI"
    )


# --- analyses ---------------------------------------------------------------------------------
def _frame(rows: list[dict[str, Any]], columns: dict[str, str]) -> pd.DataFrame:
    """Rows as a DataFrame with one nullable dtype per column (``string``, ``Int64``, ``Float64``, ...)."""
    return pd.DataFrame(rows, columns=list(columns)).astype(columns)


def neighbourhood_graph(G: Source, entity: str, radius: int = 1) -> nx.MultiDiGraph:
    """The subgraph of the nodes within ``radius`` links of ``entity`` (whichever way the links point).

    >>> H = neighbourhood_graph(sample_network(), "Mark Rutte")
    >>> sorted(label for _, label in H.nodes(data="label"))
    ['3.5% of GDP for NATO by 2035', 'Mark Rutte', 'NATO']
    """
    graph = _graph(G)
    centre = resolve(graph, entity)
    near = nx.single_source_shortest_path_length(graph.to_undirected(as_view=True), centre, cutoff=radius)
    return _induced(graph, set(near))


def neighbourhood(G: Source, entity: str, radius: int = 1) -> pd.DataFrame:
    """The nodes within ``radius`` links of ``entity``: label, kind, distance (0 for the entity), IRI.

    >>> near = neighbourhood(sample_network(), "Mark Rutte", radius=1)
    >>> near[["label", "kind", "distance"]].values.tolist()  # doctest: +NORMALIZE_WHITESPACE
    [['Mark Rutte', 'Official', 0], ['NATO', 'Organization', 1],
     ['3.5% of GDP for NATO by 2035', 'SpendingTarget', 1]]
    """
    graph = _graph(G)
    centre = resolve(graph, entity)
    near = nx.single_source_shortest_path_length(graph.to_undirected(as_view=True), centre, cutoff=radius)
    rank = {kind: i for i, kind in enumerate(KINDS)}
    rows = [
        {"label": graph.nodes[n]["label"], "kind": graph.nodes[n]["kind"], "distance": d, "iri": n}
        for n, d in near.items()
    ]
    rows.sort(key=lambda r: (r["distance"], rank.get(r["kind"], len(KINDS)), r["label"]))
    return _frame(rows, {"label": "string", "kind": "string", "distance": "Int64", "iri": "string"})


def _step(graph: nx.MultiDiGraph, u: str, v: str) -> tuple[str, list[str]]:
    """The relations linking ``u`` to ``v`` (``^relation`` when the link points from ``v`` to ``u``)."""
    names, articles = [], set()
    for prefix, (a, b) in (("", (u, v)), ("^", (v, u))):
        for data in (graph.get_edge_data(a, b) or {}).values():
            title = f" ({data['title']})" if data.get("title") else ""
            names.append(f"{prefix}{data['relation']}{title}")
            articles.update(data.get("articles", ()))
    return ", ".join(sorted(names)), sorted(articles)


def paths(G: Source, a: str, b: str, limit: int = 5) -> pd.DataFrame:
    """The shortest paths between two entities, one row per step, at most ``limit`` paths.

    Columns: ``path`` (1, 2, ...), ``step``, ``from``, ``relation``, ``to`` and the ``articles``
    that state the link. A relation written ``^appliesTo`` is followed backwards, as in a SPARQL
    property path: the target applies to the country, not the other way round. No rows when the
    two are not connected.

    >>> route = paths(sample_network(), "Mark Rutte", "Donald Trump")
    >>> route[["step", "from", "relation", "to"]].values.tolist()  # doctest: +NORMALIZE_WHITESPACE
    [[1, 'Mark Rutte', 'holds (Secretary General)', 'NATO'],
     [2, 'NATO', '^appliesTo, ^setBy', '5% of GDP for NATO'],
     [3, '5% of GDP for NATO', 'setBy', 'Donald Trump']]
    """
    graph = _graph(G)
    source, target = resolve(graph, a), resolve(graph, b)
    columns = dict.fromkeys(["path", "step"], "Int64") | dict.fromkeys(["from", "relation", "to", "articles"], "string")
    if source == target:
        return _frame([], columns)
    try:
        found = list(islice(nx.all_shortest_paths(_simple(graph), source, target), _MAX_PATHS_SEEN))
    except nx.NetworkXNoPath:
        return _frame([], columns)
    label = graph.nodes
    found.sort(key=lambda p: [label[n]["label"] for n in p])
    rows = []
    for number, path in enumerate(found[:limit], start=1):
        for step, (u, v) in enumerate(pairwise(path), start=1):
            relation, articles = _step(graph, u, v)
            rows.append(
                {
                    "path": number,
                    "step": step,
                    "from": label[u]["label"],
                    "relation": relation,
                    "to": label[v]["label"],
                    "articles": ", ".join(articles),
                }
            )
    return _frame(rows, columns)


def _pagerank(graph: nx.Graph, alpha: float = 0.85, tolerance: float = 1e-10, max_iter: int = 500) -> dict[str, float]:
    """PageRank by power iteration on an undirected graph; an isolated node's share is spread evenly.

    networkx's own ``pagerank`` needs SciPy, which defense-kg does not otherwise use; the graphs
    here are small enough for plain Python.
    """
    n = len(graph)
    if not n:
        return {}
    degree = dict(graph.degree())
    rank = dict.fromkeys(graph, 1.0 / n)
    for _ in range(max_iter):
        spread = alpha * sum(rank[v] for v in graph if not degree[v]) / n + (1 - alpha) / n
        new = {v: spread + alpha * sum(rank[u] / degree[u] for u in graph[v]) for v in graph}
        done = sum(abs(new[v] - rank[v]) for v in graph) < n * tolerance
        rank = new
        if done:
            break
    return rank


def centrality(G: Source, top: int | None = 20, kinds: Iterable[str] | None = None) -> pd.DataFrame:
    """Degree, betweenness and PageRank of each node, most central (by PageRank) first.

    Computed on the undirected simple graph: ``degree`` counts distinct neighbours,
    ``betweenness`` is normalised to [0, 1], ``pagerank`` sums to 1 over the whole graph.
    ``kinds`` keeps only rows of those kinds (the scores are still those of the whole graph);
    ``top=None`` keeps every row.

    >>> central = centrality(sample_network(), top=3, kinds=["Country", "Organization"])
    >>> central["label"].tolist()
    ['Japan', 'Germany', 'NATO']
    >>> central.dtypes["degree"], central.dtypes["pagerank"]
    (Int64Dtype(), Float64Dtype())
    """
    graph = _graph(G)
    simple = _simple(graph)
    wanted = _kinds(kinds) if kinds is not None else set(KINDS)
    betweenness = nx.betweenness_centrality(simple)
    pagerank = _pagerank(simple)
    rows = [
        {
            "label": data["label"],
            "kind": data["kind"],
            "degree": simple.degree(n),
            "betweenness": betweenness[n],
            "pagerank": pagerank[n],
            "iri": n,
        }
        for n, data in graph.nodes(data=True)
        if data["kind"] in wanted
    ]
    rows.sort(key=lambda r: (-r["pagerank"], -r["degree"], r["label"]))
    columns = {"label": "string", "kind": "string", "degree": "Int64", "betweenness": "Float64", "pagerank": "Float64"}
    return _frame(rows[:top] if top is not None else rows, {**columns, "iri": "string"})


def communities(G: Source, kinds: Iterable[str] | None = None, seed: int = 0) -> pd.DataFrame:
    """The communities of the graph (Louvain, with a fixed ``seed``): one row per node.

    Communities are numbered from 1, largest first; ``size`` counts the community's nodes of every
    kind, ``kinds`` keeps only rows of those kinds. Nodes are handed to Louvain as integers in the
    graph's own order, so the same graph always gives the same communities.

    >>> found = communities(sample_network(), kinds=["Country"])
    >>> found.columns.tolist()
    ['community', 'size', 'label', 'kind', 'iri']
    >>> found.equals(communities(sample_network(), kinds=["Country"]))
    True
    """
    graph = _graph(G)
    order = list(graph)
    numbered = nx.convert_node_labels_to_integers(_simple(graph), ordering="default")
    groups = [sorted(order[i] for i in group) for group in nx.community.louvain_communities(numbered, seed=seed)]
    groups.sort(key=lambda group: (-len(group), min(graph.nodes[n]["label"] for n in group)))
    wanted = _kinds(kinds) if kinds is not None else set(KINDS)
    rank = {kind: i for i, kind in enumerate(KINDS)}
    rows = []
    for number, group in enumerate(groups, start=1):
        members = [
            {"community": number, "size": len(group), "label": graph.nodes[n]["label"], "kind": kind, "iri": n}
            for n in group
            if (kind := graph.nodes[n]["kind"]) in wanted
        ]
        rows += sorted(members, key=lambda r: (rank.get(r["kind"], len(KINDS)), r["label"]))
    columns = {"community": "Int64", "size": "Int64", "label": "string", "kind": "string", "iri": "string"}
    return _frame(rows, columns)


def meeting_graph(G: Source, kinds: Iterable[str] = ("Official",)) -> nx.Graph:
    """Who met whom: a Graph of the parties (officials by default) that took part in the same meeting.

    Each edge has ``weight`` (the number of meetings), ``meetings`` (their IRIs), ``dates`` and
    ``locations`` (as known, sorted); each node its ``label`` and ``kind``. A meeting of three
    officials links each pair.

    >>> M = meeting_graph(sample_network())
    >>> M.edges["https://w3id.org/defense-kg/id/official/pete-hegseth",
    ...         "https://w3id.org/defense-kg/id/official/richard-marles"]["locations"]
    ['Singapore']
    """
    graph = _graph(G)
    wanted = _kinds(kinds)
    met = nx.Graph()
    for meeting, kind in graph.nodes(data="kind"):
        if kind != "Meeting":
            continue
        about = graph.nodes[meeting]
        parties = sorted(
            {
                party
                for _, party, relation in graph.out_edges(meeting, data="relation")
                if relation == "participant" and graph.nodes[party]["kind"] in wanted
            }
        )
        for a, b in combinations(parties, 2):
            for party in (a, b):
                met.add_node(party, label=graph.nodes[party]["label"], kind=graph.nodes[party]["kind"])
            if not met.has_edge(a, b):
                met.add_edge(a, b, weight=0, meetings=[], dates=[], locations=[])
            edge = met.edges[a, b]
            edge["weight"] += 1
            edge["meetings"].append(meeting)
            if about.get("date"):
                edge["dates"] = sorted([*edge["dates"], str(about["date"])])
            if about.get("location") and about["location"] not in edge["locations"]:
                edge["locations"] = sorted([*edge["locations"], about["location"]])
    return met


def meeting_network(G: Source, kinds: Iterable[str] = ("Official",)) -> pd.DataFrame:
    """Pairs of officials (by default) who met, how many times, when and where; most meetings first.

    >>> pairs = meeting_network(sample_network())
    >>> pairs[["a", "b", "meetings", "locations"]].values.tolist()[:2]  # doctest: +NORMALIZE_WHITESPACE
    [['Donald Trump', 'Lee Jae-myung', 1, 'Washington'],
     ['Donald Trump', 'Volodymyr Zelensky', 1, 'The Hague']]
    >>> pairs.columns.tolist()
    ['a', 'b', 'meetings', 'dates', 'locations', 'a_iri', 'b_iri']
    """
    met = meeting_graph(G, kinds)
    rows = []
    for u, v, data in met.edges(data=True):
        a, b = sorted((u, v), key=lambda n: (met.nodes[n]["label"], n))
        rows.append(
            {
                "a": met.nodes[a]["label"],
                "b": met.nodes[b]["label"],
                "meetings": data["weight"],
                "dates": ", ".join(data["dates"]) or None,
                "locations": ", ".join(data["locations"]) or None,
                "a_iri": a,
                "b_iri": b,
            }
        )
    rows.sort(key=lambda r: (-r["meetings"], r["a"], r["b"]))
    columns = {"a": "string", "b": "string", "meetings": "Int64", "dates": "string", "locations": "string"}
    return _frame(rows, {**columns, "a_iri": "string", "b_iri": "string"})


def year_of(period: str | None) -> int | None:
    """The first year a deadline or period names: ``FY2027`` -> 2027, ``2025-2026`` -> 2025.

    >>> year_of("FY2027"), year_of("2025-2026"), year_of("FY2023-FY2027"), year_of(None)
    (2027, 2025, 2023, None)
    """
    found = re.search(r"\d{4}", period or "")
    return int(found.group()) if found else None


def country_timeline(G: Source, code: str) -> pd.DataFrame:
    """A country's spending targets and expenditures over time, by year (undated ones last).

    Columns: ``year`` (the first year of the deadline or period, where there is one), ``kind``
    (``target`` or ``expenditure``), ``value``, ``unit``, ``amount`` (readable), ``period`` (the
    deadline or period as stated), ``expenditure_kind`` (actual, budget or estimate), ``set_by``
    (for targets) and ``articles``. Works for organisations and groups too ("NATO", "allies").
    Raises KGError for a name that is not a country, organisation or group.

    >>> timeline = country_timeline(sample_network(), "JP")
    >>> timeline[["year", "kind", "amount", "period"]].values.tolist()  # doctest: +NORMALIZE_WHITESPACE
    [[2023, 'expenditure', '43 trillion JPY', 'FY2023-FY2027'],
     [2025, 'expenditure', '8.7 trillion JPY', 'FY2025'],
     [2025, 'target', '2% of GDP', 'FY2025'],
     [2027, 'target', '2% of GDP', 'FY2027']]
    """
    graph = _graph(G)
    node = resolve(graph, code)
    if graph.nodes[node]["kind"] not in TIMELINE_KINDS:
        raise KGError(
            f"{code!r} is an {graph.nodes[node]['kind']}, not a country or organisation: "
            "a timeline follows the targets and spending of a country, an organisation or a group"
        )
    rows = []
    for fact, _, relation in graph.in_edges(node, data="relation"):
        about = graph.nodes[fact]
        if relation == "appliesTo" and about["kind"] == "SpendingTarget":
            kind, period = "target", about.get("deadline")
        elif relation == "spentBy" and about["kind"] == "Expenditure":
            kind, period = "expenditure", about.get("period")
        else:
            continue
        setters = sorted(graph.nodes[s]["label"] for _, s, r in graph.out_edges(fact, data="relation") if r == "setBy")
        rows.append(
            {
                "year": year_of(period),
                "kind": kind,
                "value": about["value"],
                "unit": about["unit"],
                "amount": format_amount(about["value"], about["unit"]),
                "period": period,
                "expenditure_kind": about.get("expenditure_kind"),
                "set_by": ", ".join(setters) or None,
                "articles": ", ".join(sorted({source["article"] for source in about["sources"]})),
            }
        )
    rows.sort(key=lambda r: (r["year"] is None, r["year"] or 0, r["kind"], r["period"] or "", r["value"]))
    columns = {"year": "Int64", "kind": "string", "value": "Float64", "unit": "string", "amount": "string"}
    columns |= {"period": "string", "expenditure_kind": "string", "set_by": "string", "articles": "string"}
    return _frame(rows, columns)


__all__ = [
    "KINDS",
    "centrality",
    "communities",
    "country_timeline",
    "local_name",
    "meeting_graph",
    "meeting_network",
    "neighbourhood",
    "neighbourhood_graph",
    "paths",
    "project",
    "resolve",
    "sample_network",
    "year_of",
]
