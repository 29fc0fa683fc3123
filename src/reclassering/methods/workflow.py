"""Where a measure stands in its method, and what moves it on (DESIGN §4).

A measure follows one method (``enrol``). Each phase asks for records (a mapping session, a network
meeting, four weekly check-ins …); ``status`` counts them, one COUNT query per requirement, and ``advance``
moves the measure to the next phase only when every requirement of the current phase is met. Advancing
from the final phase closes the enrolment; nothing comes after that. Every step is kept as a
``PhaseTransition``: from "" when the measure is enrolled, to "" when the enrolment closes.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from enum import StrEnum
from typing import Annotated, NamedTuple

from msgspec import Meta, Struct
from sqlalchemy import ColumnElement, func
from sqlmodel import Session, col, select

from ..casefile.errors import Conflict, Invalid, NotFound
from ..casefile.fields import Text, clean
from ..casefile.measures import get_measure
from ..casefile.models import (
    CheckIn,
    InteractionPattern,
    MappingSession,
    Measure,
    Meeting,
    MethodEnrolment,
    NetworkMember,
    PhaseTransition,
    User,
    WorryStatement,
)
from ..casefile.models.coaches import Coach, CoachPair
from ..casefile.types import day_of, utcnow
from ..casefile.vocab import MeasureStatus
from ..casefile.weeks import week_of
from .definition_schema import (
    Audience,
    MethodDefinition,
    MethodLookupError,
    Phase,
    Prompt,
    Requirement,
    RequirementKind,
    Translated,
    YouthTool,
)
from .registry import MethodRegistry

#: The coach pair is met with exactly this many professional coaches.
COACHES_IN_A_PAIR = 2
#: ``PhaseTransition.from_phase`` of the enrolment and ``to_phase`` of the closing step.
OUTSIDE = ""

Kind = RequirementKind


class Locale(StrEnum):
    NL = "nl"
    EN = "en"


class PhaseState(StrEnum):
    DONE = "done"
    CURRENT = "current"
    TODO = "todo"


class EnrolmentCreate(Struct, forbid_unknown_fields=True):
    method_id: Annotated[str, Meta(min_length=1, max_length=64)]


class ClosingSummaryWrite(Struct, forbid_unknown_fields=True):
    text: Text


class TransitionNote(Struct, forbid_unknown_fields=True):
    note: Annotated[str, Meta(max_length=4000)] = ""


class RequirementCheck(Struct, frozen=True):
    """One requirement of the current phase, checked against the stored records."""

    kind: RequirementKind
    met: bool
    have: int
    need: int
    description: Translated
    #: The phase from whose start records count; None means over the whole measure.
    counted_from: str | None


class PhaseStep(Struct, frozen=True):
    phase: Phase
    state: PhaseState
    entered_at: datetime | None


class EnrolmentStatus(Struct):
    enrolment: MethodEnrolment
    method: MethodDefinition
    phase: Phase
    phases: list[PhaseStep]
    #: The current phase's requirements; empty once the enrolment is closed.
    requirements: list[RequirementCheck]
    youth_tools: tuple[YouthTool, ...]
    weekly_prompts: tuple[Prompt, ...]
    history: list[PhaseTransition]

    @property
    def closed(self) -> bool:
        return self.enrolment.closed_at is not None

    @property
    def can_advance(self) -> bool:
        return not self.closed and all(r.met for r in self.requirements)


class LocalPrompt(Struct, frozen=True):
    """A weekly check-in question in one language."""

    id: str
    audience: Audience
    text: str


class WeeklyPrompts(Struct, frozen=True):
    method_id: str
    phase_id: str
    closed: bool
    audience: Audience
    locale: Locale
    prompts: list[LocalPrompt]


class RequirementsUnmet(Invalid):
    """The current phase still misses records; ``missing`` says which."""

    def __init__(self, method: MethodDefinition, phase: Phase, missing: list[RequirementCheck]) -> None:
        listed = "; ".join(_missing_text(method, check) for check in missing)
        super().__init__(f'the phase "{phase.name.en}" is not finished yet; still missing: {listed}')
        self.missing = missing


# --- English labels for the refusal message (the status gives the definitions' nl/en descriptions) ------------

_LABELS: dict[RequirementKind, str] = {
    Kind.NETWORK_MEMBERS: "network members",
    Kind.COACH_PAIR: "professional coaches in the coach pair",
    Kind.MAPPING_SESSION: "mapping sessions",
    Kind.WORRY_STATEMENT_GOAL: "worry statements paired with a success goal",
    Kind.NETWORK_MEETING: "network meetings",
    Kind.INDIVIDUAL_TALK: "individual talks",
    Kind.NETWORK_REVIEW: "reviews with the network",
    Kind.PATTERN_NAMED: "interaction patterns named with a strength that breaks them",
    Kind.CHECK_INS: "weekly check-ins",
    Kind.CLOSING_SUMMARY: "closing summary",
}


def _missing_text(method: MethodDefinition, check: RequirementCheck) -> str:
    since = f' since the phase "{method.phase(check.counted_from).name.en}" began' if check.counted_from else ""
    return f"{_LABELS[check.kind]}{since}: {check.have} of {check.need} ({check.description.en})"


# --- enrolment ------------------------------------------------------------------------------------------------


def find_enrolment(session: Session, measure_id: int) -> MethodEnrolment | None:
    return session.exec(select(MethodEnrolment).where(MethodEnrolment.measure_id == measure_id)).first()


def get_enrolment(session: Session, measure_id: int) -> MethodEnrolment:
    enrolment = find_enrolment(session, measure_id)
    if enrolment is None:
        raise NotFound(f"measure {measure_id} follows no method yet; enrol it first")
    return enrolment


def _method_of(registry: MethodRegistry, enrolment: MethodEnrolment) -> tuple[MethodDefinition, Phase]:
    """The enrolment's method and current phase; a definition that no longer has them is a clear conflict."""
    try:
        method = registry.get(enrolment.method_id)
        return method, method.phase(enrolment.current_phase)
    except MethodLookupError as exc:
        raise Conflict(f"this measure follows a method definition that is no longer loaded: {exc}") from None


