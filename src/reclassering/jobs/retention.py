"""Nightly retention: erase (or pseudonymise) records kept past their period, purge old logins and attempts.

Keyed by the day. A youth's record goes when every measure of the youth has closed and the closing lies
further back than the retention period of the measure's kind (``Settings.retention_years`` and
``retention_years_by_kind``; the default and its legal basis are in the README). "erase" deletes the record
(the database cascades to measures, goals, check-ins, events, conferences, notifications) and the youth's
own account; "pseudonymise" first keeps a row of counts per measure with no name, text or link back to
the youth, then erases the same way. Every erasure is written to the audit trail (who: the scheduler; what:
which youth and rule; when), and each rule that removed something leaves a receipt naming the records.

Audit events older than ``Settings.audit_retention_years`` (default five, NEN 7513) are removed as the oldest
part of the hash chain, through the one privileged path around the append-only triggers (``audit_chain.purge``);
a checkpoint event then names the last removed event and its hash, so ``reclassering audit verify`` still
checks the whole remaining chain, and a receipt names the removed range.

A constant number of statements whatever the number of youths: one select of what goes, one insert of
audit events, one (or two) deletes, one insert of receipts, one delete per purge, a few for the trail's purge.
"""

from __future__ import annotations

from datetime import date, datetime, timedelta
from typing import Any

from sqlalchemy import and_, case, delete, exists, func, insert, or_, select
from sqlmodel import Session, col

from ..casefile import audit, audit_chain, record_looks
from ..casefile.models import (
    AuditEvent,
    AuthToken,
    CheckIn,
    JobRun,
    LoginAttempt,
    Measure,
    RetentionReceipt,
    RetentionRemainder,
    Setback,
    Success,
    User,
    Youth,
)
from ..casefile.vocab import AuditAction, AuditOutcome, MeasureKind, MeasureStatus
from ..settings import Settings
from .base import JobContext, due_day

NAME = "retention"
MODES = ("erase", "pseudonymise")
#: The legal basis named on the receipts; a default the organisation's privacy officer should confirm.
BASIS = (
    "Jeugdwet art. 7.3.8 (bewaartermijn dossier; rijksoverheid.nl: 20 jaar sinds 2020, was 15); "
    "default, te bevestigen door de privacy officer"
)
LOGIN_BASIS = "AVG art. 5 lid 1 e (opslagbeperking): alleen zo lang als nodig voor beveiliging"
AUDIT_BASIS = (
    "NEN 7513:2018 (logging bewaren: vijf jaar, zo noemt het MedMij-afsprakenstelsel A.12.4.1 het); "
    "default, te bevestigen door de privacy officer"
)
SYSTEM = audit.Actor(user_id=None, username="scheduler", role="system")


def years_by_kind(settings: Settings) -> dict[str, int]:
    """Retention years per measure kind: the default for every kind, then the configured exceptions."""
    years = {kind.value: settings.retention_years for kind in MeasureKind}
    for item in filter(None, (part.strip() for part in settings.retention_years_by_kind.split(","))):
        kind, _, value = item.partition("=")
        if kind.strip() not in years or not value.strip().isdigit():
            raise ValueError(f"RECLASSERING_RETENTION_YEARS_BY_KIND: '{item}' is not <measure kind>=<years>")
        years[kind.strip()] = int(value)
    return years


def years_before(day: date, years: int) -> date:
    try:
        return day.replace(year=day.year - years)
    except ValueError:  # 29 February
        return day.replace(year=day.year - years, day=28)


