"""Hostile input, property-based: whatever text, numbers or bytes arrive, the library answers with
its own errors (one line, naming the source), mints valid IRIs, exports Turtle every parser reads
back, keeps strings out of SPARQL text, keeps files inside their folder and extracts valid facts.

Each test names the smallest input that once broke the property it checks.
"""

from __future__ import annotations

import json
import math
import re
import shutil
import subprocess
import tempfile
from pathlib import Path

import pandas as pd
import pyoxigraph as ox
import pytest
import rdflib
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st
from rdflib import Literal, URIRef

from kg import gazetteer
from kg import namespaces as ns
from kg.errors import FactsError, KGError, QueryError
from kg.export import serialize
from kg.extract import extract_facts
from kg.facts import FACT_KINDS, ArticleFacts, load_facts, parse_facts
from kg.pipeline import output_path
from kg.query import run_query
from kg.rdf import facts_to_graph, facts_to_triples
from kg.sources import Article, safe_id
from kg.store import Store

FAST = settings(max_examples=60, deadline=None)
SLOW = settings(max_examples=25, deadline=None)
SHARED_STORE = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])

# --- strategies ---------------------------------------------------------------------------

#: Text that has hurt parsers, serializers and query builders before.
NASTY = [
    '"',
    "'",
    '"""',
    "\\",
    "\\u0022",
    "}",
    "{",
    ";",
    "} ; DROP ALL ; {",
    '" } UNION { ?s ?p ?o } #',
    "DROP ALL",
    "<script>alert(1)</script>",
    "<http://evil/>",
    "\x00",
    "\x01\x1f\x7f",
    "\n",
    "\r\n",
    "\t",
    "\u2028",
    "\x85",
    "\ufeff",
    "@prefix x: <y> .",
    " . ",
    "#",
    "_:b0",
    "^^xsd:string",
    "@en",
    "𝔘𝔫𝔦𝔠𝔬𝔡𝔢",
    "한국어",
    "عربي",
    "../../etc/passwd",
]

#: Any Unicode that JSON can carry (no lone surrogates).
any_text = st.text(alphabet=st.characters(exclude_categories=["Cs"]), max_size=40)
hostile_text = st.one_of(
    any_text,
    st.sampled_from(NASTY),
    st.lists(st.one_of(st.sampled_from(NASTY), any_text), min_size=1, max_size=5).map("".join),
)
#: Text that the facts schema accepts where it asks for a non-empty string.
name_text = hostile_text.filter(lambda s: s.strip())

json_leaves = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(),
    st.integers(min_value=-(10**4000), max_value=10**4000),  # huge, but still printable by repr()
    st.floats(allow_nan=True, allow_infinity=True),
    hostile_text,
    st.sampled_from(["DE", "US", "NATO", "2025-01-01", "percent_gdp", "EUR", "budget", "FY2025-FY2027"]),
)
json_data = st.recursive(
    json_leaves,
    lambda children: st.one_of(
        st.lists(children, max_size=4),
        st.dictionaries(st.one_of(hostile_text, st.sampled_from(FACT_KINDS)), children, max_size=4),
    ),
    max_leaves=30,
)

VALID = {
    "id": "a1",
    "url": "https://example.org/a1",
    "title": "Germany lifts defence spending",
    "published": "2025-06-24",
    "countries": ["DE", "UA"],
    "organizations": ["NATO"],
    "officials": [
        {
            "name": "Boris Pistorius",
            "title": "Defence Minister",
            "country": "DE",
            "former": False,
            "evidence": {"sentence": "Defence Minister Boris Pistorius spoke.", "start": 0, "end": 39},
            "confidence": 0.9,
        }
    ],
    "strategies": [{"name": "National Security Strategy", "acronym": "NSS", "country": "DE", "year": "2023"}],
    "spending_targets": [
        {"applies_to": ["DE"], "value": 3.5, "unit": "percent_gdp", "deadline": "2029", "set_by": "DE"}
    ],
    "expenditures": [{"country": "DE", "value": 62.4e9, "unit": "EUR", "year": "2025", "kind": "budget"}],
    "meetings": [{"participants": ["DE", "NATO"], "location": "The Hague", "date": "2025-06-24"}],
}


