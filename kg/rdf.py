"""MAP: an article's facts -> the triples of its named graph, under the defense-kg ontology.

Entities get deterministic IRIs (``kg.namespaces``), so the same country, official or target
stated by two articles is one node; each article's graph says which article stated it
(``prov:wasDerivedFrom`` for facts, ``schema:mentions`` for entities) and, where known, the
evidence sentence and its span. Nothing here touches a store.

The mapping writes each term once, as N-Triples text made by pyoxigraph (which escapes whatever
text an article carries): ``facts_to_ntriples`` is what the store loads, and ``facts_to_triples``
/ ``facts_to_graph`` read the same text back as rdflib terms, so both views are one mapping.
"""

from __future__ import annotations

import re
from decimal import Decimal
from functools import lru_cache

import pyoxigraph as ox
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

#: A triple as N-Triples text: subject, predicate and object, each as pyoxigraph writes it.
TextTriple = tuple[str, str, str]


def decimal_lexical(value: float) -> str:
    """The canonical ``xsd:decimal`` form the store keeps: ``5``, ``2.5``, never ``1e+20``."""
    return format(Decimal(repr(float(value))).normalize(), "f")


def decimal_literal(value: float) -> Literal:
    """An ``xsd:decimal`` in the canonical form the store keeps (``5``, ``2.5``, never ``1e+20``)."""
    return Literal(decimal_lexical(value), datatype=XSD.decimal)


def format_amount(value: float, unit: str) -> str:
    """A short human reading of a value: ``2.5% of GDP``, ``9.04 trillion JPY``."""
    if unit == "percent_gdp":
        return f"{value:g}% of GDP"
    for size, word in ((1e12, "trillion"), (1e9, "billion"), (1e6, "million")):
        if abs(value) >= size:
            return f"{value / size:.4g} {word} {unit}"
    return f"{value:,.0f} {unit}"


class _Vocabulary:
    """The terms of an rdflib namespace as N-Triples text, each written once by pyoxigraph."""

    def __init__(self, namespace) -> None:
        self._namespace = namespace

    def __getattr__(self, name: str) -> str:
        if name.startswith("_"):
            raise AttributeError(name)
        # The rdflib namespace mints the IRI, so a closed namespace still rejects a misspelt term.
        text = str(ox.NamedNode(str(getattr(self._namespace, name))))
        setattr(self, name, text)  # from now on an ordinary attribute
        return text


_DKG, _RDF, _RDFS, _OWL, _SCHEMA, _ORG, _PROV = map(_Vocabulary, (DKG, RDF, RDFS, OWL, SCHEMA, ORG, PROV))
_ANY_URI, _DATE, _DECIMAL, _INTEGER = (ox.NamedNode(str(t)) for t in (XSD.anyURI, XSD.date, XSD.decimal, XSD.integer))


_SMALL_WORDS = frozenset({"of", "for", "the", "and", "on", "in", "to", "at", "a", "an"})


def office_case(title: str) -> str:
    """An office written all in lower case, in title case ("prime minister" -> "Prime Minister"), so
    one office is not two spellings in the graph; a title with any capital stays as written.

    >>> office_case("minister for the armed forces"), office_case("Undersecretary of Defense for Policy")
    ('Minister for the Armed Forces', 'Undersecretary of Defense for Policy')
    """
    if any(c.isupper() for c in title):
        return title
    words = title.split(" ")
    return " ".join(
        w if (k and w in _SMALL_WORDS) else "-".join(p[:1].upper() + p[1:] for p in w.split("-"))
        for k, w in enumerate(words)
    )


def _node(iri: str) -> str:
    """An IRI as N-Triples text (pyoxigraph refuses an invalid one)."""
    return str(ox.NamedNode(iri))


def _iri(node: str) -> str:
    """The IRI a node's text (``<...>``, from ``_node``) stands for."""
    return node[1:-1]


def _text(value: str) -> str:
    """A plain literal as N-Triples text."""
    # U+FFFE and U+FFFF are not characters: some RDF parsers refuse them even escaped
    return str(ox.Literal(NONCHARACTERS.sub("\ufffd", value)))


