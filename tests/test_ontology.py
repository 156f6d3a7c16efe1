"""The ontology and the shapes: they parse everywhere, declare every term the mapping uses, and document it."""

from __future__ import annotations

from pathlib import Path

import pyoxigraph
import pytest
from pyshacl.entrypoints import meta_validate
from rdflib import DCTERMS, OWL, RDF, RDFS, SH, XSD, BNode, Graph, Literal, URIRef
from rdflib.collection import Collection

from kg.namespaces import DKG, ORG, PROV, SCHEMA
from kg.validate import ONTOLOGY_PATH, SHAPES_PATH, load_ontology, load_shapes

ONTOLOGY_IRI = URIRef("https://w3id.org/defense-kg/ontology")

CLASSES = [
    "Article",
    "Country",
    "Organization",
    "Group",
    "Official",
    "Office",
    "Fact",
    "Strategy",
    "SpendingTarget",
    "Expenditure",
    "Meeting",
    "Evidence",
]

OBJECT_PROPERTIES = [
    "formerlyHeld",
    "stateFromContext",
    "strategyOf",
    "appliesTo",
    "setBy",
    "spentBy",
    "participant",
    "evidence",
]

DATATYPE_PROPERTIES = [
    "articleId",
    "isoCode",
    "acronym",
    "title",
    "year",
    "value",
    "unit",
    "deadline",
    "period",
    "expenditureKind",
    "location",
    "date",
    "sentence",
    "charStart",
    "charEnd",
    "confidence",
]

#: Terms of other vocabularies that the mapping reuses as they are.
REUSED_PROPERTIES = [
    (SCHEMA.headline, OWL.DatatypeProperty),
    (SCHEMA.url, OWL.DatatypeProperty),
    (SCHEMA.datePublished, OWL.DatatypeProperty),
    (SCHEMA.mentions, OWL.ObjectProperty),
    (ORG.holds, OWL.ObjectProperty),
    (ORG.postIn, OWL.ObjectProperty),
    (PROV.wasDerivedFrom, OWL.ObjectProperty),
]

SUBCLASSES = [
    ("Article", SCHEMA.NewsArticle),
    ("Article", PROV.Entity),
    ("Country", SCHEMA.Country),
    ("Country", ORG.Organization),
    ("Organization", ORG.FormalOrganization),
    ("Organization", SCHEMA.Organization),
    ("Official", SCHEMA.Person),
    ("Official", PROV.Agent),
    ("Office", ORG.Post),
    ("Fact", PROV.Entity),
    ("Strategy", DKG.Fact),
    ("Strategy", SCHEMA.CreativeWork),
    ("SpendingTarget", DKG.Fact),
    ("Expenditure", DKG.Fact),
    ("Meeting", DKG.Fact),
    ("Meeting", SCHEMA.Event),
    ("Evidence", PROV.Entity),
]

SUBPROPERTIES = [
    ("setBy", PROV.wasAttributedTo),
    ("participant", SCHEMA.attendee),
    ("sentence", PROV.value),
]

DOMAINS_AND_RANGES = [
    ("articleId", [DKG.Article], [XSD.string]),
    ("isoCode", [DKG.Country], [XSD.string]),
    ("formerlyHeld", [DKG.Official], [DKG.Office]),
    ("stateFromContext", [DKG.Official], [DKG.Office]),
    ("title", [DKG.Office], [XSD.string]),
    ("strategyOf", [DKG.Strategy], [DKG.Country, DKG.Organization]),
    ("year", [DKG.Strategy], [XSD.string]),
    ("appliesTo", [DKG.SpendingTarget], [DKG.Country, DKG.Organization, DKG.Group]),
    ("value", [DKG.SpendingTarget, DKG.Expenditure], [XSD.decimal]),
    ("unit", [DKG.SpendingTarget, DKG.Expenditure], [XSD.string]),
    ("deadline", [DKG.SpendingTarget], [XSD.string]),
    ("setBy", [DKG.SpendingTarget], [DKG.Official, DKG.Country, DKG.Organization]),
    ("spentBy", [DKG.Expenditure], [DKG.Country]),
    ("period", [DKG.Expenditure], [XSD.string]),
    ("expenditureKind", [DKG.Expenditure], [XSD.string]),
    ("participant", [DKG.Meeting], [DKG.Official, DKG.Country, DKG.Organization]),
    ("location", [DKG.Meeting], [XSD.string]),
    ("date", [DKG.Meeting], [XSD.date]),
    ("evidence", [DKG.Fact, DKG.Official], [DKG.Evidence]),
    ("sentence", [DKG.Evidence], [XSD.string]),
    ("charStart", [DKG.Evidence], [XSD.integer]),
    ("charEnd", [DKG.Evidence], [XSD.integer]),
    ("confidence", [DKG.Evidence], [XSD.decimal]),
]


