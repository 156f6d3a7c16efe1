"""SERVE: the store as a SPARQL 1.1 Protocol endpoint, with a query page and the HTML views.

``make_server(store_path, host, port, ...)`` returns a ``SparqlServer`` (a standard-library
``ThreadingHTTPServer``); call its ``serve_forever()``. ``kg serve`` is a thin layer over the two.

- ``/sparql``: queries by GET (``?query=``) and POST (a form with ``query=``, or an
  ``application/sparql-query`` body). SELECT and ASK answer in SPARQL JSON, XML, CSV or TSV;
  CONSTRUCT and DESCRIBE in Turtle, N-Triples, JSON-LD or RDF/XML; chosen from the ``Accept``
  header, or by a ``format`` parameter (``json``, ``xml``, ``csv``, ``tsv``, ``turtle``,
  ``ntriples``, ``jsonld``, ``rdfxml`` or a media type) that overrides it. The default graph is
  the merge of all article graphs (each triple once), as for ``kg query``; ``default-graph-uri`` and
  ``named-graph-uri`` narrow it as the protocol says (several ``default-graph-uri`` are merged by
  Oxigraph 0.5 as a bag: a triple two of them state counts twice). The prefixes of ``kg.namespaces`` are
  declared for every query.
- ``/``: a page with a query box that shows the results as a table; ``/views/``: the HTML views
  of a folder (``exports/`` by default), and nothing outside it.

Safe by default: it listens on 127.0.0.1, and it is read-only. SPARQL updates (POST ``update=``
or ``application/sparql-update``) get 403 unless the server was made with ``allow_update`` and a
token, which each update must carry as ``Authorization: Bearer <token>`` (401 without it, 403 with
another). Federated queries (``SERVICE``) are refused: the endpoint makes no requests of its own.

Time limit. Oxigraph cannot interrupt a query from Python, so in the read-only mode each query
runs in a worker process (a small pool, forked from a forkserver, each holding the store open
read-only). A query still running at its deadline is stopped by killing its worker, which is
replaced in the background; the client gets 503 with a message. Results are also read one
solution at a time with the deadline checked between solutions, so most slow queries end in
their worker without a kill. Limits: a worker killed mid-query costs a fork and a store open
(~50 ms) before the pool is whole again; when every worker is busy for the whole time limit, new
queries get 503 too. Workers reopen the store when its files change, so what ``kg ingest`` adds
shows up at the next query (Oxigraph does not promise a consistent read while another process is
writing; a query that meets a write half-done fails with 500 and can be retried).

With updates allowed the server holds the store open read-write, and no other process may open
it then, so queries run in threads of the server instead, with only the check between solutions:
the client still gets 503 on time, but a query that spends long before its first solution
(ORDER BY, GROUP BY or COUNT over a huge join) keeps its thread busy until that solution comes.
At most ``workers`` such queries run at once. Updates have no time limit.

Result size. At most ``max_rows`` solutions (or triples, for CONSTRUCT and DESCRIBE) and about
``max_bytes`` of result, measured as SPARQL JSON (or N-Triples) before conversion. A longer
result is cut, not refused: the answer is a valid document of the first rows, with the header
``X-Result-Truncated: true``. Add a LIMIT (and OFFSET to page) to get all of it.
"""

from __future__ import annotations

import base64
import contextlib
import dataclasses
import hashlib
import hmac
import html
import json
import mimetypes
import multiprocessing
import os
import queue
import re
import shutil
import signal
import socket
import sys
import threading
import time
import types
from dataclasses import dataclass
from datetime import UTC, datetime
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path, PurePosixPath
from typing import TextIO
from urllib.parse import parse_qs, unquote, urlsplit

import pyoxigraph as ox

from kg.errors import KGError
from kg.merge import query_dataset
from kg.namespaces import PREFIXES
from kg.query import _one_line, named_queries
from kg.store import Store

#: Where the server listens by default: this machine only.
DEFAULT_HOST = "127.0.0.1"
DEFAULT_PORT = 7878
#: Seconds a query may run before it is stopped and answered with 503.
DEFAULT_TIMEOUT = 10.0
#: Most solutions (or triples) in one result; more are cut, with ``X-Result-Truncated: true``.
DEFAULT_MAX_ROWS = 10_000
#: Most bytes of one result (as SPARQL JSON or N-Triples), however few the rows.
DEFAULT_MAX_BYTES = 50_000_000
#: Largest request body read (a query or an update), in bytes.
MAX_REQUEST_BYTES = 1_000_000
#: The environment variable ``kg serve`` reads the update token from.
TOKEN_ENV = "DEFENSE_KG_SERVE_TOKEN"
#: Shortest update token accepted: a guessable token would make the update switch pointless.
MIN_TOKEN_LENGTH = 16
#: Seconds a worker process may take to start and open the store.
WORKER_START_SECONDS = 30.0
#: Seconds given to a worker past the deadline to report its own timeout before it is killed.
_GRACE_SECONDS = 0.25

_PREFIXES = {prefix: str(namespace) for prefix, namespace in PREFIXES.items()}
_XSD_STRING = "http://www.w3.org/2001/XMLSchema#string"
_RDF_LANG_STRING = "http://www.w3.org/1999/02/22-rdf-syntax-ns#langString"


# --- result formats ----------------------------------------------------------------------------


@dataclass(frozen=True)
class ResultFormat:
    """A serialisation the endpoint offers: its ``format=`` name, media type and other names for it."""

    name: str
    media_type: str
    aliases: tuple[str, ...] = ()

    @property
    def content_type(self) -> str:
        return f"{self.media_type}; charset=utf-8"

    def answers(self, name: str) -> bool:
        return name in (self.name, self.media_type, *self.aliases)


