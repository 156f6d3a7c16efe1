"""Extraction never raises on real news, nor on news cut, shuffled, repeated or re-cased; and when
it does fail on one article, that costs one line naming the article, never the batch.

The real articles are read from ``../shared/corpus`` beside the project; nothing of them is copied here.
"""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from kg import pipeline
from kg.extract import extract_facts
from kg.sources import Article
from kg.store import Store
from tests.quality import SHARED

DEV = SHARED / "dev.jsonl"
needs_corpus = pytest.mark.skipif(not DEV.is_file(), reason="the dev corpus is not beside the project")


def _records() -> list[dict]:
    if not DEV.is_file():
        return []
    return [json.loads(line) for line in DEV.read_text(encoding="utf-8").splitlines() if line.strip()]


def _article(record: dict, text: str | None = None) -> Article:
    published = dt.date.fromisoformat(record["published"]) if record.get("published") else None
    return Article(record["id"], text if text is not None else record["text"], published=published)


@needs_corpus
def test_every_dev_article_extracts_without_an_exception() -> None:
    for record in _records():
        facts = extract_facts(_article(record))
        assert facts.id == record["id"]


def _sentences(text: str) -> list[str]:
    return [s for s in text.replace("\n", " \n ").split(". ") if s.strip()]


@st.composite
def mutated(draw: st.DrawFn) -> tuple[dict, str]:
    """A dev article with its sentences shuffled, cut, duplicated, or its case changed."""
    records = _records()
    record = draw(st.sampled_from(records))
    parts = _sentences(record["text"])
    how = draw(st.sampled_from(["shuffle", "cut", "duplicate", "upper", "lower", "swapcase", "truncate"]))
    if how == "shuffle":
        parts = draw(st.permutations(parts))
    elif how == "cut":
        keep = draw(st.lists(st.integers(0, max(0, len(parts) - 1)), max_size=len(parts), unique=True))
        parts = [parts[i] for i in sorted(keep)]
    elif how == "duplicate":
        i = draw(st.integers(0, max(0, len(parts) - 1)))
        parts = parts[: i + 1] + parts[i:]
    text = ". ".join(parts)
    if how in ("upper", "lower", "swapcase"):
        text = getattr(text, how)()
    elif how == "truncate":
        text = text[: draw(st.integers(0, len(text)))]
    return record, text


@needs_corpus
@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(mutated())
def test_mutated_dev_articles_extract_without_an_exception(case: tuple[dict, str]) -> None:
    record, text = case
    if not text.strip():
        return  # an empty article is refused when read, before extraction
    facts = extract_facts(_article(record, text))
    assert facts.id == record["id"]


def _fail_on(marker: str):
    real = pipeline.facts_of

    def facts_of(article: Article):
        if marker in article.text:
            raise ValueError("a fault inside the extractor")
        return real(article)

    return facts_of


def _jsonl(path: Path, texts: list[str]) -> Path:
    rows = [{"id": f"a{i}", "title": t.split("\n")[0], "text": t} for i, t in enumerate(texts)]
    path.write_text("".join(json.dumps(r) + "\n" for r in rows), encoding="utf-8")
    return path


TEXTS = [
    "Estonia budget\n\nEstonia will spend 3% of GDP on defence by 2030, Defence Minister Ana Petrova said.",
    "Poison article\n\nThis article trips the extractor: POISON.",
    "Latvia budget\n\nLatvia will spend 4% of GDP on defence in 2026, the government said.",
]


def test_a_fault_extracting_one_article_is_one_line_and_the_rest_is_stored(tmp_path: Path, monkeypatch) -> None:
    monkeypatch.setattr(pipeline, "facts_of", _fail_on("POISON"))
    source = _jsonl(tmp_path / "batch.jsonl", TEXTS)
    with Store(tmp_path / "store") as store:
        report = pipeline.ingest(store, [source])
        stored = set(store.article_ids())
    assert len(report.errors) == 1
    assert "batch.jsonl:2" in report.errors[0] and "ValueError" in report.errors[0]
    assert report.articles == 2
    assert stored == {"a0", "a2"}


def test_a_fault_extracting_one_article_is_one_line_in_kg_extract(tmp_path: Path, monkeypatch) -> None:
    monkeypatch.setattr(pipeline, "facts_of", _fail_on("POISON"))
    source = _jsonl(tmp_path / "batch.jsonl", TEXTS)
    report = pipeline.extract([source], tmp_path / "out")
    assert len(report.errors) == 1 and "batch.jsonl:2" in report.errors[0]
    assert sorted(p.name for p in report.written) == ["a0.json", "a2.json"]


def test_an_opening_quote_mark_after_a_full_stop_opens_the_next_sentence() -> None:
    text = (
        "Nato talks\n\nThe 2% goal was adopted by NATO members. “We must do more,” Defence Minister "
        "Jan Nowak of Poland said."
    )
    facts = extract_facts(Article("q", text))
    assert [t.evidence.sentence for t in facts.spending_targets] == ["The 2% goal was adopted by NATO members."]
    [official] = facts.officials
    assert official.evidence.sentence.startswith("“We must do more,”")
    start, end = official.evidence.start, official.evidence.end
    assert text[start:end] == official.evidence.sentence
