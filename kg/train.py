"""Train the learned decisions of extraction on a gold corpus, and measure them by cross-validation.

A gold corpus is a folder of articles with their facts (``NAME.txt`` beside ``NAME.json``, in the
facts schema). Training reads every spending figure the rules consider in each article and labels
it from the gold facts: the gold fact with the same value and unit makes it a target, an actual,
budget or estimated expenditure, or none of these. Two multinomial logistic models are fitted on
the figures' features (``kg.extract.spending_features``): what a figure is (none, target,
expenditure), from all figures, and an expenditure's kind, from the expenditures. Features seen in
fewer than ``MIN_ARTICLES`` articles are dropped, so the models weigh cues that recur across
articles rather than one article's words.

``cross_validate`` splits the articles into folds, trains on all folds but one and extracts the
one left out, so every article is scored by a model that never saw it: the estimate of how
extraction does on new news. Training is deterministic: the same corpus gives the same weights.
"""

from __future__ import annotations

import datetime as dt
import importlib.util
import json
import statistics
import tempfile
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path
from types import ModuleType

from kg.errors import KGError
from kg.extract import extract_facts, read_article
from kg.extract.lexicon import lexicon
from kg.extract.model import SPENDING, LinearModel, SpendingModel, model_path, using
from kg.extract.officials import speaker
from kg.extract.spending import spending_candidates
from kg.extract.spending_reading import Candidate
from kg.sources import Article

#: What a figure is, and for an expenditure, its kind: two decisions, each learned on its own.
DECISIONS = ("none", "target", "expenditure")
KINDS = ("actual", "budget", "estimate")
CLASSES = ("none", "target", *KINDS)
#: A feature must occur in at least this many training articles to be weighed.
MIN_ARTICLES = 2
#: Inverse strength of the L2 penalty: small, since the corpus is small.
C = 0.25
RELATIVE_TOLERANCE = 0.005


@dataclass
class GoldArticle:
    article: Article
    gold: dict


def load_corpus(folder: Path | str) -> list[GoldArticle]:
    """The articles of a gold folder (``NAME.txt`` with ``NAME.json``), in name order."""
    folder = Path(folder)
    if not folder.is_dir():
        raise KGError(f"{folder}: not a folder of gold articles (NAME.txt beside NAME.json)")
    out = []
    for gold_path in sorted(folder.glob("*.json")):
        text_path = gold_path.with_suffix(".txt")
        if not text_path.is_file():
            continue
        try:
            gold = json.loads(gold_path.read_text(encoding="utf-8"))
        except (OSError, json.JSONDecodeError) as exc:
            raise KGError(f"{gold_path}: not readable as JSON: {exc}") from exc
        published = gold.get("published")
        article = Article(
            str(gold.get("id") or gold_path.stem),
            text_path.read_text(encoding="utf-8"),
            title=gold.get("title"),
            url=gold.get("url"),
            published=dt.date.fromisoformat(published) if published else None,
            source=str(text_path),
        )
        out.append(GoldArticle(article, gold))
    if not out:
        raise KGError(f"{folder}: no gold articles (NAME.txt beside NAME.json)")
    return out


def _same_value(a: float, b: float) -> bool:
    return abs(a - b) <= RELATIVE_TOLERANCE * max(abs(a), abs(b))


def _same_unit(found: str, gold: str) -> bool:
    if found == gold:
        return True
    local = lexicon().money.local_currencies.get(found)  # "$" may be any dollar, "kr" any krone
    return bool(local) and gold in set(local.values()) | {"USD"}


def label(candidate: Candidate, gold: dict) -> str:
    """What the gold facts say a figure is: "target", an expenditure's kind, or "none"."""
    value, unit = candidate.quantity.value, candidate.unit

    def matches(item: dict) -> bool:
        return _same_value(float(item["value"]), value) and _same_unit(unit, item["unit"])

    target = any(matches(t) for t in gold.get("spending_targets") or [])
    kinds = [e.get("kind") or "budget" for e in gold.get("expenditures") or [] if matches(e)]
    if target and kinds:
        guess = candidate.decision.label
        return guess if guess in ("target", *kinds) else "target"
    if target:
        return "target"
    return kinds[0] if kinds else "none"


def candidates(article: Article) -> list[Candidate]:
    """The spending figures of an article as the rules read them (no model), with features."""
    analysis, officials, home = read_article(article)
    with using(SPENDING, None):
        return spending_candidates(analysis, officials, home, speaker(officials))


@dataclass
class Example:
    article: str
    features: dict[str, float]
    label: str


def examples(corpus: Iterable[GoldArticle]) -> list[Example]:
    """Every figure of every article, labelled from its gold facts."""
    return [Example(g.article.id, c.features, label(c, g.gold)) for g in corpus for c in candidates(g.article)]


def fit(data: list[Example], min_articles: int = MIN_ARTICLES, c: float = C) -> SpendingModel:
    """The two decisions about spending figures, learned from labelled figures."""
    decision = fit_linear(
        [Example(ex.article, ex.features, "expenditure" if ex.label in KINDS else ex.label) for ex in data],
        DECISIONS,
        min_articles,
        c,
    )
    spent = [ex for ex in data if ex.label in KINDS]
    kind = fit_linear(spent, KINDS, min_articles, c) if len({ex.label for ex in spent}) >= 2 else None
    return SpendingModel(decision, kind)


