"""MAP: an article's facts -> the triples of its named graph, under the defense-kg ontology.

Entities get deterministic IRIs (``kg.namespaces``), so the same country, official or target
stated by two articles is one node; each article's graph says which article stated it
(``prov:wasDerivedFrom`` for facts, ``schema:mentions`` for entities) and, where known, the
evidence sentence and its span. Nothing here touches a store: the result is a plain rdflib Graph.
"""

from __future__ import annotations

import re
from decimal import Decimal

from rdflib import OWL, RDF, RDFS, XSD, Graph, Literal, URIRef
from rdflib.namespace import ORG, PROV

from kg import gazetteer
from kg import namespaces as ns
from kg.facts import ArticleFacts, Item
from kg.namespaces import DKG, SCHEMA, WD

#: Unicode noncharacters, which text from articles may carry but RDF files should not.
NONCHARACTERS = re.compile("[\ufdd0-\ufdef\ufffe\uffff]")

#: An article's statements as plain rdflib triples.
Triples = set[tuple[URIRef, URIRef, URIRef | Literal]]


def decimal_literal(value: float) -> Literal:
    """An ``xsd:decimal`` in the canonical form the store keeps (``5``, ``2.5``, never ``1e+20``)."""
    return Literal(format(Decimal(repr(float(value))).normalize(), "f"), datatype=XSD.decimal)


def format_amount(value: float, unit: str) -> str:
    """A short human reading of a value: ``2.5% of GDP``, ``9.04 trillion JPY``."""
    if unit == "percent_gdp":
        return f"{value:g}% of GDP"
    for size, word in ((1e12, "trillion"), (1e9, "billion"), (1e6, "million")):
        if abs(value) >= size:
            return f"{value / size:.4g} {word} {unit}"
    return f"{value:,.0f} {unit}"


