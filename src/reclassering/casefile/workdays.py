"""Working days for reporting deadlines: Monday to Friday, leaving out the Dutch public holidays.

The holidays are those of the Algemene termijnenwet (art. 3), the law that moves statutory deadlines past
them: New Year's Day, Easter Monday, King's Day, the fifth of May, Ascension Day, Whit Monday and both
Christmas days. Good Friday is not among them. Nothing here reads the clock: callers pass the dates.
"""

from __future__ import annotations

from datetime import date, timedelta
from functools import cache


def easter_sunday(year: int) -> date:
    """Western Easter (the anonymous Gregorian algorithm)."""
    a, b, c = year % 19, year // 100, year % 100
    d, e = divmod(b, 4)
    f = (b + 8) // 25
    g = (b - f + 1) // 3
    h = (19 * a + b - d - g + 15) % 30
    i, k = divmod(c, 4)
    ell = (32 + 2 * e + 2 * i - h - k) % 7
    m = (a + 11 * h + 22 * ell) // 451
    month, day = divmod(h + ell - 7 * m + 114, 31)
    return date(year, month, day + 1)


@cache
def public_holidays(year: int) -> frozenset[date]:
    easter = easter_sunday(year)
    kings_day = date(year, 4, 27)
    if kings_day.weekday() == 6:  # on a Sunday it is kept the day before
        kings_day = date(year, 4, 26)
    return frozenset(
        {
            date(year, 1, 1),
            easter + timedelta(days=1),
            kings_day,
            date(year, 5, 5),
            easter + timedelta(days=39),
            easter + timedelta(days=50),
            date(year, 12, 25),
            date(year, 12, 26),
        }
    )


def is_working_day(day: date) -> bool:
    return day.weekday() < 5 and day not in public_holidays(day.year)


def add_working_days(start: date, count: int) -> date:
    """The ``count``-th working day after ``start`` (``start`` itself does not count)."""
    day = start
    while count > 0:
        day += timedelta(days=1)
        if is_working_day(day):
            count -= 1
    return day


def working_days_between(start: date, end: date) -> int:
    """How many working days lie after ``start`` up to and including ``end`` (0 when ``end <= start``).

    Counted in whole weeks plus the remaining days, less the public holidays on a weekday in between: a few
    steps whatever the span (a breach two years open is counted on every progress read)."""
    if end <= start:
        return 0
    days = (end - start).days
    weeks, rest = divmod(days, 7)
    weekdays = 5 * weeks + sum((start.weekday() + k) % 7 < 5 for k in range(1, rest + 1))
    holidays = sum(
        1
        for year in range(start.year, end.year + 1)
        for holiday in public_holidays(year)
        if start < holiday <= end and holiday.weekday() < 5
    )
    return weekdays - holidays


def overdue_through(today: date, count: int) -> date:
    """The last start day whose ``count``-th working day lies before ``today``.

    Something that started on this day or earlier is overdue on ``today`` (``today > add_working_days(start,
    count)``); anything later is not. Turns a per-row deadline into one date to compare with in SQL.
    """
    day, seen = today - timedelta(days=1), 0
    while seen < count:
        seen += is_working_day(day)
        day -= timedelta(days=1)
    return day