def fit_linear(data: list[Example], classes: tuple[str, ...], min_articles: int, c: float) -> LinearModel:
    """A multinomial logistic model of the labels; deterministic for the same examples."""
    from sklearn.feature_extraction import DictVectorizer
    from sklearn.linear_model import LogisticRegression

    seen: dict[str, set[str]] = {}
    for ex in data:
        for name in ex.features:
            seen.setdefault(name, set()).add(ex.article)
    kept = {name for name, arts in seen.items() if len(arts) >= min_articles}
    rows = [{k: v for k, v in ex.features.items() if k in kept} for ex in data]
    labels = [ex.label for ex in data]
    present = [k for k in classes if k in set(labels)]
    if len(present) < 2:
        raise KGError(f"training needs figures of at least two kinds ({', '.join(classes)}) in the gold corpus")
    vectorizer = DictVectorizer(sort=True)
    x = vectorizer.fit_transform(rows)
    clf = LogisticRegression(C=c, max_iter=5000, tol=1e-8, solver="lbfgs")
    clf.fit(x, [present.index(y) for y in labels])
    names = vectorizer.get_feature_names_out()
    coef = clf.coef_ if len(present) > 2 else [-clf.coef_[0] / 2, clf.coef_[0] / 2]
    bias = clf.intercept_ if len(present) > 2 else [-clf.intercept_[0] / 2, clf.intercept_[0] / 2]
    weights = {
        str(name): tuple(float(coef[k][j]) for k in range(len(present)))
        for j, name in enumerate(names)
        if any(abs(coef[k][j]) >= 1e-6 for k in range(len(present)))
    }
    return LinearModel(tuple(present), weights, tuple(float(b) for b in bias))


def train(folder: Path | str, out_dir: Path | str | None = None) -> tuple[Path | None, SpendingModel, Counter[str]]:
    """Train the spending model on a gold folder; write it to ``out_dir`` (None: do not write)."""
    data = examples(load_corpus(folder))
    model = fit(data)
    path = None
    if out_dir is not None:
        path = model_path(SPENDING, Path(out_dir))
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(model.to_json(), encoding="utf-8")
    return path, model, Counter(ex.label for ex in data)


def load_scorer(path: Path | str) -> ModuleType:
    """The corpus's own scorer (``score.py``, with ``score(gold_dir, predictions_dir)``)."""
    path = Path(path)
    spec = importlib.util.spec_from_file_location("corpus_score", path)
    if spec is None or spec.loader is None or not path.is_file():
        raise KGError(f"{path}: no scorer there (a score.py with score(gold_dir, predictions_dir))")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def folds(corpus: list[GoldArticle], k: int) -> list[list[GoldArticle]]:
    """``k`` folds of whole articles, dealt in name order (article i goes to fold i mod k)."""
    if not 2 <= k <= len(corpus):
        raise KGError(f"--folds must be between 2 and the number of articles ({len(corpus)}), not {k}")
    return [corpus[i::k] for i in range(k)]


@dataclass
class Evaluation:
    """Scores of one way of extracting: pooled over all held-out articles, and fold by fold."""

    name: str
    pooled: dict  # score.py's result over every article, each scored by a model that did not see it
    by_fold: list[dict]

    def f1(self, kind: str) -> float:
        return self.pooled["overall_f1"] if kind == "overall" else self.pooled["kinds"][kind]["f1"]

    def spread(self, kind: str) -> tuple[float, float]:
        values = [r["overall_f1"] if kind == "overall" else r["kinds"][kind]["f1"] for r in self.by_fold]
        return statistics.mean(values), statistics.pstdev(values)


def _extract_into(corpus: list[GoldArticle], pred_dir: Path, gold_dir: Path) -> None:
    for g in corpus:
        facts = extract_facts(g.article)
        (pred_dir / f"{g.article.id}.json").write_text(facts.to_json(), encoding="utf-8")
        (gold_dir / f"{g.article.id}.json").write_text(json.dumps(g.gold), encoding="utf-8")


def cross_validate(
    folder: Path | str,
    scorer: Path | str,
    k: int = 5,
    progress: Callable[[str], None] | None = None,
) -> list[Evaluation]:
    """Train on k-1 folds, extract the fold left out, k times; the rules alone are scored beside it."""
    corpus = load_corpus(folder)
    score = load_scorer(scorer).score
    parts = folds(corpus, k)
    data = {g.article.id: [] for g in corpus}
    for ex in examples(corpus):
        data[ex.article].append(ex)
    results = []
    for name in ("rules alone", "learned"):
        by_fold = []
        with tempfile.TemporaryDirectory() as tmp:
            pooled_pred, pooled_gold = Path(tmp, "pred"), Path(tmp, "gold")
            pooled_pred.mkdir()
            pooled_gold.mkdir()
            for i, held in enumerate(parts):
                held_ids = {g.article.id for g in held}
                model = None
                if name == "learned":
                    model = fit([ex for aid, exs in data.items() if aid not in held_ids for ex in exs])
                fold_pred, fold_gold = Path(tmp, f"pred{i}"), Path(tmp, f"gold{i}")
                fold_pred.mkdir()
                fold_gold.mkdir()
                with using(SPENDING, model):
                    _extract_into(held, fold_pred, fold_gold)
                by_fold.append(score(fold_gold, fold_pred))
                for p in fold_pred.iterdir():
                    p.rename(pooled_pred / p.name)
                for p in fold_gold.iterdir():
                    p.rename(pooled_gold / p.name)
                if progress:
                    progress(f"{name}: fold {i + 1} of {k}")
            results.append(Evaluation(name, score(pooled_gold, pooled_pred), by_fold))
    return results


__all__ = [
    "CLASSES",
    "DECISIONS",
    "KINDS",
    "Evaluation",
    "cross_validate",
    "examples",
    "fit",
    "label",
    "load_corpus",
    "train",
]
