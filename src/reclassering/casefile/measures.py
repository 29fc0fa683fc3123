"""Measures (maatregelen), their special conditions and how far each condition was complied with."""

from __future__ import annotations

from collections import defaultdict
from datetime import date
from typing import Annotated

import msgspec
from msgspec import UNSET, Meta, Struct, UnsetType
from sqlmodel import Session, col, select

from .errors import Invalid, NotFound
from .fields import ConditionText, Day, Note, ShortNote, clean, not_in_future, today
from .models import Condition, ConditionAssessment, Measure, User
from .types import utcnow
from .vocab import Compliance, ConditionKind, ImposedBy, MeasureKind, MeasureStatus

#: The OM's case number (parketnummer), e.g. 13/123456-26: digits, slashes, dashes and dots.
CaseNumber = Annotated[str, Meta(max_length=40, pattern=r"^[0-9A-Za-z./\- ]*$")]


class ConditionCreate(Struct, forbid_unknown_fields=True):
    text: ConditionText
    #: A general condition (algemene voorwaarde) or a special one (bijzondere voorwaarde).
    kind: ConditionKind = ConditionKind.SPECIAL


class ConditionUpdate(Struct, forbid_unknown_fields=True):
    text: ConditionText | UnsetType = UNSET
    active: bool | UnsetType = UNSET
    kind: ConditionKind | UnsetType = UNSET


class AssessmentCreate(Struct, forbid_unknown_fields=True):
    assessed_on: Day
    compliance: Compliance
    note: Note = ""


class MeasureCreate(Struct, forbid_unknown_fields=True):
    kind: MeasureKind
    imposed_by: ImposedBy
    start_date: Day
    planned_end: Day
    legal_basis: ShortNote = ""
    conditions: Annotated[list[ConditionCreate], Meta(max_length=30)] = []
    case_number: CaseNumber = ""
    #: The end of the probation time (proeftijd), where the frame has one.
    probation_end: Day | None = None
    #: The index offence in plain words.
    index_offence: Note = ""


class MeasureUpdate(Struct, forbid_unknown_fields=True):
    legal_basis: ShortNote | UnsetType = UNSET
    planned_end: Day | UnsetType = UNSET
    status: MeasureStatus | UnsetType = UNSET
    ended_on: Day | UnsetType | None = UNSET
    case_number: CaseNumber | UnsetType = UNSET
    probation_end: Day | UnsetType | None = UNSET
    index_offence: Note | UnsetType = UNSET


class MeasureDetail(Struct):
    measure: Measure
    conditions: list[Condition]
    assessments: dict[int, list[ConditionAssessment]]


def _check_period(start: date, end: date) -> None:
    if end < start:
        raise Invalid(f"the planned end ({end.isoformat()}) lies before the start ({start.isoformat()})")


def _check_probation(start: date, probation_end: date | None) -> None:
    if probation_end is not None and probation_end < start:
        raise Invalid(
            f"the probation time cannot end ({probation_end.isoformat()}) before the measure started "
            f"({start.isoformat()})"
        )


def create_measure(session: Session, youth_id: int, data: MeasureCreate) -> Measure:
    _check_period(data.start_date, data.planned_end)
    _check_probation(data.start_date, data.probation_end)
    measure = Measure(
        youth_id=youth_id,
        kind=data.kind,
        imposed_by=data.imposed_by,
        legal_basis=clean(data.legal_basis),
        start_date=data.start_date,
        planned_end=data.planned_end,
        case_number=clean(data.case_number),
        probation_end=data.probation_end,
        index_offence=clean(data.index_offence),
    )
    session.add(measure)
    session.flush()
    for condition in data.conditions:
        session.add(Condition(measure_id=measure.id, text=clean(condition.text), kind=condition.kind))  # type: ignore[arg-type]
    session.flush()
    return measure


def get_measure(session: Session, measure_id: int) -> Measure:
    measure = session.get(Measure, measure_id)
    if measure is None:
        raise NotFound(f"there is no measure {measure_id}")
    return measure