class _Mapper:
    """Builds one article's graph; resolves the names it uses to nodes."""

    def __init__(self, facts: ArticleFacts) -> None:
        self.facts = facts
        self.article = ns.article_iri(facts.id)
        self.triples: Triples = set()
        surnames: dict[str, list[str]] = {}
        for official in facts.officials:
            surnames.setdefault(official.name.split()[-1].casefold(), []).append(official.name)
        # A surname alone ("Umerov") names the official of that surname when only one has it.
        self.by_surname = {s: names[0] for s, names in surnames.items() if len(set(names)) == 1}

    def add(self, s: URIRef, p: URIRef, o: URIRef | Literal | None) -> None:
        if o is not None:
            if isinstance(o, Literal) and NONCHARACTERS.search(str(o)):
                # U+FFFE and U+FFFF are not characters: some RDF parsers refuse them even escaped
                o = Literal(NONCHARACTERS.sub("\ufffd", str(o)), datatype=o.datatype, lang=o.language)
            self.triples.add((s, p, o))

    # --- entities -----------------------------------------------------------------------
    def country(self, code: str) -> URIRef:
        node = ns.country_iri(code)
        place = gazetteer.countries()[code]
        self.add(node, RDF.type, DKG.Country)
        self.add(node, RDFS.label, Literal(place.label))
        self.add(node, DKG.isoCode, Literal(code))
        if place.wikidata:
            self.add(node, OWL.sameAs, WD[place.wikidata])
        return node

    def organization(self, acronym: str) -> URIRef:
        node = ns.organization_iri(acronym)
        place = gazetteer.organization(acronym)
        self.add(node, RDF.type, DKG.Organization)
        self.add(node, RDFS.label, Literal(place.code))
        self.add(node, DKG.acronym, Literal(place.code))
        if place.label != place.code:
            self.add(node, SCHEMA.name, Literal(place.label))
        if place.wikidata:
            self.add(node, OWL.sameAs, WD[place.wikidata])
        return node

    def group(self, word: str) -> URIRef:
        node = ns.group_iri(word)
        self.add(node, RDF.type, DKG.Group)
        self.add(node, RDFS.label, Literal(word))
        return node

    def official_name(self, name: str) -> str:
        """The full name an article uses for a person it may also call by surname alone."""
        if len(name.split()) == 1:
            return self.by_surname.get(name.casefold(), name)
        return name

    def official(self, name: str) -> URIRef:
        name = self.official_name(name)
        node = ns.official_iri(name)
        self.add(node, RDF.type, DKG.Official)
        self.add(node, RDFS.label, Literal(name))
        return node

    def holder(self, code: str) -> URIRef:
        """A country (by ISO code) or an organisation (by acronym)."""
        if gazetteer.is_country(code) and not gazetteer.is_organization(code):
            return self.country(code)
        return self.organization(code)

    def party(self, name: str) -> URIRef:
        """Whoever may set a target or attend a meeting: a country, an organisation or an official."""
        if gazetteer.is_country(name) or gazetteer.is_organization(name) or name in self.facts.organizations:
            return self.holder(name)
        return self.official(name)

    def member(self, name: str) -> URIRef:
        """Whom a target applies to: a country, an organisation, or a group word ("allies")."""
        if gazetteer.looks_like_code(name) or gazetteer.is_organization(name) or name in self.facts.organizations:
            return self.holder(name)
        if name[:1].islower():
            return self.group(name)
        return self.organization(name)

    def provenance(self, node: URIRef, item: Item) -> None:
        self.add(node, PROV.wasDerivedFrom, self.article)
        if item.evidence is None:
            return
        ev = item.evidence
        evidence = ns.evidence_iri(self.facts.id, node, ev.sentence, ev.start, ev.end)
        self.add(node, DKG.evidence, evidence)
        self.add(evidence, RDF.type, DKG.Evidence)
        self.add(evidence, DKG.sentence, Literal(ev.sentence))
        if ev.start is not None:
            self.add(evidence, DKG.charStart, Literal(ev.start, datatype=XSD.integer))
        if ev.end is not None:
            self.add(evidence, DKG.charEnd, Literal(ev.end, datatype=XSD.integer))
        if item.confidence is not None:
            self.add(evidence, DKG.confidence, decimal_literal(item.confidence))
        self.add(evidence, PROV.wasDerivedFrom, self.article)

    # --- the article and its facts --------------------------------------------------------
    def build(self) -> Triples:
        f, a = self.facts, self.article
        self.add(a, RDF.type, DKG.Article)
        self.add(a, DKG.articleId, Literal(f.id))
        self.add(a, RDFS.label, Literal(f.title or f.id))
        if f.title:
            self.add(a, SCHEMA.headline, Literal(f.title))
        if f.url:
            self.add(a, SCHEMA.url, Literal(f.url, datatype=XSD.anyURI))
        if f.published:
            self.add(a, SCHEMA.datePublished, Literal(f.published.isoformat(), datatype=XSD.date))

        for code in f.countries:
            self.add(a, SCHEMA.mentions, self.country(code))
        for acronym in f.organizations:
            self.add(a, SCHEMA.mentions, self.organization(acronym))
        for official in f.officials:
            self.map_official(official)
        for strategy in f.strategies:
            self.map_strategy(strategy)
        for target in f.spending_targets:
            self.map_target(target)
        for spend in f.expenditures:
            self.map_expenditure(spend)
        for meeting in f.meetings:
            self.map_meeting(meeting)
        return self.triples

    def map_official(self, o) -> None:
        person = self.official(o.name)
        self.add(self.article, SCHEMA.mentions, person)
        if o.title:
            holder = self.holder(o.country) if o.country else None
            post = ns.post_iri(o.country or "unknown", o.title)
            self.add(post, RDF.type, DKG.Office)
            self.add(post, DKG.title, Literal(o.title))
            owner = f" ({o.country})" if o.country else ""
            self.add(post, RDFS.label, Literal(f"{o.title}{owner}"))
            self.add(post, ORG.postIn, holder)
            self.add(person, DKG.formerlyHeld if o.former else ORG.holds, post)
        self.provenance(person, o)

    def map_strategy(self, s) -> None:
        node = ns.strategy_iri(s.name, s.country)
        self.add(node, RDF.type, DKG.Strategy)
        self.add(node, RDFS.label, Literal(s.name))
        if s.acronym:
            self.add(node, DKG.acronym, Literal(s.acronym))
        if s.country:
            self.add(node, DKG.strategyOf, self.holder(s.country))
        if s.year:
            self.add(node, DKG.year, Literal(s.year))
        self.provenance(node, s)

    def map_target(self, t) -> None:
        members = [self.member(m) for m in t.applies_to]
        node = ns.target_iri(members, t.value, t.unit, t.deadline)
        self.add(node, RDF.type, DKG.SpendingTarget)
        for m in members:
            self.add(node, DKG.appliesTo, m)
        self.add(node, DKG.value, decimal_literal(t.value))
        self.add(node, DKG.unit, Literal(t.unit))
        if t.deadline:
            self.add(node, DKG.deadline, Literal(t.deadline))
        if t.set_by:
            self.add(node, DKG.setBy, self.party(t.set_by))
        by = f" by {t.deadline}" if t.deadline else ""
        self.add(node, RDFS.label, Literal(f"{format_amount(t.value, t.unit)} for {', '.join(t.applies_to)}{by}"))
        self.provenance(node, t)

    def map_expenditure(self, e) -> None:
        country = self.country(e.country)
        node = ns.expenditure_iri(e.country, e.value, e.unit, e.year, e.kind)
        self.add(node, RDF.type, DKG.Expenditure)
        self.add(node, DKG.spentBy, country)
        self.add(node, DKG.value, decimal_literal(e.value))
        self.add(node, DKG.unit, Literal(e.unit))
        self.add(node, DKG.expenditureKind, Literal(e.kind))
        if e.year:
            self.add(node, DKG.period, Literal(e.year))
        period = f" {e.year}" if e.year else ""
        self.add(node, RDFS.label, Literal(f"{e.country} {e.kind}{period}: {format_amount(e.value, e.unit)}"))
        self.provenance(node, e)

    def map_meeting(self, m) -> None:
        parties = [self.party(p) for p in m.participants]
        date = m.date.isoformat() if m.date else None
        node = ns.meeting_iri(parties, m.location, date)
        self.add(node, RDF.type, DKG.Meeting)
        for p in parties:
            self.add(node, DKG.participant, p)
        if m.location:
            self.add(node, DKG.location, Literal(m.location))
        if date:
            self.add(node, DKG.date, Literal(date, datatype=XSD.date))
        names = " and ".join(self.official_name(p) for p in m.participants)
        where = f" in {m.location}" if m.location else ""
        self.add(node, RDFS.label, Literal(f"Meeting of {names}{where}" + (f" on {date}" if date else "")))
        self.provenance(node, m)


def facts_to_triples(facts: ArticleFacts) -> Triples:
    """The triples of one article's named graph, as a set (the store's fast path)."""
    return _Mapper(facts).build()


def facts_to_graph(facts: ArticleFacts) -> Graph:
    """The triples of one article's named graph (whose name is ``article_iri(facts.id)``).

    >>> from kg.facts import ArticleFacts
    >>> g = facts_to_graph(ArticleFacts(id="a1", countries=["JP"]))
    >>> len(g)
    9
    """
    graph = Graph()
    for prefix, namespace in ns.PREFIXES.items():
        graph.bind(prefix, namespace)
    for triple in facts_to_triples(facts):
        graph.add(triple)
    return graph
