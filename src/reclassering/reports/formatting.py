"""How numbers, dates and weeks are shown to people: one place, formatted by Babel for the locale.

Figures are rounded half up (1.25 -> "1,3"), as people round, never half to even as ``format(1.25, ".1f")``
does. The report, the summary, the charts and the indicators' explanations all print through here.
"""

from __future__ import annotations

from datetime import date, datetime
from decimal import ROUND_HALF_UP, Decimal
from zoneinfo import ZoneInfo

from babel.dates import format_date as babel_date
from babel.numbers import format_decimal

from .series import monday_of

DASH = "–"


def round_half_up(value: float, digits: int = 1) -> Decimal:
    """``value`` rounded half up to ``digits`` decimals, from its shortest decimal form (2.675 -> 2.68)."""
    return Decimal(repr(float(value))).quantize(Decimal(1).scaleb(-digits), rounding=ROUND_HALF_UP)


def format_number(value: float | None, locale: str, *, digits: int = 1, signed: bool = False) -> str:
    """A figure as people read it: ``digits`` decimals rounded half up, the locale's decimal sign, "–" for none.

    ``signed`` puts a plus before a positive figure (a change or a trend); zero never gets a sign."""
    if value is None:
        return DASH
    rounded = round_half_up(value, digits)
    if rounded == 0:
        rounded = abs(rounded)  # no "-0,0"
    pattern = "#,##0" + ("." + "0" * digits if digits > 0 else "")
    text = format_decimal(rounded, format=pattern, locale=locale, decimal_quantization=False)
    return f"+{text}" if signed and rounded > 0 else text


def format_short(value: float, locale: str) -> str:
    """A figure with at most one decimal, dropped when it is zero (a score of 7, a mean of 6,5)."""
    rounded = round_half_up(value, 1)
    return format_number(float(rounded), locale, digits=0 if rounded == rounded.to_integral_value() else 1)


def format_date(day: date, locale: str) -> str:
    """A date in words: "23 november 2026" / "23 November 2026"."""
    return babel_date(day, "d MMMM y", locale=locale)


def format_day(day: date, locale: str) -> str:
    """A date where space is short: "23 nov 2026"."""
    return babel_date(day, "d MMM y", locale=locale)


def format_short_date(day: date, locale: str) -> str:
    """Day and month only, as on a chart's axis: "23 nov"."""
    return babel_date(day, "d MMM", locale=locale)


def format_moment(moment: datetime, locale: str, timezone: str) -> str:
    """A moment in the given time zone: "23 november 2026 18:30"."""
    local = moment.astimezone(ZoneInfo(timezone))
    return f"{format_date(local.date(), locale)} {local:%H:%M}"


def week_label(week: str) -> str:
    """The number of an ISO week as people say it: "2026-W47" -> "47"."""
    monday_of(week)  # refuses what is not a week
    return str(int(week.rsplit("W", 1)[1]))
