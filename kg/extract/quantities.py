"""Quantities: amounts of money and percentages as the news writes them, with their spans.

"9.04 trillion yen", "NT$1.25 trillion", "₹7,84,678 crore", "€1.49 billion", "112 billion shekels",
"100 billion-euro", "3.5%", "2.33per cent", "five per cent". Amounts come out in whole currency
units; a bare "$" is left for the caller to resolve from context; an amount in brackets right
after another is marked as a conversion.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from functools import cache

from kg.extract.analysis import word_starts
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


#: The first digit of each run of digits (a character class first, so ``re`` scans for it quickly).
DIGITS_START = re.compile(r"\d(?<!\d\d)")


def _numbers_at(text: str) -> list[int] | None:
    """Where a number (digits or a number word) may start in ``text``: every amount and percentage
    holds one. None when the number words cannot be looked for in the lower-cased text."""
    words = word_starts(text, lexicon().money.numbers)
    if words is None:
        return None
    return sorted({m.start() for m in DIGITS_START.finditer(text)}.union(words))


def _matches_at(pattern: re.Pattern[str], text: str, starts: Iterable[int]) -> Iterator[re.Match[str]]:
    """``pattern.finditer(text)``, trying the pattern only at ``starts`` (in order): the same matches
    when no match can start anywhere else."""
    end = 0
    for start in starts:
        if start >= end:
            m = pattern.match(text, start)
            if m:
                yield m
                end = m.end()


def _number(text: str) -> float | None:
    money = lexicon().money
    word = text.lower()
    if word in money.numbers:
        return money.numbers[word]
    try:
        return float(text.replace(",", ""))
    except ValueError:
        return None


@cache
def _symbols_reach() -> tuple[frozenset[str], int]:
    """The characters currency symbols begin with, and how far before its number an amount may start
    (its symbol, then a space)."""
    symbols = lexicon().money.symbols
    return frozenset(symbol[0] for symbol in symbols), max(map(len, symbols)) + 1


def _amount_starts(text: str, numbers: list[int]) -> list[int]:
    """Where an amount may start: at its number, at a space right before it, or at a currency symbol
    up to ``_symbols_reach`` before it."""
    firsts, reach = _symbols_reach()
    starts = set(numbers)
    for number in numbers:
        if number and text[number - 1].isspace():
            starts.add(number - 1)
        for at in range(max(0, number - reach), number):
            if text[at] in firsts:
                starts.add(at)
    return sorted(starts)


def _scale_key(word: str) -> str:
    """The lexicon's key for a scale word the pattern matched without case.

    Matching without case also accepts letters whose lower case is not ASCII (a dotless "ı" in
    "bıllion"), so the key is the lexicon word the text matches, not the text lowered.
    """
    scales = lexicon().money.scales
    key = word.lower()
    if key in scales:
        return key
    return next(k for k in scales if re.fullmatch(re.escape(k), word, re.IGNORECASE))


def find_quantities(text: str) -> list[Quantity]:
    """Every amount of money and percentage in ``text``, in order.

    The patterns are tried only where a number starts (or, for an amount, a symbol just before it):
    scanning a whole article character by character is most of their cost.
    """
    amount_re, percent_re = _patterns()
    money = lexicon().money
    numbers = _numbers_at(text)
    if numbers is None:
        percents, amounts = percent_re.finditer(text), amount_re.finditer(text)
    else:
        percents, amounts = (
            _matches_at(percent_re, text, numbers),
            _matches_at(amount_re, text, _amount_starts(text, numbers)),
        )
    found: list[Quantity] = []
    taken: list[tuple[int, int]] = []
    for m in percents:
        if "point" in m.group(0).lower():
            continue  # a change in percentage points
        value = _number(m.group("num"))
        if value is not None:
            found.append(Quantity(value, "percent", m.start(), m.end()))
            taken.append((m.start(), m.end()))
    # the percentages' spans come in order and do not overlap: only the last one starting at or
    # before an amount can hold it
    taken_starts = [a for a, _ in taken]
    for m in amounts:
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
            scale = _scale_key(scale)
            value *= money.scales[scale]
            # "₹7.85 lakh crore": a second scale word
            rest = text[m.end() : m.end() + 8].lower()
            if scale in ("lakh", "lakhs") and rest.lstrip().startswith("crore"):
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
