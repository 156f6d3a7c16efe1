"""Where a big store's query time goes: the joins, reading terms off disk, or Python.

usage: python benchmarks/store_profile.py [--triples 1000000] [--repeat 3]

Builds the same synthetic store as ``store_scale.py``, copies it into an in-memory Oxigraph store,
and times, for a full scan and for each named query:

- ``count``: the query wrapped in ``SELECT (COUNT(*) ...)`` on disk: the joins and filters alone,
  no answer decoded;
- ``disk``: every answer row read from the on-disk store (terms decoded from RocksDB);
- ``memory``: the same rows from the in-memory copy of the same data;
- ``frame``: ``kg.run_query`` on disk (the rows, plus building the typed DataFrame);
- ``saved answer``: ``kg.run_query`` asked again, answered from ``kg.cache``.

``disk`` against ``memory`` is the cost of reading terms from disk; ``count`` against ``disk`` the
cost of the answer's size; ``frame`` against ``disk`` what pandas adds. (No sampling profiler
sees inside Oxigraph's compiled code, so the split is measured this way.)
"""

from __future__ import annotations

import argparse
import sys
import tempfile
from pathlib import Path

import pyoxigraph as ox

sys.path.insert(0, str(Path(__file__).resolve().parent))

from store_scale import _median_ms as _ms
from store_scale import build

from kg.namespaces import PREFIXES
from kg.query import named_queries, run_query
from kg.store import Store

PREFIX_MAP = {p: str(n) for p, n in PREFIXES.items()}


def _rows(store: ox.Store, text: str) -> int:
    return sum(1 for _ in store.query(text, prefixes=PREFIX_MAP, use_default_graph_as_union=True))


def _counted(text: str) -> str:
    """The query as a subquery, answering only how many rows it has (no term decoded for Python)."""
    return f"SELECT (COUNT(*) AS ?rows) WHERE {{ {text[text.index('SELECT') :]} }}"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--triples", type=int, default=1_000_000)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="kg-profile-") as tmp:
        path = Path(tmp) / "store"
        build(path, args.triples)
        with Store(path, read_only=True) as store:
            disk = store.oxigraph
            memory = ox.Store()
            memory.load(disk.dump(format=ox.RdfFormat.N_QUADS), format=ox.RdfFormat.N_QUADS)
            quads = len(memory)
            scan_disk = _ms(lambda: sum(1 for _ in disk.quads_for_pattern(None, None, None, None)), args.repeat)
            scan_memory = _ms(lambda: sum(1 for _ in memory.quads_for_pattern(None, None, None, None)), args.repeat)
            print(
                f"{quads:,} quads; full scan: disk {scan_disk:,.0f} ms ({scan_disk * 1000 / quads:.2f} µs/quad), "
                f"memory {scan_memory:,.0f} ms ({scan_memory * 1000 / quads:.2f} µs/quad)"
            )
            # the same scan, counting only (no term decoded), then decoding one term of each quad: the
            # predicate, a handful of values always in RocksDB's cache, so what remains is the lookup itself
            every = "SELECT ?p WHERE { GRAPH ?g { ?s ?p ?o } }"
            counted = _ms(lambda: _rows(disk, _counted(every)), args.repeat)
            one_term = _ms(lambda: _rows(disk, every), args.repeat)
            print(
                f"scan counted in SPARQL: {counted * 1000 / quads:.2f} µs/quad; with one term decoded: "
                f"{one_term * 1000 / quads:.2f} µs/quad, so {(one_term - counted) * 1000 / quads:.2f} µs per term "
                "read from disk (a Turtle export decodes three per triple)"
            )
            print("| query | rows | count (ms) | disk (ms) | memory (ms) | frame (ms) | saved answer (ms) |")
            print("|---|---:|---:|---:|---:|---:|---:|")
            for name, query in named_queries().items():
                text = query.text
                rows = _rows(disk, text)
                count = _ms(lambda text=text: _rows(disk, _counted(text)), args.repeat)
                on_disk = _ms(lambda text=text: _rows(disk, text), args.repeat)
                in_memory = _ms(lambda text=text: _rows(memory, text), args.repeat)
                frame = _ms(lambda name=name: run_query(store, name, cached=False), args.repeat)
                run_query(store, name)
                saved = _ms(lambda name=name: run_query(store, name), args.repeat)
                print(
                    f"| {name} | {rows:,} | {count:,.0f} | {on_disk:,.0f} | {in_memory:,.0f} | {frame:,.0f} "
                    f"| {saved:,.0f} |"
                )


if __name__ == "__main__":
    main()