class Retention:
    name = NAME
    description = (
        "Nightly: erase or pseudonymise records past retention; purge expired logins, old attempts and old audit events"
    )

    def due_key(self, now: datetime, settings: Settings) -> str:
        return due_day(now, settings, settings.retention_at).isoformat()

    def run(self, session: Session, ctx: JobContext, key: str) -> dict[str, Any]:
        settings = ctx.settings
        if settings.retention_mode not in MODES:
            raise ValueError(f"RECLASSERING_RETENTION_MODE must be one of {', '.join(MODES)}")
        today = date.fromisoformat(key)
        periods = years_by_kind(settings)
        ended = func.coalesce(Measure.ended_on, Measure.planned_end)
        cutoff = case(
            {kind: years_before(today, n) for kind, n in periods.items()},
            value=Measure.kind,
            else_=years_before(today, settings.retention_years),
        )
        still_kept = exists().where(
            Measure.youth_id == Youth.id,
            or_(
                Measure.status == MeasureStatus.ACTIVE.value,
                col(Measure.ended_on).is_(None) & (ended >= today),
                ended > cutoff,
            ),
        )
        expired = select(Youth.id).where(exists().where(Measure.youth_id == Youth.id), ~still_kept)

        def count(model: Any) -> Any:
            return select(func.count()).where(model.measure_id == Measure.id).scalar_subquery()

        ctx.step(0, 5, "records past retention")
        measures = session.execute(
            select(
                Measure.id,
                Measure.youth_id,
                Measure.kind,
                Measure.imposed_by,
                Measure.start_date,
                ended,
                count(CheckIn),
                count(Success),
                count(Setback),
                Youth.user_id,
            )
            .join(Youth, Youth.id == Measure.youth_id)
            .where(col(Measure.youth_id).in_(expired))
            .order_by(Measure.id)
        ).all()
        youth_ids = sorted({m[1] for m in measures})
        user_ids = sorted({m[9] for m in measures if m[9] is not None})
        by_kind: dict[str, list[int]] = {}
        for m in measures:
            by_kind.setdefault(m[2], []).append(m[0])

        token_gone = or_(
            AuthToken.expires_at < ctx.now - timedelta(days=settings.auth_token_retention_days),
            col(AuthToken.revoked_at) < ctx.now - timedelta(days=settings.auth_token_retention_days),
        )
        attempt_gone = LoginAttempt.at < ctx.now - timedelta(days=settings.login_attempt_retention_days)
        action = "pseudonymised" if settings.retention_mode == "pseudonymise" else "erased"
        if settings.audit_retention_years < audit_chain.FLOOR_YEARS:
            raise ValueError(
                f"RECLASSERING_AUDIT_RETENTION_YEARS must be at least {audit_chain.FLOOR_YEARS} (NEN 7513)"
            )
        audit_cutoff = years_before(ctx.now.date(), settings.audit_retention_years)
        audit_cutoff_at = datetime.combine(audit_cutoff, ctx.now.timetz())
        summary: dict[str, Any] = {
            "day": key,
            "mode": settings.retention_mode,
            "youths": len(youth_ids),
            "measures": len(measures),
        }
        receipts: list[dict[str, Any]] = []

        def receipt(rule: str, act: str, object_type: str, ids: list[int], basis: str) -> None:
            if ids:
                receipts.append(
                    {
                        "rule": rule,
                        "action": act,
                        "object_type": object_type,
                        "count": len(ids),
                        "record_ids": ids,
                        "basis": basis,
                    }
                )

        rule_of_kind = {
            kind: f"measure_closed:{kind}:{periods.get(kind, settings.retention_years)}y" for kind in by_kind
        }
        for kind, ids in sorted(by_kind.items()):
            receipt(rule_of_kind[kind], action, "measure", ids, BASIS)
        receipt("youth_record_closed", action, "youth", youth_ids, BASIS)
        receipt("youth_account_of_erased_record", "erased", "app_user", user_ids, BASIS)

        if ctx.dry_run:  # what would go, as the receipts would say it; nothing is written
            token_ids = sorted(session.execute(select(AuthToken.id).where(token_gone)).scalars())
            attempt_ids = sorted(session.execute(select(LoginAttempt.id).where(attempt_gone)).scalars())
        else:
            if measures:
                ctx.step(1, 5, f"{len(youth_ids)} youth records")
            ctx.step(2, 5, "expired logins")
            token_ids = sorted(session.execute(delete(AuthToken).where(token_gone).returning(AuthToken.id)).scalars())
            attempt_ids = sorted(
                session.execute(delete(LoginAttempt).where(attempt_gone).returning(LoginAttempt.id)).scalars()
            )
        receipt(f"login_expired:{settings.auth_token_retention_days}d", "purged", "auth_token", token_ids, LOGIN_BASIS)
        receipt(
            f"login_attempt_older_than:{settings.login_attempt_retention_days}d",
            "purged",
            "login_attempt",
            attempt_ids,
            LOGIN_BASIS,
        )
        if ctx.dry_run:
            summary.update(
                auth_tokens=len(token_ids),
                login_attempts=len(attempt_ids),
                audit_events=audit_chain.purgeable(session, audit_cutoff_at).removed,
                would_go=receipts,
            )
            ctx.step(5, 5, "done")
            return summary

        run_id = session.execute(select(JobRun.id).where(JobRun.job == NAME, JobRun.run_key == key)).scalar_one()
        stored = (
            session.execute(
                insert(RetentionReceipt).returning(RetentionReceipt.id, RetentionReceipt.rule),
                [{**r, "job_run_id": run_id, "run_key": key, "at": ctx.now} for r in receipts],
            ).all()
            if receipts
            else []
        )
        if measures and settings.retention_mode == "pseudonymise":
            receipt_of = {rule: rid for rid, rule in stored}
            session.execute(
                insert(RetentionRemainder),
                [
                    {
                        "receipt_id": receipt_of[rule_of_kind[m[2]]],
                        "measure_kind": m[2],
                        "imposed_by": m[3],
                        "start_year": m[4].year,
                        "end_year": m[5].year,
                        "weeks": max((m[5] - m[4]).days // 7, 0),
                        "check_ins": m[6],
                        "successes": m[7],
                        "setbacks": m[8],
                    }
                    for m in measures
                ],
            )
        if measures:
            ctx.step(3, 5, "erasing")
            session.execute(delete(Youth).where(col(Youth.id).in_(youth_ids)))
            if user_ids:
                session.execute(delete(User).where(and_(col(User.id).in_(user_ids), User.role == "youth")))
            # written last, so the trail's head stays locked only for the moment before the commit
            rule_of_youth = {m[1]: rule_of_kind[m[2]] for m in measures}
            audit.record(
                session,
                SYSTEM,
                [
                    audit.Access(
                        youth_id=youth_id,
                        action=AuditAction.DELETE,
                        object_type="youth",
                        object_id=youth_id,
                        detail=f"{action} under {rule_of_youth[youth_id]} ({BASIS})",
                    )
                    for youth_id in youth_ids
                ],
                access_point=f"job:{NAME}:{key}",
                outcome=AuditOutcome.SUCCESS,
                at=ctx.now,
            )
        ctx.step(4, 5, "old audit events")
        purged = _purge_audit_trail(session, ctx, key, run_id, audit_cutoff_at)
        ctx.step(5, 5, "done")
        summary.update(
            auth_tokens=len(token_ids),
            login_attempts=len(attempt_ids),
            audit_events=purged.removed,
            receipts=len(stored) + (1 if purged.removed else 0),
        )
        return summary


def _purge_audit_trail(session: Session, ctx: JobContext, key: str, run_id: int, cutoff: datetime) -> audit_chain.Purge:
    """Remove the audit events past retention; leave a checkpoint on the trail and a receipt naming the range."""
    purged = audit_chain.purge(session, cutoff)
    if not purged.removed:
        return purged
    # the youths' "who looked" goes with the events it was folded from (the hour of the oldest event left stays)
    oldest_left = session.execute(select(func.min(AuditEvent.at))).scalar_one()
    record_looks.forget_before(session, oldest_left or ctx.now)
    years = ctx.settings.audit_retention_years
    session.execute(
        insert(RetentionReceipt),
        [
            {
                "job_run_id": run_id,
                "run_key": key,
                "rule": f"audit_event_older_than:{years}y",
                "action": "purged",
                # a range, not a list: the first and the last id of the removed events (everything in between went)
                "object_type": "audit_event_range",
                "count": purged.removed,
                "record_ids": [purged.first_id, purged.last_id],
                "basis": AUDIT_BASIS,
                "at": ctx.now,
            }
        ],
    )
    audit.record(
        session,
        SYSTEM,
        [
            audit.Access(
                youth_id=None,
                action=audit_chain.CHECKPOINT_ACTION,
                object_type=audit_chain.CHECKPOINT_OBJECT,
                object_id=purged.last_id,
            )
        ],
        access_point=f"job:{NAME}:{key}",
        outcome=AuditOutcome.SUCCESS,
        detail=purged.checkpoint_detail(cutoff),
        at=ctx.now,
    )
    return purged
