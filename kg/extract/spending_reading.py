"""The learned reading of a spending figure, and what the rules read of it first.

``Decision`` is the rules' reading of one figure with the cues it rests on; ``reading`` weighs it
against the model's probabilities (``kg.extract.model``) and says what the figure is and how sure
the model is. ``Candidate`` is a figure as training sees it (``kg.train``).
"""

from __future__ import annotations

from dataclasses import dataclass

from kg.extract.model import SpendingModel
from kg.extract.quantities import Quantity

EXPENDITURE_KINDS = ("actual", "budget", "estimate")


def reading(model: SpendingModel, features: dict[str, float], rule: str) -> tuple[str, float]:
    """What a figure is and how sure the model is: none, a target, or an expenditure of its
    likeliest kind. The rules' reading stands unless the model is at least ``OVERRULE`` sure of
    another; the confidence is then the model's probability of the rules' reading. A reading the
    model gives less than ``FLOOR`` is dropped."""
    probs = dict(zip(model.decision.classes, model.decision.probabilities(features), strict=True))
    ruled = "expenditure" if rule in EXPENDITURE_KINDS else rule
    best = max(probs, key=probs.__getitem__)
    # the model may take a target the rules read back, never make one: across the folds of the gold
    # corpus, targets it made were as often wrong as right, while its other calls gained in every fold
    if best != ruled and (probs[best] < OVERRULE or best == "target"):
        best = ruled
    if best != "none" and probs.get(best, 0.0) < FLOOR:
        best = "none"
    if best != "expenditure":
        return best, probs.get(best, 0.0)
    kind = rule if rule in EXPENDITURE_KINDS else "budget"
    if model.kind is not None:
        kinds = dict(zip(model.kind.classes, model.kind.probabilities(features), strict=True))
        likeliest = max(kinds, key=kinds.__getitem__)
        if likeliest == kind or kinds[likeliest] >= OVERRULE or rule not in EXPENDITURE_KINDS:
            kind = likeliest
    return kind, probs.get("expenditure", 0.0)


#: How sure the model must be to read a figure otherwise than the rules do.
OVERRULE = 0.7
#: Below this probability of the reading it ends with, a figure is left out: the rules read it, but
#: the model all but rules it out (across the folds this gained precision and lost no recall).
FLOOR = 0.2


@dataclass
class Decision:
    """The rules' reading of one figure: its label, deadline, and the cues it rests on."""

    label: str  # "target", "actual", "budget", "estimate" or "none"
    deadline: str | None
    also_spent: bool  # a target met this year: also this year's spending
    screen: str | None  # why the rules hold it is no level of defence spending ("change", "part", ...)
    cues: dict[str, bool]
    sent: int = 0


@dataclass
class Candidate:
    """A figure the reader considered, with its features: what training aligns with gold facts."""

    sent: int
    quantity: Quantity
    unit: str  # "percent_gdp" or the currency as found ("$" unresolved)
    decision: Decision
    features: dict[str, float]


__all__ = ["EXPENDITURE_KINDS", "FLOOR", "OVERRULE", "Candidate", "Decision", "reading"]
