"""Officials: people whose public office the text states, with the office as written and the state they serve."""

from __future__ import annotations

import datetime as dt

import pytest

from kg.extract import extract_facts
from kg.extract.offices import normalise_office
from kg.sources import Article

PUBLISHED = dt.date(2025, 6, 25)
#: In an expected official, ``...`` leaves that field unchecked.
Expected = tuple[str, object, object, object]


def xfail(reason: str):
    return pytest.mark.xfail(reason=reason, strict=True)


def officials(text: str) -> list[tuple[str, str | None, str | None, bool]]:
    facts = extract_facts(Article(id="t", text=text, published=PUBLISHED))
    return [(o.name, o.title, o.country, o.former) for o in facts.officials]


def _view(got: tuple[str, str | None, str | None, bool], expected: Expected) -> tuple[object, ...]:
    """The fields of ``got`` that ``expected`` checks; titles compare without case."""
    out = []
    for value, want in zip(got, expected, strict=True):
        if want is ...:
            out.append(...)
        elif isinstance(value, str) and isinstance(want, str):
            out.append(value.casefold())
        else:
            out.append(value)
    return tuple(out)


def _norm(expected: Expected) -> tuple[object, ...]:
    return tuple(v.casefold() if isinstance(v, str) else v for v in expected)


CASES = [
    # title before the name, holder before the title or after the name
    pytest.param(
        "Defence Minister Anna Kowalczyk of Poland said the army needed more tanks.",
        [("Anna Kowalczyk", "Defence Minister", "PL", False)],
        id="title-name-of-country",
    ),
    pytest.param(
        "U.S. Defense Secretary Mark Delaney visited troops in Germany.",
        [("Mark Delaney", "Defense Secretary", "US", False)],
        id="abbreviation-title-name",
    ),
    pytest.param(
        "Prime Minister Claire Whitfield of New Zealand announced a review of the navy.",
        [("Claire Whitfield", "Prime Minister", "NZ", False)],
        id="of-two-word-country",
    ),
    pytest.param(
        "Japanese Defense Minister Kenji Mori toured the shipyard.",
        [("Kenji Mori", "Defense Minister", "JP", False)],
        id="demonym-dropped-from-title",
    ),
    # one office in the plural before two names: each holds it, each with the state named after it
    pytest.param(
        "Defence ministers Ewa Nowak of Poland and Jonas Berg of Sweden inspected the new brigade.",
        [("Ewa Nowak", "Defence minister", "PL", False), ("Jonas Berg", "Defence minister", "SE", False)],
        id="plural-office-two-names",
    ),
    pytest.param(
        "Foreign Secretaries Alan Price of Britain and Maria Lutz of Germany spoke on Tuesday.",
        [("Alan Price", "Foreign Secretary", "GB", False), ("Maria Lutz", "Foreign Secretary", "DE", False)],
        id="plural-secretaries",
    ),
    pytest.param("NATO defence ministers gathered in Brussels.", [], id="plural-office-no-names"),
    # title in apposition or before a comma
    pytest.param(
        "Hiroshi Tanabe, Japan's prime minister, told reporters the plan was sound.",
        [("Hiroshi Tanabe", "prime minister", "JP", False)],
        id="apposition-after-name",
    ),
    pytest.param(
        "The Minister for Defence, Sean Fallon, said Ireland would buy radar systems.",
        [("Sean Fallon", "Minister for Defence", "IE", False)],
        id="title-comma-name",
    ),
    # qualifiers and longer offices
    pytest.param(
        "Vice Foreign Minister Park Min-jun of South Korea flew to Manila.",
        [("Park Min-jun", "Vice Foreign Minister", "KR", False)],
        id="vice-qualifier",
    ),
    pytest.param(
        "NATO Secretary-General Henrik Dahl urged allies to spend more.",
        [("Henrik Dahl", "Secretary-General", "NATO", False)],
        id="organisation-official",
    ),
    # former office holders
    pytest.param(
        "In 2022, then-Chancellor Markus Brandt of Germany announced a special fund for the armed forces.",
        [("Markus Brandt", "Chancellor", "DE", True)],
        id="then-chancellor",
    ),
    pytest.param(
        "Former President Luis Ortega of Chile criticised the arms deal.",
        [("Luis Ortega", "President", "CL", True)],
        id="former-president",
    ),
    # names: hyphens, particles, suffixes, surname-only later mentions
    pytest.param(
        "South Korean Defense Minister Ahn Gyu-back inspected a naval base.",
        [("Ahn Gyu-back", "Defense Minister", "KR", False)],
        id="hyphenated-name",
    ),
    pytest.param(
        "Foreign Minister Radek Nowak of Poland spoke first. Later, Nowak said the budget would rise.",
        [("Radek Nowak", "Foreign Minister", "PL", False)],
        id="surname-merges",
    ),
    pytest.param(
        "European Commission President Ursula von der Leyen said Europe must rearm.",
        [("Ursula von der Leyen", ..., "EU", False)],
        id="particles-von-der",
    ),
    pytest.param(
        "Defence Minister Pieter van den Berg of the Netherlands ordered new frigates.",
        [("Pieter van den Berg", "Defence Minister", "NL", False)],
        id="particles-van-den",
    ),
    pytest.param(
        "After talks with Polish President Jan Kral, the two leaders signed a pact.",
        [("Jan Kral", "President", "PL", False)],
        id="first-name-jan",
    ),
    pytest.param(
        "Former British Prime Minister May Collins said the navy was too small.",
        [("May Collins", "Prime Minister", "GB", True)],
        id="first-name-may",
    ),
    pytest.param(
        "Gen. Marco Rossi, Italy's chief of defence staff, warned of shortages.",
        [("Marco Rossi", "chief of defence staff", "IT", False)],
        id="rank-and-lowercase-office",
    ),
    pytest.param(
        "EU foreign policy chief Kaja Lind said Europe must act.",
        [("Kaja Lind", "foreign policy chief", "EU", False)],
        id="policy-chief",
    ),
    pytest.param(
        "The head of the Polish National Security Bureau, Jacek Sowa, said Poland would spend more.",
        [("Jacek Sowa", "head of the National Security Bureau", "PL", False)],
        id="head-of-agency",
    ),
    # honorifics, royal styles and ranks before a name are not part of it
    pytest.param(
        "Saudi Defence Minister Prince Faisal bin Nasser met the visiting delegation.",
        [("Faisal bin Nasser", "Defence Minister", "SA", False)],
        id="prince-and-bin",
    ),
    pytest.param(
        "Former Malaysian Prime Minister Tun Dr Hamid Yusof criticised the deal.",
        [("Hamid Yusof", "Prime Minister", "MY", True)],
        id="two-honorifics",
    ),
    pytest.param(
        "Bulgaria will reach the target, Prime Minister Acad. Stefan Dimov said.",
        [("Stefan Dimov", "Prime Minister", "BG", False)],
        id="academic-title",
    ),
    pytest.param(
        "The UAE's Vice President Sheikh Saeed bin Khalid al-Qasimi opened the air show.",
        [("Saeed bin Khalid al-Qasimi", "Vice President", "AE", False)],
        id="sheikh-and-al-hyphen",
    ),
    pytest.param(
        "Former French President Henri Duval d'Arcy proposed a European army.",
        [("Henri Duval d'Arcy", "President", "FR", True)],
        id="elided-particle",
    ),
    pytest.param(
        "Chinese Minister of Defense Wei Jun spoke in Beijing.",
        [("Wei Jun", "Minister of Defense", "CN", False)],
        id="month-abbreviation-in-name",
    ),
    # capitalised common words are not names
    pytest.param("Likewise, the defence minister asked for more money.", [], id="sentence-adverb-not-name"),
    pytest.param(
        "The Ministry of Defence, the prime minister said, will buy new tanks.", [], id="institution-not-name"
    ),
    # whose official: explicit evidence first; a state named after the official is not theirs
    pytest.param(
        "The ministry published its annual review. Defence Minister Ilmar Tamm said Russia remained the main threat.",
        [("Ilmar Tamm", "Defence Minister", None, False)],
        id="state-spoken-of-is-not-holder",
    ),
    pytest.param(
        "Estonia will buy more rockets. Defence Minister Ilmar Tamm said Russia remained the main threat. "
        "Estonia has also ordered radars.",
        [("Ilmar Tamm", "Defence Minister", "EE", False)],
        id="clear-home-state",
    ),
    pytest.param(
        "U.S. Defense Secretary Dan Porter met Defence Minister Liam Crowe in Washington. Australia agreed to "
        "spend more. The United States wants Australia to buy submarines.",
        [("Dan Porter", "Defense Secretary", "US", False), ("Liam Crowe", "Defence Minister", "AU", False)],
        id="counterpart-serves-the-other-state",
    ),
    pytest.param(
        "France and Italy signed the accord. Defence Minister Luca Bassi attended.",
        [("Luca Bassi", "Defence Minister", None, False)],
        id="no-clear-home-no-guess",
    ),
    pytest.param(
        "U.S. Secretary of War Dale Rourke flew to Tokyo.",
        [("Dale Rourke", "Secretary of War", "US", False)],
        id="portfolio-war",
    ),
    pytest.param(
        "The Secretary of the Air Force Tom Irwin said the budget was sound.",
        [("Tom Irwin", "Secretary of the Air Force", ..., False)],
        id="portfolio-service",
    ),
    # offices named by their institution, before or after the head
    pytest.param(
        "The director general of the Defense Ministry Omid Rahimi said procurement would rise.",
        [("Omid Rahimi", "director general of the Defense Ministry", ..., False)],
        id="institution-after-of",
    ),
    pytest.param(
        "Ali Demir, chairman of the Defence Industry Agency, said exports had doubled.",
        [("Ali Demir", "chairman of the Defence Industry Agency", ..., False)],
        id="institution-apposition",
    ),
    pytest.param(
        "Indonesia's Defence Ministry spokesman Budi Hartono said the jets would arrive next year.",
        [("Budi Hartono", "Defence Ministry spokesman", "ID", False)],
        id="institution-before-head",
    ),
    pytest.param(
        "The army's TNI commander General Agus Salim inspected the troops.",
        [("Agus Salim", "TNI commander", ..., False)],
        id="acronym-leads-office-rank-not-name",
    ),
    pytest.param(
        "The President of the European Commission Greta Lindqvist presented the plan.",
        [("Greta Lindqvist", "President of the European Commission", "EU", False)],
        id="organisation-inside-office",
    ),
    pytest.param(
        "The secretary general of NATO, Lars Hovland, visited Kyiv.",
        [("Lars Hovland", "secretary general", "NATO", False)],
        id="of-organisation-then-name",
    ),
    pytest.param(
        "The Defence Minister of India, Arjun Mehta, said exports would grow.",
        [("Arjun Mehta", "Defence Minister", "IN", False)],
        id="of-state-then-name",
    ),
    pytest.param(
        "Tánaiste and Minister for Defence Ciaran Walsh said Ireland would buy radar.",
        [("Ciaran Walsh", "Tánaiste and Minister for Defence", "IE", False)],
        id="office-implying-state-stays-in-title",
    ),
    # a title-case headline: names only as far as the body confirms them
    pytest.param(
        "Defense Secretary Reaffirms Alliance With Peru\nThe visit to Lima was short.",
        [],
        id="headline-verb-not-name",
    ),
    pytest.param(
        "Defense Secretary Tom Ridley Reaffirms Alliance\nU.S. Defense Secretary Tom Ridley arrived in Lima.",
        [("Tom Ridley", "Defense Secretary", "US", False)],
        id="headline-name-confirmed",
    ),
    pytest.param(
        "Lawmaker Lee Min-ho of the Justice Party said the budget was small.",
        [("Lee Min-ho", "Lawmaker", ..., False)],
        id="prose-with-capitalised-party-not-title-case",
    ),
    # a family name written first joins the full name
    pytest.param(
        "Taiwan's Premier Lin Chia-wei announced the budget. Premier Lin said it was historic.",
        [("Lin Chia-wei", "Premier", "TW", False)],
        id="family-name-first",
    ),
    pytest.param(
        "Malaysia's Defence Minister Hasan Ibrahim spoke first. Later, defence minister Hasan said more.",
        [("Hasan Ibrahim", "Defence Minister", "MY", False)],
        id="first-name-used-alone",
    ),
    # offices of companies, think tanks and universities are not public offices
    pytest.param(
        "Carla Mendes, vice president of Alto Advisory, said Brazil must spend more.",
        [],
        id="consultancy-vice-president",
    ),
    pytest.param(
        "Mark Olsen, director of the Arms Transfers Research Programme, said sales rose.",
        [],
        id="research-programme-director",
    ),
    pytest.param(
        "Jon Berg, chairman of Nordwerft, said the yard would hire more workers.",
        [],
        id="company-chairman",
    ),
    pytest.param(
        "The Director of National Intelligence, Anne Porter, briefed senators.",
        [("Anne Porter", "Director of National Intelligence", ..., False)],
        id="public-director",
    ),
    # a title in apposition closes before the sentence goes on; a fronted phrase is no name
    pytest.param("In Brussels, the defence minister said the alliance must act.", [], id="fronted-place"),
    pytest.param("After talks with Okafor, the defence minister flew home.", [], id="fronted-phrase"),
    pytest.param(
        "Earlier, Ms Rahman, the former defence minister, criticised the plan.",
        [("Rahman", "defence minister", ..., True)],
        id="apposition-closed-by-comma",
    ),
    pytest.param(
        "The claim was made by Erik Dahl, the Defence Minister of Norway at the time.",
        [("Erik Dahl", "Defence Minister", "NO", False)],
        id="apposition-with-of-state",
    ),
    pytest.param("King Harald V inspected the guard.", [("Harald V", "King", ..., False)], id="regnal-number"),
    # people with no office stated are not officials
    pytest.param(
        "Maria Santos, a researcher at a Lisbon think tank, said Portugal must spend more.",
        [],
        id="researcher-not-official",
    ),
]


