"""The extractor's vocabulary, read once from the data files in ``lexicons/``.

Lexicons hold general vocabulary only: how the news names states and organisations, how offices,
documents, amounts and dates are written, which words frame a target, a budget or a meeting.
A change of vocabulary is a change of data, not of code.
"""

from __future__ import annotations

import csv
from dataclasses import dataclass
from functools import cache
from importlib import resources
from typing import Any

import pycountry
import yaml

from kg import gazetteer


def _text(name: str) -> str:
    return resources.files("kg.extract").joinpath("lexicons", name).read_text(encoding="utf-8")


def _yaml(name: str) -> dict[str, Any]:
    return yaml.safe_load(_text(name))


def _lines(name: str) -> list[str]:
    return [line.strip() for line in _text(name).splitlines() if line.strip() and not line.startswith("#")]


def _rows(name: str) -> list[dict[str, str]]:
    lines = [line for line in _text(name).splitlines() if line.strip() and not line.startswith("#")]
    return list(csv.DictReader(lines, delimiter="|"))


def _split(cell: str | None) -> list[str]:
    return [v.strip() for v in (cell or "").split(";") if v.strip()]


@dataclass(frozen=True)
class PlaceForms:
    """Phrases that name a state or an organisation, by how they name it."""

    names: dict[str, str]  # "Japan", "U.S.", "South Korea" -> ISO code
    demonyms: dict[str, str]  # "Japanese", "Franco" -> ISO code
    capitals: dict[str, str]  # "Tokyo" -> ISO code (a government only in some uses)
    institutions: dict[str, str]  # "Pentagon", "Bundeswehr" -> ISO code
    organizations: dict[str, str]  # "North Atlantic Treaty Organization" -> "NATO"


@dataclass(frozen=True)
class Offices:
    heads: frozenset[str]
    needs_qualifier: frozenset[str]
    institution_heads: frozenset[str]
    modifiers: frozenset[str]
    complements: frozenset[str]
    former_markers: frozenset[str]
    implied_holder: dict[str, str]
    general_after: frozenset[str] = frozenset()
    institutions: frozenset[str] = frozenset()
    institutions_before: frozenset[str] = frozenset()
    corporate_heads: frozenset[str] = frozenset()
    private_bodies: frozenset[str] = frozenset()


@dataclass(frozen=True)
class Documents:
    heads: frozenset[str]
    needs_policy_word: frozenset[str]
    policy_words: frozenset[str]
    connectors: frozenset[str]
    acronyms: dict[str, str]
    law_heads: frozenset[str]  # heads that need a word of planning ("Military Programming Law")
    plan_words: frozenset[str]
    year_heads: frozenset[str]  # heads that name a document when a year follows ("Vision 2030")
    lower_heads: frozenset[str]  # heads written in lower case after a capitalised name
    money_words: frozenset[str]  # budget and funding instruments, not strategies
    industry_heads: frozenset[str]
    industry_words: frozenset[str]  # funding programmes of industry and research
    agreement_words: frozenset[str]  # agreements between parties, not one state's document
    not_name_start: frozenset[str]  # capitalised words before a name, not part of it ("A", "Under")
    body_words: frozenset[str]  # bodies named after a document ("Strategy Commission")
    issue_verbs: frozenset[str]  # verbs that date a document ("adopted ... in 2022")
    name_holders: dict[str, str]  # words of a name that make it an organisation's ("European" -> EU)
    institution_words: frozenset[str]
    types: tuple[tuple[str, ...], ...]  # document types named even in lower case, as words


@dataclass(frozen=True)
class Money:
    symbols: dict[str, str]  # written before a number: "US$" -> USD
    scaled_symbols: dict[str, str]  # short prefixes read only before a number with a scale word: "R" -> ZAR
    codes: frozenset[str]  # ISO 4217 codes read before or after a number
    words: dict[str, str]
    local_currencies: dict[str, dict[str, str]]
    scales: dict[str, float]
    numbers: dict[str, float]


@dataclass(frozen=True)
class Lexicon:
    places: PlaceForms
    offices: Offices
    documents: Documents
    money: Money
    cues: dict[str, frozenset[str]]
    idioms: tuple[str, ...]
    cities: frozenset[str]
    words: dict[str, frozenset[str]]


