"""The demo: sample facts -> a fresh store -> exports/defense.ttl, the views and their index page."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from rdflib import Graph

from kg.demo import build_demo
from kg.errors import KGError
from kg.store import Store
from kg.validate import validate_graph


def test_demo_builds_a_valid_graph_and_its_views(tmp_path: Path) -> None:
    result = build_demo(tmp_path / "store", tmp_path / "exports")
    assert result.articles >= 8
    turtle, html = tmp_path / "exports" / "defense.ttl", tmp_path / "exports" / "graph.html"
    exports = tmp_path / "exports"
    focused = [exports / f"{name}.html" for name in ("country-jp", "entity-pete-hegseth", "article-nato-hague-summit")]
    assert result.files == [turtle, html, *focused, exports / "index.html"]
    index = (exports / "index.html").read_text(encoding="utf-8")
    assert all(f'href="{page.name}"' in index for page in [html, *focused])
    assert len(Graph().parse(turtle, format="turtle")) == result.triples
    with Store(result.store, read_only=True) as store:
        report = validate_graph(store.union_graph())
    assert report.conforms, report.summary()
    page = html.read_text(encoding="utf-8")
    assert "vis.Network" in page and "Mark Rutte" in page
    assert not re.search(r"""(src|href)=["']?https?://""", page), "the page must not load anything from the web"


def test_demo_starts_from_a_fresh_store(tmp_path: Path) -> None:
    first = build_demo(tmp_path / "store", tmp_path / "exports")
    second = build_demo(tmp_path / "store", tmp_path / "exports")
    assert (first.articles, first.triples) == (second.articles, second.triples)


def test_demo_never_deletes_a_folder_that_is_not_a_store(tmp_path: Path) -> None:
    precious = tmp_path / "documents"
    precious.mkdir()
    (precious / "notes.txt").write_text("keep me")
    with pytest.raises(KGError, match="not a defense-kg store"):
        build_demo(precious, tmp_path / "exports")
    assert (precious / "notes.txt").read_text() == "keep me"


def test_demo_command(kg, tmp_path: Path) -> None:
    result = kg("demo", "--exports", tmp_path / "exports")
    assert result.exit_code == 0, result.output
    assert "defense.ttl" in result.stdout and "graph.html" in result.stdout


def test_the_readmes_tour_writes_no_page_over_the_demos(tmp_path: Path) -> None:
    """The tour's `kg view -o exports/...` pages sit beside the demo's without replacing one of them."""
    from kg.settings import PROJECT_ROOT

    demo_pages = {path.name for path in build_demo(tmp_path / "store", tmp_path / "exports").files}
    readme = (PROJECT_ROOT / "README.md").read_text(encoding="utf-8")
    written = set(re.findall(r"^\$ kg view .*-o exports/(\S+)$", readme, flags=re.M))
    assert written and not written & demo_pages, written & demo_pages
