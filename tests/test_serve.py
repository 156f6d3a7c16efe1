"""kg serve: a real endpoint on 127.0.0.1 over the gold facts of the dev corpus, asked by real clients."""

from __future__ import annotations

import csv
import http.client
import io
import json
import os
import re
import secrets
import signal
import subprocess
import sys
import threading
import time
import xml.etree.ElementTree as ET
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import httpx
import pyoxigraph as ox
import pytest
from rdflib import Graph
from SPARQLWrapper import CSV, JSON, POST, XML, SPARQLWrapper
from typer.testing import CliRunner

from kg import namespaces as ns
from kg.cli import app
from kg.errors import KGError, QueryError
from kg.facts import load_facts
from kg.query import named_queries, run_query
from kg.serve import QueryRequest, SparqlServer, answer, federated, make_server
from kg.settings import PROJECT_ROOT, QUERIES_DIR
from kg.store import Store
from kg.views import write_graph_view
from tests.browser import CHROMEDRIVER, CHROMIUM, headless_chromium
from tests.conftest import SHARED_DEV

TIMEOUT = 1.0
MAX_ROWS = 2000
#: Japan's 2% of GDP target, as the gold facts of dev-000 state it.
JAPAN_TARGET = {"applies_to": "JP", "value": 2.0, "article": "dev-000"}
JAPAN_TARGETS = """
SELECT ?code ?value WHERE {
  ?target a dkg:SpendingTarget ; dkg:appliesTo ?country ; dkg:value ?value .
  ?country dkg:isoCode ?code .
  FILTER(?code = "JP")
}"""
#: Every triple joined with every other, twice: billions of solutions, counted before the first comes.
SLOW_COUNT = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }"
#: Solutions that keep coming, far more than any limit lets through.
ENDLESS_ROWS = "SELECT ?a WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }"


def _ingest(path: Path, files: list[Path]) -> Path:
    with Store(path) as store:
        for file in files:
            store.ingest(load_facts(file))
    return path


@contextmanager
def _serve(server: SparqlServer) -> Iterator[SparqlServer]:
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield server
    finally:
        server.shutdown()
        server.server_close()
        thread.join(5)


@pytest.fixture(scope="module")
def dev_facts() -> list[Path]:
    if not SHARED_DEV.is_dir():
        pytest.skip("the shared dev corpus (../shared/corpus/dev) is not beside the project")
    return sorted(SHARED_DEV.glob("*.json"))


@pytest.fixture(scope="module")
def gold_store(tmp_path_factory: pytest.TempPathFactory, dev_facts: list[Path]) -> Path:
    return _ingest(tmp_path_factory.mktemp("gold") / "store", dev_facts)


@pytest.fixture(scope="module")
def views_dir(tmp_path_factory: pytest.TempPathFactory, gold_store: Path) -> Path:
    """A folder with a view and its index, beside a file that must stay out of reach."""
    root = tmp_path_factory.mktemp("site")
    (root / "secret.txt").write_text("not for the web\n")
    folder = root / "exports"
    with Store(gold_store, read_only=True) as store:
        write_graph_view(store, folder=folder, country="JP")
    (folder / "escape.txt").symlink_to(root / "secret.txt")
    return folder


@pytest.fixture(scope="module")
def log() -> io.StringIO:
    return io.StringIO()


@pytest.fixture(scope="module")
def server(gold_store: Path, views_dir: Path, log: io.StringIO) -> Iterator[SparqlServer]:
    readonly = make_server(
        gold_store, "127.0.0.1", 0, views=views_dir, timeout=TIMEOUT, max_rows=MAX_ROWS, workers=2, log=log
    )
    with _serve(readonly) as running:
        yield running


@pytest.fixture(scope="module")
def client(server: SparqlServer) -> Iterator[httpx.Client]:
    with httpx.Client(base_url=server.url, timeout=30) as http:
        yield http


TOKEN = secrets.token_urlsafe(24)


