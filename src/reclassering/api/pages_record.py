"""The worker's pages that build a youth's record: a new youth, a measure with its conditions, the method it
follows, goals (add, reword, pause, mark achieved, with GAS levels), compliance with a condition, and network
members. Each form calls the case file's own operation; a refused form comes back with the messages next to
its fields and what was typed still there."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import msgspec
from litestar import Controller, Request, get, post
from litestar.params import FromPath
from litestar.response import Redirect, Template
from sqlmodel import Session

from ..casefile import goals, measures, network, users, youths
from ..casefile.errors import DomainError, NotFound
from ..casefile.fields import today
from ..casefile.models import User
from ..casefile.vocab import (
    AuditAction,
    Compliance,
    ConditionKind,
    GoalStatus,
    ImposedBy,
    LifeDomain,
    MeasureKind,
    NetworkRole,
    Role,
)
from ..methods import workflow
from ..settings import Settings
from .audit_hook import AuditContext
from .deps import AppSettings, Audit, CurrentUser, DbSession
from .forms import Checker, Refused
from .guards import STAFF, rule
from .pages_worker import show_youth
from .rendering import Form, form_id, not_saved, render, saved_notice

C, U = AuditAction.CREATE, AuditAction.UPDATE
BIRTH_YEARS = (1990, 2100)
MAX_CONDITIONS = 30


def refusing(write: Callable[[], Any]) -> Any:
    """Run a write of the case file; its refusal becomes the page's "could not be saved"."""
    try:
        return write()
    except (DomainError, msgspec.ValidationError, ValueError) as exc:
        raise not_saved(exc) from exc


def _team_workers(db: Session, actor: User) -> list[User]:
    """The active workers of the actor's team, to assign a new youth to."""
    workers, _ = users.list_users(db, role=Role.WORKER, team_id=actor.team_id, limit=200)
    return [w for w in workers if w.active]


def _lines(text: str) -> list[str]:
    return [line.strip() for line in text.splitlines() if line.strip()]


def on_youth_page(
    request: Request,
    db: Session,
    settings: Settings,
    audit: AuditContext,
    youth_id: int,
    typed: dict[str, str],
    write: Callable[[], tuple[int | None, str]],
) -> Any:
    """Run a change shown on the youth's page: on success go back to its section, else show the page with the
    messages and what was typed."""
    try:
        object_id, anchor = write()
    except Refused as refused:
        db.rollback()
        audit.status_code = 422
        here = f"/jongeren/{youth_id}"
        return show_youth(request, db, settings, youth_id, 422, errors=refused.errors, typed=typed, here=here)
    audit.set_object(object_id, youth_id=youth_id)
    return Redirect(f"/jongeren/{youth_id}?saved={anchor}#{anchor}", status_code=303)


