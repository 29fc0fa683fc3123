"""The youth's own page (``/mijn``), made for a phone: greeted by first name; their goals in their own words
with their line beside their worker's over the weeks; the scale's anchors where they score; their successes;
the three houses when the method offers them; their measure in plain words; the plain summary of their last
case conference; and who looked at their record and when. After a save it says "Saved", nothing more.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any
from zoneinfo import ZoneInfo

import msgspec
from litestar import Controller, Request, get, post
from litestar.response import Redirect, Template
from sqlmodel import Session

from ..casefile import (
    checkins,
    conference_decision,
    conferences,
    events,
    goals,
    measures,
    network,
    record_looks,
    youths,
)
from ..casefile.errors import DomainError
from ..casefile.fields import today
from ..casefile.models import Measure, User, Youth
from ..casefile.vocab import AuditAction, GoalStatus, RaterKind, Role
from ..casefile.weeks import week_of
from ..methods import artefacts, workflow
from ..methods.definition_schema import Audience, ScaleUse
from ..reports import memo
from ..reports.judgement import load_judgement
from ..reports.loader import data_version
from ..settings import Settings
from .audit_hook import AuditContext
from .deps import AppSettings, Audit, CurrentUser, DbSession
from .forms import Checker, Refused
from .guards import rule
from .i18n import date_as, translations
from .rendering import Form, form_id, not_saved, page_locale, render, saved_notice
from .safety_plan_view import youth_plan_context
from .score_chart import score_chart

YOUTH = frozenset({Role.YOUTH})
THREE_HOUSES = "three_houses"
R, C, U = AuditAction.READ, AuditAction.CREATE, AuditAction.UPDATE

#: The measure kinds in plain words for the youth (message ids; Dutch in the catalogue).
MEASURE_PLAIN = {
    "toezicht_begeleiding": "The judge or the public prosecutor decided that the youth probation service guides "
    "you. Your worker helps you and checks that you keep to the agreements.",
    "itb_harde_kern": "An intensive programme: your worker sees you often and helps you with school, work, "
    "free time and home, so that you do not get into trouble again.",
    "itb_criem": "An intensive programme: your worker sees you often and helps you with school, work, free "
    "time and home, so that you do not get into trouble again.",
    "gbm": "A training order from the judge: you follow a programme that helps you change how you act. "
    "Your worker guides you through it.",
    "voorwaardelijk": "You were given a sentence that you do not have to serve, as long as you keep to the "
    "conditions. Your worker helps you with that.",
    "pij_voorwaardelijk": "The judge gave you a PIJ order that does not start as long as you keep to the "
    "conditions and accept help. Your worker helps you with that.",
    "stp": "A programme during your stay in the youth institution that prepares you for going back home, "
    "school or work.",
    "leerplicht": "Because you missed a lot of school, your worker helps you and your parents to get you back "
    "to school.",
    "vrijwillig_raad": "The Child Protection Board asked the youth probation service to help you. You take "
    "part of your own free will.",
    "schorsing_vh": "You may wait for your court case at home instead of in custody, as long as you keep to "
    "the conditions. Your worker checks that with you.",
}

#: What part of the record an audit event concerns, in the youth's words (message ids).
LOOKED_AT = {
    "goal": "your goals",
    "progress_page": "your page",
    "check_in": "your scores",
    "progress": "your scores",
    "chart": "your scores",
    "success": "your successes",
    "setback": "your setbacks",
    "breach_report": "your setbacks",
    "network_member": "your network",
    "conference": "your case conference",
    "conference_report": "your case conference",
    "report_snapshot": "your case conference",
    "three_houses": "your three houses",
    "safety_plan": "your safety plan",
}
DID = {
    AuditAction.READ: "looked at %(what)s",
    AuditAction.CREATE: "added something to %(what)s",
    AuditAction.UPDATE: "changed %(what)s",
    AuditAction.DELETE: "removed something from %(what)s",
    AuditAction.EXPORT: "downloaded %(what)s",
    AuditAction.PRINT: "printed %(what)s",
    AuditAction.EXECUTE: "worked on %(what)s",
}
WHO = {
    Role.WORKER: "worker %(name)s",
    Role.SUPERVISOR: "supervisor %(name)s",
    Role.EXPERT: "behavioural expert %(name)s",
    Role.ADMIN: "administrator %(name)s",
}
YOUR_WORKER = "your worker %(name)s"
LOOKS_SHOWN = 30


@dataclass(frozen=True)
class Look:
    """One line of "who looked at my record": who, what they did to which part, on which day."""

    who: str
    did: str
    day: str


def who_looked(db: Session, youth: Youth, locale: str, timezone: str, limit: int = LOOKS_SHOWN) -> list[Look]:
    """Who of the staff read or changed the youth's record, newest first, one line per person, part and day;
    staff by role and display name, never usernames or addresses. Read from the trail folded per hour
    (``casefile.record_looks``): a record read many times a day (a caseload list, a page reloaded) gives a few
    rows, and every Dutch offset from UTC is whole hours, so the hours fall within the local days shown."""
    gettext = translations(locale).gettext
    zone = ZoneInfo(timezone)
    rows = record_looks.latest(db, youth.id, 20 * limit)  # type: ignore[arg-type]
    looks: list[Look] = []
    seen: set[tuple[Any, ...]] = set()
    this_year = today().year
    did_words: dict[tuple[str, str], str] = {}  # the same few parts and actions come back on every line
    for at, user_id, role, action, object_type, name in rows:
        day = at.astimezone(zone).date()
        did = did_words.get((action, object_type))
        if did is None:
            what = gettext(LOOKED_AT.get(object_type, "your record"))
            did = did_words[action, object_type] = gettext(DID.get(AuditAction(action), DID[AuditAction.READ])) % {
                "what": what
            }
        key = (user_id, day, did)
        if key in seen:
            continue
        seen.add(key)
        first_name = (name or "").split(" ")[0] or "?"
        template = YOUR_WORKER if user_id == youth.worker_id else WHO[Role(role)]
        pattern = "d MMMM" if day.year == this_year else "d MMMM y"
        looks.append(Look(who=gettext(template) % {"name": first_name}, did=did, day=date_as(day, pattern, locale)))
        if len(looks) == limit:
            break
    return looks


def _last_conference(db: Session, measure_id: int) -> dict[str, Any] | None:
    """The newest conference whose advice was signed off, with the decision and the outside outcome if known."""
    signed = [c for c in conferences.conferences_of(db, measure_id) if c.advice_signed_at is not None]
    if not signed:
        return None
    conference = signed[0]
    deliberation = conference_decision.deliberation_of(db, conference.id)  # type: ignore[arg-type]
    return {
        "conference": conference,
        "outside_outcome": deliberation.outside_outcome if deliberation else None,
        "outside_body": deliberation.outside_body if deliberation else None,
    }


def _method_context(db: Session, registry: Any, measure_id: int, locale: str) -> dict[str, Any]:
    """This week's questions of the measure's method and phase, its goal scale's anchors, and the youth tools
    it offers now."""
    enrolment = workflow.find_enrolment(db, measure_id)
    if enrolment is None or enrolment.closed_at is not None:
        return {"prompts": [], "houses_tool": None, "houses": None, "anchors": None}
    prompts = workflow.weekly_prompts(db, measure_id, registry, Audience.YOUTH, workflow.Locale(locale))
    method = registry.get(enrolment.method_id)
    scale = method.scale_for(ScaleUse.GOAL)
    tool = next((t for t in method.youth_tools_for(enrolment.current_phase) if t.id == THREE_HOUSES), None)
    history = artefacts.three_houses_history(db, measure_id) if tool is not None else []
    return {
        "prompts": [p.text for p in prompts.prompts],
        "anchors": (scale.anchors.low.get(locale), scale.anchors.high.get(locale)) if scale else None,
        "houses_tool": None
        if tool is None
        else {
            "name": tool.name.get(locale),
            "description": tool.description.get(locale),
            "parts": [
                {"id": part.id, "name": part.name.get(locale), "prompt": part.prompt.get(locale)} for part in tool.parts
            ],
        },
        "houses": history[0] if history else None,
    }


def my_page(request: Request, db: Session, actor: User, settings: Settings) -> dict[str, Any]:
    """Everything the youth's own page shows."""
    youth = youths.youth_of_account(db, actor.id)  # type: ignore[arg-type]
    measure = measures.current_measure(db, youth.id)  # type: ignore[arg-type]
    locale = page_locale(request)
    context: dict[str, Any] = {
        "youth": youth,
        "first_name": youth.display_name.split(" ")[0],
        "measure": measure,
        "goals": [],
        #: Their network, so a network member's own line in a chart is named (youth and members see each other).
        "members": network.members(db, youth.id),  # type: ignore[arg-type]
        "successes": [],
        "looks": who_looked(db, youth, locale, settings.timezone),
        "prompts": [],
        "houses_tool": None,
        "houses": None,
        "anchors": None,
        "last_conference": None,
        "safety_plan": None,
        "judgement": [],
    }
    if measure is None:
        return context
    measure_id: int = measure.id  # type: ignore[assignment]
    worker = db.get(User, youth.worker_id)
    registry = request.app.state.methods
    version = data_version(db, measure_id)
    context.update(
        memo.per_version(
            db, measure_id, version, "youth_page", (locale,), lambda: _measure_part(db, registry, measure_id, locale)
        ),
        plain=MEASURE_PLAIN.get(measure.kind, ""),
        worker_name=worker.display_name if worker else "",
        this_week=week_of(today()),
        **youth_plan_context(db, measure_id, settings.timezone),
    )
    return context


