"""SQLModel tables of the domain core (DESIGN §3).

Vocabularies are stored as short strings (see ``vocab``) rather than database enums, so that adding a value
needs no schema migration on PostgreSQL; the edges (msgspec schemas, domain operations) validate them.
Timestamps use ``UTCDateTime``; calendar dates are plain ``date``; weeks are ISO strings ``YYYY-Www``.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from sqlalchemy import JSON, CheckConstraint, Column, Index, LargeBinary, String, Text, UniqueConstraint
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
    #: Where notification mails go (only when SMTP is configured); empty: no mail.
    email: str = Field(default="", sa_type=String(254), sa_column_kwargs={"server_default": ""})


class AuthToken(SQLModel, table=True):
    """A login: bearer token or session cookie. Only the SHA-256 of the token is stored."""

    __tablename__ = "auth_token"

    id: int | None = Field(default=None, primary_key=True)
    token_hash: str = Field(sa_type=String(64), unique=True)
    user_id: int = Field(foreign_key="app_user.id", index=True, ondelete="CASCADE")
    created_at: datetime = _ts()
    expires_at: datetime = Field(sa_type=UTCDateTime)
    revoked_at: datetime | None = Field(default=None, sa_type=UTCDateTime, nullable=True)
    #: The administrator's password reset this login follows (within the reset's trace window), if any.
    password_reset_id: int | None = Field(default=None, nullable=True)


class PasswordReset(SQLModel, table=True):
    """An administrator's reset of a user's password: a one-time set-password token, stored only hashed."""

    __tablename__ = "password_reset"

    id: int | None = Field(default=None, primary_key=True)
    user_id: int = Field(foreign_key="app_user.id", index=True, ondelete="CASCADE")
    #: Who reset it (not a foreign key: the trace must outlive the administrator's account).
    admin_id: int | None = Field(default=None, nullable=True)
    token_hash: str = Field(sa_type=String(64), unique=True)
    created_at: datetime = _ts()
    #: Until when the set-password token works.
    expires_at: datetime = Field(sa_type=UTCDateTime)
    #: When the token was used (or superseded by a newer reset); it works once.
    used_at: datetime | None = Field(default=None, sa_type=UTCDateTime, nullable=True)
    #: Until when new logins of the user are marked as following this reset.
    trace_until: datetime = Field(sa_type=UTCDateTime)


class LoginAttempt(SQLModel, table=True):
    """One login attempt, kept for throttling failures per username and per client address."""

    __tablename__ = "login_attempt"
    __table_args__ = (
        Index("ix_login_attempt_username_at", "username", "at"),
        Index("ix_login_attempt_client_at", "client", "at"),
        Index("ix_login_attempt_username_client_at", "username", "client", "at"),
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
    #: Trained in the method the youth's measure follows (Safe Path: the network members form the team).
    #: The Safe Path coach pair is two professionals, not network members: see ``models_coaches``.
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
    #: The hash chain (``audit_chain``): the previous event's hash, and this event's own over its content and that.
    prev_hash: str = Field(default="", sa_type=String(64))
    hash: str = Field(default="", sa_type=String(64))


class AuditChainHead(SQLModel, table=True):
    """The end of the audit chain: one row (id 1), moved forward and locked by every append until it commits."""

    __tablename__ = "audit_chain_head"

    id: int = Field(default=1, primary_key=True, sa_column_kwargs={"autoincrement": False})
    last_id: int = 0
    last_hash: str = Field(sa_type=String(64))


class AuditPurgePermit(SQLModel, table=True):
    """Present only inside the retention job's purge: the triggers let deletes of audit events up to ``through_id``
    pass while it exists (and only for events older than the floor in ``audit_chain.FLOOR_YEARS``)."""

    __tablename__ = "audit_purge_permit"

    id: int = Field(default=1, primary_key=True, sa_column_kwargs={"autoincrement": False})
    through_id: int


# --- the methods (issue 3) ------------------------------------------------------------------------------


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


# --- case conferences (issue 4) ------------------------------------------------------------------------


class Conference(SQLModel, table=True):
    """A case conference (casusoverleg) on a second chance: the question, the advice, the decision."""

    id: int | None = Field(default=None, primary_key=True)
    measure_id: int = Field(foreign_key="measure.id", index=True, ondelete="CASCADE")
    held_on: date
    #: What is on the table: carry_on, adjust_plan, report_back (terugmelding) or other.
    question_kind: str = _code()
    question: str = Field(sa_type=Text)
    advice: str = Field(default="", sa_type=Text)
    #: The supervisor's advised outcome (same vocabulary as the decision), once written.
    advised_outcome: str | None = Field(default=None, sa_type=String(32), nullable=True)
    advice_by_id: int | None = Field(default=None, foreign_key="app_user.id")
    advice_signed_at: datetime | None = Field(default=None, sa_type=UTCDateTime, nullable=True)
    decision: str | None = Field(default=None, sa_type=String(32), nullable=True)
    rationale: str = Field(default="", sa_type=Text)
    decided_at: datetime | None = Field(default=None, sa_type=UTCDateTime, nullable=True)
    decided_by_id: int | None = Field(default=None, foreign_key="app_user.id")
    created_by_id: int | None = Field(default=None, foreign_key="app_user.id")
    created_at: datetime = _ts()
    updated_at: datetime = _ts()
    #: The version of the advice: the one being written, or the one signed off; a reopening adds one.
    edition: int = Field(default=1, sa_column_kwargs={"server_default": "1"})


class ReportSnapshot(SQLModel, table=True):
    """The case-conference report exactly as signed off: the PDF and the data it was made from."""

    __tablename__ = "report_snapshot"
    __table_args__ = (UniqueConstraint("conference_id", "version", name="uq_report_snapshot_version"),)

    id: int | None = Field(default=None, primary_key=True)
    conference_id: int = Field(foreign_key="conference.id", index=True, ondelete="CASCADE")
    version: int
    created_at: datetime = _ts()
    created_by_id: int | None = Field(default=None, foreign_key="app_user.id")
    #: The JSON the report was rendered from (indicators, series, texts).
    data: str = Field(sa_type=Text)
    pdf: bytes = Field(sa_type=LargeBinary)
    #: SHA-256 over the PDF bytes, hex.
    pdf_sha256: str = Field(sa_type=String(64))
    #: SHA-256 over the data JSON, hex.
    data_sha256: str = Field(sa_type=String(64))
    #: The one-page summary in plain words for the youth and the parents, and its SHA-256 (none before 0012).
    summary_pdf: bytes | None = Field(default=None, sa_type=LargeBinary, nullable=True)
    summary_sha256: str | None = Field(default=None, sa_type=String(64), nullable=True)


class ConferenceReopening(SQLModel, table=True):
    """A signed-off advice reopened by a supervisor, with the reason: the version it set aside stays frozen."""

    __tablename__ = "conference_reopening"
    __table_args__ = (UniqueConstraint("conference_id", "version", name="uq_conference_reopening_version"),)

    id: int | None = Field(default=None, primary_key=True)
    conference_id: int = Field(foreign_key="conference.id", index=True, ondelete="CASCADE")
    #: The signed-off version this reopening set aside (the next sign-off freezes version + 1).
    version: int
    #: Who signed that version off, and when (the conference's own fields start over).
    signed_by_id: int | None = Field(default=None, foreign_key="app_user.id")
    signed_at: datetime | None = Field(default=None, sa_type=UTCDateTime, nullable=True)
    reopened_by_id: int | None = Field(default=None, foreign_key="app_user.id")
    reopened_at: datetime = _ts()
    reason: str = Field(sa_type=Text)


# --- scheduled jobs: notifications, the scheduler lease, job runs, retention (issue 12) --------------------


class Notification(SQLModel, table=True):
    """A message a job left for one user. Made once per (job, run key, recipient, subject): a rerun adds nothing."""

    __tablename__ = "notification"
    __table_args__ = (
        UniqueConstraint("job", "run_key", "recipient_id", "subject", name="uq_notification_once"),
        Index("ix_notification_recipient_read", "recipient_id", "read_at"),
    )

    id: int | None = Field(default=None, primary_key=True)
    recipient_id: int = Field(foreign_key="app_user.id", ondelete="CASCADE")
    job: str = Field(sa_type=String(40))
    #: The week or day (or date of the event) the notification is keyed by.
    run_key: str = Field(sa_type=String(40))
    kind: str = Field(sa_type=String(40))
    #: What it is about, as "<type>:<id>" (e.g. "measure:12").
    subject: str = Field(sa_type=String(80))
    #: The youth it concerns; erased with the youth's record.
    youth_id: int | None = Field(default=None, foreign_key="youth.id", index=True, ondelete="CASCADE")
    #: Values for the text (names, dates, weeks), rendered in the reader's language when read.
    params: dict[str, Any] = Field(default_factory=dict, sa_column=Column(JSON, nullable=False))
    created_at: datetime = _ts()
    read_at: datetime | None = Field(default=None, sa_type=UTCDateTime, nullable=True)
    emailed_at: datetime | None = Field(default=None, sa_type=UTCDateTime, nullable=True)


class SchedulerLease(SQLModel, table=True):
    """Who runs the scheduled jobs: one row per lease, held while its heartbeat is fresh."""

    __tablename__ = "scheduler_lease"

    name: str = Field(sa_type=String(40), primary_key=True)
    holder: str = Field(sa_type=String(120))
    acquired_at: datetime = Field(sa_type=UTCDateTime)
    heartbeat_at: datetime = Field(sa_type=UTCDateTime)
    expires_at: datetime = Field(sa_type=UTCDateTime)


class JobRun(SQLModel, table=True):
    """One run of a job for one key (its week or day): at most one per key, so a rerun changes nothing."""

    __tablename__ = "job_run"
    __table_args__ = (UniqueConstraint("job", "run_key", name="uq_job_run_key"),)

    id: int | None = Field(default=None, primary_key=True)
    job: str = Field(sa_type=String(40))
    run_key: str = Field(sa_type=String(40))
    #: running, done or failed (a failed run is retried on the next tick).
    status: str = Field(sa_type=String(16))
    holder: str = Field(default="", sa_type=String(120))
    started_at: datetime = _ts()
    finished_at: datetime | None = Field(default=None, sa_type=UTCDateTime, nullable=True)
    attempts: int = 1
    summary: dict[str, Any] = Field(default_factory=dict, sa_column=Column(JSON, nullable=False))
    error: str = Field(default="", sa_type=Text)


class RetentionReceipt(SQLModel, table=True):
    """What one retention run removed under one rule: which records, how many, when, on what basis."""

    __tablename__ = "retention_receipt"

    id: int | None = Field(default=None, primary_key=True)
    job_run_id: int = Field(foreign_key="job_run.id", index=True)
    run_key: str = Field(sa_type=String(40))
    rule: str = Field(sa_type=String(80))
    #: erased, pseudonymised or purged
    action: str = Field(sa_type=String(16))
    object_type: str = Field(sa_type=String(40))
    count: int
    record_ids: list[int] = Field(default_factory=list, sa_column=Column(JSON, nullable=False))
    basis: str = Field(default="", sa_type=String(300))
    at: datetime = _ts(index=True)


class RetentionRemainder(SQLModel, table=True):
    """What a pseudonymised measure leaves for statistics: no names, no texts, no link back to the youth."""

    __tablename__ = "retention_remainder"

    id: int | None = Field(default=None, primary_key=True)
    receipt_id: int = Field(foreign_key="retention_receipt.id", index=True)
    measure_kind: str = Field(sa_type=String(32))
    imposed_by: str = Field(sa_type=String(32))
    start_year: int
    end_year: int
    weeks: int
    check_ins: int
    successes: int
    setbacks: int


# --- breaches, report-back and the second-chance decision (issue 9) -----------------------------------


class BreachReport(SQLModel, table=True):
    """Whether a breach or a new suspicion was reported back (terugmelding) to the OM and the Raad, or why not."""

    __tablename__ = "breach_report"

    id: int | None = Field(default=None, primary_key=True)
    setback_id: int = Field(foreign_key="setback.id", unique=True, ondelete="CASCADE")
    om_informed: bool = False
    om_informed_on: date | None = None
    raad_informed: bool = False
    raad_informed_on: date | None = None
    #: Who reported it back (the worker, as a rule).
    reported_by_id: int | None = Field(default=None, foreign_key="app_user.id")
    expert_consulted: bool = False
    expert_consulted_on: date | None = None
    #: The behavioural expert (gedragswetenschapper) consulted, by name.
    expert_name: str = Field(default="", sa_type=String(120))
    #: Why it was not reported: required when neither the OM nor the Raad was informed.
    not_reported_reason: str = Field(default="", sa_type=Text)
    note: str = Field(default="", sa_type=Text)
    recorded_by_id: int | None = Field(default=None, foreign_key="app_user.id")
    created_at: datetime = _ts()
    updated_at: datetime = _ts()


class SuspicionStatusChange(SQLModel, table=True):
    """One step in the history of a new suspicion: suspected, dismissed (sepot), convicted or acquitted."""

    __tablename__ = "suspicion_status_change"

    id: int | None = Field(default=None, primary_key=True)
    setback_id: int = Field(foreign_key="setback.id", index=True, ondelete="CASCADE")
    status: str = _code()
    status_on: date
    note: str = Field(default="", sa_type=Text)
    recorded_by_id: int | None = Field(default=None, foreign_key="app_user.id")
    created_at: datetime = _ts()


class ConferenceDeliberation(SQLModel, table=True):
    """What a case conference weighed and for whom: addressee, options, risks, people, views, outside outcome."""

    __tablename__ = "conference_deliberation"

    id: int | None = Field(default=None, primary_key=True)
    conference_id: int = Field(foreign_key="conference.id", unique=True, ondelete="CASCADE")
    #: om, raad, kinderrechter or internal (vocab.Addressee); empty until named.
    addressee: str = Field(default="", sa_type=String(32))
    #: [{"kind": ..., "description": ..., "pros": ..., "cons": ...}]
    options: list[dict[str, Any]] = Field(default_factory=list, sa_column=Column(JSON, nullable=False))
    risks: str = Field(default="", sa_type=Text)
    protective_factors: str = Field(default="", sa_type=Text)
    #: [{"name": ..., "role": ...}]
    participants: list[dict[str, Any]] = Field(default_factory=list, sa_column=Column(JSON, nullable=False))
    youth_view_status: str | None = Field(default=None, sa_type=String(32), nullable=True)
    youth_view: str = Field(default="", sa_type=Text)
    parents_view_status: str | None = Field(default=None, sa_type=String(32), nullable=True)
    parents_view: str = Field(default="", sa_type=Text)
    outside_body: str | None = Field(default=None, sa_type=String(32), nullable=True)
    outside_outcome: str | None = Field(default=None, sa_type=String(32), nullable=True)
    outside_decided_on: date | None = None
    outside_note: str = Field(default="", sa_type=Text)
    outside_recorded_by_id: int | None = Field(default=None, foreign_key="app_user.id")
    outside_recorded_at: datetime | None = Field(default=None, sa_type=UTCDateTime, nullable=True)
    updated_by_id: int | None = Field(default=None, foreign_key="app_user.id")
    created_at: datetime = _ts()
    updated_at: datetime = _ts()
