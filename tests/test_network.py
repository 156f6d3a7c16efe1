"""The network projection and its analyses (kg.network), and `kg network`, over real stores on disk."""

from __future__ import annotations

import csv
import io
from pathlib import Path

import networkx as nx
import numpy as np
import pandas as pd
import pytest

from kg.errors import KGError
from kg.facts import load_facts, parse_facts
from kg.network import (
    KINDS,
    centrality,
    communities,
    country_timeline,
    meeting_graph,
    meeting_network,
    neighbourhood,
    neighbourhood_graph,
    paths,
    project,
    resolve,
)
from kg.store import Store
from tests.conftest import KG, SHARED_DEV

ID = "https://w3id.org/defense-kg/id/"

#: Two articles about the Nordic-Baltic ministers: the same target twice, the same pair meeting twice.
NORDIC = [
    {
        "id": "tallinn",
        "title": "Estonia and Finland pledge 3% by 2029",
        "url": "https://example.org/tallinn",
        "countries": ["EE", "FI"],
        "organizations": ["NATO"],
        "officials": [
            {"name": "Hanno Pevkur", "title": "Defence Minister", "country": "EE"},
            {"name": "Kristen Michal", "title": "Prime Minister", "country": "EE"},
            {"name": "Antti Häkkänen", "title": "Defence Minister", "country": "FI"},
            {"name": "Jüri Luik", "title": "Defence Minister", "country": "EE", "former": True},
        ],
        "spending_targets": [
            {
                "applies_to": ["EE", "FI"],
                "value": 3.0,
                "unit": "percent_gdp",
                "deadline": "2029",
                "set_by": "Hanno Pevkur",
                "evidence": {"sentence": "Estonia and Finland will spend 3% of GDP on defence by 2029."},
            }
        ],
        "expenditures": [{"country": "EE", "value": 3.4, "unit": "percent_gdp", "year": "2025", "kind": "budget"}],
        "meetings": [{"participants": ["Hanno Pevkur", "Antti Häkkänen"], "location": "Tallinn", "date": "2025-01-10"}],
    },
    {
        "id": "helsinki",
        "title": "Nordic ministers meet again in Helsinki",
        "countries": ["EE", "FI", "SE"],
        "officials": [
            {"name": "Hanno Pevkur", "title": "Defence Minister", "country": "EE"},
            {"name": "Antti Häkkänen", "title": "Defence Minister", "country": "FI"},
            {"name": "Pål Jonson", "title": "Defence Minister", "country": "SE"},
        ],
        "spending_targets": [
            {
                "applies_to": ["EE", "FI"],
                "value": 3.0,
                "unit": "percent_gdp",
                "deadline": "2029",
                "set_by": "Hanno Pevkur",
                "evidence": {"sentence": "Both countries reaffirmed the 3% goal for 2029."},
            }
        ],
        "meetings": [
            {"participants": ["Hanno Pevkur", "Antti Häkkänen"], "location": "Helsinki", "date": "2025-03-02"},
            {"participants": ["Antti Häkkänen", "Pål Jonson"], "location": "Helsinki", "date": "2025-03-02"},
        ],
    },
]


@pytest.fixture
def nordic(store: Store) -> nx.MultiDiGraph:
    for record in NORDIC:
        store.ingest(parse_facts(record, record["id"]))
    return project(store)