def enrol(
    session: Session, actor: User, measure_id: int, method_id: str, registry: MethodRegistry
) -> tuple[MethodEnrolment, bool]:
    """Let the measure follow ``method_id``, starting in its first phase. Returns the enrolment and whether it
    is new: enrolling again in the same method changes nothing; another method is refused."""
    measure = get_measure(session, measure_id)
    try:
        method = registry.get(method_id)
    except MethodLookupError as exc:
        raise Invalid(str(exc)) from None
    existing = find_enrolment(session, measure_id)
    if existing is not None:
        if existing.method_id == method.id:
            return existing, False
        raise Conflict(f'measure {measure_id} already follows "{existing.method_id}"; a measure follows one method')
    if measure.status != MeasureStatus.ACTIVE:
        raise Invalid(f"measure {measure_id} has ended ({measure.status}); only an active measure follows a method")
    now = utcnow()
    enrolment = MethodEnrolment(
        measure_id=measure_id,
        method_id=method.id,
        method_version=method.version,
        current_phase=method.first_phase.id,
        phase_entered_at=now,
        enrolled_at=now,
    )
    session.add(enrolment)
    session.flush()
    session.add(
        PhaseTransition(
            enrolment_id=enrolment.id,  # type: ignore[arg-type]
            from_phase=OUTSIDE,
            to_phase=method.first_phase.id,
            at=now,
            by_user_id=actor.id,
        )
    )
    session.flush()
    return enrolment, True


def write_closing_summary(session: Session, measure_id: int, data: ClosingSummaryWrite) -> MethodEnrolment:
    """What was achieved and who keeps supporting the youth; can be drafted in any phase until closure."""
    enrolment = get_enrolment(session, measure_id)
    if enrolment.closed_at is not None:
        raise Conflict(f"the enrolment closed on {day_of(enrolment.closed_at).isoformat()}; its summary stays as it is")
    enrolment.closing_summary = clean(data.text)
    session.flush()
    return enrolment


# --- counting requirements ------------------------------------------------------------------------------------


def _history(session: Session, enrolment: MethodEnrolment) -> list[PhaseTransition]:
    return list(
        session.exec(
            select(PhaseTransition)
            .where(PhaseTransition.enrolment_id == enrolment.id)
            .order_by(col(PhaseTransition.at), col(PhaseTransition.id))
        )
    )