def update_measure(session: Session, measure_id: int, data: MeasureUpdate) -> Measure:
    measure = get_measure(session, measure_id)
    if data.planned_end is not UNSET:
        _check_period(measure.start_date, data.planned_end)
    if data.probation_end not in (UNSET, None):
        _check_probation(measure.start_date, data.probation_end)  # type: ignore[arg-type]
    if data.ended_on not in (UNSET, None):
        if data.ended_on < measure.start_date:  # type: ignore[operator]
            raise Invalid("a measure cannot end before it started")
        not_in_future(data.ended_on, "the end date")  # type: ignore[arg-type]
    for name, value in msgspec.structs.asdict(data).items():
        if value is not UNSET:
            setattr(measure, name, clean(value) if isinstance(value, str) else value)
    if measure.status != MeasureStatus.ACTIVE and measure.ended_on is None:
        measure.ended_on = min(today(), measure.planned_end)
    measure.updated_at = utcnow()
    session.flush()
    return measure


def measures_of(session: Session, youth_id: int, status: MeasureStatus | None = None) -> list[Measure]:
    stmt = select(Measure).where(Measure.youth_id == youth_id)
    if status is not None:
        stmt = stmt.where(Measure.status == status)
    return list(session.exec(stmt.order_by(col(Measure.start_date).desc(), col(Measure.id))))


def conditions_of(
    session: Session, measure_ids: list[int]
) -> tuple[list[Condition], dict[int, list[ConditionAssessment]]]:
    """The conditions of these measures and each condition's assessments, oldest first (two queries)."""
    if not measure_ids:
        return [], {}
    conditions = list(
        session.exec(select(Condition).where(col(Condition.measure_id).in_(measure_ids)).order_by(col(Condition.id)))
    )
    assessments: dict[int, list[ConditionAssessment]] = defaultdict(list)
    if conditions:
        for row in session.exec(
            select(ConditionAssessment)
            .where(col(ConditionAssessment.condition_id).in_([c.id for c in conditions]))
            .order_by(col(ConditionAssessment.assessed_on), col(ConditionAssessment.id))
        ):
            assessments[row.condition_id].append(row)
    return conditions, dict(assessments)


def measure_detail(session: Session, measure_id: int) -> MeasureDetail:
    measure = get_measure(session, measure_id)
    conditions, assessments = conditions_of(session, [measure_id])
    return MeasureDetail(measure=measure, conditions=conditions, assessments=assessments)


def add_condition(session: Session, measure_id: int, data: ConditionCreate) -> Condition:
    get_measure(session, measure_id)
    condition = Condition(measure_id=measure_id, text=clean(data.text), kind=data.kind)
    session.add(condition)
    session.flush()
    return condition


def get_condition(session: Session, condition_id: int) -> Condition:
    condition = session.get(Condition, condition_id)
    if condition is None:
        raise NotFound(f"there is no condition {condition_id}")
    return condition


def update_condition(session: Session, condition_id: int, data: ConditionUpdate) -> Condition:
    condition = get_condition(session, condition_id)
    for name, value in msgspec.structs.asdict(data).items():
        if value is not UNSET:
            setattr(condition, name, clean(value) if isinstance(value, str) else value)
    session.flush()
    return condition


def assess_condition(session: Session, actor: User, condition_id: int, data: AssessmentCreate) -> ConditionAssessment:
    condition = get_condition(session, condition_id)
    measure = get_measure(session, condition.measure_id)
    not_in_future(data.assessed_on, "the assessment date")
    if data.assessed_on < measure.start_date:
        raise Invalid("a condition cannot be assessed before its measure started")
    row = ConditionAssessment(
        condition_id=condition_id,
        assessed_on=data.assessed_on,
        compliance=data.compliance,
        judged_by_id=actor.id,  # type: ignore[arg-type]
        note=clean(data.note),
    )
    session.add(row)
    session.flush()
    return row


def current_measure(session: Session, youth_id: int) -> Measure | None:
    """The youth's measure that matters now: the latest active one, else the latest one."""
    return session.exec(
        select(Measure)
        .where(Measure.youth_id == youth_id)
        .order_by(col(Measure.status) != MeasureStatus.ACTIVE, col(Measure.start_date).desc(), col(Measure.id).desc())
    ).first()
