"""Progress of `kg ingest` and `kg extract`: the total is counted ahead, so the bar shows n/N and the time left."""

from __future__ import annotations

import io
import json
from pathlib import Path

import pytest
from rich.console import Console
from typer.testing import CliRunner

from kg import cli_ingest, pipeline
from kg.cli import app
from kg.cli_progress import ARTICLES, count_inputs
from kg.settings import SAMPLES_DIR
from kg.sources.registry import READERS
from kg.store import Store

FEED = """<?xml version="1.0"?>
<rss version="2.0"><channel><title>Defence news</title><link>https://example.org/</link>
<item><title>Poland lifts spending</title><link>https://example.org/a</link>
<description>Poland will spend 4.7% of GDP on defence in 2025, the defence minister said.</description></item>
<item><title>Japan budget</title><link>https://example.org/b</link>
<description>Japan plans to spend 2% of GDP on defence by 2027.</description></item>
</channel></rss>
"""


@pytest.fixture
def batch(tmp_path: Path) -> list[str]:
    """A mixed batch: a folder of texts (one hidden), JSON Lines with a blank line, a feed, a facts file."""
    folder = tmp_path / "articles"
    (folder / "more").mkdir(parents=True)
    for path in sorted((SAMPLES_DIR / "articles").glob("*.txt"))[:3]:
        (folder / path.name).write_text(path.read_text(encoding="utf-8"), encoding="utf-8")
    (folder / "more" / "note.md").write_text("Germany will spend 3.5% of GDP on defence by 2029.", encoding="utf-8")
    (folder / ".hidden.txt").write_text("not read", encoding="utf-8")
    lines = [json.dumps({"id": f"line-{i}", "text": f"Norway will spend {i}% of GDP on defence."}) for i in range(4)]
    (tmp_path / "batch.jsonl").write_text("\n".join(lines[:2]) + "\n\n" + "\n".join(lines[2:]) + "\n", encoding="utf-8")
    (tmp_path / "news.rss").write_text(FEED, encoding="utf-8")
    facts = sorted((SAMPLES_DIR / "facts").glob("*.json"))[-1]  # not one of the three texts above
    return [str(folder), str(tmp_path / "batch.jsonl"), str(tmp_path / "news.rss"), str(facts)]


def test_the_count_is_the_number_of_progress_reports_of_the_batch(batch: list[str], tmp_path: Path) -> None:
    reported: list[str] = []
    with Store(tmp_path / "store") as store:
        report = pipeline.ingest(store, batch, progress=reported.append)
    assert report.articles == 4 + 4 + 2 + 1
    assert count_inputs(batch) == len(reported) == 11


def test_a_url_leaves_the_total_unknown(batch: list[str]) -> None:
    assert count_inputs([*batch, "https://example.org/feed.xml"]) is None


def test_the_folder_suffixes_are_those_the_readers_claim() -> None:
    assert frozenset(READERS) == ARTICLES


def test_the_bar_shows_the_total_and_the_time_left(batch: list[str], tmp_path: Path, monkeypatch) -> None:
    screen = io.StringIO()
    monkeypatch.setattr(cli_ingest, "errors", Console(file=screen, force_terminal=True, width=120))
    result = CliRunner().invoke(app, ["ingest", *batch, "--store", str(tmp_path / "store")])
    assert result.exit_code == 0, result.output
    shown = screen.getvalue()
    assert "11/11" in shown and "eta" in shown, shown[-500:]
    assert "/?" not in shown
