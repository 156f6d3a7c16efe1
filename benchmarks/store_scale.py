"""A store of a million triples: named-query latency, Turtle export, cold open, against rdflib.

usage: python benchmarks/store_scale.py [--triples 1000000] [--repeat 10] [--rdflib-timeout 60]

Builds an on-disk store from synthetic facts (``benchmarks/synthetic.py``: many articles, a growing
population of officials, shared countries and organisations), then measures what an analyst feels:

- each named query (``kg/queries/*.rq``) as ``kg.run_query`` runs it: asked of the store (the
  first time, or after any write: ``cached=False``), median of 3 runs; and asked again while the
  data is unchanged (the saved answer, ``kg.cache``), median of ``--repeat`` runs;
- ``kg export`` to Turtle, in distinct triples per second;
- cold open: a fresh process opening the store and answering a first query (median of 5);
- writing the facts (one transaction per 500 articles), in triples per second.

Beside each figure, the same work with rdflib's in-memory ``Dataset`` and its SPARQL engine in the
same run: parsing the exported N-Quads (rdflib's way to "open" a saved graph), the same query
texts over the union of the graphs, serializing the union graph as Turtle. An rdflib query that
runs past ``--rdflib-timeout`` seconds is stopped and shown as more than that.
"""

from __future__ import annotations

import argparse
import gc
import os
import signal
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from synthetic import synthetic_facts

from kg import export
from kg.namespaces import PREFIXES
from kg.query import named_queries, run_query
from kg.store import Store, prepare

#: Targets from the project's scale issue.
QUERY_TARGET_MS = 200

#: Runs of each query asked of the store itself (seconds each at a million triples).
ASKED_REPEAT = 3
EXPORT_TARGET = 300_000
OPEN_TARGET_S = 2.0

COLD_OPEN = """
import sys, time
start = time.perf_counter()
from kg.store import Store
with Store(sys.argv[1], read_only=True) as store:
    next(iter(store.oxigraph.query("SELECT ?g WHERE { GRAPH ?g { ?s ?p ?o } } LIMIT 1")))
print(time.perf_counter() - start)
"""


@dataclass
class Figures:
    """What one run measured; ``rows`` are (what, ours, rdflib, ratio, target, met) for the table."""

    triples: int = 0
    quads: int = 0
    articles: int = 0
    rows: list[tuple[str, str, str, str, str, str]] = field(default_factory=list)


def _median_ms(work, repeat: int) -> float:
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        work()
        times.append((time.perf_counter() - start) * 1000)
    return statistics.median(times)


def _drop_caches() -> bool:
    """Ask the kernel to forget cached file pages (needs root; a no-op elsewhere)."""
    try:
        os.sync()
        Path("/proc/sys/vm/drop_caches").write_text("3\n")
        return True
    except OSError:
        return False


class _Timeout(Exception):
    pass


def _alarm(_signum, _frame):
    raise _Timeout


def _with_timeout(work, seconds: float) -> float | None:
    """Seconds ``work`` took, or None when it ran past ``seconds`` (rdflib's engine is pure Python)."""
    signal.signal(signal.SIGALRM, _alarm)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    start = time.perf_counter()
    try:
        work()
        return time.perf_counter() - start
    except _Timeout:
        return None
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)


def build(path: Path, triples: int) -> tuple[int, float]:
    """Write synthetic facts of about ``triples`` triples into a store; (articles, seconds writing)."""
    prepared = [prepare(facts) for facts in synthetic_facts(triples)]
    start = time.perf_counter()
    with Store(path) as store:
        for i in range(0, len(prepared), 500):
            store.write(prepared[i : i + 500])
    return len(prepared), time.perf_counter() - start


