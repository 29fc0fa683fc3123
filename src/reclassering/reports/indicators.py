"""Progress indicators of one measure: pure functions from a ``MeasureSeries`` to plain Structs.

Each indicator carries its figures and a one-sentence explanation in Dutch and English of what it shows
and what it does not. The tool describes; people decide. No indicator predicts re-offending.
"""

from __future__ import annotations

import math
import statistics
from collections import Counter
from collections.abc import Iterable, Sequence
from datetime import date, timedelta
from itertools import combinations

from .formatting import format_number
from .indicator_results import (
    Agreement,
    Baseline,
    Baselines,
    Breaches,
    ConditionBreaches,
    Explanation,
    GapPoint,
    GasPoint,
    GasSeries,
    GoalAgreement,
    Progress,
    ReliableChange,
    ReliableChanges,
    ScaleTrends,
    SinceSerious,
    Trend,
    WeekEvents,
    WeeklyEvents,
)
from .series import (
    RESPONSES,
    SETBACK_KINDS,
    SEVERITIES,
    MeasureSeries,
    ScorePoint,
    SetbackPoint,
    monday_of,
    rater_keys,
    scores_by_goal_and_rater,
    week_number,
    week_of,
)

TREND_WINDOW = 8
BASELINE_SPAN = 3
AGREEMENT_RECENT = 4
GAS_RHO = 0.3
DEFAULT_SD = 2.0
DEFAULT_RELIABILITY = 0.8
#: Two-sided 95% bound of the standard normal distribution, as in Jacobson & Truax (1991).
Z_95 = 1.96

IMPROVED = "improved"
DETERIORATED = "deteriorated"
NO_RELIABLE_CHANGE = "no_reliable_change"


def theil_sen_slope(points: Sequence[tuple[float, float]]) -> float | None:
    """Median of the slopes between every pair of ``(x, y)`` points; None with fewer than two distinct x."""
    slopes = [(y2 - y1) / (x2 - x1) for (x1, y1), (x2, y2) in combinations(points, 2) if x2 != x1]
    return statistics.median(slopes) if slopes else None


def s_diff(sd: float, reliability: float) -> float:
    """Standard error of the difference between two scores: ``SD1 * sqrt(2) * sqrt(1 - r)``."""
    if not sd > 0:
        raise ValueError(f"SD1 must be above 0, not {sd}")
    if not 0 <= reliability <= 1:
        raise ValueError(f"the reliability r must lie between 0 and 1, not {reliability}")
    return sd * math.sqrt(2) * math.sqrt(1 - reliability)


def reliable_change_threshold(sd: float, reliability: float) -> float:
    """The smallest difference that counts as reliable: ``1.96 * S_diff``."""
    return Z_95 * s_diff(sd, reliability)


def change_direction(change: float, threshold: float) -> str:
    """``improved`` / ``deteriorated`` when ``|change| > threshold``, else ``no_reliable_change``."""
    if abs(change) <= threshold:
        return NO_RELIABLE_CHANGE
    return IMPROVED if change > 0 else DETERIORATED


def gas_t_score(goals: Iterable[tuple[float, float]], *, rho: float = GAS_RHO) -> float | None:
    """Kiresuk-Sherman T from ``(weight, level)`` pairs, levels -2..+2; None without goals."""
    pairs = list(goals)
    if not pairs:
        return None
    weighted = sum(w * x for w, x in pairs)
    sum_w = sum(w for w, _ in pairs)
    sum_w2 = sum(w * w for w, _ in pairs)
    return 50 + 10 * weighted / math.sqrt((1 - rho) * sum_w2 + rho * sum_w**2)


# --- helpers over the series ---------------------------------------------------------------------------


def weekly_scores(series: MeasureSeries, goal_id: int, rater: str) -> list[tuple[str, float]]:
    """(week, score) of one goal and rater in week order; each network member is a rater of their own."""
    return list(scores_by_goal_and_rater(series).get((goal_id, rater), ()))


