"""Fixtures shared by the tests: real stores on disk in tmp_path, the samples, the shared corpus."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from typer.testing import CliRunner

from kg.cli import app
from kg.facts import load_facts
from kg.settings import PROJECT_ROOT, SAMPLES_DIR
from kg.store import Store

SHARED_DEV = PROJECT_ROOT.parent / "shared" / "corpus" / "dev"


@pytest.fixture
def store(tmp_path: Path):
    with Store(tmp_path / "store") as s:
        yield s


@pytest.fixture
def gold_dir() -> Path:
    if not SHARED_DEV.is_dir():
        pytest.skip("the shared dev corpus (../shared/corpus/dev) is not beside the project")
    return SHARED_DEV


@pytest.fixture
def gold_files(gold_dir: Path) -> list[Path]:
    return sorted(gold_dir.glob("*.json"))


@pytest.fixture
def sample_facts_dir() -> Path:
    return SAMPLES_DIR / "facts"


@pytest.fixture
def dev000(gold_dir: Path) -> dict:
    return json.loads((gold_dir / "dev-000.json").read_text(encoding="utf-8"))


@pytest.fixture
def copy_of(tmp_path: Path):
    """Copy facts files into tmp_path (so tests can edit them) and return the new paths."""

    def copy(*paths: Path) -> list[Path]:
        out = tmp_path / "inputs"
        out.mkdir(exist_ok=True)
        return [Path(shutil.copy(p, out / p.name)) for p in paths]

    return copy


def table_row(table: str, name: str) -> str:
    """The last cell of the row named ``name`` in a Rich table printed by the CLI."""
    for line in table.splitlines():
        cells = [c.strip() for c in line.split("│") if c.strip()]
        if cells and cells[0] == name:
            return cells[-1]
    raise AssertionError(f"no row {name!r} in\n{table}")


class KG:
    """Runs the `kg` CLI in-process against one store, as a user would type it."""

    def __init__(self, store_path: Path) -> None:
        self.store_path = store_path
        self.runner = CliRunner()

    def __call__(self, *args: str | Path, store: bool = True):
        argv = [str(a) for a in args]
        if store:
            argv += ["--store", str(self.store_path)]
        return self.runner.invoke(app, argv)


@pytest.fixture
def kg(tmp_path: Path) -> KG:
    return KG(tmp_path / "cli-store")


__all__ = ["load_facts"]
