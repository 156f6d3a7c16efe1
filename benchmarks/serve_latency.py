"""Query latency through kg serve against the embedded store, for each named query.

usage: python benchmarks/serve_latency.py [--repeat 50] [--corpus ../shared/corpus/dev]

Builds a store of the gold facts of the corpus (``*.json``) in a temporary folder, starts the
endpoint on 127.0.0.1 (read-only, default workers and limits) in a thread of this process, and
runs every named query (parameters left unbound) ``--repeat`` times each way, after a warm-up:

- embedded: ``pyoxigraph.Store.query`` on the store opened read-only, with the result written as
  SPARQL JSON (the same work the endpoint does, minus HTTP and the worker process);
- run_query: ``kg.run_query``, the library call ``kg query`` makes (a typed DataFrame);
- server: a POST to ``/sparql`` asking for SPARQL JSON, over one kept-alive HTTP connection.

Prints the median milliseconds of each (the three run in turn, so load on the machine hits them
alike), and what the endpoint adds to the embedded query (server - embedded).
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import threading
import time
from collections.abc import Callable
from pathlib import Path

import httpx
import pyoxigraph as ox

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from kg.facts import load_facts
from kg.namespaces import PREFIXES
from kg.query import named_queries, run_query
from kg.serve import make_server
from kg.settings import PROJECT_ROOT
from kg.store import Store


def median_ms(ways: dict[str, Callable[[], object]], repeat: int, warmup: int = 3) -> dict[str, float]:
    """Median milliseconds of each way, run in turn within each repetition so load on the machine hits all alike."""
    for _ in range(warmup):
        for work in ways.values():
            work()
    times: dict[str, list[float]] = {name: [] for name in ways}
    for _ in range(repeat):
        for name, work in ways.items():
            started = time.perf_counter()
            work()
            times[name].append(time.perf_counter() - started)
    return {name: statistics.median(values) * 1000 for name, values in times.items()}


def ways_to_run(name: str, text: str, store: Store, http: httpx.Client) -> dict[str, Callable[[], object]]:
    """The named query ``name`` run embedded, through ``kg.run_query`` and through the endpoint."""
    prefixes = {p: str(n) for p, n in PREFIXES.items()}
    accept = {"Accept": "application/sparql-results+json"}

    def embedded() -> bytes:
        result = store.oxigraph.query(text, prefixes=prefixes, use_default_graph_as_union=True)
        return result.serialize(format=ox.QueryResultsFormat.JSON)

    def server() -> bytes:
        response = http.post("/sparql", data={"query": text}, headers=accept)
        response.raise_for_status()
        return response.content

    return {"embedded": embedded, "run_query": lambda: run_query(store, name, cached=False), "server": server}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=50)
    parser.add_argument("--corpus", type=Path, default=PROJECT_ROOT.parent / "shared" / "corpus" / "dev")
    args = parser.parse_args()
    files = sorted(args.corpus.glob("*.json"))
    if not files:
        sys.exit(f"no gold facts (*.json) in {args.corpus}")

    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "store"
        with Store(path) as store:
            for file in files:
                store.ingest(load_facts(file))
            triples = len(store)
        server = make_server(path, "127.0.0.1", 0, log=None)
        threading.Thread(target=server.serve_forever, daemon=True).start()
        workers = len(server.runner.pids()) if server.runner else 0
        print(f"{len(files)} articles' gold facts, {triples:,} triples; server: {workers} worker processes")
        print(f"median of {args.repeat} runs, in ms; added = server - embedded\n")
        header = f"{'named query':<18}{'rows':>6}{'embedded':>10}{'run_query':>11}{'server':>9}{'added':>9}"
        print(header)
        print("-" * len(header))
        try:
            with Store(path, read_only=True) as reader, httpx.Client(base_url=server.url, timeout=60) as http:
                for name, query in named_queries().items():
                    rows = len(run_query(reader, name))
                    ms = median_ms(ways_to_run(name, query.text, reader, http), args.repeat)
                    added = ms["server"] - ms["embedded"]
                    print(
                        f"{name:<18}{rows:>6}{ms['embedded']:>10.2f}{ms['run_query']:>11.2f}{ms['server']:>9.2f}"
                        f"{added:>+9.2f}"
                    )
        finally:
            server.shutdown()
            server.server_close()


if __name__ == "__main__":
    main()