@pytest.fixture(scope="module")
def gold_store(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A store of the dev corpus's gold facts, built once for the module and then only read."""
    if not SHARED_DEV.is_dir():
        pytest.skip("the shared dev corpus (../shared/corpus/dev) is not beside the project")
    path = tmp_path_factory.mktemp("network") / "store"
    with Store(path) as store:
        for facts_file in sorted(SHARED_DEV.glob("*.json")):
            store.ingest(load_facts(facts_file))
    return path


@pytest.fixture(scope="module")
def gold(gold_store: Path) -> nx.MultiDiGraph:
    with Store(gold_store, read_only=True) as store:
        return project(store)


# --- the projection -----------------------------------------------------------------------------
def test_nodes_are_typed_and_labelled_and_edges_named_by_their_property(nordic: nx.MultiDiGraph) -> None:
    kinds = {kind for _, kind in nordic.nodes(data="kind")}
    assert kinds == {"Country", "Organization", "Official", "SpendingTarget", "Expenditure", "Meeting"}
    assert all(label for _, label in nordic.nodes(data="label"))
    relations = {relation for _, _, relation in nordic.edges(data="relation")}
    assert relations == {"appliesTo", "setBy", "spentBy", "participant", "holds", "formerlyHeld"}
    target = nordic.nodes[next(n for n, kind in nordic.nodes(data="kind") if kind == "SpendingTarget")]
    assert (target["value"], target["unit"], target["deadline"]) == (3.0, "percent_gdp", "2029")
    meeting = nordic.nodes[next(n for n, data in nordic.nodes(data=True) if data.get("location") == "Tallinn")]
    assert meeting["kind"] == "Meeting" and meeting["date"] == "2025-01-10"


def test_offices_fold_into_holds_edges_with_the_title(nordic: nx.MultiDiGraph) -> None:
    (edge,) = nordic.get_edge_data(f"{ID}official/hanno-pevkur", f"{ID}country/EE").values()
    assert edge["relation"] == "holds" and edge["title"] == "Defence Minister" and edge["former"] is False
    assert edge["articles"] == ["helsinki", "tallinn"]
    (former,) = nordic.get_edge_data(f"{ID}official/juri-luik", f"{ID}country/EE").values()
    assert former["relation"] == "formerlyHeld" and former["former"] is True
    assert nordic.nodes[f"{ID}official/juri-luik"]["offices"] == ["former Defence Minister (EE)"]


def test_offices_and_articles_become_nodes_when_asked(store: Store) -> None:
    for record in NORDIC:
        store.ingest(parse_facts(record, record["id"]))
    unfolded = project(store, fold_offices=False, include_articles=True)
    kinds = {kind for _, kind in unfolded.nodes(data="kind")}
    assert {"Office", "Article"} <= kinds
    relations = {relation for _, _, relation in unfolded.edges(data="relation")}
    assert {"postIn", "holds", "mentions", "wasDerivedFrom"} <= relations
    article = next(data for _, data in unfolded.nodes(data=True) if data["kind"] == "Article" and data.get("url"))
    assert article["article"] == "tallinn" and article["label"] == "Estonia and Finland pledge 3% by 2029"


def test_an_entity_two_articles_state_is_one_node_with_both_sources(nordic: nx.MultiDiGraph) -> None:
    (target,) = [data for _, data in nordic.nodes(data=True) if data["kind"] == "SpendingTarget"]
    assert [(s["article"], s["evidence"]) for s in target["sources"]] == [
        ("helsinki", "Both countries reaffirmed the 3% goal for 2029."),
        ("tallinn", "Estonia and Finland will spend 3% of GDP on defence by 2029."),
    ]
    assert target["sources"][1]["url"] == "https://example.org/tallinn"
    estonia = nordic.nodes[f"{ID}country/EE"]
    assert [s["article"] for s in estonia["sources"]] == ["helsinki", "tallinn"]


def test_subsets_by_country_nodes_and_kinds(store: Store, gold: nx.MultiDiGraph) -> None:
    for record in NORDIC:
        store.ingest(parse_facts(record, record["id"]))
    sweden = project(store, country="SE")
    assert f"{ID}official/pal-jonson" in sweden and f"{ID}official/kristen-michal" not in sweden
    pair = project(store, nodes=["Hanno Pevkur", "EE"])
    assert sorted(pair.nodes) == [f"{ID}country/EE", f"{ID}official/hanno-pevkur"] and pair.number_of_edges() == 1
    people = project(store, kinds=["official", "Meeting"])
    assert {kind for _, kind in people.nodes(data="kind")} == {"Official", "Meeting"}
    with pytest.raises(KGError, match="unknown kind 'Person'; choose from: Country"):
        project(store, kinds=["Person"])
    assert len(neighbourhood_graph(gold, "JP", radius=2)) < len(gold)


# --- naming entities ----------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("name", "node"),
    [
        ("JP", "country/JP"),
        ("Japan", "country/JP"),
        ("japan", "country/JP"),
        ("NATO", "organization/nato"),
        ("Mark Rutte", "official/mark-rutte"),
        (f"{ID}official/mark-rutte", "official/mark-rutte"),
    ],
)
def test_entities_are_named_by_label_code_acronym_or_iri(gold: nx.MultiDiGraph, name: str, node: str) -> None:
    assert resolve(gold, name) == ID + node


