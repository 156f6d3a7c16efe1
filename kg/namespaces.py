"""Namespaces and prefixes, declared once; the only place where IRIs are minted.

The ontology lives at ``https://w3id.org/defense-kg/ontology#`` (prefix ``dkg:``) and every
resource of the graph at ``https://w3id.org/defense-kg/id/`` (prefix ``dkgr:``). Resource IRIs
are deterministic: the same country, organisation, official, strategy or fact reported by two
articles gets the same IRI, so it is one node in the graph that keeps both sources.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
from collections.abc import Iterable
from functools import lru_cache

from rdflib import OWL, RDF, RDFS, SH, XSD, Namespace, URIRef
from rdflib.namespace import ORG, PROV, SDO

DKG = Namespace("https://w3id.org/defense-kg/ontology#")
DKGR = Namespace("https://w3id.org/defense-kg/id/")
WD = Namespace("http://www.wikidata.org/entity/")
#: The SHACL shapes of ``ontology/shapes.ttl``.
DKGSH = Namespace("https://w3id.org/defense-kg/shapes#")
SCHEMA = SDO

#: Prefixes used in exports, queries and the ontology files.
PREFIXES: dict[str, Namespace] = {
    "dkg": DKG,
    "dkgr": DKGR,
    "schema": SCHEMA,
    "org": ORG,
    "prov": PROV,
    "wd": WD,
    "rdf": Namespace(str(RDF)),
    "rdfs": Namespace(str(RDFS)),
    "owl": Namespace(str(OWL)),
    "xsd": Namespace(str(XSD)),
    "sh": Namespace(str(SH)),
}

#: One prefix per kind of resource, so exports read ``country:JP`` rather than ``dkgr:country\/JP``.
RESOURCE_PREFIXES: dict[str, Namespace] = {
    kind: Namespace(f"{DKGR}{kind}/")
    for kind in (
        "article",
        "country",
        "organization",
        "group",
        "official",
        "post",
        "strategy",
        "target",
        "expenditure",
        "meeting",
        "evidence",
    )
}


def sparql_prologue() -> str:
    """PREFIX lines for every namespace above, to prepend to a SPARQL query."""
    return "".join(f"PREFIX {p}: <{ns}>\n" for p, ns in PREFIXES.items())


def slug(text: str) -> str:
    """A lower-case ASCII slug: ``"Sébastien Lecornu"`` -> ``"sebastien-lecornu"``.

    >>> slug("Undersecretary of Defense for Policy")
    'undersecretary-of-defense-for-policy'
    >>> slug("Edgars Rinkēvičs")
    'edgars-rinkevics'
    """
    return _slug(text)


@lru_cache(maxsize=65536)
def _slug(text: str) -> str:
    # Names, titles and codes recur across articles: each is slugged once.
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    out = re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-")
    if out:
        return out
    # A name with no ASCII letters at all (e.g. in Hangul) still needs a stable, valid IRI.
    return "u-" + digest(text)


def digest(*parts: object) -> str:
    """A short, stable content hash of ``parts`` for IRIs of facts."""
    text = "\x1f".join("" if p is None else str(p) for p in parts)
    return hashlib.sha1(text.encode("utf-8")).hexdigest()[:16]


def person_key(name: str) -> str:
    """The normalised form of a person's name used in their IRI (dots dropped, case folded)."""
    return slug(name.replace(".", ""))


# Each kind of resource has its IRI as text (``*_iri_text``, what the mapping to the store uses)
# and as an rdflib term (``*_iri``): the second is always ``URIRef`` of the first.

#: The start of every resource IRI.
RESOURCE_BASE = str(DKGR)


def country_iri(code: str) -> URIRef:
    return URIRef(country_iri_text(code))


def country_iri_text(code: str) -> str:
    return f"{RESOURCE_BASE}country/{code.upper()}"


def organization_iri(acronym: str) -> URIRef:
    return URIRef(organization_iri_text(acronym))


def organization_iri_text(acronym: str) -> str:
    return f"{RESOURCE_BASE}organization/{slug(acronym)}"


def group_iri(word: str) -> URIRef:
    return URIRef(group_iri_text(word))


