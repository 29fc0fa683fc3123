"""Scheduled work: notifications, the scheduler lease, job runs and retention receipts."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import JSON, Column, Index, String, Text, UniqueConstraint
from sqlmodel import Field, SQLModel

from ..types import UTCDateTime
from .columns import _ts


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
