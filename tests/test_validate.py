"""Validation of hand-built graphs against the shapes: a well-formed graph conforms, each kind of
mistake the mapping could make is reported on the right node and property."""

from __future__ import annotations

import time
from collections.abc import Callable
from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest
from rdflib import RDF, RDFS, XSD, Dataset, Graph, Literal, URIRef

from kg.facts import iter_facts_paths, load_facts
from kg.namespaces import (
    DKG,
    ORG,
    PROV,
    SCHEMA,
    article_iri,
    country_iri,
    evidence_iri,
    expenditure_iri,
    group_iri,
    meeting_iri,
    official_iri,
    organization_iri,
    post_iri,
    strategy_iri,
    target_iri,
)
from kg.rdf import facts_to_graph
from kg.validate import ValidationReport, Violation, load_ontology, load_shapes, shorten, validate_graph

ARTICLE_ID = "dev-000"


class N:
    """The IRIs of the sample graph, for the mutations to refer to."""

    article = article_iri(ARTICLE_ID)
    jp = country_iri("JP")
    us = country_iri("US")
    nato = organization_iri("NATO")
    allies = group_iri("allies")
    colby = official_iri("Elbridge Colby")
    office = post_iri("US", "Undersecretary of Defense for Policy")
    strategy = strategy_iri("National Defense Strategy", "US")
    target = target_iri(["JP"], 2.0, "percent_gdp", "FY2025")
    expenditure = expenditure_iri("JP", 1.4, "percent_gdp", "2024", "actual")
    meeting = meeting_iri(["Elbridge Colby", "JP"], "Tokyo", None)
    evidence = evidence_iri(ARTICLE_ID, target, "Japan will reach 2% of GDP by fiscal 2025.", 120, 180)


def decimal(text: str) -> Literal:
    return Literal(Decimal(text))


