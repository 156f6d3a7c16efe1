"""REMOTE: the store on a SPARQL 1.1 endpoint (Virtuoso, Fuseki, GraphDB, ...) instead of on disk.

``RemoteOxigraph`` speaks the SPARQL 1.1 Protocol (urllib, no extra dependency) and offers the
part of ``pyoxigraph.Store`` that defense-kg uses, so ``Store("http://host:8890/sparql")`` works
with the query, export, network and view code unchanged:

* ``query`` returns real pyoxigraph results (``QuerySolutions``, ``QueryBoolean``, ``QueryTriples``),
  parsed from the server's SPARQL-JSON / N-Triples answers by pyoxigraph itself;
* ``quads_for_pattern``, ``named_graphs``, ``contains_named_graph`` are SELECT/ASK queries;
* ``update`` POSTs SPARQL Update; ``extend`` bulk-loads quads as ``INSERT DATA`` requests of up to
  ``batch_size`` triples, grouped by graph (so a new article normally goes in one request).

Transactions: each request is one SPARQL update, and what that means is the server's business.
Virtuoso applies one update request as one transaction (with its default autocommit settings),
so an article's replace (``DELETE DATA ; INSERT DATA`` in one request) and a new article that fits
one ``extend`` batch are all-or-nothing there. An article larger than ``batch_size`` triples is
loaded in several requests and is therefore *not* atomic on a remote store; neither is a run of
several articles. Re-running the ingest completes a partial article (the store's replace is
idempotent). Other servers may differ; check their documentation before relying on it.

Virtuoso specifics handled here: its own system graphs (``virtrdf#`` and friends) are hidden
from ``named_graphs``/``quads_for_pattern`` and, through Virtuoso's ``input:*-graph-exclude``
pragmas, from queries; ``VALUES ?x { UNDEF }`` (a parameter left unbound, which Virtuoso 7
rejects) is dropped, which does not change the query's meaning; a result cut short by the server's
``ResultSetMaxRows`` is an error rather than silently partial data.

The default graph: the store keeps the merge of the article graphs (``kg.merge``) in the server's
graph ``MERGED_GRAPH``, which this adapter presents as pyoxigraph's default graph: quads written to
the default graph go there, it is left out of ``named_graphs``, and on Virtuoso (``DEFINE
input:default-graph-uri``) a query's default graph is that graph. Virtuoso 7 answers wrongly when
that graph is also kept out of ``GRAPH ?g``, so a query that ranges over graphs (``GRAPH ?g``, as
every named query does) is answered over the article graphs alone, with their union as its
default graph: there a default-graph pattern of the same query still counts a triple once per
article. Other servers answer over the default graph they define (Jena's union default graph is
already a set).

Credentials: ``auth=(user, password)``, or DEFENSE_KG_SPARQL_USER / DEFENSE_KG_SPARQL_PASSWORD in
the environment; HTTP Digest (Virtuoso's ``/sparql-auth``) and Basic are both answered.
"""

from __future__ import annotations

import json
import os
import re
import urllib.error
import urllib.parse
import urllib.request
from collections import defaultdict
from collections.abc import Iterable, Iterator

import pyoxigraph as ox

USER_ENV = "DEFENSE_KG_SPARQL_USER"
PASSWORD_ENV = "DEFENSE_KG_SPARQL_PASSWORD"
#: The update endpoint, where the server has one apart from its query endpoint (Fuseki's ``.../update``).
UPDATE_URL_ENV = "DEFENSE_KG_SPARQL_UPDATE_URL"

#: Graphs a Virtuoso server keeps for itself; never part of the project's data.
VIRTUOSO_SYSTEM_GRAPHS = (
    "http://www.openlinksw.com/schemas/virtrdf#",
    "http://www.w3.org/ns/ldp#",
    "http://localuriqaserver/sparql",
    "http://www.w3.org/2002/07/owl#",
)

#: The graph on the server that holds the merge of the article graphs (pyoxigraph's default graph).
MERGED_GRAPH = "urn:x-defense-kg:merged-default-graph"

_XSD_INTEGER = "http://www.w3.org/2001/XMLSchema#integer"
_XSD_DECIMAL = "http://www.w3.org/2001/XMLSchema#decimal"
_RESULTS_JSON = "application/sparql-results+json"
_N_TRIPLES = "application/n-triples"

