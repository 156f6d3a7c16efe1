"""What keeping the merged default graph costs: write time and disk, against a store that keeps none.

usage: python benchmarks/merge_cost.py [--triples 300000] [--batch 500] [--repeat 3] [--base REV]

Writes the same synthetic facts (``benchmarks/synthetic.py``) into two fresh stores on disk, in
batches of ``--batch`` articles as ``kg ingest`` does (``Store.write``): one with the store as it
is, which keeps the merge (``kg.merge``), and one with ``kg/store.py`` as it was at ``--base`` (a
git revision from before the merge was kept), loaded from git in the same process. Then re-ingests
every tenth article changed (one official more) and removes every twentieth, timed likewise. Reports
the median wall time of each phase over ``--repeat`` runs, the store's size on disk after a
compaction, and the ratios new / old. Also times the README's query over the default graph.
"""

from __future__ import annotations

import argparse
import importlib.util
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from synthetic import synthetic_facts

from kg import store as new_store

ROOT = Path(__file__).resolve().parent.parent
README_QUERY = "SELECT ?name WHERE { ?o a dkg:Official ; rdfs:label ?name }"


def old_store_module(rev: str):
    """``kg/store.py`` as it was at ``rev``, as a module of its own."""
    text = subprocess.run(
        ["git", "-C", str(ROOT), "show", f"{rev}:kg/store.py"], capture_output=True, text=True, check=True
    ).stdout
    path = Path(tempfile.mkdtemp()) / "kg_store_before_merge.py"
    path.write_text(text, encoding="utf-8")
    spec = importlib.util.spec_from_file_location("kg_store_before_merge", path)
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses look their module up there
    spec.loader.exec_module(module)
    return module


def disk(path: Path) -> int:
    return sum(f.stat().st_size for f in path.rglob("*") if f.is_file() and "query-cache" not in f.parts)


def run(module, facts: list, batch: int) -> dict[str, float]:
    folder = Path(tempfile.mkdtemp())
    out: dict[str, float] = {}
    try:
        with module.Store(folder / "store") as store:
            start = time.perf_counter()
            for i in range(0, len(facts), batch):
                store.write([module.prepare(f) for f in facts[i : i + batch]])
            out["write new articles (s)"] = time.perf_counter() - start
            changed = []
            for f in facts[::10]:
                copy = f.model_copy(deep=True)
                if copy.officials:
                    copy.officials.append(copy.officials[0].model_copy(update={"name": "Extra Official"}))
                else:
                    copy.countries = [*copy.countries, "JP"]
                changed.append(copy)
            start = time.perf_counter()
            for f in changed:
                store.ingest(f)
            out["re-ingest changed (s)"] = time.perf_counter() - start
            start = time.perf_counter()
            for f in facts[::20]:
                store.remove(f.id)
            out["remove (s)"] = time.perf_counter() - start
            store.oxigraph.optimize()
            start = time.perf_counter()
            rows = store.oxigraph.query(
                README_QUERY,
                prefixes={
                    "dkg": "https://w3id.org/defense-kg/ontology#",
                    "rdfs": "http://www.w3.org/2000/01/rdf-schema#",
                },
                **(store.query_dataset() if hasattr(store, "query_dataset") else {"use_default_graph_as_union": True}),
            )
            out["README query rows"] = sum(1 for _ in rows)
            out["README query (s)"] = time.perf_counter() - start
        out["disk (MB)"] = disk(folder / "store") / 1e6
    finally:
        shutil.rmtree(folder, ignore_errors=True)
    return out


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--triples", type=int, default=300_000)
    parser.add_argument("--batch", type=int, default=500)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--base", default="accfadb", help="a revision of kg/store.py without the merge")
    args = parser.parse_args(argv)
    facts = list(synthetic_facts(args.triples))
    old = old_store_module(args.base)
    results: dict[str, dict[str, list[float]]] = {"old": {}, "new": {}}
    for _ in range(args.repeat):
        for name, module in (("old", old), ("new", new_store)):
            for key, value in run(module, facts, args.batch).items():
                results[name].setdefault(key, []).append(value)
    print(f"{len(facts)} articles, about {args.triples} triples, batches of {args.batch}, median of {args.repeat}")
    print(f"{'':28} {'no merge':>10} {'merge kept':>11} {'ratio':>7}")
    for key in results["new"]:
        a, b = statistics.median(results["old"][key]), statistics.median(results["new"][key])
        print(f"{key:28} {a:10.3f} {b:11.3f} {b / a if a else float('nan'):7.2f}")


if __name__ == "__main__":
    main()
