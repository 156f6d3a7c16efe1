"""The synthetic inputs of ``benchmarks/synthetic.py``: articles the reader takes and the extractor
understands, and facts that load into a real store and meet the shapes."""

from __future__ import annotations

import importlib.util
import json
import math
import sys
from pathlib import Path
from types import ModuleType

import pytest

from kg.extract import extract_facts
from kg.facts import ArticleFacts, load_facts
from kg.rdf import facts_to_triples
from kg.settings import PROJECT_ROOT
from kg.sources import Article, read_articles
from kg.store import Store
from kg.validate import validate_graph

#: How much of what the articles were written to state extraction must recover, per kind: a little
#: below what it recovers on these 30 articles (all of it but 97% of targets and 92% of expenditures;
#: on other seeds at least 99% of officials, 97% of targets and 85% of expenditures).
RECALL_FLOORS = {
    "countries": 0.95,
    "organizations": 0.95,
    "officials": 0.95,
    "strategies": 0.9,
    "spending_targets": 0.9,
    "expenditures": 0.8,
    "meetings": 0.9,
}


def _load() -> ModuleType:
    path = PROJECT_ROOT / "benchmarks" / "synthetic.py"
    spec = importlib.util.spec_from_file_location("synthetic", path)
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses look their module up while the class is built
    spec.loader.exec_module(module)
    return module


synthetic = _load()


@pytest.fixture(scope="module")
def generated() -> list[tuple[dict, dict]]:
    return list(synthetic.synthetic_articles(30, seed=0, with_gold=True))


@pytest.fixture(scope="module")
def small_facts() -> list[ArticleFacts]:
    return list(synthetic.synthetic_facts(5000, seed=0))


# --- articles ------------------------------------------------------------------------------


def test_same_arguments_give_the_same_articles():
    first = list(synthetic.synthetic_articles(8, seed=4, with_gold=True))
    assert first == list(synthetic.synthetic_articles(8, seed=4, with_gold=True))
    assert [r for r, _ in first] == list(synthetic.synthetic_articles(8, seed=4))
    assert first[:3] == list(synthetic.synthetic_articles(3, seed=4, with_gold=True))  # a prefix is stable
    other = list(synthetic.synthetic_articles(8, seed=5))
    assert [r["text"] for r in other] != [r["text"] for r, _ in first]


def test_records_have_the_reader_fields_and_unique_ids(generated):
    ids = [record["id"] for record, _ in generated]
    assert ids == [f"synth-{i:06d}" for i in range(1, 31)]
    for record, gold in generated:
        assert set(record) == {"id", "url", "title", "published", "text"}
        assert record["text"].startswith(record["title"] + "\n\n")
        assert " — " in record["text"].split("\n\n")[1]  # the dateline
        assert gold["id"] == record["id"] and gold["published"] == record["published"]


@pytest.mark.parametrize("words", [500, 250, 1200])
def test_length_is_near_the_words_asked_for(words):
    for record in synthetic.synthetic_articles(20, seed=1, words=words):
        assert 0.85 * words <= len(record["text"].split()) <= 1.15 * words, record["id"]


def test_articles_repeat_no_sentence_of_prose(generated):
    for record, _ in generated:
        sentences = [s for paragraph in record["text"].split("\n\n")[1:] for s in paragraph.split(". ")]
        assert len(sentences) - len(set(sentences)) <= 1, record["id"]


def test_the_reader_takes_every_record(tmp_path: Path, generated):
    path = tmp_path / "synthetic.jsonl"
    with path.open("w", encoding="utf-8") as handle:
        for record, _ in generated:
            handle.write(json.dumps(record, ensure_ascii=False) + "\n")
    articles = list(read_articles([path]))
    assert all(isinstance(a, Article) for a in articles), [a for a in articles if not isinstance(a, Article)]
    assert [(a.id, a.title, a.text, a.published.isoformat()) for a in articles] == [
        (r["id"], r["title"], r["text"], r["published"]) for r, _ in generated
    ]


def test_gold_is_valid_facts(generated):
    for _, gold in generated:
        facts = ArticleFacts.model_validate(gold)
        assert facts.countries and facts.officials
        assert sum(facts.count().values()) >= 8


