"""Dates and periods, resolved against the article's publication date where that makes them certain.

Deadlines ("by 2035", "by fiscal 2027", "from April 2027", "this fiscal year"), budget periods
("for fiscal 2026", "FY 2026-27", "from fiscal 2023 through 2027", "last year") and meeting dates
("on Wednesday", "yesterday", "on 13 July"). Without a publication date, relative expressions
stay unresolved (None), as the facts schema asks.
"""

from __future__ import annotations

import datetime as dt
import re

WEEKDAYS = ["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"]
MONTHS = {
    m: i
    for i, names in enumerate(
        [
            ("january", "jan"),
            ("february", "feb"),
            ("march", "mar"),
            ("april", "apr"),
            ("may",),
            ("june", "jun"),
            ("july", "jul"),
            ("august", "aug"),
            ("september", "sep", "sept"),
            ("october", "oct"),
            ("november", "nov"),
            ("december", "dec"),
        ],
        start=1,
    )
    for m in names
}

YEAR = r"(?:19|20)\d\d"
FISCAL = r"(?:fiscal(?:\s+year)?|financial\s+year|FY)"
_SPLIT = rf"(?P<y1>{YEAR})\s*[-/–]\s*(?P<y2>\d{{2}}(?:\d{{2}})?)\b"

# Deadlines after a target: "by 2035", "in 2029", "by fiscal 2027", "within fiscal 2025", "from April 2027".
DEADLINE = re.compile(
    rf"\b(?:by|in|until|before|within|from|through|to|for)\s+"
    rf"(?:(?:the\s+end\s+of|the\s+start\s+of|around|about|roughly|early|late|mid-?|end-)\s*)?"
    rf"(?:(?:April|the\s+year|the)\s+)?(?P<fy>{FISCAL}\s*)?(?:{_SPLIT}|(?P<year>{YEAR})\b)"
    rf"(?P<fy_after>\s+(?:fiscal|financial)\s+year)?",
    re.I,
)
RELATIVE_FISCAL = re.compile(r"\b(?P<which>this|next|last|the current)\s+(?:fiscal|financial)\s+year\b", re.I)
RELATIVE_YEAR = re.compile(r"\b(?P<which>this|next|last)\s+year\b|\b(?P<now>currently|now)\b", re.I)

# Periods of a budget: "for fiscal 2026", "FY 2026-27", "for the 2026 fiscal year", "Budget 2026".
FISCAL_YEAR = re.compile(
    rf"\b{FISCAL}\s*(?:{_SPLIT}|(?P<year>{YEAR}))\b|\b(?P<year2>{YEAR})\s+(?:fiscal|financial)\s+year\b", re.I
)
RANGE = re.compile(
    rf"\b(?:from|between)\s+(?P<fy>{FISCAL}\s*)?(?P<a>{YEAR})\s+(?:through|to|until|till|and)\s+(?:{FISCAL}\s*)?"
    rf"(?P<b>{YEAR})\b",
    re.I,
)
SPLIT_YEAR = re.compile(rf"\b{_SPLIT}")
PLAIN_YEAR = re.compile(rf"\b(?P<year>{YEAR})\b")

DATE_DMY = re.compile(
    r"\b(?P<d>\d{1,2})(?:st|nd|rd|th)?\s+(?:of\s+)?(?P<m>[A-Z][a-z]{2,8})\.?(?:,?\s+(?P<y>(?:19|20)\d\d))?\b"
)
DATE_MDY = re.compile(r"\b(?P<m>[A-Z][a-z]{2,8})\.?\s+(?P<d>\d{1,2})(?:st|nd|rd|th)?(?:,?\s+(?P<y>(?:19|20)\d\d))?\b")
# Relative meeting dates, read in lower case: "today", "yesterday", "two days ago", "on Monday", "last week".
TODAY = re.compile(r"\btoday\b|\bthis (?:morning|afternoon|evening)\b")
YESTERDAY = re.compile(r"\byesterday\b")
DAYS_AGO = re.compile(r"\b(?P<n>\d+|one|two|three|four|five|six)\s+days?\s+ago\b")
WEEKDAY_WORDS = [re.compile(rf"\b{day}\b") for day in WEEKDAYS]
LAST_WEEK = re.compile(r"\blast\s+week\b")