def group_iri_text(word: str) -> str:
    return f"{RESOURCE_BASE}group/{slug(word)}"


def official_iri(name: str) -> URIRef:
    return URIRef(official_iri_text(name))


def official_iri_text(name: str) -> str:
    return f"{RESOURCE_BASE}official/{person_key(name)}"


def post_iri(holder_key: str, title: str) -> URIRef:
    """An office of a country or organisation, e.g. ``post/jp.prime-minister``: one per office, however
    it is written ("Minister of Defence", "defence minister" and "Defense Minister" are one)."""
    return URIRef(post_iri_text(holder_key, title))


def post_iri_text(holder_key: str, title: str) -> str:
    from kg.extract.offices import normalise_office

    return f"{RESOURCE_BASE}post/{slug(holder_key)}.{_office_slug(normalise_office(title))}"


@lru_cache(maxsize=16384)
def _office_slug(key: str) -> str:
    return slug(key)


def strategy_iri(name: str, owner_key: str | None) -> URIRef:
    """A strategy document of a country or organisation, e.g. ``strategy/us.national-defense-strategy``."""
    return URIRef(strategy_iri_text(name, owner_key))


def strategy_iri_text(name: str, owner_key: str | None) -> str:
    return f"{RESOURCE_BASE}strategy/{slug(owner_key) if owner_key else 'unknown'}.{slug(name)}"


def target_iri(applies_to: Iterable[str], value: float, unit: str, deadline: str | None) -> URIRef:
    return URIRef(_target(str(sorted(applies_to)), value, unit, deadline))


def target_iri_text(members: Iterable[str], value: float, unit: str, deadline: str | None) -> str:
    """The target's IRI from the IRIs of the parties it applies to."""
    return _target(_iri_list(members), value, unit, deadline)


def _target(members: str, value: float, unit: str, deadline: str | None) -> str:
    return f"{RESOURCE_BASE}target/{digest(members, repr(float(value)), unit, deadline)}"


def expenditure_iri(country: str, value: float, unit: str, year: str | None, kind: str) -> URIRef:
    return URIRef(expenditure_iri_text(country, value, unit, year, kind))


def expenditure_iri_text(country: str, value: float, unit: str, year: str | None, kind: str) -> str:
    return f"{RESOURCE_BASE}expenditure/{digest(country, repr(float(value)), unit, year, kind)}"


def meeting_iri(participants: Iterable[str], location: str | None, date: str | None) -> URIRef:
    return URIRef(_meeting(str(sorted(participants)), location, date))


def meeting_iri_text(parties: Iterable[str], location: str | None, date: str | None) -> str:
    """The meeting's IRI from the IRIs of its parties."""
    return _meeting(_iri_list(parties), location, date)


def _meeting(parties: str, location: str | None, date: str | None) -> str:
    return f"{RESOURCE_BASE}meeting/{digest(parties, location, date)}"


def _iri_list(iris: Iterable[str]) -> str:
    """``str(sorted(...))`` of these IRIs as rdflib terms, which target and meeting IRIs hash.

    >>> _iri_list(["b", "a"]) == str(sorted([URIRef("b"), URIRef("a")]))
    True
    """
    return "[" + ", ".join(f"rdflib.term.URIRef({iri!r})" for iri in sorted(iris)) + "]"


def article_iri(article_id: str) -> URIRef:
    """The article's node, which is also the name of the graph holding its statements."""
    return URIRef(article_iri_text(article_id))


def article_iri_text(article_id: str) -> str:
    return f"{RESOURCE_BASE}article/{slug(article_id)}-{digest(article_id)[:6]}"


def evidence_iri(article_id: str, fact: URIRef, sentence: str, start: int | None, end: int | None) -> URIRef:
    return URIRef(evidence_iri_text(article_id, fact, sentence, start, end))


def evidence_iri_text(article_id: str, fact: str, sentence: str, start: int | None, end: int | None) -> str:
    """The evidence node of a fact (``fact`` is the fact's IRI) as one sentence of one article states it."""
    return f"{RESOURCE_BASE}evidence/{digest(article_id, fact, sentence, start, end)}"
