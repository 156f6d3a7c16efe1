"""One office, however articles write it; and one person given the same office of two states is
flagged in the officials query, never shown as two plain facts."""

from __future__ import annotations

from kg.facts import parse_facts
from kg.query import run_query
from kg.rdf import office_case
from kg.store import Store


def _article(article_id: str, *officials: dict) -> dict:
    return {"id": article_id, "officials": list(officials)}


def _officials(store: Store):
    return run_query(store, "officials", cached=False)


def test_offices_written_differently_are_one_office(store: Store) -> None:
    store.ingest(
        parse_facts(_article("a", {"name": "Sanae Takaichi", "title": "Prime Minister", "country": "JP"}), "a")
    )
    store.ingest(
        parse_facts(_article("b", {"name": "Sanae Takaichi", "title": "prime minister", "country": "JP"}), "b")
    )
    store.ingest(
        parse_facts(_article("c", {"name": "Gen Nakatani", "title": "Minister of Defense", "country": "JP"}), "c")
    )
    store.ingest(
        parse_facts(_article("d", {"name": "Gen Nakatani", "title": "defence minister", "country": "JP"}), "d")
    )
    rows = _officials(store)
    takaichi = rows[rows.official == "Sanae Takaichi"]
    assert takaichi[["office", "articles"]].values.tolist() == [["Prime Minister", 2]]
    nakatani = rows[rows.official == "Gen Nakatani"]
    assert len(nakatani) == 1 and nakatani.articles.iloc[0] == 2
    assert not rows.contested.any()


def test_one_person_holding_one_office_for_two_states_is_contested(store: Store) -> None:
    store.ingest(parse_facts(_article("a", {"name": "Donald Trump", "title": "President", "country": "US"}), "a"))
    store.ingest(parse_facts(_article("b", {"name": "Donald Trump", "title": "President", "country": "JP"}), "b"))
    store.ingest(parse_facts(_article("c", {"name": "Lee Jae-myung", "title": "President", "country": "KR"}), "c"))
    rows = _officials(store).set_index(["official", "country"])
    assert bool(rows.loc[("Donald Trump", "US"), "contested"]) and bool(rows.loc[("Donald Trump", "JP"), "contested"])
    assert not bool(rows.loc[("Lee Jae-myung", "KR"), "contested"])


def test_a_person_may_hold_different_offices_of_different_states(store: Store) -> None:
    store.ingest(parse_facts(_article("a", {"name": "Ana Petrova", "title": "Defence Minister", "country": "EE"}), "a"))
    store.ingest(parse_facts(_article("b", {"name": "Ana Petrova", "title": "Ambassador", "country": "LV"}), "b"))
    assert not _officials(store).contested.any()


def test_lower_case_offices_are_written_in_title_case() -> None:
    assert office_case("prime minister") == "Prime Minister"
    assert office_case("minister for the armed forces") == "Minister for the Armed Forces"
    assert office_case("vice-president") == "Vice-President"
    assert office_case("Undersecretary of Defense for Policy") == "Undersecretary of Defense for Policy"


def _guessed(article_id: str, name: str, title: str, country: str, stated: bool) -> dict:
    return _article(article_id, {"name": name, "title": title, "country": country, "country_stated": stated})


def test_a_state_read_from_context_is_not_stated_as_fact_in_the_graph(store: Store) -> None:
    store.ingest(parse_facts(_guessed("a", "Donald Trump", "President", "ES", False), "a"))
    holders = run_query(
        store,
        "SELECT ?code WHERE { ?p org:holds ?post . ?post org:postIn ?c . ?c dkg:isoCode ?code }",
        cached=False,
    )
    assert holders.empty
    guessed = run_query(
        store,
        "SELECT ?code WHERE { ?p dkg:stateFromContext ?post . ?post org:postIn ?c . ?c dkg:isoCode ?code }",
        cached=False,
    )
    assert guessed.code.tolist() == ["ES"]
    rows = _officials(store)
    assert rows[["country", "office", "state_from", "contested"]].values.tolist() == [
        ["ES", "President", "context", False]
    ]


def test_a_state_another_article_states_outranks_one_from_context(store: Store) -> None:
    store.ingest(parse_facts(_guessed("a", "Donald Trump", "President", "ES", False), "a"))
    store.ingest(parse_facts(_guessed("b", "Donald Trump", "President", "JP", False), "b"))
    store.ingest(parse_facts(_guessed("c", "Donald Trump", "President", "US", True), "c"))
    rows = _officials(store)
    assert rows[["country", "official", "state_from", "contested"]].values.tolist() == [
        ["US", "Donald Trump", "text", False]
    ]
    # the row rests on the one article that states the state; three name him in the office
    assert rows[["articles", "named_in"]].values.tolist() == [[1, 3]]


def test_two_states_from_context_for_one_office_are_contested(store: Store) -> None:
    store.ingest(parse_facts(_guessed("a", "Donald Trump", "President", "ES", False), "a"))
    store.ingest(parse_facts(_guessed("b", "Donald Trump", "President", "JP", False), "b"))
    rows = _officials(store)
    assert sorted(rows.country) == ["ES", "JP"] and rows.contested.all()


def test_an_official_with_no_state_is_one_row_with_no_country(store: Store) -> None:
    store.ingest(
        parse_facts(
            _article(
                "a",
                {"name": "Manmohan Singh", "title": "Prime Minister"},
                {"name": "Li Wei", "title": "Defence Minister", "country": "CN"},
                {"name": "Ana Petrova", "title": "Defence Minister", "country": "EE", "country_stated": False},
            )
            | {"countries": ["CN", "EE", "FR", "IN", "PK"]},
            "a",
        )
    )
    rows = _officials(store)
    singh = rows[rows.official == "Manmohan Singh"]
    assert singh[["country", "state_from"]].values.tolist() == [["", ""]]
    assert sorted(rows[rows.official != "Manmohan Singh"].country) == ["CN", "EE"]
    chinese = run_query(store, "officials", {"code": "CN"}, cached=False)
    assert chinese.official.tolist() == ["Li Wei"]