def _typed(lexical: str, datatype: ox.NamedNode) -> str:
    """A typed literal as N-Triples text."""
    return str(ox.Literal(NONCHARACTERS.sub("\ufffd", lexical), datatype=datatype))


# Entities recur across articles and their statements depend on nothing but their key:
# each is mapped once (a node and its triples) and reused.
_ENTITIES = 8192


@lru_cache(maxsize=_ENTITIES)
def _country(code: str) -> tuple[str, tuple[TextTriple, ...]]:
    node = _node(ns.country_iri_text(code))
    place = gazetteer.countries()[code]
    triples = [
        (node, _RDF.type, _DKG.Country),
        (node, _RDFS.label, _text(place.label)),
        (node, _DKG.isoCode, _text(code)),
    ]
    if place.wikidata:
        triples.append((node, _OWL.sameAs, _node(f"{WD}{place.wikidata}")))
    return node, tuple(triples)


@lru_cache(maxsize=_ENTITIES)
def _organization(acronym: str) -> tuple[str, tuple[TextTriple, ...]]:
    node = _node(ns.organization_iri_text(acronym))
    place = gazetteer.organization(acronym)
    triples = [
        (node, _RDF.type, _DKG.Organization),
        (node, _RDFS.label, _text(place.code)),
        (node, _DKG.acronym, _text(place.code)),
    ]
    if place.label != place.code:
        triples.append((node, _SCHEMA.name, _text(place.label)))
    if place.wikidata:
        triples.append((node, _OWL.sameAs, _node(f"{WD}{place.wikidata}")))
    return node, tuple(triples)


@lru_cache(maxsize=_ENTITIES)
def _group(word: str) -> tuple[str, tuple[TextTriple, ...]]:
    node = _node(ns.group_iri_text(word))
    return node, ((node, _RDF.type, _DKG.Group), (node, _RDFS.label, _text(word)))


@lru_cache(maxsize=_ENTITIES)
def _official(name: str) -> tuple[str, tuple[TextTriple, ...]]:
    node = _node(ns.official_iri_text(name))
    return node, ((node, _RDF.type, _DKG.Official), (node, _RDFS.label, _text(name)))