#: SELECT and ASK results, the first being the default.
SOLUTION_FORMATS = (
    ResultFormat("json", "application/sparql-results+json", ("application/json",)),
    ResultFormat("xml", "application/sparql-results+xml", ("application/xml", "text/xml")),
    ResultFormat("csv", "text/csv"),
    ResultFormat("tsv", "text/tab-separated-values", ("text/tsv",)),
)
#: CONSTRUCT and DESCRIBE results, the first being the default.
GRAPH_FORMATS = (
    ResultFormat("turtle", "text/turtle", ("ttl", "application/x-turtle", "application/turtle")),
    ResultFormat("ntriples", "application/n-triples", ("nt", "n-triples", "text/plain")),
    ResultFormat("jsonld", "application/ld+json", ("json-ld", "json", "application/json")),
    ResultFormat("rdfxml", "application/rdf+xml", ("xml", "rdf", "application/xml", "text/xml")),
)
_OX_RESULTS = {
    "json": ox.QueryResultsFormat.JSON,
    "xml": ox.QueryResultsFormat.XML,
    "csv": ox.QueryResultsFormat.CSV,
    "tsv": ox.QueryResultsFormat.TSV,
}
_OX_RDF = {
    "turtle": ox.RdfFormat.TURTLE,
    "ntriples": ox.RdfFormat.N_TRIPLES,
    "jsonld": ox.RdfFormat.JSON_LD,
    "rdfxml": ox.RdfFormat.RDF_XML,
}


class NotAcceptable(Exception):
    """No offered format fits the request's ``Accept`` header or ``format`` parameter."""


def _media_ranges(accept: str) -> list[str]:
    """The media ranges of an ``Accept`` header, most wanted first (ranges with q=0 dropped)."""
    ranked = []
    for position, item in enumerate(accept.split(",")):
        media, *params = (part.strip() for part in item.split(";"))
        quality = 1.0
        for param in params:
            key, _, value = param.partition("=")
            if key.strip().lower() == "q":
                try:
                    quality = float(value)
                except ValueError:
                    quality = 0.0
        if media and quality > 0:
            ranked.append((-quality, position, media.lower()))
    return [media for _, _, media in sorted(ranked)]


def choose_format(formats: tuple[ResultFormat, ...], accept: str = "", requested: str | None = None) -> ResultFormat:
    """The format to answer in: the ``format`` parameter if given, else the best fit for ``Accept``.

    >>> choose_format(SOLUTION_FORMATS, "text/csv;q=0.5, application/sparql-results+xml").name
    'xml'
    >>> choose_format(GRAPH_FORMATS, "text/html, */*;q=0.8").name
    'turtle'
    >>> choose_format(GRAPH_FORMATS, requested="json").media_type
    'application/ld+json'
    """
    if requested:
        key = requested.strip().lower()
        for fmt in formats:
            if fmt.answers(key):
                return fmt
        raise NotAcceptable(
            f"format {requested!r} does not fit this result; choose {', '.join(f.name for f in formats)}"
        )
    ranges = _media_ranges(accept)
    if not ranges:
        return formats[0]
    for media in ranges:
        if media == "*/*":
            return formats[0]
        if media.endswith("/*"):
            major = media[:-1]
            fitting = [f for f in formats if f.media_type.startswith(major)]
            if fitting:
                return fitting[0]
        for fmt in formats:
            if fmt.answers(media):
                return fmt
    offered = ", ".join(f.media_type for f in formats)
    raise NotAcceptable(f"none of the accepted types ({accept}) fits this result; offered: {offered}")


# --- what the endpoint refuses -------------------------------------------------------------------

#: What the SPARQL lexer reads as one token that may hide a keyword: strings, IRIs and comments.
_OPAQUE = re.compile(
    r'"""(?:[^"\\]|\\.|"(?!""))*"""'
    r"|'''(?:[^'\\]|\\.|'(?!''))*'''"
    r'|"(?:[^"\\\n\r]|\\.)*"'
    r"|'(?:[^'\\\n\r]|\\.)*'"
    r'|<[^<>"{}|^`\\\x00-\x20]*>'
    r"|#[^\n\r]*",
    re.S,
)
_SERVICE = re.compile(r"(?<![\w:?$.-])SERVICE(?![\w:.-])", re.I)
_CODEPOINT = re.compile(r"\\u([0-9A-Fa-f]{4})|\\U([0-9A-Fa-f]{8})")


def federated(text: str) -> bool:
    """Whether a query or update uses ``SERVICE`` (which would make the server fetch a URL).

    >>> federated("SELECT * WHERE { SERVICE <http://example.org/sparql> { ?s ?p ?o } }")
    True
    >>> federated('SELECT * WHERE { ?s schema:service ?o FILTER(?o != "SERVICE") } # SERVICE')
    False
    """
    text = _CODEPOINT.sub(lambda m: chr(int(m.group(1) or m.group(2), 16)), text)
    return bool(_SERVICE.search(_OPAQUE.sub(" ", text)))


# --- answering a query -----------------------------------------------------------------------------


@dataclass(frozen=True)
class QueryRequest:
    """One query as the endpoint received it, with the limits it runs under."""

    text: str
    accept: str = ""
    format: str | None = None
    default_graphs: tuple[str, ...] = ()
    named_graphs: tuple[str, ...] = ()
    timeout: float = DEFAULT_TIMEOUT
    max_rows: int = DEFAULT_MAX_ROWS
    max_bytes: int = DEFAULT_MAX_BYTES


