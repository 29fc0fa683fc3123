"""A youth's record: the youth, their network, measures with conditions, goals, weekly check-ins and scores, successes
and setbacks with their history."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from sqlalchemy import JSON, CheckConstraint, Column, Index, String, Text, UniqueConstraint
from sqlmodel import Field, SQLModel

from ..types import UTCDateTime
from .columns import _code, _ts


class Youth(SQLModel, table=True):
    id: int | None = Field(default=None, primary_key=True)
    #: Pseudonymous display name (first name and initial), never a full legal name.
    display_name: str = Field(sa_type=String(120))
    birth_year: int
    user_id: int | None = Field(default=None, foreign_key="app_user.id", unique=True, nullable=True)
    worker_id: int = Field(foreign_key="app_user.id", index=True)
    team_id: int = Field(foreign_key="team.id", index=True)
    created_at: datetime = _ts()
    updated_at: datetime = _ts()


class NetworkMember(SQLModel, table=True):
    __tablename__ = "network_member"

    id: int | None = Field(default=None, primary_key=True)
    youth_id: int = Field(foreign_key="youth.id", index=True, ondelete="CASCADE")
    name: str = Field(sa_type=String(120))
    role: str = _code()
    contact: str = Field(default="", sa_type=String(200))
    trusted_by_youth: bool = True
    #: Trained in the method the youth's measure follows (Safe Path: the network members form the team).
    #: The Safe Path coach pair is two professionals, not network members: see ``models.coaches``.
    trained_in_method: bool = False
    created_at: datetime = _ts()


class Measure(SQLModel, table=True):
    __table_args__ = (CheckConstraint("planned_end >= start_date", name="ck_measure_dates"),)

    id: int | None = Field(default=None, primary_key=True)
    youth_id: int = Field(foreign_key="youth.id", index=True, ondelete="CASCADE")
    kind: str = _code()
    legal_basis: str = Field(default="", sa_type=String(300))
    imposed_by: str = _code()
    start_date: date
    planned_end: date
    ended_on: date | None = None
    status: str = _code("active", index=True)
    #: The public prosecutor's case number (parketnummer), where there is one.
    case_number: str = Field(default="", sa_type=String(40), sa_column_kwargs={"server_default": ""})
    #: The end of the probation time (proeftijd), where the frame has one.
    probation_end: date | None = None
    #: The index offence in plain words (what the measure is about), as the court or the OM put it.
    index_offence: str = Field(default="", sa_type=Text, sa_column_kwargs={"server_default": ""})
    created_at: datetime = _ts()
    updated_at: datetime = _ts()


class Condition(SQLModel, table=True):
    """A condition of a measure: a general one (algemene voorwaarde) or a special one (bijzondere voorwaarde)."""

    id: int | None = Field(default=None, primary_key=True)
    measure_id: int = Field(foreign_key="measure.id", index=True, ondelete="CASCADE")
    text: str = Field(sa_type=String(500))
    #: "general" or "special" (vocab.ConditionKind).
    kind: str = Field(default="special", sa_type=String(32), sa_column_kwargs={"server_default": "special"})
    active: bool = True
    created_at: datetime = _ts()


class ConditionAssessment(SQLModel, table=True):
    """A judgement of how far a condition was complied with, on a date, by a person."""

    __tablename__ = "condition_assessment"

    id: int | None = Field(default=None, primary_key=True)
    condition_id: int = Field(foreign_key="condition.id", index=True, ondelete="CASCADE")
    assessed_on: date
    compliance: str = _code()
    judged_by_id: int = Field(foreign_key="app_user.id")
    note: str = Field(default="", sa_type=Text)
    created_at: datetime = _ts()


class Goal(SQLModel, table=True):
    __table_args__ = (CheckConstraint("gas_weight > 0", name="ck_goal_gas_weight"),)

    id: int | None = Field(default=None, primary_key=True)
    measure_id: int = Field(foreign_key="measure.id", index=True, ondelete="CASCADE")
    #: The goal in the youth's own words.
    title: str = Field(sa_type=String(300))
    life_domain: str = _code()
    #: The worry statement this goal answers (who is worried about what if nothing changes).
    worry_statement: str = Field(default="", sa_type=Text)
    #: How many weeks the change must last before the goal counts as reached.
    sustain_weeks: int | None = None
    status: str = _code("active")
    #: Goal Attainment Scaling: level ("-2".."2") -> description. Empty when the goal carries no GAS levels.
    gas_levels: dict[str, str] = Field(default_factory=dict, sa_column=Column(JSON, nullable=False))
    gas_weight: float = 1.0
    created_by_id: int | None = Field(default=None, foreign_key="app_user.id")
    created_at: datetime = _ts()
    updated_at: datetime = _ts()


class CheckIn(SQLModel, table=True):
    """The weekly check-in of a measure: one per ISO week."""

    __tablename__ = "check_in"
    __table_args__ = (UniqueConstraint("measure_id", "week", name="uq_check_in_measure_week"),)

    id: int | None = Field(default=None, primary_key=True)
    measure_id: int = Field(foreign_key="measure.id", index=True, ondelete="CASCADE")
    week: str = Field(sa_type=String(8), index=True)
    went_well: str = Field(default="", sa_type=Text)
    worries: str = Field(default="", sa_type=Text)
    next_steps: str = Field(default="", sa_type=Text)
    recorded_by_id: int | None = Field(default=None, foreign_key="app_user.id")
    created_at: datetime = _ts()
    updated_at: datetime = _ts()


class Score(SQLModel, table=True):
    """A 0-10 scale score of one goal by one rater in one weekly check-in."""

    __table_args__ = (
        UniqueConstraint("check_in_id", "goal_id", "rater_key", name="uq_score_rater"),
        # Covers the data version's aggregate of a measure's scores (count, latest change, highest id), so it
        # reads the index alone; lookups by check-in use it (or the unique constraint) by its first column.
        Index("ix_score_check_in_recorded", "check_in_id", "recorded_at", "id"),
        CheckConstraint("value >= 0 AND value <= 10", name="ck_score_value"),
        CheckConstraint("gas_level IS NULL OR (gas_level >= -2 AND gas_level <= 2)", name="ck_score_gas"),
    )

    id: int | None = Field(default=None, primary_key=True)
    check_in_id: int = Field(foreign_key="check_in.id", ondelete="CASCADE")
    goal_id: int = Field(foreign_key="goal.id", index=True, ondelete="CASCADE")
    rater_kind: str = _code()
    #: "youth", "worker" or "network:<member id>": one score per goal per rater per week.
    rater_key: str = Field(sa_type=String(40))
    rater_user_id: int | None = Field(default=None, foreign_key="app_user.id")
    network_member_id: int | None = Field(default=None, foreign_key="network_member.id", ondelete="SET NULL")
    value: int
    gas_level: int | None = None
    #: The role of who entered the score: a youth's own entry is shown as such.
    author_role: str = Field(default="", sa_type=String(32))
    recorded_at: datetime = _ts()


class Success(SQLModel, table=True):
    id: int | None = Field(default=None, primary_key=True)
    measure_id: int = Field(foreign_key="measure.id", index=True, ondelete="CASCADE")
    occurred_on: date
    goal_id: int | None = Field(default=None, foreign_key="goal.id", ondelete="SET NULL")
    text: str = Field(sa_type=Text)
    #: Who noticed it: youth, worker or network.
    noticed_by: str = _code()
    author_id: int | None = Field(default=None, foreign_key="app_user.id")
    author_role: str = _code()
    #: The network member who noticed it, when they wrote it down themselves (through their link).
    network_member_id: int | None = Field(default=None, foreign_key="network_member.id", ondelete="SET NULL")
    created_at: datetime = _ts()
    # Corrected or withdrawn by staff: earlier versions are kept in ``event_revision``.
    updated_at: datetime = _ts()
    withdrawn_at: datetime | None = Field(default=None, sa_type=UTCDateTime, nullable=True)
    withdrawn_by_id: int | None = Field(default=None, foreign_key="app_user.id")
    withdrawal_reason: str = Field(default="", sa_type=Text)


class Setback(SQLModel, table=True):
    id: int | None = Field(default=None, primary_key=True)
    measure_id: int = Field(foreign_key="measure.id", index=True, ondelete="CASCADE")
    occurred_on: date
    kind: str = _code()
    severity: str = _code()
    condition_id: int | None = Field(default=None, foreign_key="condition.id", ondelete="SET NULL")
    text: str = Field(sa_type=Text)
    response: str = _code("none_yet")
    response_note: str = Field(default="", sa_type=Text)
    #: Open until the response has been taken and the worker closes it.
    resolved: bool = False
    #: For a new suspicion: where it stands now (vocab.SuspicionStatus); its history is in suspicion_status_change.
    suspicion_status: str | None = Field(default=None, sa_type=String(32), nullable=True)
    author_id: int | None = Field(default=None, foreign_key="app_user.id")
    created_at: datetime = _ts()
    updated_at: datetime = _ts()
    # Withdrawn by staff: gone from progress, charts and counts, kept in the export and the history.
    withdrawn_at: datetime | None = Field(default=None, sa_type=UTCDateTime, nullable=True)
    withdrawn_by_id: int | None = Field(default=None, foreign_key="app_user.id")
    withdrawal_reason: str = Field(default="", sa_type=Text)


class EventRevision(SQLModel, table=True):
    """An earlier version of a success or setback, kept when staff correct or withdraw it."""

    __tablename__ = "event_revision"
    __table_args__ = (Index("ix_event_revision_object", "object_type", "object_id"),)

    id: int | None = Field(default=None, primary_key=True)
    measure_id: int = Field(foreign_key="measure.id", index=True, ondelete="CASCADE")
    #: "success" or "setback".
    object_type: str = Field(sa_type=String(16))
    object_id: int
    #: "corrected" or "withdrawn".
    change: str = Field(sa_type=String(16))
    #: What the success or setback said before the change.
    before: dict[str, Any] = Field(sa_column=Column(JSON, nullable=False))
    reason: str = Field(default="", sa_type=Text)
    changed_by_id: int | None = Field(default=None, foreign_key="app_user.id")
    changed_at: datetime = _ts()
