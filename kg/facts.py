"""The facts model: exactly the schema an analyst reads and writes, plus provenance.

The fields and their meaning are those of the shared facts schema (``SCHEMA.md``): one
``ArticleFacts`` per article, with lists of countries, organisations, officials, strategies,
spending targets, expenditures and meetings. Every item may also carry ``evidence`` (the
sentence that states it and its character span in the article) and a ``confidence``; both are
left out of the JSON when absent, so gold files and hand-written files load and save unchanged.
"""

from __future__ import annotations

import datetime as dt
import json
import os
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Annotated, Any, Literal

import yaml
from pydantic import (
    BaseModel,
    ConfigDict,
    Field,
    StringConstraints,
    ValidationError,
    field_validator,
    model_validator,
)

from kg import gazetteer
from kg.errors import FactsError
from kg.ids import safe_id

Text = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1)]
#: A number as JSON gives it: "two percent" or true is an error, not a coerced value.
Number = Annotated[float, Field(strict=True, allow_inf_nan=False)]
#: "percent_gdp" or an ISO 4217 currency code.
Unit = Annotated[str, StringConstraints(pattern=r"^(percent_gdp|[A-Z]{3})$")]
#: A year or fiscal year, or a period of them: "2035", "FY2027", "2025-2026", "FY2023-FY2027".
Period = Annotated[str, StringConstraints(pattern=r"^(FY)?\d{4}(-(FY)?\d{2,4})?$")]

FACT_KINDS = (
    "countries",
    "organizations",
    "officials",
    "strategies",
    "spending_targets",
    "expenditures",
    "meetings",
)


def _country(code: str) -> str:
    if not gazetteer.is_country(code):
        raise ValueError(f"unknown country code {code!r} (expected ISO 3166-1 alpha-2, e.g. 'JP')")
    return code


def _country_or_organization(code: str) -> str:
    """An ISO code, or an organisation's acronym; two capitals must be a real country code."""
    if gazetteer.looks_like_code(code) and not gazetteer.is_organization(code):
        return _country(code)
    return code


class Evidence(BaseModel):
    """Where a fact is stated: the sentence, and its character span in the article text."""

    model_config = ConfigDict(extra="forbid")

    sentence: Text
    start: Annotated[int, Field(ge=0)] | None = None
    end: Annotated[int, Field(ge=0)] | None = None


class Item(BaseModel):
    """Fields every fact carries besides its own: provenance and confidence."""

    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)

    evidence: Evidence | None = None
    confidence: Annotated[float, Field(ge=0.0, le=1.0)] | None = None


class Official(Item):
    """A person whose public office, current or former, the article states."""

    name: Text
    title: Text | None = None
    country: Text | None = None
    former: bool = False
    #: whether the text gives the country ("U.S. President X") or it was read from the context (the
    #: state the article is about); None when not known (facts written by hand)
    country_stated: bool | None = None

    _country = field_validator("country")(lambda v: v and _country_or_organization(v))


class Strategy(Item):
    """A named strategy, doctrine or policy document."""

    name: Text
    acronym: Text | None = None
    country: Text | None = None
    year: Annotated[str, StringConstraints(pattern=r"^\d{4}$")] | None = None

    _country = field_validator("country")(lambda v: v and _country_or_organization(v))


class SpendingTarget(Item):
    """A goal for future defence spending."""

    applies_to: Annotated[list[Text], Field(min_length=1)]
    value: Number
    unit: Unit
    deadline: Period | None = None
    set_by: Text | None = None

    @field_validator("applies_to")
    @classmethod
    def _members(cls, values: list[str]) -> list[str]:
        return [_country_or_organization(v) for v in values]

    _set_by = field_validator("set_by")(lambda v: v and _country_or_organization(v))


class Expenditure(Item):
    """Spending that happened, or is budgeted or estimated, for a period."""

    country: Text
    value: Number
    unit: Unit
    year: Period | None = None
    kind: Literal["actual", "budget", "estimate"]

    _country = field_validator("country")(lambda v: _country(v))


class Meeting(Item):
    """Two or more named parties that met, held talks or jointly agreed something."""

    participants: Annotated[list[Text], Field(min_length=2)]
    location: Text | None = None
    date: dt.date | None = None

    @field_validator("participants")
    @classmethod
    def _parties(cls, values: list[str]) -> list[str]:
        return [_country_or_organization(v) for v in values]


