"""The plain input of the indicators and charts: one measure's goals, scores and events as frozen Structs.

Nothing here touches the database; the caller loads the records and maps them onto these Structs.
Every Struct checks its own values when it is built (and when it is decoded by msgspec), so a wrong
code or an impossible week fails at the edge with a readable message instead of skewing a chart.
"""

from __future__ import annotations

import re
import statistics
import threading
from datetime import date
from functools import lru_cache

import msgspec

RATERS: tuple[str, ...] = ("youth", "worker", "network")
#: Each network member scores on a line of their own: rater ``network:<member id>`` (bare "network" is the old,
#: averaged form, still read from reports frozen before the members were told apart).
NETWORK_PREFIX = "network:"
_NETWORK_KEY = re.compile(r"^network:[1-9][0-9]{0,9}$")
SETBACK_KINDS: tuple[str, ...] = (
    "missed_appointment",
    "condition_breach",
    "police_contact",
    "new_suspicion",
    "substance_use",
    "school_absence",
    "other",
)
SEVERITIES: tuple[str, ...] = ("minor", "moderate", "serious")
RESPONSES: tuple[str, ...] = ("none_yet", "talk", "warning", "plan_change", "report_back")
GAS_LEVELS: tuple[int, ...] = (-2, -1, 0, 1, 2)

_WEEK = re.compile(r"^(\d{4})-W(\d{2})$")


@lru_cache(maxsize=8192)
def monday_of(week: str) -> date:
    """The Monday of ISO week ``week`` written as ``YYYY-Www`` (``"2026-W47"`` -> 2026-11-16).

    Cached: a progress request sorts and spans thousands of scores over about a hundred distinct weeks, so each
    week is parsed once per process instead of once per use (a refused week is not cached and raises again)."""
    match = _WEEK.match(week)
    if match is None:
        raise ValueError(f"{week!r} is not an ISO week; write it as YYYY-Www, for example 2026-W47")
    try:
        return date.fromisocalendar(int(match.group(1)), int(match.group(2)), 1)
    except ValueError:
        raise ValueError(f"{week!r} is not a week of that year") from None


def week_of(day: date) -> str:
    """The ISO week ``YYYY-Www`` that ``day`` falls in."""
    iso = day.isocalendar()
    return f"{iso.year}-W{iso.week:02d}"


@lru_cache(maxsize=8192)
def week_number(week: str) -> int:
    """A running week count (weeks since 0001-01-01), so the difference of two weeks is real time in weeks."""
    return (monday_of(week).toordinal() - 1) // 7


def _check_code(field: str, value: str, allowed: tuple[str, ...]) -> None:
    if value not in allowed:
        raise ValueError(f"{field} {value!r} is not one of {', '.join(allowed)}")


class ScorePoint(msgspec.Struct, frozen=True, kw_only=True):
    """One 0-10 scale score of one goal by one rater in one ISO week (a network member is ``network:<id>``)."""

    week: str
    goal_id: int
    rater: str
    value: int
    gas_level: int | None = None

    def __post_init__(self) -> None:
        monday_of(self.week)
        if not _NETWORK_KEY.match(self.rater):
            _check_code("rater", self.rater, RATERS)
        if not 0 <= self.value <= 10:
            raise ValueError(f"score {self.value} is outside 0-10")
        if self.gas_level is not None and self.gas_level not in GAS_LEVELS:
            raise ValueError(f"GAS level {self.gas_level} is outside -2..+2")


class RaterInfo(msgspec.Struct, frozen=True, kw_only=True):
    """Who a network rater is: ``key`` ``network:<member id>``, their name and role (empty once removed)."""

    key: str
    name: str = ""
    role: str = ""


def is_network(rater: str) -> bool:
    return rater == "network" or rater.startswith(NETWORK_PREFIX)


class GoalInfo(msgspec.Struct, frozen=True, kw_only=True):
    """A goal in the youth's own words; ``gas_levels`` ("-2".."2" -> description) is empty without GAS."""

    id: int
    title: str
    life_domain: str
    status: str = "active"
    gas_levels: dict[str, str] = {}
    gas_weight: float = 1.0

    def __post_init__(self) -> None:
        if not self.gas_weight > 0:
            raise ValueError(f"goal {self.id}: GAS weight must be above 0, not {self.gas_weight}")

    @property
    def has_gas(self) -> bool:
        return bool(self.gas_levels)


class SuccessPoint(msgspec.Struct, frozen=True, kw_only=True):
    """Something that went well on ``day``, linked to a goal where possible."""

    day: date
    goal_id: int | None = None
    noticed_by: str = "worker"

    def __post_init__(self) -> None:
        _check_code("noticed_by", self.noticed_by, RATERS)