def sample_graph() -> Graph:
    """One article and everything taken from it, well formed and labelled throughout."""
    g = Graph()
    a = N.article
    for s, p, o in [
        (a, RDF.type, DKG.Article),
        (a, RDFS.label, Literal("Japan to reach 2% of GDP")),
        (a, DKG.articleId, Literal(ARTICLE_ID)),
        (a, SCHEMA.headline, Literal("Japan to reach 2% of GDP")),
        (a, SCHEMA.url, Literal("https://example.org/news/1", datatype=XSD.anyURI)),
        (a, SCHEMA.datePublished, Literal(date(2026, 1, 28))),
        (a, SCHEMA.mentions, N.jp),
        (a, SCHEMA.mentions, N.nato),
        (a, SCHEMA.mentions, N.colby),
        # countries, organisation, group
        (N.jp, RDF.type, DKG.Country),
        (N.jp, RDFS.label, Literal("Japan")),
        (N.jp, DKG.isoCode, Literal("JP")),
        (N.us, RDF.type, DKG.Country),
        (N.us, RDFS.label, Literal("United States")),
        (N.us, DKG.isoCode, Literal("US")),
        (N.nato, RDF.type, DKG.Organization),
        (N.nato, RDFS.label, Literal("NATO")),
        (N.nato, DKG.acronym, Literal("NATO")),
        (N.allies, RDF.type, DKG.Group),
        (N.allies, RDFS.label, Literal("allies")),
        # an official and their office
        (N.colby, RDF.type, DKG.Official),
        (N.colby, RDFS.label, Literal("Elbridge Colby")),
        (N.colby, ORG.holds, N.office),
        (N.office, RDF.type, DKG.Office),
        (N.office, RDFS.label, Literal("Undersecretary of Defense for Policy (United States)")),
        (N.office, DKG.title, Literal("Undersecretary of Defense for Policy")),
        (N.office, ORG.postIn, N.us),
        # a strategy
        (N.strategy, RDF.type, DKG.Strategy),
        (N.strategy, RDFS.label, Literal("National Defense Strategy")),
        (N.strategy, DKG.acronym, Literal("NDS")),
        (N.strategy, DKG.strategyOf, N.us),
        (N.strategy, DKG.year, Literal("2022")),
        (N.strategy, PROV.wasDerivedFrom, a),
        # a spending target, with its evidence
        (N.target, RDF.type, DKG.SpendingTarget),
        (N.target, RDFS.label, Literal("JP: 2.0 percent_gdp by FY2025")),
        (N.target, DKG.appliesTo, N.jp),
        (N.target, DKG.value, decimal("2.0")),
        (N.target, DKG.unit, Literal("percent_gdp")),
        (N.target, DKG.deadline, Literal("FY2025")),
        (N.target, DKG.setBy, N.colby),
        (N.target, PROV.wasDerivedFrom, a),
        (N.target, DKG.evidence, N.evidence),
        (N.evidence, RDF.type, DKG.Evidence),
        (N.evidence, RDFS.label, Literal("evidence in dev-000")),
        (N.evidence, DKG.sentence, Literal("Japan will raise defence spending to 2% of GDP by fiscal 2025.")),
        (N.evidence, DKG.charStart, Literal(120)),
        (N.evidence, DKG.charEnd, Literal(180)),
        (N.evidence, DKG.confidence, decimal("0.9")),
        (N.evidence, PROV.wasDerivedFrom, a),
        # an expenditure
        (N.expenditure, RDF.type, DKG.Expenditure),
        (N.expenditure, RDFS.label, Literal("JP: 1.4 percent_gdp in 2024 (actual)")),
        (N.expenditure, DKG.spentBy, N.jp),
        (N.expenditure, DKG.value, decimal("1.4")),
        (N.expenditure, DKG.unit, Literal("percent_gdp")),
        (N.expenditure, DKG.period, Literal("2024")),
        (N.expenditure, DKG.expenditureKind, Literal("actual")),
        (N.expenditure, PROV.wasDerivedFrom, a),
        # a meeting
        (N.meeting, RDF.type, DKG.Meeting),
        (N.meeting, RDFS.label, Literal("Meeting in Tokyo")),
        (N.meeting, DKG.participant, N.colby),
        (N.meeting, DKG.participant, N.jp),
        (N.meeting, DKG.location, Literal("Tokyo")),
        (N.meeting, DKG.date, Literal(date(2026, 1, 27))),
        (N.meeting, PROV.wasDerivedFrom, a),
    ]:
        g.add((s, p, o))
    return g


Mutation = Callable[[Graph], None]


def _set(node: URIRef, prop: URIRef, value: object) -> Mutation:
    return lambda g: g.set((node, prop, value))


def _add(node: URIRef, prop: URIRef, value: object) -> Mutation:
    return lambda g: g.add((node, prop, value))


def _drop(node: URIRef, prop: URIRef) -> Mutation:
    return lambda g: g.remove((node, prop, None))


def _amount(unit: str, value: str) -> Mutation:
    def mutate(g: Graph) -> None:
        g.set((N.target, DKG.unit, Literal(unit)))
        g.set((N.target, DKG.value, decimal(value)))

    return mutate


