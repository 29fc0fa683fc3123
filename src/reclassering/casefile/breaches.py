"""Breaches and new suspicions: whether they were reported back (terugmelding) to the OM and the Raad, or why not.

A setback of kind ``condition_breach`` or ``new_suspicion`` calls for a decision on reporting back. The team
records it in one ``BreachReport`` per setback: who was informed (the OM, the Raad), when and by whom, whether
the behavioural expert was consulted, and, when nobody was informed, the reason (required). Other setbacks may
carry such a record too (repeated missed appointments can be reported as non-cooperation), but only the two
reportable kinds are counted and listed when the decision is still missing after a number of working days.

A new suspicion carries a status over time (suspected, dismissed, convicted, acquitted), so the record never
calls a youth guilty before a court does. Nothing here reads the clock: ``today`` is always passed in.
"""

from __future__ import annotations

from datetime import date
from functools import lru_cache
from typing import Annotated, Any

from msgspec import Meta, Struct
from sqlalchemy import Select, bindparam, case, func
from sqlmodel import Session, col, select

from .access import youth_filter
from .errors import Invalid, NotFound
from .fields import Id, Note, clean
from .models import BreachReport, Condition, Measure, Setback, SuspicionStatusChange, User, Youth
from .types import utcnow
from .vocab import REPORTABLE_SETBACK_KINDS, MeasureStatus, Role, SetbackKind, SuspicionStatus
from .workdays import add_working_days, overdue_through, working_days_between

STAFF_ROLES = frozenset({Role.WORKER, Role.SUPERVISOR, Role.EXPERT})
DEFAULT_WORKING_DAYS = 5


class BreachReportWrite(Struct, forbid_unknown_fields=True):
    """The whole reporting record of one setback (PUT replaces it)."""

    om_informed: bool = False
    om_informed_on: date | None = None
    raad_informed: bool = False
    raad_informed_on: date | None = None
    #: Who reported it back; defaults to whoever records it.
    reported_by_id: Id | None = None
    expert_consulted: bool = False
    expert_consulted_on: date | None = None
    expert_name: Annotated[str, Meta(max_length=120)] = ""
    #: Required when neither the OM nor the Raad was informed.
    not_reported_reason: Note = ""
    note: Note = ""


class SuspicionStatusWrite(Struct, forbid_unknown_fields=True):
    status: SuspicionStatus
    #: The day the status became known (the OM's sepot, the court's judgment).
    on: date
    note: Note = ""


class BreachDue(Struct):
    """When the reporting decision on a setback falls due, and whether it is late on ``today``."""

    reportable: bool
    decided: bool
    due_by: date | None
    overdue: bool
    working_days_open: int


class BreachCounts(Struct):
    """The reportable setbacks of a measure (breaches and new suspicions) and where their reporting stands."""

    reportable: int
    reported: int
    not_reported: int
    undecided: int
    overdue: int
    working_days: int


class UnreportedBreach(Struct):
    setback_id: int
    measure_id: int
    youth_id: int
    youth_name: str
    worker_id: int
    kind: str
    severity: str
    occurred_on: date
    condition_id: int | None
    condition_kind: str | None
    condition_text: str | None
    suspicion_status: str | None
    due_by: date
    working_days_open: int


def get_setback(session: Session, setback_id: int) -> Setback:
    setback = session.get(Setback, setback_id)
    if setback is None:
        raise NotFound(f"there is no setback {setback_id}")
    return setback


def _check_day(day: date | None, setback: Setback, today: date, what: str) -> None:
    if day is None:
        return
    if day > today:
        raise Invalid(f"{what} ({day.isoformat()}) lies in the future")
    if day < setback.occurred_on:
        raise Invalid(f"{what} ({day.isoformat()}) lies before the setback ({setback.occurred_on.isoformat()})")


def _check_reporter(session: Session, setback: Setback, reporter_id: int) -> None:
    reporter = session.get(User, reporter_id)
    youth_team = session.exec(
        select(Youth.team_id).join(Measure, col(Measure.youth_id) == Youth.id).where(Measure.id == setback.measure_id)
    ).one()
    if reporter is None or reporter.role not in STAFF_ROLES or reporter.team_id != youth_team or not reporter.active:
        raise Invalid(f"user {reporter_id} is not a worker, supervisor or expert of this youth's team")


def report_of(session: Session, setback_id: int) -> BreachReport | None:
    return session.exec(select(BreachReport).where(BreachReport.setback_id == setback_id)).first()


