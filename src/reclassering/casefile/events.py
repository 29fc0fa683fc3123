"""Successes (successen) and setbacks (terugvallen) of a measure."""

from __future__ import annotations

from datetime import date

import msgspec
from msgspec import UNSET, Struct, UnsetType
from sqlalchemy import func
from sqlmodel import Session, col, select

from . import breaches
from .errors import Invalid, NotFound
from .fields import Day, Id, Note, Reason, ShortNote, Text, clean, not_in_future
from .measures import get_measure
from .models import Condition, EventRevision, Goal, Measure, Setback, Success, User
from .types import check_day, day_of, utcnow
from .vocab import RaterKind, Role, SetbackKind, SetbackResponse, Severity


class SuccessCreate(Struct, forbid_unknown_fields=True):
    occurred_on: Day
    text: Text
    goal_id: Id | None = None
    #: Who noticed it; a youth's own successes are always noticed by the youth.
    noticed_by: RaterKind = RaterKind.WORKER


class SetbackCreate(Struct, forbid_unknown_fields=True):
    occurred_on: Day
    kind: SetbackKind
    severity: Severity
    text: Text
    condition_id: Id | None = None
    response: SetbackResponse = SetbackResponse.NONE_YET
    response_note: Note = ""


class SetbackUpdate(Struct, forbid_unknown_fields=True):
    """The response taken, or a correction; the version before a correction is kept in the history."""

    response: SetbackResponse | UnsetType = UNSET
    response_note: Note | UnsetType = UNSET
    resolved: bool | UnsetType = UNSET
    severity: Severity | UnsetType = UNSET
    text: Text | UnsetType = UNSET
    occurred_on: Day | UnsetType = UNSET
    #: Why the setback is corrected (kept with the earlier version).
    reason: ShortNote = ""


class SuccessCorrection(Struct, forbid_unknown_fields=True):
    """A correction of a success by staff: fields left out stay as they are; ``goal_id`` null unlinks the goal."""

    text: Text | UnsetType = UNSET
    occurred_on: Day | UnsetType = UNSET
    goal_id: Id | UnsetType | None = UNSET
    #: Why it is corrected (kept with the earlier version).
    reason: ShortNote = ""


class Withdrawal(Struct, forbid_unknown_fields=True):
    """Taking a success or setback back: it leaves progress, charts and counts but stays in the history."""

    reason: Reason


#: What a correction or withdrawal keeps of the earlier version.
_KEPT = {
    "success": ("occurred_on", "goal_id", "text", "noticed_by"),
    "setback": ("occurred_on", "kind", "severity", "condition_id", "text", "response", "response_note", "resolved"),
}
_SETBACK_CORRECTIONS = ("severity", "text", "occurred_on")


def _check_date(measure: Measure, day: date) -> None:
    check_day(day, "the date")
    not_in_future(day, "the date")
    if day < measure.start_date:
        raise Invalid(
            f"the date ({day.isoformat()}) lies before the measure started ({measure.start_date.isoformat()})"
        )


def record_success(session: Session, actor: User, measure_id: int, data: SuccessCreate) -> Success:
    measure = get_measure(session, measure_id)
    _check_date(measure, data.occurred_on)
    if (
        data.goal_id is not None
        and session.exec(select(Goal.id).where(Goal.id == data.goal_id, Goal.measure_id == measure_id)).first() is None
    ):
        raise Invalid(f"goal {data.goal_id} is not a goal of this measure")
    noticed_by = RaterKind.YOUTH if actor.role == Role.YOUTH else data.noticed_by
    success = Success(
        measure_id=measure_id,
        occurred_on=data.occurred_on,
        goal_id=data.goal_id,
        text=clean(data.text),
        noticed_by=noticed_by,
        author_id=actor.id,
        author_role=actor.role,
    )
    session.add(success)
    session.flush()
    return success


def record_setback(session: Session, actor: User, measure_id: int, data: SetbackCreate) -> Setback:
    measure = get_measure(session, measure_id)
    _check_date(measure, data.occurred_on)
    if (
        data.condition_id is not None
        and session.exec(
            select(Condition.id).where(Condition.id == data.condition_id, Condition.measure_id == measure_id)
        ).first()
        is None
    ):
        raise Invalid(f"condition {data.condition_id} is not a condition of this measure")
    if data.kind is SetbackKind.CONDITION_BREACH and data.condition_id is None:
        raise Invalid("a breach of a condition says which condition (condition_id)")
    setback = Setback(
        measure_id=measure_id,
        occurred_on=data.occurred_on,
        kind=data.kind,
        severity=data.severity,
        condition_id=data.condition_id,
        text=clean(data.text),
        response=data.response,
        response_note=clean(data.response_note),
        author_id=actor.id,
    )
    session.add(setback)
    session.flush()
    breaches.start_suspicion(session, actor, setback)
    return setback


def get_setback(session: Session, setback_id: int) -> Setback:
    setback = session.get(Setback, setback_id)
    if setback is None:
        raise NotFound(f"there is no setback {setback_id}")
    return setback


def get_success(session: Session, success_id: int) -> Success:
    success = session.get(Success, success_id)
    if success is None:
        raise NotFound(f"there is no success {success_id}")
    return success


def _keep_version(
    session: Session, actor: User | None, kind: str, row: Success | Setback, change: str, reason: str
) -> None:
    before = {name: getattr(row, name) for name in _KEPT[kind]}
    session.add(
        EventRevision(
            measure_id=row.measure_id,
            object_type=kind,
            object_id=row.id,  # type: ignore[arg-type]
            change=change,
            before=msgspec.to_builtins(before),
            reason=clean(reason),
            changed_by_id=actor.id if actor else None,
        )
    )


