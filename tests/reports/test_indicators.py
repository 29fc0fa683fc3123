"""The progress indicators, checked against values worked out by hand."""

from __future__ import annotations

import math
import subprocess
import sys
from collections.abc import Callable
from datetime import date, timedelta
from typing import Any

import msgspec
import pytest
from hypothesis import given
from hypothesis import strategies as st

from reclassering.reports.indicators import (
    DETERIORATED,
    IMPROVED,
    NO_RELIABLE_CHANGE,
    Baseline,
    Progress,
    Trend,
    agreement,
    baselines,
    breaches_per_condition,
    change_direction,
    gas_series,
    gas_t_score,
    progress,
    reliable_change_threshold,
    reliable_changes,
    s_diff,
    scale_trends,
    theil_sen_slope,
    weekly_events,
    weekly_scores,
    weeks_since_serious_setback,
)
from reclassering.reports.series import (
    ConditionInfo,
    GoalInfo,
    MeasureSeries,
    ScorePoint,
    SetbackPoint,
    SuccessPoint,
    monday_of,
    week_number,
    week_of,
)

GAS = {str(level): f"level {level}" for level in range(-2, 3)}
SCHOOL = GoalInfo(id=1, title="Elke dag naar school", life_domain="school_work", gas_levels=GAS, gas_weight=2.0)
TEMPER = GoalInfo(id=2, title="Rustig blijven", life_domain="thinking_behaviour", gas_levels=GAS)
FRIENDS = GoalInfo(id=3, title="Nieuwe vrienden", life_domain="friends")


def measure(
    *,
    scores: tuple[ScorePoint, ...] = (),
    successes: tuple[SuccessPoint, ...] = (),
    setbacks: tuple[SetbackPoint, ...] = (),
    conditions: tuple[ConditionInfo, ...] = (),
    start: date = date(2026, 1, 5),
) -> MeasureSeries:
    return MeasureSeries(
        measure_id=1,
        kind="voorwaardelijk",
        start_date=start,
        planned_end=date(2026, 12, 31),
        goals=(SCHOOL, TEMPER, FRIENDS),
        scores=scores,
        successes=successes,
        setbacks=setbacks,
        conditions=conditions,
    )


def scored(rater: str, values: dict[str, int], goal_id: int = 1) -> tuple[ScorePoint, ...]:
    return tuple(ScorePoint(week=w, goal_id=goal_id, rater=rater, value=v) for w, v in values.items())


def trend_of(series: MeasureSeries, goal_id: int = 1, rater: str = "youth") -> Trend:
    return next(t for t in scale_trends(series).items if t.goal_id == goal_id and t.rater == rater)


# --- ISO weeks -----------------------------------------------------------------------------------------


def test_week_helpers_turn_iso_weeks_into_mondays_and_back() -> None:
    assert monday_of("2026-W47") == date(2026, 11, 16)
    assert monday_of("2026-W53") == date(2026, 12, 28)
    assert week_of(date(2027, 1, 3)) == "2026-W53"
    assert week_number("2027-W01") - week_number("2026-W52") == 2


@pytest.mark.parametrize("bad", ["2026-47", "2026-W54", "2025-W53", "W47-2026", ""])
def test_a_week_that_does_not_exist_is_refused(bad: str) -> None:
    with pytest.raises(ValueError):
        monday_of(bad)


# --- input checks --------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "make",
    [
        lambda: ScorePoint(week="2026-W02", goal_id=1, rater="teacher", value=5),
        lambda: ScorePoint(week="2026-W02", goal_id=1, rater="youth", value=11),
        lambda: ScorePoint(week="2026-W02", goal_id=1, rater="youth", value=5, gas_level=3),
        lambda: SetbackPoint(day=date(2026, 1, 6), kind="fight", severity="minor"),
        lambda: SetbackPoint(day=date(2026, 1, 6), kind="other", severity="huge"),
        lambda: SetbackPoint(day=date(2026, 1, 6), kind="other", severity="minor", response="jail"),
        lambda: GoalInfo(id=9, title="x", life_domain="health", gas_weight=0),
        lambda: measure(scores=scored("youth", {"2026-W02": 5}, goal_id=99)),
        lambda: measure(setbacks=(SetbackPoint(day=date(2026, 1, 6), kind="other", severity="minor", condition_id=4),)),
    ],
)
def test_inconsistent_input_is_refused_with_a_value_error(make: Callable[[], object]) -> None:
    with pytest.raises(ValueError):
        make()