def _entered(history: list[PhaseTransition]) -> dict[str, datetime]:
    """When each phase was (last) entered."""
    return {t.to_phase: t.at for t in history if t.to_phase != OUTSIDE}


def _youth_of(measure_id: int) -> ColumnElement[int]:
    return select(Measure.youth_id).where(Measure.id == measure_id).scalar_subquery()


class _Source(NamedTuple):
    """Where a requirement kind's records live: the table, which rows match, and from when they count."""

    model: type
    where: Callable[[int], list[ColumnElement[bool]]]
    since: Callable[[datetime], ColumnElement[bool]] | None


def _meetings(kind: RequirementKind) -> _Source:
    return _Source(
        Meeting,
        lambda m: [Meeting.measure_id == m, Meeting.kind == str(kind)],
        lambda t: col(Meeting.held_on) >= day_of(t),
    )


#: Kinds that describe how things stand now rather than records made, so they never count from a phase.
_STATES = frozenset({Kind.COACH_PAIR, Kind.CLOSING_SUMMARY})

#: Every kind but the closing summary, which is a field of the enrolment itself.
_SOURCES: dict[RequirementKind, _Source] = {
    Kind.NETWORK_MEMBERS: _Source(
        NetworkMember, lambda m: [NetworkMember.youth_id == _youth_of(m)], lambda t: col(NetworkMember.created_at) >= t
    ),
    Kind.COACH_PAIR: _Source(
        Coach, lambda m: [col(Coach.pair_id).in_(select(CoachPair.id).where(CoachPair.measure_id == m))], None
    ),
    Kind.MAPPING_SESSION: _Source(
        MappingSession, lambda m: [MappingSession.measure_id == m], lambda t: col(MappingSession.held_on) >= day_of(t)
    ),
    Kind.WORRY_STATEMENT_GOAL: _Source(
        WorryStatement,
        lambda m: [WorryStatement.measure_id == m, col(WorryStatement.goal_id).is_not(None)],
        lambda t: col(WorryStatement.created_at) >= t,
    ),
    Kind.NETWORK_MEETING: _meetings(Kind.NETWORK_MEETING),
    Kind.INDIVIDUAL_TALK: _meetings(Kind.INDIVIDUAL_TALK),
    Kind.NETWORK_REVIEW: _meetings(Kind.NETWORK_REVIEW),
    Kind.PATTERN_NAMED: _Source(
        InteractionPattern,
        lambda m: [InteractionPattern.measure_id == m, InteractionPattern.breaking_strength != ""],
        lambda t: col(InteractionPattern.named_on) >= day_of(t),
    ),
    Kind.CHECK_INS: _Source(
        CheckIn, lambda m: [CheckIn.measure_id == m], lambda t: col(CheckIn.week) >= week_of(day_of(t))
    ),
}


def count_records(
    session: Session,
    kind: RequirementKind,
    measure_id: int,
    since: datetime | None = None,
    *,
    with_danger_statement: bool = False,
) -> int:
    """How many records of ``kind`` the measure has (from ``since`` on, when given): one COUNT query.
    ``with_danger_statement`` counts only mapping sessions that carry one."""
    source = _SOURCES[kind]
    where = source.where(measure_id)
    if since is not None and source.since is not None:
        where.append(source.since(since))
    if with_danger_statement and kind is Kind.MAPPING_SESSION:
        where.append(MappingSession.danger_statement != "")
    return session.exec(select(func.count()).select_from(source.model).where(*where)).one()


def check_requirements(
    session: Session, enrolment: MethodEnrolment, phase: Phase, history: list[PhaseTransition]
) -> list[RequirementCheck]:
    """Each requirement of ``phase`` against the stored records: one COUNT query per requirement (the
    closing summary is read from the enrolment itself)."""
    entered = _entered(history)
    return [_check(session, enrolment, phase, requirement, entered) for requirement in phase.requires]


