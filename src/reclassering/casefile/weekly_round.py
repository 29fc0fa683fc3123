"""The worker's weekly round: the caseload as this week's to-do list.

Per youth: whether a worker has entered this week (done), not yet (to do) or missed last week too (behind);
the latest youth and worker scores against the week before; open setbacks; breaches and new suspicions with no
reporting decision yet; a measure ending and a case conference coming up within the horizon. The list costs a
constant number of queries however long the caseload is (the caseload's four, and five more).
"""

from __future__ import annotations

from collections import defaultdict
from datetime import date, timedelta
from enum import StrEnum

from msgspec import Struct
from sqlalchemy import ColumnElement, func, or_
from sqlmodel import Session, col, select

from . import breaches
from .models import BreachReport, CheckIn, Conference, Measure, Score, Setback, User
from .vocab import REPORTABLE_SETBACK_KINDS, MeasureStatus, RaterKind, Role
from .weeks import add_weeks, week_of
from .youths import caseload

#: How far ahead a measure's end or a conference counts as "coming up".
HORIZON_DAYS = 28
#: How far back scores are read for the latest and the week before.
SCORE_WEEKS = 26
STAFF_AUTHORS = (Role.WORKER, Role.SUPERVISOR, Role.EXPERT)


class RoundStatus(StrEnum):
    DONE = "done"
    TODO = "todo"
    #: This week and last week both still missing.
    OVERDUE = "overdue"
    #: No active measure: nothing to enter.
    NONE = "none"


class Trend(Struct):
    """One rater's mean score over the goals in their newest scored week, and in the scored week before."""

    latest: float | None = None
    previous: float | None = None
    week: str | None = None

    @property
    def direction(self) -> str | None:
        """ "up", "down" or "same" against the week before; None with fewer than two scored weeks."""
        if self.latest is None or self.previous is None:
            return None
        if abs(self.latest - self.previous) < 0.05:
            return "same"
        return "up" if self.latest > self.previous else "down"


class RoundRow(Struct):
    youth_id: int
    youth_name: str
    worker_name: str
    measure_id: int | None
    measure_kind: str | None
    planned_end: date | None
    status: RoundStatus
    youth_score: Trend
    worker_score: Trend
    open_setbacks: int
    #: Breaches and new suspicions with no reporting decision yet, and how many of those are past due.
    undecided_breaches: int
    overdue_breaches: int
    measure_ends_soon: bool
    next_conference: date | None

    @property
    def needs_attention(self) -> bool:
        return bool(self.undecided_breaches or self.measure_ends_soon or self.next_conference)


def staff_entered() -> ColumnElement[bool]:
    """A check-in a worker (or supervisor, or expert) entered: a score of theirs, the week's notes (which only
    staff write) or the check-in opened by them. A youth's own scores alone do not count."""
    staff_score = (
        select(Score.id).where(Score.check_in_id == CheckIn.id, col(Score.author_role).in_(STAFF_AUTHORS)).exists()
    )
    opened_by_staff = (
        select(User.id).where(User.id == CheckIn.recorded_by_id, col(User.role).in_(STAFF_AUTHORS)).exists()
    )
    return or_(staff_score, opened_by_staff, CheckIn.went_well != "", CheckIn.worries != "", CheckIn.next_steps != "")


def staff_weeks(session: Session, youth_ids: list[int]) -> dict[int, str]:
    """Per youth, the latest week staff entered (see ``staff_entered``)."""
    if not youth_ids:
        return {}
    rows = session.exec(
        select(Measure.youth_id, func.max(CheckIn.week))
        .join(CheckIn, col(CheckIn.measure_id) == col(Measure.id))
        .where(col(Measure.youth_id).in_(youth_ids), staff_entered())
        .group_by(col(Measure.youth_id))
    ).all()
    return dict(rows)  # type: ignore[arg-type]


def weekly_round(
    session: Session,
    user: User,
    *,
    today: date,
    working_days: int = breaches.DEFAULT_WORKING_DAYS,
    horizon_days: int = HORIZON_DAYS,
    limit: int = 500,
) -> list[RoundRow]:
    """The youths ``user`` may reach, each with this week's state of affairs (sorted by name)."""
    rows, _ = caseload(session, user, limit=limit)
    ids = [row.youth.id for row in rows]
    if not ids:
        return []
    this_week = week_of(today)
    last_week = add_weeks(this_week, -1)
    horizon = today + timedelta(days=horizon_days)
    active = active_measures(session, ids)
    entered = _entered_weeks(session, ids, (this_week, last_week))
    trends = _trends(session, ids, add_weeks(this_week, -SCORE_WEEKS))
    undecided, overdue = undecided_breaches(session, ids, today, working_days)
    conferences = _next_conferences(session, ids, today, horizon)

    result = []
    for row in rows:
        youth_id: int = row.youth.id  # type: ignore[assignment]
        measure = active.get(youth_id)
        result.append(
            RoundRow(
                youth_id=youth_id,
                youth_name=row.youth.display_name,
                worker_name=row.worker_name,
                measure_id=measure.id if measure else None,
                measure_kind=measure.kind if measure else None,
                planned_end=measure.planned_end if measure else None,
                status=_status(measure, entered.get(youth_id, set()), this_week, last_week),
                youth_score=trends.get((youth_id, RaterKind.YOUTH), Trend()),
                worker_score=trends.get((youth_id, RaterKind.WORKER), Trend()),
                open_setbacks=row.open_setbacks,
                undecided_breaches=undecided.get(youth_id, 0),
                overdue_breaches=overdue.get(youth_id, 0),
                measure_ends_soon=measure is not None and today <= measure.planned_end <= horizon,
                next_conference=conferences.get(youth_id),
            )
        )
    return result