@pytest.fixture(scope="module")
def update_server(tmp_path_factory: pytest.TempPathFactory, dev_facts: list[Path]) -> Iterator[SparqlServer]:
    """Updates allowed with TOKEN, over a store of its own; no row limit to speak of."""
    store = _ingest(tmp_path_factory.mktemp("writable") / "store", dev_facts[:3])
    writable = make_server(
        store,
        "127.0.0.1",
        0,
        timeout=TIMEOUT,
        max_rows=10**9,
        max_bytes=10**12,
        workers=2,
        allow_update=True,
        token=TOKEN,
        log=None,
    )
    with _serve(writable) as running:
        yield running


# --- reading the four result formats ---------------------------------------------------------------

XML_NS = "{http://www.w3.org/2005/sparql-results#}"


def _tsv_value(term: str) -> str:
    if term.startswith("<") and term.endswith(">"):
        return term[1:-1]
    match = re.match(r'"((?:[^"\\]|\\.)*)"', term)
    return match.group(1) if match else term


def rows(media_type: str, body: bytes) -> list[dict[str, str]]:
    """Solutions as {variable: value}, read with parsers other than the server's."""
    text = body.decode("utf-8")
    if media_type == "application/sparql-results+json":
        return [{k: v["value"] for k, v in b.items()} for b in json.loads(text)["results"]["bindings"]]
    if media_type == "application/sparql-results+xml":
        out = []
        for result in ET.fromstring(body).iter(f"{XML_NS}result"):
            out.append({b.get("name"): next(iter(b)).text or "" for b in result.iter(f"{XML_NS}binding")})
        return out
    if media_type == "text/csv":
        return [{k: v for k, v in row.items() if v != ""} for row in csv.DictReader(io.StringIO(text))]
    assert media_type == "text/tab-separated-values"
    lines = text.rstrip("\n").split("\n")
    names = [name.lstrip("?") for name in lines[0].split("\t")]
    return [{n: _tsv_value(t) for n, t in zip(names, line.split("\t"), strict=True) if t} for line in lines[1:]]


def media(response: httpx.Response) -> str:
    return response.headers["content-type"].split(";")[0].strip()


def has_japan_target(found: list[dict[str, str]]) -> bool:
    return any(r.get("code", r.get("applies_to")) == "JP" and float(r["value"]) == 2.0 for r in found)


# --- SPARQLWrapper, the usual Python client ------------------------------------------------------


@pytest.mark.parametrize(("fmt", "method"), [(JSON, "GET"), (JSON, POST), (XML, "GET"), (CSV, "GET")])
def test_sparqlwrapper_finds_japans_target_with_the_named_query(server: SparqlServer, fmt: str, method: str) -> None:
    sparql = SPARQLWrapper(f"{server.url}sparql")
    sparql.setQuery((QUERIES_DIR / "spending-targets.rq").read_text(encoding="utf-8"))
    sparql.setReturnFormat(fmt)
    sparql.setMethod(method)
    converted = sparql.queryAndConvert()
    if fmt == JSON:
        found = [{k: v["value"] for k, v in b.items()} for b in converted["results"]["bindings"]]
    elif fmt == XML:
        found = [
            {b.getAttribute("name"): b.firstChild.firstChild.data for b in result.getElementsByTagName("binding")}
            for result in converted.getElementsByTagName("result")
        ]
    else:
        found = list(csv.DictReader(io.StringIO(converted.decode("utf-8"))))
    japan = [r for r in found if r["applies_to"] == "JP" and r["article"] == "dev-000"]
    assert japan and float(japan[0]["value"]) == JAPAN_TARGET["value"]
    assert "Takaichi" in japan[0]["set_by"]


# --- the protocol: GET, POST form, POST body; each result format ------------------------------------

RESULT_TYPES = {
    "json": "application/sparql-results+json",
    "xml": "application/sparql-results+xml",
    "csv": "text/csv",
    "tsv": "text/tab-separated-values",
}


def ask(client: httpx.Client, how: str, query: str, **headers: str) -> httpx.Response:
    if how == "GET":
        return client.get("/sparql", params={"query": query}, headers=headers)
    if how == "form":
        return client.post("/sparql", data={"query": query}, headers=headers)
    headers["Content-Type"] = "application/sparql-query"
    return client.post("/sparql", content=query.encode("utf-8"), headers=headers)


