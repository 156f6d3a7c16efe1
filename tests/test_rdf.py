"""Mapping facts to RDF: deterministic IRIs, one node per entity, every fact traced to its article."""

from __future__ import annotations

from pathlib import Path

import pyoxigraph as ox
from rdflib import RDF, XSD, BNode, Literal, URIRef
from rdflib.namespace import ORG, PROV

from kg import namespaces as ns
from kg.facts import load_facts, parse_facts
from kg.namespaces import DKG, SCHEMA
from kg.rdf import facts_to_graph


def _article(article_id: str, **facts) -> dict:
    return {"id": article_id, **facts}


def test_mapping_is_deterministic(gold_files: list[Path]) -> None:
    for path in gold_files:
        facts = load_facts(path)
        assert set(facts_to_graph(facts)) == set(facts_to_graph(load_facts(path))), path.name


def test_every_iri_is_valid_and_no_blank_nodes(gold_files: list[Path]) -> None:
    for path in gold_files:
        for triple in facts_to_graph(load_facts(path)):
            for term in triple:
                assert not isinstance(term, BNode)
                if isinstance(term, URIRef):
                    ox.NamedNode(str(term))  # raises on an invalid IRI


def test_same_entities_and_facts_from_two_articles_are_one_node() -> None:
    target = {"applies_to": ["NATO"], "value": 5, "unit": "percent_gdp", "deadline": "2035"}
    official = {"name": "Mark Rutte", "title": "Secretary General", "country": "NATO"}
    a = facts_to_graph(
        parse_facts(_article("a", organizations=["NATO"], officials=[official], spending_targets=[target]), "a")
    )
    b = facts_to_graph(
        parse_facts(
            _article(
                "b",
                organizations=["NATO"],
                officials=[official],
                spending_targets=[{**target, "value": 5.0, "set_by": "NATO"}],
            ),
            "b",
        )
    )
    targets_a, targets_b = set(a.subjects(RDF.type, DKG.SpendingTarget)), set(b.subjects(RDF.type, DKG.SpendingTarget))
    assert targets_a == targets_b and len(targets_a) == 1
    assert set(a.subjects(RDF.type, DKG.Official)) == set(b.subjects(RDF.type, DKG.Official))
    (node,) = targets_a
    assert a.value(node, PROV.wasDerivedFrom) == ns.article_iri("a")
    assert b.value(node, PROV.wasDerivedFrom) == ns.article_iri("b")


def test_official_office_and_country() -> None:
    g = facts_to_graph(
        parse_facts(
            _article(
                "a",
                officials=[
                    {"name": "Elbridge Colby", "title": "Undersecretary of Defense for Policy", "country": "US"},
                    {"name": "Yoon Suk Yeol", "title": "President", "country": "KR", "former": True},
                ],
            ),
            "a",
        )
    )
    colby, yoon = ns.official_iri("Elbridge Colby"), ns.official_iri("Yoon Suk Yeol")
    post = g.value(colby, ORG.holds)
    assert g.value(post, DKG.title) == Literal("Undersecretary of Defense for Policy")
    assert g.value(post, ORG.postIn) == ns.country_iri("US")
    assert g.value(yoon, ORG.holds) is None and g.value(yoon, DKG.formerlyHeld) is not None
    assert (ns.article_iri("a"), SCHEMA.mentions, colby) in g


def test_surname_alone_resolves_to_the_articles_official() -> None:
    g = facts_to_graph(
        parse_facts(
            _article(
                "a",
                officials=[
                    {"name": "Rustem Umerov", "title": "Defence Minister", "country": "UA"},
                    {"name": "Kaja Kallas", "title": "High Representative", "country": "EU"},
                ],
                organizations=["EU"],
                meetings=[{"participants": ["Umerov", "Kallas"], "location": "Brussels"}],
            ),
            "a",
        )
    )
    (meeting,) = g.subjects(RDF.type, DKG.Meeting)
    assert set(g.objects(meeting, DKG.participant)) == {
        ns.official_iri("Rustem Umerov"),
        ns.official_iri("Kaja Kallas"),
    }


def test_target_values_are_decimals_and_groups_are_nodes() -> None:
    g = facts_to_graph(
        parse_facts(
            _article(
                "a",
                spending_targets=[
                    {"applies_to": ["allies", "NATO"], "value": 3.5, "unit": "percent_gdp", "set_by": "Mark Rutte"},
                    {"applies_to": ["DE"], "value": 1e20, "unit": "EUR"},
                ],
            ),
            "a",
        )
    )
    values = {str(o) for o in g.objects(None, DKG.value)}
    assert values == {"3.5", "100000000000000000000"}
    assert all(o.datatype == XSD.decimal for o in g.objects(None, DKG.value))
    assert (ns.group_iri("allies"), RDF.type, DKG.Group) in g
    assert (None, DKG.setBy, ns.official_iri("Mark Rutte")) in g


def test_evidence_keeps_sentence_span_and_confidence() -> None:
    sentence = 'He said "5%" <now>.'
    g = facts_to_graph(
        parse_facts(
            _article(
                "a",
                spending_targets=[
                    {
                        "applies_to": ["NATO"],
                        "value": 5,
                        "unit": "percent_gdp",
                        "evidence": {"sentence": sentence, "start": 4, "end": 23},
                        "confidence": 0.8,
                    },
                ],
            ),
            "a",
        )
    )
    (target,) = g.subjects(RDF.type, DKG.SpendingTarget)
    evidence = g.value(target, DKG.evidence)
    assert g.value(evidence, DKG.sentence) == Literal(sentence)
    assert g.value(evidence, DKG.charStart).toPython() == 4
    assert g.value(evidence, DKG.charEnd).toPython() == 23
    assert float(g.value(evidence, DKG.confidence)) == 0.8
    assert g.value(evidence, PROV.wasDerivedFrom) == ns.article_iri("a")


def test_article_metadata(dev000: dict) -> None:
    g = facts_to_graph(parse_facts({**dev000, "url": "https://example.org/a", "published": "2026-01-28"}, "x"))
    article = ns.article_iri("dev-000")
    assert g.value(article, DKG.articleId) == Literal("dev-000")
    assert g.value(article, SCHEMA.datePublished) == Literal("2026-01-28", datatype=XSD.date)
    assert g.value(article, SCHEMA.headline) == Literal(dev000["title"])
    assert set(g.objects(article, SCHEMA.mentions)) >= {ns.country_iri("JP"), ns.organization_iri("NATO")}


def test_article_ids_that_differ_only_in_punctuation_get_different_graphs() -> None:
    assert ns.article_iri("a b") != ns.article_iri("a-b")
    assert "/" not in str(ns.article_iri("../../etc/passwd")).removeprefix(str(ns.DKGR) + "article/")