#: (case, mutation, the node reported, the property reported)
BROKEN = [
    ("value-as-text", _set(N.target, DKG.value, Literal("two percent")), N.target, DKG.value),
    ("value-as-double", _set(N.target, DKG.value, Literal(2.0)), N.target, DKG.value),
    ("two-values", _add(N.target, DKG.value, decimal("3.0")), N.target, DKG.value),
    ("no-value", _drop(N.target, DKG.value), N.target, DKG.value),
    ("percent-over-100", _set(N.target, DKG.value, decimal("250")), N.target, DKG.value),
    ("negative-amount", _amount("USD", "-1"), N.target, DKG.value),
    ("no-unit", _drop(N.target, DKG.unit), N.target, DKG.unit),
    ("unit-percent", _set(N.target, DKG.unit, Literal("percent")), N.target, DKG.unit),
    ("unit-lower-case-currency", _set(N.target, DKG.unit, Literal("usd")), N.target, DKG.unit),
    ("no-applies-to", _drop(N.target, DKG.appliesTo), N.target, DKG.appliesTo),
    ("applies-to-an-official", _set(N.target, DKG.appliesTo, N.colby), N.target, DKG.appliesTo),
    ("applies-to-an-untyped-node", _set(N.target, DKG.appliesTo, URIRef("urn:x:japan")), N.target, DKG.appliesTo),
    ("deadline-not-a-year", _set(N.target, DKG.deadline, Literal("by 2030")), N.target, DKG.deadline),
    ("two-deadlines", _add(N.target, DKG.deadline, Literal("2030")), N.target, DKG.deadline),
    ("set-by-a-group", _set(N.target, DKG.setBy, N.allies), N.target, DKG.setBy),
    ("fact-without-article", _drop(N.target, PROV.wasDerivedFrom), N.target, PROV.wasDerivedFrom),
    ("derived-from-a-country", _set(N.target, PROV.wasDerivedFrom, N.jp), N.target, PROV.wasDerivedFrom),
    ("evidence-not-evidence", _set(N.target, DKG.evidence, N.article), N.target, DKG.evidence),
    ("strategy-without-article", _drop(N.strategy, PROV.wasDerivedFrom), N.strategy, PROV.wasDerivedFrom),
    ("strategy-year-not-4-digits", _set(N.strategy, DKG.year, Literal("22")), N.strategy, DKG.year),
    ("strategy-of-a-group", _set(N.strategy, DKG.strategyOf, N.allies), N.strategy, DKG.strategyOf),
    (
        "expenditure-kind-guess",
        _set(N.expenditure, DKG.expenditureKind, Literal("guess")),
        N.expenditure,
        DKG.expenditureKind,
    ),
    ("expenditure-no-kind", _drop(N.expenditure, DKG.expenditureKind), N.expenditure, DKG.expenditureKind),
    ("expenditure-by-nato", _set(N.expenditure, DKG.spentBy, N.nato), N.expenditure, DKG.spentBy),
    ("expenditure-by-nobody", _drop(N.expenditure, DKG.spentBy), N.expenditure, DKG.spentBy),
    ("expenditure-period-slash", _set(N.expenditure, DKG.period, Literal("2025/26")), N.expenditure, DKG.period),
    ("meeting-one-participant", _drop(N.meeting, DKG.participant), N.meeting, DKG.participant),
    ("meeting-with-a-strategy", _add(N.meeting, DKG.participant, N.strategy), N.meeting, DKG.participant),
    ("meeting-date-as-text", _set(N.meeting, DKG.date, Literal("2026-01-27")), N.meeting, DKG.date),
    ("country-iso-japan", _set(N.jp, DKG.isoCode, Literal("japan")), N.jp, DKG.isoCode),
    ("country-no-iso", _drop(N.jp, DKG.isoCode), N.jp, DKG.isoCode),
    ("country-two-labels", _add(N.jp, RDFS.label, Literal("Nippon")), N.jp, RDFS.label),
    ("organization-no-label", _drop(N.nato, RDFS.label), N.nato, RDFS.label),
    ("group-no-label", _drop(N.allies, RDFS.label), N.allies, RDFS.label),
    ("official-holds-a-country", _set(N.colby, ORG.holds, N.us), N.colby, ORG.holds),
    ("official-formerly-held-text", _add(N.colby, DKG.formerlyHeld, Literal("Ambassador")), N.colby, DKG.formerlyHeld),
    ("office-no-title", _drop(N.office, DKG.title), N.office, DKG.title),
    ("office-post-in-a-group", _set(N.office, ORG.postIn, N.allies), N.office, ORG.postIn),
    ("article-no-id", _drop(N.article, DKG.articleId), N.article, DKG.articleId),
    (
        "article-date-as-text",
        _set(N.article, SCHEMA.datePublished, Literal("2026-01-28")),
        N.article,
        SCHEMA.datePublished,
    ),
    ("article-url-as-iri", _set(N.article, SCHEMA.url, URIRef("https://example.org/news/1")), N.article, SCHEMA.url),
    ("article-mentions-a-strategy", _add(N.article, SCHEMA.mentions, N.strategy), N.article, SCHEMA.mentions),
    ("evidence-confidence-1.5", _set(N.evidence, DKG.confidence, decimal("1.5")), N.evidence, DKG.confidence),
    ("evidence-confidence-double", _set(N.evidence, DKG.confidence, Literal(0.5)), N.evidence, DKG.confidence),
    ("evidence-no-sentence", _drop(N.evidence, DKG.sentence), N.evidence, DKG.sentence),
    ("evidence-empty-sentence", _set(N.evidence, DKG.sentence, Literal("")), N.evidence, DKG.sentence),
    ("evidence-negative-start", _set(N.evidence, DKG.charStart, Literal(-1)), N.evidence, DKG.charStart),
    ("evidence-start-after-end", _set(N.evidence, DKG.charStart, Literal(200)), N.evidence, DKG.charStart),
    ("evidence-end-as-text", _set(N.evidence, DKG.charEnd, Literal("180")), N.evidence, DKG.charEnd),
    ("evidence-without-article", _drop(N.evidence, PROV.wasDerivedFrom), N.evidence, PROV.wasDerivedFrom),
]


