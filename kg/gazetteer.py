"""Countries (ISO 3166-1 alpha-2, from pycountry) and international organisations (a data file).

One place answers "is this a country code?", "is this an organisation?" and "what is it called?",
for the facts model, the RDF mapping and, later, the extractor.
"""

from __future__ import annotations

import csv
from dataclasses import dataclass
from functools import cache
from importlib import resources

import pycountry

#: Codes outside ISO 3166-1 that news about defence still needs (user-assigned by ISO).
EXTRA_COUNTRIES = {"XK": "Kosovo"}


@dataclass(frozen=True)
class Place:
    """A country or an organisation as the graph names it."""

    code: str
    label: str
    wikidata: str | None


def _rows(name: str) -> list[list[str]]:
    text = resources.files("kg.data").joinpath(name).read_text(encoding="utf-8")
    lines = [line for line in text.splitlines() if line.strip() and not line.startswith("#")]
    return list(csv.reader(lines))


@cache
def countries() -> dict[str, Place]:
    """Every country by upper-case alpha-2 code."""
    overrides = {code: (label, wd) for code, label, wd in _rows("countries.csv")}
    out: dict[str, Place] = {}
    for c in pycountry.countries:
        label, wd = overrides.get(c.alpha_2, ("", ""))
        label = label or getattr(c, "common_name", None) or c.name
        out[c.alpha_2] = Place(c.alpha_2, label, wd or None)
    for code, label in EXTRA_COUNTRIES.items():
        out[code] = Place(code, label, overrides.get(code, ("", ""))[1] or None)
    return out


@cache
def organizations() -> dict[str, Place]:
    """Known international organisations by acronym (or short English name)."""
    return {acr: Place(acr, name, wd or None) for acr, name, wd in _rows("organizations.csv")}


def is_country(code: str) -> bool:
    return code in countries()


def is_organization(acronym: str) -> bool:
    return acronym in organizations()


def looks_like_code(text: str) -> bool:
    """Two upper-case letters: meant as an ISO country code unless it is a known organisation."""
    return len(text) == 2 and text.isascii() and text.isalpha() and text.isupper()


def organization(acronym: str) -> Place:
    """The organisation, or a bare entry for one the data file does not list."""
    return organizations().get(acronym) or Place(acronym, acronym, None)
