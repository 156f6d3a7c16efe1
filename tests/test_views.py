"""Views: the whole graph, one entity, one country, one article; the node limit; the index page; `kg view`.

The pages are read here as files (their data, their links, their messages); tests/test_views_browser.py
opens them in a real browser.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from kg import views
from kg.errors import KGError
from kg.facts import load_facts, parse_facts
from kg.namespaces import DKG, country_iri, official_iri
from kg.settings import SAMPLES_DIR
from kg.store import Store, stats


def page_data(page: Path | str) -> dict:
    """The JSON the page's script draws, read back out of the page."""
    text = Path(page).read_text(encoding="utf-8")
    (block,) = re.findall(r'<script id="kg-data" type="application/json">(.*?)</script>', text, flags=re.S)
    return json.loads(block)


def labels(page: Path | str) -> set[str]:
    return {n["label"] for n in page_data(page)["nodes"]}


@pytest.fixture(scope="module")
def sample_store(tmp_path_factory: pytest.TempPathFactory):
    """A store holding the facts of the bundled sample articles, opened read-only by the tests."""
    path = tmp_path_factory.mktemp("views") / "store"
    with Store(path) as store:
        for facts in sorted((SAMPLES_DIR / "facts").glob("*.json")):
            store.ingest(load_facts(facts))
    with Store(path, read_only=True) as store:
        yield store


@pytest.fixture(scope="module")
def index(sample_store: Store) -> views.GraphIndex:
    return views.GraphIndex.from_store(sample_store)


def test_the_whole_graph_draws_every_node_of_every_class(sample_store: Store, tmp_path: Path) -> None:
    written = views.write_graph_view(sample_store, tmp_path / "graph.html")
    data = page_data(written.path)
    counts = stats(sample_store)
    drawn = {c["name"]: c["count"] for c in data["classes"]}
    for name in ("Country", "Organization", "Official", "Office", "Strategy", "SpendingTarget", "Expenditure"):
        assert drawn[name] == counts[name], name
    assert {"Mark Rutte", "Japan", "NATO"} <= labels(written.path)
    assert {"applies to", "holds", "participant"} <= {e["label"] for e in data["edges"]}
    assert not written.view.left_out and "all" in written.view.note
    assert written.index == tmp_path / "index.html"


def test_tooltips_carry_facts_and_provenance(sample_store: Store, tmp_path: Path) -> None:
    data = page_data(views.write_graph_view(sample_store, tmp_path / "graph.html").path)
    target = next(
        n for n in data["nodes"] if n["cls"] == "SpendingTarget" and n["label"] == "5% of GDP for NATO by 2035"
    )
    assert ("value", "5") in {tuple(f) for f in target["facts"]}
    sources = [data["articles"][i] for i in target["sources"]]
    assert any(a["id"] == "nato-hague-summit" and a["url"].startswith("https://") for a in sources)
    assert target["evidence"] and all(sentence for _, sentence in target["evidence"])


@pytest.mark.parametrize(
    ("options", "stem", "focus", "expected"),
    [
        pytest.param({"entity": "Mark Rutte"}, "entity-mark-rutte", "Mark Rutte", {"NATO"}, id="entity-by-name"),
        pytest.param({"entity": "Rutte"}, "entity-mark-rutte", "Mark Rutte", {"NATO"}, id="entity-by-surname"),
        pytest.param({"entity": "nato"}, "entity-nato", "NATO", {"Mark Rutte"}, id="entity-by-acronym"),
        pytest.param({"entity": "JP"}, "entity-japan", "Japan", {"Sanae Takaichi"}, id="entity-by-iso-code"),
        pytest.param(
            {"entity": str(official_iri("Pete Hegseth"))}, "entity-pete-hegseth", "Pete Hegseth", set(), id="iri"
        ),
        pytest.param({"country": "JP"}, "country-jp", "Japan", {"Sanae Takaichi", "Prime Minister (JP)"}, id="country"),
        pytest.param({"country": "japan"}, "country-jp", "Japan", set(), id="country-by-name"),
        pytest.param({"article": "nato-hague-summit"}, "article-nato-hague-summit", None, {"Mark Rutte"}, id="article"),
    ],
)
def test_focused_views(
    sample_store: Store, tmp_path: Path, options: dict, stem: str, focus: str | None, expected: set[str]
) -> None:
    written = views.write_graph_view(sample_store, folder=tmp_path, **options)
    assert written.path == tmp_path / f"{stem}.html"
    data = page_data(written.path)
    focused = [n["label"] for n in data["nodes"] if n["focus"]]
    assert focused == ([focus] if focus else [])
    assert expected <= labels(written.path)
    whole = views.GraphIndex.from_store(sample_store)
    assert len(data["nodes"]) < len(whole.nodes)