@dataclass(frozen=True)
class Reply:
    """The HTTP answer to a query: status, content type, body, and whether the result was cut."""

    status: int
    content_type: str
    body: bytes
    truncated: bool = False
    note: str = ""

    @classmethod
    def text(cls, status: int, message: str, note: str = "") -> Reply:
        return cls(status, "text/plain; charset=utf-8", (message + "\n").encode("utf-8"), note=note)


class QueryTimedOut(Exception):
    """The query passed its deadline."""


def timed_out(timeout: float) -> Reply:
    return Reply.text(
        503,
        f"the query ran past the {timeout:g} s time limit and was stopped; narrow it or add a LIMIT",
        note="timed out",
    )


def busy(timeout: float) -> Reply:
    return Reply.text(503, f"the server is busy: no query slot came free within {timeout:g} s; retry later", "busy")


def _dataset(request: QueryRequest, store: ox.Store) -> dict[str, object]:
    """The query's dataset: the protocol's graph parameters, else the merge of all article graphs."""
    out: dict[str, object] = {}
    if request.default_graphs:
        out["default_graph"] = [ox.NamedNode(iri) for iri in request.default_graphs]
    else:
        out.update(query_dataset(store))
    if request.named_graphs:
        out["named_graphs"] = [ox.NamedNode(iri) for iri in request.named_graphs]
    return out


def _json_term(term: ox.NamedNode | ox.BlankNode | ox.Literal | ox.Triple) -> dict[str, object]:
    """A term as SPARQL 1.1 JSON results write it."""
    if isinstance(term, ox.NamedNode):
        return {"type": "uri", "value": term.value}
    if isinstance(term, ox.BlankNode):
        return {"type": "bnode", "value": term.value}
    if isinstance(term, ox.Literal):
        out: dict[str, object] = {"type": "literal", "value": term.value}
        if term.language:
            out["xml:lang"] = term.language
        elif term.datatype.value not in (_XSD_STRING, _RDF_LANG_STRING):
            out["datatype"] = term.datatype.value
        return out
    parts = {"subject": term.subject, "predicate": term.predicate, "object": term.object}
    return {"type": "triple", "value": {key: _json_term(value) for key, value in parts.items()}}


def _solutions_json(result: ox.QuerySolutions, request: QueryRequest, deadline: float) -> tuple[bytes, bool]:
    """SPARQL JSON of at most ``max_rows`` solutions and about ``max_bytes``, read one by one against the deadline."""
    variables = [v.value for v in result.variables]
    rows: list[str] = []
    size = 0
    truncated = False
    for solution in result:
        if time.monotonic() > deadline:
            raise QueryTimedOut
        if len(rows) >= request.max_rows:
            truncated = True
            break
        binding = {name: _json_term(term) for name, term in zip(variables, solution, strict=True) if term is not None}
        row = json.dumps(binding, ensure_ascii=False, separators=(",", ":"))
        size += len(row) + 1
        if size > request.max_bytes:
            truncated = True
            break
        rows.append(row)
    head = json.dumps({"vars": variables}, ensure_ascii=False, separators=(",", ":"))
    return f'{{"head":{head},"results":{{"bindings":[{",".join(rows)}]}}}}'.encode(), truncated


def _triples(result: ox.QueryTriples, request: QueryRequest, deadline: float) -> tuple[list[ox.Triple], bool]:
    """At most ``max_rows`` triples and about ``max_bytes`` of N-Triples, read one by one against the deadline."""
    kept: list[ox.Triple] = []
    size = 0
    for triple in result:
        if time.monotonic() > deadline:
            raise QueryTimedOut
        if len(kept) >= request.max_rows:
            return kept, True
        size += len(str(triple)) + 3
        if size > request.max_bytes:
            return kept, True
        kept.append(triple)
    return kept, False


def answer(store: ox.Store, request: QueryRequest) -> Reply:
    """Run ``request`` on ``store`` and serialise the result: the whole work of one query.

    >>> reply = answer(ox.Store(), QueryRequest("ASK { ?s ?p ?o }", accept="text/csv"))
    >>> reply.status, reply.content_type, reply.body
    (200, 'text/csv; charset=utf-8', b'false')
    """
    deadline = time.monotonic() + request.timeout
    try:
        dataset = _dataset(request, store)
    except ValueError as exc:
        return Reply.text(400, f"invalid graph IRI: {exc}")
    try:
        result = store.query(request.text, prefixes=_PREFIXES, **dataset)
        if isinstance(result, ox.QueryBoolean):
            fmt = choose_format(SOLUTION_FORMATS, request.accept, request.format)
            return Reply(200, fmt.content_type, result.serialize(format=_OX_RESULTS[fmt.name]))
        if isinstance(result, ox.QueryTriples):
            fmt = choose_format(GRAPH_FORMATS, request.accept, request.format)
            triples, truncated = _triples(result, request, deadline)
            prefixes = _PREFIXES if fmt.name == "turtle" else None
            body = ox.serialize(triples, format=_OX_RDF[fmt.name], prefixes=prefixes)
            return Reply(200, fmt.content_type, body, truncated, "truncated" if truncated else "")
        fmt = choose_format(SOLUTION_FORMATS, request.accept, request.format)
        body, truncated = _solutions_json(result, request, deadline)
        if fmt.name != "json":  # pyoxigraph's own writers, fed from the JSON
            parsed = ox.parse_query_results(body, format=ox.QueryResultsFormat.JSON)
            body = parsed.serialize(format=_OX_RESULTS[fmt.name])
        return Reply(200, fmt.content_type, body, truncated, "truncated" if truncated else "")
    except SyntaxError as exc:
        return Reply.text(400, f"invalid SPARQL: {_one_line(str(exc))}")
    except NotAcceptable as exc:
        return Reply.text(406, str(exc))
    except QueryTimedOut:
        return timed_out(request.timeout)
    except RuntimeError as exc:  # an evaluation error the query itself causes
        return Reply.text(400, f"query failed: {_one_line(str(exc))}")
    except OSError as exc:
        return Reply.text(500, f"could not read the store: {_one_line(str(exc))}")


