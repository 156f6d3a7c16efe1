"""STORE: the graph on disk (Oxigraph), one named graph per article, written atomically.

Each article's statements live in the named graph whose name is the article's IRI. Ingesting an
article replaces that graph in a single SPARQL update, which Oxigraph applies as one transaction:
a failure midway leaves the store as it was, and ingesting the same facts again changes nothing.
Removing an article drops its graph; entities that other articles also state keep those statements.

The default graph is the RDF merge of the article graphs: every triple some article states, once,
however many articles state it (a set, as SPARQL's dataset and Jena's union default graph are; the
union Oxigraph offers would count a triple once per article). The store keeps that merge itself,
in the same transaction as each article's graph: a new article adds its triples to it, a changed
or removed one takes away the triples no other article still states. Queries over the default
graph read the merge; ``GRAPH ?g { ... }`` still reads each article's own statements. A store
written before the merge was kept gets it the first time it is opened for writing; until then,
queries read the union, as they did.

The rdflib API is available as ``Store.dataset`` (an ``rdflib.Dataset`` over the same Oxigraph
store, via oxrdflib), so rdflib users can work on the graph directly.
"""

from __future__ import annotations

import os
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pyoxigraph as ox
from rdflib import BNode, Dataset, Graph, Literal, URIRef
from rdflib.namespace import XSD

from kg import cache
from kg import namespaces as ns
from kg.errors import StoreError
from kg.facts import ArticleFacts
from kg.merge import MergeKeeping, drop_graph_update, keeps_merge
from kg.namespaces import DKG
from kg.rdf import Triples, facts_to_ntriples
from kg.settings import default_store_path

#: The file in a store's folder naming the process that has it open for writing.
WRITER_FILE = "kg-writer.pid"

#: New quads in one write from which the bulk loader beats a transaction.
BULK_QUADS = 20_000


@dataclass(frozen=True)
class Prepared:
    """An article's statements made ready to store: N-Quads in the article's graph.

    Made by ``prepare`` (in a worker process when ingesting in parallel): text is cheap to pass
    between processes, and Oxigraph parses it in one transactional ``load``.
    """

    article_id: str
    graph: str
    nquads: str
    triples: int

    @property
    def graph_term(self) -> str:
        """The graph's name as N-Quads write it."""
        return f"<{self.graph}>"


def prepare(facts: ArticleFacts) -> Prepared:
    """Map an article's facts to the N-Quads of its named graph (distinct triples, escaped by pyoxigraph)."""
    graph, triples = facts_to_ntriples(facts)
    tail = f" {graph} .\n"
    return Prepared(facts.id, graph.value, "".join(f"{s} {p} {o}{tail}" for s, p, o in triples), len(triples))


@dataclass(frozen=True)
class IngestResult:
    """What ingesting one article did to the store."""

    article_id: str
    graph: str
    triples: int
    added: int
    removed: int

    @property
    def changed(self) -> bool:
        return bool(self.added or self.removed)


def _ox_term(term):
    """rdflib term -> pyoxigraph term (IRIs and literals only: the mapping mints no blank nodes)."""
    if isinstance(term, URIRef):
        return ox.NamedNode(str(term))
    if term.language:
        return ox.Literal(str(term), language=term.language)
    return ox.Literal(str(term), datatype=ox.NamedNode(str(term.datatype or XSD.string)))


_XSD_STRING = str(XSD.string)


def rdflib_term(term: ox.NamedNode | ox.Literal | ox.BlankNode) -> URIRef | Literal | BNode:
    """pyoxigraph term -> rdflib term."""
    if isinstance(term, ox.NamedNode):
        return URIRef(term.value)
    if isinstance(term, ox.BlankNode):
        return BNode(term.value)
    if term.language:
        return Literal(term.value, lang=term.language)
    if term.datatype.value == _XSD_STRING:  # RDF 1.1: a plain literal is an xsd:string
        return Literal(term.value)
    return Literal(term.value, datatype=URIRef(term.datatype.value))