@pytest.mark.parametrize(
    ("name", "message"),
    [
        ("Mark Rute", "unknown entity 'Mark Rute'; did you mean: Mark Rutte"),
        ("Japn", "did you mean: Japan"),
        ("Zzyzx Qwerty", "unknown entity 'Zzyzx Qwerty'; name a country (ISO code or name)"),
    ],
)
def test_an_unknown_entity_is_an_error_with_close_names(gold: nx.MultiDiGraph, name: str, message: str) -> None:
    with pytest.raises(KGError, match=message.replace("(", r"\(").replace(")", r"\)")):
        neighbourhood(gold, name)


# --- analyses -----------------------------------------------------------------------------------
def test_neighbourhood_radius_one_then_two(nordic: nx.MultiDiGraph) -> None:
    near = neighbourhood(nordic, "Hanno Pevkur")
    assert near.iloc[0].to_dict() == {
        "label": "Hanno Pevkur",
        "kind": "Official",
        "distance": 0,
        "iri": f"{ID}official/hanno-pevkur",
    }
    assert sorted(near.loc[near["distance"] == 1, "kind"]) == ["Country", "Meeting", "Meeting", "SpendingTarget"]
    wider = neighbourhood(nordic, "Hanno Pevkur", radius=2)
    assert set(near["iri"]) < set(wider["iri"])
    assert {"Antti Häkkänen", "Finland", "Kristen Michal"} <= set(wider.loc[wider["distance"] == 2, "label"])
    assert "Pål Jonson" not in set(wider["label"])
    assert str(near.dtypes["distance"]) == "Int64" and str(near.dtypes["label"]) == "string"


@pytest.mark.parametrize(
    ("a", "b", "through"),
    [
        ("Hanno Pevkur", "Kristen Michal", ["Estonia"]),  # colleagues who never met: their country
        ("Hanno Pevkur", "Pål Jonson", ["Meeting", "Antti Häkkänen", "Meeting"]),  # a shared counterpart
    ],
)
def test_a_path_between_officials_who_never_met_passes_through_what_they_share(
    nordic: nx.MultiDiGraph, a: str, b: str, through: list[str]
) -> None:
    route = paths(nordic, a, b)
    first = route[route["path"] == 1]
    assert first["from"].iloc[0] == a and first["to"].iloc[-1] == b
    middle = [label.split(" of ")[0] for label in first["to"].iloc[:-1]]
    assert middle == through
    assert list(route.columns) == ["path", "step", "from", "relation", "to", "articles"]


def test_path_steps_name_the_relation_and_its_direction(nordic: nx.MultiDiGraph) -> None:
    route = paths(nordic, "Hanno Pevkur", "Kristen Michal")
    assert route[["step", "relation"]].values.tolist() == [
        [1, "holds (Defence Minister)"],
        [2, "^holds (Prime Minister)"],
    ]
    assert route["articles"].tolist() == ["helsinki, tallinn", "tallinn"]
    assert paths(nordic, "Hanno Pevkur", "Hanno Pevkur").empty
    assert paths(nordic, "Hanno Pevkur", "NATO").empty  # mentioned, never linked by a fact


def test_gold_officials_of_one_country_meet_through_it(gold: nx.MultiDiGraph) -> None:
    route = paths(gold, "Elbridge Colby", "Pete Hegseth")
    assert route.loc[route["path"] == 1, "to"].tolist() == ["United States", "Pete Hegseth"]


