"""STORE: the default graph as the RDF merge of the article graphs (each triple once).

SPARQL users expect the default graph of a store of many graphs to be their merge, a set, as Jena's
union default graph is. Oxigraph's union default graph (``use_default_graph_as_union``) is a bag
in 0.5: a triple that four articles state is matched four times, so ``COUNT`` and plain SELECTs
repeat it (fixed upstream in oxigraph/oxigraph#1920, not in a release yet). The store therefore
keeps the merge itself, in Oxigraph's default graph, and queries read that graph.

``kg.store.Store`` keeps the merge in the same transaction as each article's graph. Writes made
beside it, through ``Store.oxigraph`` or ``Store.dataset`` (rdflib), go through ``MergeKeeping``,
which keeps it too. A store written before the merge was kept has articles and an empty default
graph: it is read as the union, as before, until it is opened for writing, which adds the merge.
"""

from __future__ import annotations

from collections.abc import Iterable

import pyoxigraph as ox

#: Makes the default graph the merge of the named graphs again, whatever an update did to either.
RESYNC = (
    "DELETE { ?s ?p ?o } WHERE { ?s ?p ?o FILTER NOT EXISTS { GRAPH ?g { ?s ?p ?o } } } ;\n"
    "INSERT { ?s ?p ?o } WHERE { GRAPH ?g { ?s ?p ?o } }"
)

#: Adds to the default graph the triples of the named graphs it lacks.
ADD_MISSING = "INSERT { ?s ?p ?o } WHERE { GRAPH ?g { ?s ?p ?o } }"


def keeps_merge(store: ox.Store) -> bool:
    """Whether ``store``'s default graph is the merge of its article graphs.

    Every article states something, so a store with articles and an empty default graph was written
    before the merge was kept; an empty store keeps it from its first article.
    """
    if next(iter(store.quads_for_pattern(None, None, None, ox.DefaultGraph())), None) is not None:
        return True
    return next(iter(store.named_graphs()), None) is None


def query_dataset(store: ox.Store) -> dict[str, object]:
    """The keyword arguments of ``query`` that make the default graph the merge of all article graphs."""
    return {"use_default_graph_as_union": not keeps_merge(store)}


def drop_graph_update(graph: ox.NamedNode, merged: str | None = None, *, clear: bool = False) -> str:
    """One update (one transaction) that drops ``graph`` and takes from the merge what only it stated.

    ``merged``: the graph holding the merge, on a server that has no separate default graph.
    """
    target = f"GRAPH {merged} {{ ?s ?p ?o }}" if merged else "?s ?p ?o"
    keep = f"FILTER(?other != {graph}{f' && ?other != {merged}' if merged else ''})"
    return (
        f"DELETE {{ {target} }} WHERE {{ GRAPH {graph} {{ ?s ?p ?o }}"
        f" FILTER NOT EXISTS {{ GRAPH ?other {{ ?s ?p ?o }} {keep} }} }} ;\n"
        f"{'CLEAR' if clear else 'DROP'} SILENT GRAPH {graph}"
    )


class MergeKeeping:
    """A ``pyoxigraph.Store`` whose writes keep its default graph the merge of its named graphs.

    What ``Store.oxigraph`` and ``Store.dataset`` hand out: reads go straight to Oxigraph, except
    that a query asking for the union of all graphs as its default graph gets the merge (what
    rdflib's ``Dataset(default_union=True)`` asks for); a write to a named graph also writes the
    merge. An arbitrary SPARQL update is followed by a pass over the store that makes the merge
    again (updates by hand are rare).
    """

    def __init__(self, inner: ox.Store) -> None:
        self._inner = inner

    def __getattr__(self, name: str) -> object:
        return getattr(self._inner, name)

    def __len__(self) -> int:
        return len(self._inner)

    def __iter__(self):
        return iter(self._inner)

    def __contains__(self, quad: ox.Quad) -> bool:
        return quad in self._inner

    def query(self, query: str, **options: object) -> object:
        """Oxigraph's query; its union default graph is read as the merge where the store keeps one."""
        if options.get("use_default_graph_as_union") and keeps_merge(self._inner):
            options["use_default_graph_as_union"] = False
        return self._inner.query(query, **options)

    def add(self, quad: ox.Quad) -> None:
        self.extend([quad])

    def extend(self, quads: Iterable[ox.Quad]) -> None:
        quads = list(quads)
        merged = [
            ox.Quad(q.subject, q.predicate, q.object) for q in quads if not isinstance(q.graph_name, ox.DefaultGraph)
        ]
        self._inner.extend(quads + merged)

    def remove(self, quad: ox.Quad) -> None:
        if isinstance(quad.graph_name, ox.DefaultGraph):
            self._inner.remove(quad)
            return
        s, p, o, g = quad.subject, quad.predicate, quad.object, quad.graph_name
        self._inner.update(
            f"DELETE DATA {{ GRAPH {g} {{ {s} {p} {o} }} }} ;\n"
            f"DELETE {{ {s} {p} {o} }} WHERE {{ FILTER NOT EXISTS {{ GRAPH ?other {{ {s} {p} {o} }} }} }}"
        )

    def remove_graph(self, graph: ox.NamedNode | ox.BlankNode | ox.DefaultGraph) -> None:
        if isinstance(graph, ox.DefaultGraph):
            self._inner.remove_graph(graph)
        else:
            self._inner.update(drop_graph_update(graph))

    def clear_graph(self, graph: ox.NamedNode | ox.BlankNode | ox.DefaultGraph) -> None:
        if isinstance(graph, ox.DefaultGraph):
            self._inner.clear_graph(graph)
        else:
            self._inner.update(drop_graph_update(graph, clear=True))

    def update(self, update: str, **options: object) -> None:
        self._inner.update(update, **options)
        if next(iter(self._inner.named_graphs()), None) is not None:
            self._inner.update(RESYNC)

    def load(self, *args: object, **options: object) -> None:
        self._inner.load(*args, **options)
        self._inner.update(ADD_MISSING)

    def bulk_load(self, *args: object, **options: object) -> None:
        self._inner.bulk_load(*args, **options)
        self._inner.update(ADD_MISSING)
