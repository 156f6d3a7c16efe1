"""Every parameter of every named query filters: on a store of many articles, binding it keeps the
rows that match and drops the others.

The store is the shared dev corpus ingested into a real store on disk: many countries, officials
and meetings, so that each parameter changes the answer. For each (query, parameter) a case says
how to pick a value from the unbound answer and what a row that matches it looks like; a query
that gains a parameter without a case here fails ``test_every_parameter_has_a_case``.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pandas as pd
import pytest

from kg.facts import load_facts
from kg.query import named_queries, query_parameters, run_query
from kg.store import Store


def _most_common(values: list[object]) -> object:
    return Counter(v for v in values if v not in (None, "")).most_common(1)[0][0]


def _parties(frame: pd.DataFrame) -> list[str]:
    return [p for cell in frame.participants.dropna() for p in cell.split(" · ")]


def _members(frame: pd.DataFrame) -> list[str]:
    return [m for cell in frame.applies_to.dropna() for m in cell.split(", ")]


@dataclass(frozen=True)
class Case:
    """How to pick a value for a parameter from the unbound answer, and whether a row matches it."""

    pick: Callable[[pd.DataFrame], object]
    matches: Callable[[pd.Series, object], bool]


CASES: dict[tuple[str, str], Case] = {
    ("co-mentions", "min"): Case(pick=lambda f: int(f.articles.max()), matches=lambda row, v: row.articles >= v),
    ("expenditures", "code"): Case(
        pick=lambda f: _most_common(list(f.country)), matches=lambda row, v: row.country == v
    ),
    ("meetings", "name"): Case(
        pick=lambda f: _most_common(_parties(f)), matches=lambda row, v: v in row.participants.split(" · ")
    ),
    ("officials", "code"): Case(pick=lambda f: _most_common(list(f.country)), matches=lambda row, v: row.country == v),
    ("spending-targets", "code"): Case(
        pick=lambda f: _most_common(_members(f)), matches=lambda row, v: v in row.applies_to.split(", ")
    ),
    ("strategies", "code"): Case(pick=lambda f: _most_common(list(f.country)), matches=lambda row, v: row.country == v),
}

PARAMETERS = sorted((name, p) for name, q in named_queries().items() for p in query_parameters(q.text))


@pytest.fixture(scope="module")
def many_articles(tmp_path_factory: pytest.TempPathFactory, gold_dir: Path) -> Store:
    with Store(tmp_path_factory.mktemp("many") / "store") as store:
        for path in sorted(gold_dir.glob("*.json")):
            store.ingest(load_facts(path))
        yield store


@pytest.fixture(scope="module")
def gold_dir() -> Path:
    from tests.conftest import SHARED_DEV

    if not SHARED_DEV.is_dir():
        pytest.skip("the shared dev corpus (../shared/corpus/dev) is not beside the project")
    return SHARED_DEV


def test_every_parameter_has_a_case() -> None:
    assert PARAMETERS, "the named queries declare parameters"
    assert set(PARAMETERS) == set(CASES), "each parameter of each named query has a case in CASES"


@pytest.mark.parametrize(("name", "parameter"), PARAMETERS)
def test_a_parameter_keeps_the_matching_rows_and_drops_the_others(
    many_articles: Store, name: str, parameter: str
) -> None:
    case = CASES[(name, parameter)]
    everything = run_query(many_articles, name, cached=False)
    value = case.pick(everything)
    kept = run_query(many_articles, name, {parameter: value}, cached=False)
    assert len(kept) > 0, f"{name} --param {parameter}={value} keeps the rows that match"
    assert all(case.matches(row, value) for _, row in kept.iterrows()), (
        f"{name} --param {parameter}={value} gave rows that do not match:\n{kept}"
    )
    matching = sum(case.matches(row, value) for _, row in everything.iterrows())
    assert len(kept) < len(everything), f"{name} --param {parameter}={value} drops the rows that do not match"
    assert len(kept) >= matching, "no matching row of the unbound answer is lost"


def test_expenditures_of_one_country(many_articles: Store) -> None:
    """The case in the report: ``kg query expenditures --param code=JP`` gave every country."""
    countries = set(run_query(many_articles, "expenditures", cached=False).country)
    assert len(countries) > 1 and "JP" in countries
    assert set(run_query(many_articles, "expenditures", {"code": "JP"}, cached=False).country) == {"JP"}