class RecordPagesController(Controller):
    include_in_schema = False

    # --- a new youth ---------------------------------------------------------------------------------------

    @get("/jongeren/nieuw", opt=rule(STAFF), sync_to_thread=False)
    def new_youth_page(self, request: Request, db: DbSession, actor: CurrentUser) -> Template:
        return self._new_youth(request, db, actor)

    def _new_youth(self, request: Request, db: Session, actor: User, status: int = 200, **extra: Any) -> Template:
        return render(request, "youth_new.html", "New youth", status, workers=_team_workers(db, actor), **extra)

    @post("/jongeren/nieuw", opt=rule(STAFF, action=C, object_type="youth"), sync_to_thread=False)
    def create_youth(self, request: Request, db: DbSession, actor: CurrentUser, audit: Audit, data: Form) -> Any:
        """A youth on a caseload: the actor's own, or for a supervisor one of the team's workers."""
        typed = {k: data.get(k.replace("youth-", ""), "") for k in ("youth-name", "youth-birth_year", "youth-worker")}
        try:
            check = Checker()
            check.text("youth-name", typed["youth-name"], required=True, max_length=120, empty="Fill in a name.")
            year = typed["youth-birth_year"].strip()
            if not (year.isdigit() and BIRTH_YEARS[0] <= int(year) <= BIRTH_YEARS[1]):
                check.add("youth-birth_year", "Fill in a year of birth, for example %(example)s.", example="2010")
            elif not youths.MIN_AGE <= today().year - int(year) <= youths.MAX_AGE:
                check.add("youth-birth_year", "Youth probation is for ages 12 to 23; check the year of birth.")
            worker_id = form_id(typed["youth-worker"])
            if actor.role != Role.WORKER and worker_id is None:
                check.add("youth-worker", "Choose the worker this youth is assigned to.")
            check.done()
            fields = {"display_name": typed["youth-name"], "birth_year": int(year), "worker_id": worker_id}
            youth = refusing(lambda: youths.create_youth(db, actor, msgspec.convert(fields, youths.YouthCreate)))
        except Refused as refused:
            db.rollback()
            audit.status_code = 422
            return self._new_youth(request, db, actor, 422, errors=refused.errors, typed=typed, here="/jongeren/nieuw")
        audit.set_object(youth.id, youth_id=youth.id)
        return Redirect(f"/jongeren/{youth.id}/maatregel/nieuw?saved=youth", status_code=303)

    # --- a measure with its conditions ------------------------------------------------------------------

    @get(
        "/jongeren/{youth_id:int}/maatregel/nieuw",
        opt=rule(STAFF, scope="youth", action=AuditAction.READ, object_type="youth"),
        sync_to_thread=False,
    )
    def new_measure_page(self, request: Request, db: DbSession, youth_id: FromPath[int]) -> Template:
        return self._new_measure(request, db, youth_id)

    def _new_measure(self, request: Request, db: Session, youth_id: int, status: int = 200, **extra: Any) -> Template:
        return render(
            request,
            "measure_new.html",
            "New measure",
            status,
            youth=youths.get_youth(db, youth_id),
            kinds=list(MeasureKind),
            imposers=list(ImposedBy),
            today=today(),
            notice=saved_notice(request),
            **extra,
        )

    @post(
        "/jongeren/{youth_id:int}/maatregel",
        opt=rule(STAFF, scope="youth", action=C, object_type="measure"),
        sync_to_thread=False,
    )
    def create_measure(self, request: Request, db: DbSession, audit: Audit, youth_id: FromPath[int], data: Form) -> Any:
        """The measure: its kind, who imposed it, its dates, and its conditions (one per line)."""
        names = ("kind", "imposed_by", "start_date", "planned_end", "probation_end", "case_number", "legal_basis")
        typed = {f"measure-{n}": data.get(n, "") for n in (*names, "index_offence", "special", "general")}
        try:
            check = Checker()
            kind = check.choice("measure-kind", typed["measure-kind"], list(MeasureKind), required=True)
            imposed_by = check.choice("measure-imposed_by", typed["measure-imposed_by"], list(ImposedBy), required=True)
            start = check.day("measure-start_date", typed["measure-start_date"], required=True, past=False)
            end = check.day("measure-planned_end", typed["measure-planned_end"], required=True, past=False)
            probation = check.day("measure-probation_end", typed["measure-probation_end"], required=False, past=False)
            if start and end and end < start:
                check.add("measure-planned_end", "The planned end lies before the start.")
            if start and probation and probation < start:
                check.add("measure-probation_end", "The probation time cannot end before the measure starts.")
            check.text("measure-case_number", typed["measure-case_number"], required=False, max_length=40)
            check.text("measure-legal_basis", typed["measure-legal_basis"], required=False, max_length=300)
            check.text("measure-index_offence", typed["measure-index_offence"], required=False)
            conditions = [
                {"text": line, "kind": kind_}
                for field, kind_ in (
                    ("measure-special", ConditionKind.SPECIAL),
                    ("measure-general", ConditionKind.GENERAL),
                )
                for line in _lines(typed[field])
            ]
            for field in ("measure-special", "measure-general"):
                if any(len(line) > 500 for line in _lines(typed[field])):
                    check.add(field, "Use at most %(max)s characters per condition.", max=500)
            if len(conditions) > MAX_CONDITIONS:
                check.add("measure-special", "Use at most %(max)s conditions.", max=MAX_CONDITIONS)
            check.done()
            fields = {
                "kind": kind,
                "imposed_by": imposed_by,
                "start_date": start.isoformat(),  # type: ignore[union-attr]
                "planned_end": end.isoformat(),  # type: ignore[union-attr]
                "probation_end": probation.isoformat() if probation else None,
                "case_number": typed["measure-case_number"].strip(),
                "legal_basis": typed["measure-legal_basis"],
                "index_offence": typed["measure-index_offence"],
                "conditions": conditions,
            }
            measure = refusing(
                lambda: measures.create_measure(db, youth_id, msgspec.convert(fields, measures.MeasureCreate))
            )
        except Refused as refused:
            db.rollback()
            audit.status_code = 422
            here = f"/jongeren/{youth_id}/maatregel/nieuw"
            return self._new_measure(request, db, youth_id, 422, errors=refused.errors, typed=typed, here=here)
        audit.set_object(measure.id)
        return Redirect(f"/jongeren/{youth_id}?saved=measure#methode", status_code=303)

    # --- on the youth's page ----------------------------------------------------------------------------

    def _on_youth_page(
        self,
        request: Request,
        db: Session,
        settings: Settings,
        audit: AuditContext,
        youth_id: int,
        typed: dict[str, str],
        write: Callable[[], tuple[int | None, str]],
    ) -> Any:
        return on_youth_page(request, db, settings, audit, youth_id, typed, write)

    @post(
        "/jongeren/{youth_id:int}/methode",
        opt=rule(STAFF, scope="youth", action=C, object_type="method_enrolment"),
        sync_to_thread=False,
    )
    def enrol(
        self,
        request: Request,
        db: DbSession,
        actor: CurrentUser,
        audit: Audit,
        settings: AppSettings,
        youth_id: FromPath[int],
        data: Form,
    ) -> Any:
        """Let the current measure follow a method, from its first phase."""
        registry = request.app.state.methods
        typed = {"method-id": data.get("method_id", "")}

        def write() -> tuple[int | None, str]:
            check = Checker()
            method_id = check.choice("method-id", typed["method-id"], registry.ids(), required=True)
            check.done()
            measure = measures.current_measure(db, youth_id)
            if measure is None:
                raise not_saved(NotFound("no measure to enrol"))
            enrolment, _ = refusing(lambda: workflow.enrol(db, actor, measure.id, method_id, registry))  # type: ignore[arg-type]
            return enrolment.id, "methode"

        return self._on_youth_page(request, db, settings, audit, youth_id, typed, write)

    @post(
        "/jongeren/{youth_id:int}/doelen",
        opt=rule(STAFF, scope="youth", action=C, object_type="goal"),
        sync_to_thread=False,
    )
    def add_goal(
        self,
        request: Request,
        db: DbSession,
        actor: CurrentUser,
        audit: Audit,
        settings: AppSettings,
        youth_id: FromPath[int],
        data: Form,
    ) -> Any:
        """A goal of the current measure in the youth's own words, with optional GAS levels."""
        typed = {f"goal-{k}": data.get(k, "") for k in ("title", "life_domain", "worry_statement", "sustain_weeks")}
        typed.update({f"goal-gas{k}": data.get(f"gas{k}", "") for k in goals.GAS_KEYS})

        def write() -> tuple[int | None, str]:
            check = Checker()
            check.text("goal-title", typed["goal-title"], required=True, max_length=300, empty="Write the goal down.")
            domain = check.choice("goal-life_domain", typed["goal-life_domain"], list(LifeDomain), required=True)
            check.text("goal-worry_statement", typed["goal-worry_statement"], required=False)
            sustain = _sustain(check, "goal-sustain_weeks", typed["goal-sustain_weeks"])
            gas = _gas(check, "goal-gas", typed)
            check.done()
            measure = measures.current_measure(db, youth_id)
            if measure is None:
                raise not_saved(NotFound("no measure for a goal"))
            fields = {
                "title": typed["goal-title"],
                "life_domain": domain,
                "worry_statement": typed["goal-worry_statement"],
                "sustain_weeks": sustain,
                "gas_levels": gas,
            }
            goal = refusing(
                lambda: goals.create_goal(db, actor, measure.id, msgspec.convert(fields, goals.GoalCreate))  # type: ignore[arg-type]
            )
            return goal.id, "doelen"

        return self._on_youth_page(request, db, settings, audit, youth_id, typed, write)

    @post("/doelen/{goal_id:int}", opt=rule(STAFF, scope="goal", action=U), sync_to_thread=False)
    def update_goal(
        self,
        request: Request,
        db: DbSession,
        audit: Audit,
        settings: AppSettings,
        goal_id: FromPath[int],
        data: Form,
    ) -> Any:
        """Reword a goal, pause it, mark it achieved (or active again), and set its GAS levels."""
        goal = goals.get_goal(db, goal_id)
        youth_id = measures.get_measure(db, goal.measure_id).youth_id
        prefix = f"goal{goal_id}"
        typed = {f"{prefix}-{k}": data.get(k, "") for k in ("title", "status")}
        typed.update({f"{prefix}-gas{k}": data.get(f"gas{k}", "") for k in goals.GAS_KEYS})

        def write() -> tuple[int | None, str]:
            check = Checker()
            check.text(f"{prefix}-title", typed[f"{prefix}-title"], required=True, max_length=300)
            status = check.choice(f"{prefix}-status", typed[f"{prefix}-status"], list(GoalStatus), required=True)
            gas = _gas(check, f"{prefix}-gas", typed)
            check.done()
            fields = {"title": typed[f"{prefix}-title"], "status": status, "gas_levels": gas}
            refusing(lambda: goals.update_goal(db, goal_id, msgspec.convert(fields, goals.GoalUpdate)))
            return goal_id, "doelen"

        return self._on_youth_page(request, db, settings, audit, youth_id, typed, write)

    @post(
        "/voorwaarden/{condition_id:int}/naleving",
        opt=rule(STAFF, scope="condition", action=C, object_type="condition_assessment"),
        sync_to_thread=False,
    )
    def assess_condition(
        self,
        request: Request,
        db: DbSession,
        actor: CurrentUser,
        audit: Audit,
        settings: AppSettings,
        condition_id: FromPath[int],
        data: Form,
    ) -> Any:
        """How far a condition was complied with, on a day."""
        condition = measures.get_condition(db, condition_id)
        youth_id = measures.get_measure(db, condition.measure_id).youth_id
        prefix = f"cond{condition_id}"
        typed = {f"{prefix}-{k}": data.get(k, "") for k in ("compliance", "assessed_on", "note")}

        def write() -> tuple[int | None, str]:
            check = Checker()
            compliance = check.choice(
                f"{prefix}-compliance", typed[f"{prefix}-compliance"], list(Compliance), required=True
            )
            day = check.day(
                f"{prefix}-assessed_on", typed[f"{prefix}-assessed_on"] or today().isoformat(), required=True
            )
            check.text(f"{prefix}-note", typed[f"{prefix}-note"], required=False)
            check.done()
            fields = {"assessed_on": day.isoformat(), "compliance": compliance, "note": typed[f"{prefix}-note"]}  # type: ignore[union-attr]
            row = refusing(
                lambda: measures.assess_condition(
                    db, actor, condition_id, msgspec.convert(fields, measures.AssessmentCreate)
                )
            )
            return row.id, "voorwaarden"

        return self._on_youth_page(request, db, settings, audit, youth_id, typed, write)

    @post(
        "/jongeren/{youth_id:int}/netwerk",
        opt=rule(STAFF, scope="youth", action=C, object_type="network_member"),
        sync_to_thread=False,
    )
    def add_member(
        self,
        request: Request,
        db: DbSession,
        audit: Audit,
        settings: AppSettings,
        youth_id: FromPath[int],
        data: Form,
    ) -> Any:
        """Someone in the youth's network: a parent, relative, coach, teacher, trainer or mentor."""
        typed = {f"member-{k}": data.get(k, "") for k in ("name", "role", "contact", "trusted", "trained")}

        def write() -> tuple[int | None, str]:
            check = Checker()
            check.text("member-name", typed["member-name"], required=True, max_length=120, empty="Fill in a name.")
            role = check.choice("member-role", typed["member-role"], list(NetworkRole), required=True)
            check.text("member-contact", typed["member-contact"], required=False, max_length=300)
            check.done()
            fields = {
                "name": typed["member-name"],
                "role": role,
                "contact": typed["member-contact"],
                "trusted_by_youth": typed["member-trusted"] == "yes",
                "trained_in_method": typed["member-trained"] == "yes",
            }
            member = refusing(
                lambda: network.add_member(db, youth_id, msgspec.convert(fields, network.NetworkMemberCreate))
            )
            return member.id, "netwerk"

        return self._on_youth_page(request, db, settings, audit, youth_id, typed, write)


def _sustain(check: Checker, field: str, value: str) -> int | None:
    value = value.strip()
    if not value:
        return None
    if not value.isdigit() or not 1 <= int(value) <= 104:
        check.add(field, "Fill in a number of weeks from 1 to 104.")
        return None
    return int(value)


def _gas(check: Checker, prefix: str, typed: dict[str, str]) -> dict[str, str]:
    """The five GAS levels as typed: all five described, or none."""
    levels = {key: typed[f"{prefix}{key}"] for key in goals.GAS_KEYS}
    filled = [key for key, text in levels.items() if text.strip()]
    for key, text in levels.items():
        check.text(f"{prefix}{key}", text, required=False, max_length=300)
    if filled and len(filled) < len(levels):
        for key, text in levels.items():
            if not text.strip():
                check.add(f"{prefix}{key}", "Describe every level from -2 to +2, or leave all five empty.")
    return {key: text for key, text in levels.items() if text.strip()} if filled else {}