def test_centrality_columns_types_and_order(gold: nx.MultiDiGraph) -> None:
    central = centrality(gold, top=10)
    assert list(central.columns) == ["label", "kind", "degree", "betweenness", "pagerank", "iri"]
    assert [str(t) for t in central.dtypes] == ["string", "string", "Int64", "Float64", "Float64", "string"]
    assert len(central) == 10 and central["pagerank"].is_monotonic_decreasing
    assert central["betweenness"].between(0, 1).all()
    everyone = centrality(gold, top=None)
    assert len(everyone) == len(gold) and everyone["pagerank"].sum() == pytest.approx(1.0)
    countries = centrality(gold, top=None, kinds=["Country"])
    assert set(countries["kind"]) == {"Country"}
    # Keeping only countries keeps the scores and the order of the whole graph.
    pd.testing.assert_frame_equal(countries, everyone[everyone["kind"] == "Country"].reset_index(drop=True))
    # The country with the most distinct neighbours is among the three most central.
    simple = nx.Graph(gold.to_undirected())
    best_connected = max((n for n, kind in gold.nodes(data="kind") if kind == "Country"), key=simple.degree)
    assert gold.nodes[best_connected]["label"] in set(countries["label"].head(3))


def test_pagerank_is_the_principal_eigenvector_of_the_google_matrix(gold: nx.MultiDiGraph) -> None:
    simple = nx.Graph(gold.to_undirected())
    google = nx.google_matrix(simple, alpha=0.85, nodelist=list(gold))
    vector = np.full(len(gold), 1 / len(gold))
    for _ in range(300):
        vector = vector @ google
    ours = centrality(gold, top=None).set_index("iri")["pagerank"]
    assert ours[list(gold)].to_numpy(dtype=float) == pytest.approx(vector, abs=1e-8)


def test_communities_are_deterministic(gold: nx.MultiDiGraph, gold_store: Path) -> None:
    first = communities(gold)
    with Store(gold_store, read_only=True) as store:
        again = communities(project(store))
    pd.testing.assert_frame_equal(first, again)
    assert first["community"].min() == 1 and first["size"].is_monotonic_decreasing
    assert set(first["iri"]) == set(gold)
    japan = first.loc[first["label"] == "Japan", "community"].item()
    assert "Sanae Takaichi" in set(first.loc[first["community"] == japan, "label"])


def test_meeting_network_counts_meetings_per_pair(nordic: nx.MultiDiGraph) -> None:
    met = meeting_graph(nordic)
    edge = met.edges[f"{ID}official/hanno-pevkur", f"{ID}official/antti-hakkanen"]
    assert edge["weight"] == 2 and edge["dates"] == ["2025-01-10", "2025-03-02"]
    assert edge["locations"] == ["Helsinki", "Tallinn"]
    pairs = meeting_network(nordic)
    assert pairs[["a", "b", "meetings"]].values.tolist() == [
        ["Antti Häkkänen", "Hanno Pevkur", 2],
        ["Antti Häkkänen", "Pål Jonson", 1],
    ]
    assert pairs["locations"].iloc[0] == "Helsinki, Tallinn"


def test_country_timeline_for_japan(gold: nx.MultiDiGraph, gold_store: Path) -> None:
    timeline = country_timeline(gold, "JP")
    targets = timeline[(timeline["kind"] == "target") & (timeline["value"] == 2.0)]
    assert set(targets["unit"]) == {"percent_gdp"} and {2025, 2027} <= set(targets["year"].dropna())
    budget = timeline[(timeline["value"] == 9.04e12) & (timeline["unit"] == "JPY")].iloc[0]
    assert (budget["year"], budget["period"], budget["expenditure_kind"]) == (2026, "FY2026", "budget")
    assert budget["amount"] == "9.04 trillion JPY" and budget["articles"] == "dev-001"
    assert timeline["year"].dropna().is_monotonic_increasing and pd.isna(timeline["year"].iloc[-1])
    assert str(timeline.dtypes["year"]) == "Int64" and str(timeline.dtypes["value"]) == "Float64"
    with Store(gold_store, read_only=True) as store:
        pd.testing.assert_frame_equal(country_timeline(store, "Japan"), timeline)
    with pytest.raises(KGError, match="'Mark Rutte' is an Official, not a country"):
        country_timeline(gold, "Mark Rutte")


