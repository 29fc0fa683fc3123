"""Working days for reporting deadlines: Monday-Friday without the Dutch public holidays (fixed dates)."""

from __future__ import annotations

from datetime import date

from reclassering.casefile.workdays import add_working_days, easter_sunday, is_working_day, working_days_between


def test_easter_and_the_holidays_that_hang_on_it() -> None:
    assert easter_sunday(2026) == date(2026, 4, 5)
    assert not is_working_day(date(2026, 4, 6))  # Easter Monday
    assert not is_working_day(date(2026, 5, 14))  # Ascension Day
    assert not is_working_day(date(2026, 5, 25))  # Whit Monday
    assert is_working_day(date(2026, 4, 3))  # Good Friday is no public holiday under the Algemene termijnenwet


def test_kings_day_moves_to_saturday_when_it_falls_on_a_sunday() -> None:
    assert not is_working_day(date(2025, 4, 26)) and date(2025, 4, 27).weekday() == 6
    assert not is_working_day(date(2026, 4, 27))


def test_five_working_days_skip_the_weekend() -> None:
    monday = date(2026, 11, 2)
    assert add_working_days(monday, 5) == date(2026, 11, 9)
    assert add_working_days(date(2026, 11, 6), 1) == date(2026, 11, 9)  # Friday -> Monday
    assert working_days_between(monday, date(2026, 11, 9)) == 5
    assert working_days_between(monday, monday) == 0


def test_christmas_pushes_the_deadline() -> None:
    assert add_working_days(date(2026, 12, 21), 5) == date(2026, 12, 29)  # Christmas Friday 25 Dec, then a weekend


def test_overdue_through_is_the_last_start_day_past_its_deadline() -> None:
    from datetime import timedelta

    from reclassering.casefile.workdays import overdue_through

    for today in (date(2026, 11, 9), date(2026, 12, 29), date(2026, 12, 30), date(2027, 1, 4), date(2026, 5, 15)):
        for count in (0, 1, 3, 5, 10):
            cutoff = overdue_through(today, count)
            assert today > add_working_days(cutoff, count), (today, count)
            assert not today > add_working_days(cutoff + timedelta(days=1), count), (today, count)
    assert overdue_through(date(2026, 11, 10), 5) == date(2026, 11, 2)  # due Monday 9th: late on Tuesday


def test_working_days_between_counts_like_walking_day_by_day() -> None:
    """The closed form (whole weeks, the rest, less weekday holidays) agrees with a walk over every day."""
    from datetime import timedelta

    def walked(start: date, end: date) -> int:
        count, day = 0, start
        while day < end:
            day += timedelta(days=1)
            count += is_working_day(day)
        return count

    starts = [date(2024, 12, 20) + timedelta(days=k * 3) for k in range(40)]
    for start in starts:
        for span in (0, 1, 2, 5, 6, 7, 8, 13, 29, 130, 400, 800):
            end = start + timedelta(days=span)
            assert working_days_between(start, end) == walked(start, end), (start, end)
    assert working_days_between(date(2026, 11, 9), date(2026, 11, 2)) == 0  # end before start
