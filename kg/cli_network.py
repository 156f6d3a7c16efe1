"""``kg network``: the network analyses of ``kg.network`` from the command line.

Each command opens the store read-only, makes one call to ``kg.network`` and prints the DataFrame
as ``kg query`` does (``--format auto|table|csv|tsv|json|markdown``: a table on a terminal, CSV
when piped); the table leaves out IRIs and rounds scores to four places.

``kg.cli`` lists this sub-app in ``kg --help`` and imports this module (and so networkx and pandas)
only when a ``kg network`` command runs (``kg.cli_lazy``).
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Annotated

import pandas as pd
import typer

import kg
from kg import network
from kg.cli_common import StoreOption, errors, fail, opened, show
from kg.cli_output import FORMAT_HELP, FORMATS, chosen_format
from kg.cli_progress import activity
from kg.errors import KGError

network_app = typer.Typer(
    name="network",
    help="Network analyses (networkx): neighbours, paths, centrality, communities, meetings, timelines.",
    no_args_is_help=True,
    rich_markup_mode="markdown",
)

FormatOption = Annotated[str, typer.Option("--format", help=FORMAT_HELP)]
KindOption = Annotated[
    list[str] | None,
    typer.Option("--kind", "-k", help=f"Only rows of this kind (repeatable): {', '.join(network.KINDS)}."),
]


def _show(store: Path | None, fmt: str, title: str, analysis: Callable[[kg.Store], pd.DataFrame]) -> None:
    """Open the store read-only, run ``analysis`` on it and print the result in ``fmt``."""
    chosen = chosen_format(fmt)
    if chosen is None:
        raise fail(f"--format {fmt!r}: choose one of {', '.join(FORMATS)}", 2)
    with opened(store, read_only=True) as db, activity(errors, title):
        try:
            frame = analysis(db)
        except KGError as exc:
            raise fail(str(exc)) from None
    if chosen == "table":
        # IRIs and 16-digit scores make a terminal table unreadable; csv, tsv, json and markdown keep them.
        frame = frame[[c for c in frame.columns if c != "iri" and not c.endswith("_iri")]].round(4)
    show(frame, chosen, title=title)


@network_app.command("neighbours")
def neighbours_command(
    entity: Annotated[str, typer.Argument(help="A name, ISO code, acronym or IRI.", show_default=False)],
    radius: Annotated[int, typer.Option("--radius", "-r", min=0, help="How many links away.")] = 1,
    fmt: FormatOption = "auto",
    store: StoreOption = None,
) -> None:
    """List what lies within RADIUS links of an entity: its facts, officials, meetings, and so on.

    Example: `kg network neighbours JP --radius 2 --format csv`
    """
    _show(
        store,
        fmt,
        f"within {radius} of {entity}",
        lambda db: network.neighbourhood(db, entity, radius=radius),
    )


@network_app.command("path")
def path_command(
    a: Annotated[str, typer.Argument(help="Where the path starts.", show_default=False)],
    b: Annotated[str, typer.Argument(help="Where it ends.", show_default=False)],
    limit: Annotated[int, typer.Option("--limit", "-n", min=1, help="Most paths shown.")] = 5,
    fmt: FormatOption = "auto",
    store: StoreOption = None,
) -> None:
    """Show the shortest paths between two entities, step by step (^relation: the link points back).

    Example: `kg network path "Pete Hegseth" "Mark Rutte"`
    """
    _show(store, fmt, f"from {a} to {b}", lambda db: network.paths(db, a, b, limit=limit))


@network_app.command("central")
def central_command(
    top: Annotated[int, typer.Option("--top", "-n", min=1, help="How many rows.")] = 20,
    kind: KindOption = None,
    fmt: FormatOption = "auto",
    store: StoreOption = None,
) -> None:
    """Rank entities by PageRank, with their degree and betweenness.

    Example: `kg network central --top 10 --kind Country --kind Official`
    """
    _show(store, fmt, "most central", lambda db: network.centrality(db, top=top, kinds=kind))


@network_app.command("communities")
def communities_command(
    kind: KindOption = None,
    fmt: FormatOption = "auto",
    store: StoreOption = None,
) -> None:
    """Group entities into communities (Louvain, fixed seed: the same graph gives the same groups).

    Example: `kg network communities --kind Country --kind Organization`
    """
    _show(store, fmt, "communities", lambda db: network.communities(db, kinds=kind))


@network_app.command("meetings")
def meetings_command(
    fmt: FormatOption = "auto",
    store: StoreOption = None,
) -> None:
    """List the pairs of officials who met: how many times, when and where.

    Example: `kg network meetings --format markdown`
    """
    _show(store, fmt, "who met whom", network.meeting_network)


@network_app.command("timeline")
def timeline_command(
    code: Annotated[str, typer.Argument(help="A country's ISO code or name (or an organisation).")],
    fmt: FormatOption = "auto",
    store: StoreOption = None,
) -> None:
    """Show a country's spending targets and expenditures, year by year.

    Example: `kg network timeline JP --format csv`
    """
    _show(store, fmt, f"targets and spending of {code}", lambda db: network.country_timeline(db, code))


__all__ = ["network_app"]
