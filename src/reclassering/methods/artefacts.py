"""The records a method asks for (DESIGN §4): worry statements with their success goals, meetings,
interaction patterns and their breaks, and the three houses (mapping sessions: ``mapping``; the Safe Path
coach pair: ``coach_pair``).

Plain functions, session first; nothing here knows HTTP. Dates lie neither in the future nor before the
measure started. Youth-authored records (three houses, pattern breaks) keep the author and their role, so
they are shown as the youth's own words.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from enum import StrEnum
from typing import Annotated

from msgspec import UNSET, Meta, Struct, UnsetType
from sqlalchemy import Select
from sqlmodel import Session, col, select

from ..casefile import goals as goal_ops
from ..casefile.access import register_owner
from ..casefile.errors import Conflict, Invalid, NotFound
from ..casefile.fields import Day, Id, Name, Note, Text, Title, clean, not_in_future
from ..casefile.measures import get_measure
from ..casefile.models import (
    Goal,
    InteractionPattern,
    MappingSession,
    Measure,
    Meeting,
    MethodEnrolment,
    PatternBreak,
    ThreeHouses,
    User,
    WorryStatement,
)
from ..casefile.types import utcnow
from ..casefile.vocab import LifeDomain

SustainWeeks = Annotated[int, Meta(ge=1, le=104)]


class MeetingKind(StrEnum):
    NETWORK_MEETING = "network_meeting"
    INDIVIDUAL_TALK = "individual_talk"
    NETWORK_REVIEW = "network_review"


# --- input ----------------------------------------------------------------------------------------------------


class SuccessGoal(Struct, forbid_unknown_fields=True):
    """A new success goal, created together with the worry statement it answers."""

    title: Title
    life_domain: LifeDomain
    sustain_weeks: SustainWeeks


class WorryStatementCreate(Struct, forbid_unknown_fields=True):
    """Who is worried, about what, what happens if nothing changes; with either ``goal_id`` or ``goal``."""

    who_is_worried: Title
    about_what: Text
    if_nothing_changes: Text
    goal_id: Id | None = None
    goal: SuccessGoal | None = None
    #: The family and the professionals disagree about this worry; the note says how.
    disagreement: bool = False
    disagreement_note: Note = ""


class MeetingCreate(Struct, forbid_unknown_fields=True):
    kind: MeetingKind
    held_on: Day
    participants: Annotated[list[Name], Meta(min_length=1, max_length=50)]
    summary: Text
    outcomes: Note = ""


class PatternCreate(Struct, forbid_unknown_fields=True):
    pattern: Text
    named_on: Day
    #: The strength that breaks the pattern; it may be found later than the pattern itself.
    breaking_strength: Note = ""


class PatternUpdate(Struct, forbid_unknown_fields=True):
    """Name the strength once it is found, reword the pattern, or mark it as no longer at play."""

    pattern: Text | UnsetType = UNSET
    breaking_strength: Note | UnsetType = UNSET
    active: bool | UnsetType = UNSET


class PatternBreakCreate(Struct, forbid_unknown_fields=True):
    pattern_id: Id
    occurred_on: Day
    text: Text


class ThreeHousesCreate(Struct, forbid_unknown_fields=True):
    """The youth writes in the houses or draws them; a drawing stays on paper (no file is stored)."""

    worries: Note = ""
    good_things: Note = ""
    dreams: Note = ""
    drawn_on_paper: bool = False
    #: Where the drawing is kept, or what it shows, in a few words.
    paper_note: Note = ""


# --- results --------------------------------------------------------------------------------------------------


class PairedStatement(Struct):
    statement: WorryStatement
    goal: Goal


class StatementRow(Struct):
    statement: WorryStatement
    goal_title: str | None


class BreakRow(Struct):
    pattern_break: PatternBreak
    pattern: str


# --- checks ---------------------------------------------------------------------------------------------------


def _check_day(measure: Measure, day: date, what: str) -> None:
    not_in_future(day, what)
    if day < measure.start_date:
        raise Invalid(f"{what} ({day.isoformat()}) lies before the measure started ({measure.start_date.isoformat()})")


def _goal_of_measure(session: Session, measure_id: int, goal_id: int) -> Goal:
    goal = session.get(Goal, goal_id)
    if goal is None or goal.measure_id != measure_id:
        raise Invalid(f"goal {goal_id} is not a goal of this measure")
    return goal


# --- worry statements and success goals -----------------------------------------------------------------------


def _statement_text(data: WorryStatementCreate) -> str:
    return f"{clean(data.who_is_worried)}: {clean(data.about_what)} — {clean(data.if_nothing_changes)}"


def record_worry_statement(
    session: Session, actor: User, measure_id: int, data: WorryStatementCreate
) -> PairedStatement:
    """A worry statement paired with the success goal that answers it: an existing goal of the measure
    (``goal_id``) or a new one in the youth's words (``goal``), created in the same step."""
    get_measure(session, measure_id)
    if clean(data.disagreement_note) and not data.disagreement:
        raise Invalid("a disagreement_note needs disagreement: true (or leave the note out)")
    if (data.goal_id is None) == (data.goal is None):
        raise Invalid(
            "pair the worry statement with one success goal: either an existing goal (goal_id) "
            "or a new one (goal: title, life_domain, sustain_weeks), not both"
        )
    if data.goal_id is not None:
        goal = _goal_of_measure(session, measure_id, data.goal_id)
        paired = session.exec(select(WorryStatement.id).where(WorryStatement.goal_id == goal.id)).first()
        if paired is not None:
            raise Conflict(f"goal {goal.id} already answers worry statement {paired}; a goal answers one worry")
        if not goal.worry_statement:
            goal.worry_statement = _statement_text(data)
            goal.updated_at = utcnow()
    else:
        new = data.goal
        assert new is not None
        goal = goal_ops.create_goal(
            session,
            actor,
            measure_id,
            goal_ops.GoalCreate(
                title=new.title,
                life_domain=new.life_domain,
                worry_statement=_statement_text(data),
                sustain_weeks=new.sustain_weeks,
            ),
        )
    statement = WorryStatement(
        measure_id=measure_id,
        who_is_worried=clean(data.who_is_worried),
        about_what=clean(data.about_what),
        if_nothing_changes=clean(data.if_nothing_changes),
        goal_id=goal.id,
        disagreement=data.disagreement,
        disagreement_note=clean(data.disagreement_note),
        author_id=actor.id,
    )
    session.add(statement)
    session.flush()
    return PairedStatement(statement=statement, goal=goal)


