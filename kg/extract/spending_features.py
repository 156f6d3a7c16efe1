"""Features of a spending figure for the learned decision: the rules' cues and guess, the words
around the figure, its size and unit, and where it stands in the article.

Features are names mapped to 1.0 (or a small number); the model in ``kg.extract.model`` weighs
them. Words are lower-cased and only the few nearest the figure are used, so a feature means the
same in any article.
"""

from __future__ import annotations

import math
import re
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from kg.extract.analysis import Analysis
    from kg.extract.spending import Decision, _Context

WORD = re.compile(r"[a-z]+(?:'[a-z]+)?")
#: Words too common to say anything on their own.
STOP = frozenset({"the", "a", "an", "and", "of", "to", "in", "on", "for", "its", "it", "is", "was", "that", "as", "at"})


def _value_bucket(unit: str, value: float) -> str:
    if unit == "percent_gdp":
        for edge in (1, 2, 3, 4, 5, 10):
            if value < edge:
                return f"pct<{edge}"
        return "pct>=10"
    return f"money~1e{min(15, int(math.log10(max(value, 1))) // 3 * 3)}"


def candidate_features(analysis: Analysis, ctx: _Context, decision: Decision) -> dict[str, float]:
    """The features of one figure in its clause."""
    unit = "percent_gdp" if ctx.quantity.is_percent else ctx.quantity.unit
    out: dict[str, float] = {
        f"rule={decision.label}": 1.0,
        f"screen={decision.screen}": 1.0,
        f"unit={'percent' if unit == 'percent_gdp' else 'money'}": 1.0,
        _value_bucket(unit, ctx.quantity.value): 1.0,
    }
    for cue, on in decision.cues.items():
        if on:
            out[f"cue={cue}"] = 1.0
    before = [w for w in WORD.findall(ctx.before[-80:].lower()) if w not in STOP][-4:]
    after = [w for w in WORD.findall(ctx.after[:80].lower()) if w not in STOP][:4]
    for i, word in enumerate(reversed(before)):
        out[f"b={word}"] = 1.0
        if i == 0:
            out[f"b1={word}"] = 1.0
    for i, word in enumerate(after):
        out[f"a={word}"] = 1.0
        if i == 0:
            out[f"a1={word}"] = 1.0
    if ctx.sent == 0:
        out["headline"] = 1.0
    states = sum(1 for m in analysis.mentions if m.sent == ctx.sent and m.kind == "country")
    out[f"states={min(states, 2)}"] = 1.0
    return out


__all__ = ["candidate_features"]