def _errors(report: ValidationReport) -> list[Violation]:
    return [v for v in report.violations if v.severity == "Violation"]


def test_sample_graph_conforms() -> None:
    report = validate_graph(sample_graph())
    assert report.violations == [], "\n".join(map(str, report.violations))
    assert report.conforms
    assert report.summary() == "conforms"


def test_graph_read_back_from_an_oxigraph_store_conforms() -> None:
    """The store gives strings back as "x"^^xsd:string; the shapes must accept them as plain strings."""
    store = Dataset(store="Oxigraph")
    named = store.graph(N.article)
    for triple in sample_graph():
        named.add(triple)
    flat = Graph()
    for s, p, o, _g in store.quads((None, None, None, None)):
        flat.add((s, p, o))
    assert any(isinstance(o, Literal) and o.datatype == XSD.string for o in flat.objects())
    report = validate_graph(flat)
    assert report.conforms, "\n".join(map(str, report.violations))
    assert report.violations == []


@pytest.mark.parametrize(("mutate", "focus", "path"), [b[1:] for b in BROKEN], ids=[b[0] for b in BROKEN])
def test_broken_graph_is_reported(mutate: Mutation, focus: URIRef, path: URIRef) -> None:
    g = sample_graph()
    mutate(g)
    report = validate_graph(g)
    assert not report.conforms
    errors = _errors(report)
    assert errors
    assert (shorten(focus), shorten(path)) in {(v.focus, v.path) for v in errors}, "\n".join(map(str, errors))
    for v in errors:
        assert v.message and v.message != "does not conform"
        assert v.shape and v.shape.startswith("dkgsh:")


def test_a_type_error_is_reported_once() -> None:
    """A value of the wrong datatype is not also compared with the bounds."""
    g = sample_graph()
    g.set((N.target, DKG.value, Literal("two percent")))
    [error] = _errors(validate_graph(g))
    assert error == Violation(
        focus=shorten(N.target),
        path="dkg:value",
        value='"two percent"',
        message=error.message,
        severity="Violation",
        shape="dkgsh:AmountValue",
    )
    assert "xsd:decimal" in error.message


