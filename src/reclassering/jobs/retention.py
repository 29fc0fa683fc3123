"""Nightly retention: erase (or pseudonymise) records kept past their period, purge old logins and attempts.

Keyed by the day. A youth's record goes when every measure of the youth has closed and the closing lies
further back than the retention period of the measure's kind (``Settings.retention_years`` and
``retention_years_by_kind``; the default and its legal basis are in the README). "erase" deletes the record
(the database cascades to measures, goals, check-ins, events, conferences, notifications) and the youth's
own account; "pseudonymise" first keeps a row of counts per measure with no name, text or link back to
the youth, then erases the same way. Every erasure is written to the audit trail (who: the scheduler; what:
which youth and rule; when), and each rule that removed something leaves a receipt naming the records.

Audit events themselves are not removed here: the trail is append-only in the database.

A constant number of statements whatever the number of youths: one select of what goes, one insert of
audit events, one (or two) deletes, one insert of receipts, one delete per purge.
"""

from __future__ import annotations

from datetime import date, datetime, timedelta
from typing import Any

from sqlalchemy import and_, case, delete, exists, func, insert, or_, select
from sqlmodel import Session, col

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
    description = "Nightly: erase or pseudonymise records past retention; purge expired logins and old attempts"

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

        ctx.step(0, 4, "records past retention")
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
                ctx.step(1, 4, f"{len(youth_ids)} youth records")
                rule_of_youth = {m[1]: rule_of_kind[m[2]] for m in measures}
                session.execute(
                    insert(AuditEvent),
                    [
                        {
                            "at": ctx.now,
                            "user_id": None,
                            "username": "scheduler",
                            "role": "system",
                            "on_behalf_of": "",
                            "youth_id": youth_id,
                            "action": AuditAction.DELETE.value,
                            "object_type": "youth",
                            "object_id": youth_id,
                            "access_point": f"job:{NAME}:{key}",
                            "outcome": AuditOutcome.SUCCESS.value,
                            "status_code": None,
                            "detail": f"{action} under {rule_of_youth[youth_id]} ({BASIS})"[:500],
                        }
                        for youth_id in youth_ids
                    ],
                )
            ctx.step(2, 4, "expired logins")
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
            summary.update(auth_tokens=len(token_ids), login_attempts=len(attempt_ids), would_go=receipts)
            ctx.step(4, 4, "done")
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
            ctx.step(3, 4, "erasing")
            session.execute(delete(Youth).where(col(Youth.id).in_(youth_ids)))
            if user_ids:
                session.execute(delete(User).where(and_(col(User.id).in_(user_ids), User.role == "youth")))
        ctx.step(4, 4, "done")
        summary.update(auth_tokens=len(token_ids), login_attempts=len(attempt_ids), receipts=len(stored))
        return summary
