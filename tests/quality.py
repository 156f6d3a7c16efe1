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


def available(corpus: str) -> bool:
    articles, gold = CORPORA[corpus]
    return articles.exists() and gold.is_dir() and SCORER.is_file()


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
