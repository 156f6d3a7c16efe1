"""Dates: deadlines, budget periods and meeting days, resolved against the publication date only when certain."""

from __future__ import annotations

import datetime as dt

import pytest

from kg.extract.dates import deadline, meeting_date, period

WEDNESDAY = dt.date(2025, 6, 25)
FRIDAY = dt.date(2025, 6, 27)


def xfail(reason: str):
    return pytest.mark.xfail(reason=reason, strict=True)


DEADLINES = [
    pytest.param("by 2035", WEDNESDAY, "2035", id="by-year"),
    pytest.param("by fiscal 2027", WEDNESDAY, "FY2027", id="by-fiscal"),
    pytest.param("by 2027-28", WEDNESDAY, "FY2027", id="split-year"),
    pytest.param("from April 2027", WEDNESDAY, "2027", id="from-month"),
    pytest.param("within five years", WEDNESDAY, None, id="span-not-resolved"),
    pytest.param(
        "in the 2028 financial year",
        WEDNESDAY,
        "FY2028",
        id="year-then-financial-year",
    ),
    pytest.param(
        "by mid-2027",
        WEDNESDAY,
        "2027",
        id="by-mid-year",
    ),
]

PERIODS = [
    pytest.param("from fiscal 2023 through 2027", WEDNESDAY, "FY2023-FY2027", id="fiscal-range"),
    pytest.param("last year", WEDNESDAY, "2024", id="last-year"),
    pytest.param("last year", None, None, id="last-year-unpublished"),
    pytest.param("this fiscal year", WEDNESDAY, "FY2025", id="this-fiscal-year"),
    pytest.param(
        "in 2027-28",
        WEDNESDAY,
        "FY2027",
        id="split-year",
    ),
    pytest.param(
        "in the 2025/26 financial year",
        WEDNESDAY,
        "FY2025",
        id="split-year-financial-year",
    ),
    pytest.param(
        "between 2026 and 2030",
        WEDNESDAY,
        "2026-2030",
        id="between-range",
    ),
]

MEETING_DATES = [
    pytest.param("on Wednesday", WEDNESDAY, dt.date(2025, 6, 25), id="weekday-same-day"),
    pytest.param("on Monday", WEDNESDAY, dt.date(2025, 6, 23), id="weekday-earlier"),
    pytest.param("on Wednesday", FRIDAY, dt.date(2025, 6, 25), id="weekday-from-friday"),
    pytest.param("yesterday", WEDNESDAY, dt.date(2025, 6, 24), id="yesterday"),
    pytest.param("on Monday", None, None, id="weekday-unpublished"),
    pytest.param("on 3 June", WEDNESDAY, dt.date(2025, 6, 3), id="day-month"),
    pytest.param(
        "on Wednesday, June 18",
        WEDNESDAY,
        dt.date(2025, 6, 18),
        id="weekday-with-date",
    ),
    pytest.param(
        "on Monday last week",
        WEDNESDAY,
        dt.date(2025, 6, 16),
        id="weekday-last-week",
    ),
    pytest.param(
        "on the 3rd of June",
        WEDNESDAY,
        dt.date(2025, 6, 3),
        id="ordinal-of-month",
    ),
    pytest.param(
        "two days ago",
        WEDNESDAY,
        dt.date(2025, 6, 23),
        id="days-ago",
    ),
]


@pytest.mark.parametrize(("text", "published", "expected"), DEADLINES)
def test_deadline(text: str, published: dt.date | None, expected: str | None) -> None:
    assert deadline(text, published) == expected


@pytest.mark.parametrize(("text", "published", "expected"), PERIODS)
def test_period(text: str, published: dt.date | None, expected: str | None) -> None:
    assert period(text, published) == expected


@pytest.mark.parametrize(("text", "published", "expected"), MEETING_DATES)
def test_meeting_date(text: str, published: dt.date | None, expected: dt.date | None) -> None:
    assert meeting_date(text, published) == expected
