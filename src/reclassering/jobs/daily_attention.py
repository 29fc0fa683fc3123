"""The daily attention list: measures ending soon, conferences coming up, breaches still unreported, network
links about to expire.

Keyed by the day. Each notification is keyed by the date of the event it announces (the planned end, the
conference day, the day of the breach), so a worker hears of a measure's end once, not every day for four
weeks, and hears again only if the date moves. A few ``INSERT … SELECT`` statements over the whole database.

Unreported breaches: a breach or new suspicion with no reporting decision (terugmelding) after
``breach_report_working_days`` working days goes to the youth's worker and to the team's supervisors, once
per breach. Which breaches are late is the select of the team list (``casefile.breaches.unreported``).
"""

from __future__ import annotations

import logging
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import Date, Integer, String, and_, cast, func, literal, select
from sqlalchemy.orm import aliased
from sqlmodel import Session, col

from ..casefile import breaches, notifications
from ..casefile.models import Conference, Measure, NetworkMember, Setback, User, Youth
from ..casefile.models.network_links import NetworkLink
from ..casefile.vocab import MeasureStatus, Role
from ..settings import Settings
from .base import JobContext, due_day, json_params

NAME = "daily_attention"
log = logging.getLogger(__name__)


class DailyAttention:
    name = NAME
    description = (
        "Daily: measures ending within four weeks, conferences coming up, breaches still unreported, "
        "network links about to expire"
    )

    def due_key(self, now: datetime, settings: Settings) -> str:
        return due_day(now, settings, settings.daily_attention_at).isoformat()

    def run(self, session: Session, ctx: JobContext, key: str) -> dict[str, Any]:
        day = datetime.fromisoformat(key).date()
        settings = ctx.settings
        now = literal(ctx.now, type_=Measure.__table__.c.created_at.type)  # type: ignore[attr-defined]
        counts: dict[str, Any] = {"day": key}

        def insert(name: str, rows: Any) -> None:
            counts[name] = (
                len(session.execute(rows).all()) if ctx.dry_run else notifications.insert_from_select(session, rows)
            )

        ending = (
            select(
                Youth.worker_id,
                literal(NAME),
                cast(literal("end:") + cast(Measure.planned_end, String), String),
                literal("measure_ending"),
                literal("measure:") + cast(Measure.id, String),
                Youth.id,
                json_params(session, youth=Youth.display_name, planned_end=Measure.planned_end),
                now,
            )
            .select_from(Measure)
            .join(Youth, Youth.id == Measure.youth_id)
            .where(
                Measure.status == MeasureStatus.ACTIVE.value,
                Measure.planned_end >= day,
                Measure.planned_end <= day + timedelta(days=settings.attention_measure_end_days),
            )
        )
        ctx.step(0, 4, "measures ending")
        insert("measures_ending", ending)

        supervisor = aliased(User)
        upcoming = (
            select(
                supervisor.id,
                literal(NAME),
                cast(literal("conference:") + cast(Conference.held_on, String), String),
                literal("conference_upcoming"),
                literal("conference:") + cast(Conference.id, String),
                Youth.id,
                json_params(session, youth=Youth.display_name, held_on=Conference.held_on),
                now,
            )
            .select_from(Conference)
            .join(Measure, Measure.id == Conference.measure_id)
            .join(Youth, Youth.id == Measure.youth_id)
            .join(
                supervisor,
                and_(
                    supervisor.team_id == Youth.team_id,
                    supervisor.role == Role.SUPERVISOR.value,
                    supervisor.active.is_(True),  # type: ignore[attr-defined]
                ),
            )
            .where(
                col(Conference.decision).is_(None),
                Conference.held_on >= day,
                Conference.held_on <= day + timedelta(days=settings.attention_conference_days),
            )
        )
        ctx.step(1, 4, "conferences coming up")
        insert("conferences_upcoming", upcoming)
        counts["prerendered"] = self._prerender(session, ctx, day)

        ctx.step(2, 4, "breaches unreported")
        late = self._unreported_breaches(session, ctx, day, now)
        insert("breaches_unreported", late(Youth.worker_id, "breach_unreported"))
        insert("breaches_unreported_team", late(supervisor.id, "breach_unreported_team", supervisor))
        ctx.step(3, 4, "network links expiring")
        insert("network_links_expiring", self._links_expiring(session, ctx, now))
        ctx.step(4, 4, "done")
        return counts

    @staticmethod
    def _links_expiring(session: Session, ctx: JobContext, now: Any) -> Any:
        """Network links that stop working within ``attention_network_link_days`` days, to the one who made
        them; once per link (keyed by the link), so a rerun or the next day tells nobody twice."""
        until = ctx.now + timedelta(days=ctx.settings.attention_network_link_days)
        postgres = session.get_bind().dialect.name == "postgresql"
        expires_on = cast(NetworkLink.expires_at, Date) if postgres else func.date(NetworkLink.expires_at)
        return (
            select(
                NetworkLink.created_by_id,
                literal(NAME),
                literal("network_link"),
                literal("network_link_expiring"),
                literal("network_link:") + cast(NetworkLink.id, String),
                Youth.id,
                json_params(session, youth=Youth.display_name, member=NetworkMember.name, expires_on=expires_on),
                now,
            )
            .select_from(NetworkLink)
            .join(Measure, Measure.id == NetworkLink.measure_id)
            .join(Youth, Youth.id == Measure.youth_id)
            .join(NetworkMember, NetworkMember.id == NetworkLink.network_member_id)
            .where(
                col(NetworkLink.created_by_id).is_not(None),
                col(NetworkLink.revoked_at).is_(None),
                NetworkLink.expires_at > ctx.now,
                NetworkLink.expires_at <= until,
                Measure.status == MeasureStatus.ACTIVE.value,
            )
        )

    @staticmethod
    def _unreported_breaches(session: Session, ctx: JobContext, day: Any, now: Any) -> Any:
        """Makes the select of notifications about late breaches (in ``notifications.COLUMNS`` order) for the
        user in the column ``recipient``: the youth's worker, or the ``supervisor`` alias joined as the team's
        active supervisors."""
        working_days = ctx.settings.breach_report_working_days
        worker = aliased(User)

        def late(recipient: Any, kind: str, supervisor: Any = None) -> Any:
            rows = select(
                recipient,
                literal(NAME),
                cast(literal("breach:") + cast(Setback.occurred_on, String), String),
                literal(kind),
                literal("setback:") + cast(Setback.id, String),
                Youth.id,
                json_params(
                    session,
                    youth=Youth.display_name,
                    worker=worker.display_name,
                    occurred_on=Setback.occurred_on,
                    days=cast(literal(working_days), Integer),
                ),
                now,
            ).select_from(Setback)
            rows = breaches.unreported(rows, today=day, working_days=working_days)
            rows = rows.join(worker, worker.id == Youth.worker_id)
            if supervisor is not None:
                rows = rows.join(
                    supervisor,
                    and_(
                        supervisor.team_id == Youth.team_id,
                        supervisor.role == Role.SUPERVISOR.value,
                        supervisor.active.is_(True),
                    ),
                )
            return rows

        return late

    def _prerender(self, session: Session, ctx: JobContext, day: Any) -> int:
        """Warm the web app's chart cache for the measures with a conference coming up (embedded scheduler only)."""
        warm = ctx.hooks.get("prerender_measures")
        if warm is None or ctx.dry_run:
            return 0
        measure_ids = session.execute(
            select(Conference.measure_id)
            .where(
                col(Conference.decision).is_(None),
                Conference.held_on >= day,
                Conference.held_on <= day + timedelta(days=ctx.settings.attention_conference_days),
            )
            .distinct()
        ).scalars()
        return int(warm(session, sorted(measure_ids)))
