"""The ``kg`` command: parse arguments, make one library call, show the result with Rich.

Every command takes ``--store PATH`` (else ``$DEFENSE_KG_STORE``, else the per-user default).
Errors of the project's own kinds become one red line and a non-zero exit code.
"""

from __future__ import annotations

import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer
from rich.console import Console, Group
from rich.markup import escape
from rich.table import Table
from rich.text import Text

from kg.cli_lazy import KGGroup, version_option
from kg.cli_output import CELL_LIMIT, FORMAT_HELP, FORMATS, chosen_format, render, write_text
from kg.errors import KGError
from kg.settings import STORE_ENV

if TYPE_CHECKING:  # the heavy libraries load inside the commands that use them
    import pandas as pd
    from rich.progress import Progress

    from kg import pipeline
    from kg.store import Store

app = typer.Typer(
    name="kg",
    cls=KGGroup,
    help="defense-kg: a knowledge graph of defence spending built from news.",
    no_args_is_help=True,
    add_completion=False,
    rich_markup_mode="markdown",
)
console = Console()
errors = Console(stderr=True, soft_wrap=True)


def _version() -> str:
    from importlib.metadata import PackageNotFoundError, version

    try:
        return version("defense-kg")
    except PackageNotFoundError:  # run from a source tree that was never installed
        return "unknown"


@app.callback()
def main_options(
    show_version: Annotated[
        bool | None,
        typer.Option("--version", callback=version_option(_version), is_eager=True, help="Print the version and exit."),
    ] = None,
) -> None:
    """defense-kg: a knowledge graph of defence spending built from news."""


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
    out = render(frame, fmt, title=title, width=console.width, limit=None if whole else CELL_LIMIT)
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


def _progress() -> Progress:
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn

    return Progress(TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(), console=errors, transient=True)


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
    return Group(table) if nothing_new else Group(table, Text(SUMMARY_CAPTION, style="dim"))


@app.command("ingest")
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

    with opened(store) as db, _progress() as bar:
        task = bar.add_task("ingesting", total=None)
        report = pipeline.ingest(
            db, paths, progress=lambda _: bar.advance(task), workers=workers, min_confidence=min_confidence
        )
    _report_problems(report)
    console.print(_summary(report, f"ingested into {db.path}", stored=True))
    if not report.ok:
        raise typer.Exit(1)


@app.command("extract")
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
        with _progress() as bar:
            task = bar.add_task("extracting", total=None)
            report = pipeline.extract(
                paths, out, progress=lambda _: bar.advance(task), on_facts=shown.append if explain else None
            )
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


@app.command("query")
def query_command(
    query: Annotated[
        str | None, typer.Argument(help="A named query, a .rq file, or SPARQL text.", show_default=False)
    ] = None,
    file: Annotated[Path | None, typer.Option("--file", "-f", help="Read the query from this file.")] = None,
    param: Annotated[list[str] | None, typer.Option("--param", "-p", help="Bind a variable: NAME=VALUE.")] = None,
    fmt: Annotated[str, typer.Option("--format", help=FORMAT_HELP)] = "auto",
    list_: Annotated[bool, typer.Option("--list", help="List the named queries.")] = False,
    no_cache: Annotated[
        bool, typer.Option("--no-cache", help="Ask the store even if a saved answer for this data exists.")
    ] = False,
    store: StoreOption = None,
) -> None:
    """Run SPARQL over the graph: a named query, a file or text; values bound with --param.

    Example: `kg query spending-targets --param code=JP --format csv`
    """
    import pandas as pd

    from kg.query import named_queries, query_parameters, run_query

    chosen = chosen_format(fmt)
    if chosen is None:
        raise fail(f"--format {fmt!r}: choose one of {', '.join(FORMATS)}", 2)
    if list_:
        listed = pd.DataFrame(
            [(q.name, q.description, ", ".join(query_parameters(q.text))) for q in named_queries().values()],
            columns=["name", "what it answers", "parameters"],
        )
        show(listed, chosen, whole=True)
        return
    if file is not None:
        query = str(file)
    if not query:
        raise fail("give a query (a name from 'kg query --list', a .rq file or SPARQL text)", 2)
    params = {}
    for item in param or []:
        name, sep, value = item.partition("=")
        if not sep or not name:
            raise fail(f"--param {item!r}: expected NAME=VALUE", 2)
        params[name] = value
    with opened(store, read_only=True) as db:
        try:
            result = run_query(db, query, params, cached=not no_cache)
        except KGError as exc:
            raise fail(str(exc)) from None
    if isinstance(result, bool):
        console.print("true" if result else "false")
    elif isinstance(result, pd.DataFrame):
        show(result, chosen)
    else:
        sys.stdout.write(result.serialize(format="turtle"))