# --- where queries run -----------------------------------------------------------------------------

_READY = "ready"


class _StoreReader:
    """A read-only view of the store on disk, reopened when its files change (after an ingest)."""

    def __init__(self, path: str) -> None:
        self.path = path
        self._signature = self._files()
        self._store = ox.Store.read_only(path)

    def _files(self) -> frozenset[tuple[str, int, int]]:
        out = set()
        with os.scandir(self.path) as entries:
            for entry in entries:
                with contextlib.suppress(FileNotFoundError):
                    stat = entry.stat()
                    out.add((entry.name, stat.st_size, stat.st_mtime_ns))
        return frozenset(out)

    def current(self) -> ox.Store:
        signature = self._files()
        if signature != self._signature:
            self._store = ox.Store.read_only(self.path)
            self._signature = signature
        return self._store


def _worker_main(conn: multiprocessing.connection.Connection, store_path: str) -> None:
    """A query worker: open the store read-only, then answer requests from the pipe until it closes."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C is the server's to handle; it stops the workers
    try:
        reader = _StoreReader(store_path)
    except OSError as exc:
        conn.send(f"cannot open the store read-only: {exc}")
        return
    conn.send(_READY)
    while True:
        try:
            request = conn.recv()
        except (EOFError, OSError):
            return
        try:
            reply = answer(reader.current(), request)
        except OSError as exc:
            reply = Reply.text(500, f"could not read the store: {_one_line(str(exc))}")
        conn.send(reply)


_MAIN_SWAP = threading.Lock()


@contextlib.contextmanager
def _main_module_hidden():
    """Start workers without the parent's ``__main__``: they need only this module.

    Otherwise multiprocessing re-imports the parent's main script (the ``kg`` script, pytest, a
    benchmark) in each worker, which is slow, and impossible for a script read from stdin.
    """
    with _MAIN_SWAP:
        main = sys.modules["__main__"]
        sys.modules["__main__"] = types.ModuleType("__main__")
        try:
            yield
        finally:
            sys.modules["__main__"] = main


@dataclass(eq=False)
class _Worker:
    process: multiprocessing.process.BaseProcess
    conn: multiprocessing.connection.Connection

    def stop(self) -> None:
        self.conn.close()
        self.process.kill()
        self.process.join(5)


class WorkerPool:
    """Query worker processes, each with the store open read-only; a query past its deadline kills its worker."""

    def __init__(self, store_path: Path, size: int, log: TextIO | None = None) -> None:
        self.store_path = store_path
        self.size = size
        self.log = log
        self._context = multiprocessing.get_context("forkserver")
        self._context.set_forkserver_preload([__name__])
        self._idle: queue.Queue[_Worker] = queue.Queue()
        self._all: set[_Worker] = set()
        self._lock = threading.Lock()
        self._closed = False
        try:
            for _ in range(size):
                self._idle.put(self._start())
        except BaseException:
            self.close()
            raise

    def _start(self) -> _Worker:
        parent_end, child_end = self._context.Pipe()
        process = self._context.Process(
            target=_worker_main, args=(child_end, str(self.store_path)), name="kg-serve-query", daemon=True
        )
        with _main_module_hidden():
            process.start()
        child_end.close()
        worker = _Worker(process, parent_end)
        with self._lock:
            self._all.add(worker)
        status = parent_end.recv() if parent_end.poll(WORKER_START_SECONDS) else "it did not start in time"
        if status != _READY:
            self._discard(worker)
            raise KGError(f"{self.store_path}: a query worker could not start: {status}")
        return worker

    def _discard(self, worker: _Worker) -> None:
        with self._lock:
            self._all.discard(worker)
        worker.stop()

    def _replace(self, worker: _Worker) -> None:
        """Stop ``worker`` and put a fresh one in its place, off the request's path."""
        self._discard(worker)

        def start() -> None:
            try:
                fresh = self._start()
            except (KGError, OSError) as exc:
                if self.log:
                    self.log.write(f"kg serve: could not replace a query worker: {exc}\n")
                return
            if self._closed:
                self._discard(fresh)
            else:
                self._idle.put(fresh)

        if not self._closed:
            threading.Thread(target=start, name="kg-serve-respawn", daemon=True).start()

    def run(self, request: QueryRequest) -> Reply:
        started = time.monotonic()
        try:
            worker = self._idle.get(timeout=request.timeout)
        except queue.Empty:
            return busy(request.timeout)
        remaining = max(request.timeout - (time.monotonic() - started), 0.001)
        try:
            worker.conn.send(dataclasses.replace(request, timeout=remaining))
            if worker.conn.poll(remaining + _GRACE_SECONDS):
                reply = worker.conn.recv()
                self._idle.put(worker)
                return reply
        except (EOFError, OSError):
            code = worker.process.exitcode
            self._replace(worker)
            return Reply.text(500, f"the query worker stopped (exit code {code}); the query may need more memory")
        self._replace(worker)
        return timed_out(request.timeout)

    def pids(self) -> set[int]:
        """The process ids of the live workers (idle or busy)."""
        with self._lock:
            return {w.process.pid for w in self._all if w.process.pid is not None}

    def close(self) -> None:
        self._closed = True
        with self._lock:
            workers = list(self._all)
            self._all.clear()
        for worker in workers:
            worker.stop()


