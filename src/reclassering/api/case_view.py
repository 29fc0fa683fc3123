"""What the worker's page of one youth shows: read from the case file and the method, shaped for the template.

Nothing here writes; the routes in ``pages_worker`` and ``pages_record`` change records and show this page
again (refused forms keep what was typed).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from sqlmodel import Session, col, select

from ..casefile import breaches, checkins, conferences, events, goals, measures, network, youths
from ..casefile.models import BreachReport, Measure, Setback, User, Youth
from ..casefile.network_links import links_of, status_of
from ..casefile.types import utcnow
from ..casefile.vocab import REPORTABLE_SETBACK_KINDS, GoalStatus, RaterKind
from ..casefile.weeks import week_of
from ..methods import artefacts, coach_pair, mapping, workflow
from ..methods.definition_schema import Audience
from ..methods.registry import MethodRegistry
from .safety_plan_view import plan_context
from .score_chart import score_chart

#: Check-ins read for the charts and last week's scores.
HISTORY_WEEKS = 26
RATERS = (RaterKind.WORKER, RaterKind.YOUTH)


@dataclass(frozen=True)
class Earlier:
    """The score a rater gave a goal before this week: its value and week."""

    value: int
    week: str


@dataclass(frozen=True)
class SetbackRow:
    setback: Setback
    condition_text: str | None
    report: BreachReport | None
    due: breaches.BreachDue


def earlier_scores(views: list[checkins.CheckInView], this_week: str) -> dict[tuple[int, str], Earlier]:
    """Per (goal, rater): the newest score before ``this_week`` (check-ins listed newest first)."""
    found: dict[tuple[int, str], Earlier] = {}
    for view in views:
        if view.check_in.week >= this_week:
            continue
        for score in view.scores:
            if score.rater_kind in RATERS:
                found.setdefault((score.goal_id, score.rater_kind), Earlier(score.value, view.check_in.week))
    return found


def method_context(db: Session, registry: MethodRegistry, measure: Measure, locale: str) -> dict[str, Any]:
    """The method the measure follows: its phases, what the current phase still needs, this week's questions
    for the worker; or the methods to choose from when it follows none yet."""
    enrolment = workflow.find_enrolment(db, measure.id)  # type: ignore[arg-type]
    if enrolment is None:
        return {
            "method": None,
            "methods": [(m.id, m.name.get(locale), m.summary.get(locale)) for m in registry],
        }
    status = workflow.status(db, measure.id, registry)  # type: ignore[arg-type]
    prompts = workflow.weekly_prompts(db, measure.id, registry, Audience.WORKER, workflow.Locale(locale))  # type: ignore[arg-type]
    return {
        "method": {
            "name": status.method.name.get(locale),
            "id": status.method.id,
            "uses_coach_pair": any(r.kind == "coach_pair" for phase in status.method.phases for r in phase.requires),
            "judgement_question": (
                status.method.judgement_question.get(locale) if status.method.judgement_question else ""
            ),
            "closed": status.closed,
            "phase": status.phase.name.get(locale),
            "phase_description": status.phase.description.get(locale),
            "phases": [(step.phase.name.get(locale), str(step.state)) for step in status.phases],
            "requirements": [
                {"text": r.description.get(locale), "have": r.have, "need": r.need, "met": r.met}
                for r in status.requirements
            ],
            "can_advance": status.can_advance,
            "final": status.phase.final,
            "prompts": [p.text for p in prompts.prompts],
        },
        "methods": [],
    }


def setback_rows(db: Session, measure_id: int, today: date, working_days: int) -> list[SetbackRow]:
    """The measure's setbacks (newest first, at most 20) with the breached condition and the reporting record."""
    listed, _ = events.list_setbacks(db, measure_id, limit=20)
    ids = [s.id for s in listed]
    reports = (
        {r.setback_id: r for r in db.exec(select(BreachReport).where(col(BreachReport.setback_id).in_(ids)))}
        if ids
        else {}
    )
    conditions, _ = measures.conditions_of(db, [measure_id])
    texts = {c.id: c.text for c in conditions}
    return [
        SetbackRow(
            setback=s,
            condition_text=texts.get(s.condition_id) if s.condition_id else None,
            report=reports.get(s.id),  # type: ignore[arg-type]
            due=breaches.due(s, reports.get(s.id), today=today, working_days=working_days),  # type: ignore[arg-type]
        )
        for s in listed
    ]


def coach_candidates(db: Session, youth: Youth) -> list[User]:
    """Colleagues in the youth's team who can be a professional coach: not the youth's own worker, who joins
    where needed."""
    return list(
        db.exec(
            select(User)
            .where(
                User.team_id == youth.team_id,
                col(User.active).is_(True),
                col(User.role).in_(sorted(coach_pair.COACH_ROLES)),
                User.id != youth.worker_id,
            )
            .order_by(col(User.display_name))
        )
    )


def youth_page(
    db: Session, registry: MethodRegistry, youth_id: int, *, locale: str, today: date, working_days: int
) -> dict[str, Any]:
    """Everything the worker's page of one youth shows."""
    youth = youths.get_youth(db, youth_id)
    worker = db.get(User, youth.worker_id)
    measure = measures.current_measure(db, youth_id)
    week = week_of(today)
    context: dict[str, Any] = {
        "youth": youth,
        "worker_name": worker.display_name if worker else "",
        "measure": measure,
        "week": week,
        "today": today,
        "members": network.members(db, youth_id),
        "goals": [],
        "other_goals": [],
        "current": {},
        "earlier": {},
        "notes": {"went_well": "", "worries": "", "next_steps": ""},
        "charts": {},
        "method": None,
        "methods": [],
        "network_links": [],
        "coach_pair": None,
        "coach_candidates": [],
    }
    if measure is None:
        return context
    measure_id: int = measure.id  # type: ignore[assignment]
    now = utcnow()
    all_goals = goals.goals_of(db, measure_id)
    active = [g for g in all_goals if g.status == GoalStatus.ACTIVE]
    views = checkins.recent_check_ins(db, measure_id, limit=HISTORY_WEEKS)
    this = next((v for v in views if v.check_in.week == week), None)
    conditions, assessments = measures.conditions_of(db, [measure_id])
    successes, _ = events.list_successes(db, measure_id, limit=10)
    context.update(
        goals=active,
        other_goals=[g for g in all_goals if g.status != GoalStatus.ACTIVE],
        current={(s.goal_id, s.rater_kind): s.value for s in this.scores} if this else {},
        earlier=earlier_scores(views, week),
        notes={k: getattr(this.check_in, k) for k in ("went_well", "worries", "next_steps")} if this else {},
        charts={g.id: score_chart(g.id, views) for g in active},  # type: ignore[misc]
        conditions=conditions,
        assessments=assessments,
        successes=successes,
        goal_titles={g.id: g.title for g in all_goals},
        setbacks=setback_rows(db, measure_id, today, working_days),
        reportable=sorted(REPORTABLE_SETBACK_KINDS),
        mapping_sessions=mapping.mapping_sessions(db, measure_id),
        meetings=artefacts.meetings(db, measure_id),
        conferences=conferences.conferences_of(db, measure_id),
        network_links=[(link, member, status_of(link, now)) for link, member in links_of(db, measure_id)],
        **plan_context(db, measure_id),
        coach_pair=coach_pair.coach_pair(db, measure_id),
        coach_candidates=coach_candidates(db, youth),
        mapping_kinds=list(mapping.SessionKind),
        **method_context(db, registry, measure, locale),
    )
    if not context["notes"]:
        context["notes"] = {"went_well": "", "worries": "", "next_steps": ""}
    return context