class _Mapper:
    """Builds one article's graph; resolves the names it uses to nodes."""

    def __init__(self, facts: ArticleFacts) -> None:
        self.facts = facts
        self.graph = ox.NamedNode(ns.article_iri_text(facts.id))
        self.article = str(self.graph)
        self.triples: set[TextTriple] = set()
        self.add = self.triples.add
        surnames: dict[str, list[str]] = {}
        for official in facts.officials:
            surnames.setdefault(official.name.split()[-1].casefold(), []).append(official.name)
        # A surname alone ("Umerov") names the official of that surname when only one has it.
        self.by_surname = {s: names[0] for s, names in surnames.items() if len(set(names)) == 1}

    # --- entities -----------------------------------------------------------------------
    def country(self, code: str) -> str:
        node, triples = _country(code)
        self.triples.update(triples)
        return node

    def organization(self, acronym: str) -> str:
        node, triples = _organization(acronym)
        self.triples.update(triples)
        return node

    def group(self, word: str) -> str:
        node, triples = _group(word)
        self.triples.update(triples)
        return node

    def official_name(self, name: str) -> str:
        """The full name an article uses for a person it may also call by surname alone."""
        if len(name.split()) == 1:
            return self.by_surname.get(name.casefold(), name)
        return name

    def official(self, name: str) -> str:
        node, triples = _official(self.official_name(name))
        self.triples.update(triples)
        return node

    def holder(self, code: str) -> str:
        """A country (by ISO code) or an organisation (by acronym)."""
        if gazetteer.is_country(code) and not gazetteer.is_organization(code):
            return self.country(code)
        return self.organization(code)

    def party(self, name: str) -> str:
        """Whoever may set a target or attend a meeting: a country, an organisation or an official."""
        if gazetteer.is_country(name) or gazetteer.is_organization(name) or name in self.facts.organizations:
            return self.holder(name)
        return self.official(name)

    def member(self, name: str) -> str:
        """Whom a target applies to: a country, an organisation, or a group word ("allies")."""
        if gazetteer.looks_like_code(name) or gazetteer.is_organization(name) or name in self.facts.organizations:
            return self.holder(name)
        if name[:1].islower():
            return self.group(name)
        return self.organization(name)

    def provenance(self, node: str, item: Item) -> None:
        add = self.add
        add((node, _PROV.wasDerivedFrom, self.article))
        if item.evidence is None:
            return
        ev = item.evidence
        evidence = _node(ns.evidence_iri_text(self.facts.id, _iri(node), ev.sentence, ev.start, ev.end))
        add((node, _DKG.evidence, evidence))
        add((evidence, _RDF.type, _DKG.Evidence))
        add((evidence, _DKG.sentence, _text(ev.sentence)))
        if ev.start is not None:
            add((evidence, _DKG.charStart, _typed(str(ev.start), _INTEGER)))
        if ev.end is not None:
            add((evidence, _DKG.charEnd, _typed(str(ev.end), _INTEGER)))
        if item.confidence is not None:
            add((evidence, _DKG.confidence, _typed(decimal_lexical(item.confidence), _DECIMAL)))
        add((evidence, _PROV.wasDerivedFrom, self.article))

    # --- the article and its facts --------------------------------------------------------
    def build(self) -> set[TextTriple]:
        f, a, add = self.facts, self.article, self.add
        add((a, _RDF.type, _DKG.Article))
        add((a, _DKG.articleId, _text(f.id)))
        add((a, _RDFS.label, _text(f.title or f.id)))
        if f.title:
            add((a, _SCHEMA.headline, _text(f.title)))
        if f.url:
            add((a, _SCHEMA.url, _typed(f.url, _ANY_URI)))
        if f.published:
            add((a, _SCHEMA.datePublished, _typed(f.published.isoformat(), _DATE)))

        for code in f.countries:
            add((a, _SCHEMA.mentions, self.country(code)))
        for acronym in f.organizations:
            add((a, _SCHEMA.mentions, self.organization(acronym)))
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
        """The official and the office the article gives them. Where the text names the office but
        not its state, the office they hold has no state, and the state read from the article's
        context is a separate, weaker statement (``dkg:stateFromContext``): the graph states as fact
        only what the text states."""
        add = self.add
        person = self.official(o.name)
        add((self.article, _SCHEMA.mentions, person))
        if o.title:
            guessed = o.country is not None and o.country_stated is False
            country = None if guessed else o.country
            post = self.office(country, o.title)
            add((person, _DKG.formerlyHeld if o.former else _ORG.holds, post))
            if guessed:
                add((person, _DKG.stateFromContext, self.office(o.country, o.title)))
        self.provenance(person, o)

    def office(self, country: str | None, title: str) -> str:
        """The office ``title`` of ``country`` (or of no known state), with its title and state."""
        post = _node(ns.post_iri_text(country or "unknown", title))
        title = office_case(title)
        self.add((post, _RDF.type, _DKG.Office))
        self.add((post, _DKG.title, _text(title)))
        self.add((post, _RDFS.label, _text(f"{title} ({country})" if country else title)))
        holder = self.holder(country) if country else None
        if holder is not None:
            self.add((post, _ORG.postIn, holder))
        return post

    def map_strategy(self, s) -> None:
        add = self.add
        node = _node(ns.strategy_iri_text(s.name, s.country))
        add((node, _RDF.type, _DKG.Strategy))
        add((node, _RDFS.label, _text(s.name)))
        if s.acronym:
            add((node, _DKG.acronym, _text(s.acronym)))
        if s.country:
            add((node, _DKG.strategyOf, self.holder(s.country)))
        if s.year:
            add((node, _DKG.year, _text(s.year)))
        self.provenance(node, s)

    def map_target(self, t) -> None:
        add = self.add
        members = [self.member(m) for m in t.applies_to]
        node = _node(ns.target_iri_text(map(_iri, members), t.value, t.unit, t.deadline))
        add((node, _RDF.type, _DKG.SpendingTarget))
        for m in members:
            add((node, _DKG.appliesTo, m))
        add((node, _DKG.value, _typed(decimal_lexical(t.value), _DECIMAL)))
        add((node, _DKG.unit, _text(t.unit)))
        if t.deadline:
            add((node, _DKG.deadline, _text(t.deadline)))
        if t.set_by:
            add((node, _DKG.setBy, self.party(t.set_by)))
        by = f" by {t.deadline}" if t.deadline else ""
        add((node, _RDFS.label, _text(f"{format_amount(t.value, t.unit)} for {', '.join(t.applies_to)}{by}")))
        self.provenance(node, t)

    def map_expenditure(self, e) -> None:
        add = self.add
        country = self.country(e.country)
        node = _node(ns.expenditure_iri_text(e.country, e.value, e.unit, e.year, e.kind))
        add((node, _RDF.type, _DKG.Expenditure))
        add((node, _DKG.spentBy, country))
        add((node, _DKG.value, _typed(decimal_lexical(e.value), _DECIMAL)))
        add((node, _DKG.unit, _text(e.unit)))
        add((node, _DKG.expenditureKind, _text(e.kind)))
        if e.year:
            add((node, _DKG.period, _text(e.year)))
        period = f" {e.year}" if e.year else ""
        add((node, _RDFS.label, _text(f"{e.country} {e.kind}{period}: {format_amount(e.value, e.unit)}")))
        self.provenance(node, e)

    def map_meeting(self, m) -> None:
        add = self.add
        parties = [self.party(p) for p in m.participants]
        date = m.date.isoformat() if m.date else None
        node = _node(ns.meeting_iri_text(map(_iri, parties), m.location, date))
        add((node, _RDF.type, _DKG.Meeting))
        for p in parties:
            add((node, _DKG.participant, p))
        if m.location:
            add((node, _DKG.location, _text(m.location)))
        if date:
            add((node, _DKG.date, _typed(date, _DATE)))
        names = " and ".join(self.official_name(p) for p in m.participants)
        where = f" in {m.location}" if m.location else ""
        add((node, _RDFS.label, _text(f"Meeting of {names}{where}" + (f" on {date}" if date else ""))))
        self.provenance(node, m)


