"""``kg serve``: the SPARQL endpoint, query page and views of ``kg.serve`` from the command line.

Kept apart from ``kg.cli`` so that the server's imports load only when ``kg serve`` runs;
``kg.cli`` registers it lazily (see ``kg.cli_lazy.LAZY_COMMANDS``).
"""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer
from rich.markup import escape

from kg import serve as serve_module
from kg.cli_common import StoreOption, errors, fail
from kg.errors import KGError


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


def register(app: typer.Typer) -> None:
    app.command("serve")(serve_command)