def _paths(data: object, prefix: tuple = ()) -> list[tuple]:
    """Every path to a value inside ``data`` (dict keys and list indexes)."""
    out = [prefix] if prefix else []
    if isinstance(data, dict):
        for k, v in data.items():
            out += _paths(v, (*prefix, k))
    elif isinstance(data, list):
        for i, v in enumerate(data):
            out += _paths(v, (*prefix, i))
    return out


VALID_PATHS = _paths(VALID)


@st.composite
def mutated_facts(draw) -> dict:
    """The valid facts above with one to three values (anywhere) replaced by arbitrary data."""
    data = json.loads(json.dumps(VALID))
    for path in draw(st.lists(st.sampled_from(VALID_PATHS), min_size=1, max_size=3)):
        target = data
        try:
            for part in path[:-1]:
                target = target[part]
            target[path[-1]] = draw(json_data)
        except (KeyError, IndexError, TypeError):
            continue  # an earlier replacement removed this path
    return data


def _assert_facts_error(data: object, source: str = "x.json") -> None:
    """``parse_facts`` answers with facts or a FactsError naming ``source`` whose problem is one line."""
    try:
        facts = parse_facts(data, source)
    except FactsError as exc:
        assert exc.source == source
        assert str(exc).startswith(f"{source}: ")
        assert len(exc.problem.splitlines()) == 1, exc.problem
    else:
        assert isinstance(facts, ArticleFacts)


# --- 1. the facts loader ------------------------------------------------------------------


@FAST
@given(json_data)
def test_parse_facts_arbitrary_data_gives_facts_or_facts_error(data):
    _assert_facts_error(data)


@FAST
@given(json_data)
def test_parse_facts_arbitrary_object_with_an_id(data):
    if isinstance(data, dict):
        data = {"id": "x", **data}
    _assert_facts_error(data)


@FAST
@given(mutated_facts())
def test_parse_facts_mutated_valid_facts(data):
    _assert_facts_error(data)


def test_parse_facts_valid_base_is_valid():
    assert parse_facts(VALID, "x.json").count()["officials"] == 1


@settings(max_examples=20, deadline=None)
@given(st.dictionaries(hostile_text, json_data, min_size=1, max_size=3))
@example({"a\nb": 1})
def test_parse_facts_message_is_one_line_whatever_the_keys(extra):
    data = {"id": "x", **extra}
    try:
        parse_facts(data, "x.json")
    except FactsError as exc:
        assert len(str(exc).splitlines()) == 1, str(exc)


@pytest.mark.parametrize("field", ["title", "id", "confidence"])
def test_parse_facts_integer_too_long_to_print(field):
    data = {"id": "x", field: 10**5000}
    if field == "confidence":
        data = {"id": "x", "officials": [{"name": "a", "confidence": 10**5000}]}
    with pytest.raises(FactsError):
        parse_facts(data, "x.json")


def _load_bytes(raw: bytes, name: str) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp, name)
        path.write_bytes(raw)
        try:
            facts = load_facts(path)
        except FactsError as exc:
            assert exc.source == str(path)
            assert str(exc).startswith(str(path))
        else:
            assert isinstance(facts, ArticleFacts)


raw_documents = st.one_of(
    st.binary(max_size=300),
    any_text.map(lambda s: s.encode("utf-8")),
    json_data.map(lambda d: json.dumps(d, ensure_ascii=False).encode("utf-8")),
    mutated_facts().map(lambda d: json.dumps(d).encode("utf-8")),
    st.tuples(st.binary(max_size=20), st.binary(max_size=20)).map(lambda p: p[0] + b"\xff\xfe\xc3" + p[1]),
)