def test_a_series_decodes_from_json_and_is_checked_on_the_way() -> None:
    series = measure(scores=scored("youth", {"2026-W02": 5}))
    assert msgspec.json.decode(msgspec.json.encode(series), type=MeasureSeries) == series
    broken = msgspec.json.encode(series).replace(b'"youth"', b'"teacher"')
    with pytest.raises(msgspec.ValidationError, match="rater"):
        msgspec.json.decode(broken, type=MeasureSeries)


# --- scale trend (Theil-Sen) ---------------------------------------------------------------------------


def test_trend_counts_missing_weeks_as_real_time() -> None:
    # x = 0, 1, 3, 4 (W42 missing); pairwise slopes -2, -1/3, 1/4, 1/2, 1, 2 -> median (1/4 + 1/2) / 2.
    series = measure(scores=scored("youth", {"2026-W40": 6, "2026-W41": 4, "2026-W43": 5, "2026-W44": 7}))
    trend = trend_of(series)
    assert trend.slope == pytest.approx(0.375)
    assert (trend.points, trend.first_week, trend.last_week) == (4, "2026-W40", "2026-W44")


def test_trend_across_a_year_with_53_weeks() -> None:
    series = measure(scores=scored("worker", {"2026-W52": 2, "2026-W53": 3, "2027-W01": 4, "2027-W03": 6}))
    assert trend_of(series, rater="worker").slope == pytest.approx(1.0)


def test_identical_scores_give_a_flat_trend() -> None:
    series = measure(scores=scored("youth", {"2026-W02": 5, "2026-W03": 5, "2026-W05": 5, "2026-W06": 5}))
    assert trend_of(series).slope == 0.0


def test_a_single_score_gives_no_trend() -> None:
    trend = trend_of(measure(scores=scored("youth", {"2026-W02": 7})))
    assert (trend.slope, trend.points, trend.first_week, trend.last_week) == (None, 1, "2026-W02", "2026-W02")


def test_a_rater_who_never_scored_gets_no_rows() -> None:
    assert scale_trends(measure()).items == ()
    assert baselines(measure()).items == () and reliable_changes(measure()).items == ()
    series = measure(scores=scored("youth", {"2026-W02": 5, "2026-W03": 6}))
    for items in (scale_trends(series).items, baselines(series).items, reliable_changes(series).items):
        assert [(i.goal_id, i.rater) for i in items] == [(1, "youth")]  # no empty worker or network rows


def test_trend_uses_only_the_last_eight_weeks_with_data() -> None:
    values = [10, 10, 1, 2, 3, 4, 5, 6, 7, 8]
    series = measure(scores=scored("youth", {f"2026-W{w:02d}": v for w, v in enumerate(values, start=2)}))
    trend = trend_of(series)
    assert (trend.slope, trend.points, trend.first_week, trend.last_week) == (1.0, 8, "2026-W04", "2026-W11")


def test_several_network_members_in_one_week_are_averaged() -> None:
    scores = scored("network", {"2026-W02": 4, "2026-W03": 6}) + scored("network", {"2026-W03": 8})
    assert weekly_scores(measure(scores=scores), 1, "network") == [("2026-W02", 4.0), ("2026-W03", 7.0)]
    assert trend_of(measure(scores=scores), rater="network").slope == pytest.approx(3.0)


def test_theil_sen_ignores_one_odd_week() -> None:
    assert theil_sen_slope([(0, 1), (1, 2), (2, 10), (3, 4), (4, 5)]) == pytest.approx(1.0)


points_strategy = st.lists(
    st.tuples(st.integers(-500, 500), st.integers(0, 10)), min_size=2, max_size=12, unique_by=lambda p: p[0]
)


@given(points=points_strategy, shift=st.floats(-100, 100))
def test_adding_a_constant_to_every_score_leaves_the_slope(points: list[tuple[int, int]], shift: float) -> None:
    shifted = [(x, y + shift) for x, y in points]
    assert theil_sen_slope(shifted) == pytest.approx(theil_sen_slope(points), abs=1e-9)