class ThreadRunner:
    """Queries in threads of the server, over a store it holds read-write (when updates are allowed).

    The deadline is checked between solutions only: see the module's docstring.
    """

    def __init__(self, store: ox.Store, size: int) -> None:
        self.store = store
        self.size = size
        self._slots = threading.BoundedSemaphore(size)

    def run(self, request: QueryRequest) -> Reply:
        started = time.monotonic()
        if not self._slots.acquire(timeout=request.timeout):
            return busy(request.timeout)
        remaining = max(request.timeout - (time.monotonic() - started), 0.001)
        box: list[Reply] = []
        done = threading.Event()

        def work() -> None:
            try:
                box.append(answer(self.store, dataclasses.replace(request, timeout=remaining)))
            finally:
                self._slots.release()
                done.set()

        threading.Thread(target=work, name="kg-serve-query", daemon=True).start()
        if done.wait(remaining + _GRACE_SECONDS) and box:
            return box[0]
        return timed_out(request.timeout) if not done.is_set() else Reply.text(500, "the query failed")

    def pids(self) -> set[int]:
        return set()

    def close(self) -> None:
        pass


# --- the query page ------------------------------------------------------------------------------

_PAGE_STYLE = """
body { margin: 24px auto; max-width: 1100px; padding: 0 16px; font: 15px/1.5 system-ui, sans-serif; color: #222; }
h1 { font-size: 20px; margin-bottom: 4px; }
textarea { width: 100%; box-sizing: border-box; font: 13px/1.4 ui-monospace, monospace; }
.bar { display: flex; gap: 12px; align-items: center; margin: 8px 0; flex-wrap: wrap; }
#status { color: #555; }
#status.error { color: #b00020; }
table { border-collapse: collapse; font-size: 13px; margin-top: 8px; }
th, td { border: 1px solid #ddd; padding: 3px 6px; text-align: left; vertical-align: top; }
th { background: #f4f4f4; }
pre { background: #f8f8f8; padding: 8px; overflow: auto; font-size: 13px; }
"""

_PAGE_SCRIPT = """
const form = document.getElementById("query-form");
const box = document.getElementById("query");
const examples = document.getElementById("examples");
const statusLine = document.getElementById("status");
const results = document.getElementById("results");

examples.addEventListener("change", () => {
  const option = examples.selectedOptions[0];
  if (option && option.dataset.query) box.value = option.dataset.query;
});

function say(text, error) {
  statusLine.textContent = text;
  statusLine.className = error ? "error" : "";
}

function cell(tag, text) {
  const element = document.createElement(tag);
  element.textContent = text;
  return element;
}

function table(data) {
  const vars = data.head.vars;
  const element = document.createElement("table");
  const head = element.createTHead().insertRow();
  for (const name of vars) head.append(cell("th", name));
  const body = element.createTBody();
  for (const binding of data.results.bindings) {
    const row = body.insertRow();
    for (const name of vars) {
      const term = binding[name];
      const td = cell("td", term ? term.value : "");
      if (term && term["xml:lang"]) td.title = "@" + term["xml:lang"];
      else if (term && term.datatype) td.title = term.datatype;
      row.append(td);
    }
  }
  return element;
}

form.addEventListener("submit", async (event) => {
  event.preventDefault();
  const fields = new FormData(form);
  const body = new URLSearchParams();
  body.set("query", fields.get("query"));
  if (fields.get("format")) body.set("format", fields.get("format"));
  results.replaceChildren();
  say("running...");
  const started = performance.now();
  let response, text;
  try {
    response = await fetch(form.action, {
      method: "POST",
      body,
      headers: {"Accept": "application/sparql-results+json, text/turtle;q=0.9"},
    });
    text = await response.text();
  } catch (error) {
    say("no answer from the server: " + error, true);
    return;
  }
  const ms = Math.round(performance.now() - started);
  if (!response.ok) {
    say(response.status + " " + response.statusText + ": " + text.trim(), true);
    return;
  }
  const cut = response.headers.get("X-Result-Truncated") === "true" ? ", cut at the server's limit" : "";
  const type = (response.headers.get("Content-Type") || "").split(";")[0].trim();
  if (type === "application/sparql-results+json") {
    const data = JSON.parse(text);
    if ("boolean" in data) {
      results.append(cell("pre", String(data.boolean)));
      say("answered in " + ms + " ms");
    } else {
      results.append(table(data));
      say(data.results.bindings.length + " rows in " + ms + " ms" + cut);
    }
  } else {
    results.append(cell("pre", text));
    say(type + " in " + ms + " ms" + cut);
  }
});
"""

_PAGE = """<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="generator" content="defense-kg">
<title>defense-kg: SPARQL</title>
<style>{style}</style>
</head>
<body>
<h1>defense-kg: SPARQL</h1>
<p>Query the graph: the default graph is the union of all articles; the prefixes {prefixes} are declared.
The endpoint for other clients is <code>/sparql</code>.{views}</p>
<form id="query-form" action="/sparql" method="post">
<div class="bar">
<label>Named query <select id="examples"><option value="">(choose one to edit)</option>{options}</select></label>
<label>Format <select name="format"><option value="">auto (a table)</option>{formats}</select></label>
</div>
<textarea id="query" name="query" rows="14" spellcheck="false">{query}</textarea>
<div class="bar"><button type="submit">Run</button><span id="status"></span></div>
</form>
<div id="results"></div>
<script>{script}</script>
</body>
</html>
"""

