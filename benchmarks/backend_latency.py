"""Backend latency: the embedded Oxigraph store against a Virtuoso server, on the gold facts.

usage: python benchmarks/backend_latency.py [--repeat 20] [--endpoint URL]

Ingests the gold facts of ../shared/corpus/dev into a fresh embedded store and into Virtuoso
(a throwaway instance started by tests/virtuoso.py, or the server at ``--endpoint``, whose
article graphs it replaces), then prints one table: ingest throughput (articles per second, the
first load into an empty store) and the median latency of each named query through
``kg.query.run_query`` (so parsing the answer into a DataFrame is included on both sides).
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))  # the Virtuoso harness lives with the tests

from kg.facts import load_facts
from kg.query import named_queries, run_query
from kg.settings import PROJECT_ROOT
from kg.store import Store

GOLD = PROJECT_ROOT.parent / "shared" / "corpus" / "dev"


def ingest_rate(store: Store, facts: list) -> float:
    began = time.perf_counter()
    for f in facts:
        store.ingest(f)
    return len(facts) / (time.perf_counter() - began)


def median_ms(store: Store, name: str, repeat: int) -> float:
    run_query(store, name, cached=False)  # warm up (query plan caches on both sides)
    times = []
    for _ in range(repeat):
        began = time.perf_counter()
        run_query(store, name, cached=False)  # the query itself: the remote store keeps no saved answers
        times.append(time.perf_counter() - began)
    return statistics.median(times) * 1000


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=20)
    parser.add_argument("--endpoint", help="an existing SPARQL endpoint (default: start a throwaway Virtuoso)")
    args = parser.parse_args()
    facts = [load_facts(p) for p in sorted(GOLD.glob("*.json"))]
    if not facts:
        sys.exit(f"no gold facts in {GOLD}")

    server = None
    if args.endpoint is None:
        from tests import virtuoso

        server = virtuoso.start()
        endpoint = server.endpoint
        print(f"Virtuoso started in {server.startup_seconds:.1f} s at {endpoint}")
    else:
        endpoint = args.endpoint
    try:
        with tempfile.TemporaryDirectory(prefix="defense-kg-bench-") as folder:
            embedded, remote = Store(Path(folder) / "store"), Store(endpoint)
            graphs = [g.value for g in remote.oxigraph.named_graphs() if "/id/article/" in g.value]
            if graphs:
                remote.oxigraph.update(" ;\n".join(f"DROP SILENT GRAPH <{g}>" for g in graphs))
            rates = ingest_rate(embedded, facts), ingest_rate(remote, facts)
            rows = [
                (name, median_ms(embedded, name, args.repeat), median_ms(remote, name, args.repeat))
                for name in named_queries()
            ]
            articles = sum(1 for _ in embedded.article_ids())
            print(f"\n{len(facts)} gold files, {articles} articles, {len(embedded)} triples; median of {args.repeat}\n")
            print(f"{'':28} {'embedded':>12} {'virtuoso':>12} {'ratio':>7}")
            print(f"{'ingest (articles/s)':28} {rates[0]:12.0f} {rates[1]:12.0f} {rates[0] / rates[1]:6.1f}x")
            for name, local, far in rows:
                print(f"{'query ' + name + ' (ms)':28} {local:12.2f} {far:12.2f} {far / local:6.1f}x")
            embedded.close()
    finally:
        if server is not None:
            server.stop()


if __name__ == "__main__":
    main()
