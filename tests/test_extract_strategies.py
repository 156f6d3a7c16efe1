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
        [("White Paper on European Defence", None, "EU", None)],
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
        [("National Defense Strategy", "NDS", "JP", "2022")],
        id="holder-from-capital",
    ),
    # the grammar of a name: an edition, a horizon, a period, a complement
    pytest.param(
        "Britain published its Strategic Defence Review 2025 on Monday.",
        [("Strategic Defence Review", None, "GB", "2025")],
        id="edition-after-name",
    ),
    pytest.param(
        "The Integrated Review I commissioned last year set the course, the British minister said.",
        [("Integrated Review", None, ..., None)],
        id="capitalised-word-after-name",
    ),
    pytest.param("The Defense Strategy Commission met in Washington.", [], id="body-named-after-document"),
    pytest.param("The National Security Strategy Act requires a yearly report.", [], id="law-named-after-document"),
    pytest.param(
        "Officials said Saudi Vision 2030 would diversify the economy.",
        [("Saudi Vision 2030", None, "SA", None)],
        id="vision-with-horizon-year",
    ),
    pytest.param(
        "Seoul pressed ahead with Defense Reform 2.0 despite the cost.",
        [("Defense Reform 2.0", None, "KR", None)],
        id="version-after-name",
    ),
    pytest.param(
        "Norway approved the Forsvaret 2036 Readiness Plan in spring.",
        [("Forsvaret 2036 Readiness Plan", None, "NO", None)],
        id="year-inside-name",
    ),
    pytest.param(
        "The ministry released the “2025-2029 Midterm Defense Plan” for South Korea's forces.",
        [("2025-2029 Midterm Defense Plan", None, ..., None)],
        id="period-in-a-quoted-title",
    ),
    pytest.param(
        "Paris adopted the 2024-2030 Military Programming Law.",
        [("Military Programming Law", None, "FR", None)],
        id="period-before-a-name",
    ),
    pytest.param(
        "Madrid approved the National Plan for the Promotion of Defence Technology on Tuesday.",
        [("National Plan for the Promotion of Defence Technology", None, "ES", None)],
        id="complement-with-the",
    ),
    pytest.param(
        "The ministry drafted a Defence Policy Concept for South Africa last year.",
        [("Defence Policy Concept", None, "ZA", None)],
        id="complement-naming-the-state",
    ),
    pytest.param(
        "Australia released its National Defence Strategy in April. The Defence Strategy (NDS) sets priorities.",
        [("National Defence Strategy", "NDS", "AU", None)],
        id="shorter-name-is-the-same-document",
    ),
    pytest.param(
        "The Strategic Defence Review and the Defence Industrial Strategy came out together in Britain.",
        [("Strategic Defence Review", None, ..., None), ("Defence Industrial Strategy", None, ..., None)],
        id="two-documents-joined-by-and",
    ),
    pytest.param(
        "Critics of National Defense Strategy say it is vague.",
        [("National Defense Strategy", None, ..., None)],
        id="sentence-first-word-before-of",
    ),
    pytest.param(
        "Both National Security Strategy and National Defense Strategy were revised in Tokyo.",
        [("National Security Strategy", None, ..., None), ("National Defense Strategy", None, ..., None)],
        id="sentence-first-word-not-in-name",
    ),
    # headlines in title case: a name's start cannot be seen where every word is capitalised
    pytest.param(
        "Japan Unveils New National Security Strategy Amid China Tensions\nThe cabinet approved it on Friday.",
        [("National Security Strategy", None, "JP", None)],
        id="title-case-headline-known-kind",
    ),
    pytest.param(
        "Putin Signs New Naval Doctrine\nThe text names the West a threat.",
        [],
        id="title-case-headline-unknown-start",
    ),
    pytest.param(
        "Costs of the 2024 Future Years Defense Program\nThe budget office looked at the plan.",
        [("Future Years Defense Program", None, ..., "2024")],
        id="title-case-headline-bounded-name",
    ),
    # lower case: kinds of national document, and a capitalised name with a lower-case head
    pytest.param(
        "Britain's government will publish its national security strategy next week.",
        [("national security strategy", None, "GB", None)],
        id="lower-case-document-type",
    ),
    pytest.param(
        "The French military programming law sets spending until 2030.",
        [("military programming law", None, "FR", None)],
        id="military-programming-law",
    ),
    pytest.param("Britain will write a new national security strategy.", [], id="document-type-still-to-be-written"),
    pytest.param(
        "Lawmakers in Stockholm approved the Total Defence bill on Thursday.",
        [("Total Defence bill", None, ..., None)],
        id="capitalised-name-lower-case-head",
    ),
    pytest.param(
        "EU leaders backed the ReArm Europe plan in March.",
        [("ReArm Europe plan", None, "EU", None)],
        id="lower-case-plan-after-a-name",
    ),
    pytest.param("The cabinet issued a White Paper on artificial intelligence.", [], id="white-paper-on-other-things"),
    pytest.param("Italy spent the money under its National Recovery and Resilience Plan.", [], id="national-plan"),
    pytest.param("The Defence Ministry plan calls for two more brigades.", [], id="an-institution-plan"),
    pytest.param(
        "China's 2019 defense white paper criticised the United States.",
        [("defense white paper", None, "CN", "2019")],
        id="lower-case-white-paper",
    ),
    # acronyms
    pytest.param(
        "Brazil launched a Growth Acceleration Program, or PAC, with money for the navy.",
        [("Growth Acceleration Program", "PAC", "BR", None)],
        id="acronym-after-or",
    ),
    pytest.param(
        "Dublin adopted a High Level Action Plan (HLAP) for the forces.",
        [("High Level Action Plan", "HLAP", ..., None)],
        id="plan-with-its-own-acronym",
    ),
    pytest.param(
        "Italy joined the Global Combat Air Programme (GCAP) with Japan.",
        [],
        id="equipment-programme-with-acronym",
    ),
    pytest.param("The U.S. NDS was published in January.", [("NDS", "NDS", "US", None)], id="acronym-with-state"),
    # laws, budgets, companies, bodies and agreements are not strategies
    pytest.param(
        "France passed a new Military Programming Law (LPM) for 2024-2030.",
        [("Military Programming Law", "LPM", "FR", None)],
        id="programming-law",
    ),
    pytest.param("Congress passed the National Defense Authorization Act last week.", [], id="authorization-act"),
    pytest.param("Lithuania's parliament passed a National Security Law.", [], id="law-about-security"),
    pytest.param("The treasury tabled its Medium Term Budget Policy Statement.", [], id="budget-statement"),
    pytest.param(
        "Congress funded the Ukraine Security Assistance Initiative for another year.", [], id="assistance-fund"
    ),
    pytest.param("The shipbuilder's Strategic Business Plan targets growth.", [], id="company-plan"),
    pytest.param("The Strategic Review Board met in Canberra.", [], id="head-inside-a-body-name"),
    pytest.param("The two states signed a Framework for Defense Cooperation.", [], id="agreement"),
    pytest.param("She is Director of the Security Policy Programme at an institute.", [], id="department-with-a-head"),
    pytest.param("Brussels agreed on a European Defence Industry Programme for joint buying.", [], id="industry-fund"),
    pytest.param(
        "Australia's defence minister met Indonesian President Joko Widodo. "
        "Australia welcomed Widodo's 2016 defence white paper.",
        [("defence white paper", None, "ID", "2016")],
        id="official-as-holder",
    ),
    pytest.param(
        "The EU adopted the Strategic Compass in 2022.",
        [("Strategic Compass", None, "EU", "2022")],
        id="organisation-as-holder-and-year-of-adoption",
    ),
    pytest.param(
        "Singapore hosted the talks. Australia spends about 2% of GDP on defence. "
        "Its 2024 National Defence Strategy calls for more.",
        [("National Defence Strategy", None, "AU", "2024")],
        id="its-refers-to-the-state-before",
    ),
    pytest.param(
        "Spain said it would reach NATO's target under the National Defence Plan.",
        [("National Defence Plan", None, "ES", None)],
        id="state-before-organisation-as-holder",
    ),
    pytest.param(
        "Warsaw hosted talks on the ReArm Europe Plan, which the European Commission backs.",
        [("ReArm Europe Plan", None, "EU", None)],
        id="europe-in-name-is-the-eu",
    ),
    pytest.param(
        "Japan's National Security Strategy (NSS) was approved in December 2022 by the cabinet.",
        [("National Security Strategy", "NSS", "JP", "2022")],
        id="year-of-approval",
    ),
]


@pytest.mark.parametrize(("text", "expected"), CASES)
def test_strategies(text: str, expected: list[tuple[object, ...]]) -> None:
    got = strategies(text)
    assert len(got) == len(expected), got
    for found, want in zip(got, expected, strict=True):
        assert tuple(... if w is ... else g for g, w in zip(found, want, strict=True)) == want
