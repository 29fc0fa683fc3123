"""ISO weeks as ``YYYY-Www`` strings (``2026-W47``): parsing, formatting, arithmetic."""

from __future__ import annotations

import re
from datetime import date, timedelta

from .errors import Invalid
from .types import FIRST_DAY, LAST_DAY

#: ASCII digits only, the whole string: no Arabic-Indic or fullwidth digits, no trailing newline.
_WEEK = re.compile(r"([0-9]{4})-W([0-9]{2})", re.ASCII)
#: The same rule for msgspec and the OpenAPI document (which has no ``fullmatch``).
WEEK_PATTERN = r"^[0-9]{4}-W[0-9]{2}(?![\s\S])"


def parse_week(text: str) -> date:
    """The Monday of ISO week ``text``; ``Invalid`` with a readable message if it is no such week."""
    match = _WEEK.fullmatch(text)
    if not match:
        raise Invalid(f"{text!r} is not an ISO week; write it as YYYY-Www, for example 2026-W47")
    year, week = int(match.group(1)), int(match.group(2))
    if not FIRST_DAY.year <= year <= LAST_DAY.year:
        raise Invalid(f"{text!r} lies outside the years this service keeps ({FIRST_DAY.year}-{LAST_DAY.year})")
    try:
        return date.fromisocalendar(year, week, 1)
    except ValueError:
        weeks_in_year = date(year, 12, 28).isocalendar().week
        raise Invalid(f"{year} has no week {week}; its weeks run from W01 to W{weeks_in_year:02d}") from None


def canonical_week(text: str) -> str:
    """``text`` checked and spelled the one way weeks are stored."""
    return week_of(parse_week(text))


def week_of(day: date) -> str:
    iso = day.isocalendar()
    return f"{iso.year}-W{iso.week:02d}"


def add_weeks(week: str, n: int) -> str:
    return week_of(parse_week(week) + timedelta(weeks=n))


def weeks_between(first: str, last: str) -> int:
    """Whole weeks from ``first`` to ``last`` (negative if ``last`` comes first)."""
    return (parse_week(last) - parse_week(first)).days // 7