@pytest.mark.parametrize("how", ["GET", "form", "body"])
@pytest.mark.parametrize("fmt", list(RESULT_TYPES))
def test_select_in_every_format_every_way(client: httpx.Client, how: str, fmt: str) -> None:
    response = ask(client, how, JAPAN_TARGETS, Accept=RESULT_TYPES[fmt])
    assert response.status_code == 200, response.text
    assert media(response) == RESULT_TYPES[fmt]
    assert has_japan_target(rows(media(response), response.content))
    assert "x-result-truncated" not in response.headers


@pytest.mark.parametrize("fmt", list(RESULT_TYPES))
def test_the_format_parameter_overrides_accept(client: httpx.Client, fmt: str) -> None:
    response = client.get(
        "/sparql", params={"query": JAPAN_TARGETS, "format": fmt}, headers={"Accept": "application/sparql-results+xml"}
    )
    assert response.status_code == 200 and media(response) == RESULT_TYPES[fmt]
    assert has_japan_target(rows(media(response), response.content))


def test_accept_is_read_by_preference(client: httpx.Client) -> None:
    browser = "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8"
    response = client.get("/sparql", params={"query": "ASK { ?s ?p ?o }"}, headers={"Accept": browser})
    assert media(response) == "application/sparql-results+xml"  # application/xml outranks */*
    response = client.get("/sparql", params={"query": "ASK { ?s ?p ?o }"}, headers={"Accept": "*/*"})
    assert media(response) == "application/sparql-results+json"


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ('ASK { ?c dkg:isoCode "JP" }', True),
        ('ASK { ?c dkg:isoCode "XX" }', False),
    ],
)
@pytest.mark.parametrize("fmt", ["json", "xml"])
def test_ask(client: httpx.Client, query: str, expected: bool, fmt: str) -> None:
    response = client.post("/sparql", data={"query": query}, headers={"Accept": RESULT_TYPES[fmt]})
    assert response.status_code == 200 and media(response) == RESULT_TYPES[fmt]
    if fmt == "json":
        assert response.json() == {"head": {}, "boolean": expected}
    else:
        assert ET.fromstring(response.content).find(f"{XML_NS}boolean").text == str(expected).lower()


GRAPH_TYPES = {"turtle": "text/turtle", "nt": "application/n-triples", "json-ld": "application/ld+json"}


#: One page of the whole graph: distinct triples in a fixed order.
GRAPH_PAGE = """
CONSTRUCT {{ ?s ?p ?o }} WHERE {{
  {{ SELECT DISTINCT ?s ?p ?o WHERE {{ ?s ?p ?o }} ORDER BY ?s ?p ?o LIMIT {limit} OFFSET {offset} }}
}}"""


@pytest.mark.parametrize("rdf_format", list(GRAPH_TYPES))
def test_construct_in_rdf_formats(client: httpx.Client, gold_store: Path, rdf_format: str) -> None:
    with Store(gold_store, read_only=True) as store:
        union = store.union_graph()
    accept = {"Accept": GRAPH_TYPES[rdf_format]}
    # The whole graph at once: cut at the row limit when the store holds more triples than that.
    whole = client.get("/sparql", params={"query": "CONSTRUCT WHERE { ?s ?p ?o }"}, headers=accept)
    assert whole.status_code == 200 and media(whole) == GRAPH_TYPES[rdf_format]
    assert (whole.headers.get("x-result-truncated") == "true") == (len(union) > MAX_ROWS)
    first = Graph().parse(data=whole.text, format=rdf_format)
    assert len(first) == min(len(union), MAX_ROWS) and len(first - union) == 0
    # Page by page, each within the limit, the pages make up the store's graph exactly.
    graph = Graph()
    for offset in range(0, len(union), MAX_ROWS):
        page = client.get("/sparql", params={"query": GRAPH_PAGE.format(limit=MAX_ROWS, offset=offset)}, headers=accept)
        assert page.status_code == 200 and media(page) == GRAPH_TYPES[rdf_format]
        assert "x-result-truncated" not in page.headers
        graph.parse(data=page.text, format=rdf_format)
    assert graph.isomorphic(union)


