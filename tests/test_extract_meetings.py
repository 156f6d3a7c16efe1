"""Meetings: named parties that met, held talks, spoke or jointly agreed; not planned meetings."""

from __future__ import annotations

import datetime as dt

import pytest

from kg.extract import extract_facts
from kg.sources import Article

PUBLISHED = dt.date(2025, 6, 25)  # a Wednesday

#: A meeting as (participants, location, date); participants compare as a set.
Meeting = tuple[frozenset[str], str | None, dt.date | None]


def xfail(reason: str):
    return pytest.mark.xfail(reason=reason, strict=True)


def meetings(text: str) -> list[Meeting]:
    facts = extract_facts(Article(id="t", text=text, published=PUBLISHED))
    return [(frozenset(m.participants), m.location, m.date) for m in facts.meetings]


def met(*participants: str, location: str | None = None, date: dt.date | None = None) -> Meeting:
    return frozenset(participants), location, date


CASES = [
    pytest.param(
        "Defence ministers Ewa Nowak of Poland and Jonas Berg of Sweden held talks in Stockholm.",
        [met("Ewa Nowak", "Jonas Berg", location="Stockholm")],
        id="plural-office-held-talks",
    ),
    pytest.param(
        "Defence Secretary Tom Ridley visited Vilnius on Monday, where he met"
        " Lithuanian Defence Minister Rasa Jonaite.",
        [met("Tom Ridley", "Rasa Jonaite", location="Vilnius", date=dt.date(2025, 6, 23))],
        id="visited-city-where-they-met",
    ),
    pytest.param(
        "Defence Minister Ana Ruiz of Spain met Portuguese Defence Minister João Pires in Paris on Tuesday.",
        [met("Ana Ruiz", "João Pires", location="Paris", date=dt.date(2025, 6, 24))],
        id="met-in-city-on-weekday",
    ),
    pytest.param(
        "U.S. Secretary of State Daniel Frost held talks with Indian Foreign Minister Ravi Kumar.",
        [met("Daniel Frost", "Ravi Kumar")],
        id="held-talks-with",
    ),
    pytest.param(
        "Chancellor Markus Brandt of Germany and French President Luc Moreau agreed to build a new fighter jet.",
        [met("Markus Brandt", "Luc Moreau")],
        id="jointly-agreed",
    ),
    pytest.param(
        "After talks with Polish President Piotr Kral, Lithuanian President Ona Petraitė said the two "
        "countries would coordinate.",
        [met("Piotr Kral", "Ona Petraitė")],
        id="after-talks-with",
    ),
    pytest.param(
        "Defence Secretary Tom Archer of Britain met his Estonian counterpart Kaja Tamm in Tallinn yesterday.",
        [met("Tom Archer", "Kaja Tamm", location="Tallinn", date=dt.date(2025, 6, 24))],
        id="counterpart-yesterday",
    ),
    pytest.param(
        "Polish Foreign Minister Adam Zielinski, Lithuanian Foreign Minister Rasa Kairyte and Latvian Foreign "
        "Minister Ilze Berzina met in Riga on Friday.",
        [met("Adam Zielinski", "Rasa Kairyte", "Ilze Berzina", location="Riga", date=dt.date(2025, 6, 20))],
        id="three-parties",
    ),
    pytest.param(
        "Tokyo — Japanese Defense Minister Kenji Mori met Australian Defence Minister Sam Kelly on Wednesday.",
        [met("Kenji Mori", "Sam Kelly", date=dt.date(2025, 6, 25))],
        id="dateline-not-location",
    ),
    pytest.param(
        "Defence Minister Ana Ruiz of Spain visited Rome. Ruiz later met Italian Defence Minister Paolo Greco.",
        [met("Ana Ruiz", "Paolo Greco")],
        id="surname-later-mention",
    ),
    pytest.param(
        "Norwegian Prime Minister Eva Lunde welcomed Swedish Prime Minister Per Holm to Oslo for talks.",
        [met("Eva Lunde", "Per Holm", location="Oslo")],
        id="welcomed-to-city",
    ),
    pytest.param(
        "China and Russia held talks on military cooperation in Moscow.",
        [met("CN", "RU", location="Moscow")],
        id="states-only",
    ),
    pytest.param(
        "Vietnam's defence minister held talks with his Chinese counterpart in Hanoi.",
        [met("VN", "CN", location="Hanoi")],
        id="unnamed-ministers-as-states",
    ),
    # not meetings
    pytest.param(
        "Japanese Prime Minister Kenji Mori will meet South Korean President Lee Jae-sung next week.",
        [],
        id="planned-will-meet",
    ),
    pytest.param(
        "Dutch Defence Minister Eva de Wit is scheduled to meet her Belgian counterpart Luc Peeters in Brussels.",
        [],
        id="planned-scheduled",
    ),
    pytest.param(
        "Defence Minister Kai Olsen of Norway praised the plan drafted by Prime Minister Eva Lunde.",
        [],
        id="no-meeting-word",
    ),
]


@pytest.mark.parametrize(("text", "expected"), CASES)
def test_meetings(text: str, expected: list[Meeting]) -> None:
    assert meetings(text) == expected