#: The names of ``kg.export.FORMATS``, for the help (a test keeps the two the same).
EXPORT_FORMATS = ("turtle", "trig", "nquads", "ntriples", "jsonld")


@app.command("export")
def export_command(
    fmt: Annotated[str, typer.Option("--format", help=f"One of: {', '.join(EXPORT_FORMATS)}.")] = "turtle",
    output: Annotated[Path | None, typer.Option("--output", "-o", help="Write to this file (atomically).")] = None,
    store: StoreOption = None,
) -> None:
    """Export the graph (Turtle by default) to stdout or a file; TriG and N-Quads keep per-article graphs.

    Example: `kg export --format trig -o exports/defense.trig`
    """
    from kg import export as export_module

    with opened(store, read_only=True) as db:
        try:
            if output is None:
                sys.stdout.buffer.write(export_module.serialize(db, fmt))
            else:
                export_module.write(db, output, fmt)
                errors.print(f"wrote {output}")
        except KGError as exc:
            raise fail(str(exc)) from None


#: What the counts of ``kg stats`` are, beside those of ``kg ingest``.
STATS_CAPTION = (
    "nodes and distinct triples: each counted once however many articles state it; triples in article "
    "graphs: one per article stating it (what kg ingest adds)."
)


@app.command("stats")
def stats_command(store: StoreOption = None) -> None:
    """Count articles, distinct triples, the statements of the article graphs, and the nodes of each class.

    A node or triple that several articles state counts once here; `kg ingest` counts facts and
    triples once per article that states them.

    Example: `kg stats --store /tmp/kg`
    """
    from kg.store import stats

    with opened(store, read_only=True) as db:
        counts = stats(db)
    names = {
        "triples": "distinct triples",
        "quads": "triples in article graphs",
    }
    table = Table("what", "count", title=str(db.path))
    for key, value in counts.items():
        table.add_row(names.get(key, f"{key} nodes" if key[:1].isupper() else key), str(value))
    console.print(table)
    console.print(STATS_CAPTION, style="dim", highlight=False)


@app.command("validate")
def validate_command(
    fmt: Annotated[str, typer.Option("--format", help=FORMAT_HELP)] = "auto",
    store: StoreOption = None,
) -> None:
    """Check the graph against the SHACL shapes (ontology/shapes.ttl) and list each violation and warning.

    Exits 1 when the graph does not conform (a violation); warnings are listed and leave it 0.

    Example: `kg validate --format csv > problems.csv`
    """
    import pandas as pd

    from kg.validate import validate_graph

    chosen = chosen_format(fmt)
    if chosen is None:
        raise fail(f"--format {fmt!r}: choose one of {', '.join(FORMATS)}", 2)
    with opened(store, read_only=True) as db:
        graph = db.union_graph()
    report = validate_graph(graph)
    summary = f"{report.summary()}: {len(graph)} triples checked against the shapes"
    if not report.violations:
        console.print(f"[green]{escape(summary)}[/green]")
        return
    found = pd.DataFrame(
        [(v.severity, v.focus, v.path or "", v.value or "", v.message) for v in report.violations],
        columns=["severity", "node", "property", "value", "problem"],
    )
    if chosen == "table":
        show(found, chosen, title=summary, whole=True)
    else:
        show(found, chosen)
        errors.print(escape(summary))
    if not report.conforms:
        raise typer.Exit(1)


