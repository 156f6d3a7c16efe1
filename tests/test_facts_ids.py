"""Article ids from facts files are made safe as ids from every other source are.

A facts file is as untrusted as an article: its id must never become a path out of a folder or
markup in a page. Real facts files, a real store and the real CLI in tmp_path.
"""

from __future__ import annotations

import json
from pathlib import Path

import pyoxigraph as ox
import pytest

from kg.facts import load_facts
from kg.namespaces import DKG
from kg.sources import safe_id
from kg.store import Store

HOSTILE_IDS = ["../../etc/passwd", "<script>alert(1)</script>"]


def facts_file(folder: Path, name: str, article_id: str) -> Path:
    path = folder / name
    path.write_text(json.dumps({"id": article_id, "title": "Japan's budget", "countries": ["JP"]}), encoding="utf-8")
    return path


@pytest.mark.parametrize("raw", HOSTILE_IDS)
def test_a_facts_file_id_is_made_safe_as_an_article_id_is(tmp_path: Path, raw: str):
    facts = load_facts(facts_file(tmp_path, "f.json", raw))

    assert facts.id == safe_id(raw)
    assert facts.id in {"etc-passwd-936d7c", "script-alert-1-script-d5f936"}


def test_a_safe_id_in_a_facts_file_is_kept_as_it_is(tmp_path: Path):
    assert load_facts(facts_file(tmp_path, "f.json", "dev-000")).id == "dev-000"


def test_hostile_ids_are_stored_safe_and_never_reach_a_path_or_a_page(kg, tmp_path: Path):
    inputs = tmp_path / "inputs"
    inputs.mkdir()
    for number, raw in enumerate(HOSTILE_IDS):
        facts_file(inputs, f"{number}.json", raw)

    assert kg("ingest", inputs).exit_code == 0
    with Store(kg.store_path, read_only=True) as store:
        stored = {
            q.object.value for q in store.oxigraph.quads_for_pattern(None, ox.NamedNode(DKG.articleId), None, None)
        }
    assert stored == {"etc-passwd-936d7c", "script-alert-1-script-d5f936"}

    site = tmp_path / "site"
    view = kg("view", "--article", "script-alert-1-script-d5f936", "-o", site / "script.html")
    assert view.exit_code == 0, view.output
    whole = kg("view", "-o", site / "graph.html")
    assert whole.exit_code == 0, whole.output
    export = kg("export", "-o", tmp_path / "graph.ttl")
    assert export.exit_code == 0, export.output

    assert sorted(p.name for p in site.iterdir()) == ["graph.html", "index.html", "script.html"]
    written = [*(p.read_text(encoding="utf-8") for p in site.iterdir()), (tmp_path / "graph.ttl").read_text()]
    for text in written:
        assert "<script>alert" not in text and "alert(1)" not in text
        assert "../" not in text and "etc/passwd" not in text