@pytest.mark.parametrize(("text", "expected"), CASES)
def test_officials(text: str, expected: list[Expected]) -> None:
    got = officials(text)
    assert [g[0] for g in got] == [e[0] for e in expected]
    assert [_view(g, e) for g, e in zip(got, expected, strict=True)] == [_norm(e) for e in expected]


# One key per office, for merging offices across articles.
SAME_OFFICE = [
    pytest.param(
        ["Defence Minister", "Minister of Defence", "minister for defense", "the Defense Minister"], id="portfolio"
    ),
    pytest.param(["Secretary-General", "Secretary General", "secretary general"], id="hyphen"),
    pytest.param(["Prime Minister", "prime minister", "the Prime Minister", "PM"], id="case-and-article"),
    pytest.param(["Deputy Minister of Defence", "Deputy Defence Minister"], id="qualifier-stays-first"),
    pytest.param(
        ["Secretary of State for Defence", "Defence Secretary", "Secretary of Defense"], id="secretary-of-state-for"
    ),
    pytest.param(["Minister of Foreign Affairs", "Foreign Minister", "Foreign Affairs Minister"], id="foreign-affairs"),
    pytest.param(["President of the European Commission", "European Commission President"], id="institution"),
    pytest.param(["Tánaiste", "Tanaiste"], id="accents"),
    pytest.param(["Vice-President", "vice president"], id="vice-president"),
]

DIFFERENT_OFFICES = [
    pytest.param("Secretary of State", "State Secretary", id="secretary-of-state"),
    pytest.param("Minister of State for Defence", "Defence Minister", id="junior-minister"),
    pytest.param("Deputy Defence Minister", "Defence Minister", id="deputy"),
    pytest.param("Minister of National Defence", "Minister of Defence", id="national"),
]


@pytest.mark.parametrize("titles", SAME_OFFICE)
def test_normalise_office_same(titles: list[str]) -> None:
    assert len({normalise_office(t) for t in titles}) == 1


@pytest.mark.parametrize(("one", "other"), DIFFERENT_OFFICES)
def test_normalise_office_different(one: str, other: str) -> None:
    assert normalise_office(one) != normalise_office(other)


def test_normalise_office_is_a_readable_key() -> None:
    assert normalise_office("Minister for Defence") == "defence minister"