@FAST
@given(raw_documents)
def test_load_facts_arbitrary_bytes_json(raw):
    _load_bytes(raw, "x.json")


@FAST
@given(raw_documents)
def test_load_facts_arbitrary_bytes_yaml(raw):
    _load_bytes(raw, "x.yaml")


@pytest.mark.parametrize(
    "raw",
    [b"", b"   \n", b"\xff\xfe", b"\xef\xbb\xbf{}", b"[" * 500 + b"]" * 500, b'{"id": 1e999}', b"NaN", b"\x00"],
)
def test_load_facts_odd_files(raw):
    _load_bytes(raw, "x.json")


@pytest.mark.parametrize(
    ("name", "raw"),
    [
        ("x.json", b"[" * 100000),
        ("x.json", b"[" * 1000 + b"]" * 1000),
        ("x.json", b'{"id": "x", "title": ' + b"[" * 995 + b"]" * 995 + b"}"),
        ("x.yaml", b"[" * 100000),
        ("x.yaml", b"- " * 5000 + b"1"),
    ],
    ids=["json-unclosed", "json-1000-deep", "json-deep-field", "yaml-unclosed", "yaml-5000-deep"],
)
def test_load_facts_deep_nesting(name, raw):
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp, name)
        path.write_bytes(raw)
        with pytest.raises(FactsError):
            load_facts(path)


@pytest.mark.parametrize(
    ("name", "raw"),
    [("x.json", b"1" * 5000), ("x.json", b'{"id": "x", "title": ' + b"1" * 5000 + b"}"), ("x.yaml", b"1" * 5000)],
)
def test_load_facts_integer_too_long(name, raw):
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp, name)
        path.write_bytes(raw)
        with pytest.raises(FactsError):
            load_facts(path)


def test_load_facts_yaml_error_is_one_line():
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp, "x.yaml")
        path.write_bytes(b"\x00")
        with pytest.raises(FactsError) as info:
            load_facts(path)
        assert len(str(info.value).splitlines()) == 1, str(info.value)


# --- 2. the RDF mapping and the export ----------------------------------------------------

COUNTRY_CODES = sorted(gazetteer.countries())
codes = st.sampled_from(COUNTRY_CODES)
amounts = st.floats(allow_nan=False, allow_infinity=False, min_value=0, max_value=1e15)
periods = st.from_regex(r"\A(FY)?\d{4}(-(FY)?\d{2,4})?\Z")
offsets = st.integers(min_value=0, max_value=10**6)
evidence = st.none() | st.builds(
    lambda s, a, b: {"sentence": s, "start": a, "end": b}, name_text, st.none() | offsets, st.none() | offsets
)
confidence = st.none() | st.floats(min_value=0, max_value=1)
#: A free-text party or member; two capitals alone must be a real ISO code, so those are left out.
free_name = name_text.filter(lambda s: not gazetteer.looks_like_code(s.strip()))
party = st.one_of(codes, st.sampled_from(["NATO", "EU"]), free_name)


def _item(**fields):
    """A facts item: its fields, with provenance only where drawn."""
    return st.fixed_dictionaries(fields, optional={"evidence": evidence, "confidence": confidence})


officials = _item(
    name=name_text,
    title=st.none() | name_text,
    country=st.none() | codes | st.just("NATO"),
    former=st.booleans(),
)
strategies_ = _item(
    name=name_text,
    acronym=st.none() | name_text,
    country=st.none() | codes,
    year=st.none() | st.from_regex(r"\A\d{4}\Z"),
)
targets = _item(
    applies_to=st.lists(st.one_of(codes, st.sampled_from(["NATO", "allies", "EU members"]), free_name), min_size=1),
    value=amounts,
    unit=st.sampled_from(["percent_gdp", "EUR", "USD", "JPY"]),
    deadline=st.none() | periods,
    set_by=st.none() | party,
)
expenditures = _item(
    country=codes,
    value=amounts,
    unit=st.sampled_from(["percent_gdp", "EUR", "USD", "JPY"]),
    year=st.none() | periods,
    kind=st.sampled_from(["actual", "budget", "estimate"]),
)
meetings = _item(
    participants=st.lists(party, min_size=2, max_size=4),
    location=st.none() | name_text,
    date=st.none() | st.dates().map(str),
)


