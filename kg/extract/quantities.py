"""Quantities: amounts of money and percentages as the news writes them, with their spans.

"9.04 trillion yen", "NT$1.25 trillion", "₹7,84,678 crore", "€1.49 billion", "112 billion shekels",
"100 billion-euro", "3.5%", "2.33per cent", "five per cent". Amounts come out in whole currency
units; a bare "$" is left for the caller to resolve from context; an amount in brackets right
after another is marked as a conversion.
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass
from functools import cache

from kg.extract.lexicon import lexicon


@dataclass(frozen=True)
class Quantity:
    value: float
    unit: str  # "percent", an ISO 4217 code, or "$" / "kr" (a dollar or krone to resolve from context)
    start: int  # character offsets in the article text
    end: int
    conversion: bool = False  # "(US$39.3 billion)" after another amount

    @property
    def is_percent(self) -> bool:
        return self.unit == "percent"


#: What separates an amount from its conversion: "NT$1.25 trillion (US$39.3 billion)", "9 trillion yen, or $58 billion".
CONVERSION_GAP = re.compile(
    r"\s*[(（]\s*(?:about|around|roughly|some|nearly|almost|approx\.?)?\s*|\s*,?\s*or\s+(?:about|around|roughly|some|nearly|almost)?\s*"
)


def _alternation(words: list[str]) -> str:
    return "|".join(re.escape(w) for w in sorted(words, key=len, reverse=True))


@cache
def _patterns() -> tuple[re.Pattern[str], re.Pattern[str]]:
    money = lexicon().money
    number_words = _alternation(list(money.numbers))
    number = rf"(?P<num>\d{{1,3}}(?:,\d{{2,3}})+(?:\.\d+)?|\d+(?:\.\d+)?|(?i:{number_words}))"
    symbols = _alternation(list(money.symbols))
    scales = _alternation(list(money.scales))
    words = _alternation(list(money.words))
    amount = re.compile(
        rf"(?<![\w$])(?P<sym>{symbols})?\s?{number}(?:\s?-?(?P<scale>(?i:{scales}))\b)?"
        rf"(?:[\s-]?(?P<word>(?i:{words}))\b)?"
    )
    percent = re.compile(
        rf"(?<![\w.]){number}[\s-]?(?:%|(?i:per\s?cent|percent|pct|pc)\b|(?i:percentage points?))",
    )
    return amount, percent


def _number(text: str) -> float | None:
    money = lexicon().money
    word = text.lower()
    if word in money.numbers:
        return money.numbers[word]
    try:
        return float(text.replace(",", ""))
    except ValueError:
        return None


def find_quantities(text: str) -> list[Quantity]:
    """Every amount of money and percentage in ``text``, in order."""
    amount_re, percent_re = _patterns()
    money = lexicon().money
    found: list[Quantity] = []
    taken: list[tuple[int, int]] = []
    for m in percent_re.finditer(text):
        if "point" in m.group(0).lower():
            continue  # a change in percentage points
        value = _number(m.group("num"))
        if value is not None:
            found.append(Quantity(value, "percent", m.start(), m.end()))
            taken.append((m.start(), m.end()))
    # the percentages' spans come in order and do not overlap: only the last one starting at or
    # before an amount can hold it
    taken_starts = [a for a, _ in taken]
    for m in amount_re.finditer(text):
        k = bisect.bisect_right(taken_starts, m.start()) - 1
        if k >= 0 and m.start() < taken[k][1]:
            continue
        sym, word, scale = m.group("sym"), m.group("word"), m.group("scale")
        if not sym and not word:
            continue
        unit = money.symbols.get(sym) if sym else money.words.get(word.lower())
        if unit is None:
            continue
        value = _number(m.group("num"))
        if value is None:
            continue
        if scale:
            value *= money.scales[scale.lower()]
            # "₹7.85 lakh crore": a second scale word
            rest = text[m.end() : m.end() + 8].lower()
            if scale.lower() in ("lakh", "lakhs") and rest.lstrip().startswith("crore"):
                value *= money.scales["crore"]
        elif text[m.end() : m.end() + 6].lower().lstrip().startswith("crore"):
            value *= money.scales["crore"]
        if value < 1000 and not scale:
            continue  # "$5" or "yen 3" is not a defence budget
        end = m.end()
        start = m.start() + (len(m.group(0)) - len(m.group(0).lstrip()))
        conversion = _is_conversion(text, start, found)
        found.append(Quantity(round(value, 2), unit, start, end, conversion))
    return sorted(found, key=lambda q: q.start)


def _is_conversion(text: str, start: int, before: list[Quantity]) -> bool:
    """An amount in brackets right after another amount: "NT$1.25 trillion (US$39.3 billion)"."""
    previous = [q for q in before if q.end <= start and not q.is_percent]
    if not previous:
        return False
    between = text[previous[-1].end : start]
    return bool(CONVERSION_GAP.fullmatch(between))
