"""Successes (successen) and setbacks (terugvallen) of a measure."""

from __future__ import annotations

from datetime import date

import msgspec
from msgspec import UNSET, Struct, UnsetType
from sqlalchemy import func
from sqlmodel import Session, col, select

from .errors import Invalid, NotFound
from .fields import Day, Id, Note, Text, clean, not_in_future
from .measures import get_measure
from .models import Condition, Goal, Measure, Setback, Success, User
from .types import utcnow
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
    response: SetbackResponse | UnsetType = UNSET
    response_note: Note | UnsetType = UNSET
    resolved: bool | UnsetType = UNSET
    severity: Severity | UnsetType = UNSET


def _check_date(measure: Measure, day: date) -> None:
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
    return setback


def get_setback(session: Session, setback_id: int) -> Setback:
    setback = session.get(Setback, setback_id)
    if setback is None:
        raise NotFound(f"there is no setback {setback_id}")
    return setback


def update_setback(session: Session, setback_id: int, data: SetbackUpdate) -> Setback:
    setback = get_setback(session, setback_id)
    for name, value in msgspec.structs.asdict(data).items():
        if value is not UNSET:
            setattr(setback, name, clean(value) if isinstance(value, str) else value)
    if setback.resolved and setback.response == SetbackResponse.NONE_YET:
        raise Invalid("say which response was taken before closing the setback")
    setback.updated_at = utcnow()
    session.flush()
    return setback


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
    limit: int = 50,
    offset: int = 0,
) -> tuple[list[Success], int]:
    base = _date_range(select(Success).where(Success.measure_id == measure_id), Success.occurred_on, since, until)
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
    limit: int = 50,
    offset: int = 0,
) -> tuple[list[Setback], int]:
    base = _date_range(select(Setback).where(Setback.measure_id == measure_id), Setback.occurred_on, since, until)
    if resolved is not None:
        base = base.where(col(Setback.resolved).is_(resolved))
    total = session.exec(select(func.count()).select_from(base.subquery())).one()
    rows = session.exec(
        base.order_by(col(Setback.occurred_on).desc(), col(Setback.id).desc()).offset(offset).limit(limit)
    )
    return list(rows), total