def _is_split(first: str, second: str) -> bool:
    """ "2027-28" and "2027-2028" name one fiscal year; "2025-2030" is a span of years."""
    return int(second[-2:]) == (int(first) + 1) % 100


def _fy(text: str | None) -> bool:
    return bool(text and text.strip())


def deadline(window: str, published: dt.date | None) -> str | None:
    """The deadline a target's following words give, or None."""
    m = DEADLINE.search(window)
    if m:
        if m.group("y1"):
            return f"FY{m.group('y1')}"
        year = m.group("year")
        return f"FY{year}" if _fy(m.group("fy")) or m.group("fy_after") else year
    if published:
        r = RELATIVE_FISCAL.search(window)
        if r:
            return f"FY{published.year + _offset(r.group('which'))}"
        r = RELATIVE_YEAR.search(window)
        if r and r.group("which") and r.group("which").lower() == "next":
            return str(published.year + 1)
    return None


def _offset(which: str) -> int:
    which = which.lower()
    return 1 if which == "next" else -1 if which == "last" else 0


def period(window: str, published: dt.date | None) -> str | None:
    """The year or period a budget or spending figure is for, or None."""
    m = RANGE.search(window)
    if m:
        if _fy(m.group("fy")):
            return f"FY{m.group('a')}-FY{m.group('b')}"
        return f"{m.group('a')}-{m.group('b')}"
    m = FISCAL_YEAR.search(window)
    if m:
        return f"FY{m.group('y1') or m.group('year') or m.group('year2')}"
    m = SPLIT_YEAR.search(window)
    if m and _is_split(m.group("y1"), m.group("y2")):
        return f"FY{m.group('y1')}"  # "2027-28", "2025/26": a fiscal year named by its two calendar years
    if m and len(m.group("y2")) == 4:
        return f"{m.group('y1')}-{m.group('y2')}"  # "2024-2030": a span of years
    if published:
        r = RELATIVE_FISCAL.search(window)
        if r:
            return f"FY{published.year + _offset(r.group('which'))}"
        r = RELATIVE_YEAR.search(window)
        if r:
            return str(published.year + (_offset(r.group("which")) if r.group("which") else 0))
    m = PLAIN_YEAR.search(window)
    return m.group("year") if m else None


def meeting_date(window: str, published: dt.date | None) -> dt.date | None:
    """The day a meeting took place, when the text and the publication date make it certain."""
    explicit = _explicit_date(window, published)
    if explicit is not None:
        return explicit
    lowered = window.lower()
    if published is None:
        return None
    if TODAY.search(lowered):
        return published
    if YESTERDAY.search(lowered):
        return published - dt.timedelta(days=1)
    ago = DAYS_AGO.search(lowered)
    if ago:
        n = ago.group("n")
        return published - dt.timedelta(days=int(n) if n.isdigit() else NUMBER_WORDS[n])
    for i, day in enumerate(WEEKDAY_WORDS):
        if day.search(lowered):
            back = (published.weekday() - i) % 7
            if LAST_WEEK.search(lowered):
                back += 7
            return published - dt.timedelta(days=back)
    return None


NUMBER_WORDS = {"one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6}


def _explicit_date(window: str, published: dt.date | None) -> dt.date | None:
    """ "on 13 July", "June 18", "the 3rd of June 2025": day and month, the year from the text or the date."""
    for pattern in (DATE_DMY, DATE_MDY):
        m = pattern.search(window)
        if m and m.group("m").lower() in MONTHS:
            year = int(m.group("y")) if m.group("y") else (published.year if published else None)
            if year is None:
                continue
            try:
                return dt.date(year, MONTHS[m.group("m").lower()], int(m.group("d")))
            except ValueError:
                continue
    return None
