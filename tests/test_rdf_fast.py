"""The store's path (``prepare``: N-Quads text) and the rdflib path (``facts_to_triples``) are one mapping.

Both must give exactly the same statements for any facts, hostile text included: what the store
loads is what ``facts_to_graph`` shows, exports and validates.
"""

from __future__ import annotations

import re
from pathlib import Path

import pyoxigraph as ox
from hypothesis import given, settings
from hypothesis import strategies as st
from rdflib import XSD, Literal, URIRef

from kg import gazetteer
from kg import namespaces as ns
from kg.facts import ArticleFacts, load_facts, parse_facts
from kg.ids import safe_id
from kg.rdf import NONCHARACTERS, decimal_literal, facts_to_triples
from kg.store import prepare

FAST = settings(max_examples=60, deadline=None)

# --- strategies ---------------------------------------------------------------------------

#: Text that has hurt parsers, serializers and query builders before.
NASTY = [
    '"',
    "'",
    "\\",
    "\\u0022",
    "} ; DROP ALL ; {",
    '" } UNION { ?s ?p ?o } #',
    "<http://evil/>",
    "> <http://evil/> .",
    "\x00",
    "\x01\x1f\x7f",
    "\n",
    "\r\n",
    "\u2028",
    "\ufeff",
    "\ufffe",
    "\uffff",
    "\ufdd0",
    "_:b0",
    "^^xsd:string",
    "@en",
    "𝔘𝔫𝔦𝔠𝔬𝔡𝔢",
    "한국어",
    "x" * 5000,
]

any_text = st.text(alphabet=st.characters(exclude_categories=["Cs"]), max_size=40)
hostile_text = st.one_of(
    any_text,
    st.sampled_from(NASTY),
    st.lists(st.one_of(st.sampled_from(NASTY), any_text), min_size=1, max_size=4).map("".join),
)
#: Text that the facts schema accepts where it asks for a non-empty string.
name_text = hostile_text.filter(lambda s: s.strip())
#: A free-text party or member; two capitals alone must be a real ISO code, so those are left out.
free_name = name_text.filter(lambda s: not gazetteer.looks_like_code(s.strip()))
codes = st.sampled_from(["DE", "FR", "JP", "US", "UA", "XK"])
party = st.one_of(codes, st.sampled_from(["NATO", "EU"]), free_name)
amounts = st.floats(allow_nan=False, allow_infinity=False)
offsets = st.none() | st.integers(min_value=0, max_value=10**30)
evidence = st.none() | st.fixed_dictionaries({"sentence": name_text, "start": offsets, "end": offsets})
provenance = {"evidence": evidence, "confidence": st.none() | st.floats(min_value=0, max_value=1)}


def _item(**fields):
    return st.fixed_dictionaries(fields, optional=provenance)


@st.composite
def hostile_facts(draw) -> ArticleFacts:
    """Facts whose names, titles, places and evidence are hostile text."""
    organizations = draw(st.lists(st.sampled_from(["NATO", "EU"]) | name_text, max_size=3))
    officials = _item(
        name=name_text, title=st.none() | name_text, country=st.none() | codes | st.just("NATO"), former=st.booleans()
    )
    data = {
        "id": draw(name_text),
        "url": draw(st.none() | hostile_text),
        "title": draw(st.none() | hostile_text),
        "published": draw(st.none() | st.dates().map(str)),
        "countries": draw(st.lists(codes, max_size=3)),
        "organizations": organizations,
        "officials": draw(st.lists(officials, max_size=3)),
        "strategies": draw(
            st.lists(
                _item(name=name_text, acronym=st.none() | name_text, country=st.none() | codes, year=st.none()),
                max_size=2,
            )
        ),
        "spending_targets": draw(
            st.lists(
                _item(
                    applies_to=st.lists(st.one_of(party, st.just("allies")), min_size=1, max_size=3),
                    value=amounts,
                    unit=st.sampled_from(["percent_gdp", "EUR"]),
                    deadline=st.none() | st.just("2035"),
                    set_by=st.none() | party,
                ),
                max_size=2,
            )
        ),
        "expenditures": draw(
            st.lists(
                _item(country=codes, value=amounts, unit=st.just("USD"), year=st.none(), kind=st.just("budget")),
                max_size=2,
            )
        ),
        "meetings": draw(
            st.lists(
                _item(
                    participants=st.lists(party, min_size=2, max_size=3),
                    location=st.none() | name_text,
                    date=st.none() | st.dates().map(str),
                ),
                max_size=2,
            )
        ),
    }
    return parse_facts(data, "hostile.json")


# --- the two paths ------------------------------------------------------------------------


def _ox(term: URIRef | Literal) -> ox.NamedNode | ox.Literal:
    if isinstance(term, URIRef):
        return ox.NamedNode(str(term))
    if term.language:
        return ox.Literal(str(term), language=term.language)
    if term.datatype is None:
        return ox.Literal(str(term))
    return ox.Literal(str(term), datatype=ox.NamedNode(str(term.datatype)))


def assert_same_statements(facts: ArticleFacts) -> None:
    prepared = prepare(facts)
    graph = ox.NamedNode(str(ns.article_iri(facts.id)))
    stored = set(ox.parse(prepared.nquads, format=ox.RdfFormat.N_QUADS))
    mapped = {ox.Quad(_ox(s), _ox(p), _ox(o), graph) for s, p, o in facts_to_triples(facts)}
    assert stored == mapped
    assert (prepared.article_id, prepared.graph) == (facts.id, graph.value)
    assert prepared.triples == len(stored) == prepared.nquads.count(" .\n")


