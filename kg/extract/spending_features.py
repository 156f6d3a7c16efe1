"""Features of a spending figure for the learned decision: the rules' cues and guess, the words
around the figure, its size and unit, and where it stands in the article.

Features are names mapped to 1.0 (or a small number); the model in ``kg.extract.model`` weighs
them. Words are lower-cased and only the few nearest the figure are used, so a feature means the
same in any article.
"""

from __future__ import annotations

import bisect
import math
import re
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from kg.extract.analysis import Analysis
    from kg.extract.spending import _Context
    from kg.extract.spending_reading import Decision

WORD = re.compile(r"[a-z]+(?:'[a-z]+)?")
#: A figure given in brackets or as an equivalent of another: "(about US$31 billion)", "equivalent to $64 billion".
EQUIVALENT_BEFORE = re.compile(
    r"(?:[(（]\s*(?:about|around|roughly|approximately|approx\.?|some|nearly|or)?|"
    r"\b(?:equivalent\s+(?:to|of)|equal\s+to|or\s+about|or\s+around|or\s+roughly|worth))\s*$",
    re.I,
)
YEAR = re.compile(r"\b(?:19|20)\d\d\b")
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
    if EQUIVALENT_BEFORE.search(ctx.before[-30:]):
        out["equivalent_before"] = 1.0
    # where the states of the sentence stand: one named right before the figure ("France (1.9%)",
    # "Japan's 2%"), one right after it, how many in all
    q_token = max(0, bisect.bisect_right(analysis.idx, ctx.quantity.start) - 1)
    states = [m for m in analysis.mentions if m.sent == ctx.sent and m.kind == "country"]
    out[f"states={min(len(states), 2)}"] = 1.0
    if any(0 <= q_token - m.end <= 2 for m in states):
        out["state_just_before"] = 1.0
    if any(0 <= m.start - q_token <= 4 for m in states):
        out["state_just_after"] = 1.0
    # the years of the clause against the article's date
    published = analysis.published
    if published is None:
        out["undated"] = 1.0
    for year in YEAR.findall(ctx.before[-60:] + " " + ctx.after[:60]):
        when = (
            "unknown"
            if published is None
            else "past"
            if int(year) < published.year
            else ("this" if int(year) == published.year else "future")
        )
        out[f"year={when}"] = 1.0
    for word in set(WORD.findall(ctx.sentence.lower())) - STOP:
        out[f"s={word}"] = 1.0
    return out


__all__ = ["candidate_features"]
