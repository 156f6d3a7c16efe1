"""The README's tour runs as written, and documents every command and named query."""

from __future__ import annotations

import doctest
import glob
import re
import shlex
from pathlib import Path

import pytest
from typer.testing import CliRunner

from kg.cli import app
from kg.query import named_queries
from kg.settings import PROJECT_ROOT

README = PROJECT_ROOT / "README.md"


def _tour_commands() -> list[list[str]]:
    commands = []
    for block in re.findall(r"```console\n(.*?)```", README.read_text(encoding="utf-8"), flags=re.S):
        for line in block.splitlines():
            if line.startswith("$ kg "):
                commands.append(shlex.split(line[len("$ kg ") :]))
    return commands


def test_readme_opens_with_the_two_commands() -> None:
    head = README.read_text(encoding="utf-8")[:800]
    assert "make demo" in head and "make test" in head


def test_readme_documents_every_command_and_named_query() -> None:
    text = README.read_text(encoding="utf-8")
    for command in ("ingest", "extract", "query", "export", "stats", "validate", "remove", "view"):
        assert f"$ kg {command}" in text, command
    for name in named_queries():
        assert f"`{name}`" in text, name


def test_the_tour_runs_as_written(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, gold_dir: Path) -> None:
    monkeypatch.chdir(PROJECT_ROOT)
    monkeypatch.setenv("DEFENSE_KG_STORE", str(tmp_path / "store"))
    runner = CliRunner()
    commands = _tour_commands()
    assert len(commands) >= 10
    for argv in commands:
        expanded = []
        for arg in argv:
            arg = arg.replace("exports/", f"{tmp_path}/exports/")
            expanded += sorted(glob.glob(arg)) if "*" in arg else [arg]
        result = runner.invoke(app, expanded)
        assert result.exit_code == 0, f"kg {' '.join(argv)}\n{result.output}"
        assert result.stdout.strip() or (tmp_path / "exports").exists(), argv


def test_the_python_example_in_the_readme(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(PROJECT_ROOT)
    text = README.read_text(encoding="utf-8")
    (example,) = re.findall(r"```python\n(.*?)```", text, flags=re.S)
    test = doctest.DocTestParser().get_doctest(example, {}, "README", str(README), 0)
    runner = doctest.DocTestRunner(optionflags=doctest.ELLIPSIS | doctest.NORMALIZE_WHITESPACE)
    runner.run(test)
    assert runner.failures == 0 and runner.tries >= 5