class ArticleFacts(BaseModel):
    """Everything taken from one article, in the shared facts schema."""

    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)

    id: Text
    url: str | None = None
    title: str | None = None
    published: dt.date | None = None
    countries: list[Text] = []
    organizations: list[Text] = []
    officials: list[Official] = []
    strategies: list[Strategy] = []
    spending_targets: list[SpendingTarget] = []
    expenditures: list[Expenditure] = []
    meetings: list[Meeting] = []

    @field_validator("id")
    @classmethod
    def _safe_id(cls, raw: str) -> str:
        """The id made safe as ids read from articles are: it becomes a file name, an IRI and page text."""
        return safe_id(raw)

    @field_validator("countries")
    @classmethod
    def _countries(cls, codes: list[str]) -> list[str]:
        return sorted({_country(c) for c in codes})

    @model_validator(mode="after")
    def _known_holders(self) -> ArticleFacts:
        """An official's or strategy's owner must be a country or an organisation we know of."""
        known = set(self.organizations)
        for kind, items in (("officials", self.officials), ("strategies", self.strategies)):
            for i, item in enumerate(items):
                owner = item.country
                if owner and not (gazetteer.is_country(owner) or gazetteer.is_organization(owner) or owner in known):
                    raise ValueError(
                        f"{kind}[{i}].country: {owner!r} is neither an ISO country code nor an "
                        "organisation listed in 'organizations'"
                    )
        return self

    def to_dict(self) -> dict[str, Any]:
        """The JSON form: schema fields always present, provenance only where known."""
        data = self.model_dump(mode="json")
        for kind in FACT_KINDS[2:]:
            for item in data[kind]:
                for key in ("evidence", "confidence", "country_stated"):
                    if item.get(key) is None:
                        item.pop(key, None)
        return data

    def to_json(self) -> str:
        return json.dumps(self.to_dict(), ensure_ascii=False, indent=2) + "\n"

    def to_yaml(self) -> str:
        return yaml.safe_dump(self.to_dict(), allow_unicode=True, sort_keys=False)

    def count(self) -> dict[str, int]:
        """How many facts of each kind."""
        return {kind: len(getattr(self, kind)) for kind in FACT_KINDS}

    def confident(self, minimum: float) -> tuple[ArticleFacts, int]:
        """These facts without those whose confidence is below ``minimum``, and how many were held
        back. Facts with no confidence (read by rules alone, or written by hand) are kept."""
        held = 0
        update: dict[str, list] = {}
        for kind in FACT_KINDS[2:]:
            items = getattr(self, kind)
            kept = [i for i in items if i.confidence is None or i.confidence >= minimum]
            held += len(items) - len(kept)
            update[kind] = kept
        return (self.model_copy(update=update) if held else self), held


FACTS_SUFFIXES = (".json", ".yaml", ".yml")


def _field_path(loc: Iterable[int | str]) -> str:
    out = ""
    for part in loc:
        name = _one_line(str(part), 60)  # a hostile key ("a\nb") must not break the one-line message
        out += f"[{part}]" if isinstance(part, int) else (f".{name}" if out else name)
    return out


def _one_line(text: str, limit: int = 80) -> str:
    """``text`` on one line and at most ``limit`` characters, for messages that quote input."""
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _quote(value: object) -> str:
    """A short, safe quotation of a bad input (a 5,000-digit number must not raise while quoted)."""
    if isinstance(value, int) and not isinstance(value, bool) and abs(value) >= 10**30:
        return "a number too large to be a value"
    try:
        return _one_line(repr(value))
    except ValueError:
        return "an unprintable value"


def _problem(error: dict[str, Any]) -> tuple[str | None, str]:
    msg = error["msg"].removeprefix("Value error, ")
    field = _field_path(error["loc"]) or None
    if msg.startswith(tuple(f"{k}[" for k in FACT_KINDS)):  # cross-field errors name their own field
        field, _, msg = msg.partition(": ")
    if error["type"] in {"float_type", "int_type", "bool_type", "string_type"}:
        msg += f", got {_quote(error['input'])}"
    return field, msg


def parse_facts(data: Any, source: str) -> ArticleFacts:
    """Validate already-parsed JSON/YAML data; errors name ``source`` and the field path."""
    if not isinstance(data, dict):
        raise FactsError(source, f"expected an object with the facts schema, got {type(data).__name__}")
    try:
        return ArticleFacts.model_validate(data)
    except ValidationError as exc:
        first = exc.errors()[0]
        field, msg = _problem(first)
        more = exc.error_count() - 1
        raise FactsError(
            source, msg + (f" (and {more} more problem{'s' * (more > 1)})" if more else ""), field
        ) from None


def load_facts(path: Path | str) -> ArticleFacts:
    """Read one facts file (JSON or YAML) into a validated ``ArticleFacts``."""
    path = Path(path)
    source = str(path)
    try:
        raw = path.read_bytes()
    except OSError as exc:
        raise FactsError(source, f"cannot read: {exc.strerror}") from None
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise FactsError(source, f"not UTF-8 text (byte {exc.start})") from None
    if not text.strip():
        raise FactsError(source, "empty file")
    try:
        data = json.loads(text) if path.suffix.lower() == ".json" else yaml.safe_load(text)
    except json.JSONDecodeError as exc:
        raise FactsError(source, f"invalid JSON at line {exc.lineno}, column {exc.colno}: {exc.msg}") from None
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f" at line {mark.line + 1}, column {mark.column + 1}" if mark else ""
        problem = _one_line(str(getattr(exc, "problem", None) or exc))
        raise FactsError(source, f"invalid YAML{where}: {problem}") from None
    except RecursionError:
        raise FactsError(source, "nested too deeply to be a facts file") from None
    except ValueError as exc:  # e.g. a number of thousands of digits
        raise FactsError(source, f"unreadable: {_one_line(str(exc))}") from None
    return parse_facts(data, source)


def iter_facts_paths(paths: Iterable[Path | str]) -> Iterator[Path]:
    """Facts files named directly, and those inside folders (recursively), in a stable order.

    Inside a folder, a link that leads out of it is not followed (``kg.sources`` says so when it
    reads the same folder), and only regular files are read.
    """
    for p in map(Path, paths):
        if p.is_dir():
            root = Path(os.path.realpath(p))
            yield from sorted(
                f
                for f in p.rglob("*")
                if f.suffix.lower() in FACTS_SUFFIXES and f.is_file() and Path(os.path.realpath(f)).is_relative_to(root)
            )
        else:
            yield p


def save_facts(facts: ArticleFacts, path: Path | str) -> Path:
    """Write facts as JSON or YAML, chosen by the file's suffix."""
    path = Path(path)
    text = facts.to_yaml() if path.suffix.lower() in (".yaml", ".yml") else facts.to_json()
    path.write_text(text, encoding="utf-8")
    return path