def record_report(
    session: Session, actor: User, setback_id: int, data: BreachReportWrite, *, today: date
) -> BreachReport:
    """Record (or correct) whether the setback was reported back, to whom, when, by whom, or why not."""
    setback = get_setback(session, setback_id)
    for flag, day, who in (
        (data.om_informed, data.om_informed_on, "the OM"),
        (data.raad_informed, data.raad_informed_on, "the Raad"),
    ):
        if flag and day is None:
            raise Invalid(f"say on which day {who} was informed")
        if not flag and day is not None:
            raise Invalid(f"a date on which {who} was informed is given, but {who} is marked as not informed")
    if not data.expert_consulted and (data.expert_consulted_on is not None or data.expert_name.strip()):
        raise Invalid("the behavioural expert is named or dated but marked as not consulted")
    _check_day(data.om_informed_on, setback, today, "the day the OM was informed")
    _check_day(data.raad_informed_on, setback, today, "the day the Raad was informed")
    _check_day(data.expert_consulted_on, setback, today, "the day the behavioural expert was consulted")
    reported = data.om_informed or data.raad_informed
    reason = clean(data.not_reported_reason)
    if not reported and not reason:
        raise Invalid("a breach that is not reported back needs a reason (not_reported_reason)")
    if reported and reason:
        raise Invalid("the breach is reported back; leave not_reported_reason empty")
    reporter_id = None
    if reported:
        reporter_id = data.reported_by_id or actor.id
        if data.reported_by_id is not None:
            _check_reporter(session, setback, data.reported_by_id)
    elif data.reported_by_id is not None:
        raise Invalid("nobody reported it back; leave reported_by_id empty")
    row = report_of(session, setback_id) or BreachReport(setback_id=setback_id)
    row.om_informed, row.om_informed_on = data.om_informed, data.om_informed_on
    row.raad_informed, row.raad_informed_on = data.raad_informed, data.raad_informed_on
    row.reported_by_id = reporter_id
    row.expert_consulted, row.expert_consulted_on = data.expert_consulted, data.expert_consulted_on
    row.expert_name = clean(data.expert_name)
    row.not_reported_reason = reason
    row.note = clean(data.note)
    row.recorded_by_id = actor.id
    row.updated_at = utcnow()
    session.add(row)
    session.flush()
    return row


# --- new suspicions -------------------------------------------------------------------------------------


def start_suspicion(session: Session, actor: User, setback: Setback) -> None:
    """A new suspicion starts as ``suspected``: call when a setback of that kind is recorded."""
    if setback.kind != SetbackKind.NEW_SUSPICION or setback.suspicion_status is not None:
        return
    setback.suspicion_status = SuspicionStatus.SUSPECTED
    session.add(
        SuspicionStatusChange(
            setback_id=setback.id,  # type: ignore[arg-type]
            status=SuspicionStatus.SUSPECTED,
            status_on=setback.occurred_on,
            recorded_by_id=actor.id,
        )
    )
    session.flush()


def suspicion_history(session: Session, setback_id: int) -> list[SuspicionStatusChange]:
    return list(
        session.exec(
            select(SuspicionStatusChange)
            .where(SuspicionStatusChange.setback_id == setback_id)
            .order_by(col(SuspicionStatusChange.status_on), col(SuspicionStatusChange.id))
        )
    )


def change_suspicion_status(
    session: Session, actor: User, setback_id: int, data: SuspicionStatusWrite, *, today: date
) -> Setback:
    """Record where a new suspicion now stands (dismissed, convicted, acquitted, or suspected again on appeal)."""
    setback = get_setback(session, setback_id)
    if setback.kind != SetbackKind.NEW_SUSPICION:
        raise Invalid("only a new suspicion has a status (this setback is a " + setback.kind.replace("_", " ") + ")")
    _check_day(data.on, setback, today, "the status date")
    history = suspicion_history(session, setback_id)
    if history and data.on < history[-1].status_on:
        raise Invalid(f"the status date lies before the last status change ({history[-1].status_on.isoformat()})")
    if setback.suspicion_status == data.status:
        raise Invalid(f"the suspicion already stands as {data.status}")
    session.add(
        SuspicionStatusChange(
            setback_id=setback_id, status=data.status, status_on=data.on, note=clean(data.note), recorded_by_id=actor.id
        )
    )
    setback.suspicion_status = data.status
    setback.updated_at = utcnow()
    session.flush()
    return setback


# --- what is due ----------------------------------------------------------------------------------------


def due(setback: Setback, report: BreachReport | None, *, today: date, working_days: int) -> BreachDue:
    """When the reporting decision on ``setback`` falls due (``working_days`` after it), and if it is late."""
    reportable = setback.kind in REPORTABLE_SETBACK_KINDS
    due_by = add_working_days(setback.occurred_on, working_days) if reportable else None
    decided = report is not None
    return BreachDue(
        reportable=reportable,
        decided=decided,
        due_by=due_by,
        overdue=reportable and not decided and today > due_by,  # type: ignore[operator]
        working_days_open=0 if decided else working_days_between(setback.occurred_on, today),
    )