def test_an_article_view_draws_only_what_the_article_states(sample_store: Store, tmp_path: Path) -> None:
    drawn = labels(views.write_graph_view(sample_store, folder=tmp_path, article="japan-two-percent-fy2025").path)
    assert "Sanae Takaichi" in drawn and "Mark Rutte" not in drawn


def test_the_radius_widens_a_neighbourhood(index: views.GraphIndex) -> None:
    sizes = [len(views.entity_view(index, "Pete Hegseth", radius=r).nodes) for r in range(4)]
    assert sizes[0] == 1 and sizes == sorted(sizes) and sizes[1] < sizes[3]


def test_an_office_sits_with_its_country(index: views.GraphIndex) -> None:
    distance = index.within(str(country_iri("JP")), 1)
    assert distance[str(official_iri("Sanae Takaichi"))] == 1
    assert {index.nodes[n].cls for n, d in distance.items() if d == 0} == {str(DKG.Country), str(DKG.Office)}


def test_above_the_limit_a_view_focuses_and_says_what_it_left_out(sample_store: Store, tmp_path: Path) -> None:
    written = views.write_graph_view(sample_store, tmp_path / "top.html", limit=12)
    view = written.view
    assert len(view.nodes) == 12 and len(page_data(written.path)["nodes"]) == 12
    assert view.total > 12 and sum(view.left_out.values()) == view.total - 12
    page = written.path.read_text(encoding="utf-8")
    assert f"Showing 12 of {view.total:,} nodes; the rest ({view.total - 12:,}: " in page
    assert "raise the limit" in page
    # What is kept stays connected around the hubs: every kept node links to another kept node.
    index = views.GraphIndex.from_store(sample_store)
    kept = set(view.nodes)
    assert all(any(o in kept for o, _ in index.neighbours.get(n, ())) for n in kept)


def test_a_focused_view_above_the_limit_keeps_its_entity_and_the_nearest(index: views.GraphIndex) -> None:
    view = views.country_view(index, "JP", radius=3, limit=5)
    assert view.nodes[0] == str(country_iri("JP")) and len(view.nodes) == 5
    assert "farther from Japan" in view.note
    distance = index.within(str(country_iri("JP")), 3)
    assert max(distance[n] for n in view.nodes) <= min(distance[n] for n in distance if n not in view.nodes)


def test_the_page_loads_nothing_from_the_web(sample_store: Store, tmp_path: Path) -> None:
    page = views.write_graph_view(sample_store, tmp_path / "graph.html").path.read_text(encoding="utf-8")
    assert "Content-Security-Policy" in page and "default-src 'none'" in page
    outside_data = re.sub(r'<script id="kg-data" type="application/json">.*?</script>', "", page, flags=re.S)
    assert not re.search(r"""(src|href)\s*=\s*["']?\s*(https?:)?//""", outside_data, flags=re.I)
    assert not re.search(r"<(link|iframe|img)\b|<script[^>]*\bsrc=", outside_data, flags=re.I)
    assert not re.search(r"cdnjs|jsdelivr|unpkg|bootstrap|tom-select", page, flags=re.I)


HOSTILE = {
    "id": "hostile",
    "title": "</script><script>window.__pwned=1</script> \"quoted\" & 'single'",
    "url": "javascript:window.__pwned=1",
    "published": "2025-03-01",
    "countries": ["JP"],
    "officials": [
        {
            "name": "<script>window.__pwned=1</script>",
            "title": '<img src=x onerror="window.__pwned=1">',
            "country": "JP",
            "evidence": {"sentence": 'He said "<img src=x onerror="window.__pwned=1">" & left.'},
        }
    ],
}