def worry_statements(session: Session, measure_id: int) -> list[StatementRow]:
    """Oldest first, each with the title of the goal that answers it (one query)."""
    rows = session.exec(
        select(WorryStatement, Goal.title)
        .outerjoin(Goal, col(Goal.id) == col(WorryStatement.goal_id))
        .where(WorryStatement.measure_id == measure_id)
        .order_by(col(WorryStatement.id))
    )
    return [StatementRow(statement=statement, goal_title=title) for statement, title in rows]


# --- meetings -------------------------------------------------------------------------------------------------


def record_meeting(session: Session, actor: User, measure_id: int, data: MeetingCreate) -> Meeting:
    measure = get_measure(session, measure_id)
    _check_day(measure, data.held_on, "the date of the meeting")
    meeting = Meeting(
        measure_id=measure_id,
        kind=data.kind,
        held_on=data.held_on,
        participants=[clean(p) for p in data.participants],
        summary=clean(data.summary),
        outcomes=clean(data.outcomes),
        author_id=actor.id,
    )
    session.add(meeting)
    session.flush()
    return meeting


def meetings(session: Session, measure_id: int, kind: MeetingKind | None = None) -> list[Meeting]:
    """Newest first; only one kind when ``kind`` is given."""
    stmt = select(Meeting).where(Meeting.measure_id == measure_id)
    if kind is not None:
        stmt = stmt.where(Meeting.kind == kind)
    return list(session.exec(stmt.order_by(col(Meeting.held_on).desc(), col(Meeting.id).desc())))


# --- interaction patterns and their breaks --------------------------------------------------------------------


def name_pattern(session: Session, actor: User, measure_id: int, data: PatternCreate) -> InteractionPattern:
    """A negative interaction pattern, named together, with the strength that breaks it (if found yet)."""
    measure = get_measure(session, measure_id)
    _check_day(measure, data.named_on, "the date the pattern was named")
    pattern = InteractionPattern(
        measure_id=measure_id,
        pattern=clean(data.pattern),
        breaking_strength=clean(data.breaking_strength),
        named_on=data.named_on,
        author_id=actor.id,
    )
    session.add(pattern)
    session.flush()
    return pattern


def update_pattern(session: Session, pattern_id: int, data: PatternUpdate) -> InteractionPattern:
    pattern = session.get(InteractionPattern, pattern_id)
    if pattern is None:
        raise NotFound(f"there is no interaction_pattern {pattern_id}")
    for name in ("pattern", "breaking_strength", "active"):
        value = getattr(data, name)
        if value is not UNSET:
            setattr(pattern, name, clean(value) if isinstance(value, str) else value)
    session.flush()
    return pattern