def _status(measure: Measure | None, entered: set[str], this_week: str, last_week: str) -> RoundStatus:
    if measure is None:
        return RoundStatus.NONE
    if this_week in entered:
        return RoundStatus.DONE
    if last_week not in entered and last_week >= week_of(measure.start_date):
        return RoundStatus.OVERDUE
    return RoundStatus.TODO


def active_measures(session: Session, ids: list[int]) -> dict[int, Measure]:
    """Each youth's latest active measure (one query)."""
    found: dict[int, Measure] = {}
    for measure in session.exec(
        select(Measure)
        .where(col(Measure.youth_id).in_(ids), Measure.status == MeasureStatus.ACTIVE)
        .order_by(col(Measure.start_date).desc(), col(Measure.id).desc())
    ):
        found.setdefault(measure.youth_id, measure)
    return found


def _entered_weeks(session: Session, ids: list[int], weeks: tuple[str, ...]) -> dict[int, set[str]]:
    entered: dict[int, set[str]] = defaultdict(set)
    for youth_id, week in session.exec(
        select(Measure.youth_id, CheckIn.week)
        .join(CheckIn, col(CheckIn.measure_id) == col(Measure.id))
        .where(col(Measure.youth_id).in_(ids), Measure.status == MeasureStatus.ACTIVE, col(CheckIn.week).in_(weeks))
        .where(staff_entered())
    ):
        entered[youth_id].add(week)
    return entered


def _trends(session: Session, ids: list[int], since: str) -> dict[tuple[int, str], Trend]:
    """Per youth and rater (youth, worker): the mean score of the newest two scored weeks (one query)."""
    by_rater: dict[tuple[int, str], list[tuple[str, float]]] = defaultdict(list)
    for youth_id, week, rater, mean in session.exec(
        select(Measure.youth_id, CheckIn.week, Score.rater_kind, func.avg(Score.value))
        .join(CheckIn, col(CheckIn.measure_id) == col(Measure.id))
        .join(Score, col(Score.check_in_id) == col(CheckIn.id))
        .where(col(Measure.youth_id).in_(ids), Measure.status == MeasureStatus.ACTIVE, col(CheckIn.week) >= since)
        .where(col(Score.rater_kind).in_([RaterKind.YOUTH, RaterKind.WORKER]))
        .group_by(col(Measure.youth_id), col(CheckIn.week), col(Score.rater_kind))
        .order_by(col(CheckIn.week).desc())
    ):
        by_rater[(youth_id, rater)].append((week, float(mean)))
    return {
        key: Trend(
            latest=round(weeks[0][1], 1),
            previous=round(weeks[1][1], 1) if len(weeks) > 1 else None,
            week=weeks[0][0],
        )
        for key, weeks in by_rater.items()
    }


def undecided_breaches(
    session: Session, ids: list[int], today: date, working_days: int
) -> tuple[dict[int, int], dict[int, int]]:
    """Per youth: reportable setbacks with no reporting decision, and how many of them are past due."""
    undecided: dict[int, int] = defaultdict(int)
    overdue: dict[int, int] = defaultdict(int)
    for setback, youth_id in session.exec(
        select(Setback, Measure.youth_id)
        .join(Measure, col(Measure.id) == col(Setback.measure_id))
        .join(BreachReport, col(BreachReport.setback_id) == col(Setback.id), isouter=True)
        .where(col(Measure.youth_id).in_(ids), Measure.status == MeasureStatus.ACTIVE)
        .where(col(BreachReport.id).is_(None), col(Setback.kind).in_(list(REPORTABLE_SETBACK_KINDS)))
        .where(col(Setback.withdrawn_at).is_(None), col(Setback.occurred_on) <= today)
    ):
        undecided[youth_id] += 1
        if breaches.due(setback, None, today=today, working_days=working_days).overdue:
            overdue[youth_id] += 1
    return undecided, overdue


def _next_conferences(session: Session, ids: list[int], today: date, horizon: date) -> dict[int, date]:
    """Per youth, the first undecided case conference from today up to ``horizon`` (one query)."""
    rows = session.exec(
        select(Measure.youth_id, func.min(Conference.held_on))
        .join(Conference, col(Conference.measure_id) == col(Measure.id))
        .where(col(Measure.youth_id).in_(ids), col(Conference.decision).is_(None))
        .where(col(Conference.held_on) >= today, col(Conference.held_on) <= horizon)
        .group_by(col(Measure.youth_id))
    ).all()
    return dict(rows)  # type: ignore[arg-type]