@given(points=points_strategy, factor=st.floats(-20, 20))
def test_multiplying_every_score_multiplies_the_slope(points: list[tuple[int, int]], factor: float) -> None:
    scaled = [(x, y * factor) for x, y in points]
    assert theil_sen_slope(scaled) == pytest.approx(factor * theil_sen_slope(points), abs=1e-9)


@given(
    offsets=st.lists(st.integers(0, 40), min_size=2, max_size=10, unique=True),
    values=st.lists(st.integers(0, 5), min_size=10, max_size=10),
    shift=st.integers(1, 5),
)
def test_shifting_every_recorded_score_leaves_the_trend(offsets: list[int], values: list[int], shift: int) -> None:
    weeks = [week_of(date(2026, 1, 5) + timedelta(weeks=offset)) for offset in sorted(offsets)]
    plain = dict(zip(weeks, values, strict=False))
    moved = {week: value + shift for week, value in plain.items()}
    assert trend_of(measure(scores=scored("youth", moved))).slope == pytest.approx(
        trend_of(measure(scores=scored("youth", plain))).slope, abs=1e-9
    )


# --- baseline and reliable change ----------------------------------------------------------------------


def baseline_of(series: MeasureSeries, rater: str = "youth") -> Baseline:
    return next(b for b in baselines(series).items if b.goal_id == 1 and b.rater == rater)


def test_baseline_is_the_youths_own_first_three_weeks_against_the_last_three() -> None:
    weeks = {f"2026-W{w:02d}": v for w, v in zip(range(2, 9), [8, 7, 6, 5, 6, 7, 9], strict=True)}
    b = baseline_of(measure(scores=scored("youth", weeks)))
    assert b.baseline == pytest.approx(7.0)
    assert b.current == pytest.approx(22 / 3)
    assert b.change == pytest.approx(1 / 3)
    assert b.baseline_weeks == ("2026-W02", "2026-W03", "2026-W04")
    assert b.current_weeks == ("2026-W06", "2026-W07", "2026-W08")


def test_current_never_overlaps_the_baseline() -> None:
    four = baseline_of(measure(scores=scored("youth", {"2026-W02": 4, "2026-W03": 5, "2026-W04": 6, "2026-W09": 9})))
    assert (four.baseline, four.current, four.change, four.current_weeks) == (5.0, 9.0, 4.0, ("2026-W09",))
    two = baseline_of(measure(scores=scored("youth", {"2026-W02": 4, "2026-W03": 6})))
    assert (two.baseline, two.current, two.change, two.current_weeks) == (5.0, None, None, ())


def test_baseline_explanation_says_own_start_and_early_dip() -> None:
    explanation = baselines(measure()).explanation
    assert "niet tegen andere jongeren" in explanation.nl and "zakken eerst" in explanation.nl
    assert "not against other youths" in explanation.en and "dip before they rise" in explanation.en


def test_reliable_change_threshold_with_the_default_settings() -> None:
    assert s_diff(2.0, 0.8) == pytest.approx(1.2649, abs=1e-4)
    assert reliable_change_threshold(2.0, 0.8) == pytest.approx(2.479, abs=1e-3)
    assert reliable_change_threshold(1.0, 0.5) == pytest.approx(1.96)


@pytest.mark.parametrize(
    ("change", "direction"),
    [
        (2.5, IMPROVED),
        (-2.5, DETERIORATED),
        (2.4, NO_RELIABLE_CHANGE),
        (-2.4, NO_RELIABLE_CHANGE),
        (0, NO_RELIABLE_CHANGE),
    ],
)
def test_change_is_reliable_only_beyond_the_threshold(change: float, direction: str) -> None:
    assert change_direction(change, reliable_change_threshold(2.0, 0.8)) == direction


def test_a_change_exactly_at_the_threshold_is_not_reliable() -> None:
    assert change_direction(1.96, 1.96) == NO_RELIABLE_CHANGE


@pytest.mark.parametrize(("sd", "r"), [(0.0, 0.8), (-1.0, 0.8), (2.0, 1.5), (2.0, -0.1)])
def test_impossible_reliable_change_settings_are_refused(sd: float, r: float) -> None:
    with pytest.raises(ValueError):
        s_diff(sd, r)