def patterns(session: Session, measure_id: int) -> list[InteractionPattern]:
    """In the order they were named."""
    return list(
        session.exec(
            select(InteractionPattern)
            .where(InteractionPattern.measure_id == measure_id)
            .order_by(col(InteractionPattern.named_on), col(InteractionPattern.id))
        )
    )


def record_pattern_break(session: Session, actor: User, measure_id: int, data: PatternBreakCreate) -> BreakRow:
    """A moment the old pattern was broken; a youth records their own."""
    measure = get_measure(session, measure_id)
    _check_day(measure, data.occurred_on, "the date of the pattern break")
    pattern = session.get(InteractionPattern, data.pattern_id)
    if pattern is None or pattern.measure_id != measure_id:
        raise Invalid(f"pattern {data.pattern_id} is not a pattern named for this measure")
    if data.occurred_on < pattern.named_on:
        raise Invalid(
            f"the pattern break ({data.occurred_on.isoformat()}) lies before the pattern was named "
            f"({pattern.named_on.isoformat()})"
        )
    row = PatternBreak(
        measure_id=measure_id,
        pattern_id=pattern.id,  # type: ignore[arg-type]
        occurred_on=data.occurred_on,
        text=clean(data.text),
        author_id=actor.id,
        author_role=actor.role,
    )
    session.add(row)
    session.flush()
    return BreakRow(pattern_break=row, pattern=pattern.pattern)


def pattern_breaks(session: Session, measure_id: int) -> list[BreakRow]:
    """Newest first, each with the pattern it broke (one query)."""
    rows = session.exec(
        select(PatternBreak, InteractionPattern.pattern)
        .join(InteractionPattern, col(InteractionPattern.id) == col(PatternBreak.pattern_id))
        .where(PatternBreak.measure_id == measure_id)
        .order_by(col(PatternBreak.occurred_on).desc(), col(PatternBreak.id).desc())
    )
    return [BreakRow(pattern_break=row, pattern=text) for row, text in rows]


# --- the three houses -----------------------------------------------------------------------------------------


def save_three_houses(session: Session, actor: User, measure_id: int, data: ThreeHousesCreate) -> ThreeHouses:
    """A new version of the three houses; the newest is the current one. The author's role is kept, so the
    houses a youth fills in from their own account show as theirs."""
    get_measure(session, measure_id)
    parts = {name: clean(getattr(data, name)) for name in ("worries", "good_things", "dreams")}
    note = clean(data.paper_note)
    if note and not data.drawn_on_paper:
        raise Invalid("a paper_note needs drawn_on_paper: true (or leave the note out)")
    if not any(parts.values()) and not data.drawn_on_paper:
        raise Invalid(
            "fill in at least one of the three houses (worries, good_things or dreams), "
            "or say they were drawn on paper (drawn_on_paper: true)"
        )
    row = ThreeHouses(
        measure_id=measure_id,
        author_id=actor.id,
        author_role=actor.role,
        drawn_on_paper=data.drawn_on_paper,
        paper_note=note,
        **parts,
    )
    session.add(row)
    session.flush()
    return row


def three_houses_history(session: Session, measure_id: int) -> list[ThreeHouses]:
    """Every saved version, newest (the current one) first."""
    return list(
        session.exec(
            select(ThreeHouses)
            .where(ThreeHouses.measure_id == measure_id)
            .order_by(col(ThreeHouses.created_at).desc(), col(ThreeHouses.id).desc())
        )
    )


# --- who owns what (for the access guard) ---------------------------------------------------------------------


def _owner_via_measure(model: type) -> Callable[[int], Select]:
    def statement(object_id: int) -> Select:
        return (
            select(Measure.youth_id)
            .join(model, model.measure_id == Measure.id)  # type: ignore[attr-defined]
            .where(model.id == object_id)  # type: ignore[attr-defined]
        )

    return statement


OWNED_KINDS: dict[str, type] = {
    "method_enrolment": MethodEnrolment,
    "mapping_session": MappingSession,
    "worry_statement": WorryStatement,
    "meeting": Meeting,
    "interaction_pattern": InteractionPattern,
    "pattern_break": PatternBreak,
    "three_houses": ThreeHouses,
}

for _kind, _model in OWNED_KINDS.items():
    register_owner(_kind, _owner_via_measure(_model))
