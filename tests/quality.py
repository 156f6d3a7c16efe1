"""Extraction quality: run ``kg extract`` on a gold-annotated corpus and score it with ``score.py``.

Shared by the quality test and by ``tests/repin_quality.py``.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from kg.pipeline import extract
from kg.settings import PROJECT_ROOT, SAMPLES_DIR

SHARED = PROJECT_ROOT.parent / "shared" / "corpus"
SCORER = SHARED / "score.py"
FLOORS = Path(__file__).with_name("quality_floors.json")

#: Corpora with gold facts: name -> (articles to extract, folder of gold facts, scorer).
CORPORA = {
    "dev": (SHARED / "dev.jsonl", SHARED / "dev"),
    "samples": (SAMPLES_DIR / "articles", SAMPLES_DIR / "facts"),
    # our own articles about other events, written without looking at the extractor: a generalisation check
    "heldout": (
        Path(__file__).parent / "fixtures" / "heldout" / "dev.jsonl",
        Path(__file__).parent / "fixtures" / "heldout",
    ),
}


SEALED = SHARED / "sealed.py"
#: Every corpus with floors: the sealed set is scored only as a whole, by its own script.
ALL = (*CORPORA, "sealed")


def available(corpus: str) -> bool:
    if corpus == "sealed":
        return SEALED.is_file() and (SHARED / "sealed.b64").is_file() and SCORER.is_file()
    articles, gold = CORPORA[corpus]
    return articles.exists() and gold.is_dir() and SCORER.is_file()


def sealed_figures() -> dict[str, float]:
    """F1 by kind and overall on the sealed validation set, as its script prints them (nothing else
    of that set is ever seen: it runs ``kg extract`` itself and prints aggregates only)."""
    kg = Path(sys.executable).with_name("kg")
    done = subprocess.run([sys.executable, str(SEALED), str(kg)], capture_output=True, text=True, check=True)
    out: dict[str, float] = {}
    for line in done.stdout.splitlines():
        cells = line.split()
        if line.startswith("overall F1"):
            out["overall"] = float(cells[-1])
        elif len(cells) == 5 and "/" in cells[4] and cells[0] != "kind":
            out[cells[0]] = float(cells[3])
    if "overall" not in out:
        raise RuntimeError(f"sealed.py printed no figures: {done.stdout.strip()[-300:]}")
    return out


def score(corpus: str, out_dir: Path) -> dict:
    """Extract the corpus into ``out_dir`` and return score.py's JSON result."""
    articles, gold = CORPORA[corpus]
    report = extract([articles], out_dir)
    if report.errors:
        raise RuntimeError("; ".join(report.errors))
    done = subprocess.run(
        [sys.executable, str(SCORER), str(gold), str(out_dir), "--json"], capture_output=True, text=True, check=True
    )
    return json.loads(done.stdout)


def figures(result: dict) -> dict[str, float]:
    """F1 by kind and overall, from a score.py result."""
    out = {kind: values["f1"] for kind, values in result["kinds"].items()}
    out["overall"] = result["overall_f1"]
    return out


def floors() -> dict:
    return json.loads(FLOORS.read_text(encoding="utf-8"))
