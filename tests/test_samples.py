"""The sample articles and their hand-checked facts stay consistent with each other."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from kg.facts import FACT_KINDS, load_facts

SAMPLES = Path(__file__).resolve().parents[1] / "kg" / "samples"
FACTS = sorted((SAMPLES / "facts").glob("*.json"))
EVIDENCED = FACT_KINDS[2:]  # officials, strategies, spending_targets, expenditures, meetings


def split_article(raw: str) -> tuple[dict[str, str], str]:
    """The front-matter fields and the article text after the closing ``---`` line."""
    assert raw.startswith("---\n"), "article must open with a front-matter block"
    end = raw.index("\n---\n", 3)
    meta = dict(line.split(": ", 1) for line in raw[4:end].splitlines())
    return meta, raw[end + len("\n---\n") :]


def read_article(stem: str) -> tuple[dict[str, str], str]:
    return split_article((SAMPLES / "articles" / f"{stem}.txt").read_text(encoding="utf-8"))


def test_there_are_samples():
    assert len(FACTS) >= 8
    articles = {p.stem for p in (SAMPLES / "articles").glob("*.txt")}
    assert articles == {p.stem for p in FACTS}


@pytest.mark.parametrize("path", FACTS, ids=lambda p: p.stem)
def test_facts_load_and_match_article(path: Path):
    facts = load_facts(path)
    assert facts.id == path.stem
    assert (SAMPLES / "articles" / f"{path.stem}.txt").is_file()
    meta, text = read_article(path.stem)
    assert facts.url == meta["url"]
    assert str(facts.published) == meta["published"]
    headline, blank, _ = text.split("\n", 2)
    assert facts.title == headline
    assert blank == ""


@pytest.mark.parametrize("path", FACTS, ids=lambda p: p.stem)
def test_evidence_spans(path: Path):
    facts = load_facts(path)
    _, text = read_article(path.stem)
    for kind in EVIDENCED:
        for i, item in enumerate(getattr(facts, kind)):
            where = f"{kind}[{i}]"
            assert item.evidence is not None, f"{where} has no evidence"
            ev = item.evidence
            assert ev.start is not None and ev.end is not None, f"{where} evidence has no span"
            assert text[ev.start : ev.end] == ev.sentence, f"{where} span does not hold its sentence"
            assert text.count(ev.sentence) == 1, f"{where} sentence is not unique in the article"


@pytest.mark.parametrize("path", FACTS, ids=lambda p: p.stem)
def test_amounts_in_whole_currency_units(path: Path):
    """Money is written as whole currency units (61.4 billion EUR -> 61400000000), not as a scaled float."""
    data = json.loads(path.read_text(encoding="utf-8"))
    for kind in ("spending_targets", "expenditures"):
        for i, item in enumerate(data[kind]):
            if item["unit"] != "percent_gdp":
                assert isinstance(item["value"], int), f"{kind}[{i}].value should be a whole number"
