"""Meetings: named parties that met, held talks, spoke or jointly agreed; not planned, sought or cancelled
meetings. Each case is a sentence of the kind news reports meetings in, and the meetings it gives."""

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
    pytest.param(
        "Defence Minister Kenji Mori held back-to-back talks with Australian Defence Minister Sam Kelly, "
        "Philippine Defence Secretary Jose Reyes and Indian Defence Minister Arjun Rao.",
        [met("Kenji Mori", "Sam Kelly"), met("Kenji Mori", "Jose Reyes"), met("Kenji Mori", "Arjun Rao")],
        id="one-official-several-counterparts-pairs",
    ),
    pytest.param(
        "Prime Minister Eva Lunde met President Luc Moreau in Oslo, along with Chancellor Markus Brandt.",
        [met("Eva Lunde", "Luc Moreau", "Markus Brandt", location="Oslo")],
        id="along-with-one-group",
    ),
    pytest.param(
        "Defence Minister Ana Ruiz visits Lisbon days after Foreign Minister Carla Mendes held talks with "
        "Secretary of State Daniel Frost in Washington.",
        [met("Carla Mendes", "Daniel Frost", location="Washington")],
        id="subject-of-the-trigger-not-of-another-clause",
    ),
    pytest.param(
        "Defence Minister Tom Ridley arrived in Canberra on Monday. He met Prime Minister Sam Kelly.",
        [met("Tom Ridley", "Sam Kelly", location="Canberra")],  # the day of arrival need not be the day they met
        id="he-met-across-two-sentences",
    ),
    pytest.param(
        "Chancellor Markus Brandt praised Defence Minister Jonas Weber on Monday. He later met NATO Secretary "
        "General Mark Dahl in Berlin.",
        [met("Markus Brandt", "Mark Dahl", location="Berlin")],
        id="he-later-met-a-man-named-mark",
    ),
    pytest.param(
        "NATO Secretary General Jonas Berg spoke in Rome. During the visit the Secretary General also met "
        "Defence Minister Paolo Greco.",
        [met("Jonas Berg", "Paolo Greco")],
        id="subject-named-by-title",
    ),
    pytest.param(
        "U.S. Defense Secretary Daniel Frost visited Jakarta in May. Indonesian Defence Minister Budi Santoso "
        "later spoke by phone with his US counterpart.",
        [met("Budi Santoso", "Daniel Frost")],
        id="counterpart-by-title-is-the-named-official",
    ),
    pytest.param(
        "Indonesian Defence Minister Budi Santoso had earlier met his counterparts from China and Russia.",
        [met("Budi Santoso", "CN"), met("Budi Santoso", "RU")],
        id="unnamed-counterparts-as-states",
    ),
    pytest.param(
        "Estonian Defence Minister Hanna Kask, Latvian Defence Minister Janis Ozols and Lithuanian Defence "
        "Minister Tomas Kairys wrote a letter to allies. The defence ministers of Estonia, Latvia and Lithuania "
        "met in Riga on Friday.",
        [met("Hanna Kask", "Janis Ozols", "Tomas Kairys", location="Riga", date=dt.date(2025, 6, 20))],
        id="ministers-of-states-are-the-named-officials",
    ),
    pytest.param(
        "Japan and the Philippines held talks on maritime security.",
        [met("JP", "PH")],
        id="states-held-talks",
    ),
    pytest.param(
        "Defence Secretary Tom Archer held a call with Estonian Defence Minister Kaja Tamm.",
        [met("Tom Archer", "Kaja Tamm")],
        id="held-a-call",
    ),
    pytest.param(
        '"Funding is the bottleneck," Defence Secretary Jose Reyes told Senator Maria Cruz.',
        [met("Jose Reyes", "Maria Cruz")],
        id="told-an-official",
    ),
    pytest.param(
        "The defence ministers of Estonia and Latvia met in Riga ahead of the upcoming NATO summit.",
        [met("EE", "LV", location="Riga")],
        id="held-before-an-upcoming-event",
    ),
    pytest.param(
        "Defence Minister Sam Kelly of Australia visited Washington. "
        '"I was pleased to meet with Vice President Daniel Frost and Secretary Carla Mendes," he said.',
        [met("Sam Kelly", "Daniel Frost"), met("Sam Kelly", "Carla Mendes")],
        id="pleased-to-meet-in-a-statement",
    ),
    pytest.param(
        "Defence Minister Sam Kelly said he had spoken to Defense Secretary Daniel Frost about submarines.",
        [met("Sam Kelly", "Daniel Frost")],
        id="spoken-to",
    ),
    pytest.param(
        "Prime Minister Eva Lunde has been negotiating with Finance Minister Per Holm over the budget.",
        [met("Eva Lunde", "Per Holm")],
        id="negotiating-with",
    ),
    pytest.param(
        "The talks in Geneva brought together Foreign Minister Carla Mendes and Foreign Minister Jonas Berg.",
        [met("Carla Mendes", "Jonas Berg", location="Geneva")],
        id="brought-together",
    ),
    pytest.param(
        "Norway and Sweden agreed to pool their air defences.",
        [met("NO", "SE")],
        id="states-jointly-agreed",
    ),
    pytest.param(
        "Vietnam and Indonesia have held three rounds of talks on their sea border.",
        [met("VN", "ID")],
        id="states-held-rounds-of-talks",
    ),
    pytest.param(
        "Defence Minister Sam Kelly met Defence Minister Kenji Mori on Sunday, after Prime Minister Eva Lunde "
        "said the target would stay.",
        [met("Sam Kelly", "Kenji Mori", date=dt.date(2025, 6, 22))],
        id="a-name-after-a-new-clause-is-not-a-party",
    ),
    pytest.param(
        "President Ona Petraite thanked Prime Minister Kaja Tamm for the loan announced after their meeting in Riga.",
        [met("Ona Petraite", "Kaja Tamm", location="Riga")],
        id="their-meeting",
    ),
    pytest.param(
        "Canada and Mexico concluded negotiations on a border security pact.",
        [met("CA", "MX")],
        id="states-concluded-negotiations",
    ),
    pytest.param(
        "Romania is negotiating with South Korea over a howitzer contract.",
        [met("RO", "KR")],
        id="state-negotiating-with-state",
    ),
    pytest.param(
        "Defense Secretary Daniel Frost met his Japanese counterpart in Tokyo on Monday.",
        [met("Daniel Frost", "JP", location="Tokyo", date=dt.date(2025, 6, 23))],
        id="unnamed-counterpart-as-state",
    ),
    pytest.param(
        "Secretary of State Daniel Frost met the prime ministers of Japan and India.",
        [met("Daniel Frost", "JP"), met("Daniel Frost", "IN")],
        id="unnamed-ministers-of-states-pairs",
    ),
    pytest.param(
        "Prime Minister Eva Lunde said she had spoken to Chancellor Markus Brandt about air defence.",
        [met("Eva Lunde", "Markus Brandt")],
        id="said-she-had-spoken",
    ),
    pytest.param(
        "President Ona Petraite said after meeting Prime Minister Kaja Tamm that the plan was sound.",
        [met("Ona Petraite", "Kaja Tamm")],
        id="said-after-meeting",
    ),
    pytest.param(
        "Defence Secretary Tom Ridley opened the forum. \u201cI met President Ona Petraite this morning,\u201d "
        "Prime Minister Eva Lunde told reporters.",
        [met("Eva Lunde", "Ona Petraite", date=PUBLISHED)],
        id="quote-attributed-to-its-speaker",
    ),
    pytest.param(
        "Defence Minister Kenji Mori met Defence Minister Sam Kelly. The two discussed submarines.",
        [met("Kenji Mori", "Sam Kelly")],
        id="the-two-repeat-the-meeting",
    ),
    pytest.param(
        "Prime Minister Eva Lunde received a call from Chancellor Markus Brandt on Sunday.",
        [met("Eva Lunde", "Markus Brandt", date=dt.date(2025, 6, 22))],
        id="call-from",
    ),
    pytest.param(
        "Japan and the Philippines held talks on maritime security, a Tokyo newspaper reported on Saturday.",
        [met("JP", "PH")],
        id="date-of-the-report-is-not-the-meeting-date",
    ),
    pytest.param(
        "Indonesian Defence Minister Budi Santoso had met his counterparts from Turkey, France and other suppliers.",
        [met("Budi Santoso", "TR"), met("Budi Santoso", "FR")],
        id="list-ending-in-others",
    ),
    pytest.param(
        "During a visit by President Ona Petraite, Prime Minister Kaja Tamm met Foreign Minister Jonas Berg.",
        [met("Kaja Tamm", "Jonas Berg")],
        id="comma-without-and-is-no-list",
    ),
    pytest.param(
        "Defence Minister Sam Kelly met Defence Minister Kenji Mori on Monday, Prime Minister Eva Lunde said.",
        [met("Sam Kelly", "Kenji Mori", date=dt.date(2025, 6, 23))],
        id="one-who-reports-after-a-comma",
    ),
    pytest.param(
        "Defence Minister Kenji Mori met Defence Minister Sam Kelly in Tokyo. The visit followed a phone call between "
        "Kenji Mori and Sam Kelly in May. During that call, the two discussed drones.",
        [met("Kenji Mori", "Sam Kelly", location="Tokyo"), met("Kenji Mori", "Sam Kelly")],
        id="a-call-and-a-meeting-are-two-events",
    ),
    pytest.param(
        "Prime Minister Eva Lunde talked with several leaders at the dinner, including President Ona Petraite.",
        [met("Eva Lunde", "Ona Petraite")],
        id="leaders-including",
    ),
    pytest.param(
        "NATO Secretary General Jonas Berg visited Oslo. Prime Minister Eva Lunde met the Secretary General there.",
        [met("Eva Lunde", "Jonas Berg")],
        id="counterpart-named-by-office",
    ),
    pytest.param(
        "Defence Minister Kai Olsen of Norway arrived in Warsaw. The minister met President Ona Petraite.",
        [met("Kai Olsen", "Ona Petraite")],
        id="the-minister-when-one-is-named",
    ),
    pytest.param(
        "Japanese Defense Minister Kenji Mori met his Philippine and Australian counterparts in Manila.",
        [met("Kenji Mori", "PH", location="Manila"), met("Kenji Mori", "AU", location="Manila")],
        id="two-demonyms-one-office",
    ),
    pytest.param(
        "Prime Minister Eva Lunde and Prime Minister Kaja Tamm held separate talks with President Luc Moreau.",
        [met("Eva Lunde", "Luc Moreau"), met("Kaja Tamm", "Luc Moreau")],
        id="separate-talks",
    ),
    pytest.param(
        "Defence Secretary Ravi Kumar called on Prime Minister Arjun Rao in New Delhi.",
        [met("Ravi Kumar", "Arjun Rao", location="New Delhi")],
        id="called-on-a-visit",
    ),
    pytest.param(
        "Foreign Minister Jonas Berg was received by President Ona Petraite in Vilnius.",
        [met("Jonas Berg", "Ona Petraite", location="Vilnius")],
        id="received-by",
    ),
    pytest.param(
        "Foreign Minister Jonas Berg paid a courtesy call on President Ona Petraite.",
        [met("Jonas Berg", "Ona Petraite")],
        id="courtesy-call",
    ),
    pytest.param(
        "Defence Minister Kai Olsen flew to Washington on Monday. The trip follows a visit to Oslo by Defense "
        "Secretary Daniel Frost in May, when the two discussed air defence.",
        [met("Kai Olsen", "Daniel Frost", location="Oslo")],
        id="the-two-one-named-before",
    ),
    pytest.param(
        "Prime Minister Arjun Rao chaired a meeting of the security cabinet attended by Defence Minister Ravi Kumar "
        "and Home Minister Anil Shah.",
        [met("Arjun Rao", "Ravi Kumar", "Anil Shah")],
        id="chaired-a-meeting-attended-by",
    ),
    pytest.param(
        "Defence Minister Sam Kelly travelled to Japan, where he met Defence Minister Kenji Mori.",
        [met("Sam Kelly", "Kenji Mori")],
        id="a-state-is-not-a-location",
    ),
    pytest.param(
        "Prime Minister Eva Lunde held a bilateral with President Ona Petraite on the sidelines.",
        [met("Eva Lunde", "Ona Petraite")],
        id="a-bilateral-with",
    ),
    pytest.param(
        "Defence Minister Kai Olsen was greeted by Prime Minister Kaja Tamm at the airport.",
        [met("Kai Olsen", "Kaja Tamm")],
        id="greeted-by",
    ),
    pytest.param(
        "Foreign Minister Jonas Berg and Foreign Minister Rasa Kairyte co-chaired the conference in Vilnius.",
        [met("Jonas Berg", "Rasa Kairyte", location="Vilnius")],
        id="co-chaired",
    ),
    pytest.param(
        "Defence Secretary Tom Ridley held a videoconference with Defence Minister Kenji Mori.",
        [met("Tom Ridley", "Kenji Mori")],
        id="videoconference",
    ),
    pytest.param(
        "Japan and Australia hold defence talks\nJapanese Defense Minister Kenji Mori met Australian Defence "
        "Minister Sam Kelly in Tokyo on Monday.",
        [met("Kenji Mori", "Sam Kelly", location="Tokyo", date=dt.date(2025, 6, 23))],
        id="headline-defence-talks-are-the-ministers-meeting",
    ),
    pytest.param(
        "Japan and Australia hold talks\nJapanese Defense Minister Kenji Mori met Australian Defence Minister "
        "Sam Kelly in Tokyo on Monday.",
        [met("Kenji Mori", "Sam Kelly", location="Tokyo", date=dt.date(2025, 6, 23))],
        id="headline-states-are-the-storys-officials",
    ),
    pytest.param(
        "Prime Minister Eva Lunde opened the forum. Defence Minister Kai Olsen spoke later. "
        '"We held good talks with President Ona Petraite," he said.',
        [met("Kai Olsen", "Ona Petraite")],
        id="quote-said-by-he",
    ),
    # not meetings
    pytest.param(
        "Defence Minister Ana Ruiz and Foreign Minister Marta Ruiz spoke at the forum. Ruiz met Prime Minister Eva "
        "Lunde.",
        [],
        id="a-family-name-two-officials-share",
    ),
    pytest.param(
        "Prime Minister Eva Lunde called on President Ona Petraite to boost spending.",
        [],
        id="called-on-someone-to-act",
    ),
    pytest.param("Germany and France met the 2% target last year.", [], id="met-a-target"),
    pytest.param(
        "The plan of Defence Minister Kai Olsen and Finance Minister Per Holm was met with criticism.",
        [],
        id="met-with-criticism",
    ),
    pytest.param(
        "Defence Minister Kai Olsen and Foreign Minister Jonas Berg arrived in Warsaw. The minister met President "
        "Ona Petraite.",
        [],
        id="the-minister-of-two",
    ),
    pytest.param(
        "NATO Secretary General Jonas Berg visited Oslo. Prime Minister Eva Lunde welcomed the Secretary General's "
        "plan.",
        [],
        id="welcomed-an-office-holders-plan",
    ),
    pytest.param(
        "Defense Secretary Daniel Frost arrived in Oslo. \u201cWe discussed drones,\u201d Defence Minister Kai Olsen "
        "told reporters.",
        [],
        id="we-of-a-quote-is-not-the-author-of-the-article",
    ),
    pytest.param(
        "Defence Minister Sam Kelly agreed with the assessment of Defense Secretary Daniel Frost.",
        [],
        id="with-something-of-an-official",
    ),
    pytest.param(
        "President Ona Petraite and President Janis Ozols agreed to meet in Riga.",
        [],
        id="agreed-to-meet",
    ),
    pytest.param(
        "Defence Secretary Tom Ridley visited Vilnius. President Ona Petraite, Prime Minister Kaja Tamm and "
        "Foreign Minister Rasa Kairyte spoke at the forum. They discussed air defence.",
        [],
        id="they-of-three-unjoined-officials",
    ),
    pytest.param(
        "Defense Secretary Daniel Frost met with Japanese companies in Osaka.",
        [],
        id="demonym-not-the-government",
    ),
    pytest.param(
        "Senator Maria Cruz told a radio station that talks with Defense Secretary Daniel Frost mattered to the "
        "Australian government.",
        [],
        id="state-beyond-an-official-not-taken",
    ),
    pytest.param(
        "A tank built by Germany, France and Italy was unveiled, and it was confirmed that talks were under way.",
        [],
        id="states-far-from-the-talks",
    ),
    pytest.param(
        "After meeting President Ona Petraite, Prime Minister Kaja Tamm and President Janis Ozols, the alliance "
        "chief said the plans were ready.",
        [],
        id="counterparts-of-an-unnamed-subject",
    ),
    pytest.param(
        "Chancellor Markus Brandt welcomed Prime Minister Eva Lunde's pledge to spend more.",
        [],
        id="welcomed-someones-pledge",
    ),
    pytest.param(
        "Norway agreed to buy more tanks.",
        [],
        id="one-state-agreed",
    ),
    pytest.param(
        "Defence Minister Sam Kelly held no formal meeting with Defense Secretary Daniel Frost.",
        [],
        id="held-no-meeting",
    ),
    pytest.param(
        "Senator Maria Cruz said securing a meeting with Defense Secretary Daniel Frost was crucial.",
        [],
        id="meeting-only-sought",
    ),
    pytest.param(
        "Talks between Foreign Minister Carla Mendes and Secretary of State Daniel Frost were cancelled.",
        [],
        id="talks-cancelled",
    ),
    pytest.param(
        "Defence Secretary Jose Reyes told reporters the budget of Senator Maria Cruz was too small.",
        [],
        id="told-reporters",
    ),
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
        "Chancellor Anna Berg of Austria is due in Rome next week for talks with Italian Prime Minister Carlo Neri.",
        [],
        id="planned-is-due-for-talks",
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
