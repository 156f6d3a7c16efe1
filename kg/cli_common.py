"""What every ``kg`` command shares: the consoles, the ``--store`` option, opening the store, one-line errors.

Kept apart from ``kg.cli`` so that the modules of single commands (``kg.cli_ingest``,
``kg.cli_network``, ``kg.cli_serve``) use them without importing one another.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer
from rich.console import Console
from rich.markup import escape
from rich.table import Table

from kg.cli_output import CELL_LIMIT, render, write_text
from kg.errors import KGError
from kg.settings import STORE_ENV

if TYPE_CHECKING:
    import pandas as pd

    from kg.store import Store

#: Results on stdout; progress, notes and errors on stderr.
console = Console()
errors = Console(stderr=True, soft_wrap=True)

StoreOption = Annotated[
    str | None,
    typer.Option(
        "--store",
        envvar=STORE_ENV,
        help="Store folder, or a SPARQL endpoint's URL (default: $DEFENSE_KG_STORE or ~/.local/share).",
        show_default=False,
    ),
]


def fail(message: str, code: int = 1) -> typer.Exit:
    errors.print(f"[red]error:[/red] {escape(message)}")
    return typer.Exit(code)


def show(frame: pd.DataFrame, fmt: str, title: str | None = None, whole: bool = False) -> None:
    """Print a result in ``fmt`` (already chosen: see ``kg.cli_output.chosen_format``) to fit the terminal.

    ``whole`` keeps long text whole in a table (else cut at ``kg.cli_output.CELL_LIMIT`` characters).
    """
    from kg.query import printable

    out = render(printable(frame), fmt, title=title, width=console.width, limit=None if whole else CELL_LIMIT)
    if isinstance(out, Table):
        console.print(out)
    else:
        write_text(out)


def store_location(value: str | Path | None) -> str | Path | None:
    """``--store``: a SPARQL endpoint's URL stays a string (see kg.remote), anything else is a folder."""
    if value is None or isinstance(value, Path) or value.startswith(("http://", "https://")):
        return value
    return Path(value)


@contextmanager
def opened(path: str | Path | None, read_only: bool = False) -> Iterator[Store]:
    """Open the store (a folder or a SPARQL endpoint), turning the project's errors into one red line."""
    from kg.store import Store

    try:
        with Store(store_location(path), read_only=read_only) as store:
            yield store
    except KGError as exc:
        raise fail(str(exc)) from None


__all__ = ["StoreOption", "console", "errors", "fail", "opened", "show", "store_location"]
