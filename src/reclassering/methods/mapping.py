"""Signs of Success mapping, whole (DESIGN §4): a mapping session or a review with the harm, the danger
statement, worries and complicating factors, what is working well (existing strengths) and existing safety,
next steps, and every participant's answer to the overall judgement scale (0-10; charted by
``reports.judgement``).

The phase whose ``mapping_session`` requirement asks for a danger statement refuses a session without one, with
a message naming the phase.
"""

from __future__ import annotations

from enum import StrEnum
from typing import Annotated

from msgspec import Meta, Struct
from sqlmodel import Session, col, select

from ..casefile.errors import Invalid
from ..casefile.fields import Day, Name, Note, ScaleValue, Text, clean, not_in_future
from ..casefile.measures import get_measure
from ..casefile.models import MappingSession, User
from .definition_schema import MethodLookupError, Phase, Translated
from .registry import MethodRegistry
from .workflow import find_enrolment


class SessionKind(StrEnum):
    """A first mapping, or a review that maps again later on (with the network)."""

    MAPPING = "mapping"
    REVIEW = "review"


class Participant(Struct, forbid_unknown_fields=True):
    name: Name
    #: How the participant relates to the youth, in plain words ("moeder", "jongere", "mentor").
    role: Name
    #: Their answer to the overall judgement scale (0-10); None when they gave none.
    score: ScaleValue | None = None


class MappingSessionCreate(Struct, forbid_unknown_fields=True, kw_only=True):
    held_on: Day
    participants: Annotated[list[Participant], Meta(min_length=1, max_length=30)]
    worries: Text
    working_well: Text
    next_steps: Text
    kind: SessionKind = SessionKind.MAPPING
    #: What happened: the harm that led to the measure.
    harm: Note = ""
    #: What could happen if nothing changes; required in the phase that asks for it.
    danger_statement: Note = ""
    complicating_factors: Note = ""
    existing_safety: Note = ""


def danger_statement_phase(session: Session, measure_id: int, registry: MethodRegistry) -> Phase | None:
    """The measure's current phase when it refuses a mapping session without a danger statement; else None."""
    enrolment = find_enrolment(session, measure_id)
    if enrolment is None or enrolment.closed_at is not None or enrolment.method_id not in registry:
        return None
    method = registry.get(enrolment.method_id)
    try:
        return method.phase(enrolment.current_phase) if method.danger_statement_phase(enrolment.current_phase) else None
    except MethodLookupError:
        return None


def _check_danger_statement(
    session: Session, measure_id: int, data: MappingSessionCreate, registry: MethodRegistry
) -> None:
    if clean(data.danger_statement):
        return
    phase = danger_statement_phase(session, measure_id, registry)
    if phase is not None:
        method = registry.get(_method_id(session, measure_id))
        raise Invalid(
            f'the phase "{phase.name.en}" ({phase.id}) of {method.name.en} asks for a danger statement: '
            "write what could happen if nothing changes (danger_statement)"
        )


def _method_id(session: Session, measure_id: int) -> str:
    enrolment = find_enrolment(session, measure_id)
    return enrolment.method_id if enrolment is not None else ""


def record_mapping_session(
    session: Session, actor: User, measure_id: int, data: MappingSessionCreate, registry: MethodRegistry
) -> MappingSession:
    """The harm, the danger statement, worries, complicating factors, what is working well, existing safety,
    next steps, and each participant's answer to the judgement scale."""
    measure = get_measure(session, measure_id)
    not_in_future(data.held_on, "the date of the mapping session")
    if data.held_on < measure.start_date:
        raise Invalid(
            f"the date of the mapping session ({data.held_on.isoformat()}) lies before the measure started "
            f"({measure.start_date.isoformat()})"
        )
    _check_danger_statement(session, measure_id, data, registry)
    row = MappingSession(
        measure_id=measure_id,
        held_on=data.held_on,
        kind=data.kind,
        participants=[{"name": clean(p.name), "role": clean(p.role), "score": p.score} for p in data.participants],
        harm=clean(data.harm),
        danger_statement=clean(data.danger_statement),
        complicating_factors=clean(data.complicating_factors),
        existing_safety=clean(data.existing_safety),
        worries=clean(data.worries),
        working_well=clean(data.working_well),
        next_steps=clean(data.next_steps),
        author_id=actor.id,
    )
    session.add(row)
    session.flush()
    return row


def mapping_sessions(session: Session, measure_id: int) -> list[MappingSession]:
    """Newest first."""
    return list(
        session.exec(
            select(MappingSession)
            .where(MappingSession.measure_id == measure_id)
            .order_by(col(MappingSession.held_on).desc(), col(MappingSession.id).desc())
        )
    )


def judgement_question(session: Session, measure_id: int, registry: MethodRegistry) -> Translated | None:
    """The judgement scale's question of the measure's method (Dutch and English); None without one."""
    enrolment = find_enrolment(session, measure_id)
    if enrolment is None or enrolment.method_id not in registry:
        return None
    return registry.get(enrolment.method_id).judgement_question
