"""Countries and organisations: the states and alliances a text refers to, in any of the ways news names them."""

from __future__ import annotations

import datetime as dt

import pytest

from kg.extract import extract_facts
from kg.sources import Article

PUBLISHED = dt.date(2025, 6, 25)


def xfail(reason: str):
    return pytest.mark.xfail(reason=reason, strict=True)


def places(text: str) -> tuple[list[str], list[str]]:
    facts = extract_facts(Article(id="t", text=text, published=PUBLISHED))
    return facts.countries, facts.organizations


CASES = [
    # names, abbreviations and demonyms
    pytest.param("Poland and Lithuania signed a border security pact.", ["LT", "PL"], [], id="names"),
    pytest.param("The U.S. will send more troops to Europe.", ["US"], [], id="abbreviation-dotted"),
    pytest.param("UK ministers backed the plan to buy more drones.", ["GB"], [], id="abbreviation-uk"),
    pytest.param("Japanese lawmakers approved the extra spending.", ["JP"], [], id="demonym"),
    # capitals: the government, or just a place
    pytest.param("Seoul said it would raise military pay.", ["KR"], [], id="capital-said"),
    pytest.param("Washington wants its partners to carry more of the burden.", ["US"], [], id="capital-wants"),
    pytest.param("Officials gathered for two days of talks in Tokyo.", [], [], id="capital-as-place"),
    pytest.param(
        "Moscow has warned Helsinki against hosting new bases.",
        ["FI", "RU"],
        [],
        id="capital-as-object",
    ),
    pytest.param(
        "Pyongyang fired two ballistic missiles on Sunday.",
        ["KP"],
        [],
        id="capital-acting",
    ),
    # institutions standing for the state
    pytest.param("The Pentagon asked Congress for more money for munitions.", ["US"], [], id="pentagon"),
    pytest.param("The Kremlin dismissed the report as propaganda.", ["RU"], [], id="kremlin"),
    pytest.param("The Bundeswehr is short of 20,000 soldiers.", ["DE"], [], id="bundeswehr"),
    # currency signs, bylines and datelines are not references to a state
    pytest.param("Kenya ordered patrol boats worth US$300 million.", ["KE"], [], id="us-dollar-sign"),
    pytest.param("Guatemala received a grant of NT$500 million.", ["GT"], [], id="nt-dollar-sign"),
    pytest.param("By Anna Jordan\nPeru will buy two new frigates.", ["PE"], [], id="byline"),
    pytest.param("Singapore — Malaysia will buy two new frigates.", ["MY"], [], id="dateline"),
    pytest.param(
        "NAIROBI, Kenya — Somalia's army took control of the port.",
        ["SO"],
        [],
        id="dateline-city-country",
    ),
    # organisations, by acronym and by name; not ministries or companies
    pytest.param("NATO allies gathered in Brussels.", [], ["NATO"], id="nato"),
    pytest.param("Nato leaders promised more help.", [], ["NATO"], id="nato-titlecase"),
    pytest.param("The North Atlantic Treaty Organization was founded in 1949.", [], ["NATO"], id="nato-full"),
    pytest.param("EU states backed a joint loan scheme.", [], ["EU"], id="eu"),
    pytest.param("The European Union adopted new sanctions.", [], ["EU"], id="eu-full"),
    pytest.param("The UN Security Council met on Friday.", [], ["UN"], id="un"),
    pytest.param("The Ministry of Defence said the review would be published soon.", [], [], id="ministry"),
    # idioms and names that merely contain a country word
    pytest.param("The new rifle is a Swiss Army knife of a weapon.", [], [], id="idiom-swiss-army-knife"),
    pytest.param(
        "ASEAN ministers discussed the South China Sea dispute.",
        [],
        ["ASEAN"],
        id="sea-name",
    ),
    pytest.param(
        "Sandia laboratory in New Mexico tested a new laser.",
        [],
        [],
        id="us-state-name",
    ),
    pytest.param(
        "Analyst Jordan Smith said the budget was too small.",
        [],
        [],
        id="person-named-like-country",
    ),
]


@pytest.mark.parametrize(("text", "countries", "organizations"), CASES)
def test_places(text: str, countries: list[str], organizations: list[str]) -> None:
    assert places(text) == (countries, organizations)
