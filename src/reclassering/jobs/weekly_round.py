"""The Monday-morning round: whose check-in for last week is missing, and whose has been missing two weeks.

Keyed by the week checked (last week, ``YYYY-Www``). Two statements, whatever the caseload:
one ``INSERT … SELECT`` notifies each worker of their youths without a check-in for that week; one notifies
the team's supervisors of youths without a check-in for that week and the week before (overdue).
"""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from sqlalchemy import String, and_, cast, exists, literal, or_, select
from sqlalchemy.orm import aliased
from sqlmodel import Session

from ..casefile import notifications
from ..casefile.models import CheckIn, Measure, Score, User, Youth
from ..casefile.vocab import MeasureStatus, RaterKind, Role
from ..casefile.weeks import add_weeks, parse_week, week_of
from ..settings import Settings
from .base import JobContext, at_time, json_params

NAME = "weekly_round"


def not_network_only() -> Any:
    """A check-in that is more than network members' scores through their links: opened by someone with an
    account, with the week's notes, or with a youth's or worker's score. One only the network filled in leaves
    the worker's week missing."""
    return or_(
        CheckIn.recorded_by_id.is_not(None),  # type: ignore[union-attr]
        CheckIn.went_well != "",
        CheckIn.worries != "",
        CheckIn.next_steps != "",
        exists().where(Score.check_in_id == CheckIn.id, Score.rater_kind != RaterKind.NETWORK.value),
    )


class WeeklyRound:
    name = NAME
    description = "Mondays: missing check-ins of last week to the worker, two weeks missing to the supervisor"

    def due_key(self, now: datetime, settings: Settings) -> str:
        local = now.astimezone(ZoneInfo(settings.timezone))
        monday = local.date() - timedelta(days=local.weekday())
        if local.date() == monday and local.time() < at_time(settings.weekly_round_at):
            monday -= timedelta(weeks=1)
        return week_of(monday - timedelta(weeks=1))

    def run(self, session: Session, ctx: JobContext, key: str) -> dict[str, Any]:
        week, previous = key, add_weeks(key, -1)
        monday = parse_week(week)
        sunday = monday + timedelta(days=6)

        def missing(w: str) -> Any:
            return ~exists().where(CheckIn.measure_id == Measure.id, CheckIn.week == w, not_network_only())

        running = and_(
            Measure.status == MeasureStatus.ACTIVE.value,
            Measure.start_date <= sunday,
            Measure.planned_end >= monday,
        )
        subject = literal("measure:") + cast(Measure.id, String)
        now = literal(ctx.now, type_=Measure.__table__.c.created_at.type)  # type: ignore[attr-defined]
        to_workers = (
            select(
                Youth.worker_id,
                literal(NAME),
                literal(week),
                literal("checkin_missing"),
                subject,
                Youth.id,
                json_params(session, youth=Youth.display_name, week=cast(literal(week), String)),
                now,
            )
            .select_from(Measure)
            .join(Youth, Youth.id == Measure.youth_id)
            .where(running, missing(week))
        )
        ctx.step(0, 2, "missing check-ins")
        if ctx.dry_run:
            missing_count = len(session.execute(to_workers).all())
        else:
            missing_count = notifications.insert_from_select(session, to_workers)

        worker = aliased(User)
        supervisor = aliased(User)
        to_supervisors = (
            select(
                supervisor.id,
                literal(NAME),
                literal(week),
                literal("checkin_overdue"),
                subject,
                Youth.id,
                json_params(
                    session,
                    youth=Youth.display_name,
                    worker=worker.display_name,
                    weeks=cast(literal(f"{previous}, {week}"), String),
                ),
                now,
            )
            .select_from(Measure)
            .join(Youth, Youth.id == Measure.youth_id)
            .join(worker, worker.id == Youth.worker_id)
            .join(
                supervisor,
                and_(
                    supervisor.team_id == Youth.team_id,
                    supervisor.role == Role.SUPERVISOR.value,
                    supervisor.active.is_(True),  # type: ignore[attr-defined]
                ),
            )
            .where(running, Measure.start_date <= sunday - timedelta(weeks=1), missing(week), missing(previous))
        )
        ctx.step(1, 2, "overdue check-ins")
        if ctx.dry_run:
            overdue_count = len(session.execute(to_supervisors).all())
        else:
            overdue_count = notifications.insert_from_select(session, to_supervisors)
        ctx.step(2, 2, "done")
        return {"week": week, "missing": missing_count, "overdue": overdue_count}