# The prologue (comments, BASE, PREFIX, Virtuoso DEFINEs) and then the query form.
_IRI = re.compile(r"<[^<>\"{}|^`\\\s]*>")
_COMMENT = re.compile(r"#[^\n]*")
_PROLOGUE_ITEM = re.compile(
    r"\s*(?:BASE\s*<[^>]*>|PREFIX\s+[\w.-]*:\s*<[^>]*>|DEFINE\s+\S+\s+(?:<[^>]*>|\"[^\"]*\"|'[^']*'|\S+))",
    re.IGNORECASE,
)
_FORM = re.compile(r"\s*(SELECT|ASK|CONSTRUCT|DESCRIBE)\b", re.IGNORECASE)
_EMPTY_DATA = re.compile(r"(?:^|;)\s*(?:INSERT|DELETE)\s+DATA\s*\{\s*GRAPH\s*<[^<>\s]*>\s*\{\s*\}\s*\}\s*(?=;|$)", re.I)
_GRAPH_VARIABLE = re.compile(r"\bGRAPH\s*[?$]", re.IGNORECASE)
_UNDEF_PARAMETER = re.compile(r"VALUES\s+\?\w+\s*\{\s*UNDEF\s*\}", re.IGNORECASE)


def query_form(query: str) -> str:
    """SELECT, ASK, CONSTRUCT or DESCRIBE: the form of a query, read after its prologue."""
    text = _COMMENT.sub(" ", _IRI.sub("<>", query))  # IRIs first: a '#' inside one is not a comment
    pos = 0
    while True:
        m = _PROLOGUE_ITEM.match(text, pos)
        if not m:
            break
        pos = m.end()
    m = _FORM.match(text, pos)
    if not m:
        raise SyntaxError("not a SPARQL query: no SELECT, ASK, CONSTRUCT or DESCRIBE after the prologue")
    return m.group(1).upper()


def _term(term: object) -> str:
    """A pyoxigraph term in SPARQL/N-Triples syntax (xsd:string literals print as plain literals)."""
    return str(term)


