"""The database lease that makes one scheduler the active one.

A lease is one row: who holds it and until when. The holder renews it on every tick (the heartbeat); a
scheduler that finds the lease expired takes it over. Two statements per attempt, on SQLite and PostgreSQL
alike: insert the row if there is none (skipping if there is), then take it where it is ours or expired.
Times come from the caller's clock; the servers' clocks are assumed to agree within seconds (NTP).
"""

from __future__ import annotations

import os
import socket
import uuid
from datetime import datetime, timedelta

from sqlalchemy import Engine, or_, update
from sqlalchemy.dialects import postgresql, sqlite
from sqlmodel import Session, select

from ..casefile.models import SchedulerLease
from ..casefile.types import utcnow

NAME = "scheduler"


def new_holder() -> str:
    """A name for this scheduler, unique across hosts and restarts: host, process id and a random tail."""
    return f"{socket.gethostname()[:60]}:{os.getpid()}:{uuid.uuid4().hex[:8]}"


def acquire(engine: Engine, holder: str, seconds: float, *, now: datetime | None = None, name: str = NAME) -> bool:
    """Take or renew the lease for ``seconds``; True when ``holder`` holds it afterwards."""
    now = now or utcnow()
    expires = now + timedelta(seconds=seconds)
    table = SchedulerLease.__table__  # type: ignore[attr-defined]
    with Session(engine) as session:
        insert = postgresql.insert if session.get_bind().dialect.name == "postgresql" else sqlite.insert
        values = {"name": name, "holder": holder, "acquired_at": now, "heartbeat_at": now, "expires_at": expires}
        session.execute(insert(table).values(**values).on_conflict_do_nothing())
        renewed = session.execute(
            update(table)
            .where(table.c.name == name, table.c.holder == holder)
            .values(heartbeat_at=now, expires_at=expires)
        ).rowcount
        taken = 0
        if not renewed:
            taken = session.execute(
                update(table)
                .where(table.c.name == name, or_(table.c.expires_at < now))
                .values(holder=holder, acquired_at=now, heartbeat_at=now, expires_at=expires)
            ).rowcount
        session.commit()
        if renewed or taken:
            return True
        row = session.exec(select(SchedulerLease).where(SchedulerLease.name == name)).one_or_none()
        return row is not None and row.holder == holder


def release(engine: Engine, holder: str, *, name: str = NAME) -> None:
    """Give the lease up (on a clean shutdown) so another scheduler need not wait for it to expire."""
    table = SchedulerLease.__table__  # type: ignore[attr-defined]
    with Session(engine) as session:
        session.execute(
            update(table)
            .where(table.c.name == name, table.c.holder == holder)
            .values(expires_at=datetime(1970, 1, 1, tzinfo=utcnow().tzinfo))
        )
        session.commit()


def holder_of(engine: Engine, *, name: str = NAME) -> SchedulerLease | None:
    with Session(engine, expire_on_commit=False) as session:
        return session.exec(select(SchedulerLease).where(SchedulerLease.name == name)).one_or_none()