_EXAMPLE_QUERY = """SELECT ?country ?name WHERE {
  ?country a dkg:Country ; rdfs:label ?name .
}
ORDER BY ?name
LIMIT 20"""


def _csp_hash(text: str) -> str:
    return "'sha256-" + base64.b64encode(hashlib.sha256(text.encode("utf-8")).digest()).decode("ascii") + "'"


#: The page may run its own script and style, talk to this server, and nothing else.
PAGE_POLICY = (
    f"default-src 'none'; script-src {_csp_hash(_PAGE_SCRIPT)}; style-src {_csp_hash(_PAGE_STYLE)}; "
    "connect-src 'self'; form-action 'self'; base-uri 'none'; frame-ancestors 'none'"
)


def query_page(views: bool = True) -> str:
    """The HTML of the query page: a form posting to /sparql, the named queries to start from."""
    options = "".join(
        f'<option data-query="{html.escape(q.text, quote=True)}">{html.escape(q.name)}: {html.escape(q.description)}'
        "</option>"
        for q in named_queries().values()
    )
    formats = "".join(f'<option value="{f.name}">{f.name}</option>' for f in (*SOLUTION_FORMATS, *GRAPH_FORMATS))
    return _PAGE.format(
        style=_PAGE_STYLE,
        script=_PAGE_SCRIPT,
        prefixes=", ".join(f"<code>{p}:</code>" for p in _PREFIXES),
        views=' The HTML views are under <a href="/views/">/views/</a>.' if views else "",
        options=options,
        formats=formats,
        query=html.escape(_EXAMPLE_QUERY),
    )


# --- the HTTP server -------------------------------------------------------------------------------


class HTTPProblem(Exception):
    """A request the endpoint answers with an error status and a one-line message."""

    def __init__(self, status: int, message: str, headers: dict[str, str] | None = None) -> None:
        super().__init__(message)
        self.status, self.message, self.headers = status, message, headers or {}


@dataclass(frozen=True)
class ServeSettings:
    """How a server answers: its store, views folder, limits and update switch."""

    store_path: Path
    views: Path
    timeout: float
    max_rows: int
    max_bytes: int
    allow_update: bool
    token: str | None


class SparqlServer(ThreadingHTTPServer):
    """The endpoint: an HTTP server with a query runner (worker processes or threads) behind it."""

    daemon_threads = True
    block_on_close = False

    def __init__(self, address: tuple[str, int], settings: ServeSettings, log: TextIO | None) -> None:
        if ":" in address[0]:
            self.address_family = socket.AF_INET6
        self.settings = settings
        self.log = log
        self.runner: WorkerPool | ThreadRunner | None = None
        self.update_store: Store | None = None
        self._log_lock = threading.Lock()
        super().__init__(address, SparqlHandler)

    @property
    def url(self) -> str:
        """The server's base URL, ending in '/'."""
        host, port = self.server_address[:2]
        host = f"[{host}]" if ":" in host else host
        return f"http://{host}:{port}/"

    def write_log(self, line: str) -> None:
        if self.log is not None:
            with self._log_lock:
                self.log.write(line + "\n")
                self.log.flush()

    def server_close(self) -> None:
        super().server_close()
        if self.runner is not None:
            self.runner.close()
        if self.update_store is not None:
            self.update_store.close()
            self.update_store = None


def _printable(text: str, limit: int = 300) -> str:
    text = "".join(c if c.isprintable() else "?" for c in text)
    return text if len(text) <= limit else text[: limit - 1] + "…"


