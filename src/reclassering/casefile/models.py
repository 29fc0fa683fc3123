"""SQLModel tables of the domain core (DESIGN §3).

Vocabularies are stored as short strings (see ``vocab``) rather than database enums, so that adding a value
needs no schema migration on PostgreSQL; the edges (msgspec schemas, domain operations) validate them.
Timestamps use ``UTCDateTime``; calendar dates are plain ``date``; weeks are ISO strings ``YYYY-Www``.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from sqlalchemy import JSON, CheckConstraint, Column, Index, String, Text, UniqueConstraint
from sqlmodel import Field, SQLModel

from .types import UTCDateTime, utcnow


def _ts(*, nullable: bool = False, index: bool = False) -> Any:
    return Field(default_factory=utcnow, sa_type=UTCDateTime, nullable=nullable, index=index)


def _code(default: str | None = None, *, length: int = 32, index: bool = False) -> Any:
    return Field(default=default, sa_type=String(length), nullable=False, index=index)


class Team(SQLModel, table=True):
    id: int | None = Field(default=None, primary_key=True)
    name: str = Field(sa_type=String(120), unique=True)
    #: Workers in a sharing team reach each other's youths (a team caseload).
    shares_caseload: bool = False
    created_at: datetime = _ts()


class User(SQLModel, table=True):
    __tablename__ = "app_user"  # "user" is reserved in PostgreSQL

    id: int | None = Field(default=None, primary_key=True)
    username: str = Field(sa_type=String(64), unique=True)
    display_name: str = Field(sa_type=String(120))
    password_hash: str = Field(sa_type=String(255))
    role: str = _code(index=True)
    team_id: int | None = Field(default=None, foreign_key="team.id", index=True)
    active: bool = True
    locale: str = Field(default="nl", sa_type=String(8))
    created_at: datetime = _ts()


class AuthToken(SQLModel, table=True):
    """A login: bearer token or session cookie. Only the SHA-256 of the token is stored."""

    __tablename__ = "auth_token"

    id: int | None = Field(default=None, primary_key=True)
    token_hash: str = Field(sa_type=String(64), unique=True)
    user_id: int = Field(foreign_key="app_user.id", index=True, ondelete="CASCADE")
    created_at: datetime = _ts()
    expires_at: datetime = Field(sa_type=UTCDateTime)
    revoked_at: datetime | None = Field(default=None, sa_type=UTCDateTime, nullable=True)


class LoginAttempt(SQLModel, table=True):
    """One login attempt, kept for throttling failures per username and per client address."""

    __tablename__ = "login_attempt"
    __table_args__ = (
        Index("ix_login_attempt_username_at", "username", "at"),
        Index("ix_login_attempt_client_at", "client", "at"),
    )

    id: int | None = Field(default=None, primary_key=True)
    username: str = Field(sa_type=String(64))
    client: str = Field(sa_type=String(64))
    at: datetime = _ts()
    succeeded: bool = False


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
    created_at: datetime = _ts()
    updated_at: datetime = _ts()


class Condition(SQLModel, table=True):
    """A special condition (bijzondere voorwaarde) of a measure."""

    id: int | None = Field(default=None, primary_key=True)
    measure_id: int = Field(foreign_key="measure.id", index=True, ondelete="CASCADE")
    text: str = Field(sa_type=String(500))
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
        CheckConstraint("value >= 0 AND value <= 10", name="ck_score_value"),
        CheckConstraint("gas_level IS NULL OR (gas_level >= -2 AND gas_level <= 2)", name="ck_score_gas"),
    )

    id: int | None = Field(default=None, primary_key=True)
    check_in_id: int = Field(foreign_key="check_in.id", index=True, ondelete="CASCADE")
    goal_id: int = Field(foreign_key="goal.id", index=True, ondelete="CASCADE")
    rater_kind: str = _code()
    #: "youth", "worker" or "network:<member id>": one score per goal per rater per week.
    rater_key: str = Field(sa_type=String(40))
    rater_user_id: int | None = Field(default=None, foreign_key="app_user.id")
    network_member_id: int | None = Field(default=None, foreign_key="network_member.id", ondelete="SET NULL")
    value: int
    gas_level: int | None = None
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
    created_at: datetime = _ts()


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
    author_id: int | None = Field(default=None, foreign_key="app_user.id")
    created_at: datetime = _ts()
    updated_at: datetime = _ts()


class AuditEvent(SQLModel, table=True):
    """One access to a youth's record (NEN 7513). Append-only: the database refuses updates and deletes.

    ``youth_id`` and ``user_id`` are deliberately not foreign keys: the trail must outlive the records.
    """

    __tablename__ = "audit_event"
    __table_args__ = (Index("ix_audit_event_youth_at", "youth_id", "at"),)

    id: int | None = Field(default=None, primary_key=True)
    at: datetime = _ts(index=True)
    user_id: int | None = None
    username: str = Field(default="", sa_type=String(64))
    role: str = Field(default="", sa_type=String(32))
    #: On whose behalf the access happened (e.g. the worker a supervisor stands in for), if anyone.
    on_behalf_of: str = Field(default="", sa_type=String(120))
    youth_id: int | None = None
    action: str = _code()
    object_type: str = Field(sa_type=String(40))
    object_id: int | None = None
    #: Where from: client address, HTTP method and path (or "cli:<command>").
    access_point: str = Field(sa_type=String(300))
    outcome: str = _code()
    status_code: int | None = None
    detail: str = Field(default="", sa_type=String(500))