def test_text_from_articles_stays_data(tmp_path: Path) -> None:
    with Store(tmp_path / "store") as store:
        store.ingest(parse_facts(HOSTILE, "hostile"))
        page = views.write_graph_view(store, tmp_path / "graph.html").path.read_text(encoding="utf-8")
    assert "window.__pwned" in page
    assert "<script>window.__pwned" not in page and "<img src=x" not in page
    assert page.count("</script>") == 3  # the data, vis-network and the page's own script
    data = page_data(tmp_path / "graph.html")
    assert "<script>window.__pwned=1</script>" in {n["label"] for n in data["nodes"]}
    assert data["articles"][0]["url"] is None, "a javascript: URL must never become a link"
    title = re.search(r"<title>(.*?)</title>", page).group(1)
    assert "<" not in title


@pytest.mark.parametrize(
    ("options", "message"),
    [
        ({"entity": "Mark Rute"}, "no entity 'Mark Rute' in the graph; close matches: 'Mark Rutte'"),
        ({"entity": "Nobody Atall"}, "no entity 'Nobody Atall' in the graph; no close match"),
        ({"country": "XX"}, "no country 'XX' in the graph"),
        ({"country": "Japna"}, "close matches: 'Japan'"),
        ({"article": "nato"}, "no article 'nato' in the graph; close matches: nato-hague-summit"),
        ({"entity": "NATO", "country": "JP"}, "choose one of entity, country or article"),
        ({"limit": 0}, "the node limit must be at least 1"),
    ],
)
def test_what_cannot_be_drawn_is_named(sample_store: Store, tmp_path: Path, options: dict, message: str) -> None:
    with pytest.raises(KGError, match=re.escape(message)):
        views.write_graph_view(sample_store, folder=tmp_path, **options)
    assert not list(tmp_path.iterdir())


def test_the_index_links_every_view_with_a_line_on_each(sample_store: Store, tmp_path: Path) -> None:
    index = views.GraphIndex.from_store(sample_store)
    views.write_graph_view(sample_store, folder=tmp_path, graph=index)
    views.write_graph_view(sample_store, folder=tmp_path, country="JP", graph=index)
    views.write_graph_view(sample_store, folder=tmp_path, entity="Mark Rutte", graph=index, index=False)
    (tmp_path / "notes.html").write_text("<html><title>not a view</title></html>")
    (tmp_path / "defense.ttl").write_text("")
    page = views.write_index(tmp_path).read_text(encoding="utf-8")
    hrefs = re.findall(r'href="([^"]+)"', page)
    assert hrefs == ["graph.html", "country-jp.html", "entity-mark-rutte.html", "defense.ttl"]
    assert "Japan (JP) and what is within 2 steps of it" in page
    assert "Mark Rutte (official)" in page and "not a view" not in page


def test_views_are_a_registry(index: views.GraphIndex) -> None:
    assert {"graph", "entity", "country", "article"} <= set(views.VIEWS)
    views.register_view("officials", lambda g, _t, _r, limit: views.whole_graph_view(g, limit))
    try:
        assert views.build_view(index, "officials", limit=3).nodes
    finally:
        del views.VIEWS["officials"]
    with pytest.raises(KGError, match="unknown view 'nope'; choose one of: graph, entity"):
        views.build_view(index, "nope")


# --- kg view -----------------------------------------------------------------------------------


@pytest.fixture
def kg_with_samples(kg):
    result = kg("ingest", SAMPLES_DIR / "facts")
    assert result.exit_code == 0, result.output
    return kg


@pytest.mark.parametrize(
    ("args", "file", "says"),
    [
        ([], "graph.html", "The whole graph"),
        (["--country", "JP", "--radius", "1"], "country-jp.html", "within 1 step of it"),
        (["--entity", "Pete Hegseth"], "entity-pete-hegseth.html", "Pete Hegseth (official)"),
        (["--article", "nato-hague-summit"], "article-nato-hague-summit.html", "nato-hague-summit"),
    ],
)
def test_kg_view(kg_with_samples, tmp_path: Path, args: list[str], file: str, says: str) -> None:
    out = tmp_path / "out" / file
    result = kg_with_samples("view", *args, "-o", out)
    assert result.exit_code == 0, result.output
    assert out.is_file() and (out.parent / "index.html").is_file()
    assert says in " ".join(result.stdout.split()) and "index.html" in result.stdout