@st.composite
def article_facts(draw) -> ArticleFacts:
    data = {
        "id": draw(name_text),
        "url": draw(st.none() | hostile_text),
        "title": draw(st.none() | hostile_text),
        "published": draw(st.none() | st.dates().map(str)),
        "countries": draw(st.lists(codes, max_size=4)),
        "organizations": draw(st.lists(st.sampled_from(["NATO", "EU", "AUKUS"]) | name_text, max_size=3)),
        "officials": draw(st.lists(officials, max_size=3)),
        "strategies": draw(st.lists(strategies_, max_size=2)),
        "spending_targets": draw(st.lists(targets, max_size=2)),
        "expenditures": draw(st.lists(expenditures, max_size=2)),
        "meetings": draw(st.lists(meetings, max_size=2)),
    }
    return ArticleFacts.model_validate(data)


def _iris(triples) -> set[str]:
    out: set[str] = set()
    for triple in triples:
        for term in triple:
            if isinstance(term, URIRef):
                out.add(str(term))
            elif isinstance(term, Literal) and term.datatype is not None:
                out.add(str(term.datatype))
    return out


@FAST
@given(article_facts())
def test_mapping_never_raises_and_mints_valid_iris(facts):
    graph = facts_to_graph(facts)
    assert len(graph) == len(facts_to_triples(facts))
    for iri in _iris(graph):
        assert ox.NamedNode(iri).value == iri


RAPPER = shutil.which("rapper")
#: The escapes pyoxigraph writes for U+FFFE and U+FFFF, which raptor refuses ("illegal Unicode character").
RAPPER_REJECTS = re.compile(rb"\\u(FFFE|FFFF)", re.IGNORECASE)


def _rapper_count(path: Path) -> int:
    run = subprocess.run([RAPPER, "-i", "turtle", "-c", str(path)], capture_output=True, text=True, timeout=60)
    assert run.returncode == 0, run.stderr
    match = re.search(r"returned (\d+) triples?", run.stderr)
    assert match, run.stderr
    return int(match.group(1))


@SLOW
@given(st.lists(article_facts(), min_size=1, max_size=3, unique_by=lambda f: f.id))
def test_turtle_export_reparses_to_the_same_count(all_facts):
    with tempfile.TemporaryDirectory() as tmp, Store(Path(tmp, "store")) as store:
        for facts in all_facts:
            store.ingest(facts)
            store.ingest(facts)  # again: the update path must keep every value intact
        n = len(store)
        data = serialize(store, "turtle")

        g = rdflib.Graph()
        g.parse(data=data.decode("utf-8"), format="turtle")
        assert len(g) == n

        assert sum(1 for _ in ox.parse(data, format=ox.RdfFormat.TURTLE)) == n

        if RAPPER and not RAPPER_REJECTS.search(data):  # see test_rapper_reads_escaped_noncharacters
            path = Path(tmp, "export.ttl")
            path.write_bytes(data)
            assert _rapper_count(path) == n


@SLOW
@given(article_facts(), article_facts())
def test_reingesting_changed_facts_under_one_id_replaces_them(first, second):
    second = second.model_copy(update={"id": first.id})
    with tempfile.TemporaryDirectory() as tmp:
        with Store(Path(tmp, "a")) as store:
            store.ingest(first)
            store.ingest(second)  # a changed article: DELETE DATA / INSERT DATA with hostile literals
            replaced = set(store.union_triples())
        with Store(Path(tmp, "b")) as fresh:
            fresh.ingest(second)
            assert replaced == set(fresh.union_triples())