def _week_span(series: MeasureSeries, until: date | None) -> list[str]:
    """Every ISO week from the measure start (or earlier data) to the last data week or ``until``."""
    days = [series.start_date, *(monday_of(s.week) for s in series.scores)]
    days += [s.day for s in series.successes] + [s.day for s in series.setbacks]
    end = max(days) if until is None else max(*days, until)
    first, last = monday_of(week_of(min(days))), monday_of(week_of(end))
    return [week_of(first + timedelta(weeks=i)) for i in range((last - first).days // 7 + 1)]


def _goal_rater_pairs(series: MeasureSeries) -> list[tuple[int, str]]:
    """Every goal and rater with at least one score: a rater who never scored gets no row of empty figures."""
    scored = {(s.goal_id, s.rater) for s in series.scores}
    return [(goal.id, rater) for goal in series.goals for rater in rater_keys(series) if (goal.id, rater) in scored]


# --- indicators ----------------------------------------------------------------------------------------


def scale_trends(series: MeasureSeries, *, window: int = TREND_WINDOW) -> ScaleTrends:
    """Theil-Sen slope per goal and rater over the last ``window`` weeks with a score."""
    items = tuple(
        _trend(goal_id, rater, weekly_scores(series, goal_id, rater)[-window:])
        for goal_id, rater in _goal_rater_pairs(series)
    )
    explanation = Explanation(
        nl=(
            f"De trend is de typische verandering van de score per week over de laatste {window} weken "
            "met een score (Theil-Sen, één afwijkende week telt nauwelijks mee); hij beschrijft wat er "
            "gebeurde en voorspelt niets, ook geen nieuw delict."
        ),
        en=(
            f"The trend is the typical change in score per week over the last {window} weeks with a score "
            "(Theil-Sen, so one odd week hardly counts); it describes what happened and predicts nothing, "
            "re-offending included."
        ),
    )
    return ScaleTrends(window=window, items=items, explanation=explanation)


def _trend(goal_id: int, rater: str, values: list[tuple[str, float]]) -> Trend:
    points = [(float(week_number(week)), value) for week, value in values]
    return Trend(
        goal_id=goal_id,
        rater=rater,
        slope=theil_sen_slope(points),
        points=len(values),
        first_week=values[0][0] if values else None,
        last_week=values[-1][0] if values else None,
    )


def baselines(series: MeasureSeries, *, span: int = BASELINE_SPAN) -> Baselines:
    """The youth's own baseline (first ``span`` scored weeks) against the last ``span`` weeks after it."""
    items = tuple(
        _baseline(goal_id, rater, weekly_scores(series, goal_id, rater), span)
        for goal_id, rater in _goal_rater_pairs(series)
    )
    explanation = Explanation(
        nl=(
            f"Vooruitgang wordt gemeten tegen het eigen begin van de jongere (het gemiddelde van de "
            f"eerste {span} weken met een score), niet tegen andere jongeren; jongeren onder een opgelegde "
            "maatregel scoren bij de start vaak hoog en zakken eerst wat voordat het beter gaat, dus een "
            "daling kort na de start is geen oordeel."
        ),
        en=(
            f"Progress is measured against the youth's own start (the mean of their first {span} weeks with "
            "a score), not against other youths; youths under a mandated measure often score high at intake "
            "and dip before they rise, so an early drop is no verdict."
        ),
    )
    return Baselines(span=span, items=items, explanation=explanation)


def _baseline(goal_id: int, rater: str, values: list[tuple[str, float]], span: int) -> Baseline:
    start, after = values[:span], values[span:]
    now = after[-span:]
    baseline = statistics.fmean(v for _, v in start) if start else None
    current = statistics.fmean(v for _, v in now) if now else None
    return Baseline(
        goal_id=goal_id,
        rater=rater,
        baseline=baseline,
        current=current,
        change=current - baseline if current is not None and baseline is not None else None,
        baseline_weeks=tuple(week for week, _ in start),
        current_weeks=tuple(week for week, _ in now),
    )


def reliable_changes(
    series: MeasureSeries,
    *,
    sd: float = DEFAULT_SD,
    reliability: float = DEFAULT_RELIABILITY,
    span: int = BASELINE_SPAN,
) -> ReliableChanges:
    """Jacobson-Truax reliable change between the baseline and the current mean, per goal and rater."""
    threshold = reliable_change_threshold(sd, reliability)
    items = tuple(
        ReliableChange(
            goal_id=b.goal_id,
            rater=b.rater,
            baseline=b.baseline,
            current=b.current,
            change=b.change,
            direction=change_direction(b.change, threshold) if b.change is not None else None,
        )
        for b in baselines(series, span=span).items
    )
    explanation = Explanation(
        nl=(
            f"Een verandering heet betrouwbaar als het verschil tussen het begin en nu groter is dan "
            f"{format_number(threshold, 'nl', digits=2)} punt, de marge waarbinnen scores ook zonder echte verandering "
            "schommelen (Jacobson-Truax); het zegt of er iets veranderd is, niet waarom, en voorspelt geen "
            "nieuw delict."
        ),
        en=(
            f"A change counts as reliable when the difference between the start and now exceeds "
            f"{format_number(threshold, 'en', digits=2)} points, the margin within which scores vary even without real "
            "change (Jacobson-Truax); it says whether something changed, not why, and does not predict "
            "re-offending."
        ),
    )
    return ReliableChanges(
        sd=sd,
        reliability=reliability,
        s_diff=s_diff(sd, reliability),
        threshold=threshold,
        items=items,
        explanation=explanation,
    )


def gas_series(
    series: MeasureSeries, *, rater: str = "worker", rho: float = GAS_RHO, until: date | None = None
) -> GasSeries:
    """GAS T-score per week from each GAS goal's latest level by ``rater`` up to and including that week.

    A week gets a T-score only when a GAS level was scored in it: a week without a check-in shows none, so the
    last figure is never carried into a later week (``last_scored_week`` names the week it belongs to)."""
    gas_goals = [goal for goal in series.goals if goal.has_gas]
    history = {goal.id: _weekly_levels(series.scores, goal.id, rater) for goal in gas_goals}
    scored_weeks = {at for levels in history.values() for at, _ in levels}
    items = []
    for week in _week_span(series, until):
        now = week_number(week)
        if now not in scored_weeks:
            items.append(GasPoint(week=week, t=None, goals=0))
            continue
        pairs = [
            (goal.gas_weight, level) for goal in gas_goals if (level := _level_at(history[goal.id], now)) is not None
        ]
        items.append(GasPoint(week=week, t=gas_t_score(pairs, rho=rho), goals=len(pairs)))
    last = next((p for p in reversed(items) if p.t is not None), None)
    explanation = Explanation(
        nl=(
            "De GAS T-score vat samen hoe ver de doelen met afgesproken niveaus (-2 tot +2) gehaald zijn: "
            "50 is precies het verwachte niveau, hoger is beter dan verwacht en lager minder; het is een "
            "samenvatting van afspraken, geen oordeel over de jongere en geen voorspelling."
        ),
        en=(
            "The GAS T-score sums up how far the goals with agreed levels (-2 to +2) are reached: 50 is "
            "exactly the expected level, higher is better than expected and lower is less; it summarises "
            "agreements and is neither a judgement of the youth nor a prediction."
        ),
    )
    return GasSeries(
        rater=rater,
        rho=rho,
        goals_with_levels=len(gas_goals),
        items=tuple(items),
        explanation=explanation,
        last_scored_week=last.week if last else None,
        last_t=last.t if last else None,
    )


def _weekly_levels(scores: Iterable[ScorePoint], goal_id: int, rater: str) -> list[tuple[int, float]]:
    """(week number, level) of one goal and rater in week order."""
    by_week: dict[int, list[int]] = {}
    for score in scores:
        if score.goal_id == goal_id and score.rater == rater and score.gas_level is not None:
            by_week.setdefault(week_number(score.week), []).append(score.gas_level)
    return [(week, statistics.fmean(levels)) for week, levels in sorted(by_week.items())]


def _level_at(history: list[tuple[int, float]], week: int) -> float | None:
    latest = None
    for at, level in history:
        if at > week:
            break
        latest = level
    return latest


def weekly_events(series: MeasureSeries, *, until: date | None = None) -> WeeklyEvents:
    """Successes and setbacks per ISO week from the measure start, weeks without events as zeros."""
    successes = Counter(week_of(s.day) for s in series.successes)
    setbacks: dict[str, list[SetbackPoint]] = {}
    for setback in series.setbacks:
        setbacks.setdefault(week_of(setback.day), []).append(setback)
    items = tuple(_week_events(week, successes[week], setbacks.get(week, [])) for week in _week_span(series, until))
    explanation = Explanation(
        nl=(
            "Het aantal successen en terugvallen per week, naar soort en ernst, telt wat er is vastgelegd; "
            "een week zonder registratie telt als nul, ook als er iets gebeurde dat niemand noteerde."
        ),
        en=(
            "The number of successes and setbacks per week, by kind and severity, counts what was recorded; "
            "a week without records counts as zero, even if something happened that nobody wrote down."
        ),
    )
    return WeeklyEvents(
        successes=len(series.successes), setbacks=len(series.setbacks), items=items, explanation=explanation
    )


def _week_events(week: str, successes: int, setbacks: Sequence[SetbackPoint]) -> WeekEvents:
    kinds = Counter(s.kind for s in setbacks)
    severities = Counter(s.severity for s in setbacks)
    return WeekEvents(
        week=week,
        successes=successes,
        setbacks=len(setbacks),
        by_kind={kind: kinds[kind] for kind in SETBACK_KINDS},
        by_severity={severity: severities[severity] for severity in SEVERITIES},
    )


def weeks_since_serious_setback(series: MeasureSeries, *, as_of: date) -> SinceSerious:
    """Whole weeks since the last serious setback on or before ``as_of``."""
    serious = [s.day for s in series.setbacks if s.severity == "serious" and s.day <= as_of]
    last = max(serious, default=None)
    explanation = Explanation(
        nl=(
            "Het aantal hele weken sinds de laatste ernstige terugval, gerekend tot de peildatum; het zegt "
            "hoe lang het geleden is, niet hoe groot de kans op een volgende is."
        ),
        en=(
            "The number of whole weeks since the last serious setback, counted to the reference date; it "
            "says how long ago it was, not how likely another one is."
        ),
    )
    return SinceSerious(
        as_of=as_of,
        last_serious=last,
        weeks=(as_of - last).days // 7 if last is not None else None,
        explanation=explanation,
    )


def breaches_per_condition(series: MeasureSeries) -> Breaches:
    """Per condition the setbacks linked to it, with the responses taken; every condition is listed.

    A setback of kind ``condition_breach`` without a condition is counted in a last row whose
    ``condition_id`` is None (only when there is such a setback).
    """
    linked: dict[int, list[SetbackPoint]] = {}
    for setback in series.setbacks:
        if setback.condition_id is not None:
            linked.setdefault(setback.condition_id, []).append(setback)
    items = [_condition_breaches(c.id, c.text, linked.get(c.id, [])) for c in series.conditions]
    unlinked = [s for s in series.setbacks if s.condition_id is None and s.kind == "condition_breach"]
    if unlinked:
        items.append(_condition_breaches(None, "", unlinked))
    explanation = Explanation(
        nl=(
            "Per bijzondere voorwaarde staat hoe vaak een terugval ermee te maken had en welke reactie er "
            "kwam; over handhaving beslissen de mensen in het casusoverleg en het OM, niet deze telling."
        ),
        en=(
            "For each special condition this shows how often a setback touched it and which response "
            "followed; enforcement is decided by the people at the case conference and the OM, not by "
            "this count."
        ),
    )
    return Breaches(items=tuple(items), explanation=explanation)


def _condition_breaches(condition_id: int | None, text: str, setbacks: Sequence[SetbackPoint]) -> ConditionBreaches:
    responses = Counter(s.response for s in setbacks)
    return ConditionBreaches(
        condition_id=condition_id,
        text=text,
        breaches=len(setbacks),
        last_breach=max((s.day for s in setbacks), default=None),
        responses={response: responses[response] for response in RESPONSES},
    )


def agreement(series: MeasureSeries, *, recent: int = AGREEMENT_RECENT) -> Agreement:
    """Youth minus worker score per goal in the weeks both scored, and the mean absolute gap lately."""
    items = tuple(_goal_agreement(series, goal.id, recent) for goal in series.goals)
    explanation = Explanation(
        nl=(
            "Het verschil tussen de score van de jongere en die van de jeugdreclasseerder per week (jongere "
            "min jeugdreclasseerder); een groot verschil is een reden voor een gesprek, geen teken dat een "
            "van beiden gelijk heeft."
        ),
        en=(
            "The difference between the youth's and the worker's score per week (youth minus worker); a "
            "large gap is a reason to talk, not a sign that either of them is right."
        ),
    )
    return Agreement(recent=recent, items=items, explanation=explanation)


def _goal_agreement(series: MeasureSeries, goal_id: int, recent: int) -> GoalAgreement:
    worker = dict(weekly_scores(series, goal_id, "worker"))
    points = tuple(
        GapPoint(week=week, youth=value, worker=worker[week], gap=value - worker[week])
        for week, value in weekly_scores(series, goal_id, "youth")
        if week in worker
    )
    last = points[-recent:]
    return GoalAgreement(
        goal_id=goal_id,
        points=points,
        recent_weeks=len(last),
        recent_mean_abs_gap=statistics.fmean(abs(p.gap) for p in last) if last else None,
    )


def progress(
    series: MeasureSeries,
    *,
    as_of: date,
    sd: float = DEFAULT_SD,
    reliability: float = DEFAULT_RELIABILITY,
) -> Progress:
    """Every indicator of the measure as it stood on ``as_of`` (later scores and events are left out)."""
    upto = series.up_to(as_of)
    return Progress(
        measure_id=series.measure_id,
        as_of=as_of,
        trends=scale_trends(upto),
        baselines=baselines(upto),
        reliable_change=reliable_changes(upto, sd=sd, reliability=reliability),
        gas=gas_series(upto, until=as_of),
        events=weekly_events(upto, until=as_of),
        since_serious=weeks_since_serious_setback(upto, as_of=as_of),
        breaches=breaches_per_condition(upto),
        agreement=agreement(upto),
        raters=upto.raters,
        explanation=Explanation(
            nl="Deze cijfers beschrijven hoe de maatregel verloopt; mensen beslissen, en geen van de cijfers "
            "voorspelt een nieuw delict.",
            en="These figures describe how the measure is going; people decide, and none of them predicts "
            "re-offending.",
        ),
    )