def test_evidence_points_at_its_sentence():
    writer = synthetic.Writer(2)
    for index in range(1, 6):
        draft = writer.article(index, 500)
        facts = draft.facts(evidence=True)
        for kind in ("officials", "strategies", "spending_targets", "expenditures", "meetings"):
            for item in facts[kind]:
                ev = item["evidence"]
                assert draft.text[ev["start"] : ev["end"]] == ev["sentence"]


# --- what extraction recovers ----------------------------------------------------------------


def _norm(name: str) -> str:
    return name.replace(".", "").casefold()


def _same(kind: str, gold: dict, found: dict) -> bool:
    if kind == "officials":
        return _norm(gold["name"]) == _norm(found["name"])
    if kind == "strategies":
        return _norm(gold["name"]) == _norm(found["name"]) or bool(
            gold["acronym"] and gold["acronym"] == found["acronym"]
        )
    if kind == "spending_targets":
        same_value = math.isclose(gold["value"], found["value"]) and gold["unit"] == found["unit"]
        return same_value and bool(set(gold["applies_to"]) & set(found["applies_to"]))
    if kind == "expenditures":
        return (gold["country"], gold["unit"]) == (found["country"], found["unit"]) and math.isclose(
            gold["value"], found["value"]
        )
    return {_norm(p) for p in gold["participants"]} == {_norm(p) for p in found["participants"]}


def _recall(pairs: list[tuple[dict, dict]], kind: str) -> float:
    matched = total = 0
    for gold, found in pairs:
        if kind in ("countries", "organizations"):
            matched += len(set(gold[kind]) & set(found[kind]))
            total += len(gold[kind])
            continue
        left = list(found[kind])
        for item in gold[kind]:
            total += 1
            hit = next((f for f in left if _same(kind, item, f)), None)
            if hit is not None:
                left.remove(hit)
                matched += 1
    return matched / total if total else 1.0


def test_extraction_recovers_what_the_articles_state(tmp_path: Path, generated):
    path = tmp_path / "synthetic.jsonl"
    path.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r, _ in generated), encoding="utf-8")
    articles = [a for a in read_articles([path]) if isinstance(a, Article)]
    pairs = [(gold, extract_facts(a).to_dict()) for (_, gold), a in zip(generated, articles, strict=True)]
    recall = {kind: _recall(pairs, kind) for kind in RECALL_FLOORS}
    assert all(recall[k] >= floor for k, floor in RECALL_FLOORS.items()), recall
    assert all(sum(len(gold[k]) for gold, _ in pairs) >= 10 for k in RECALL_FLOORS), "too few facts to measure"


# --- facts ---------------------------------------------------------------------------------


def test_facts_total_the_triples_asked_for(small_facts):
    sizes = [len(facts_to_triples(f)) for f in small_facts]
    assert 5000 <= sum(sizes) < 5000 + sizes[-1]
    assert len({f.id for f in small_facts}) == len(small_facts)
    assert [f.id for f in small_facts] == [f.id for f in synthetic.synthetic_facts(5000, seed=0)]


def test_facts_share_entities_across_articles(small_facts):
    officials = [o.name for f in small_facts for o in f.officials]
    assert len(set(officials)) < len(officials)  # office holders recur
    assert all(item.evidence for f in small_facts for item in [*f.officials, *f.expenditures, *f.meetings])


def test_facts_load_into_a_store_and_meet_the_shapes(tmp_path: Path, small_facts):
    with Store(tmp_path / "store") as store:
        for facts in small_facts:
            store.ingest(facts)
        assert sorted(store.article_ids()) == sorted(f.id for f in small_facts)
        report = validate_graph(store.union_graph())
    assert report.conforms, report.summary()
    assert not [v for v in report.violations if v.severity == "Violation"], report.violations[:5]


# --- the command line ----------------------------------------------------------------------


def test_command_line_writes_articles_and_facts(tmp_path: Path, capsys):
    out = tmp_path / "articles.jsonl"
    synthetic.main(["articles", "4", "--seed", "2", "--words", "300", "--out", str(out)])
    lines = out.read_text(encoding="utf-8").splitlines()
    assert [json.loads(line) for line in lines] == list(synthetic.synthetic_articles(4, seed=2, words=300))

    folder = tmp_path / "facts"
    synthetic.main(["facts", "600", "--seed", "2", "--out", str(folder)])
    loaded = [load_facts(p) for p in sorted(folder.glob("*.json"))]
    assert loaded == list(synthetic.synthetic_facts(600, seed=2))
    assert "facts files" in capsys.readouterr().out