def test_reliable_change_per_goal_and_rater() -> None:
    youth = {"2026-W02": 2, "2026-W03": 2, "2026-W04": 2, "2026-W05": 5, "2026-W06": 5, "2026-W07": 5}
    worker = {"2026-W02": 6, "2026-W03": 6, "2026-W04": 6, "2026-W05": 5}
    result = reliable_changes(measure(scores=scored("youth", youth) + scored("worker", worker)))
    by_rater = {item.rater: item for item in result.items if item.goal_id == 1}
    assert (by_rater["youth"].change, by_rater["youth"].direction) == (3.0, IMPROVED)
    assert (by_rater["worker"].change, by_rater["worker"].direction) == (-1.0, NO_RELIABLE_CHANGE)
    assert "network" not in by_rater  # the network never scored: no row of nulls
    assert result.threshold == pytest.approx(2.4792, abs=1e-4)
    assert "2,48" in result.explanation.nl and "2.48" in result.explanation.en
    stricter = reliable_changes(measure(scores=scored("worker", worker)), sd=0.5, reliability=0.9)
    assert next(i for i in stricter.items if i.goal_id == 1 and i.rater == "worker").direction == DETERIORATED


# --- GAS T-score ---------------------------------------------------------------------------------------


def test_t_is_50_when_every_goal_is_at_the_expected_level() -> None:
    assert gas_t_score([(1.0, 0), (2.0, 0), (3.5, 0)]) == 50.0


def test_t_by_hand_for_two_weighted_goals() -> None:
    # sum w*x = 1*1 + 2*(-1) = -1; sqrt(0.7*5 + 0.3*9) = sqrt(6.2); T = 50 - 10 / sqrt(6.2)
    assert gas_t_score([(1.0, 1), (2.0, -1)]) == pytest.approx(45.9839, abs=1e-4)
    assert gas_t_score([(1.0, 2)]) == pytest.approx(70.0)
    assert gas_t_score([]) is None


@given(weights=st.lists(st.floats(0.01, 100), min_size=1, max_size=10), rho=st.floats(0, 0.9))
def test_t_is_50_at_level_zero_whatever_the_weights(weights: list[float], rho: float) -> None:
    assert gas_t_score([(w, 0) for w in weights], rho=rho) == pytest.approx(50.0)


def test_gas_t_belongs_to_the_week_it_was_scored_in() -> None:
    scores = (
        ScorePoint(week="2026-W03", goal_id=1, rater="worker", value=4, gas_level=-1),
        ScorePoint(week="2026-W05", goal_id=2, rater="worker", value=6, gas_level=1),
        ScorePoint(week="2026-W05", goal_id=1, rater="youth", value=8, gas_level=2),
        ScorePoint(week="2026-W05", goal_id=3, rater="worker", value=8, gas_level=2),  # goal without GAS levels
    )
    series = measure(scores=scores)
    worker = {p.week: (p.t, p.goals) for p in gas_series(series).items}
    assert list(worker) == ["2026-W02", "2026-W03", "2026-W04", "2026-W05"]
    assert worker["2026-W02"] == (None, 0)
    assert worker["2026-W03"] == (pytest.approx(40.0), 1)  # one goal at -1: 50 + 10 * -1
    assert worker["2026-W04"] == (None, 0)  # nothing scored that week: no figure carried into it
    assert worker["2026-W05"] == (pytest.approx(45.9839, abs=1e-4), 2)  # goal 1's level of W03 still counts
    youth = {p.week: p.t for p in gas_series(series, rater="youth").items}
    assert youth["2026-W04"] is None
    assert youth["2026-W05"] == pytest.approx(70.0)
    assert gas_series(series).goals_with_levels == 2
    later = gas_series(series, until=date(2026, 2, 20))  # weeks later, without a check-in
    assert later.items[-1].week == "2026-W08" and later.items[-1].t is None
    assert (later.last_scored_week, later.last_t) == ("2026-W05", pytest.approx(45.9839, abs=1e-4))


# --- successes and setbacks ----------------------------------------------------------------------------


def setback(day: date, kind: str = "other", severity: str = "minor", **extra: Any) -> SetbackPoint:
    return SetbackPoint(day=day, kind=kind, severity=severity, **extra)


