"""Shared helpers for the job tests: a fixed clock and a one-call runner."""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from sqlalchemy import Engine
from sqlmodel import Session, select

from reclassering.casefile.fields import today as service_today
from reclassering.casefile.models import Notification
from reclassering.jobs import runner
from reclassering.jobs.base import JobContext
from reclassering.jobs.registry import JOBS
from reclassering.settings import Settings

AMSTERDAM = ZoneInfo("Europe/Amsterdam")


def monday(weeks_from_now: int, at: time = time(8, 0)) -> datetime:
    """The Monday ``weeks_from_now`` weeks from this week's Monday, at ``at`` Amsterdam time, in UTC."""
    today = service_today()
    day = today - timedelta(days=today.weekday()) + timedelta(weeks=weeks_from_now)
    return datetime.combine(day, at, tzinfo=AMSTERDAM).astimezone(UTC)


def on(day: date, at: time = time(8, 0)) -> datetime:
    return datetime.combine(day, at, tzinfo=AMSTERDAM).astimezone(UTC)


def run(engine: Engine, settings: Settings, name: str, now: datetime, **kwargs: Any) -> runner.Outcome:
    ctx = JobContext(engine=engine, settings=settings, now=now, dry_run=kwargs.pop("dry_run", False))
    return runner.run(JOBS[name], ctx, **kwargs)


def notes(engine: Engine) -> list[tuple[str, int, str, str, str]]:
    """Every notification as (kind, recipient id, run key, subject, youth's name), sorted."""
    with Session(engine) as session:
        rows = session.exec(select(Notification)).all()
        return sorted((n.kind, n.recipient_id, n.run_key, n.subject, n.params.get("youth", "")) for n in rows)
