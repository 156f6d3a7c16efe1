"""The ``kg`` command: parse arguments, make one library call, show the result with Rich.

Every command takes ``--store PATH`` (else ``$DEFENSE_KG_STORE``, else the per-user default).
Errors of the project's own kinds become one red line and a non-zero exit code.
"""

from __future__ import annotations

import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Annotated

import pandas as pd
import typer
from rich.console import Console
from rich.markup import escape
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn
from rich.table import Table

from kg import demo as demo_module
from kg import export as export_module
from kg import pipeline
from kg import serve as serve_module
from kg.cli_network import network_app
from kg.cli_train import register as register_training
from kg.errors import KGError
from kg.facts import FACT_KINDS
from kg.query import named_queries, printable, query_parameters, run_query
from kg.settings import STORE_ENV
from kg.store import Store, stats
from kg.views import write_graph_view

app = typer.Typer(
    name="kg",
    help="defense-kg: a knowledge graph of defence spending built from news.",
    no_args_is_help=True,
    add_completion=False,
    rich_markup_mode="markdown",
)
app.add_typer(network_app, name="network")
register_training(app)
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


def store_location(value: str | Path | None) -> str | Path | None:
    """``--store``: a SPARQL endpoint's URL stays a string (see kg.remote), anything else is a folder."""
    if value is None or isinstance(value, Path) or value.startswith(("http://", "https://")):
        return value
    return Path(value)


@contextmanager
def opened(path: str | Path | None, read_only: bool = False) -> Iterator[Store]:
    """Open the store (a folder or a SPARQL endpoint), turning the project's errors into one red line."""
    try:
        with Store(store_location(path), read_only=read_only) as store:
            yield store
    except KGError as exc:
        raise fail(str(exc)) from None


def _progress() -> Progress:
    return Progress(TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(), console=errors, transient=True)


def _report_problems(report: pipeline.Report) -> None:
    for message in report.warnings:
        errors.print(f"[yellow]warning:[/yellow] {escape(message)}")
    for message in report.errors:
        errors.print(f"[red]rejected:[/red] {escape(message)}")


def _summary(report: pipeline.Report, title: str, stored: bool) -> Table:
    table = Table(title=title, show_header=True)
    table.add_column("what")
    table.add_column("count", justify="right")
    table.add_row("articles", str(report.articles))
    for kind in FACT_KINDS:
        table.add_row(f"  {kind.replace('_', ' ')}", str(report.facts.get(kind, 0)))
    if report.held_back:
        table.add_row("facts held back (below --min-confidence)", str(report.held_back))
    if stored:
        table.add_row("triples added", str(report.added))
        table.add_row("triples removed", str(report.removed))
    table.add_row("warnings", f"[yellow]{len(report.warnings)}[/yellow]" if report.warnings else "0")
    table.add_row("errors", f"[red]{len(report.errors)}[/red]" if report.errors else "0")
    return table


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
    table = Table("fact", "evidence", title=f"{facts.id}: {facts.title or ''}", show_lines=True)
    table.add_row("countries", ", ".join(facts.countries))
    table.add_row("organizations", ", ".join(facts.organizations))
    for kind in FACT_KINDS[2:]:
        for item in getattr(facts, kind):
            evidence = item.evidence.sentence if item.evidence else ""
            sure = f"\nconfidence {item.confidence:.2f}" if item.confidence is not None else ""
            table.add_row(f"[bold]{SINGULAR[kind]}[/bold]\n{escape(_describe(kind, item))}{sure}", escape(evidence))
    return table


def _render(frame: pd.DataFrame, fmt: str) -> str | Table:
    frame = printable(frame)  # dates as dates
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
    table = Table(show_lines=False)
    for col in frame.columns:
        table.add_column(col, overflow="fold")
    for row in text.itertuples(index=False):
        table.add_row(*(escape(_cell(v)) for v in row))
    return table


def _cell(value: object, limit: int = 60) -> str:
    """A table cell: long text (a headline, an evidence sentence) cut short; CSV and JSON keep it whole."""
    text = str(value).replace("\n", " ")
    return text if len(text) <= limit else text[: limit - 1] + "…"


FORMATS = ("table", "csv", "tsv", "json", "markdown")


@app.command("query")
def query_command(
    query: Annotated[
        str | None, typer.Argument(help="A named query, a .rq file, or SPARQL text.", show_default=False)
    ] = None,
    file: Annotated[Path | None, typer.Option("--file", "-f", help="Read the query from this file.")] = None,
    param: Annotated[list[str] | None, typer.Option("--param", "-p", help="Bind a variable: NAME=VALUE.")] = None,
    fmt: Annotated[str, typer.Option("--format", help=f"One of: {', '.join(FORMATS)}.")] = "table",
    list_: Annotated[bool, typer.Option("--list", help="List the named queries.")] = False,
    no_cache: Annotated[
        bool, typer.Option("--no-cache", help="Ask the store even if a saved answer for this data exists.")
    ] = False,
    store: StoreOption = None,
) -> None:
    """Run SPARQL over the graph: a named query, a file or text; values bound with --param.

    Example: `kg query spending-targets --param code=JP --format csv`
    """
    if list_:
        table = Table("name", "what it answers", "parameters")
        for q in named_queries().values():
            table.add_row(q.name, q.description, ", ".join(query_parameters(q.text)))
        console.print(table)
        return
    if fmt not in FORMATS:
        raise fail(f"--format {fmt!r}: choose one of {', '.join(FORMATS)}", 2)
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
        out = _render(result, fmt)
        if isinstance(out, Table):
            console.print(out)
        else:
            sys.stdout.write(out if out.endswith("\n") else out + "\n")
    else:
        sys.stdout.write(result.serialize(format="turtle"))