def test_percent_of_gdp_bounds_do_not_apply_to_amounts() -> None:
    g = sample_graph()
    _amount("JPY", "43000000000000")(g)
    assert validate_graph(g).conforms
    _amount("percent_gdp", "100")(g)
    assert validate_graph(g).conforms
    _amount("percent_gdp", "100.5")(g)
    [error] = _errors(validate_graph(g))
    assert (error.path, error.value) == ("dkg:value", '"100.5"^^xsd:decimal')
    assert "percent_gdp" in error.message


def test_expenditure_periods() -> None:
    g = sample_graph()
    for period in ("2024", "FY2026", "2025-2026", "FY2023-FY2027", "2027-28"):
        g.set((N.expenditure, DKG.period, Literal(period)))
        assert validate_graph(g).conforms, period


def test_summary_counts_violations_and_nodes() -> None:
    g = sample_graph()
    g.remove((N.target, DKG.unit, None))
    g.remove((N.target, DKG.appliesTo, None))
    g.set((N.jp, DKG.isoCode, Literal("japan")))
    report = validate_graph(g)
    assert report.summary() == "3 violations in 2 nodes"
    assert [(v.focus, v.path) for v in report.violations] == [
        ("dkgr:country/JP", "dkg:isoCode"),
        (shorten(N.target), "dkg:appliesTo"),
        (shorten(N.target), "dkg:unit"),
    ]
    assert report.violations[0].value == '"japan"'
    assert report.violations[0].shape == "dkgsh:CountryShape"


def test_missing_label_is_a_warning_only() -> None:
    g = sample_graph()
    g.remove((N.meeting, RDFS.label, None))
    report = validate_graph(g)
    assert report.conforms
    [warning] = report.violations
    assert (warning.focus, warning.path, warning.severity) == (shorten(N.meeting), "rdfs:label", "Warning")
    assert report.summary() == "conforms (1 warning in 1 node)"


@pytest.mark.parametrize(
    ("node", "other_name"),
    [(N.colby, "elbridge colby"), (N.strategy, "national defense strategy")],
)
def test_variant_spellings_of_a_name_are_a_warning(node: URIRef, other_name: str) -> None:
    """One IRI for "J.D. Vance" and "JD Vance": two spellings to tidy, the graph still conforms."""
    g = sample_graph()
    g.add((node, RDFS.label, Literal(other_name)))
    report = validate_graph(g)
    assert report.conforms
    assert [(v.focus, v.path, v.severity) for v in report.violations] == [(shorten(node), "rdfs:label", "Warning")]


def test_variant_spellings_of_an_office_are_a_warning() -> None:
    g = sample_graph()
    g.add((N.office, DKG.title, Literal("undersecretary of defense for policy")))
    report = validate_graph(g)
    assert report.conforms
    assert [(v.focus, v.path, v.severity) for v in report.violations] == [(shorten(N.office), "dkg:title", "Warning")]


def test_sample_facts_map_to_a_conforming_graph() -> None:
    """The facts shipped with the package, mapped and merged into one graph, meet the shapes."""
    samples = Path(__file__).resolve().parent.parent / "kg" / "samples" / "facts"
    paths = list(iter_facts_paths([samples])) if samples.is_dir() else []
    if not paths:
        pytest.skip("no sample facts")
    g = Graph()
    for path in paths:
        for triple in facts_to_graph(load_facts(path)):
            g.add(triple)
    report = validate_graph(g)
    errors = _errors(report)
    assert report.conforms, "\n".join(map(str, errors))
    assert errors == []


def test_validation_leaves_graphs_unchanged() -> None:
    g = sample_graph()
    g.set((N.target, DKG.value, decimal("250")))
    sizes = len(g), len(load_shapes()), len(load_ontology())
    validate_graph(g)
    assert (len(g), len(load_shapes()), len(load_ontology())) == sizes


def test_validation_is_fast_on_a_small_graph() -> None:
    g = sample_graph()
    validate_graph(g)  # shapes and ontology loaded once
    start = time.perf_counter()
    validate_graph(g)
    assert time.perf_counter() - start < 1.0