def test_describe_an_entity(client: httpx.Client) -> None:
    japan = ns.DKGR["country/JP"]
    response = client.get("/sparql", params={"query": f"DESCRIBE <{japan}>", "format": "turtle"})
    graph = Graph().parse(data=response.text, format="turtle")
    assert (japan, ns.DKG.isoCode, None) in graph


# --- errors -------------------------------------------------------------------------------------


def test_a_malformed_query_gets_400_with_the_parsers_message(client: httpx.Client, gold_store: Path) -> None:
    broken = "SELECT ?s WHERE { ?s ?p }"
    response = client.get("/sparql", params={"query": broken})
    assert response.status_code == 400
    message = response.text.strip()
    assert "\n" not in message and message.startswith("invalid SPARQL: error at 1:")
    with Store(gold_store, read_only=True) as store, pytest.raises(QueryError) as raised:
        run_query(store, broken)
    assert message == str(raised.value)  # the words kg query uses


@pytest.mark.parametrize(
    ("params", "accept", "status"),
    [
        ({}, "", 400),  # no query at all
        ({"query": "ASK {}", "format": "turtle"}, "", 406),  # a graph format for a boolean
        ({"query": "ASK {}"}, "image/png", 406),
        ({"query": "CONSTRUCT WHERE { ?s ?p ?o }"}, "text/csv", 406),
        ({"query": "SELECT * WHERE { SERVICE <http://127.0.0.1:9/sparql> { ?s ?p ?o } }"}, "", 403),
        ({"query": "SELECT * WHERE { ?s ?p ?o }", "default-graph-uri": "not an iri"}, "", 400),
    ],
)
def test_requests_that_cannot_be_answered(client: httpx.Client, params: dict, accept: str, status: int) -> None:
    response = client.get("/sparql", params=params, headers={"Accept": accept} if accept else {})
    assert response.status_code == status
    assert response.text.strip() and "\n" not in response.text.strip()


def test_graph_parameters_narrow_the_dataset(client: httpx.Client) -> None:
    dev000 = str(ns.article_iri("dev-000"))
    response = client.get(
        "/sparql",
        params={"query": "SELECT DISTINCT ?g WHERE { GRAPH ?g { ?s ?p ?o } }", "named-graph-uri": dev000},
    )
    assert [r["g"] for r in rows(media(response), response.content)] == [dev000]
    only = client.get("/sparql", params={"query": JAPAN_TARGETS, "default-graph-uri": dev000})
    everything = client.get("/sparql", params={"query": JAPAN_TARGETS})
    assert 0 < len(only.json()["results"]["bindings"]) < len(everything.json()["results"]["bindings"])


def test_federated_queries_are_recognised() -> None:
    assert federated("select * { service <http://x/> { ?s ?p ?o } }")
    assert federated("SELECT * { SERVICE SILENT ?endpoint { ?s ?p ?o } }")
    assert federated("SELECT * { SERVIC\\u0045 <http://x/> { ?s ?p ?o } }")
    assert federated("SELECT * { ?a ?b ?c FILTER(?a<?b)SERVICE<http://x/>{ ?s ?p ?o } }")
    assert not federated('SELECT ?service { ?s dkg:service ?service FILTER(?service != "SERVICE <x>") } # SERVICE')


# --- updates ------------------------------------------------------------------------------------

INSERT = 'INSERT DATA { GRAPH <urn:test:by-hand> { <urn:test:xx> dkg:isoCode "XX" } }'
ASK_XX = 'ASK { ?c dkg:isoCode "XX" }'


@pytest.mark.parametrize("how", ["form", "body", "GET"])
def test_updates_are_refused_by_default(client: httpx.Client, how: str) -> None:
    if how == "form":
        response = client.post("/sparql", data={"update": INSERT})
    elif how == "body":
        response = client.post("/sparql", content=INSERT, headers={"Content-Type": "application/sparql-update"})
    else:
        response = client.get("/sparql", params={"update": INSERT})
    assert response.status_code == 403 and "read-only" in response.text
    assert client.post("/sparql", data={"query": ASK_XX}).json()["boolean"] is False


def test_an_update_as_a_query_is_a_syntax_error(client: httpx.Client) -> None:
    response = client.post("/sparql", data={"query": INSERT})
    assert response.status_code == 400 and response.text.startswith("invalid SPARQL")