def test_weekly_counts_fill_empty_weeks_with_zeros() -> None:
    series = measure(
        successes=(SuccessPoint(day=date(2026, 1, 6)), SuccessPoint(day=date(2026, 1, 11), goal_id=1)),
        setbacks=(
            setback(date(2026, 1, 21), "missed_appointment"),
            setback(date(2026, 1, 22), "police_contact", "serious"),
        ),
    )
    events = weekly_events(series, until=date(2026, 2, 2))
    assert [(w.week, w.successes, w.setbacks) for w in events.items] == [
        ("2026-W02", 2, 0),
        ("2026-W03", 0, 0),
        ("2026-W04", 0, 2),
        ("2026-W05", 0, 0),
        ("2026-W06", 0, 0),
    ]
    w04 = events.items[2]
    assert w04.by_kind == {
        "missed_appointment": 1,
        "condition_breach": 0,
        "police_contact": 1,
        "new_suspicion": 0,
        "substance_use": 0,
        "school_absence": 0,
        "other": 0,
    }
    assert w04.by_severity == {"minor": 1, "moderate": 0, "serious": 1}
    assert (events.successes, events.setbacks) == (2, 2)
    assert [w.week for w in weekly_events(series).items][-1] == "2026-W04"


def test_weekly_counts_of_an_empty_measure_are_its_first_week() -> None:
    items = weekly_events(measure()).items
    assert [(w.week, w.successes, w.setbacks) for w in items] == [("2026-W02", 0, 0)]
    before_the_start = weekly_events(measure(), until=date(2025, 12, 1)).items
    assert [w.week for w in before_the_start] == ["2026-W02"]


def test_weeks_since_the_last_serious_setback() -> None:
    series = measure(
        setbacks=(
            setback(date(2026, 1, 22), severity="serious"),
            setback(date(2026, 2, 20), severity="moderate"),
            setback(date(2026, 3, 2), severity="serious"),
        )
    )
    late = weeks_since_serious_setback(series, as_of=date(2026, 3, 20))
    assert (late.last_serious, late.weeks) == (date(2026, 3, 2), 2)
    earlier = weeks_since_serious_setback(series, as_of=date(2026, 3, 1))
    assert (earlier.last_serious, earlier.weeks) == (date(2026, 1, 22), 5)
    assert weeks_since_serious_setback(series, as_of=date(2026, 3, 2)).weeks == 0
    never = weeks_since_serious_setback(measure(setbacks=(setback(date(2026, 1, 22)),)), as_of=date(2026, 3, 1))
    assert (never.last_serious, never.weeks) == (None, None)


def test_breaches_per_condition_with_the_responses_taken() -> None:
    conditions = (
        ConditionInfo(id=1, text="Naar school"),
        ConditionInfo(id=2, text="Avondklok"),
        ConditionInfo(id=3, text="Geen contact met X"),
    )
    series = measure(
        conditions=conditions,
        setbacks=(
            setback(date(2026, 1, 7), "condition_breach", condition_id=1, response="talk"),
            setback(date(2026, 1, 20), "school_absence", condition_id=1, response="warning"),
            setback(date(2026, 2, 3), "condition_breach", "serious", condition_id=2, response="report_back"),
            setback(date(2026, 2, 4), "condition_breach"),
            setback(date(2026, 2, 5), "missed_appointment", response="talk"),
        ),
    )
    rows = {row.condition_id: row for row in breaches_per_condition(series).items}
    assert list(rows) == [1, 2, 3, None]
    zero = dict.fromkeys(("none_yet", "talk", "warning", "plan_change", "report_back"), 0)
    assert (rows[1].text, rows[1].breaches, rows[1].last_breach) == ("Naar school", 2, date(2026, 1, 20))
    assert rows[1].responses == zero | {"talk": 1, "warning": 1}
    assert (rows[2].breaches, rows[2].responses) == (1, zero | {"report_back": 1})
    assert (rows[3].breaches, rows[3].last_breach, rows[3].responses) == (0, None, zero)
    assert (rows[None].breaches, rows[None].responses) == (1, zero | {"none_yet": 1})