def _measure_part(db: Session, registry: Any, measure_id: int, locale: str) -> dict[str, Any]:
    """What the youth's page shows of the measure's data: computed once per data version (``memo.per_version``),
    since a youth who reloads their page, or comes back to it the same day, finds the same goals, charts,
    successes, conditions, method prompts and conference. Its rows are detached from ``db``, to be shared."""
    active = goals.goals_of(db, measure_id, GoalStatus.ACTIVE)
    views = checkins.recent_check_ins(db, measure_id, limit=26)
    latest = checkins.latest_scores(views)
    successes, _ = events.list_successes(db, measure_id, limit=20)
    conditions, _ = measures.conditions_of(db, [measure_id])
    part = _method_context(db, registry, measure_id, locale)
    part.update(
        conditions=[c for c in conditions if c.active],
        goals=active,
        charts={g.id: score_chart(g.id, views) for g in active},  # type: ignore[misc]
        latest={g.id: _latest_pair(latest, g.id) for g in active},
        successes=successes,
        last_conference=_last_conference(db, measure_id),
        judgement=load_judgement(db, measure_id),
    )
    last = part["last_conference"]
    memo.detached(db, [*active, *successes, *conditions, part["houses"], last["conference"] if last else None])
    return part


def _latest_pair(latest: dict[tuple[int, str], tuple[str, int]], goal_id: int) -> dict[str, Any]:
    youth = latest.get((goal_id, RaterKind.YOUTH))
    worker = latest.get((goal_id, RaterKind.WORKER))
    return {
        "youth": youth[1] if youth else None,
        "youth_week": youth[0] if youth else None,
        "worker": worker[1] if worker else None,
        "worker_week": worker[0] if worker else None,
    }


