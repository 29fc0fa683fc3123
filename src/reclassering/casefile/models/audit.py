"""The audit trail: append-only events, the head of their hash chain, the permits of the privileged purge, and the
trail folded per hour for the youth's "who looked at my record"."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Index, String, UniqueConstraint
from sqlmodel import Field, SQLModel

from .columns import _code, _ts


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


class RecordLook(SQLModel, table=True):
    """Who of the staff reached a youth's record, folded per hour: one row per youth, hour, person, action and part
    of the record, written beside the events themselves (``casefile.audit.record``), for the youth's page "who
    looked at my record". Derived from the trail, never instead of it: the events stay the evidence.

    The youth's page reads a few dozen of these instead of grouping thousands of events (a record listed on a
    caseload is read at every look at that list). A row goes with its youth (``ON DELETE CASCADE``) and with the
    events of its hour when retention purges them (``casefile.audit.forget_looks_before``).
    """

    __tablename__ = "record_look"
    __table_args__ = (
        UniqueConstraint("youth_id", "hour", "user_id", "role", "action", "object_type", name="uq_record_look"),
    )

    id: int | None = Field(default=None, primary_key=True)
    youth_id: int = Field(foreign_key="youth.id", ondelete="CASCADE")
    #: The start of the hour (UTC) of the events folded here.
    hour: datetime = _ts()
    user_id: int
    role: str = Field(sa_type=String(32))
    action: str = _code()
    object_type: str = Field(sa_type=String(40))
    #: The moment of the first of those events.
    at: datetime = _ts()