def measure(triples: int, repeat: int, rdflib_timeout: float, workdir: Path) -> Figures:
    figures = Figures()
    path = workdir / "store"
    figures.articles, write_s = build(path, triples)

    # --- ours ------------------------------------------------------------------------------
    with Store(path, read_only=True) as store:
        figures.triples, figures.quads = len(store), store.quad_count()
        queries = {name: q.text for name, q in named_queries().items()}
        asked_ms, saved_ms = {}, {}
        for name in queries:
            run_query(store, name, cached=False)  # warm: the first run pays for reading pages from disk
            asked_ms[name] = _median_ms(lambda name=name: run_query(store, name, cached=False), ASKED_REPEAT)
            run_query(store, name)  # saves the answer
            saved_ms[name] = _median_ms(lambda name=name: run_query(store, name), repeat)
        ttl = workdir / "export.ttl"
        start = time.perf_counter()
        export.write(store, ttl)
        export_s = time.perf_counter() - start
        nquads = workdir / "export.nq"
        export.write(store, nquads)

    dropped = _drop_caches()
    opens = []
    for _ in range(5):
        _drop_caches()
        out = subprocess.run([sys.executable, "-c", COLD_OPEN, str(path)], capture_output=True, text=True, check=True)
        opens.append(float(out.stdout))
    open_s = statistics.median(opens)

    # --- rdflib, the same work -------------------------------------------------------------
    from rdflib import Dataset, Graph

    gc.collect()
    dataset = Dataset(default_union=True)
    start = time.perf_counter()
    dataset.parse(nquads, format="nquads")
    rdflib_open_s = time.perf_counter() - start
    for prefix, namespace in PREFIXES.items():
        dataset.bind(prefix, namespace)
    rdflib_ms: dict[str, float | None] = {}
    for name, text in queries.items():
        took = _with_timeout(lambda text=text: list(dataset.query(text, initNs=dict(PREFIXES))), rdflib_timeout)
        rdflib_ms[name] = None if took is None else took * 1000
    union = Graph()
    for t in dataset.triples((None, None, None)):
        union.add(t)
    dataset = None  # free it before the serializer runs
    gc.collect()
    rdflib_export_s = _with_timeout(lambda: union.serialize(format="turtle"), rdflib_timeout * 5)

    # --- the table -------------------------------------------------------------------------
    def ratio(ours: float, theirs: float | None, limit: float) -> tuple[str, str]:
        if theirs is None:
            return f"> {limit:g} s", f"> {limit / ours:,.0f}x"
        return f"{theirs:,.3g}", f"{theirs / ours:,.1f}x"

    for name in queries:
        theirs, r = ratio(asked_ms[name], rdflib_ms[name], rdflib_timeout * 1000)
        if rdflib_ms[name] is None:
            theirs = f"> {rdflib_timeout:g} s"
        what = f"query `{name}`, asked of the store (ms, median of {ASKED_REPEAT})"
        figures.rows.append((what, f"{asked_ms[name]:,.1f}", theirs, r, "—", "—"))
    for name in queries:
        met = saved_ms[name] <= QUERY_TARGET_MS
        figures.rows.append(
            (
                f"query `{name}` again, saved answer (ms, median of {repeat})",
                f"{saved_ms[name]:,.1f}",
                "—",
                f"{asked_ms[name] / saved_ms[name]:,.0f}x faster than asking",
                f"≤ {QUERY_TARGET_MS}",
                _yes(met),
            )
        )
    rate = figures.triples / export_s
    theirs_rate = None if rdflib_export_s is None else figures.triples / rdflib_export_s
    figures.rows.append(
        (
            "Turtle export (triples/s)",
            f"{rate:,.0f}",
            f"{theirs_rate:,.0f}" if theirs_rate else f"> {rdflib_timeout * 5:g} s",
            f"{rate / theirs_rate:,.1f}x" if theirs_rate else "—",
            f"≥ {EXPORT_TARGET:,}",
            _yes(rate >= EXPORT_TARGET),
        )
    )
    figures.rows.append(
        (
            f"cold open + first query (s, median of 5{', page cache dropped' if dropped else ''})",
            f"{open_s:.2f}",
            f"{rdflib_open_s:.1f} (parse N-Quads)",
            f"{rdflib_open_s / open_s:,.0f}x",
            f"≤ {OPEN_TARGET_S:g}",
            _yes(open_s <= OPEN_TARGET_S),
        )
    )
    figures.rows.append(
        ("writing the facts (triples/s)", f"{figures.quads / write_s:,.0f}", "—", "—", "—", "—")
    )
    return figures


def _yes(met: bool) -> str:
    return "yes" if met else "**no**"


def table(figures: Figures) -> str:
    head = "| measure | defense-kg (Oxigraph) | rdflib in-memory | rdflib / ours | target | met |"
    lines = [head, "|---|---:|---:|---:|---|---|"]
    lines += ["| " + " | ".join(row) + " |" for row in figures.rows]
    return "\n".join(lines)


def run(triples: int = 1_000_000, repeat: int = 10, rdflib_timeout: float = 60.0) -> Figures:
    with tempfile.TemporaryDirectory(prefix="kg-scale-") as tmp:
        return measure(triples, repeat, rdflib_timeout, Path(tmp))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--triples", type=int, default=1_000_000)
    parser.add_argument("--repeat", type=int, default=10)
    parser.add_argument("--rdflib-timeout", type=float, default=60.0, help="seconds before an rdflib query is stopped")
    args = parser.parse_args()
    figures = run(args.triples, args.repeat, args.rdflib_timeout)
    print(f"{figures.triples:,} distinct triples, {figures.quads:,} quads, {figures.articles:,} articles")
    print(table(figures))


if __name__ == "__main__":
    main()
