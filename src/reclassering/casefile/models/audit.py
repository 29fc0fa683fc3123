"""The audit trail: append-only events, the head of their hash chain, and the permits of the privileged purge."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Index, String
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