def test_updates_need_the_token(update_server: SparqlServer) -> None:
    with httpx.Client(base_url=update_server.url, timeout=30) as http:

        def update(text: str, **headers: str) -> httpx.Response:
            return http.post("/sparql", data={"update": text}, headers=headers)

        unsigned = update(INSERT)
        assert unsigned.status_code == 401 and unsigned.headers["www-authenticate"] == "Bearer"
        assert update(INSERT, Authorization="Bearer not-the-token-at-all").status_code == 403
        assert update(INSERT, Authorization=f"Basic {TOKEN}").status_code == 403
        assert http.post("/sparql", data={"query": ASK_XX}).json()["boolean"] is False

        applied = update(INSERT, Authorization=f"Bearer {TOKEN}")
        assert applied.status_code == 200, applied.text
        assert http.post("/sparql", data={"query": ASK_XX}).json()["boolean"] is True

        removed = http.post(
            "/sparql",
            content=INSERT.replace("INSERT", "DELETE"),
            headers={"Content-Type": "application/sparql-update", "Authorization": f"Bearer {TOKEN}"},
        )
        assert removed.status_code == 200
        assert http.post("/sparql", data={"query": ASK_XX}).json()["boolean"] is False
        assert update("INSERT DATA { oops }", Authorization=f"Bearer {TOKEN}").status_code == 400


@pytest.mark.parametrize(
    ("options", "problem"),
    [({"allow_update": True}, "token"), ({"allow_update": True, "token": "short"}, "too short")],
)
def test_updates_cannot_be_allowed_without_a_real_token(gold_store: Path, options: dict, problem: str) -> None:
    with pytest.raises(KGError, match=problem):
        make_server(gold_store, "127.0.0.1", 0, log=None, **options)


# --- limits -------------------------------------------------------------------------------------


def _wait_for(condition, seconds: float = 5.0) -> bool:
    end = time.monotonic() + seconds
    while time.monotonic() < end:
        if condition():
            return True
        time.sleep(0.05)
    return False


@pytest.mark.parametrize(
    "query",
    [SLOW_COUNT, ENDLESS_ROWS.replace("}", "FILTER(STRLEN(STR(?c)) + STRLEN(STR(?f)) + STRLEN(STR(?i)) < 0) }")],
    ids=["count", "filter"],
)
def test_a_slow_query_is_stopped(client: httpx.Client, server: SparqlServer, query: str) -> None:
    assert server.runner is not None
    before = server.runner.pids()
    started = time.monotonic()
    response = client.post("/sparql", data={"query": query})
    elapsed = time.monotonic() - started
    assert response.status_code == 503 and "time limit" in response.text
    assert elapsed < 3
    # the worker running it is gone, a fresh one has taken its place, and the endpoint answers
    assert _wait_for(lambda: len(server.runner.pids()) == 2 and server.runner.pids() != before)
    assert not any(Path(f"/proc/{pid}").exists() for pid in before - server.runner.pids())
    assert client.post("/sparql", data={"query": "ASK { ?s ?p ?o }"}).json()["boolean"] is True


def test_a_slow_query_is_stopped_with_updates_allowed(update_server: SparqlServer) -> None:
    started = time.monotonic()
    response = httpx.post(f"{update_server.url}sparql", data={"query": ENDLESS_ROWS}, timeout=30)
    assert response.status_code == 503 and time.monotonic() - started < 3
    # the query's thread notices its deadline between solutions and ends
    assert _wait_for(lambda: not any(t.name == "kg-serve-query" for t in threading.enumerate()))


