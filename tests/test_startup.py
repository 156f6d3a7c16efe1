"""`kg` answers at once: `kg --help` and `kg --version` load none of the heavy libraries.

The time itself is measured by benchmarks/startup.py, not here; what is tested is what makes it
quick: the modules a process imports (read from ``python -X importtime``, in a real subprocess).
"""

from __future__ import annotations

import subprocess
import sys
from importlib.metadata import version

import pytest
from typer.testing import CliRunner

from kg import export
from kg.cli import EXPORT_FORMATS, app
from kg.cli_lazy import LAZY_COMMANDS, load_command

HEAVY = ("pandas", "pyoxigraph", "rdflib", "spacy", "networkx", "pydantic", "trafilatura", "sklearn", "numpy")


def imported_modules(*argv: str) -> tuple[set[str], str]:
    """The top-level packages ``python -m kg ARGV`` imports, and what it prints."""
    done = subprocess.run(
        [sys.executable, "-X", "importtime", "-m", "kg", *argv], capture_output=True, text=True, timeout=60
    )
    assert done.returncode == 0, done.stderr[-2000:]
    modules = {
        line.rsplit("|", 1)[-1].strip().split(".")[0]
        for line in done.stderr.splitlines()
        if line.startswith("import time:")
    }
    return modules, done.stdout


@pytest.mark.parametrize("argv", [["--help"], ["--version"]], ids=["--help", "--version"])
def test_help_and_version_load_no_heavy_library(argv: list[str]) -> None:
    modules, _ = imported_modules(*argv)
    assert "typer" in modules  # the measure works: it sees what is imported
    assert not modules & set(HEAVY), sorted(modules & set(HEAVY))


def test_version_prints_the_installed_version() -> None:
    _, out = imported_modules("--version")
    assert out.strip() == f"kg {version('defense-kg')}"


def test_help_lists_every_command_the_lazy_ones_with_their_own_help() -> None:
    result = CliRunner().invoke(app, ["--help"], env={"COLUMNS": "200"})
    assert result.exit_code == 0
    for name in ["ingest", "extract", "query", "export", "stats", "validate", "remove", "view", "demo", *LAZY_COMMANDS]:
        assert f" {name} " in result.stdout, name


@pytest.mark.parametrize("name", list(LAZY_COMMANDS))
def test_a_lazy_commands_line_in_the_help_is_the_first_line_of_its_own_help(name: str) -> None:
    real = load_command(name)
    assert real.help.strip().splitlines()[0] == LAZY_COMMANDS[name][1]
    result = CliRunner().invoke(app, [name, "--help"])
    assert result.exit_code == 0 and ("Example:" in result.stdout or "Commands" in result.stdout), result.output


def test_the_export_formats_in_the_help_are_the_export_formats() -> None:
    assert tuple(export.FORMATS) == EXPORT_FORMATS


@pytest.mark.parametrize(
    "argv", [["--help"], ["view", "--help"], ["query", "--help"], ["network", "central", "--help"]]
)
def test_flags_show_no_type_in_the_help(argv: list[str]) -> None:
    result = CliRunner().invoke(app, argv, env={"COLUMNS": "120"})
    assert result.exit_code == 0
    assert "--help" in result.stdout and "<bool>" not in result.stdout, result.stdout
