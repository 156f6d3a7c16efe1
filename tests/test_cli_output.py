"""What `kg query` and `kg network` print: a table that fits the terminal, CSV when piped.

Run as a user runs them, in a real subprocess with ``COLUMNS`` set as a terminal of that width
sets it, against a real store built from the sample facts.
"""

from __future__ import annotations

import csv
import io
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from kg.cli import app
from kg.settings import SAMPLES_DIR


@pytest.fixture(scope="module")
def sample_store(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("output") / "store"
    result = CliRunner().invoke(app, ["ingest", str(SAMPLES_DIR / "facts"), "--store", str(path)])
    assert result.exit_code == 0, result.output
    return path


def kg(*argv: str | Path, columns: int = 80) -> str:
    """What ``kg ARGV`` prints to a pipe, with a terminal ``columns`` wide as far as Rich knows."""
    env = {**os.environ, "COLUMNS": str(columns)}
    done = subprocess.run(
        [sys.executable, "-m", "kg", *map(str, argv)], capture_output=True, text=True, env=env, timeout=120
    )
    assert done.returncode == 0, done.stderr
    return done.stdout


def words(text: str) -> set[str]:
    return set(re.split(r"[\s│┃|]+", text))


def test_piped_output_is_csv_with_a_header_by_default(sample_store: Path) -> None:
    rows = list(csv.DictReader(io.StringIO(kg("query", "spending-targets", "--store", sample_store))))
    assert rows and {"applies_to", "value", "unit", "deadline", "headline"} <= set(rows[0])
    assert {r["applies_to"] for r in rows} >= {"JP", "DE"}
    central = list(csv.DictReader(io.StringIO(kg("network", "central", "--top", "3", "--store", sample_store))))
    assert len(central) == 3 and central[0]["iri"].startswith("https://")


@pytest.mark.parametrize("columns", [80, 100, 200])
@pytest.mark.parametrize(
    "argv",
    [["query", "spending-targets"], ["query", "officials"], ["query", "--list"], ["network", "central"]],
    ids=["spending-targets", "officials", "--list", "central"],
)
def test_a_table_fits_the_terminal_and_breaks_no_word(sample_store: Path, argv: list[str], columns: int) -> None:
    as_csv = kg(*argv, "--format", "csv", "--store", sample_store)
    shown = kg(*argv, "--format", "table", "--store", sample_store, columns=columns)
    assert max(len(line) for line in shown.splitlines()) <= columns, shown
    on_screen = words(shown)
    rows = list(csv.reader(io.StringIO(as_csv)))
    # IRIs are left out of network tables and scores rounded to four places; long text is cut.
    kept = {v for row in rows for v in row if len(v) <= 40 and not v.startswith("https://") and not v.endswith("iri")}
    for value in {v for v in kept if not re.fullmatch(r"-?\d+\.\d{5,}", v)}:
        for word in value.split():
            assert word in on_screen, (word, value, shown)
