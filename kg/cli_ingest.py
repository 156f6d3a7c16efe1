"""``kg ingest`` and ``kg extract``: articles and facts files in, a store or facts files out, and what a batch did.

Registered on ``kg.cli``'s app by ``register``.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer
from rich.console import Group
from rich.markup import escape
from rich.table import Table
from rich.text import Text

from kg.cli_common import StoreOption, console, errors, fail, opened
from kg.cli_progress import counted
from kg.errors import KGError

if TYPE_CHECKING:
    from kg import pipeline


def _report_problems(report: pipeline.Report) -> None:
    for message in report.warnings:
        errors.print(f"[yellow]warning:[/yellow] {escape(message)}")
    for message in report.errors:
        errors.print(f"[red]rejected:[/red] {escape(message)}")


#: What the counts of ``kg ingest`` and ``kg extract`` are, beside those of ``kg stats``.
SUMMARY_CAPTION = (
    "facts: as each article states them (one named in two articles counts twice); triples: statements "
    "in the articles' own graphs. kg stats counts distinct nodes and triples."
)


def _summary(report: pipeline.Report, title: str, stored: bool) -> Group:
    """The counts of a batch; when storing changed nothing, say so rather than count every fact again."""
    from kg.facts import FACT_KINDS

    unchanged = sum(1 for result in report.results if not result.changed) if stored else 0
    nothing_new = stored and report.articles > 0 and unchanged == report.articles
    table = Table(title=title + (": nothing changed" if nothing_new else ""), show_header=True)
    table.add_column("what")
    table.add_column("count", justify="right")
    table.add_row("articles", str(report.articles))
    if stored:
        table.add_row("  new or changed", str(report.articles - unchanged))
        table.add_row("  unchanged (stored already, as read)", str(unchanged))
    if not nothing_new:
        table.add_row("facts read, by kind", "")
        for kind in FACT_KINDS:
            table.add_row(f"  {kind.replace('_', ' ')}", str(report.facts.get(kind, 0)))
    if report.held_back:
        table.add_row("facts held back (below --min-confidence)", str(report.held_back))
    if stored:
        table.add_row("triples added", str(report.added))
        table.add_row("triples removed", str(report.removed))
    table.add_row("warnings", f"[yellow]{len(report.warnings)}[/yellow]" if report.warnings else "0")
    table.add_row("errors", f"[red]{len(report.errors)}[/red]" if report.errors else "0")
    if nothing_new:
        return Group(table)
    caption = SUMMARY_CAPTION if stored else SUMMARY_CAPTION.split(";")[0] + "."
    return Group(table, Text(caption, style="dim"))


def ingest_command(
    paths: Annotated[
        list[str],
        typer.Argument(
            help="Articles (text, HTML, JSON Lines, feeds, URLs), facts files, folders or globs.", show_default=False
        ),
    ],
    store: StoreOption = None,
    workers: Annotated[
        int,
        typer.Option(
            "--workers",
            "-j",
            min=0,
            help="Extract in this many processes (0: one per core) while one writes to the store.",
        ),
    ] = 1,
    min_confidence: Annotated[
        float,
        typer.Option(
            "--min-confidence",
            min=0.0,
            max=1.0,
            help="Hold back extracted facts the model is less sure of than this (0-1). Facts the rules "
            "alone read carry no confidence and are kept; facts files are stored as they are.",
        ),
    ] = 0.0,
) -> None:
    """Extract and store articles, or store facts files: each article in its own graph, replacing any earlier version.

    Example: `kg ingest kg/samples/articles/ saved-page.html ../shared/corpus/dev/*.json --workers 0`
    """
    from kg import pipeline

    with opened(store) as db, counted(errors, "ingesting", paths) as progress:
        report = pipeline.ingest(db, paths, progress=progress, workers=workers, min_confidence=min_confidence)
    _report_problems(report)
    console.print(_summary(report, f"ingested into {db.path}", stored=True))
    if not report.ok:
        raise typer.Exit(1)


def extract_command(
    paths: Annotated[
        list[str],
        typer.Argument(help="Articles: text, HTML, JSON Lines, feeds, URLs, folders or globs.", show_default=False),
    ],
    out: Annotated[Path, typer.Option("--out", "-o", help="Folder for NAME.json, one per article.")] = Path("facts"),
    explain: Annotated[
        bool,
        typer.Option("--explain", help="Show each fact with the sentence that states it, and how sure the model is."),
    ] = False,
) -> None:
    """Extract facts from articles into OUT/NAME.json, in the facts schema (editable, then ingestible).

    Example: `kg extract ../shared/corpus/dev.jsonl --out facts/ --explain`
    """
    from kg import pipeline

    shown: list = []
    try:
        with counted(errors, "extracting", paths) as progress:
            report = pipeline.extract(paths, out, progress=progress, on_facts=shown.append if explain else None)
    except KGError as exc:  # e.g. a limit set to a bad value in the environment
        raise fail(str(exc)) from None
    for facts in shown:
        console.print(_explain(facts))
    _report_problems(report)
    console.print(_summary(report, f"extracted into {out}", stored=False))
    if not report.ok:
        raise typer.Exit(1)


def _describe(kind: str, item) -> str:
    if kind == "officials":
        former = "former " if item.former else ""
        return f"{item.name}, {former}{item.title or 'official'} ({item.country or '?'})"
    if kind == "strategies":
        return (
            item.name + (f" ({item.acronym})" if item.acronym else "") + (f", {item.country}" if item.country else "")
        )
    if kind == "spending_targets":
        amount = f"{item.value:g}% of GDP" if item.unit == "percent_gdp" else f"{item.value:,.0f} {item.unit}"
        by = f" by {item.deadline}" if item.deadline else ""
        setter = f" (set by {item.set_by})" if item.set_by else ""
        return f"{', '.join(item.applies_to)}: {amount}{by}{setter}"
    if kind == "expenditures":
        amount = f"{item.value:g}% of GDP" if item.unit == "percent_gdp" else f"{item.value:,.0f} {item.unit}"
        return f"{item.country} {item.kind} {item.year or ''}: {amount}"
    where = f" in {item.location}" if item.location else ""
    when = f" on {item.date}" if item.date else ""
    return " & ".join(item.participants) + where + when


SINGULAR = {
    "officials": "official",
    "strategies": "strategy",
    "spending_targets": "spending target",
    "expenditures": "expenditure",
    "meetings": "meeting",
}


def _explain(facts) -> Table:
    from kg.facts import FACT_KINDS

    table = Table("fact", "evidence", title=f"{facts.id}: {facts.title or ''}", show_lines=True)
    table.add_row("countries", ", ".join(facts.countries))
    table.add_row("organizations", ", ".join(facts.organizations))
    for kind in FACT_KINDS[2:]:
        for item in getattr(facts, kind):
            evidence = item.evidence.sentence if item.evidence else ""
            sure = f"\nconfidence {item.confidence:.2f}" if item.confidence is not None else ""
            table.add_row(f"[bold]{SINGULAR[kind]}[/bold]\n{escape(_describe(kind, item))}{sure}", escape(evidence))
    return table


def register(app: typer.Typer) -> None:
    app.command("ingest")(ingest_command)
    app.command("extract")(extract_command)
