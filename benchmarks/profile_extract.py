"""Where extraction spends its time, over the shared dev corpus: per step, or function by function.

usage: python benchmarks/profile_extract.py [--corpus FILE] [--limit N] [--pairs] [--repeat 5] [--stages]
                                            [--sort tottime] [--top 40]

``--pairs`` joins each article with the next one in memory (about 550 words, a long news story);
``--limit`` keeps the first N articles. ``--stages`` times each step of ``extract_facts`` with a
plain clock (CPU time): on the first pass, when each article is new to spaCy's tokenizer as in an
ingest (its cache of how words split has not seen the text: synthetic articles show this best), and
on the best pass: the figures to trust when comparing. The whole of ``extract_facts`` is timed right
after the steps, on an article the tokenizer has just seen, so it is only given for the best pass.
Without ``--stages``, cProfile lists the top functions with each one's share of the total; spaCy's
compiled code reports to the profiler too, which inflates its share (making a Token object, above
all), so read those shares as where to look, not as what a change will save.
"""

from __future__ import annotations

import argparse
import cProfile
import os
import pstats
import time
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path
from typing import Any

from kg.extract import extract_facts
from kg.extract.analysis import analyse
from kg.extract.meetings import find_meetings
from kg.extract.officials import find_officials, resolve_holders, speaker
from kg.extract.spending import find_spending
from kg.extract.strategies import find_strategies
from kg.settings import PROJECT_ROOT, SAMPLES_DIR
from kg.sources import Article, read_articles

DEV = PROJECT_ROOT.parent / "shared" / "corpus" / "dev.jsonl"


def paired(articles: list[Article]) -> list[Article]:
    """Each article followed by the next one, as one longer article."""
    return [
        replace(a, id=f"{a.id}+{b.id}", text=f"{a.text}\n\n{b.text}")
        for a, b in zip(articles, articles[1:] + articles[:1], strict=True)
    ]


def _timed(spent: dict[str, float], step: str, work: Callable[..., Any], *args: Any) -> Any:
    """``work(*args)``, adding its CPU time to ``spent[step]``."""
    start = time.process_time()
    result = work(*args)
    spent[step] = spent.get(step, 0.0) + time.process_time() - start
    return result


WHOLE = "extract_facts, all of it"


def stages(articles: list[Article], repeat: int) -> None:
    """Milliseconds per article for each step of ``extract_facts``: first pass, and best of ``repeat``."""
    first: dict[str, float] = {}
    best: dict[str, float] = {}
    for _ in range(repeat):
        spent: dict[str, float] = {}
        for article in articles:
            analysis = _timed(spent, "analyse (spaCy, sentences, places)", analyse, article)
            officials = _timed(spent, "officials", find_officials, analysis)
            named = {i for o in officials for m in o.mentions for i in range(m.start, m.end)}
            analysis.mentions = [m for m in analysis.mentions if m.start not in named]
            home = _timed(spent, "officials' holders", resolve_holders, analysis, officials)
            _timed(spent, "strategies", find_strategies, analysis)
            _timed(spent, "spending (with quantities)", find_spending, analysis, officials, home, speaker(officials))
            _timed(spent, "meetings", find_meetings, analysis, officials)
            _timed(spent, WHOLE, extract_facts, article)
        spent["steps together"] = sum(seconds for step, seconds in spent.items() if step != WHOLE)
        first = first or spent
        best = {step: min(best.get(step, seconds), seconds) for step, seconds in spent.items()}
    total = best[WHOLE]
    print(f"{'ms per article':<36} {'first pass':>10} {f'best of {repeat}':>10} {'share':>7}")
    for step in [s for s in best if s not in ("steps together", WHOLE)] + ["steps together", WHOLE]:
        then = "" if step == WHOLE else f"{1000 * first[step] / len(articles):10.3f}"
        print(f"{step:<36} {then:>10} {1000 * best[step] / len(articles):10.3f} {100 * best[step] / total:6.1f} %")
    print(
        f"{len(articles) / first['steps together']:.0f} articles/s on the first pass (steps together), "
        f"{len(articles) / total:.0f} at best (CPU time, one core)"
    )


def profile(articles: list[Article], repeat: int, sort: str, top: int) -> None:
    """The top ``top`` functions by ``sort`` (cumulative or tottime), with their share of the total."""
    profiler = cProfile.Profile()
    profiler.enable()
    for _ in range(repeat):
        for article in articles:
            extract_facts(article)
    profiler.disable()
    stats = pstats.Stats(profiler)
    total = stats.total_tt  # type: ignore[attr-defined]
    print(f"{len(articles) * repeat} extractions, {total:.2f} s profiled")
    print(f"{'cum %':>6} {'self %':>6} {'calls':>9}  function")
    column = {"cumulative": 3, "tottime": 2}.get(sort, 3)
    rows = sorted(stats.stats.items(), key=lambda kv: kv[1][column], reverse=True)[:top]  # type: ignore[attr-defined]
    for (filename, line, name), (_, calls, tottime, cumtime, _) in rows:
        where = f"{Path(filename).name}:{line}" if line else filename
        print(f"{100 * cumtime / total:6.1f} {100 * tottime / total:6.1f} {calls:9d}  {name} ({where})")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--pairs", action="store_true", help="join articles in pairs (~550 words)")
    parser.add_argument("--stages", action="store_true", help="time each step instead of profiling")
    parser.add_argument("--sort", default="cumulative", help="pstats column: cumulative or tottime")
    parser.add_argument("--top", type=int, default=40)
    parser.add_argument("--corpus", type=Path, default=DEV if DEV.exists() else SAMPLES_DIR / "articles")
    parser.add_argument("--limit", type=int, help="only the first N articles")
    args = parser.parse_args()
    if hasattr(os, "sched_setaffinity"):
        os.sched_setaffinity(0, {sorted(os.sched_getaffinity(0))[0]})  # one core
    articles = [a for a in read_articles([args.corpus]) if isinstance(a, Article)][: args.limit]
    if args.pairs:
        articles = paired(articles)
    extract_facts(articles[0])  # load the pipeline and lexicons first
    if args.stages:
        stages(articles, args.repeat)
    else:
        profile(articles, args.repeat, args.sort, args.top)


if __name__ == "__main__":
    main()
