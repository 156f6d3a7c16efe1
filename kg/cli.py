"""The ``kg`` command: parse arguments, make one library call, show the result with Rich.

Every command takes ``--store PATH`` (else ``$DEFENSE_KG_STORE``, else the per-user default).
Errors of the project's own kinds become one red line and a non-zero exit code. The commands live
here and in ``kg.cli_ingest`` (ingest, extract); ``kg serve``, ``kg network``, ``kg train`` and
``kg eval`` load from their own modules only when run (``kg.cli_lazy``).
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Annotated

import typer
from rich.markup import escape
from rich.table import Table

from kg.cli_common import StoreOption, console, errors, fail, opened, show
from kg.cli_ingest import register as register_ingest
from kg.cli_lazy import KGGroup, version_option
from kg.cli_output import FORMAT_HELP, FORMATS, chosen_format
from kg.cli_progress import activity
from kg.errors import KGError

# pandas, pyoxigraph, rdflib and the rest load inside the commands that use them (see kg.cli_lazy).
app = typer.Typer(
    name="kg",
    cls=KGGroup,
    help="defense-kg: a knowledge graph of defence spending built from news.",
    no_args_is_help=True,
    add_completion=False,
    rich_markup_mode="markdown",
)


def _version() -> str:
    from importlib.metadata import PackageNotFoundError, version

    try:
        return version("defense-kg")
    except PackageNotFoundError:  # run from a source tree that was never installed
        return "unknown"


register_ingest(app)  # kg ingest and kg extract, first in the help


@app.callback()
def main_options(
    show_version: Annotated[
        bool | None,
        typer.Option("--version", callback=version_option(_version), is_eager=True, help="Print the version and exit."),
    ] = None,
) -> None:
    """defense-kg: a knowledge graph of defence spending built from news."""


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
                with activity(errors, f"exporting {fmt}"):
                    data = export_module.serialize(db, fmt)
                sys.stdout.buffer.write(data)
            else:
                with activity(errors, f"exporting {fmt} to {output}"):
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
    with opened(store, read_only=True) as db, activity(errors, "validating") as step:
        step("reading the graph")
        graph = db.union_graph()
        step(f"checking {len(graph):,} triples against the shapes")
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
    with opened(store, read_only=True) as db, activity(errors, "drawing the view") as step:
        label = store_label(db)
        written = write_graph_view(
            db,
            output,
            progress=step,
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
    elif index:
        errors.print(
            f"[yellow]note:[/yellow] {escape(str(written.path.parent / 'index.html'))} is not a page defense-kg "
            "wrote: left as it is (no index of views written)"
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