def test_kg_view_leaves_an_index_html_it_did_not_write_as_it_is(kg_with_samples, tmp_path: Path) -> None:
    mine = tmp_path / "index.html"
    mine.write_text("<h1>my own page</h1>\n", encoding="utf-8")
    result = kg_with_samples("view", "--country", "JP", "-o", tmp_path / "jp.html")
    assert result.exit_code == 0, result.output
    assert mine.read_text(encoding="utf-8") == "<h1>my own page</h1>\n"
    assert (tmp_path / "jp.html").is_file()
    assert "is not a page defense-kg wrote: left as it is" in " ".join(result.stderr.split())
    # an index defense-kg wrote is brought up to date as before
    mine.unlink()
    assert kg_with_samples("view", "--country", "KR", "-o", tmp_path / "kr.html").exit_code == 0
    again = kg_with_samples("view", "--country", "JP", "-o", tmp_path / "jp.html")
    assert "wrote" in again.stdout and "kr.html" in mine.read_text(encoding="utf-8")


def test_kg_view_limit_title_and_no_index(kg_with_samples, tmp_path: Path) -> None:
    out = tmp_path / "top.html"
    result = kg_with_samples("view", "--limit", "7", "--title", "Top seven", "--no-index", "-o", out)
    assert result.exit_code == 0, result.output
    assert len(page_data(out)["nodes"]) == 7 and "<title>Top seven</title>" in out.read_text(encoding="utf-8")
    assert "Showing 7 of" in " ".join(result.stderr.split())
    assert not (tmp_path / "index.html").exists()


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--entity", "Mark Rute"], "close matches: 'Mark Rutte'"),
        (["--entity", "NATO", "--article", "nato-hague-summit"], "choose one of entity, country or article"),
        (["--country", "XX"], "no country 'XX'"),
    ],
)
def test_kg_view_errors_are_one_red_line(kg_with_samples, tmp_path: Path, args: list[str], message: str) -> None:
    result = kg_with_samples("view", *args, "-o", tmp_path / "x.html")
    assert result.exit_code == 1
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("error:") and message in lines[0], result.stderr
    assert not (tmp_path / "x.html").exists()


def test_kg_view_needs_a_store(kg, tmp_path: Path) -> None:
    result = kg("view", "-o", tmp_path / "x.html")
    assert result.exit_code == 1 and "no store here" in result.stderr


def test_an_empty_store_gets_a_page_that_says_so(tmp_path: Path) -> None:
    with Store(tmp_path / "store") as store:
        written = views.write_graph_view(store, tmp_path / "graph.html")
    assert page_data(written.path)["nodes"] == []
    assert "The graph is empty" in written.path.read_text(encoding="utf-8")


def test_the_index_says_which_store_each_view_is_drawn_from(sample_store: Store, tmp_path: Path) -> None:
    """Views of two stores in one folder (the demo's and one's own) are listed apart, under their store."""
    exports = tmp_path / "exports"
    views.write_graph_view(sample_store, exports / "graph.html")
    other = tmp_path / "other-store"
    with Store(other) as store:
        store.ingest(parse_facts({"id": "o1", "countries": ["NO", "SE"]}, "o1.json"))
        views.write_graph_view(store, exports / "nordics.html")
    page = (exports / "index.html").read_text(encoding="utf-8")
    assert "drawn from 2 different stores" in page
    headings = re.findall(r'<h2 class="store">From the store ([^<]*)</h2>', page)
    assert headings == sorted([views.store_label(sample_store), str(other.resolve())])
    assert views.view_store(exports / "nordics.html") == str(other.resolve())


def test_kg_view_says_when_it_replaces_a_view_of_another_store(sample_store: Store, tmp_path: Path) -> None:
    from typer.testing import CliRunner

    from kg.cli import app

    page = tmp_path / "exports" / "graph.html"
    views.write_graph_view(sample_store, page)
    other = tmp_path / "other-store"
    with Store(other) as store:
        store.ingest(parse_facts({"id": "o1", "countries": ["NO", "SE"]}, "o1.json"))
    result = CliRunner().invoke(app, ["view", "-o", str(page), "--store", str(other)])
    assert result.exit_code == 0, result.output
    assert f"replaced {page}, a view of another store" in " ".join(result.stderr.split())
    assert "lists views of 2 stores" not in result.stderr  # the page it replaced was the only other one