def test_results_past_the_row_limit_are_cut(client: httpx.Client) -> None:
    product = "SELECT * WHERE { ?s ?p ?o . ?x ?y ?z }"
    cut = client.get("/sparql", params={"query": product})
    assert cut.status_code == 200 and cut.headers["x-result-truncated"] == "true"
    assert len(cut.json()["results"]["bindings"]) == MAX_ROWS
    csv_cut = client.get("/sparql", params={"query": product, "format": "csv"})
    assert len(rows("text/csv", csv_cut.content)) == MAX_ROWS
    exact = client.get("/sparql", params={"query": f"{product} LIMIT {MAX_ROWS}"})
    assert "x-result-truncated" not in exact.headers and len(exact.json()["results"]["bindings"]) == MAX_ROWS
    triples = client.get("/sparql", params={"query": "CONSTRUCT { ?s ?p ?z } WHERE { ?s ?p ?o . ?x ?y ?z }"})
    assert triples.headers["x-result-truncated"] == "true"
    assert len(Graph().parse(data=triples.text, format="turtle")) <= MAX_ROWS


def test_results_past_the_byte_limit_are_cut(gold_store: Path) -> None:
    with _serve(make_server(gold_store, "127.0.0.1", 0, max_bytes=20_000, workers=1, log=None)) as small:
        response = httpx.get(f"{small.url}sparql", params={"query": "CONSTRUCT WHERE { ?s ?p ?o }"}, timeout=30)
        assert response.headers["x-result-truncated"] == "true"
        assert 0 < len(Graph().parse(data=response.text, format="turtle")) < 1000
        assert len(response.content) < 20_000


def test_answers_match_pyoxigraphs_own_writers(gold_store: Path) -> None:
    """The endpoint reads solutions one by one (for its limits) and writes them as pyoxigraph would."""
    queries = [
        named_queries()["spending-targets"].text,
        "SELECT ?x ?label WHERE { VALUES (?x ?label) {"
        ' (1 "un"@fr) (<urn:x> "2025-01-01"^^xsd:date) (UNDEF "q\\"\\n") } }',
    ]
    prefixes = {p: str(n) for p, n in ns.PREFIXES.items()}
    store = ox.Store.read_only(str(gold_store))
    for text in queries:
        for fmt, media_type in RESULT_TYPES.items():
            ours = answer(store, QueryRequest(text, accept=media_type))
            theirs = store.query(text, prefixes=prefixes, use_default_graph_as_union=True)
            assert ours.body == theirs.serialize(format=getattr(ox.QueryResultsFormat, fmt.upper())), (fmt, text)


# --- the query page and the views ---------------------------------------------------------------


def test_the_query_page(client: httpx.Client) -> None:
    response = client.get("/")
    assert response.status_code == 200 and media(response) == "text/html"
    page = response.text
    assert '<form id="query-form" action="/sparql" method="post">' in page
    assert not re.search(r"""(src|href|action)\s*=\s*["']?https?:""", page, flags=re.I)
    assert "innerHTML" not in page
    assert all(name in page for name in named_queries())
    assert "default-src 'none'" in response.headers["content-security-policy"]


HOSTILE_LITERAL = '<img src=x onerror="window.__pwned=1">'


def test_the_query_page_in_a_browser(server: SparqlServer, tmp_path: Path) -> None:
    """Run a named query from the page and see a table; hostile text in a result stays text."""
    if not (CHROMIUM.exists() and CHROMEDRIVER.exists()):
        if os.environ.get("CI"):
            pytest.fail("CI must run the browser tests, but Debian's chromium is not installed", pytrace=False)
        pytest.skip("Debian's chromium and chromium-driver are not installed (run `make test` as root)")
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support.ui import Select, WebDriverWait

    driver = headless_chromium(tmp_path / "profile", capabilities={"goog:loggingPrefs": {"browser": "ALL"}})
    try:
        driver.get(server.url)
        Select(driver.find_element(By.ID, "examples")).select_by_index(
            1 + list(named_queries()).index("spending-targets")
        )
        driver.find_element(By.CSS_SELECTOR, "button[type=submit]").click()
        WebDriverWait(driver, 10).until(lambda d: "rows in" in d.find_element(By.ID, "status").text)
        cells = [td.text for td in driver.find_elements(By.CSS_SELECTOR, "#results td")]
        assert "JP" in cells and "dev-000" in cells

        box = driver.find_element(By.ID, "query")
        box.clear()
        box.send_keys(f"SELECT ?text WHERE {{ BIND('{HOSTILE_LITERAL}' AS ?text) }}")
        driver.find_element(By.CSS_SELECTOR, "button[type=submit]").click()
        WebDriverWait(driver, 10).until(lambda d: d.find_element(By.ID, "status").text.startswith("1 rows"))
        assert driver.find_element(By.CSS_SELECTOR, "#results td").text == HOSTILE_LITERAL
        assert not driver.find_elements(By.CSS_SELECTOR, "#results img")
        assert driver.execute_script("return window.__pwned") is None
        problems = [e for e in driver.get_log("browser") if e["level"] in ("SEVERE", "WARNING")]
        assert not problems, problems  # a script or style blocked by the page's policy would show here
    finally:
        driver.quit()


