"""The learned decisions of extraction: small linear models trained on the gold corpus.

The rules find the candidates (every amount and share of GDP in a sentence about defence) and
read the cues around them; multinomial logistic models, trained by ``kg train`` on the gold facts
(see ``kg.train``), decide what each candidate is (none, target, expenditure) and an
expenditure's kind from those cues, the rules' own guess and the words around it, and say how sure
they are. The model ships as JSON weights in
``kg/extract/models/``: no article text, no pickle, and no training library needed to apply it.

>>> m = LinearModel(("none", "target"), {"cue=goal": (0.0, 2.0)}, (0.5, -0.5))
>>> label, p = m.decide({"cue=goal": 1.0})
>>> label, round(p, 3)
('target', 0.731)
"""

from __future__ import annotations

import json
import math
import os
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass
from functools import cache
from pathlib import Path

MODEL_DIR = Path(__file__).with_name("models")
SPENDING = "spending"
#: Set to 0 to extract with the rules alone (to compare, or when no model has been trained).
MODEL_ENV = "DEFENSE_KG_MODEL"


@dataclass(frozen=True)
class LinearModel:
    """Softmax over linear scores: ``weights[feature][k]`` adds to class ``k``'s score."""

    classes: tuple[str, ...]
    weights: Mapping[str, tuple[float, ...]]
    bias: tuple[float, ...]

    def probabilities(self, features: Mapping[str, float]) -> list[float]:
        scores = list(self.bias)
        for name, value in features.items():
            row = self.weights.get(name)
            if row is not None:
                for k, w in enumerate(row):
                    scores[k] += w * value
        top = max(scores)
        exps = [math.exp(s - top) for s in scores]
        total = sum(exps)
        return [e / total for e in exps]

    def decide(self, features: Mapping[str, float]) -> tuple[str, float]:
        """The likeliest class and its probability."""
        probs = self.probabilities(features)
        best = max(range(len(probs)), key=probs.__getitem__)
        return self.classes[best], probs[best]

    def to_json(self) -> str:
        rows = {name: [round(w, 6) for w in row] for name, row in sorted(self.weights.items())}
        data = {"classes": list(self.classes), "bias": [round(b, 6) for b in self.bias], "weights": rows}
        return json.dumps(data, indent=0, sort_keys=True) + "\n"

    @classmethod
    def from_json(cls, text: str) -> LinearModel:
        data = json.loads(text)
        weights = {name: tuple(row) for name, row in data["weights"].items()}
        return cls(tuple(data["classes"]), weights, tuple(data["bias"]))


@dataclass(frozen=True)
class SpendingModel:
    """Two decisions about a spending figure: what it is (none, target or expenditure), and for an
    expenditure, its kind (actual, budget or estimate). The kind is an attribute of an expenditure,
    so each decision is learned from the figures it concerns."""

    decision: LinearModel
    kind: LinearModel | None

    def to_json(self) -> str:
        data = {"decision": json.loads(self.decision.to_json())}
        if self.kind is not None:
            data["kind"] = json.loads(self.kind.to_json())
        return json.dumps(data, indent=0, sort_keys=True) + "\n"

    @classmethod
    def from_json(cls, text: str) -> SpendingModel:
        data = json.loads(text)
        kind = data.get("kind")
        return cls(
            LinearModel.from_json(json.dumps(data["decision"])),
            LinearModel.from_json(json.dumps(kind)) if kind else None,
        )


def model_path(name: str, folder: Path = MODEL_DIR) -> Path:
    return folder / f"{name}.json"


@cache
def _shipped(name: str) -> SpendingModel | None:
    path = model_path(name)
    return SpendingModel.from_json(path.read_text(encoding="utf-8")) if path.is_file() else None


_override: dict[str, SpendingModel | None] = {}


def spending_model() -> SpendingModel | None:
    """The model that decides spending figures: one set by ``using``, else the shipped one."""
    if SPENDING in _override:
        return _override[SPENDING]
    if os.environ.get(MODEL_ENV, "1") == "0":
        return None
    return _shipped(SPENDING)


@contextmanager
def using(name: str, model: SpendingModel | None) -> Iterator[None]:
    """Extract with ``model`` (None: the rules alone) inside the block: cross-validation and training use it."""
    before = _override.get(name, ...)
    _override[name] = model
    try:
        yield
    finally:
        if before is ...:
            del _override[name]
        else:
            _override[name] = before  # type: ignore[assignment]


__all__ = [
    "MODEL_DIR",
    "MODEL_ENV",
    "SPENDING",
    "LinearModel",
    "SpendingModel",
    "model_path",
    "spending_model",
    "using",
]
