"""The results of the progress indicators (``reports.indicators``): plain, frozen Structs with their figures and
an ``Explanation`` in Dutch and English. The API and the report serialise them as they are."""

from __future__ import annotations

from datetime import date

import msgspec

from .series import RaterInfo


class Explanation(msgspec.Struct, frozen=True, kw_only=True):
    """What an indicator shows and what it does not, in one plain sentence per language."""

    nl: str
    en: str


# --- Structs -------------------------------------------------------------------------------------------


class Trend(msgspec.Struct, frozen=True, kw_only=True):
    """Theil-Sen slope (score points per week) of one goal and rater over the last weeks with a score."""

    goal_id: int
    rater: str
    slope: float | None
    points: int
    first_week: str | None
    last_week: str | None


class ScaleTrends(msgspec.Struct, frozen=True, kw_only=True):
    window: int
    items: tuple[Trend, ...]
    explanation: Explanation


class Baseline(msgspec.Struct, frozen=True, kw_only=True):
    """The youth's own start (mean of the first weeks with a score) against now (mean of the last weeks).

    The current weeks never overlap the baseline weeks, so ``current`` and ``change`` stay None until
    there is a scored week after the baseline.
    """

    goal_id: int
    rater: str
    baseline: float | None
    current: float | None
    change: float | None
    baseline_weeks: tuple[str, ...]
    current_weeks: tuple[str, ...]


class Baselines(msgspec.Struct, frozen=True, kw_only=True):
    span: int
    items: tuple[Baseline, ...]
    explanation: Explanation


class ReliableChange(msgspec.Struct, frozen=True, kw_only=True):
    """Jacobson-Truax reliable change of one goal and rater; ``direction`` is None without a current value."""

    goal_id: int
    rater: str
    baseline: float | None
    current: float | None
    change: float | None
    direction: str | None


class ReliableChanges(msgspec.Struct, frozen=True, kw_only=True):
    sd: float
    reliability: float
    s_diff: float
    threshold: float
    items: tuple[ReliableChange, ...]
    explanation: Explanation


class GasPoint(msgspec.Struct, frozen=True, kw_only=True):
    """The GAS T-score in one week (None when no goal has a level yet) and how many goals it rests on."""

    week: str
    t: float | None
    goals: int


class GasSeries(msgspec.Struct, frozen=True, kw_only=True):
    rater: str
    rho: float
    goals_with_levels: int
    #: One point per week; ``t`` only in the weeks a GAS level was scored (a figure belongs to its week).
    items: tuple[GasPoint, ...]
    explanation: Explanation
    #: The week the T-score was last scored in, and that T-score (None before any GAS level is scored).
    last_scored_week: str | None = None
    last_t: float | None = None


class WeekEvents(msgspec.Struct, frozen=True, kw_only=True):
    """Successes and setbacks recorded in one ISO week; the dicts hold every kind and severity, zeros too."""

    week: str
    successes: int
    setbacks: int
    by_kind: dict[str, int]
    by_severity: dict[str, int]


class WeeklyEvents(msgspec.Struct, frozen=True, kw_only=True):
    successes: int
    setbacks: int
    items: tuple[WeekEvents, ...]
    explanation: Explanation


class SinceSerious(msgspec.Struct, frozen=True, kw_only=True):
    """Whole weeks from the last serious setback on or before ``as_of``; None if there was none."""

    as_of: date
    last_serious: date | None
    weeks: int | None
    explanation: Explanation


class ConditionBreaches(msgspec.Struct, frozen=True, kw_only=True):
    """Setbacks that touch one condition (``condition_id`` None: breaches not linked to a condition)."""

    condition_id: int | None
    text: str
    breaches: int
    last_breach: date | None
    responses: dict[str, int]


class Breaches(msgspec.Struct, frozen=True, kw_only=True):
    items: tuple[ConditionBreaches, ...]
    explanation: Explanation


class GapPoint(msgspec.Struct, frozen=True, kw_only=True):
    week: str
    youth: float
    worker: float
    gap: float


class GoalAgreement(msgspec.Struct, frozen=True, kw_only=True):
    """Youth minus worker score per week where both scored, and the mean absolute gap of the last weeks."""

    goal_id: int
    points: tuple[GapPoint, ...]
    recent_weeks: int
    recent_mean_abs_gap: float | None


class Agreement(msgspec.Struct, frozen=True, kw_only=True):
    recent: int
    items: tuple[GoalAgreement, ...]
    explanation: Explanation


class Progress(msgspec.Struct, frozen=True, kw_only=True):
    """All indicators of one measure as they stood on ``as_of``."""

    measure_id: int
    as_of: date
    trends: ScaleTrends
    baselines: Baselines
    reliable_change: ReliableChanges
    gas: GasSeries
    events: WeeklyEvents
    since_serious: SinceSerious
    breaches: Breaches
    agreement: Agreement
    explanation: Explanation
    #: The network members among the raters (``network:<id>``), named, each with a line of their own.
    raters: tuple[RaterInfo, ...] = ()


# --- pure formulas -------------------------------------------------------------------------------------