def test_no_unlinked_row_without_unlinked_breaches() -> None:
    series = measure(conditions=(ConditionInfo(id=1, text="Naar school"),), setbacks=(setback(date(2026, 1, 7)),))
    assert [row.condition_id for row in breaches_per_condition(series).items] == [1]


# --- youth-worker agreement ----------------------------------------------------------------------------


def test_gap_is_youth_minus_worker_where_both_scored() -> None:
    youth = {"2026-W02": 5, "2026-W03": 6, "2026-W04": 7, "2026-W05": 7, "2026-W06": 8, "2026-W07": 9}
    worker = {"2026-W02": 3, "2026-W03": 6, "2026-W05": 5, "2026-W06": 9, "2026-W07": 7}
    goal = next(
        a for a in agreement(measure(scores=scored("youth", youth) + scored("worker", worker))).items if a.goal_id == 1
    )
    assert [(p.week, p.gap) for p in goal.points] == [
        ("2026-W02", 2.0),
        ("2026-W03", 0.0),
        ("2026-W05", 2.0),
        ("2026-W06", -1.0),
        ("2026-W07", 2.0),
    ]
    assert (goal.recent_weeks, goal.recent_mean_abs_gap) == (4, pytest.approx(1.25))


def test_no_gap_without_both_raters() -> None:
    goal = agreement(measure(scores=scored("youth", {"2026-W02": 5}))).items[0]
    assert (goal.points, goal.recent_weeks, goal.recent_mean_abs_gap) == ((), 0, None)


# --- all together --------------------------------------------------------------------------------------


def full_series() -> MeasureSeries:
    youth = {"2026-W02": 3, "2026-W03": 4, "2026-W04": 4, "2026-W05": 6, "2026-W06": 7, "2026-W07": 8}
    worker = {"2026-W02": 3, "2026-W03": 3, "2026-W04": 4, "2026-W05": 5, "2026-W06": 6, "2026-W07": 6}
    return measure(
        scores=scored("youth", youth) + scored("worker", worker),
        successes=(SuccessPoint(day=date(2026, 1, 14), goal_id=1, noticed_by="youth"),),
        setbacks=(
            setback(date(2026, 1, 21), "condition_breach", "serious", condition_id=1, response="warning"),
            setback(date(2026, 2, 12), "substance_use", "serious", response="talk"),
        ),
        conditions=(ConditionInfo(id=1, text="Naar school"),),
    )


def test_progress_leaves_out_what_happened_after_as_of() -> None:
    result = progress(full_series(), as_of=date(2026, 2, 4))  # Wednesday of W06
    youth = next(t for t in result.trends.items if t.goal_id == 1 and t.rater == "youth")
    assert (youth.points, youth.last_week) == (5, "2026-W06")
    assert result.events.setbacks == 1
    assert result.events.items[-1].week == "2026-W06"
    assert (result.since_serious.last_serious, result.since_serious.weeks) == (date(2026, 1, 21), 2)
    assert result.breaches.items[0].breaches == 1


def test_progress_encodes_to_json_and_back() -> None:
    result = progress(full_series(), as_of=date(2026, 3, 1), sd=1.5, reliability=0.7)
    encoded = msgspec.json.encode(result)
    assert msgspec.json.decode(encoded, type=Progress) == result
    plain = msgspec.json.decode(encoded)
    assert plain["as_of"] == "2026-03-01"
    assert plain["reliable_change"]["threshold"] == pytest.approx(1.96 * 1.5 * math.sqrt(2) * math.sqrt(0.3))
    assert set(plain["since_serious"]["explanation"]) == {"nl", "en"}


def test_every_indicator_explains_itself_in_both_languages_without_predicting() -> None:
    result = progress(full_series(), as_of=date(2026, 3, 1))
    parts = [
        getattr(result, name) for name in result.__struct_fields__ if hasattr(getattr(result, name), "explanation")
    ]
    assert len(parts) == 8
    for part in [*parts, result]:
        assert part.explanation.nl.strip() and part.explanation.en.strip()
        assert part.explanation.nl != part.explanation.en
    assert "predicts" in result.explanation.en and "voorspelt" in result.explanation.nl


def test_indicators_do_not_import_matplotlib() -> None:
    code = "import sys, reclassering.reports.indicators; assert 'matplotlib' not in sys.modules"
    subprocess.run([sys.executable, "-c", code], check=True)
