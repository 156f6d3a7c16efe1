"""Quantities: amounts of money and percentages as the news writes them, in whole units, conversions flagged."""

from __future__ import annotations

import pytest

from kg.extract.quantities import find_quantities


def xfail(reason: str):
    return pytest.mark.xfail(reason=reason, strict=True)


def quantities(text: str) -> list[tuple[float, str, bool]]:
    return [(q.value, q.unit, q.conversion) for q in find_quantities(text)]


CASES = [
    # amounts: symbol or word, scale word, in whole currency units
    pytest.param("The Pentagon wants $58 billion for shipbuilding.", [(58e9, "$", False)], id="bare-dollar"),
    pytest.param("The cabinet approved 9.04 trillion yen for defence.", [(9.04e12, "JPY", False)], id="yen-word"),
    pytest.param("India set aside ₹7,84,678 crore for its armed forces.", [(7.84678e12, "INR", False)], id="crore"),
    pytest.param("Brussels offered €1.5bn in loans.", [(1.5e9, "EUR", False)], id="euro-bn"),
    pytest.param(
        "Stockholm will spend 85 billion Swedish kronor on defence.",
        [(8.5e10, "SEK", False)],
        id="swedish-kronor",
    ),
    pytest.param(
        "Warsaw plans to spend 64.3 billion złoty on arms.",
        [(6.43e10, "PLN", False)],
        id="zloty-with-diacritic",
    ),
    # percentages
    pytest.param("Spending reached 3.5% of GDP.", [(3.5, "percent", False)], id="percent-sign"),
    pytest.param("Spending reached two per cent of GDP.", [(2.0, "percent", False)], id="number-word-per-cent"),
    pytest.param(
        "The alliance agreed the 5-percent target.",
        [(5.0, "percent", False)],
        id="hyphenated-percent",
    ),
    pytest.param("Spending rose 2.5 percentage points.", [], id="percentage-points-not-a-level"),
    # conversions in brackets or after "or" are flagged
    pytest.param(
        "Taipei proposed NT$1.2 trillion (US$38 billion) for defence.",
        [(1.2e12, "TWD", False), (3.8e10, "USD", True)],
        id="conversion-brackets",
    ),
    pytest.param(
        "The ministry will get 300 billion yen, or about $2 billion, next year.",
        [(3e11, "JPY", False), (2e9, "$", True)],
        id="conversion-or",
    ),
    pytest.param(
        "Finland's budget rose from €5.9 billion to €6.2 billion.",
        [(5.9e9, "EUR", False), (6.2e9, "EUR", False)],
        id="two-amounts-not-a-conversion",
    ),
    # a scale word with a letter that matches only without case (dotless i): read, not a crash
    pytest.param("Poland set aside 5 bıllion euros.", [(5e9, "EUR", False)], id="dotless-i-scale"),
    # numbers that are not money
    pytest.param("The army has 5,000 troops and a $5 fee.", [], id="not-money"),
]


@pytest.mark.parametrize(("text", "expected"), CASES)
def test_quantities(text: str, expected: list[tuple[float, str, bool]]) -> None:
    got = quantities(text)
    assert got == [(pytest.approx(v, rel=1e-9), u, c) for v, u, c in expected]