# --- the command line ---------------------------------------------------------------------------
def _csv(output: str) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(output)))


@pytest.mark.parametrize(
    ("args", "check"),
    [
        (
            ["neighbours", "JP", "--radius", "1"],
            lambda rows: rows[0]["label"] == "Japan" and rows[0]["distance"] == "0",
        ),
        (
            ["path", "Elbridge Colby", "Pete Hegseth"],
            lambda rows: [r["to"] for r in rows if r["path"] == "1"] == ["United States", "Pete Hegseth"],
        ),
        (["central", "--top", "5"], lambda rows: len(rows) == 5 and float(rows[0]["pagerank"]) > 0),
        (["communities", "--kind", "Country"], lambda rows: {r["kind"] for r in rows} == {"Country"}),
        (
            ["meetings"],
            lambda rows: {"Elbridge Colby", "Takehiro Funakoshi"} in [{r["a"], r["b"]} for r in rows],
        ),
        (
            ["timeline", "JP"],
            lambda rows: any(r["year"] == "2026" and r["amount"] == "9.04 trillion JPY" for r in rows),
        ),
    ],
    ids=["neighbours", "path", "central", "communities", "meetings", "timeline"],
)
def test_every_network_command_runs_against_a_real_store(gold_store: Path, args: list[str], check) -> None:
    kg = KG(gold_store)
    result = kg("network", *args, "--format", "csv")
    assert result.exit_code == 0, result.output
    assert check(_csv(result.stdout)), result.stdout
    table = kg("network", *args, "--format", "table")
    assert table.exit_code == 0 and "https://" not in table.stdout


@pytest.mark.parametrize("command", ["neighbours", "path", "central", "communities", "meetings", "timeline"])
def test_every_network_command_has_help_ending_with_an_example(command: str) -> None:
    result = KG(Path("unused"))("network", command, "--help", store=False)
    assert result.exit_code == 0
    assert "Example:" in result.stdout and "kg network" in result.stdout and "--store" in result.stdout


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["neighbours", "Mark Rute"], "unknown entity 'Mark Rute'; did you mean: Mark Rutte"),
        (["timeline", "NATO", "--format", "xml"], "--format 'xml'"),
        (["central", "--kind", "Person"], "unknown kind 'Person'"),
    ],
)
def test_network_errors_are_one_red_line(gold_store: Path, args: list[str], message: str) -> None:
    result = KG(gold_store)("network", *args)
    assert result.exit_code != 0
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("error:") and message in lines[0], result.stderr


def test_kinds_are_the_ontology_classes_kept_as_nodes() -> None:
    assert "Evidence" not in KINDS and {"Country", "Official", "SpendingTarget", "Office", "Article"} <= set(KINDS)


def test_an_office_whose_state_comes_from_context_links_to_it_unless_another_article_states_one(
    tmp_path: Path,
) -> None:
    with Store(tmp_path / "store") as store:
        for article_id, official in (
            ("a", {"name": "Sanae Takaichi", "title": "Prime Minister", "country": "JP", "country_stated": False}),
            ("b", {"name": "Donald Trump", "title": "President", "country": "JP", "country_stated": False}),
            ("c", {"name": "Donald Trump", "title": "President", "country": "US", "country_stated": True}),
        ):
            store.ingest(parse_facts({"id": article_id, "officials": [official]}, article_id))
        G = project(store)
    japan = set(neighbourhood(G, "JP")["label"])
    assert "Sanae Takaichi" in japan and "Donald Trump" not in japan
    takaichi = resolve(G, "Sanae Takaichi")
    [(_, _, data)] = [e for e in G.edges(takaichi, data=True) if e[2]["relation"] == "stateFromContext"]
    assert data["state_from"] == "context" and data["title"] == "Prime Minister"
    assert "Donald Trump" in set(neighbourhood(G, "US")["label"])