@pytest.mark.skipif(not RAPPER, reason="Debian's rapper is not installed")
@pytest.mark.parametrize("text", ["\ufffe", "\uffff", "NATO\ufffe"])
def test_rapper_reads_escaped_noncharacters(text):
    with tempfile.TemporaryDirectory() as tmp, Store(Path(tmp, "store")) as store:
        store.ingest(ArticleFacts(id="nonchar", organizations=[text]))
        path = Path(tmp, "export.ttl")
        path.write_bytes(serialize(store, "turtle"))
        assert _rapper_count(path) == len(store)


# --- 3. strings reach SPARQL only as bound values -----------------------------------------

SPARQL_NASTY = st.one_of(
    hostile_text,
    st.sampled_from(['" } UNION { ?s ?p ?o } #', "} ; DROP ALL", 'US" || true || "', "'US'", "US\n}", '\\"']),
)
QUERY_FACTS = [
    {"id": "q-us", "officials": [{"name": "Jane Roe", "title": "Secretary of Defense", "country": "US"}]},
    {"id": "q-jp", "officials": [{"name": "Taro Yamada", "title": "Defense Minister", "country": "JP"}]},
    {
        "id": "q-nato",
        "organizations": ["NATO"],
        "officials": [{"name": "Mark Rutte", "title": "SG", "country": "NATO"}],
    },
]


@pytest.fixture(scope="module")
def query_store():
    with tempfile.TemporaryDirectory() as tmp, Store(Path(tmp, "store")) as store:
        for data in QUERY_FACTS:
            store.ingest(ArticleFacts.model_validate(data))
        yield store


def _is_coerced(s: str) -> bool:
    """Strings ``run_query`` binds as an IRI rather than a plain literal (see test_bound_iri_that_is_not_an_iri)."""
    return s.startswith(("http://", "https://")) and " " not in s


@SHARED_STORE
@given(SPARQL_NASTY)
@example('" } UNION { ?s ?p ?o } #')
@example('US" } UNION { ?s ?p ?o } #')
@example("} ; DROP ALL")
def test_officials_query_binds_the_code_as_a_value(query_store, s):
    if s.startswith(("http://", "https://")):
        return  # see test_bound_iri_that_is_not_an_iri
    before = len(query_store)
    try:
        frame = run_query(query_store, "officials", {"code": s})
    except QueryError:
        pass
    else:
        assert isinstance(frame, pd.DataFrame)
        assert (frame["country"] == s).all()
        if s not in {"US", "JP", "NATO"}:
            assert frame.empty
    assert len(query_store) == before


@SHARED_STORE
@given(name_text)
@example('" } UNION { ?s ?p ?o } #')
@example("Robert'); DROP ALL; --")
def test_official_named_anything_is_found_by_a_bound_query(query_store, s):
    facts = ArticleFacts.model_validate({"id": "probe", "officials": [{"name": s}]})
    name = facts.officials[0].name
    if _is_coerced(name):
        return  # bound as an IRI, not as a label
    query_store.ingest(facts)
    before = len(query_store)
    frame = run_query(query_store, "SELECT ?o ?name WHERE { ?o rdfs:label ?name }", {"name": name})
    assert str(ns.official_iri(name)) in set(frame["o"])
    assert set(frame["name"]) == {name}
    assert len(query_store) == before


@pytest.mark.parametrize("s", ["http://<>", "http://x\n", "https://a}b", 'http://"'])
def test_bound_iri_that_is_not_an_iri(query_store, s):
    try:
        frame = run_query(query_store, "officials", {"code": s})
    except QueryError:
        return
    assert frame.empty


@pytest.mark.parametrize("name", ["007", "0", "-12", "2025"])
def test_bound_name_that_looks_like_a_number_stays_text(query_store, name):
    query_store.ingest(ArticleFacts.model_validate({"id": "probe-digits", "officials": [{"name": name}]}))
    frame = run_query(query_store, "SELECT ?o ?name WHERE { ?o rdfs:label ?name }", {"name": name})
    assert str(ns.official_iri(name)) in set(frame["o"])