def breach_counts(
    session: Session, measure_id: int, *, today: date, working_days: int = DEFAULT_WORKING_DAYS
) -> BreachCounts:
    """How the measure's breaches and new suspicions stand on ``today``: for the measure's progress.

    One aggregate row; lateness is one date comparison (``workdays.overdue_through``), as in ``unreported``."""
    params = {"measure_id": measure_id, "today": today, "late_from": overdue_through(today, working_days)}
    reportable, reported, undecided, overdue = session.execute(_counts_statement(), params).one()
    return BreachCounts(
        reportable=reportable,
        reported=reported or 0,
        not_reported=reportable - (reported or 0) - (undecided or 0),
        undecided=undecided or 0,
        overdue=overdue or 0,
        working_days=working_days,
    )


@lru_cache(maxsize=1)
def _counts_statement() -> Select[Any]:
    """``breach_counts``'s statement, built once (every progress read asks it)."""
    undecided = col(BreachReport.id).is_(None)
    reported = col(BreachReport.om_informed).is_(True) | col(BreachReport.raad_informed).is_(True)
    return (
        select(
            func.count(),
            func.sum(case((col(BreachReport.id).is_not(None) & reported, 1), else_=0)),
            func.sum(case((undecided, 1), else_=0)),
            func.sum(case((undecided & (col(Setback.occurred_on) <= bindparam("late_from")), 1), else_=0)),
        )
        .select_from(Setback)
        .join(BreachReport, col(BreachReport.setback_id) == Setback.id, isouter=True)
        .where(Setback.measure_id == bindparam("measure_id"), col(Setback.kind).in_(list(REPORTABLE_SETBACK_KINDS)))
        .where(col(Setback.occurred_on) <= bindparam("today"), col(Setback.withdrawn_at).is_(None))
    )


def unreported(statement: Select[Any], *, today: date, working_days: int) -> Select[Any]:
    """``statement`` (selecting from ``Setback``) narrowed to the breaches and new suspicions on active measures
    that still have no reporting decision ``working_days`` working days after they happened, on ``today``.

    Joins ``Measure`` and ``Youth`` for the caller to select from or filter on. One date comparison decides
    lateness for every row (``workdays.overdue_through``), so the team list and the daily job share this
    select and stay set-based."""
    return (
        statement.join(Measure, col(Measure.id) == Setback.measure_id)
        .join(Youth, col(Youth.id) == Measure.youth_id)
        .join(BreachReport, col(BreachReport.setback_id) == Setback.id, isouter=True)
        .where(col(BreachReport.id).is_(None), col(Setback.kind).in_(list(REPORTABLE_SETBACK_KINDS)))
        .where(col(Setback.withdrawn_at).is_(None), Measure.status == MeasureStatus.ACTIVE)
        .where(Setback.occurred_on <= overdue_through(today, working_days))
    )


def unreported_breaches(
    session: Session, user: User, team_id: int, *, today: date, working_days: int = DEFAULT_WORKING_DAYS
) -> list[UnreportedBreach]:
    """The team's breaches and new suspicions on active measures with no reporting decision ``working_days``
    working days after they happened, oldest first; only the youths ``user`` may reach."""
    statement = unreported(select(Setback, Measure, Youth, Condition), today=today, working_days=working_days)
    rows = session.exec(
        statement.join(Condition, col(Condition.id) == Setback.condition_id, isouter=True)
        .where(Youth.team_id == team_id, youth_filter(user))
        .order_by(col(Setback.occurred_on), col(Setback.id))
    ).all()
    found = []
    for setback, measure, youth, condition in rows:
        state = due(setback, None, today=today, working_days=working_days)
        found.append(
            UnreportedBreach(
                setback_id=setback.id,  # type: ignore[arg-type]
                measure_id=measure.id,  # type: ignore[arg-type]
                youth_id=youth.id,  # type: ignore[arg-type]
                youth_name=youth.display_name,
                worker_id=youth.worker_id,
                kind=setback.kind,
                severity=setback.severity,
                occurred_on=setback.occurred_on,
                condition_id=setback.condition_id,
                condition_kind=condition.kind if condition else None,
                condition_text=condition.text if condition else None,
                suspicion_status=setback.suspicion_status,
                due_by=state.due_by,  # type: ignore[arg-type]
                working_days_open=state.working_days_open,
            )
        )
    return found