class YouthPagesController(Controller):
    include_in_schema = False

    @get("/mijn", opt=rule(YOUTH, action=R, object_type="progress_page"), sync_to_thread=False)
    def my_progress(
        self, request: Request, db: DbSession, actor: CurrentUser, audit: Audit, settings: AppSettings
    ) -> Template:
        """The youth's own page."""
        return self._page(request, db, actor, audit, settings)

    def _page(
        self,
        request: Request,
        db: Session,
        actor: User,
        audit: AuditContext,
        settings: Settings,
        status_code: int = 200,
        **extra: Any,
    ) -> Template:
        context = my_page(request, db, actor, settings)
        audit.set_object(context["youth"].id, youth_id=context["youth"].id)
        title = "My page"
        return render(request, "youth.html", title, status_code, notice=saved_notice(request), **context, **extra)

    def _write(
        self,
        request: Request,
        db: Session,
        actor: User,
        audit: AuditContext,
        settings: Settings,
        typed: dict[str, str],
        write: Callable[[Measure], tuple[int, str]],
    ) -> Any:
        """Run a youth's own change on their current measure: on success audit it and go back to the page
        (``write`` returns the new object's id and where to go); a refused form shows the page again with the
        messages next to the fields and ``typed`` (what was typed, by element id) still in them."""
        youth = youths.youth_of_account(db, actor.id)  # type: ignore[arg-type]
        measure = measures.current_measure(db, youth.id)  # type: ignore[arg-type]
        try:
            try:
                if measure is None:
                    raise DomainError("there is no measure yet to add this to")
                object_id, target = write(measure)
            except (DomainError, msgspec.ValidationError, ValueError) as exc:
                raise not_saved(exc) from exc
        except Refused as refused:
            db.rollback()
            audit.status_code = 422
            return self._page(
                request, db, actor, audit, settings, 422, errors=refused.errors, typed=typed, here="/mijn"
            )
        audit.set_object(object_id, youth_id=youth.id)
        return Redirect(target, status_code=303)

    @post("/mijn/huizen", opt=rule(YOUTH, action=C, object_type="three_houses"), sync_to_thread=False)
    def save_my_houses(
        self,
        request: Request,
        db: DbSession,
        actor: CurrentUser,
        audit: Audit,
        settings: AppSettings,
        data: Form,
    ) -> Any:
        """The youth fills in the three houses themself; each save is kept, the newest is current."""
        parts = {k: data.get(k, "") for k in ("worries", "good_things", "dreams")}

        def write(measure: Measure) -> tuple[int, str]:
            check = Checker()
            for name, value in parts.items():
                check.text(f"house-{name}", value, required=False)
            if not any(value.strip() for value in parts.values()):
                check.add("houses", "Fill in at least one of the three houses.")
            check.done()
            houses = msgspec.convert(parts, artefacts.ThreeHousesCreate)
            row = artefacts.save_three_houses(db, actor, measure.id, houses)  # type: ignore[arg-type]
            return row.id, "/mijn?saved=houses#huizen"  # type: ignore[return-value]

        typed = {f"house-{name}": value for name, value in parts.items()}
        return self._write(request, db, actor, audit, settings, typed, write)

    @post("/mijn/succes", opt=rule(YOUTH, action=C, object_type="success"), sync_to_thread=False)
    def add_my_success(
        self,
        request: Request,
        db: DbSession,
        actor: CurrentUser,
        audit: Audit,
        settings: AppSettings,
        data: Form,
    ) -> Any:
        """A success the youth writes down; it is stored and shown as noticed by the youth."""
        text, goal = data.get("text", ""), data.get("goal_id", "")

        def write(measure: Measure) -> tuple[int, str]:
            check = Checker()
            check.text("success-text", text, required=True, empty="Write down what went well.")
            goal_id = form_id(goal)
            if goal.strip() and goal_id is None:
                check.add("success-goal", "Choose one of your goals, or no particular goal.")
            check.done()
            fields = {"occurred_on": today().isoformat(), "text": text, "goal_id": goal_id}
            success = events.record_success(db, actor, measure.id, msgspec.convert(fields, events.SuccessCreate))  # type: ignore[arg-type]
            return success.id, "/mijn?saved=success#successen"  # type: ignore[return-value]

        typed = {"success-text": text, "success-goal": goal}
        return self._write(request, db, actor, audit, settings, typed, write)

    @post("/mijn/score", opt=rule(YOUTH, action=U, object_type="check_in"), sync_to_thread=False)
    def add_my_score(
        self,
        request: Request,
        db: DbSession,
        actor: CurrentUser,
        audit: Audit,
        settings: AppSettings,
        data: Form,
    ) -> Any:
        """The youth's own 0-10 score for one goal, this week."""
        goal_id, value = form_id(data.get("goal_id")), data.get("value", "")
        field = f"score-{goal_id}"

        def write(measure: Measure) -> tuple[int, str]:
            if goal_id is None:
                raise DomainError("the score form names no goal")
            check = Checker()
            score = check.score(field, value, required=True)
            check.done()
            entry = checkins.ScoreEntry(goal_id=goal_id, rater=RaterKind.YOUTH, value=score)  # type: ignore[arg-type]
            week = checkins.CheckInWrite(scores=[entry])
            view = checkins.record_check_in(db, actor, measure.id, week_of(today()), week)  # type: ignore[arg-type]
            return view.check_in.id, f"/mijn?saved=score#goal-{goal_id}"  # type: ignore[return-value]

        return self._write(request, db, actor, audit, settings, {field: value}, write)
