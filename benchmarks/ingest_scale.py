"""Ingest at scale: `kg ingest --workers` over 1,000, 10,000 and 50,000 generated articles.

usage: python benchmarks/ingest_scale.py [--sizes 1000 10000 50000] [--workers 2] [--words 500]

Each size is a JSON Lines file of synthetic ~500-word articles (``benchmarks/synthetic.py``),
ingested into a fresh on-disk store by the real command line, as a user runs it. Reports wall
time, articles per second and the peak memory of the whole process tree (the writing process,
the extraction workers and their fork server, summed every 0.1 s), so the growth of cost with
size is visible. In the same run, the smallest size is also ingested by one process
(``--workers 1``): the ratio is what the extra process buys.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from synthetic import synthetic_articles

#: Targets from the project's scale issue (10,000 articles).
TARGET_SECONDS = 60.0
TARGET_MEMORY_MB = 1536
KG = [sys.executable, "-m", "kg"]


@dataclass
class Run:
    articles: int
    workers: int
    seconds: float
    peak_mb: float
    stored: int

    @property
    def rate(self) -> float:
        return self.articles / self.seconds


def write_corpus(path: Path, n: int, words: int) -> None:
    import json

    with path.open("w", encoding="utf-8") as out:
        for record in synthetic_articles(n, seed=11, words=words):
            out.write(json.dumps(record, ensure_ascii=False) + "\n")


def _tree_rss_mb(root: int) -> float:
    """Resident memory of ``root`` and all its descendants, in MB (from /proc)."""
    children: dict[int, list[int]] = {}
    rss: dict[int, int] = {}
    for entry in os.scandir("/proc"):
        if not entry.name.isdigit():
            continue
        try:
            with open(f"/proc/{entry.name}/stat", encoding="utf-8") as f:
                fields = f.read().rsplit(")", 1)[1].split()
        except OSError:
            continue
        pid, ppid = int(entry.name), int(fields[1])
        children.setdefault(ppid, []).append(pid)
        rss[pid] = int(fields[21]) * os.sysconf("SC_PAGE_SIZE")
    total, todo = 0, [root]
    while todo:
        pid = todo.pop()
        total += rss.get(pid, 0)
        todo.extend(children.get(pid, []))
    return total / 1e6


def ingest(corpus: Path, store: Path, workers: int, articles: int) -> Run:
    env = {**os.environ, "DEFENSE_KG_MAX_FILE_BYTES": str(10**10)}
    start = time.perf_counter()
    proc = subprocess.Popen(
        [*KG, "ingest", str(corpus), "--store", str(store), "--workers", str(workers)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        env=env,
    )
    peak = 0.0
    while proc.poll() is None:
        peak = max(peak, _tree_rss_mb(proc.pid))
        time.sleep(0.1)
    seconds = time.perf_counter() - start
    if proc.returncode != 0:
        raise SystemExit(f"kg ingest failed ({proc.returncode}): {proc.stderr.read().decode()[-2000:]}")
    count = subprocess.run(
        [*KG, "query", "SELECT (COUNT(*) AS ?n) WHERE { ?a a dkg:Article }", "--store", str(store), "--format", "csv"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout.split()[-1]
    return Run(articles, workers, seconds, peak, int(count))


def measure(sizes: list[int], workers: int, words: int, workdir: Path) -> list[Run]:
    runs = []
    for n in sizes:
        corpus = workdir / f"articles-{n}.jsonl"
        write_corpus(corpus, n, words)
        if n == min(sizes):
            runs.append(ingest(corpus, workdir / f"store-{n}-1", 1, n))
        runs.append(ingest(corpus, workdir / f"store-{n}-{workers}", workers, n))
        corpus.unlink()
    return runs


def table(runs: list[Run]) -> str:
    lines = [
        "| articles | workers | seconds | articles/s | peak memory (MB) | stored | target (10,000) |",
        "|---:|---:|---:|---:|---:|---:|---|",
    ]
    for r in runs:
        target = ""
        if r.articles == 10_000 and r.workers > 1:
            met = r.seconds <= TARGET_SECONDS and r.peak_mb <= TARGET_MEMORY_MB
            target = f"≤ {TARGET_SECONDS:g} s, ≤ {TARGET_MEMORY_MB} MB: {'yes' if met else '**no**'}"
        cells = [f"{r.articles:,}", str(r.workers), f"{r.seconds:,.1f}", f"{r.rate:,.0f}", f"{r.peak_mb:,.0f}"]
        lines.append("| " + " | ".join([*cells, f"{r.stored:,}", target]) + " |")
    return "\n".join(lines)


def run(sizes: list[int] | None = None, workers: int = 2, words: int = 500) -> list[Run]:
    with tempfile.TemporaryDirectory(prefix="kg-ingest-") as tmp:
        return measure(sizes or [1_000, 10_000, 50_000], workers, words, Path(tmp))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[1_000, 10_000, 50_000])
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--words", type=int, default=500)
    args = parser.parse_args()
    print(table(run(args.sizes, args.workers, args.words)))


if __name__ == "__main__":
    main()