@app.command("export")
def export_command(
    fmt: Annotated[str, typer.Option("--format", help=f"One of: {', '.join(export_module.FORMATS)}.")] = "turtle",
    output: Annotated[Path | None, typer.Option("--output", "-o", help="Write to this file (atomically).")] = None,
    store: StoreOption = None,
) -> None:
    """Export the graph (Turtle by default) to stdout or a file; TriG and N-Quads keep per-article graphs.

    Example: `kg export --format trig -o exports/defense.trig`
    """
    with opened(store, read_only=True) as db:
        try:
            if output is None:
                sys.stdout.buffer.write(export_module.serialize(db, fmt))
            else:
                export_module.write(db, output, fmt)
                errors.print(f"wrote {output}")
        except KGError as exc:
            raise fail(str(exc)) from None


@app.command("stats")
def stats_command(store: StoreOption = None) -> None:
    """Count articles, triples and the nodes of each class.

    Example: `kg stats --store /tmp/kg`
    """
    with opened(store, read_only=True) as db:
        counts = stats(db)
    table = Table("what", "count", title=str(db.path))
    for key, value in counts.items():
        table.add_row(key, str(value))
    console.print(table)


@app.command("validate")
def validate_command(store: StoreOption = None) -> None:
    """Check the graph against the SHACL shapes (ontology/shapes.ttl) and list each violation.

    Example: `kg validate`
    """
    from kg.validate import validate_graph

    with opened(store, read_only=True) as db:
        graph = db.union_graph()
    report = validate_graph(graph)
    if report.conforms:
        console.print(f"[green]{escape(report.summary())}[/green]: {len(graph)} triples checked against the shapes")
        return
    table = Table("node", "property", "value", "problem", title=report.summary())
    for v in report.violations:
        table.add_row(escape(v.focus), escape(v.path or ""), escape(v.value or ""), escape(v.message))
    console.print(table)
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
    with opened(store, read_only=True) as db:
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
    if written.index:
        console.print(f"wrote {written.index}")


@app.command("serve")
def serve_command(
    host: Annotated[
        str, typer.Option(help="Address to listen on: 127.0.0.1 is this machine only, 0.0.0.0 every network.")
    ] = serve_module.DEFAULT_HOST,
    port: Annotated[int, typer.Option(min=0, max=65535, help="Port to listen on (0: any free port).")] = (
        serve_module.DEFAULT_PORT
    ),
    views: Annotated[Path, typer.Option(help="Folder of HTML views served at /views/.")] = Path("exports"),
    timeout: Annotated[
        float, typer.Option(min=0.1, help="Seconds a query may run; a slower one is stopped and answered 503.")
    ] = serve_module.DEFAULT_TIMEOUT,
    max_rows: Annotated[
        int,
        typer.Option(min=1, help="Most solutions (or triples) in a result; a longer one is cut (X-Result-Truncated)."),
    ] = serve_module.DEFAULT_MAX_ROWS,
    max_bytes: Annotated[
        int, typer.Option(min=1, help="Most bytes of a result (as SPARQL JSON or N-Triples); a longer one is cut.")
    ] = serve_module.DEFAULT_MAX_BYTES,
    workers: Annotated[
        int | None,
        typer.Option(min=1, help="Queries run at once, each in its own process (default: one a CPU, at most 4)."),
    ] = None,
    allow_update: Annotated[
        bool,
        typer.Option("--allow-update", help="Accept SPARQL updates that carry the token (opens the store read-write)."),
    ] = False,
    token: Annotated[
        str | None,
        typer.Option(
            envvar=serve_module.TOKEN_ENV,
            help=f"The update token, sent as 'Authorization: Bearer TOKEN' (better in ${serve_module.TOKEN_ENV}).",
            show_default=False,
        ),
    ] = None,
    store: StoreOption = None,
) -> None:
    """Serve the graph over HTTP: a SPARQL 1.1 endpoint at /sparql, a query page at /, the views at /views/.

    Read-only unless started with --allow-update and a token. Each query runs in a worker process
    that is stopped after --timeout seconds. Ctrl-C (or SIGTERM) stops the server.

    Example: `kg serve --port 7878` then `curl http://127.0.0.1:7878/sparql --data-urlencode 'query=ASK { ?s ?p ?o }'`
    """
    try:
        server = serve_module.make_server(
            store,
            host,
            port,
            views=views,
            timeout=timeout,
            max_rows=max_rows,
            max_bytes=max_bytes,
            workers=workers,
            allow_update=allow_update,
            token=token,
        )
    except KGError as exc:
        raise fail(str(exc)) from None
    mode = "updates allowed with the token" if allow_update else "read-only"
    errors.print(f"serving {escape(str(server.settings.store_path))} ({mode})")
    errors.print(f"  SPARQL endpoint  {server.url}sparql")
    errors.print(f"  query page       {server.url}")
    errors.print(f"  views            {server.url}views/  (from {escape(str(server.settings.views))})")
    if host not in ("127.0.0.1", "localhost", "::1"):
        errors.print(
            f"[yellow]note:[/yellow] listening on {escape(host)}: whoever can reach this machine can query the store"
        )
    serve_module.serve_until_stopped(server)
    errors.print("stopped")


@app.command("demo")
def demo_command(
    exports: Annotated[Path, typer.Option(help="Folder for the Turtle and HTML views.")] = Path("exports"),
    store: StoreOption = None,
) -> None:
    """Build the demo graph from the bundled sample articles into a fresh store, and write the views.

    Example: `kg demo --store .kg/demo --exports exports`
    """
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
