"""Extraction speed: articles per second on one core over the shared dev corpus, repeated.

usage: python benchmarks/extract_speed.py [--repeat 20] [--corpus PATH]

Prints the figure for the whole extractor, and beside it, measured in the same run, the cost of
its first step alone (spaCy's blank tokenizer and sentencizer), so the ratio shows what the rules
add. Falls back to the bundled sample articles when ../shared is not there.
"""

from __future__ import annotations

import argparse
import os
import statistics
import time
from pathlib import Path

from kg.extract import extract_facts
from kg.extract.analysis import pipeline
from kg.settings import PROJECT_ROOT, SAMPLES_DIR
from kg.sources import Article, read_articles

DEV = PROJECT_ROOT.parent / "shared" / "corpus" / "dev.jsonl"


def rate(articles: list[Article], work, repeat: int) -> tuple[float, float]:
    """Median and best articles/s over ``repeat`` passes."""
    rates = []
    for _ in range(repeat):
        start = time.perf_counter()
        for article in articles:
            work(article)
        rates.append(len(articles) / (time.perf_counter() - start))
    return statistics.median(rates), max(rates)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=20)
    parser.add_argument("--corpus", type=Path, default=DEV if DEV.exists() else SAMPLES_DIR / "articles")
    args = parser.parse_args()
    if hasattr(os, "sched_setaffinity"):
        os.sched_setaffinity(0, {sorted(os.sched_getaffinity(0))[0]})  # one core
    articles = [a for a in read_articles([args.corpus]) if isinstance(a, Article)]
    words = sum(len(a.text.split()) for a in articles)
    start = time.perf_counter()
    nlp, _ = pipeline()
    extract_facts(articles[0])
    warm = time.perf_counter() - start
    tokenize = rate(articles, lambda a: nlp(a.text), args.repeat)
    full = rate(articles, extract_facts, args.repeat)
    size = f"{len(articles)} articles, {words / len(articles):.0f} words each"
    print(f"corpus: {args.corpus} ({size}), {args.repeat} passes, 1 core")
    print(f"start-up (load pipeline and lexicons, first article): {warm:.2f} s")
    print(f"{'step':<34} {'median art/s':>12} {'best art/s':>11}")
    print(f"{'tokenize + sentences (baseline)':<34} {tokenize[0]:>12.0f} {tokenize[1]:>11.0f}")
    print(f"{'extract_facts (all kinds)':<34} {full[0]:>12.0f} {full[1]:>11.0f}")
    print(
        f"extraction costs {tokenize[0] / full[0]:.1f}x the tokenizer alone; target >= 200 articles/s: "
        f"{'met' if full[0] >= 200 else 'MISSED'}"
    )


if __name__ == "__main__":
    main()