def _check(
    session: Session,
    enrolment: MethodEnrolment,
    phase: Phase,
    requirement: Requirement,
    entered: dict[str, datetime],
) -> RequirementCheck:
    kind = requirement.kind
    counted_from = None if kind in _STATES else requirement.counted_from(phase.id)
    if kind is Kind.CLOSING_SUMMARY:
        have, need = int(bool(enrolment.closing_summary.strip())), 1
    else:
        since = entered.get(counted_from, enrolment.enrolled_at) if counted_from else None
        have = count_records(
            session, kind, enrolment.measure_id, since, with_danger_statement=requirement.with_danger_statement
        )
        need = COACHES_IN_A_PAIR if kind is Kind.COACH_PAIR else requirement.count
    met = have == need if kind is Kind.COACH_PAIR else have >= need
    return RequirementCheck(
        kind=kind, met=met, have=have, need=need, description=requirement.description, counted_from=counted_from
    )


# --- status and moving on -------------------------------------------------------------------------------------


def _steps(method: MethodDefinition, enrolment: MethodEnrolment, history: list[PhaseTransition]) -> list[PhaseStep]:
    entered = _entered(history)
    current = method.phase_index(enrolment.current_phase)
    closed = enrolment.closed_at is not None

    def state(index: int) -> PhaseState:
        if index < current or closed:
            return PhaseState.DONE
        return PhaseState.CURRENT if index == current else PhaseState.TODO

    return [PhaseStep(phase=p, state=state(i), entered_at=entered.get(p.id)) for i, p in enumerate(method.phases)]


def status(session: Session, measure_id: int, registry: MethodRegistry) -> EnrolmentStatus:
    """The method, the phases done / current / to do, and what the current phase still asks for."""
    enrolment = get_enrolment(session, measure_id)
    return _status(session, enrolment, registry)


def _status(session: Session, enrolment: MethodEnrolment, registry: MethodRegistry) -> EnrolmentStatus:
    method, phase = _method_of(registry, enrolment)
    history = _history(session, enrolment)
    closed = enrolment.closed_at is not None
    return EnrolmentStatus(
        enrolment=enrolment,
        method=method,
        phase=phase,
        phases=_steps(method, enrolment, history),
        requirements=[] if closed else check_requirements(session, enrolment, phase, history),
        youth_tools=() if closed else method.youth_tools_for(phase.id),
        weekly_prompts=() if closed else method.weekly_prompts_for(phase.id),
        history=history,
    )


def advance(
    session: Session, actor: User, measure_id: int, registry: MethodRegistry, note: str = ""
) -> EnrolmentStatus:
    """Move to the next phase when every requirement of the current one is met; from the final phase this
    closes the enrolment. Raises ``RequirementsUnmet`` naming what is missing, ``Conflict`` once closed."""
    enrolment = get_enrolment(session, measure_id)
    if enrolment.closed_at is not None:
        since = day_of(enrolment.closed_at).isoformat()
        raise Conflict(f"the enrolment is closed (since {since}); there is no phase after closure")
    method, phase = _method_of(registry, enrolment)
    history = _history(session, enrolment)
    missing = [check for check in check_requirements(session, enrolment, phase, history) if not check.met]
    if missing:
        raise RequirementsUnmet(method, phase, missing)
    following = method.next_phase(phase.id)
    now = utcnow()
    session.add(
        PhaseTransition(
            enrolment_id=enrolment.id,  # type: ignore[arg-type]
            from_phase=phase.id,
            to_phase=following.id if following else OUTSIDE,
            at=now,
            by_user_id=actor.id,
            note=clean(note),
        )
    )
    if following is None:
        enrolment.closed_at = now
    else:
        enrolment.current_phase = following.id
        enrolment.phase_entered_at = now
    session.flush()
    return _status(session, enrolment, registry)


# --- weekly prompts -------------------------------------------------------------------------------------------


def weekly_prompts(
    session: Session, measure_id: int, registry: MethodRegistry, audience: Audience, locale: Locale
) -> WeeklyPrompts:
    """The questions the weekly check-in asks ``audience`` in the current phase, in ``locale``: what went well,
    which success was noticed, where on the scale and what one step higher would look like. None once the
    enrolment is closed."""
    enrolment = get_enrolment(session, measure_id)
    method, phase = _method_of(registry, enrolment)
    closed = enrolment.closed_at is not None
    prompts = [
        LocalPrompt(id=p.id, audience=p.audience, text=p.text.get(locale))
        for p in method.weekly_prompts_for(phase.id, audience)
    ]
    return WeeklyPrompts(
        method_id=method.id,
        phase_id=phase.id,
        closed=closed,
        audience=audience,
        locale=locale,
        prompts=[] if closed else prompts,
    )
