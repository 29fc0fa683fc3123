"""Each network member is a rater of their own (``network:<member id>``), never averaged into one "network" line:
in the series, the indicators, the charts' legend and the report's words."""

from __future__ import annotations

from datetime import date

import pytest

from reclassering.reports.chart_raters import rater_names, rater_style
from reclassering.reports.indicators import progress, weekly_scores
from reclassering.reports.report.texts import Words
from reclassering.reports.series import GoalInfo, MeasureSeries, RaterInfo, ScorePoint, rater_keys


def _series() -> MeasureSeries:
    scores = [
        ScorePoint(week="2026-W40", goal_id=1, rater="worker", value=5),
        ScorePoint(week="2026-W40", goal_id=1, rater="network:12", value=2),
        ScorePoint(week="2026-W40", goal_id=1, rater="network:7", value=8),
        ScorePoint(week="2026-W41", goal_id=1, rater="network:12", value=4),
    ]
    return MeasureSeries(
        measure_id=1,
        kind="gbm",
        start_date=date(2026, 9, 1),
        planned_end=date(2027, 9, 1),
        goals=(GoalInfo(id=1, title="Naar school", life_domain="school_work"),),
        scores=tuple(scores),
        raters=(
            RaterInfo(key="network:7", name="Fatima", role="parent"),
            RaterInfo(key="network:12", name="Kees", role="coach"),
        ),
    )


def test_each_member_is_a_rater_of_their_own() -> None:
    series = _series()
    assert rater_keys(series) == ["youth", "worker", "network:7", "network:12"]
    assert weekly_scores(series, 1, "network:12") == [("2026-W40", 2.0), ("2026-W41", 4.0)]
    assert weekly_scores(series, 1, "network:7") == [("2026-W40", 8.0)]
    assert weekly_scores(series, 1, "network") == []  # no averaged line
    figures = progress(series, as_of=date(2026, 10, 20))
    assert {t.rater for t in figures.trends.items} == {"worker", "network:7", "network:12"}
    assert figures.raters == series.raters


def test_a_rater_key_must_be_a_known_kind_or_a_member() -> None:
    for bad in ("network:", "network:x", "neighbour", "network:0"):
        with pytest.raises(ValueError):
            ScorePoint(week="2026-W40", goal_id=1, rater=bad, value=5)


def test_the_legend_and_the_report_name_the_member_and_their_role() -> None:
    series = _series()
    assert rater_names(series, "nl")["network:7"] == "Fatima (ouder)"
    assert rater_names(series, "en")["network:12"] == "Kees (coach)"
    order = rater_keys(series)
    assert rater_style("network:7", order) != rater_style("network:12", order)
    assert Words("nl").rater("network:7", ("Fatima", "parent")) == "Fatima (ouder)"
    assert Words("en").rater("worker", ("", "")) == "worker"