class RemoteOxigraph:
    """The subset of ``pyoxigraph.Store`` defense-kg uses, over the SPARQL 1.1 Protocol."""

    def __init__(
        self,
        query_url: str,
        update_url: str | None = None,
        graph_store_url: str | None = None,
        auth: tuple[str, str] | None = None,
        timeout: float = 30,
        *,
        batch_size: int = 5000,
        exclude_graphs: Iterable[str] = VIRTUOSO_SYSTEM_GRAPHS,
        decimal_predicates: Iterable[str] | None = None,
    ) -> None:
        self.query_url = query_url
        self.update_url = update_url or os.environ.get(UPDATE_URL_ENV) or query_url
        self.graph_store_url = graph_store_url  # kept for callers; the adapter itself needs only SPARQL
        self.timeout = timeout
        self.batch_size = batch_size
        self.exclude_graphs = tuple(exclude_graphs)
        self.decimal_predicates = frozenset(
            decimal_predicates if decimal_predicates is not None else _decimal_predicates()
        )
        self.requests = 0  # how many HTTP requests this adapter made (for tests and benchmarks)
        self._virtuoso: bool | None = None
        if auth is None and os.environ.get(USER_ENV):
            auth = (os.environ[USER_ENV], os.environ.get(PASSWORD_ENV, ""))
        handlers: list[urllib.request.BaseHandler] = []
        if auth is not None:
            passwords = urllib.request.HTTPPasswordMgrWithDefaultRealm()
            for url in {self.query_url, self.update_url}:
                passwords.add_password(None, url, auth[0], auth[1])
            handlers += [
                urllib.request.HTTPDigestAuthHandler(passwords),
                urllib.request.HTTPBasicAuthHandler(passwords),
            ]
        self._opener = urllib.request.build_opener(*handlers)

    def __repr__(self) -> str:
        return f"RemoteOxigraph({self.query_url!r})"

    #: The merged default graph as SPARQL writes its name (``kg.store`` writes updates with it).
    merged_graph = f"<{MERGED_GRAPH}>"

    # --- HTTP ------------------------------------------------------------------------------
    def _post(self, url: str, field: str, text: str, accept: str) -> tuple[bytes, str, dict[str, str]]:
        body = urllib.parse.urlencode({field: text}).encode("utf-8")
        request = urllib.request.Request(
            url,
            data=body,
            headers={"Content-Type": "application/x-www-form-urlencoded; charset=utf-8", "Accept": accept},
            method="POST",
        )
        self.requests += 1
        try:
            with self._opener.open(request, timeout=self.timeout) as response:
                headers = {k.lower(): v for k, v in response.headers.items()}
                if self._virtuoso is None:
                    self._virtuoso = "virtuoso" in headers.get("server", "").lower()
                return response.read(), headers.get("content-type", ""), headers
        except urllib.error.HTTPError as exc:
            message = exc.read().decode("utf-8", "replace").strip()
            message = " ".join(message.split())[:2000]
            if exc.code == 400 or (exc.code == 500 and _looks_like_syntax_error(message)):
                raise SyntaxError(f"{url}: {message}") from None
            raise OSError(f"{url}: HTTP {exc.code} {exc.reason}: {message}") from None
        except urllib.error.URLError as exc:
            raise OSError(f"{url}: {exc.reason}") from None

    def _is_virtuoso(self) -> bool:
        if self._virtuoso is None:
            self._post(self.query_url, "query", "ASK {}", _RESULTS_JSON)
        return bool(self._virtuoso)

    def _dataset_pragmas(self, union: bool = True) -> str:
        """Virtuoso: the default graph is the merge (or, for a store without one, the union of the
        article graphs); its system graphs and the merge stay out of GRAPH ?g."""
        if not self._is_virtuoso():
            return ""
        lines = []
        if union:
            for g in (*self.exclude_graphs, MERGED_GRAPH):
                lines.append(f"DEFINE input:default-graph-exclude <{g}>")
                lines.append(f"DEFINE input:named-graph-exclude <{g}>")
        else:
            # Virtuoso 7 answers wrongly when the graph given as the default one is also excluded
            # from the named ones (an ASK turns true, joins come back empty): GRAPH ?g sees the
            # merge as one more graph there.
            lines.append(f"DEFINE input:default-graph-uri <{MERGED_GRAPH}>")
            lines += [f"DEFINE input:named-graph-exclude <{g}>" for g in self.exclude_graphs]
        return "\n".join(lines) + "\n"

    def _select(self, query: str) -> ox.QuerySolutions | ox.QueryBoolean:
        data, content_type, headers = self._post(self.query_url, "query", query, _RESULTS_JSON)
        try:
            result = ox.parse_query_results(data, format=_results_format(content_type))
        except SyntaxError as exc:  # the server's answer, not the query, is malformed
            raise OSError(f"{self.query_url}: unreadable query results: {exc}") from None
        _check_not_truncated(data, headers, self.query_url)
        return result

    # --- pyoxigraph.Store API --------------------------------------------------------------
    def query(
        self,
        query: str,
        *,
        prefixes: dict[str, str] | None = None,
        use_default_graph_as_union: bool = True,
        substitutions: dict | None = None,
        **ignored: object,
    ) -> ox.QuerySolutions | ox.QueryBoolean | ox.QueryTriples:
        """Run a query on the endpoint; the answer is a pyoxigraph result, as from an embedded store.

        ``use_default_graph_as_union`` is what SPARQL servers such as Virtuoso do already when a
        query names no dataset; a server that does not would need ``FROM`` clauses in the query.
        """
        if substitutions:
            names = ", ".join(f"?{getattr(v, 'value', v)}" for v in substitutions)
            raise NotImplementedError(
                f"a remote store cannot bind {names} by substitution; declare the parameter in the query "
                "as 'VALUES ?name { UNDEF }' so it is bound in the query text"
            )
        form = query_form(query)
        text = _UNDEF_PARAMETER.sub(" ", query)
        prologue = "".join(f"PREFIX {p}: <{iri}>\n" for p, iri in (prefixes or {}).items())
        # On Virtuoso a query over the merge also meets the merge's graph in GRAPH ?g (see
        # _dataset_pragmas): a query that ranges over graphs reads the article graphs alone.
        union = use_default_graph_as_union or bool(_GRAPH_VARIABLE.search(_COMMENT.sub(" ", _IRI.sub("<>", text))))
        text = self._dataset_pragmas(union) + prologue + text
        if form in ("SELECT", "ASK"):
            return self._select(text)
        data, content_type, _ = self._post(self.query_url, "query", text, f"{_N_TRIPLES}, text/turtle;q=0.5")
        fmt = ox.RdfFormat.TURTLE if "turtle" in content_type else ox.RdfFormat.N_TRIPLES
        try:
            triples = list(ox.parse(data, format=fmt))
        except SyntaxError as exc:
            raise OSError(f"{self.query_url}: unreadable {form} answer: {exc}") from None
        return _query_triples(
            [ox.Triple(t.subject, t.predicate, self._retyped(t.predicate, t.object)) for t in triples]
        )

    def quads_for_pattern(self, subject=None, predicate=None, object=None, graph_name=None) -> Iterator[ox.Quad]:
        """Quads matching the pattern (None matches anything); the merge's are in the default graph."""
        if isinstance(graph_name, ox.DefaultGraph):
            graph_name = ox.NamedNode(MERGED_GRAPH)
        terms = {"s": subject, "p": predicate, "o": object, "g": graph_name}
        pattern = {k: (_term(v) if v is not None else f"?{k}") for k, v in terms.items()}
        wanted = [k for k, v in terms.items() if v is None]
        select = " ".join(f"?{k}" for k in wanted) or "*"
        filter_ = self._graph_filter(pattern["g"]) if graph_name is None else ""
        body = f"GRAPH {pattern['g']} {{ {pattern['s']} {pattern['p']} {pattern['o']} }} {filter_}"
        if not wanted:
            if bool(self._select(f"ASK {{ {body} }}")):
                return iter([ox.Quad(subject, predicate, object, _graph(graph_name))])
            return iter(())
        solutions = self._select(f"SELECT {select} WHERE {{ {body} }}")

        def quads() -> Iterator[ox.Quad]:
            for row in solutions:
                s, p, o, g = (terms[k] if terms[k] is not None else row[k] for k in "spog")
                yield ox.Quad(s, p, self._retyped(p, o), _graph(g))

        return quads()

    def named_graphs(self) -> Iterator[ox.NamedNode]:
        solutions = self._select(f"SELECT DISTINCT ?g WHERE {{ GRAPH ?g {{ ?s ?p ?o }} {self._graph_filter('?g')} }}")
        return (row["g"] for row in solutions if isinstance(row["g"], ox.NamedNode) and row["g"].value != MERGED_GRAPH)

    def contains_named_graph(self, graph_name: ox.NamedNode) -> bool:
        return bool(self._select(f"ASK {{ GRAPH {_term(graph_name)} {{ ?s ?p ?o }} }}"))

    def update(self, update: str, **ignored: object) -> None:
        # Virtuoso rejects an empty 'INSERT DATA { GRAPH <g> { } }' (the store sends one when a
        # re-ingest only removes statements): leave such no-op operations out.
        text = _EMPTY_DATA.sub(" ", update).strip().strip(";").strip()
        if text:
            self._post(self.update_url, "update", text, "*/*")

    def extend(self, quads: Iterable[ox.Quad]) -> None:
        """Bulk insert: INSERT DATA requests of up to ``batch_size`` triples, grouped by graph."""
        by_graph: dict[str, list[str]] = defaultdict(list)
        for q in quads:
            graph = self.merged_graph if isinstance(q.graph_name, ox.DefaultGraph) else _term(q.graph_name)
            by_graph[graph].append(f"{_term(q.subject)} {_term(q.predicate)} {_term(q.object)} .")
        batch: list[str] = []
        size = 0
        for graph, lines in by_graph.items():
            for start in range(0, len(lines), self.batch_size):
                chunk = lines[start : start + self.batch_size]
                if size and size + len(chunk) > self.batch_size:
                    self._insert(batch)
                    batch, size = [], 0
                batch.append(f"GRAPH {graph} {{\n" + "\n".join(chunk) + "\n}")
                size += len(chunk)
        if batch:
            self._insert(batch)

    def load(self, input: str | bytes, format: ox.RdfFormat, **ignored: object) -> None:
        """Insert an RDF document (as ``pyoxigraph.Store.load`` does): parsed here, sent as ``INSERT DATA``."""
        self.extend(ox.parse(input, format=format))

    def _insert(self, blocks: list[str]) -> None:
        self.update("INSERT DATA {\n" + "\n".join(blocks) + "\n}")

    def add(self, quad: ox.Quad) -> None:
        self.extend([quad])

    def remove(self, quad: ox.Quad) -> None:
        graph = self.merged_graph if isinstance(quad.graph_name, ox.DefaultGraph) else _term(quad.graph_name)
        self.update(
            f"DELETE DATA {{ GRAPH {graph} {{ {_term(quad.subject)} {_term(quad.predicate)} {_term(quad.object)} }} }}"
        )

    def flush(self) -> None:
        """Nothing to flush: every request is committed by the server when it answers."""

    def optimize(self) -> None:
        """Nothing to do remotely."""

    # --- helpers ---------------------------------------------------------------------------
    def _retyped(self, predicate: ox.NamedNode, obj: object) -> object:
        """Virtuoso keeps numbers as SQL values: a whole xsd:decimal comes back as xsd:integer.

        Where the ontology says a property's values are decimals, give the integer its type back
        (the store writes decimals in canonical form, ``5`` not ``5.0``, so the text is unchanged).
        """
        if (
            isinstance(obj, ox.Literal)
            and obj.datatype.value == _XSD_INTEGER
            and predicate.value in self.decimal_predicates
        ):
            return ox.Literal(obj.value, datatype=ox.NamedNode(_XSD_DECIMAL))
        return obj

    def _graph_filter(self, var: str) -> str:
        """Keeps ``var`` off the server's own graphs (``quads_for_pattern`` maps the merge's back)."""
        if not self.exclude_graphs or not var.startswith("?"):
            return ""
        return f"FILTER({var} NOT IN ({', '.join(f'<{g}>' for g in self.exclude_graphs)}))"