class Store:
    """A defense-kg store on disk.

    >>> import tempfile
    >>> from kg.facts import ArticleFacts
    >>> with Store(tempfile.mkdtemp()) as store:
    ...     store.ingest(ArticleFacts(id="a1", countries=["JP"])).added
    9
    """

    def __init__(self, path: Path | str | None = None, *, read_only: bool = False, **remote: object) -> None:
        if isinstance(path, str) and path.startswith(("http://", "https://")):
            self._open_remote(path, read_only=read_only, **remote)
            return
        self.path = Path(path) if path is not None else default_store_path()
        self.read_only = read_only
        self._merge_kept: bool | None = None
        try:
            if read_only:
                if not self.path.exists():
                    raise StoreError(f"{self.path}: no store here (run 'kg ingest' first, or pass --store)")
                self._ox = self._open_snapshot()
            else:
                self.path.mkdir(parents=True, exist_ok=True)
                self._ox = ox.Store(str(self.path))
                # Files a bulk load killed midway left behind (never part of the database): this
                # process holds the store's lock now, so no other writer can be using them.
                for leftover in self.path.glob("bulk-*.sst"):
                    leftover.unlink(missing_ok=True)
                (self.path / WRITER_FILE).write_text(str(os.getpid()), encoding="utf-8")
                self._keep_merge()
        except OSError as exc:
            if "lock" in str(exc).lower():
                raise StoreError(f"{self.path}: {self._in_use()}") from None
            raise StoreError(f"{self.path}: cannot open the store: {exc}") from None
        self._dataset: Dataset | None = None

    def _open_snapshot(self) -> ox.Store:
        """Open the data as it is now, for reading, beside a writer that may be at work.

        A writer's background compaction can delete a table file between RocksDB reading the list
        of files and opening them; a new attempt reads the new list.
        """
        attempt = 0
        while True:
            # The version before the snapshot: an answer saved under it never shows less than it names.
            self._version = cache.store_version(self.path)
            try:
                return ox.Store.read_only(str(self.path))
            except (OSError, RuntimeError) as exc:
                attempt += 1
                if "lock" in str(exc).lower() or attempt == 5:
                    raise OSError(str(exc)) from None
                time.sleep(0.05 * attempt)

    def _in_use(self) -> str:
        """Who holds the store: Oxigraph lets one writer in; the writer leaves its process id behind."""
        try:
            pid = int((self.path / WRITER_FILE).read_text(encoding="utf-8").strip())
        except (OSError, ValueError):
            return "the store is in use by another process; try again when it has finished"
        return f"the store is in use by process {pid}; try again when it has finished"

    # --- a remote store (a SPARQL 1.1 endpoint; see kg/remote.py) --------------------------
    @classmethod
    def remote(cls, query_url: str, update_url: str | None = None, **options: object) -> Store:
        """A store on a SPARQL endpoint: ``options`` go to ``kg.remote.RemoteOxigraph`` (auth, timeout, ...)."""
        return cls(query_url, update_url=update_url, **options)

    def _open_remote(self, url: str, *, read_only: bool, **options: object) -> None:
        from kg.remote import RemoteOxigraph

        self.path = url  # shown in messages where a local store shows its folder
        self.read_only = read_only
        self._merge_kept: bool | None = None
        self._ox = RemoteOxigraph(url, **options)
        self._dataset = None
        if not read_only:
            self._keep_merge()

    def _keep_merge(self) -> None:
        """Give a store written before the merge was kept its merged default graph, in one transaction."""
        if not keeps_merge(self._ox):
            merged = self._in_merge("?s ?p ?o")
            self._ox.update(f"INSERT {{ {merged} }} WHERE {{ GRAPH ?g {{ ?s ?p ?o }} {self._not_merge('?g')} }}")
        self._merge_kept = True

    def _in_merge(self, triples: str) -> str:
        """Triples (SPARQL text) placed in the merged default graph (a named graph on a remote server)."""
        merged = getattr(self._ox, "merged_graph", None)
        return f"GRAPH {merged} {{ {triples} }}" if merged is not None else triples

    def _not_merge(self, var: str) -> str:
        """A filter keeping ``var`` off the graph that holds the merge on a remote server."""
        merged = getattr(self._ox, "merged_graph", None)
        return f"FILTER({var} != {merged})" if merged is not None else ""

    # --- lifecycle ------------------------------------------------------------------------
    def close(self) -> None:
        if getattr(self, "_ox", None) is not None:
            if not self.read_only:
                self._ox.flush()
                if isinstance(self.path, Path):
                    (self.path / WRITER_FILE).unlink(missing_ok=True)
            self._ox = None
            self._dataset = None

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def version(self) -> str | None:
        """What the data this store answers from looks like now, for saved answers (``kg.cache``).

        None for a remote store. A read-only store answers from the snapshot it opened, so its
        version is the one taken then; a writable one's is taken now.
        """
        if not isinstance(self._ox, ox.Store):
            return None
        return self._version if self.read_only else cache.store_version(self.path)

    @property
    def _db(self) -> ox.Store:
        """The database itself, for the store's own reads and writes (which keep the merge)."""
        if self._ox is None:
            raise StoreError(f"{self.path}: the store is closed")
        return self._ox

    @property
    def oxigraph(self) -> ox.Store:
        """The underlying pyoxigraph store (for fast SPARQL and bulk reads).

        Writes through it to an article's graph keep the merged default graph (``kg.merge``).
        """
        if isinstance(self._db, ox.Store):
            return MergeKeeping(self._ox)
        return self._ox

    @property
    def dataset(self) -> Dataset:
        """The store as an rdflib ``Dataset`` (its default graph is the merge of all article graphs)."""
        if self._dataset is None:
            from oxrdflib import OxigraphStore

            self._dataset = Dataset(store=OxigraphStore(store=self.oxigraph), default_union=True)
            for prefix, namespace in ns.PREFIXES.items():
                self._dataset.bind(prefix, namespace)
        return self._dataset

    # --- writing --------------------------------------------------------------------------
    def ingest(self, facts: ArticleFacts) -> IngestResult:
        """Store an article's facts, replacing whatever the store held for that article."""
        return self.write([prepare(facts)])[0]

    def write(self, articles: list[Prepared]) -> list[IngestResult]:
        """Store prepared articles (distinct ids): all the new ones in one atomic step, each changed one in its own.

        A crash at any moment leaves each article whole or absent: the new ones go in one atomic
        bulk load, and a changed article is replaced by one SPARQL update (see ``replace_graph``).
        Oxigraph parses the N-Quads leniently (no second check of each IRI): ``prepare`` printed
        them from terms pyoxigraph had already checked.
        """
        fresh = [a for a in articles if not self._db.contains_named_graph(ox.NamedNode(a.graph))]
        if fresh:
            # Each article's quads, and its triples again in the default graph (the merge): a triple
            # the merge holds already is a no-op there.
            data = "".join(a.nquads + a.nquads.replace(f" {a.graph_term} .\n", " .\n") for a in fresh).encode()
            try:
                if isinstance(self._ox, ox.Store) and sum(a.triples for a in fresh) >= BULK_QUADS:
                    # Oxigraph's bulk loader writes sorted files and adds them to the database in one
                    # atomic step (all or none, also across a crash): 2-3x faster than a transaction
                    # for a big batch, slower for a small one.
                    self._ox.bulk_load(data, format=ox.RdfFormat.N_QUADS, lenient=True)
                else:
                    self._ox.load(data, format=ox.RdfFormat.N_QUADS, lenient=True)
            except (OSError, SyntaxError) as exc:
                ids = ", ".join(repr(a.article_id) for a in fresh[:3]) + (", ..." if len(fresh) > 3 else "")
                raise StoreError(f"{self.path}: could not store articles {ids}: {exc}") from None
        new = {a.graph for a in fresh}
        results = []
        for a in articles:
            if a.graph in new:
                results.append(IngestResult(a.article_id, a.graph, a.triples, a.triples, 0))
            else:
                triples = {q.triple for q in ox.parse(a.nquads, format=ox.RdfFormat.N_QUADS)}
                results.append(self._replace(a.article_id, ox.NamedNode(a.graph), triples))
        return results

    def replace_graph(self, article_id: str, graph: Graph | Triples) -> IngestResult:
        """Replace the article's named graph with ``graph`` in one transaction.

        Terms reach the update as pyoxigraph prints them (N-Triples syntax, escaped), never as raw text.
        """
        gname = ox.NamedNode(str(ns.article_iri(article_id)))
        return self._replace(article_id, gname, {ox.Triple(_ox_term(s), _ox_term(p), _ox_term(o)) for s, p, o in graph})

    def _replace(self, article_id: str, gname: ox.NamedNode, new: set[ox.Triple]) -> IngestResult:
        old = {q.triple for q in self._db.quads_for_pattern(None, None, None, gname)}
        to_add, to_remove = new - old, old - new
        try:
            if not old:
                # A new article: one atomic insert of all its quads, and of its triples into the merge.
                self._db.extend(
                    [ox.Quad(t.subject, t.predicate, t.object, g) for t in to_add for g in (gname, ox.DefaultGraph())]
                )
            elif to_add or to_remove:
                # A changed article: one SPARQL update (one transaction) that applies just the difference,
                # to its graph and to the merge (which keeps a removed triple another article states).
                def block(triples: set[ox.Triple]) -> str:
                    return "\n".join(f"{t.subject} {t.predicate} {t.object} ." for t in triples)

                operations = []
                if to_remove:
                    rows = " ".join(f"({t.subject} {t.predicate} {t.object})" for t in to_remove)
                    operations += [
                        f"DELETE DATA {{ GRAPH {gname} {{\n{block(to_remove)}\n}} }}",
                        f"DELETE {{ {self._in_merge('?s ?p ?o')} }} WHERE {{ VALUES (?s ?p ?o) {{ {rows} }}"
                        f" FILTER NOT EXISTS {{ GRAPH ?other {{ ?s ?p ?o }} {self._not_merge('?other')} }} }}",
                    ]
                if to_add:
                    operations.append(
                        f"INSERT DATA {{ GRAPH {gname} {{\n{block(to_add)}\n}}\n{self._in_merge(block(to_add))} }}"
                    )
                self._db.update(" ;\n".join(operations))
        except (OSError, SyntaxError) as exc:
            raise StoreError(f"{self.path}: could not store article {article_id!r}: {exc}") from None
        added, removed = len(to_add), len(to_remove)
        return IngestResult(article_id, gname.value, len(new), added, removed)

    def remove(self, article: str) -> int:
        """Delete an article's statements (by its id or IRI); returns how many triples went."""
        name = self.find_article(article)
        gname = ox.NamedNode(name)
        count = sum(1 for _ in self._db.quads_for_pattern(None, None, None, gname))
        # One transaction: the merge loses the triples no other article states, then the graph goes.
        self._db.update(drop_graph_update(gname, getattr(self._db, "merged_graph", None)))
        return count

    # --- reading --------------------------------------------------------------------------
    def find_article(self, article: str) -> str:
        """The graph name of an article given by id or IRI; a clear error if it is not stored."""
        candidates = [str(ns.article_iri(article)), article]
        for name in candidates:
            if name.startswith(("http://", "https://")) and self._db.contains_named_graph(ox.NamedNode(name)):
                return name
        known = sorted(self.article_ids())
        hint = f" (stored: {', '.join(known[:8])}{', ...' if len(known) > 8 else ''})" if known else " (store is empty)"
        raise StoreError(f"no article {article!r} in {self.path}{hint}")

    def article_ids(self) -> Iterator[str]:
        for q in self._db.quads_for_pattern(None, ox.NamedNode(str(DKG.articleId)), None, None):
            if q.graph_name == q.subject:
                yield q.object.value

    def __len__(self) -> int:
        """Distinct triples over all articles (the size of the exported graph)."""
        result = self._db.query(
            "SELECT (COUNT(*) AS ?n) WHERE { SELECT DISTINCT ?s ?p ?o WHERE { GRAPH ?g { ?s ?p ?o } } }"
        )
        return int(next(iter(result))["n"].value)

    def quad_count(self) -> int:
        """Statements over all article graphs (a triple counts once per article that states it).

        The merged default graph repeats them and is not counted; a store holding only a default
        graph (RDF loaded into it directly) counts that.
        """
        named = sum(1 for _ in self.article_quads())
        if named:
            return named
        return sum(1 for _ in self._db.quads_for_pattern(None, None, None, ox.DefaultGraph()))

    def article_quads(self) -> Iterator[ox.Quad]:
        """Every article's statements in its own named graph (the merge in the default graph left out)."""
        return (q for q in self._db.quads_for_pattern(None, None, None, None) if isinstance(q.graph_name, ox.NamedNode))

    def query_dataset(self) -> dict[str, object]:
        """The keyword arguments of ``query`` that make the default graph the merge of all article graphs.

        Read when the store was opened: a writable store keeps the merge from then on, and a
        read-only one sees the data as it was then.
        """
        if self._merge_kept is None:
            self._merge_kept = keeps_merge(self._db)
        return {"use_default_graph_as_union": not self._merge_kept}

    def union_triples(self) -> Iterator[ox.Triple]:
        """Every distinct triple of every article graph."""
        if isinstance(self._ox, ox.Store):
            # Oxigraph removes the duplicates itself (a CONSTRUCT answer is a set): faster, and no
            # set of every triple held in Python.
            yield from self._ox.query("CONSTRUCT { ?s ?p ?o } WHERE { GRAPH ?g { ?s ?p ?o } }")
            return
        seen: set[ox.Triple] = set()
        for q in self._db.quads_for_pattern(None, None, None, None):
            if isinstance(q.graph_name, ox.DefaultGraph):
                continue
            t = q.triple
            if t not in seen:
                seen.add(t)
                yield t

    def union_graph(self) -> Graph:
        """All article graphs merged into one in-memory rdflib Graph (for validation and analysis)."""
        g = Graph()
        for prefix, namespace in ns.PREFIXES.items():
            g.bind(prefix, namespace)
        for t in self.union_triples():
            g.add((rdflib_term(t.subject), rdflib_term(t.predicate), rdflib_term(t.object)))
        return g


def stats(store: Store) -> dict[str, int]:
    """Counts that describe a store: articles, distinct triples, quads, and nodes of each class."""
    classes = ["Country", "Organization", "Official", "Office", "Strategy", "SpendingTarget", "Expenditure", "Meeting"]
    out = {"articles": sum(1 for _ in store.article_ids()), "triples": len(store), "quads": store.quad_count()}
    result = store.oxigraph.query(
        "SELECT ?class (COUNT(DISTINCT ?s) AS ?n) WHERE { GRAPH ?g { ?s a ?class } } GROUP BY ?class"
    )
    counts = {row["class"].value: int(row["n"].value) for row in result}
    for name in classes:
        out[name] = counts.get(str(DKG[name]), 0)
    return out