@app.command("remove")
def remove_command(
    articles: Annotated[list[str], typer.Argument(help="Article ids (or IRIs) to delete.", show_default=False)],
    store: StoreOption = None,
) -> None:
    """Delete articles' statements; entities that other articles also state stay.

    Example: `kg remove dev-000`
    """
    failed = False
    with opened(store) as db:
        for article in articles:
            try:
                n = db.remove(article)
                console.print(f"removed {escape(article)}: {n} statements")
            except KGError as exc:
                errors.print(f"[red]error:[/red] {escape(str(exc))}")
                failed = True
    if failed:
        raise typer.Exit(1)


@app.command("view")
def view_command(
    output: Annotated[
        Path | None,
        typer.Option(
            "--output",
            "-o",
            help="The HTML file to write (default: exports/graph.html, entity-NAME, country-CODE or article-ID.html).",
            show_default=False,
        ),
    ] = None,
    entity: Annotated[
        str | None, typer.Option(help="Draw one entity's neighbourhood: a name, ISO code, acronym or IRI.")
    ] = None,
    country: Annotated[
        str | None, typer.Option(help="Draw one country (ISO code or name) and what is linked to it.")
    ] = None,
    article: Annotated[str | None, typer.Option(help="Draw what one article states (its id or IRI).")] = None,
    radius: Annotated[
        int, typer.Option(min=0, help="Steps from --entity or --country (an office counts with its country).")
    ] = 2,
    limit: Annotated[
        int,
        typer.Option(min=1, help="Most nodes to draw; above it the view keeps the best connected and says so."),
    ] = 400,
    title: Annotated[str | None, typer.Option(help="The page's title.", show_default=False)] = None,
    index: Annotated[
        bool, typer.Option("--index/--no-index", help="Rewrite index.html beside the page to link every view.")
    ] = True,
    store: StoreOption = None,
) -> None:
    """Write an interactive HTML view of the graph that works offline, and the index of views.

    Hover a node for its facts and sources; click it for the evidence sentences and links. The
    page has a search box and filters by class, country and date.

    Example: `kg view --country JP -o exports/japan.html`
    """
    from kg.views import store_label, view_store, write_graph_view

    folder = output.parent if output is not None else Path("exports")
    before = {page.name: view_store(page) for page in folder.glob("*.html")} if folder.is_dir() else {}
    with opened(store, read_only=True) as db:
        label = store_label(db)
        written = write_graph_view(
            db,
            output,
            entity=entity,
            country=country,
            article=article,
            radius=radius,
            limit=limit,
            title=title,
            index=index,
        )
    view = written.view
    shown = f"{len(view.nodes):,} of {view.total:,} nodes" if view.left_out else f"{len(view.nodes):,} nodes"
    console.print(f"wrote {written.path}: {escape(view.description)}, {shown}, {written.edges:,} edges")
    if view.left_out:
        errors.print(f"[yellow]note:[/yellow] {escape(view.note)}")
    replaced = before.get(written.path.name)
    if replaced is not None and replaced != label:
        errors.print(
            f"[yellow]note:[/yellow] replaced {escape(str(written.path))}, a view of another store "
            f"({escape(replaced or 'unnamed')})"
        )
    if written.index:
        console.print(f"wrote {written.index}")
        stores = {view_store(page) for page in written.index.parent.glob("*.html")} - {None}
        if len(stores) > 1:
            errors.print(
                f"[yellow]note:[/yellow] {escape(str(written.index))} lists views of {len(stores)} stores, "
                "under one heading each"
            )


@app.command("demo")
def demo_command(
    exports: Annotated[Path, typer.Option(help="Folder for the Turtle and HTML views.")] = Path("exports"),
    store: StoreOption = None,
) -> None:
    """Build the demo graph from the bundled sample articles into a fresh store, and write the views.

    Example: `kg demo --store .kg/demo --exports exports`
    """
    from kg import demo as demo_module

    try:
        result = demo_module.build_demo(store or Path(".kg/demo"), exports)
    except KGError as exc:
        raise fail(str(exc)) from None
    console.print(f"demo store: {result.store} ({result.articles} articles, {result.triples} triples)")
    for path in result.files:
        console.print(f"wrote {path}")


def main() -> None:  # pragma: no cover - the console script
    app()


if __name__ == "__main__":  # pragma: no cover
    main()


__all__ = ["app"]