@pytest.fixture(scope="module")
def ontology() -> Graph:
    return load_ontology()


@pytest.fixture(scope="module")
def shapes() -> Graph:
    return load_shapes()


def _members(graph: Graph, node: URIRef | BNode) -> list:
    """A named class or datatype as a one-element list, an ``owl:unionOf`` class as its members."""
    if isinstance(node, URIRef):
        return [node]
    union = graph.value(node, OWL.unionOf)
    assert union is not None, f"an anonymous class must be an owl:unionOf, got {node!r}"
    return list(Collection(graph, union))


def _declared(graph: Graph) -> set[URIRef]:
    kinds = (OWL.Class, OWL.ObjectProperty, OWL.DatatypeProperty)
    return {s for kind in kinds for s in graph.subjects(RDF.type, kind) if isinstance(s, URIRef)}


@pytest.mark.parametrize("path", [ONTOLOGY_PATH, SHAPES_PATH], ids=lambda p: Path(p).name)
def test_parses_in_rdflib_and_oxigraph_alike(path: Path) -> None:
    in_rdflib = Graph().parse(path, format="turtle")
    in_oxigraph = list(pyoxigraph.parse(path=path, format=pyoxigraph.RdfFormat.TURTLE))
    assert len(in_rdflib) > 100
    assert len(in_oxigraph) == len(in_rdflib)


def test_ontology_loads_into_an_oxigraph_store_and_answers_queries() -> None:
    store = pyoxigraph.Store()
    store.load(path=ONTOLOGY_PATH, format=pyoxigraph.RdfFormat.TURTLE)
    query = f"SELECT ?c WHERE {{ ?c <{RDFS.subClassOf}> <{DKG.Fact}> }}"
    found = {solution["c"].value for solution in store.query(query)}
    assert found == {str(DKG[name]) for name in ("Strategy", "SpendingTarget", "Expenditure", "Meeting")}


def test_ontology_header(ontology: Graph) -> None:
    assert (ONTOLOGY_IRI, RDF.type, OWL.Ontology) in ontology
    assert ontology.value(ONTOLOGY_IRI, OWL.versionInfo) == Literal("0.1.0")
    assert ontology.value(ONTOLOGY_IRI, DCTERMS.title) is not None
    assert ontology.value(ONTOLOGY_IRI, DCTERMS.description) is not None


@pytest.mark.parametrize("name", CLASSES)
def test_class_is_declared(ontology: Graph, name: str) -> None:
    assert (DKG[name], RDF.type, OWL.Class) in ontology


@pytest.mark.parametrize("name", OBJECT_PROPERTIES)
def test_object_property_is_declared(ontology: Graph, name: str) -> None:
    assert (DKG[name], RDF.type, OWL.ObjectProperty) in ontology


@pytest.mark.parametrize("name", DATATYPE_PROPERTIES)
def test_datatype_property_is_declared(ontology: Graph, name: str) -> None:
    assert (DKG[name], RDF.type, OWL.DatatypeProperty) in ontology


@pytest.mark.parametrize(("term", "kind"), REUSED_PROPERTIES, ids=lambda x: str(x).rsplit("/", 1)[-1])
def test_reused_property_is_declared(ontology: Graph, term: URIRef, kind: URIRef) -> None:
    assert (term, RDF.type, kind) in ontology