class SetbackPoint(msgspec.Struct, frozen=True, kw_only=True):
    """A setback on ``day`` with its severity, the condition it touches (if any) and the response taken."""

    day: date
    kind: str
    severity: str
    condition_id: int | None = None
    response: str = "none_yet"

    def __post_init__(self) -> None:
        _check_code("setback kind", self.kind, SETBACK_KINDS)
        _check_code("severity", self.severity, SEVERITIES)
        _check_code("response", self.response, RESPONSES)


class ConditionInfo(msgspec.Struct, frozen=True, kw_only=True):
    """A special condition (bijzondere voorwaarde) of the measure."""

    id: int
    text: str


class ConferencePoint(msgspec.Struct, frozen=True, kw_only=True):
    """A case conference on ``day``; ``label`` is a short caption for the timeline (e.g. the decision)."""

    day: date
    label: str = ""


class MeasureSeries(msgspec.Struct, frozen=True, kw_only=True):
    """Everything the indicators and charts need about one measure.

    ``goals`` must hold every goal that has scores or successes (whatever its status) and ``conditions``
    every condition a setback points to; a dangling id is refused rather than silently left out.
    """

    measure_id: int
    kind: str
    start_date: date
    planned_end: date
    goals: tuple[GoalInfo, ...] = ()
    scores: tuple[ScorePoint, ...] = ()
    successes: tuple[SuccessPoint, ...] = ()
    setbacks: tuple[SetbackPoint, ...] = ()
    conditions: tuple[ConditionInfo, ...] = ()
    conferences: tuple[ConferencePoint, ...] = ()
    #: The network members who scored, each on a line of their own.
    raters: tuple[RaterInfo, ...] = ()

    def __post_init__(self) -> None:
        if self.planned_end < self.start_date:
            raise ValueError(f"planned end {self.planned_end} comes before the start {self.start_date}")
        goal_ids = {goal.id for goal in self.goals}
        if len(goal_ids) != len(self.goals):
            raise ValueError("a goal id occurs twice in goals")
        condition_ids = {condition.id for condition in self.conditions}
        for score in self.scores:
            _check_known("score", score.goal_id, goal_ids, "goal")
        for success in self.successes:
            if success.goal_id is not None:
                _check_known("success", success.goal_id, goal_ids, "goal")
        for setback in self.setbacks:
            if setback.condition_id is not None:
                _check_known("setback", setback.condition_id, condition_ids, "condition")

    def goal(self, goal_id: int) -> GoalInfo:
        """The goal with id ``goal_id``; ``KeyError`` if the measure has no such goal."""
        for goal in self.goals:
            if goal.id == goal_id:
                return goal
        raise KeyError(f"measure {self.measure_id} has no goal {goal_id}")

    def up_to(self, day: date) -> MeasureSeries:
        """The series as it stood on ``day``: scores of weeks that began by then, events up to that day."""
        return msgspec.structs.replace(
            self,
            scores=tuple(s for s in self.scores if monday_of(s.week) <= day),
            successes=tuple(s for s in self.successes if s.day <= day),
            setbacks=tuple(s for s in self.setbacks if s.day <= day),
            conferences=tuple(c for c in self.conferences if c.day <= day),
        )


def rater_keys(series: MeasureSeries) -> list[str]:
    """Youth, worker, then each network member who scored (by member id): every one a line of their own."""
    scored = {score.rater for score in series.scores}
    members = sorted((r for r in scored if r.startswith(NETWORK_PREFIX)), key=lambda r: int(r[len(NETWORK_PREFIX) :]))
    return [r for r in RATERS if r != "network" or r in scored] + members


def _check_known(what: str, ref: int, known: set[int], target: str) -> None:
    if ref not in known:
        raise ValueError(f"a {what} points to {target} {ref}, which is not in the series")


_grouped = threading.local()


def scores_by_goal_and_rater(series: MeasureSeries) -> dict[tuple[int, str], tuple[tuple[str, float], ...]]:
    """(week, mean score) per goal and rater in week order, grouped in one pass over the series and kept for the
    last series seen in this thread: the indicators of one request ask for them about thirty times."""
    cached = getattr(_grouped, "last", None)
    if cached is not None and cached[0] is series:
        return cached[1]
    by_pair: dict[tuple[int, str], dict[str, list[int]]] = {}
    for score in series.scores:
        by_pair.setdefault((score.goal_id, score.rater), {}).setdefault(score.week, []).append(score.value)
    grouped = {
        pair: tuple((week, statistics.fmean(values)) for week, values in sorted(by_week.items(), key=_by_week))
        for pair, by_week in by_pair.items()
    }
    _grouped.last = (series, grouped)  # holds the series, so its id() cannot be reused while cached
    return grouped


def _by_week(item: tuple[str, object]) -> int:
    return week_number(item[0])
