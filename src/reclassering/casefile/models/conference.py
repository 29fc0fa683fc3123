"""Case conferences and the second-chance decision: conferences, frozen reports, reopenings, breach reporting and
deliberation."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from sqlalchemy import JSON, Column, LargeBinary, String, Text, UniqueConstraint
from sqlmodel import Field, SQLModel

from ..types import UTCDateTime
from .columns import _code, _ts


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
