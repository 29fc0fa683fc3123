"""Figures as people read them: rounded half up, the locale's decimal sign, one function everywhere."""

from __future__ import annotations

from datetime import date

import pytest

from reclassering.reports.formatting import format_date, format_number, format_short, week_label
from reclassering.reports.indicators import reliable_changes
from reclassering.reports.series import MeasureSeries


@pytest.mark.parametrize(
    ("value", "locale", "digits", "signed", "shown"),
    [
        (1.25, "nl", 1, False, "1,3"),  # half up, not half to even ("1,2")
        (1.25, "en", 1, False, "1.3"),
        (0.125, "nl", 2, False, "0,13"),
        (2.675, "nl", 2, False, "2,68"),  # from the shortest decimal form, not the binary 2.67499…
        (-1.25, "nl", 1, False, "-1,3"),
        (0.5, "nl", 2, True, "+0,50"),
        (-0.04, "nl", 1, True, "0,0"),  # never "-0,0"
        (1234.55, "nl", 1, False, "1.234,6"),
        (None, "nl", 1, False, "–"),
    ],
)
def test_numbers_round_half_up(value: float | None, locale: str, digits: int, signed: bool, shown: str) -> None:
    assert format_number(value, locale, digits=digits, signed=signed) == shown


def test_short_scores_dates_and_weeks() -> None:
    assert (format_short(7.0, "nl"), format_short(6.25, "nl"), format_short(6.25, "en")) == ("7", "6,3", "6.3")
    assert format_date(date(2026, 11, 23), "nl") == "23 november 2026"
    assert week_label("2026-W07") == "7"


def test_the_indicators_explain_with_the_same_rounding() -> None:
    series = MeasureSeries(measure_id=1, kind="gbm", start_date=date(2026, 1, 5), planned_end=date(2026, 6, 1))
    # SD 1.25 and r 0.5: threshold 1.96 * 1.25 = 2.45, printed to two decimals
    result = reliable_changes(series, sd=1.25 / 2**0.5 / 0.5**0.5, reliability=0.5)
    assert result.threshold == pytest.approx(2.45)
    assert "2,45 punt" in result.explanation.nl and "2.45 points" in result.explanation.en
