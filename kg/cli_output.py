"""How ``kg`` prints a result: a table on a terminal, CSV when the output goes to a pipe or a file.

As sqlite-utils and datasette do, the same command reads well on screen and feeds ``cut``, a
spreadsheet or ``pandas.read_csv`` unchanged when piped: ``--format auto`` (the default) is a
table on a terminal and CSV otherwise, and any format can be asked for by name.

A table fits the terminal without breaking words: columns of short values (codes, numbers, dates,
names) keep their width and are never wrapped; only columns of long text (headlines, evidence,
ids) give up width, wrapping at spaces and folding only a word longer than the column.
"""

from __future__ import annotations

import sys
from typing import TYPE_CHECKING

from rich.markup import escape
from rich.table import Table

if TYPE_CHECKING:
    import pandas as pd

FORMATS = ("auto", "table", "csv", "tsv", "json", "markdown")

#: The help of every ``--format`` that prints a result.
FORMAT_HELP = (
    "auto: a table on a terminal, CSV (with a header row) when the output goes to a pipe or a file; "
    "or one of table, csv, tsv, json (a list of records), markdown."
)

#: A column whose values and header all fit in this many characters is never wrapped in a table.
SHORT_COLUMN = 20
#: Narrowest a column of long text is made before a table turns into records.
LONG_COLUMN = 20
#: Longest text shown in a table cell; CSV, TSV, JSON and Markdown keep text whole.
CELL_LIMIT = 60


def chosen_format(fmt: str) -> str | None:
    """The format to print in: ``auto`` resolved by whether stdout is a terminal; None if unknown."""
    if fmt not in FORMATS:
        return None
    if fmt == "auto":
        return "table" if sys.stdout.isatty() else "csv"
    return fmt


def render(
    frame: pd.DataFrame, fmt: str, title: str | None = None, width: int = 80, limit: int | None = CELL_LIMIT
) -> str | Table:
    """``frame`` as text in ``fmt`` (csv, tsv, json, markdown), or as a Rich table ``width`` wide (table).

    ``limit`` cuts long text in a table's cells (None: keep it whole); the other formats keep it whole.
    """
    if fmt == "csv":
        return frame.to_csv(index=False)
    if fmt == "tsv":
        return frame.to_csv(index=False, sep="\t")
    if fmt == "json":
        return frame.to_json(orient="records", date_format="iso", force_ascii=False, indent=2)
    text = frame.astype(object).where(frame.notna(), "")
    if fmt == "markdown":
        lines = ["| " + " | ".join(frame.columns) + " |", "|" + "---|" * len(frame.columns)]
        for row in text.itertuples(index=False):
            lines.append("| " + " | ".join(str(v).replace("|", "\\|").replace("\n", " ") for v in row) + " |")
        return "\n".join(lines) + "\n"
    rows = [[cell(v, limit) for v in row] for row in text.itertuples(index=False)]
    return table([str(c) for c in frame.columns], rows, title=title, width=width)


def table(header: list[str], rows: list[list[str]], title: str | None = None, width: int = 80) -> Table:
    """A Rich table of plain-text cells that fits ``width`` columns without breaking a word.

    Columns of short values keep their width; columns of long text wrap at spaces. When even that
    cannot fit (many columns on a narrow terminal), each row is shown as a record, one field a
    line, as ``psql``'s expanded display does.
    """
    widest = [max((len(v) for v in [name, *(row[i] for row in rows)]), default=0) for i, name in enumerate(header)]
    short = [w <= SHORT_COLUMN for w in widest]
    needed = 1 + sum((w if is_short else LONG_COLUMN) + 3 for w, is_short in zip(widest, short, strict=True))
    if needed > width:
        return records(header, rows, title=title)
    out = Table(title=title)
    for name, is_short in zip(header, short, strict=True):
        if is_short:
            out.add_column(name, no_wrap=True, overflow="ellipsis")
        else:
            longest_header_word = max((len(word) for word in name.split()), default=1)
            out.add_column(name, overflow="fold", min_width=min(longest_header_word, LONG_COLUMN))
    for row in rows:
        out.add_row(*(escape(v) for v in row))
    return out


def records(header: list[str], rows: list[list[str]], title: str | None = None) -> Table:
    """Rows shown one field a line (name, value), a rule between rows: for tables too wide to read."""
    out = Table(title=title, show_header=False)
    out.add_column("field", no_wrap=True, style="bold")
    out.add_column("value", overflow="fold")
    for number, row in enumerate(rows):
        if number:
            out.add_section()
        for name, value in zip(header, row, strict=True):
            out.add_row(escape(name), escape(value))
    return out


def cell(value: object, limit: int | None = CELL_LIMIT) -> str:
    """A table cell: long text (a headline, an evidence sentence) cut short unless ``limit`` is None."""
    text = str(value).replace("\n", " ")
    return text if limit is None or len(text) <= limit else text[: limit - 1] + "…"


def write_text(out: str) -> None:
    """Print a machine format to stdout, ending with one newline."""
    sys.stdout.write(out if out.endswith("\n") else out + "\n")


__all__ = ["FORMATS", "FORMAT_HELP", "cell", "chosen_format", "records", "render", "table", "write_text"]
