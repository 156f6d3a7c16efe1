"""Quantities: amounts of money and percentages as the news writes them, with their spans.

"9.04 trillion yen", "NT$1.25 trillion", "₹7,84,678 crore", "€1.49 billion", "CZK 185 billion",
"1.6 trillion Turkish liras", "R3.6 billion", "$1.5-trillion", "3.5%", "2.33per cent", "five per cent",
"2 to 3 percent". Amounts come out in whole currency units; a currency several states name alike
("$", "kr", "peso") is left for the caller to resolve from context; an amount in brackets right
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
    # "percent", an ISO 4217 code, or a currency several states name alike ("$", "kr", "peso": a key
    # of the money lexicon's ``local_currencies``, resolved from context)
    unit: str
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

#: A number that reads as a year ("2024 won", "in 2025 USD terms"): not an amount without a symbol or scale.
YEAR_LIKE = re.compile(r"1[89]\d\d|2[01]\d\d")

#: A country name or demonym right before a currency word: "Mexican pesos", "Hong Kong dollars".
QUALIFIER = r"[A-Z][a-z]+(?: [A-Z][a-z]+)?"

#: "between" right before the first figure of a range ("between $1 and 2 billion").
BETWEEN_BEFORE = re.compile(r"\bbetween\s+\Z", re.IGNORECASE)

#: What comes before an amount whose unit is left to the one before it: "up from 7 billion".
ELIDED_LEAD = re.compile(r"\b(?:from|than)\s*\Z", re.IGNORECASE)

#: How far after the amount that gives the unit an amount may leave it out.
ELIDED_REACH = 150

#: The end of a sentence (or a line) between two amounts.
SENTENCE_END = re.compile(r"[.!?][\"'”’)]*\s+[A-Z\"“‘(]|\n")

#: How far before a figure the first number of its range may start ("between 2.5 and 3.5 per cent").
RANGE_REACH = 40


def _alternation(words: Iterable[str]) -> str:
    return "|".join(re.escape(w) for w in sorted(words, key=len, reverse=True))


@dataclass(frozen=True)
class _Patterns:
    amount: re.Pattern[str]
    percent: re.Pattern[str]
    range_before: re.Pattern[str]  # the first number of a range, ending where the figure starts
    range_after: re.Pattern[str]  # the rest of a range after its first number: "-2 billion", " to 2 billion"


@cache
def _patterns() -> _Patterns:
    money = lexicon().money
    number_words = _alternation(money.numbers)
    number = r"\d{1,3}(?:,\d{2,3})+(?:\.\d+)?|\d+(?:\.\d+)?|(?i:" + number_words + ")"
    symbols = _alternation([*money.symbols, *money.scaled_symbols, *money.codes])
    scales = _alternation(money.scales)
    words = _alternation(money.words)
    codes = _alternation(money.codes)
    amount = re.compile(
        rf"(?<![\w$])(?P<sym>{symbols})?(?P<gap>\s?)(?<!\d[.,])(?P<num>{number})(?:\s?-?(?P<scale>(?i:{scales}))\b)?"
        rf"(?:[\s-]?(?:(?P<qual>{QUALIFIER})\s)?(?P<word>(?i:{words}))\b|\s?(?P<code>{codes})\b)?"
    )
    percent = re.compile(
        rf"(?<![\w.])(?<!\d,)(?P<num>{number})[\s-]?(?:%|(?i:per\s?cent|percent|pct|pc)\b|(?i:percentage points?))",
    )
    connector = r"\s*(?:-|–|—|\s(?i:to|or)\s|\s(?i:and)\s)\s*"
    range_before = re.compile(
        rf"(?:(?P<lead>\b(?i:between|from|by))\s+)?(?<![\w.\-/])(?P<sym>{symbols})?\s?(?P<num>{number})"
        rf"(?:\s?(?P<scale>(?i:{scales}))\b)?(?P<conn>{connector})\Z"
    )
    range_after = re.compile(rf"(?P<conn>{connector})(?P<num>{number})\s?-?(?P<scale>(?i:{scales}))\b")
    return _Patterns(amount, percent, range_before, range_after)


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
    """The characters currency symbols and codes begin with, and how far before its number an amount
    may start (its symbol, then a space)."""
    money = lexicon().money
    symbols = [*money.symbols, *money.scaled_symbols, *money.codes]
    return frozenset(symbol[0] for symbol in symbols), max(map(len, symbols)) + 1


def _amount_starts(text: str, numbers: list[int]) -> list[int]:
    """Where an amount may start: at its number, at a space right before it, or at a currency symbol
    or code up to ``_symbols_reach`` before it, not inside a word."""
    firsts, reach = _symbols_reach()
    starts = set(numbers)
    for number in numbers:
        if number and text[number - 1].isspace():
            starts.add(number - 1)
        for at in range(max(0, number - reach), number):
            # an amount starts no later than a word or a "$" ends (the pattern's look-behind)
            if text[at] in firsts and not (at and (text[at - 1].isalnum() or text[at - 1] in "_$")):
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


def _multiplier(text: str, scale: str | None, end: int) -> float:
    """What a scale word multiplies its number by; a "crore" right after ``end`` multiplies again
    ("₹7.85 lakh crore", "Rs 5,000 crore")."""
    scales = lexicon().money.scales
    factor = scales[_scale_key(scale)] if scale else 1.0
    if (scale is None or factor == scales["lakh"]) and text[end : end + 8].lower().lstrip(" -").startswith("crore"):
        factor *= scales["crore"]
    return factor


def _symbol_unit(symbol: str) -> str:
    """The unit of a currency symbol, prefix or code written before a number."""
    money = lexicon().money
    return money.symbols.get(symbol) or money.scaled_symbols.get(symbol) or symbol


def _word_unit(word: str, qualifier: str | None) -> str | None:
    """The unit of a currency word after a number, picked by a country name or demonym before it
    when it has one: "Mexican pesos" -> MXN, "Hong Kong dollars" -> HKD."""
    money = lexicon().money
    if qualifier:
        whole = money.words.get(f"{qualifier} {word}".lower())
        if whole:
            return whole
    unit = money.words.get(word.lower())
    if qualifier and unit in money.local_currencies:
        places = lexicon().places
        # "Ugandan" is "Uganda" and an "n": a demonym the lexicon lacks, read from the name
        country = places.names.get(qualifier) or places.demonyms.get(qualifier) or places.names.get(qualifier[:-1])
        return money.local_currencies[unit].get(country or "", unit)
    return unit


def _amount_unit(m: re.Match[str]) -> str | None:
    """The unit an amount match names by its symbol, word or code; None for a bare number."""
    if m["sym"]:
        return _symbol_unit(m["sym"])
    if m["word"]:
        return _word_unit(m["word"], m["qual"])
    return m["code"]


def _prefix_fits(m: re.Match[str], scale: str | None) -> bool:
    """Whether the match's symbol may name a currency before a number with ``scale``: a short prefix
    that is also ordinary letters ("R", "N", "Sh") only with a scale word, and a single letter only
    written against the number ("R3 billion", not "Grade R 3")."""
    money = lexicon().money
    sym = m["sym"]
    if not sym or sym in money.symbols or sym in money.codes or sym not in money.scaled_symbols:
        return True
    return bool(scale) and (len(sym) > 1 or not m["gap"])


def _range_first(text: str, start: int, after: int, second: float, unit: str, multiplier: float) -> Quantity | None:
    """The first figure of a range that ends in the figure at ``start``, taking the unit and scale
    the text gives only once: "between 2 and 3 per cent", "from 2 to 2.5%", "1.5-2 billion euros",
    "50 to 60 billion yen". Not an increase ("by 0.5 to 2.5 per cent"), a year, or a figure larger
    than the second. ``after`` is where the previous figure ends."""
    r = _patterns().range_before.search(text, max(after, start - RANGE_REACH), start)
    if r is None:
        return None
    lead = (r["lead"] or "").lower()
    if lead == "by" or (r["conn"].strip().lower() == "and" and lead != "between"):
        return None
    if YEAR_LIKE.fullmatch(r["num"]) or (unit == "percent" and (r["sym"] or r["scale"])):
        return None
    if r["sym"] and _symbol_unit(r["sym"]) != unit:
        return None
    base = _number(r["num"])
    if base is None:
        return None
    value = base * (_multiplier(text, r["scale"], r.end("scale")) if r["scale"] else multiplier)
    if not value < second:
        return None
    begin = r.start("sym") if r["sym"] else r.start("num")
    return Quantity(round(value, 2), unit, begin, r.end("scale") if r["scale"] else r.end("num"))


def _elided_unit(text: str, m: re.Match[str], found: list[Quantity]) -> str | None:
    """The unit of an amount written without one after "from" or "than", taken from the amount
    before it in the same sentence: "spent 8 billion dirhams, up from 7 billion"."""
    if not m["scale"]:
        return None
    lead = ELIDED_LEAD.search(text, max(0, m.start() - 20), m.start())
    previous = next((q for q in reversed(found) if not q.is_percent and not q.conversion), None)
    if lead is None or previous is None or not 0 <= m.start() - previous.end <= ELIDED_REACH:
        return None
    if SENTENCE_END.search(text, previous.end, m.start()):
        return None
    return previous.unit


def _forward_range(text: str, m: re.Match[str], start: int, found: list[Quantity]) -> list[Quantity]:
    """A range whose first amount has a symbol but whose scale comes only after the second number:
    "$1.5-2 billion", "€3 to 4 billion", "between $1 and 2 billion". Both figures, or none."""
    if not m["sym"] or m["scale"] or m["word"] or m["code"]:
        return []
    rest = _patterns().range_after.match(text, m.end())
    if rest is None or not _prefix_fits(m, rest["scale"]):
        return []
    if rest["conn"].strip().lower() == "and" and not BETWEEN_BEFORE.search(text, max(0, start - 12), start):
        return []
    first, second = _number(m["num"]), _number(rest["num"])
    if first is None or second is None or not first < second:
        return []
    unit = _symbol_unit(m["sym"])
    factor = _multiplier(text, rest["scale"], rest.end())
    conversion = _is_conversion(text, start, found)
    return [
        Quantity(round(first * factor, 2), unit, start, m.end(), conversion),
        Quantity(round(second * factor, 2), unit, rest.start("num"), rest.end(), conversion),
    ]


def find_quantities(text: str) -> list[Quantity]:
    """Every amount of money and percentage in ``text``, in order.

    The patterns are tried only where a number starts (or, for an amount, a symbol just before it):
    scanning a whole article character by character is most of their cost.
    """
    patterns = _patterns()
    numbers = _numbers_at(text)
    if numbers is None:
        percents, amounts = patterns.percent.finditer(text), patterns.amount.finditer(text)
    else:
        percents, amounts = (
            _matches_at(patterns.percent, text, numbers),
            _matches_at(patterns.amount, text, _amount_starts(text, numbers)),
        )
    found: list[Quantity] = []
    taken: list[tuple[int, int]] = []
    for m in percents:
        if "point" in m.group(0).lower():
            continue  # a change in percentage points
        value = _number(m["num"])
        if value is None:
            continue
        first = _range_first(text, m.start(), found[-1].end if found else 0, value, "percent", 1.0)
        if first:
            found.append(first)
        found.append(Quantity(value, "percent", m.start(), m.end()))
        taken.append((first.start if first else m.start(), m.end()))
    # the percentages' spans come in order and do not overlap: only the last one starting at or
    # before an amount can hold it
    taken_starts = [a for a, _ in taken]
    amounts_end = 0  # where the last amount found ends
    for m in amounts:
        k = bisect.bisect_right(taken_starts, m.start()) - 1
        if m.start() < amounts_end or (k >= 0 and m.start() < taken[k][1]):
            continue
        unit = _amount_unit(m) or _elided_unit(text, m, found)
        base = _number(m["num"])
        if unit is None or base is None:
            continue
        start = m.start() + (len(m.group(0)) - len(m.group(0).lstrip()))
        both = _forward_range(text, m, start, found)
        if both:
            found.extend(both)
            amounts_end = both[-1].end
            continue
        if not _prefix_fits(m, m["scale"]):
            continue
        factor = _multiplier(text, m["scale"], m.end())
        value = base * factor
        symbol = bool(m["sym"]) and m["sym"] in lexicon().money.symbols  # a sign, not a code or letters
        if factor == 1.0 and (value < 1000 or m["code"] or (not symbol and YEAR_LIKE.fullmatch(m["num"]))):
            continue  # "$5", "yen 3", "2024 won", "NOK 2025" or "2,000 SAR" (search and rescue) is not a budget
        first = _range_first(text, start, amounts_end, value, unit, factor)
        conversion = _is_conversion(text, first.start if first else start, found)
        if first:
            found.append(Quantity(first.value, unit, first.start, first.end, conversion))
        found.append(Quantity(round(value, 2), unit, start, m.end(), conversion))
        amounts_end = m.end()
    return sorted(found, key=lambda q: q.start)


def _is_conversion(text: str, start: int, before: list[Quantity]) -> bool:
    """An amount in brackets right after another amount: "NT$1.25 trillion (US$39.3 billion)"."""
    previous = [q for q in before if q.end <= start and not q.is_percent]
    if not previous:
        return False
    between = text[previous[-1].end : start]
    return bool(CONVERSION_GAP.fullmatch(between))