def test_gold_facts_store_what_rdflib_maps(gold_files: list[Path]) -> None:
    for path in gold_files:
        assert_same_statements(load_facts(path))


def test_sample_facts_store_what_rdflib_maps(sample_facts_dir: Path) -> None:
    paths = sorted(sample_facts_dir.glob("*.json"))
    assert paths
    for path in paths:
        assert_same_statements(load_facts(path))


@FAST
@given(hostile_facts())
def test_hostile_facts_store_what_rdflib_maps(facts):
    assert_same_statements(facts)


@FAST
@given(name_text, name_text, st.lists(free_name, min_size=1, max_size=3))
def test_an_entity_is_the_same_whichever_article_names_it_first(name, sentence, others):
    """Entities are mapped once and reused: each article still states them whole."""
    official = {"name": name, "title": "Minister", "country": "DE", "evidence": {"sentence": sentence}}
    first = parse_facts({"id": "a", "organizations": others, "officials": [official]}, "a")
    second = parse_facts({"id": "b", "countries": ["DE"], "officials": [official]}, "b")
    for facts in (first, second, first):
        assert_same_statements(facts)


def test_noncharacters_become_replacement_characters() -> None:
    facts = parse_facts({"id": "a\ufffe", "title": "x\uffff\ufdd0y", "url": "https://e.org/\ufffe"}, "a")
    assert_same_statements(facts)
    text = prepare(facts).nquads
    assert not NONCHARACTERS.search(text) and not re.search(r"\\u(FFFE|FFFF|FDD0)", text, re.IGNORECASE)
    assert facts.id == safe_id("a\ufffe")  # ids are made safe before they are mapped: no noncharacter left
    assert text.count("\ufffd") == 5  # one in the url, two in the label and the headline
    assert all(not NONCHARACTERS.search(str(term)) for triple in facts_to_triples(facts) for term in triple)


iri = st.text(alphabet=st.characters(exclude_categories=["Cs"]), min_size=1, max_size=20)


@FAST
@given(st.lists(iri, min_size=1, max_size=4), amounts, st.none() | name_text, st.none() | name_text)
def test_iris_as_text_are_the_rdflib_iris(members, value, place, date):
    """Target and meeting IRIs hash their parties as rdflib terms; the text forms must agree."""
    nodes = [URIRef(m) for m in members]
    assert ns.target_iri(nodes, value, "EUR", date) == URIRef(ns.target_iri_text(members, value, "EUR", date))
    assert ns.meeting_iri(nodes, place, date) == URIRef(ns.meeting_iri_text(members, place, date))
    for code in members:
        assert ns.country_iri(code) == URIRef(ns.country_iri_text(code))
        assert ns.organization_iri(code) == URIRef(ns.organization_iri_text(code))
        assert ns.official_iri(code) == URIRef(ns.official_iri_text(code))
        assert ns.post_iri(code, members[0]) == URIRef(ns.post_iri_text(code, members[0]))
        assert ns.strategy_iri(code, place) == URIRef(ns.strategy_iri_text(code, place))
        assert ns.article_iri(code) == URIRef(ns.article_iri_text(code))


def test_fact_iris_are_those_the_store_already_holds() -> None:
    """Stores written before keep their nodes: fact IRIs hash what they always hashed."""
    members = [ns.country_iri_text("DE"), ns.organization_iri_text("NATO"), ns.group_iri_text("allies")]
    assert ns.target_iri_text(members, 3.5, "percent_gdp", "2035").endswith("/target/97d06d50c1c56ba3")
    parties = [ns.country_iri_text("DE"), ns.official_iri_text("Mark Rutte")]
    assert ns.meeting_iri_text(parties, "The Hague", "2025-06-24").endswith("/meeting/6c8ec0a7675208be")
    rutte = ns.official_iri_text("Mark Rutte")
    assert ns.evidence_iri_text("a1", rutte, "Rutte spoke.", 0, 12).endswith("/evidence/87a335196440f204")
    assert ns.article_iri_text("dev-000").endswith("/article/dev-000-76ecdc")


@FAST
@given(amounts, st.floats(min_value=0, max_value=1), st.integers(min_value=0, max_value=10**30), st.dates())
def test_typed_literals_are_the_rdflib_literals(value, confidence, start, day):
    """Numbers and dates read as rdflib makes them from Python values (canonical decimals, plain integers)."""
    facts = parse_facts(
        {
            "id": "a",
            "url": "https://example.org/a b",
            "published": str(day),
            "organizations": ["NATO"],
            "officials": [
                {"name": "Mark Rutte", "evidence": {"sentence": "s", "start": start}, "confidence": confidence}
            ],
            "spending_targets": [{"applies_to": ["NATO"], "value": value, "unit": "percent_gdp"}],
        },
        "a",
    )
    objects = {o for _, _, o in facts_to_triples(facts)}
    assert decimal_literal(value) in objects and decimal_literal(confidence) in objects
    assert Literal(start, datatype=XSD.integer) in objects
    assert Literal(day.isoformat(), datatype=XSD.date) in objects
    assert Literal("https://example.org/a b", datatype=XSD.anyURI) in objects
    assert_same_statements(facts)
