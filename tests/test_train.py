"""The learned decision of spending figures: trained on the gold corpus, reproducible, measured by
cross-validation over whole articles, and carried into every spending fact as its confidence."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest

from kg import pipeline
from kg.extract import extract_facts
from kg.extract.model import SPENDING, LinearModel, SpendingModel, model_path, using
from kg.sources import Article
from kg.train import CLASSES, cross_validate, examples, fit, label, load_corpus, train
from tests.conftest import table_row
from tests.quality import SCORER

ARTICLE = (
    "Estonia sets out its defence budget\n\n"
    "Estonia will spend 3.5% of GDP on defence by 2029, Defence Minister Ana Petrova said on Monday. "
    "The country spent 1.4 billion euros on defence last year."
)
GOLD = {
    "id": "own-1",
    "published": "2025-05-05",
    "spending_targets": [
        {"applies_to": ["EE"], "value": 3.5, "unit": "percent_gdp", "deadline": "2029", "set_by": "Ana Petrova"}
    ],
    "expenditures": [{"country": "EE", "value": 1.4e9, "unit": "EUR", "year": "2024", "kind": "actual"}],
}


@pytest.fixture
def own_corpus(tmp_path: Path) -> Path:
    folder = tmp_path / "gold"
    folder.mkdir()
    (folder / "own-1.txt").write_text(ARTICLE, encoding="utf-8")
    (folder / "own-1.json").write_text(json.dumps(GOLD), encoding="utf-8")
    return folder


def test_figures_are_labelled_by_the_gold_fact_with_their_value_and_unit(own_corpus: Path) -> None:
    data = examples(load_corpus(own_corpus))
    labels = sorted(ex.label for ex in data)
    assert labels == ["actual", "target"]
    assert all(ex.label in CLASSES for ex in data)


def test_a_figure_no_gold_fact_states_is_labelled_none(own_corpus: Path) -> None:
    (own_corpus / "own-1.json").write_text(json.dumps({**GOLD, "expenditures": []}), encoding="utf-8")
    [g] = load_corpus(own_corpus)
    from kg.train import candidates

    assert sorted(label(c, g.gold) for c in candidates(g.article)) == ["none", "target"]


def test_a_gold_folder_without_articles_is_a_clear_error(tmp_path: Path) -> None:
    from kg.errors import KGError

    with pytest.raises(KGError, match="no gold articles"):
        load_corpus(tmp_path)


def test_the_model_is_json_weights_and_round_trips() -> None:
    model = LinearModel(("none", "target"), {"cue=goal": (0.0, 1.5)}, (0.2, -0.2))
    again = LinearModel.from_json(model.to_json())
    assert again.classes == model.classes and again.bias == model.bias
    assert again.probabilities({"cue=goal": 1.0}) == pytest.approx(model.probabilities({"cue=goal": 1.0}))
    assert sum(model.probabilities({"unknown feature": 1.0})) == pytest.approx(1.0)


def test_every_spending_fact_carries_the_models_probability() -> None:
    facts = extract_facts(Article("own-1", ARTICLE, published=None))
    spending = [*facts.spending_targets, *facts.expenditures]
    assert spending
    assert all(item.confidence is not None and 0.0 < item.confidence <= 1.0 for item in spending)


def test_without_a_model_the_rules_decide_and_give_no_confidence() -> None:
    with using(SPENDING, None):
        facts = extract_facts(Article("own-1", ARTICLE))
    assert facts.spending_targets and all(t.confidence is None for t in facts.spending_targets)


def _ingest_jsonl(tmp_path: Path) -> Path:
    path = tmp_path / "one.jsonl"
    path.write_text(json.dumps({"id": "own-1", "text": ARTICLE}) + "\n", encoding="utf-8")
    return path


def test_ingest_min_confidence_holds_back_doubtful_facts(tmp_path: Path, kg) -> None:
    source = _ingest_jsonl(tmp_path)
    everything = kg("ingest", source)
    assert everything.exit_code == 0, everything.output
    assert int(table_row(everything.stdout, "spending targets")) >= 1
    strict = kg("ingest", source, "--min-confidence", "1")
    assert strict.exit_code == 0, strict.output
    assert table_row(strict.stdout, "spending targets") == "0"
    assert table_row(strict.stdout, "expenditures") == "0"
    assert int(table_row(strict.stdout, "facts held back (below --min-confidence)")) >= 2
    assert table_row(strict.stdout, "officials") == table_row(everything.stdout, "officials")


def test_min_confidence_keeps_facts_files_as_they_are(tmp_path: Path, store) -> None:
    facts = tmp_path / "facts.json"
    facts.write_text(json.dumps({**GOLD, "spending_targets": [{**GOLD["spending_targets"][0], "confidence": 0.1}]}))
    report = pipeline.ingest(store, [facts], min_confidence=0.9)
    assert report.held_back == 0 and report.facts["spending_targets"] == 1


def test_explain_shows_each_facts_confidence(tmp_path: Path, kg) -> None:
    result = kg("extract", _ingest_jsonl(tmp_path), "--out", tmp_path / "out", "--explain", store=False)
    assert result.exit_code == 0, result.output
    assert "spending target" in result.stdout and "confidence 0." in result.stdout
    assert "strategie\n" not in result.stdout


def test_the_shipped_model_is_what_training_on_the_dev_corpus_gives(gold_dir: Path, tmp_path: Path) -> None:
    path, _, _ = train(gold_dir, tmp_path)
    shipped = SpendingModel.from_json(model_path(SPENDING).read_text(encoding="utf-8"))
    trained = SpendingModel.from_json(path.read_text(encoding="utf-8"))
    assert trained.kind is not None and shipped.kind is not None
    for ours, theirs in ((shipped.decision, trained.decision), (shipped.kind, trained.kind)):
        assert ours.classes == theirs.classes
        assert set(ours.weights) == set(theirs.weights)
        for name, row in theirs.weights.items():
            assert ours.weights[name] == pytest.approx(row, abs=1e-4), name
        assert ours.bias == pytest.approx(theirs.bias, abs=1e-4)
    # and training is deterministic: the same corpus, the same file
    again, _, _ = train(gold_dir, tmp_path / "again")
    assert again.read_text() == path.read_text()


def test_the_model_holds_no_article_text(gold_dir: Path) -> None:
    shipped = model_path(SPENDING).read_text(encoding="utf-8")
    model = json.loads(shipped)
    names = [*model["decision"]["weights"], *model["kind"]["weights"]]
    assert names and all(len(name) < 60 for name in names)
    first = (gold_dir / "dev-000.txt").read_text(encoding="utf-8").splitlines()
    assert all(line.strip() not in shipped for line in first if len(line.strip()) > 40)


def test_cross_validation_scores_every_article_with_a_model_that_never_saw_it(gold_dir: Path) -> None:
    if not SCORER.is_file():
        pytest.skip("score.py is not beside the corpus")
    rules, learned = cross_validate(gold_dir, SCORER, k=5)
    assert rules.name == "rules alone" and learned.name == "learned"
    assert learned.pooled["documents"] == len(load_corpus(gold_dir))
    assert len(learned.by_fold) == 5
    # the learned decision must earn its place against the rules it starts from
    for kind in ("spending_targets", "expenditures", "overall"):
        assert learned.f1(kind) >= rules.f1(kind) - 0.005, kind


def test_kg_eval_prints_per_kind_f1_with_its_spread(gold_dir: Path, kg) -> None:
    result = kg("eval", gold_dir, "--folds", "3", store=False)
    assert result.exit_code == 0, result.output
    for kind in ("countries", "officials", "spending_targets", "expenditures", "meetings", "overall"):
        assert kind in result.stdout
    assert "±" in result.stdout and "learned" in result.stdout


def test_fit_needs_two_kinds_of_figure() -> None:
    from kg.errors import KGError
    from kg.train import Example

    with pytest.raises(KGError, match="two kinds"):
        fit([Example("a", {"x": 1.0}, "none"), Example("b", {"x": 1.0}, "none")])


def test_the_spending_queries_show_each_facts_confidence(tmp_path: Path, kg) -> None:
    assert kg("ingest", _ingest_jsonl(tmp_path)).exit_code == 0
    for query in ("spending-targets", "expenditures"):
        result = kg("query", query, "--format", "csv", "--no-cache")
        assert result.exit_code == 0, result.output
        rows = list(csv.DictReader(io.StringIO(result.stdout)))
        assert rows and all(0.0 < float(r["confidence"]) <= 1.0 for r in rows), query
