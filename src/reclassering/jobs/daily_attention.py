"""The daily attention list: measures ending soon, conferences coming up, breaches still unreported.

Keyed by the day. Each notification is keyed by the date of the event it announces (the planned end, the
conference day), so a worker hears of a measure's end once, not every day for four weeks, and hears again
only if the date moves. A few ``INSERT … SELECT`` statements over the whole database.

Unreported breaches: the reporting record for setbacks lives in ``casefile.breaches`` (a separate piece of
work). When that module offers ``unreported_breaches_select(session, ctx, day)`` - a select in
``notifications.COLUMNS`` order - this job inserts its rows; until then the step reports "not available".
"""

from __future__ import annotations

import importlib
import logging
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import String, and_, cast, literal, select
from sqlalchemy.orm import aliased
from sqlmodel import Session, col

from ..casefile import notifications
from ..casefile.models import Conference, Measure, User, Youth
from ..casefile.vocab import MeasureStatus, Role
from ..settings import Settings
from .base import JobContext, due_day, json_params

NAME = "daily_attention"
log = logging.getLogger(__name__)
#: The hook the breach-reporting module is expected to provide (see the module docstring).
BREACH_HOOK = ("reclassering.casefile.breaches", "unreported_breaches_select")


class DailyAttention:
    name = NAME
    description = "Daily: measures ending within four weeks, conferences coming up, breaches still unreported"

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
        ctx.step(0, 3, "measures ending")
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
        ctx.step(1, 3, "conferences coming up")
        insert("conferences_upcoming", upcoming)
        counts["prerendered"] = self._prerender(session, ctx, day)

        ctx.step(2, 3, "breaches unreported")
        breaches = _breach_hook()
        if breaches is None:
            counts["breaches_unreported"] = "not available"
        else:
            insert("breaches_unreported", breaches(session, ctx, day))
        ctx.step(3, 3, "done")
        return counts

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


def _breach_hook() -> Any:
    module_name, attribute = BREACH_HOOK
    try:
        module = importlib.import_module(module_name)
    except ImportError:
        return None
    return getattr(module, attribute, None)
