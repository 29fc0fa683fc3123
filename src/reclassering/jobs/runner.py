"""Runs one job for one key at most once: claims the key, does the work and marks it done in one transaction.

A key is claimed by inserting its ``job_run`` row (unique per job and key). A key that is done is skipped; a
failed one is claimed again by the next attempt; a run that died midway (its row still "running" long after
it started) is taken over. The work and the "done" mark commit together, so a run either happened completely
or not at all. A failure is logged with its error, stored on the run and retried on the next tick.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from datetime import timedelta
from typing import Any

from sqlalchemy import or_, update
from sqlalchemy.dialects import postgresql, sqlite
from sqlmodel import Session

from ..casefile import audit
from ..casefile.db import unit_of_work
from ..casefile.models import JobRun
from ..casefile.vocab import AuditAction, AuditOutcome
from ..metrics import JOB_RUNS, JOB_SECONDS
from .base import Job, JobContext

log = logging.getLogger(__name__)

#: A "running" run older than this is taken to have died with its process.
STALE_AFTER = timedelta(hours=1)
SYSTEM = audit.Actor(user_id=None, username="scheduler", role="system")


@dataclass
class Outcome:
    job: str
    key: str
    #: done, skipped (already done or running elsewhere), failed, or dry_run
    status: str
    summary: dict[str, Any] = field(default_factory=dict)
    error: str = ""


def _claim(ctx: JobContext, job: Job, key: str, holder: str) -> bool:
    table = JobRun.__table__  # type: ignore[attr-defined]
    with unit_of_work(ctx.engine) as session:
        insert = postgresql.insert if session.get_bind().dialect.name == "postgresql" else sqlite.insert
        values = {
            "job": job.name,
            "run_key": key,
            "status": "running",
            "holder": holder,
            "started_at": ctx.now,
            "attempts": 1,
            "summary": {},
            "error": "",
        }
        claimed = session.execute(insert(table).values(**values).on_conflict_do_nothing().returning(table.c.id)).all()
        if claimed:
            return True
        retaken = session.execute(
            update(table)
            .where(
                table.c.job == job.name,
                table.c.run_key == key,
                or_(
                    table.c.status == "failed",
                    (table.c.status == "running") & (table.c.started_at < ctx.now - STALE_AFTER),
                ),
            )
            .values(status="running", holder=holder, started_at=ctx.now, attempts=table.c.attempts + 1, error="")
        ).rowcount
        return bool(retaken)


def _finish(session: Session, job: Job, key: str, status: str, ctx: JobContext, **values: Any) -> None:
    table = JobRun.__table__  # type: ignore[attr-defined]
    session.execute(
        update(table)
        .where(table.c.job == job.name, table.c.run_key == key)
        .values(status=status, finished_at=ctx.now, **values)
    )


def run(job: Job, ctx: JobContext, key: str | None = None, *, holder: str = "cli") -> Outcome:
    """Run ``job`` for ``key`` (default: the key due at ``ctx.now``). Never raises for a failing job."""
    key = key or job.due_key(ctx.now, ctx.settings)
    if ctx.dry_run:
        try:
            with Session(ctx.engine, expire_on_commit=False) as session:
                try:
                    summary = job.run(session, ctx, key)
                finally:
                    session.rollback()
        except Exception as exc:  # e.g. a malformed retention setting: said, not raised
            log.exception("dry run of job %s for %s failed", job.name, key)
            return Outcome(job.name, key, "failed", error=f"{type(exc).__name__}: {exc}"[:2000])
        return Outcome(job.name, key, "dry_run", summary)
    with JOB_SECONDS.labels(job.name).time():
        outcome = _run_claimed(job, ctx, key, holder)
    JOB_RUNS.labels(job.name, outcome.status).inc()
    return outcome


def _run_claimed(job: Job, ctx: JobContext, key: str, holder: str) -> Outcome:
    try:
        if not _claim(ctx, job, key, holder):
            return Outcome(job.name, key, "skipped")
        with unit_of_work(ctx.engine) as session:
            summary = job.run(session, ctx, key)
            _finish(session, job, key, "done", ctx, summary=summary)
            audit.record(
                session,
                SYSTEM,
                [audit.Access(youth_id=None, action=AuditAction.EXECUTE, object_type=f"job:{job.name}")],
                access_point=f"job:{job.name}:{key}",
                outcome=AuditOutcome.SUCCESS,
                detail=_short(summary),
                at=ctx.now,
            )
        return Outcome(job.name, key, "done", summary)
    except Exception as exc:  # a failing job must never take the scheduler (or the API) down
        log.exception("job %s for %s failed; retried on the next tick", job.name, key)
        error = f"{type(exc).__name__}: {exc}"[:2000]
        try:
            with unit_of_work(ctx.engine) as session:
                _finish(session, job, key, "failed", ctx, error=error)
        except Exception:
            log.exception("could not record the failure of job %s for %s", job.name, key)
        return Outcome(job.name, key, "failed", error=error)


def _short(summary: dict[str, Any]) -> str:
    counts = {k: v for k, v in summary.items() if isinstance(v, int | str)}
    return ", ".join(f"{k}={v}" for k, v in counts.items())[:500]


def last_runs(engine: Any) -> dict[str, tuple[str, str]]:
    """Per job, the key and status of its newest run."""
    from sqlmodel import func, select

    newest = select(func.max(JobRun.id)).group_by(JobRun.job)
    with Session(engine) as session:
        rows = session.exec(select(JobRun).where(JobRun.id.in_(newest))).all()  # type: ignore[union-attr]
    return {row.job: (row.run_key, row.status) for row in rows}