def _not_withdrawn(row: Success | Setback, what: str) -> None:
    if row.withdrawn_at is not None:
        raise Invalid(f"this {what} was withdrawn and can no longer be changed")


def update_setback(session: Session, setback_id: int, data: SetbackUpdate, actor: User | None = None) -> Setback:
    """Record the response, or correct the setback; a correction keeps the earlier version in the history."""
    setback = get_setback(session, setback_id)
    _not_withdrawn(setback, "setback")
    changes = {k: v for k, v in msgspec.structs.asdict(data).items() if v is not UNSET and k != "reason"}
    if "occurred_on" in changes:
        _check_date(get_measure(session, setback.measure_id), changes["occurred_on"])
    if any(k in changes and changes[k] != getattr(setback, k) for k in _SETBACK_CORRECTIONS):
        _keep_version(session, actor, "setback", setback, "corrected", data.reason)
    for name, value in changes.items():
        setattr(setback, name, clean(value) if isinstance(value, str) else value)
    if setback.resolved and setback.response == SetbackResponse.NONE_YET:
        raise Invalid("say which response was taken before closing the setback")
    setback.updated_at = utcnow()
    session.flush()
    return setback


def correct_success(session: Session, actor: User, success_id: int, data: SuccessCorrection) -> Success:
    """Correct the text, date or goal of a success; the earlier version is kept in the history."""
    success = get_success(session, success_id)
    _not_withdrawn(success, "success")
    if data.occurred_on is not UNSET:
        _check_date(get_measure(session, success.measure_id), data.occurred_on)
    if (
        data.goal_id not in (UNSET, None)
        and session.exec(select(Goal.id).where(Goal.id == data.goal_id, Goal.measure_id == success.measure_id)).first()
        is None
    ):
        raise Invalid(f"goal {data.goal_id} is not a goal of this measure")
    _keep_version(session, actor, "success", success, "corrected", data.reason)
    if data.text is not UNSET:
        success.text = clean(data.text)
    if data.occurred_on is not UNSET:
        success.occurred_on = data.occurred_on
    if data.goal_id is not UNSET:
        success.goal_id = data.goal_id
    success.updated_at = utcnow()
    session.flush()
    return success


def _withdraw(session: Session, actor: User, kind: str, row: Success | Setback, data: Withdrawal) -> None:
    if row.withdrawn_at is not None:
        raise Invalid(f"this {kind} was already withdrawn on {day_of(row.withdrawn_at).isoformat()}")
    _keep_version(session, actor, kind, row, "withdrawn", data.reason)
    row.withdrawn_at = row.updated_at = utcnow()
    row.withdrawn_by_id = actor.id
    row.withdrawal_reason = clean(data.reason)
    session.flush()


def withdraw_success(session: Session, actor: User, success_id: int, data: Withdrawal) -> Success:
    success = get_success(session, success_id)
    _withdraw(session, actor, "success", success, data)
    return success


def withdraw_setback(session: Session, actor: User, setback_id: int, data: Withdrawal) -> Setback:
    setback = get_setback(session, setback_id)
    _withdraw(session, actor, "setback", setback, data)
    return setback


def history(session: Session, kind: str, object_id: int) -> list[EventRevision]:
    """The earlier versions of a success or setback, oldest first."""
    return list(
        session.exec(
            select(EventRevision)
            .where(EventRevision.object_type == kind, EventRevision.object_id == object_id)
            .order_by(col(EventRevision.id))
        )
    )


def _date_range(stmt, column, since: date | None, until: date | None):  # type: ignore[no-untyped-def]
    if since and until and since > until:
        raise Invalid(f"the date range runs backwards: {since.isoformat()} comes after {until.isoformat()}")
    if since:
        stmt = stmt.where(column >= since)
    if until:
        stmt = stmt.where(column <= until)
    return stmt


def list_successes(
    session: Session,
    measure_id: int,
    *,
    since: date | None = None,
    until: date | None = None,
    withdrawn: bool = False,
    limit: int = 50,
    offset: int = 0,
) -> tuple[list[Success], int]:
    """The measure's successes, newest first; withdrawn ones only when asked for."""
    base = _date_range(select(Success).where(Success.measure_id == measure_id), Success.occurred_on, since, until)
    if not withdrawn:
        base = base.where(col(Success.withdrawn_at).is_(None))
    total = session.exec(select(func.count()).select_from(base.subquery())).one()
    rows = session.exec(
        base.order_by(col(Success.occurred_on).desc(), col(Success.id).desc()).offset(offset).limit(limit)
    )
    return list(rows), total


def list_setbacks(
    session: Session,
    measure_id: int,
    *,
    since: date | None = None,
    until: date | None = None,
    resolved: bool | None = None,
    withdrawn: bool = False,
    limit: int = 50,
    offset: int = 0,
) -> tuple[list[Setback], int]:
    """The measure's setbacks, newest first; withdrawn ones only when asked for."""
    base = _date_range(select(Setback).where(Setback.measure_id == measure_id), Setback.occurred_on, since, until)
    if not withdrawn:
        base = base.where(col(Setback.withdrawn_at).is_(None))
    if resolved is not None:
        base = base.where(col(Setback.resolved).is_(resolved))
    total = session.exec(select(func.count()).select_from(base.subquery())).one()
    rows = session.exec(
        base.order_by(col(Setback.occurred_on).desc(), col(Setback.id).desc()).offset(offset).limit(limit)
    )
    return list(rows), total
