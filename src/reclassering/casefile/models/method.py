"""The methods' records: enrolment and phases, mapping sessions, worry statements, meetings, patterns and their breaks,
the three houses."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from sqlalchemy import JSON, Column, String, Text
from sqlmodel import Field, SQLModel

from ..types import UTCDateTime
from .columns import _code, _ts


class MethodEnrolment(SQLModel, table=True):
    """The method a measure follows (one per measure) and where it stands."""

    __tablename__ = "method_enrolment"

    id: int | None = Field(default=None, primary_key=True)
    measure_id: int = Field(foreign_key="measure.id", unique=True, ondelete="CASCADE")
    method_id: str = Field(sa_type=String(64))
    method_version: int = 1
    current_phase: str = Field(sa_type=String(64))
    phase_entered_at: datetime = _ts()
    enrolled_at: datetime = _ts()
    closed_at: datetime | None = Field(default=None, sa_type=UTCDateTime, nullable=True)
    closing_summary: str = Field(default="", sa_type=Text)


class PhaseTransition(SQLModel, table=True):
    """One step from a phase to the next: the phase history of an enrolment."""

    __tablename__ = "phase_transition"

    id: int | None = Field(default=None, primary_key=True)
    enrolment_id: int = Field(foreign_key="method_enrolment.id", index=True, ondelete="CASCADE")
    from_phase: str = Field(default="", sa_type=String(64))
    to_phase: str = Field(sa_type=String(64))
    at: datetime = _ts()
    by_user_id: int | None = Field(default=None, foreign_key="app_user.id")
    note: str = Field(default="", sa_type=Text)


class MappingSession(SQLModel, table=True):
    """Signs of Success mapping (or a review): the harm, the danger statement, worries and complicating
    factors, what is working well (existing strengths) and existing safety, next steps, and every participant's
    answer to the overall judgement scale (0-10)."""

    __tablename__ = "mapping_session"

    id: int | None = Field(default=None, primary_key=True)
    measure_id: int = Field(foreign_key="measure.id", index=True, ondelete="CASCADE")
    held_on: date
    #: ``mapping`` or ``review`` (see ``methods.mapping.SessionKind``).
    kind: str = _code("mapping")
    #: [{"name": ..., "role": ..., "score": 0-10 | null}], one entry per participant; the score is their
    #: answer to the method's overall judgement scale question.
    participants: list[dict[str, Any]] = Field(default_factory=list, sa_column=Column(JSON, nullable=False))
    #: What happened (the harm that led to the measure).
    harm: str = Field(default="", sa_type=Text)
    #: What could happen if nothing changes.
    danger_statement: str = Field(default="", sa_type=Text)
    complicating_factors: str = Field(default="", sa_type=Text)
    existing_safety: str = Field(default="", sa_type=Text)
    worries: str = Field(default="", sa_type=Text)
    working_well: str = Field(default="", sa_type=Text)
    next_steps: str = Field(default="", sa_type=Text)
    author_id: int | None = Field(default=None, foreign_key="app_user.id")
    created_at: datetime = _ts()


class WorryStatement(SQLModel, table=True):
    """Who is worried about what, and what happens if nothing changes; answered by one success goal."""

    __tablename__ = "worry_statement"

    id: int | None = Field(default=None, primary_key=True)
    measure_id: int = Field(foreign_key="measure.id", index=True, ondelete="CASCADE")
    who_is_worried: str = Field(sa_type=String(300))
    about_what: str = Field(sa_type=Text)
    if_nothing_changes: str = Field(sa_type=Text)
    goal_id: int | None = Field(default=None, foreign_key="goal.id", unique=True, nullable=True, ondelete="SET NULL")
    #: The family and the professionals disagree about this worry; the note says how, where given.
    disagreement: bool = False
    disagreement_note: str = Field(default="", sa_type=Text)
    author_id: int | None = Field(default=None, foreign_key="app_user.id")
    created_at: datetime = _ts()


class Meeting(SQLModel, table=True):
    """A network meeting, an individual talk or a review with the network, with its outcomes."""

    id: int | None = Field(default=None, primary_key=True)
    measure_id: int = Field(foreign_key="measure.id", index=True, ondelete="CASCADE")
    kind: str = _code()
    held_on: date
    participants: list[str] = Field(default_factory=list, sa_column=Column(JSON, nullable=False))
    summary: str = Field(default="", sa_type=Text)
    outcomes: str = Field(default="", sa_type=Text)
    author_id: int | None = Field(default=None, foreign_key="app_user.id")
    created_at: datetime = _ts()


class InteractionPattern(SQLModel, table=True):
    """Safe Path: a negative interaction pattern, named together, and the strength that breaks it."""

    __tablename__ = "interaction_pattern"

    id: int | None = Field(default=None, primary_key=True)
    measure_id: int = Field(foreign_key="measure.id", index=True, ondelete="CASCADE")
    pattern: str = Field(sa_type=Text)
    breaking_strength: str = Field(sa_type=Text)
    named_on: date
    active: bool = True
    author_id: int | None = Field(default=None, foreign_key="app_user.id")
    created_at: datetime = _ts()


class PatternBreak(SQLModel, table=True):
    """Safe Path: a moment the youth or network broke a named pattern."""

    __tablename__ = "pattern_break"

    id: int | None = Field(default=None, primary_key=True)
    measure_id: int = Field(foreign_key="measure.id", index=True, ondelete="CASCADE")
    pattern_id: int = Field(foreign_key="interaction_pattern.id", index=True, ondelete="CASCADE")
    occurred_on: date
    text: str = Field(sa_type=Text)
    author_id: int | None = Field(default=None, foreign_key="app_user.id")
    author_role: str = _code()
    created_at: datetime = _ts()


class ThreeHouses(SQLModel, table=True):
    """Signs of Success youth tool: the house of worries, of good things and of dreams. Each save is kept."""

    __tablename__ = "three_houses"

    id: int | None = Field(default=None, primary_key=True)
    measure_id: int = Field(foreign_key="measure.id", index=True, ondelete="CASCADE")
    worries: str = Field(default="", sa_type=Text)
    good_things: str = Field(default="", sa_type=Text)
    dreams: str = Field(default="", sa_type=Text)
    #: The youth drew the houses; the drawing stays on paper (no file is stored), the note may say where.
    drawn_on_paper: bool = False
    paper_note: str = Field(default="", sa_type=Text)
    author_id: int | None = Field(default=None, foreign_key="app_user.id")
    author_role: str = _code()
    created_at: datetime = _ts()