def _places() -> PlaceForms:
    names: dict[str, str] = {}
    for country in pycountry.countries:
        for attr in ("name", "common_name"):
            value = getattr(country, attr, None)
            if value and "," not in value and "(" not in value:
                names[value] = country.alpha_2
    demonyms, capitals, institutions = {}, {}, {}
    for row in _rows("countries.csv"):
        code = row["code"]
        for name in _split(row["names"]):
            names[name] = code
        demonyms.update({d: code for d in _split(row["demonyms"])})
        capitals.update({c: code for c in _split(row["capitals"])})
        institutions.update({i: code for i in _split(row["institutions"])})
    # pycountry's formal names that news never uses as the country's name, or that mislead.
    for misleading in ("Taiwan, Province of China", "Korea, Republic of", "Korea", "Georgia", "Jordan", "Chad"):
        names.pop(misleading, None)
    names["Korea"] = "KR"
    names["Georgia"] = "GE"
    names["Jordan"] = "JO"
    organizations = {}
    for row in _rows("organizations.csv"):
        for name in _split(row["names"]):
            organizations[name] = row["acronym"]
    for acronym in gazetteer.organizations():
        organizations.setdefault(acronym, acronym)
    return PlaceForms(names, demonyms, capitals, institutions, organizations)


def _frozen(values: list[str]) -> frozenset[str]:
    return frozenset(v.lower() for v in values)


@cache
def lexicon() -> Lexicon:
    """All vocabulary, loaded once per process."""
    o = _yaml("offices.yaml")
    offices = Offices(
        heads=_frozen(o["heads"]),
        needs_qualifier=_frozen(o["needs_qualifier"]),
        institution_heads=_frozen(o["institution_heads"]),
        modifiers=_frozen(o["modifiers"]),
        complements=_frozen(o["complements"]),
        former_markers=_frozen(o["former_markers"]),
        implied_holder={k.lower(): v for k, v in o["implied_holder"].items()},
        general_after=_frozen(o.get("general_after", [])),
        institutions=_frozen(o.get("institutions", [])),
        institutions_before=_frozen(o.get("institutions_before", [])),
        corporate_heads=_frozen(o.get("corporate_heads", [])),
        private_bodies=_frozen(o.get("private_bodies", [])),
    )
    d = _yaml("documents.yaml")
    documents = Documents(
        heads=_frozen(d["heads"]),
        needs_policy_word=_frozen(d["needs_policy_word"]),
        policy_words=_frozen(d["policy_words"]),
        connectors=_frozen(d["connectors"]),
        acronyms=dict(d["acronyms"]),
        law_heads=_frozen(d["law_heads"]),
        plan_words=_frozen(d["plan_words"]),
        year_heads=_frozen(d["year_heads"]),
        lower_heads=_frozen(d["lower_heads"]),
        money_words=_frozen(d["money_words"]),
        industry_heads=_frozen(d["industry_heads"]),
        industry_words=_frozen(d["industry_words"]),
        agreement_words=_frozen(d["agreement_words"]),
        not_name_start=_frozen(d["not_name_start"]),
        body_words=_frozen(d["body_words"]),
        issue_verbs=_frozen(d["issue_verbs"]),
        name_holders={k.lower(): v for k, v in d["name_holders"].items()},
        institution_words=_frozen(d["institution_words"]),
        types=tuple(tuple(t.lower().split()) for t in d["types"]),
    )
    m = _yaml("money.yaml")
    money = Money(
        symbols=dict(m["symbols"]),
        scaled_symbols=dict(m["scaled_symbols"]),
        codes=frozenset(m["codes"]),
        words={k.lower(): v for k, v in m["words"].items()},
        local_currencies={k: dict(v) for k, v in m["local_currencies"].items()},
        scales={k.lower(): float(v) for k, v in m["scales"].items()},
        numbers={k.lower(): float(v) for k, v in m["numbers"].items()},
    )
    cues = {key: _frozen(values) for key, values in _yaml("cues.yaml").items()}
    words = {key: _frozen(values) for key, values in _yaml("words.yaml").items()}
    return Lexicon(
        _places(), offices, documents, money, cues, tuple(_lines("idioms.txt")), frozenset(_lines("cities.txt")), words
    )


def wordlist(name: str) -> frozenset[str]:
    """A closed class of words from ``lexicons/words.yaml`` ("not_names", "ranks", "not_actor", ...)."""
    return lexicon().words[name]