# --- 4. names never choose a file path ----------------------------------------------------

ids = st.one_of(
    hostile_text,
    st.text(max_size=400),
    st.sampled_from(
        ["../../x", "/etc/passwd", "..", ".", "a/../../b", "C:\\x", "\x00", "~", "-", ".hidden", "a" * 1000]
    ),
    st.lists(st.sampled_from(["..", "/", "\\", ".", "a", "\x00", "é", ":"]), max_size=12).map("".join),
)


@settings(max_examples=200, deadline=None)
@given(ids)
def test_output_path_stays_in_its_folder(article_id):
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp, "out")
        path = output_path(out, article_id)
        assert path.parent == out.resolve()
        assert path.suffix == ".json"
        assert path.stem


@settings(max_examples=300, deadline=None)
@given(ids)
def test_safe_id_is_a_plain_file_name(raw):
    name = safe_id(raw)
    assert name
    assert "/" not in name and "\\" not in name and "\x00" not in name
    assert not name.startswith(".")
    assert len(name) <= 120


# --- 5. the extractor -----------------------------------------------------------------------

FRAGMENTS = [
    "Defence Minister",
    "Defense Secretary",
    "Prime Minister",
    "former President",
    "Jane Roe",
    "Pete Hegseth",
    "Israel Katz",
    "Kim Jong Un",
    "Poland",
    "Japan",
    "NATO",
    "the EU",
    "allies",
    "5% of GDP",
    "3.5 percent of gross domestic product",
    "2%",
    "$",
    "€",
    "¥",
    "9.04 trillion yen",
    "62.4 billion euros",
    "$850bn",
    "by 2030",
    "in FY2027",
    "2025-2026",
    "met",
    "held talks with",
    "in Tokyo",
    "on June 24",
    "National Defense Strategy",
    "(NDS)",
    "said",
    "will spend",
    "on defence",
    ".",
    ",",
    ";",
    ":",
    '"',
    "'",
    "(",
    ")",
    "-",
    "–",
    "\n",
    "\n\n",
    " ",
    "  ",
    "\t",
    "\u00a0",
    "\u2028",
    "\x00",
    "Mr.",
    "U.S.",
]
defence_news = st.lists(st.one_of(st.sampled_from(FRAGMENTS), any_text), max_size=60).map(" ".join)


def _check_extraction(text: str) -> None:
    facts = extract_facts(Article(id="t", text=text))
    assert ArticleFacts.model_validate(facts.to_dict()) == facts
    for kind in FACT_KINDS[2:]:
        for item in getattr(facts, kind):
            ev = item.evidence
            if ev is not None and ev.start is not None:
                assert text[ev.start : ev.end] == ev.sentence, (kind, ev)


@settings(max_examples=40, deadline=None)
@given(st.text(max_size=2000))
def test_extractor_on_arbitrary_text(text):
    _check_extraction(text)


@settings(max_examples=80, deadline=None)
@given(defence_news)
@example("Defence Minister Jane Roe of Poland said Poland will spend 5% of GDP on defence by 2030.")
@example("Defence Minister\x00Jane Roe said Japan will spend $ by 2030 .\n\n5% of GDP")
def test_extractor_on_defence_news_fragments(text):
    _check_extraction(text)


def test_nan_never_reaches_a_number():
    """The loader refuses nan and inf for values (they have no xsd:decimal form)."""
    for bad in (math.nan, math.inf, -math.inf):
        data = {"id": "x", "spending_targets": [{"applies_to": ["DE"], "value": bad, "unit": "EUR"}]}
        with pytest.raises(FactsError, match=r"^x\.json: spending_targets\[0\]\.value: "):
            parse_facts(data, "x.json")


def test_kg_error_is_the_base():
    assert issubclass(FactsError, KGError) and issubclass(QueryError, KGError)