def _graph(name: object) -> object:
    """A graph's name as pyoxigraph gives it: the merge is the default graph."""
    if isinstance(name, ox.NamedNode) and name.value == MERGED_GRAPH:
        return ox.DefaultGraph()
    return name


def _decimal_predicates() -> set[str]:
    """Properties whose range the project's ontology declares as xsd:decimal."""
    from kg.settings import ONTOLOGY_DIR

    path = ONTOLOGY_DIR / "defense.ttl"
    if not path.is_file():
        return set()
    range_, decimal = ox.NamedNode("http://www.w3.org/2000/01/rdf-schema#range"), ox.NamedNode(_XSD_DECIMAL)
    return {
        t.subject.value
        for t in ox.parse(path=str(path), format=ox.RdfFormat.TURTLE)
        if t.predicate == range_ and t.object == decimal and isinstance(t.subject, ox.NamedNode)
    }


def _looks_like_syntax_error(message: str) -> bool:
    return bool(re.search(r"SP030|SQ07\d|syntax error|parse error|SPARQL compiler", message, re.IGNORECASE))


def _results_format(content_type: str) -> ox.QueryResultsFormat:
    if "xml" in content_type:
        return ox.QueryResultsFormat.XML
    if "tab-separated" in content_type:
        return ox.QueryResultsFormat.TSV
    return ox.QueryResultsFormat.JSON


def _check_not_truncated(data: bytes, headers: dict[str, str], url: str) -> None:
    """Virtuoso cuts results at ResultSetMaxRows and says so only in a header: make that an error."""
    limit = headers.get("x-sparql-maxrows")
    if limit is None:
        return
    try:
        rows = len(json.loads(data).get("results", {}).get("bindings", []))
    except ValueError:
        return
    if rows >= int(limit):
        raise OSError(
            f"{url}: the server cut the result at {limit} rows (Virtuoso's [SPARQL] ResultSetMaxRows); raise it"
        )


def _query_triples(triples: list[ox.Triple]) -> ox.QueryTriples:
    """A real ``QueryTriples`` holding ``triples`` (so ``isinstance(result, ox.QueryTriples)`` holds)."""
    scratch = ox.Store()
    scratch.extend(ox.Quad(t.subject, t.predicate, t.object, ox.DefaultGraph()) for t in triples)
    return scratch.query("CONSTRUCT WHERE { ?s ?p ?o }")