def facts_to_ntriples(facts: ArticleFacts) -> tuple[ox.NamedNode, set[TextTriple]]:
    """The name of the article's graph and the graph's distinct triples, as N-Triples text (the store's path).

    >>> graph, triples = facts_to_ntriples(ArticleFacts(id="a1", countries=["JP"]))
    >>> graph.value, len(triples)
    ('https://w3id.org/defense-kg/id/article/a1-...', 8)
    >>> sorted(triples)[0]
    ('<https://w3id.org/defense-kg/id/article/a1-...>', '<http://www.w3.org/1999/02/22-rdf-syntax-ns#type>', ...)
    """
    mapper = _Mapper(facts)
    return mapper.graph, mapper.build()


@lru_cache(maxsize=65536)
def _uriref(iri: str) -> URIRef:
    return URIRef(iri)


_XSD_STRING = str(XSD.string)


def _rdflib_term(term: ox.NamedNode | ox.Literal) -> URIRef | Literal:
    """A term of the mapping (an IRI, a plain or a typed literal) as rdflib has it."""
    if isinstance(term, ox.NamedNode):
        return _uriref(term.value)
    datatype = term.datatype.value
    if datatype == _XSD_STRING:  # RDF 1.1: a plain literal is an xsd:string
        return Literal(term.value)
    return Literal(term.value, datatype=_uriref(datatype))


def facts_to_triples(facts: ArticleFacts) -> Triples:
    """The triples of one article's named graph, as a set of rdflib terms."""
    _, triples = facts_to_ntriples(facts)
    text = "".join(f"{s} {p} {o} .\n" for s, p, o in triples)
    return {
        (_rdflib_term(t.subject), _rdflib_term(t.predicate), _rdflib_term(t.object))
        for t in ox.parse(text, format=ox.RdfFormat.N_TRIPLES)
    }


def facts_to_graph(facts: ArticleFacts) -> Graph:
    """The triples of one article's named graph (whose name is ``article_iri(facts.id)``).

    >>> from kg.facts import ArticleFacts
    >>> g = facts_to_graph(ArticleFacts(id="a1", countries=["JP"]))
    >>> len(g)
    8
    """
    graph = Graph()
    for prefix, namespace in ns.PREFIXES.items():
        graph.bind(prefix, namespace)
    for triple in facts_to_triples(facts):
        graph.add(triple)
    return graph