def test_no_other_dkg_terms(ontology: Graph) -> None:
    """The ontology declares exactly the terms the mapping knows of, so the two stay in step."""
    dkg_terms = {t for t in _declared(ontology) if t.startswith(str(DKG))}
    expected = {DKG[n] for n in CLASSES + OBJECT_PROPERTIES + DATATYPE_PROPERTIES}
    assert dkg_terms == expected


def test_every_dkg_term_has_an_english_label_and_a_comment(ontology: Graph) -> None:
    for term in sorted(t for t in _declared(ontology) if t.startswith(str(DKG))):
        labels = [o for o in ontology.objects(term, RDFS.label) if isinstance(o, Literal) and o.language == "en"]
        comments = [o for o in ontology.objects(term, RDFS.comment) if isinstance(o, Literal) and o.language == "en"]
        assert len(labels) == 1, f"{term} needs one English rdfs:label"
        assert len(comments) == 1, f"{term} needs one English rdfs:comment"
        assert "\n" not in str(comments[0]), f"{term}: the comment should be one line"


@pytest.mark.parametrize(("name", "parent"), SUBCLASSES, ids=lambda x: str(x).rsplit("/", 1)[-1])
def test_class_alignment(ontology: Graph, name: str, parent: URIRef) -> None:
    assert (DKG[name], RDFS.subClassOf, parent) in ontology


@pytest.mark.parametrize(("name", "parent"), SUBPROPERTIES, ids=lambda x: str(x).rsplit("/", 1)[-1])
def test_property_alignment(ontology: Graph, name: str, parent: URIRef) -> None:
    assert (DKG[name], RDFS.subPropertyOf, parent) in ontology


@pytest.mark.parametrize(("name", "domain", "range_"), DOMAINS_AND_RANGES, ids=[d[0] for d in DOMAINS_AND_RANGES])
def test_domain_and_range(ontology: Graph, name: str, domain: list[URIRef], range_: list[URIRef]) -> None:
    domains = list(ontology.objects(DKG[name], RDFS.domain))
    ranges = list(ontology.objects(DKG[name], RDFS.range))
    assert len(domains) == 1, "several rdfs:domain mean their intersection; use owl:unionOf"
    assert len(ranges) == 1, "several rdfs:range mean their intersection; use owl:unionOf"
    assert _members(ontology, domains[0]) == domain
    assert _members(ontology, ranges[0]) == range_


def test_external_terms_are_declared(ontology: Graph) -> None:
    """Every class or property the ontology builds on is declared in the file, so it stands alone."""
    declared = _declared(ontology)
    used = set(ontology.objects(None, RDFS.subClassOf)) | set(ontology.objects(None, RDFS.subPropertyOf))
    for p in (RDFS.domain, RDFS.range):
        for node in ontology.objects(None, p):
            used |= {m for m in _members(ontology, node) if not m.startswith(str(XSD))}
    assert used - declared == set()


def test_shapes_use_only_declared_dkg_terms(ontology: Graph, shapes: Graph) -> None:
    """A misspelt term in a shape would silently check nothing."""
    declared = _declared(ontology)
    used = {t for triple in shapes for t in triple if isinstance(t, URIRef) and t.startswith(str(DKG))}
    assert used
    assert used - declared == set()


def test_every_class_has_a_shape(shapes: Graph) -> None:
    targeted = set(shapes.objects(None, SH.targetClass))
    assert {DKG[name] for name in CLASSES} <= targeted


def test_every_property_shape_has_a_name_and_a_message(shapes: Graph) -> None:
    for shape in set(shapes.subjects(SH.path, None)):
        assert shapes.value(shape, SH.name) is not None, f"property shape on {shapes.value(shape, SH.path)}"
        assert shapes.value(shape, SH.message) is not None, f"property shape on {shapes.value(shape, SH.path)}"


def test_shapes_are_valid_shacl(shapes: Graph) -> None:
    conforms, _graph, text = meta_validate(shapes)
    assert conforms, text