class SparqlHandler(BaseHTTPRequestHandler):
    """Routes /sparql, / and /views/; every answer has a Content-Length, so connections are kept alive."""

    server: SparqlServer
    protocol_version = "HTTP/1.1"
    server_version = "defense-kg"
    #: Seconds an idle kept-alive connection may hold its thread.
    timeout = 30
    #: Headers and body go out as two writes; with Nagle's algorithm the body would wait for the
    #: client's delayed ACK (~40 ms on Linux) on every kept-alive request.
    disable_nagle_algorithm = True

    def parse_request(self) -> bool:
        self._started = time.perf_counter()
        self._sent = 0
        self._note = ""
        return super().parse_request()

    def do_GET(self) -> None:
        self._route("GET")

    def do_POST(self) -> None:
        self._route("POST")

    # --- routing ----------------------------------------------------------------------------------
    def _route(self, method: str) -> None:
        url = urlsplit(self.path)
        if method == "POST" and url.path != "/sparql":
            self.close_connection = True  # its body is left unread, so the connection cannot carry another request
        try:
            if url.path == "/sparql":
                self._sparql(method, url.query)
            elif url.path in ("/", "/index.html") and method == "GET":
                page = query_page(views=self.server.settings.views.is_dir()).encode("utf-8")
                self._send(200, "text/html; charset=utf-8", page, {"Content-Security-Policy": PAGE_POLICY})
            elif url.path == "/views" and method == "GET":
                self._send(301, "text/plain; charset=utf-8", b"see /views/\n", {"Location": "/views/"})
            elif url.path.startswith("/views/") and method == "GET":
                self._view(url.path[len("/views/") :])
            else:
                raise HTTPProblem(404, f"nothing at {_printable(url.path, 100)}: the endpoint is /sparql")
        except HTTPProblem as problem:
            self._send_text(problem.status, problem.message, problem.headers)

    # --- SPARQL ------------------------------------------------------------------------------------
    def _sparql(self, method: str, query_string: str) -> None:
        params = self._form(query_string)
        if method == "POST":
            media = self.headers.get("Content-Type", "").split(";")[0].strip().lower()
            body = self._body()
            if media == "application/x-www-form-urlencoded":
                for key, values in self._form(body).items():
                    params.setdefault(key, []).extend(values)
            elif media == "application/sparql-query":
                params["query"] = [body]
            elif media == "application/sparql-update":
                params["update"] = [body]
            else:
                raise HTTPProblem(
                    415,
                    "send a query as application/x-www-form-urlencoded (query=... or update=...), "
                    "application/sparql-query or application/sparql-update",
                )
        queries, updates = params.get("query", []), params.get("update", [])
        if updates:
            if queries:
                raise HTTPProblem(400, "send a query or an update, not both")
            self._update(method, updates)
            return
        if not queries or not queries[0].strip():
            raise HTTPProblem(400, "no query: pass query=... (or open / for the query page)")
        if len(queries) > 1:
            raise HTTPProblem(400, "one query per request")
        if federated(queries[0]):
            raise HTTPProblem(403, "federated queries (SERVICE) are not served: this endpoint makes no requests")
        settings = self.server.settings
        request = QueryRequest(
            text=queries[0],
            accept=self.headers.get("Accept", ""),
            format=(params.get("format") or [None])[-1] or None,
            default_graphs=tuple(params.get("default-graph-uri", [])),
            named_graphs=tuple(params.get("named-graph-uri", [])),
            timeout=settings.timeout,
            max_rows=settings.max_rows,
            max_bytes=settings.max_bytes,
        )
        assert self.server.runner is not None
        reply = self.server.runner.run(request)
        self._note = reply.note
        headers = {"X-Result-Truncated": "true"} if reply.truncated else {}
        if reply.status == 503:
            headers["Retry-After"] = "1"
        self._send(reply.status, reply.content_type, reply.body, headers)

    def _update(self, method: str, updates: list[str]) -> None:
        settings = self.server.settings
        if not settings.allow_update or self.server.update_store is None or not settings.token:
            raise HTTPProblem(403, "this endpoint is read-only (start it with --allow-update and a token for updates)")
        if method != "POST":
            raise HTTPProblem(405, "send updates by POST", {"Allow": "POST"})
        authorization = self.headers.get("Authorization", "")
        if not authorization:
            raise HTTPProblem(
                401, "updates need the token: Authorization: Bearer <token>", {"WWW-Authenticate": "Bearer"}
            )
        scheme, _, given = authorization.partition(" ")
        expected = settings.token.encode("utf-8")
        if not hmac.compare_digest(given.strip().encode("utf-8"), expected) or scheme.lower() != "bearer":
            raise HTTPProblem(403, "wrong token for updates")
        if len(updates) > 1:
            raise HTTPProblem(400, "one update per request")
        if federated(updates[0]):
            raise HTTPProblem(403, "federated updates (SERVICE) are not served: this endpoint makes no requests")
        try:
            self.server.update_store.oxigraph.update(updates[0], prefixes=_PREFIXES)
        except SyntaxError as exc:
            raise HTTPProblem(400, f"invalid SPARQL update: {_one_line(str(exc))}") from None
        except RuntimeError as exc:
            raise HTTPProblem(400, f"update failed: {_one_line(str(exc))}") from None
        except OSError as exc:
            raise HTTPProblem(500, f"could not write the store: {_one_line(str(exc))}") from None
        self._note = "update"
        self._send_text(200, "update applied")

    def _form(self, text: str) -> dict[str, list[str]]:
        try:
            return parse_qs(text, keep_blank_values=True, max_num_fields=100)
        except ValueError as exc:
            raise HTTPProblem(400, f"unreadable parameters: {exc}") from None

    def _body(self) -> str:
        if "chunked" in self.headers.get("Transfer-Encoding", "").lower():
            self.close_connection = True
            raise HTTPProblem(411, "send the body with a Content-Length (chunked requests are not read)")
        try:
            length = int(self.headers.get("Content-Length", ""))
        except ValueError:
            self.close_connection = True
            raise HTTPProblem(411, "a POST needs a Content-Length") from None
        if length < 0 or length > MAX_REQUEST_BYTES:
            self.close_connection = True
            raise HTTPProblem(413, f"the request body is larger than {MAX_REQUEST_BYTES:,} bytes")
        try:
            return self.rfile.read(length).decode("utf-8")
        except UnicodeDecodeError:
            raise HTTPProblem(400, "the request body is not UTF-8") from None

    # --- views --------------------------------------------------------------------------------------
    def _view(self, relative: str) -> None:
        """A file of the views folder; anything that resolves outside it is not found."""
        root = self.server.settings.views.resolve()
        name = unquote(relative) or "index.html"
        parts = PurePosixPath(name).parts
        not_found = HTTPProblem(404, f"no view {_printable(name, 100)} in {self.server.settings.views}")
        if "\x00" in name or "\\" in name or any(part.startswith(".") or part == "/" for part in parts):
            raise not_found
        target = (root / name).resolve()
        if not target.is_relative_to(root) or not target.is_file():
            if name == "index.html":
                raise HTTPProblem(404, f"no index.html in {self.server.settings.views}: write views with kg view")
            raise not_found
        media = mimetypes.guess_type(target.name)[0] or "application/octet-stream"
        if media.startswith("text/") or media in ("application/javascript", "application/json"):
            media += "; charset=utf-8"
        with target.open("rb") as handle:
            size = os.fstat(handle.fileno()).st_size
            self._sent = size
            self.send_response(200)
            self.send_header("Content-Type", media)
            self.send_header("Content-Length", str(size))
            self.send_header("X-Content-Type-Options", "nosniff")
            self.send_header("Cache-Control", "no-cache")
            self.end_headers()
            with contextlib.suppress(ConnectionError):
                shutil.copyfileobj(handle, self.wfile)

    # --- answering and logging --------------------------------------------------------------------
    def _send_text(self, status: int, message: str, headers: dict[str, str] | None = None) -> None:
        self._send(status, "text/plain; charset=utf-8", (message + "\n").encode("utf-8"), headers)

    def _send(self, status: int, content_type: str, body: bytes, headers: dict[str, str] | None = None) -> None:
        self._sent = len(body)
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(body)))
        self.send_header("X-Content-Type-Options", "nosniff")
        self.send_header("Cache-Control", "no-store")
        for key, value in (headers or {}).items():
            self.send_header(key, value)
        self.end_headers()
        with contextlib.suppress(ConnectionError):
            self.wfile.write(body)

    def log_request(self, code: int | str = "-", size: int | str = "-") -> None:
        elapsed = (time.perf_counter() - getattr(self, "_started", time.perf_counter())) * 1000
        note = f" {self._note}" if getattr(self, "_note", "") else ""
        code = getattr(code, "value", code)
        self.log_message('"%s" %s %s %.0fms%s', self.requestline, code, getattr(self, "_sent", 0), elapsed, note)

    def log_message(self, format: str, *args: object) -> None:
        stamp = datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
        self.server.write_log(_printable(f"{self.address_string()} {stamp} {format % args}", 400))


