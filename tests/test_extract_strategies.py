"""Strategies: named strategy, doctrine and policy documents, not equipment programmes or generic mentions."""

from __future__ import annotations

import datetime as dt

import pytest

from kg.extract import extract_facts
from kg.sources import Article

PUBLISHED = dt.date(2025, 6, 25)


def xfail(reason: str):
    return pytest.mark.xfail(reason=reason, strict=True)


def strategies(text: str) -> list[tuple[str, str | None, str | None, str | None]]:
    facts = extract_facts(Article(id="t", text=text, published=PUBLISHED))
    return [(s.name, s.acronym, s.country, s.year) for s in facts.strategies]


CASES = [
    pytest.param(
        "Japan revised its National Security Strategy to allow counterstrike missiles.",
        [("National Security Strategy", None, "JP", None)],
        id="national-security-strategy",
    ),
    pytest.param(
        "Britain's Strategic Defence Review (SDR) calls for more drones and fewer tanks.",
        [("Strategic Defence Review", "SDR", "GB", None)],
        id="review-with-acronym",
    ),
    pytest.param(
        "Australia's 2024 National Defence Strategy set out a plan for long-range strike.",
        [("National Defence Strategy", None, "AU", "2024")],
        id="year-before-name",
    ),
    pytest.param(
        "The European Commission published a White Paper on European Defence in March.",
        [("White Paper on European Defence", None, None, None)],
        id="white-paper-on",
    ),
    # not strategies
    pytest.param("The minister said a new defence strategy would come next year.", [], id="unnamed-strategy"),
    pytest.param("The Ship Replacement Plan will deliver six new corvettes.", [], id="equipment-plan"),
    pytest.param(
        "The Air Defence Radar Programme was delayed again.",
        [],
        id="equipment-programme-with-defence",
    ),
    pytest.param(
        "Canada's Defence Policy Update promised new submarines.",
        [("Defence Policy Update", None, "CA", None)],
        id="policy-update",
    ),
    pytest.param(
        "Britain's Integrated Review called the region a priority.",
        [("Integrated Review", None, "GB", None)],
        id="review-without-policy-word",
    ),
    pytest.param(
        "Tokyo adopted the National Defense Strategy (NDS) in December 2022.",
        [("National Defense Strategy", "NDS", "JP", None)],
        id="holder-from-capital",
    ),
]


@pytest.mark.parametrize(("text", "expected"), CASES)
def test_strategies(text: str, expected: list[tuple[object, ...]]) -> None:
    got = strategies(text)
    assert len(got) == len(expected), got
    for found, want in zip(got, expected, strict=True):
        assert tuple(... if w is ... else g for g, w in zip(found, want, strict=True)) == want
