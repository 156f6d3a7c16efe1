"""The ``kg`` command group: commands that live in their own modules load only when they run.

``kg --help`` must answer at once, so the top-level group lists ``kg network``, ``kg serve``,
``kg train`` and ``kg eval`` from their one-line help given here, and imports the module that
defines a command (networkx, the server, the model trainer) only when that command is run or its
own help is asked for. A test checks that each line here is the first line of the command's help.

The group also leaves the type out of a flag's line in the help (``--explain`` takes no value, so
``<bool>`` beside it only misleads).
"""

from __future__ import annotations

import importlib
from collections.abc import Callable
from typing import Any

import typer
from typer.core import TyperCommand, TyperGroup

#: Command name -> (module that defines it, its one-line help). The module has ``register(app)``
#: (adding the command to a Typer app) or, for a group of subcommands, a Typer app ``<name>_app``.
LAZY_COMMANDS: dict[str, tuple[str, str]] = {
    "serve": (
        "kg.cli_serve",
        "Serve the graph over HTTP: a SPARQL 1.1 endpoint at /sparql, a query page at /, the views at /views/.",
    ),
    "network": (
        "kg.cli_network",
        "Network analyses (networkx): neighbours, paths, centrality, communities, meetings, timelines.",
    ),
    "train": (
        "kg.cli_train",
        "Train the model that decides what each spending figure is (target, expenditure, neither) on a gold corpus.",
    ),
    "eval": (
        "kg.cli_train",
        "Cross-validate extraction by article: train on all folds but one, extract the one left out, each in turn.",
    ),
}


def load_command(name: str) -> Any:
    """The real command ``name`` of ``LAZY_COMMANDS``, importing the module that defines it."""
    module = importlib.import_module(LAZY_COMMANDS[name][0])
    if hasattr(module, f"{name}_app"):
        return typer.main.get_command(getattr(module, f"{name}_app"))
    app = typer.Typer(rich_markup_mode="markdown")
    module.register(app)
    group = typer.main.get_command(app)
    return group.commands[name] if hasattr(group, "commands") else group


class _NotYetLoaded(TyperCommand):
    """Stands in for a lazy command in ``kg --help``; replaced by the real one before it runs."""


def _untyped_flags(command: Any, ctx: Any) -> None:
    """Show flags (and ``--help``) without a ``<bool>`` type: they take no value."""
    for param in command.get_params(ctx):
        if getattr(param, "is_flag", False) and param.metavar is None:
            param.metavar = ""
    for sub in getattr(command, "commands", {}).values():
        _untyped_flags(sub, ctx)


class KGGroup(TyperGroup):
    """The top-level group: lazy commands listed from ``LAZY_COMMANDS``, loaded when resolved."""

    def __init__(self, **attrs: object) -> None:
        super().__init__(**attrs)
        for name, (_, short_help) in LAZY_COMMANDS.items():
            self.commands.setdefault(
                name, _NotYetLoaded(name=name, help=short_help, rich_markup_mode=self.rich_markup_mode)
            )

    def resolve_command(self, ctx: Any, args: list[str]) -> tuple[str | None, Any, list[str]]:
        name, command, rest = super().resolve_command(ctx, args)
        if isinstance(command, _NotYetLoaded) and name:
            command = self.commands[name] = load_command(name)
        if command is not None:
            _untyped_flags(command, ctx)
        return name, command, rest

    def format_help(self, ctx: Any, formatter: Any) -> None:
        _untyped_flags(self, ctx)
        super().format_help(ctx, formatter)


def version_option(version: Callable[[], str]) -> Callable[[bool], None]:
    """A ``--version`` callback: print ``kg VERSION`` and stop before any command runs."""

    def show(value: bool) -> None:
        if value:
            typer.echo(f"kg {version()}")
            raise typer.Exit()

    return show


__all__ = ["LAZY_COMMANDS", "KGGroup", "load_command", "version_option"]