def test_the_views_are_served(client: httpx.Client, views_dir: Path) -> None:
    index = client.get("/views/")
    assert index.status_code == 200 and media(index) == "text/html" and "country-jp.html" in index.text
    view = client.get("/views/country-jp.html")
    assert view.status_code == 200 and view.content == (views_dir / "country-jp.html").read_bytes()
    assert client.get("/views").headers["location"] == "/views/"


@pytest.mark.parametrize(
    "path",
    [
        "/views/../secret.txt",
        "/views/../../../../etc/passwd",
        "/views/%2e%2e/secret.txt",
        "/views/..%2fsecret.txt",
        "/views/%2fetc%2fpasswd",
        "/views//etc/passwd",
        "/views/escape.txt",  # a link inside that points outside
        "/views/.hidden",
    ],
)
def test_nothing_outside_the_views_folder_is_served(server: SparqlServer, path: str) -> None:
    connection = http.client.HTTPConnection("127.0.0.1", server.server_address[1], timeout=10)
    connection.request("GET", path)  # sent as written: http.client does not tidy '..' away
    response = connection.getresponse()
    body = response.read()
    connection.close()
    assert response.status == 404
    assert b"not for the web" not in body and b"root:" not in body


def test_every_request_is_logged_on_one_line(client: httpx.Client, log: io.StringIO) -> None:
    client.get("/sparql", params={"query": "ASK {\n ?s ?p ?o\n}"})
    lines = log.getvalue().splitlines()
    assert lines and all(line.startswith("127.0.0.1 ") for line in lines)
    assert any('"GET /sparql?query=ASK' in line and " 200 " in line for line in lines)


# --- the command --------------------------------------------------------------------------------


def test_the_command_has_help_ending_with_an_example() -> None:
    result = CliRunner().invoke(app, ["serve", "--help"])
    assert result.exit_code == 0 and "Example:" in result.stdout and "--allow-update" in result.stdout


@pytest.mark.parametrize(
    ("args", "problem"),
    [
        (["--allow-update"], "token"),
        (["--store", "{tmp}/nothing-here"], "no store here"),
    ],
)
def test_the_command_refuses_to_start(tmp_path: Path, monkeypatch, args: list[str], problem: str) -> None:
    monkeypatch.delenv("DEFENSE_KG_SERVE_TOKEN", raising=False)
    monkeypatch.setenv("DEFENSE_KG_STORE", str(tmp_path / "none"))
    result = CliRunner().invoke(app, ["serve", *(a.replace("{tmp}", str(tmp_path)) for a in args)])
    assert result.exit_code == 1 and problem in result.output


def test_kg_serve_runs_until_stopped(gold_store: Path) -> None:
    process = subprocess.Popen(
        [sys.executable, "-m", "kg", "serve", "--store", str(gold_store), "--port", "0"],
        stderr=subprocess.PIPE,
        text=True,
        cwd=PROJECT_ROOT,
        env={**os.environ, "PYTHONUNBUFFERED": "1"},
    )
    try:
        assert process.stderr is not None
        lines = []
        for line in process.stderr:
            lines.append(line)
            if "SPARQL endpoint" in line:
                break
        endpoint = re.search(r"http://127\.0\.0\.1:\d+/sparql", "".join(lines))
        assert endpoint, "".join(lines)
        assert httpx.get(endpoint.group(0), params={"query": "ASK { ?s ?p ?o }"}).json()["boolean"] is True
    finally:
        process.send_signal(signal.SIGTERM)
        _, rest = process.communicate(timeout=15)
    assert process.returncode == 0 and "stopped" in rest