def make_server(
    store_path: Path | str | None = None,
    host: str = DEFAULT_HOST,
    port: int = DEFAULT_PORT,
    *,
    views: Path | str = "exports",
    timeout: float = DEFAULT_TIMEOUT,
    max_rows: int = DEFAULT_MAX_ROWS,
    max_bytes: int = DEFAULT_MAX_BYTES,
    workers: int | None = None,
    allow_update: bool = False,
    token: str | None = None,
    log: TextIO | None = sys.stderr,
) -> SparqlServer:
    """A SPARQL endpoint over the store at ``store_path``, listening on ``host:port`` (port 0: any free port).

    Read-only, with each query in one of ``workers`` processes (default: one a CPU, at most 4),
    unless ``allow_update``: then the store is opened read-write and updates need ``token``.
    ``timeout`` (seconds), ``max_rows`` and ``max_bytes`` limit each query. Requests are logged to
    ``log``, one line each. Call ``serve_forever()`` on the result, and ``server_close()`` after.
    Raises ``KGError`` for a missing store, a port in use or a missing or short token.
    """
    if timeout <= 0:
        raise KGError(f"the time limit must be more than 0 seconds, not {timeout}")
    if max_rows < 1 or max_bytes < 1:
        raise KGError("the row and byte limits must be at least 1")
    workers = workers if workers is not None else min(4, os.cpu_count() or 1)
    if workers < 1:
        raise KGError(f"at least one query worker is needed, not {workers}")
    if allow_update and not token:
        raise KGError(f"updates need a token that clients send as 'Authorization: Bearer <token>' (set ${TOKEN_ENV})")
    if allow_update and len(token or "") < MIN_TOKEN_LENGTH:
        raise KGError(f"the update token is too short: use at least {MIN_TOKEN_LENGTH} random characters")
    if str(store_path or "").startswith(("http://", "https://")):
        raise KGError(f"{store_path}: kg serve serves a store on disk, not another endpoint")
    store = Store(store_path, read_only=not allow_update)  # a missing store gets its clear error here
    views = Path(views).expanduser().resolve()
    settings = ServeSettings(store.path, views, timeout, max_rows, max_bytes, allow_update, token)
    try:
        server = SparqlServer((host, port), settings, log)
    except OSError as exc:
        store.close()
        raise KGError(f"cannot listen on {host}:{port}: {exc.strerror or exc}") from None
    try:
        if allow_update:
            server.update_store = store
            server.runner = ThreadRunner(store.oxigraph, workers)
        else:
            store.close()  # the workers open their own read-only handles
            server.runner = WorkerPool(settings.store_path, workers, log)
    except BaseException:
        server.server_close()
        raise
    return server


def serve_until_stopped(server: SparqlServer) -> None:
    """Serve until Ctrl-C or SIGTERM, then close the server, its workers and the store."""

    def stop(signum: int, frame: object) -> None:
        raise KeyboardInterrupt

    previous = None
    if threading.current_thread() is threading.main_thread():
        previous = signal.signal(signal.SIGTERM, stop)
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        pass
    finally:
        server.server_close()
        if previous is not None:
            signal.signal(signal.SIGTERM, previous)


__all__ = [
    "DEFAULT_HOST",
    "DEFAULT_PORT",
    "GRAPH_FORMATS",
    "SOLUTION_FORMATS",
    "TOKEN_ENV",
    "QueryRequest",
    "Reply",
    "SparqlServer",
    "answer",
    "choose_format",
    "federated",
    "make_server",
    "serve_until_stopped",
]
