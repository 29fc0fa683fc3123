"""The worker's pages: the weekly round (``/caseload``) and the page of one youth with its week form.

The week form saves in one transaction what a worker records of a week: the scores per goal (youth and worker), the
three notes, a success, a setback, and for a breach or new suspicion whether it was reported back. Saving it does
the week's round. A refused form comes back with every message next to its field and everything typed still in
place; nothing is stored.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from typing import Any

import msgspec
from litestar import Controller, Request, get, post
from litestar.params import FromPath
from litestar.response import Redirect, Template
from sqlmodel import Session

from ..casefile import breaches, checkins, events, measures
from ..casefile.audit import Access
from ..casefile.errors import DomainError, NotFound
from ..casefile.fields import today
from ..casefile.vocab import (
    AuditAction,
    RaterKind,
    SetbackKind,
    SetbackResponse,
    Severity,
)
from ..casefile.weekly_round import RoundRow, RoundStatus, weekly_round
from ..casefile.weeks import week_of
from ..methods import workflow
from ..settings import Settings
from .case_view import youth_page
from .deps import AppSettings, Audit, CurrentUser, DbSession
from .forms import Checker, Refused
from .guards import STAFF, rule
from .rendering import Form, form_id, not_saved, page_locale, render, saved_notice

log = logging.getLogger(__name__)
R, C, U = AuditAction.READ, AuditAction.CREATE, AuditAction.UPDATE
NOTES = ("went_well", "worries", "next_steps")
#: Said next to a part of the week form that the case file refused (its own message goes to the log).
PART_NOT_SAVED = "This part could not be saved as typed; check it and try again."

SORTS = ("status", "name", "end", "attention")
SHOWS = ("all", "todo", "attention")
_STATUS_ORDER = {RoundStatus.OVERDUE: 0, RoundStatus.TODO: 1, RoundStatus.DONE: 2, RoundStatus.NONE: 3}


def _sorted(rows: list[RoundRow], sort: str) -> list[RoundRow]:
    if sort == "name":
        return sorted(rows, key=lambda r: (r.youth_name.casefold(), r.youth_id))
    if sort == "end":
        return sorted(rows, key=lambda r: (r.planned_end is None, r.planned_end, r.youth_name.casefold()))
    if sort == "attention":
        return sorted(
            rows,
            key=lambda r: (-r.overdue_breaches, -r.undecided_breaches, -r.open_setbacks, r.youth_name.casefold()),
        )
    return sorted(rows, key=lambda r: (_STATUS_ORDER[r.status], r.youth_name.casefold()))


def _shown(rows: list[RoundRow], show: str) -> list[RoundRow]:
    if show == "todo":
        return [r for r in rows if r.status in (RoundStatus.TODO, RoundStatus.OVERDUE)]
    if show == "attention":
        return [r for r in rows if r.needs_attention]
    return rows


@dataclass
class WeekForm:
    """The week form as typed: what to store, and what was typed (by element id) to show it again."""

    week: checkins.CheckInWrite
    success: events.SuccessCreate | None
    setback: events.SetbackCreate | None
    report: breaches.BreachReportWrite | None


def read_week_form(data: dict[str, str], typed: dict[str, str]) -> WeekForm:
    """Check the week form field by field (every message at once) and build what the case file takes."""
    check = Checker()
    scores = []
    for key, value in data.items():
        rater, _, goal = key.partition("_")
        if rater not in (RaterKind.WORKER, RaterKind.YOUTH):
            continue
        goal_id = form_id(goal)
        if goal_id is None:
            raise DomainError(f"the week form has a score field {key!r} for no goal")
        field = f"{rater[0]}-{goal_id}"
        typed[field] = value
        score = check.score(field, value, required=False)
        if score is not None:
            scores.append({"goal_id": goal_id, "rater": rater, "value": score})
    notes = {k: data.get(k, "") for k in NOTES}
    typed.update(notes)
    for name, value in notes.items():
        check.text(name, value, required=False)
    success = _read_success(data, check, typed)
    setback = _read_setback(data, check, typed)
    report = _read_report(data, check, typed, setback)
    check.done()
    week = msgspec.convert({**notes, "scores": scores}, checkins.CheckInWrite)
    return WeekForm(week, success, setback, report)


def _read_success(data: dict[str, str], check: Checker, typed: dict[str, str]) -> events.SuccessCreate | None:
    fields = {"success-text": "success_text", "success-goal": "success_goal", "success-date": "success_date"}
    for element, name in fields.items():
        typed[element] = data.get(name, "")
    text = typed["success-text"]
    if not text.strip():
        return None
    check.text("success-text", text, required=True)
    day = check.day("success-date", typed["success-date"] or today().isoformat(), required=True)
    goal = typed["success-goal"]
    goal_id = form_id(goal)
    if goal.strip() and goal_id is None:
        check.add("success-goal", "Choose one of the goals, or no particular goal.")
    if check.errors or day is None:
        return None
    return msgspec.convert({"occurred_on": day, "text": text, "goal_id": goal_id}, events.SuccessCreate)


def _read_setback(data: dict[str, str], check: Checker, typed: dict[str, str]) -> events.SetbackCreate | None:
    names = ("kind", "severity", "date", "condition", "text", "response", "response_note")
    for name in names:
        typed[f"setback-{name}"] = data.get(f"setback_{name}", "")
    if not typed["setback-kind"].strip() and not typed["setback-text"].strip():
        return None
    kind = check.choice("setback-kind", typed["setback-kind"], list(SetbackKind), required=True)
    severity = check.choice("setback-severity", typed["setback-severity"], list(Severity), required=True)
    response = check.choice("setback-response", typed["setback-response"], list(SetbackResponse), required=False)
    day = check.day("setback-date", typed["setback-date"] or today().isoformat(), required=True)
    check.text("setback-text", typed["setback-text"], required=True, empty="Describe what happened.")
    check.text("setback-response_note", typed["setback-response_note"], required=False)
    condition = typed["setback-condition"]
    condition_id = form_id(condition)
    if condition.strip() and condition_id is None:
        check.add("setback-condition", "Choose one of the conditions.")
    if kind == SetbackKind.CONDITION_BREACH and condition_id is None:
        check.add("setback-condition", "Say which condition was breached.")
    if check.errors or kind is None or severity is None or day is None:
        return None
    fields = {
        "occurred_on": day,
        "kind": kind,
        "severity": severity,
        "text": typed["setback-text"],
        "condition_id": condition_id,
        "response": response or SetbackResponse.NONE_YET,
        "response_note": typed["setback-response_note"],
    }
    return msgspec.convert(fields, events.SetbackCreate)


REPORT_FIELDS = ("om", "om_on", "raad", "raad_on", "expert", "expert_name", "expert_on", "reason", "note")


def read_report(
    data: dict[str, str], check: Checker, typed: dict[str, str], prefix: str = "report"
) -> breaches.BreachReportWrite | None:
    """The reporting record of a breach as typed (fields ``<prefix>_om`` …), or None when nothing is filled in.
    A day the OM or the Raad was informed is required once it is ticked; a reason when neither was."""
    for name in REPORT_FIELDS:
        typed[f"{prefix}-{name}"] = data.get(f"{prefix}_{name}", "")
    if not any(typed[f"{prefix}-{name}"].strip() for name in REPORT_FIELDS):
        return None
    om, raad, expert = (typed[f"{prefix}-{n}"] == "yes" for n in ("om", "raad", "expert"))
    om_on = check.day(f"{prefix}-om_on", typed[f"{prefix}-om_on"], required=om)
    raad_on = check.day(f"{prefix}-raad_on", typed[f"{prefix}-raad_on"], required=raad)
    expert_on = check.day(f"{prefix}-expert_on", typed[f"{prefix}-expert_on"], required=False)
    check.text(f"{prefix}-expert_name", typed[f"{prefix}-expert_name"], required=False, max_length=120)
    reason = check.text(f"{prefix}-reason", typed[f"{prefix}-reason"], required=not (om or raad))
    if (om or raad) and reason.strip():
        check.add(f"{prefix}-reason", "Leave the reason empty: the breach was reported back.")
    check.text(f"{prefix}-note", typed[f"{prefix}-note"], required=False)
    if check.errors:
        return None
    fields = {
        "om_informed": om,
        "om_informed_on": om_on if om else None,
        "raad_informed": raad,
        "raad_informed_on": raad_on if raad else None,
        "expert_consulted": expert,
        "expert_consulted_on": expert_on if expert else None,
        "expert_name": typed[f"{prefix}-expert_name"] if expert else "",
        "not_reported_reason": reason if not (om or raad) else "",
        "note": typed[f"{prefix}-note"],
    }
    return msgspec.convert(fields, breaches.BreachReportWrite)


def _read_report(
    data: dict[str, str], check: Checker, typed: dict[str, str], setback: events.SetbackCreate | None
) -> breaches.BreachReportWrite | None:
    report = read_report(data, check, typed)
    if report is not None and setback is None and not check.errors:
        check.add("report-om", "Record the setback this reporting belongs to, above.")
    return report


class WorkerPagesController(Controller):
    include_in_schema = False

    @get("/caseload", opt=rule(STAFF, action=R, object_type="youth"), sync_to_thread=False)
    def caseload(
        self, request: Request, db: DbSession, actor: CurrentUser, audit: Audit, settings: AppSettings
    ) -> Template:
        """This week's round: per youth whether the week is entered, the latest scores, what needs attention.
        Sorted and filtered by plain links (``?sort=…&show=…``)."""
        sort = request.query_params.get("sort", "status")
        show = request.query_params.get("show", "all")
        sort = sort if sort in SORTS else "status"
        show = show if show in SHOWS else "all"
        rows = weekly_round(db, actor, today=today(), working_days=settings.breach_report_working_days)
        audit.set_youths([r.youth_id for r in rows], "youth")
        shown = _sorted(_shown(rows, show), sort)
        counts = {status: sum(1 for r in rows if r.status == status) for status in RoundStatus}
        return render(
            request,
            "caseload.html",
            "Caseload",
            rows=shown,
            total=len(rows),
            counts=counts,
            sort=sort,
            show=show,
            this_week=week_of(today()),
            wide=True,
        )

    @get(
        "/jongeren/{youth_id:int}",
        opt=rule(STAFF, scope="youth", action=R, object_type="youth"),
        sync_to_thread=False,
    )
    def youth(self, request: Request, db: DbSession, settings: AppSettings, youth_id: FromPath[int]) -> Template:
        """One youth: the week form with last week's scores beside each field, the method's phase, the charts,
        the goals, conditions, network, setbacks, successes, mapping sessions and meetings."""
        return show_youth(request, db, settings, youth_id)

    @post(
        "/jongeren/{youth_id:int}/week",
        opt=rule(STAFF, scope="youth", action=U, object_type="check_in"),
        sync_to_thread=False,
    )
    def save_week(
        self,
        request: Request,
        db: DbSession,
        actor: CurrentUser,
        audit: Audit,
        settings: AppSettings,
        youth_id: FromPath[int],
        data: Form,
    ) -> Any:
        """The week as one form: scores, notes, a success, a setback and its reporting record, all or nothing."""
        measure = measures.current_measure(db, youth_id)
        typed: dict[str, str] = {}
        part = ""
        try:
            try:
                if measure is None:
                    raise DomainError("there is no measure to record a week for")
                form = read_week_form(data, typed)
                measure_id: int = measure.id  # type: ignore[assignment]
                view = checkins.record_check_in(db, actor, measure_id, data.get("week", ""), form.week)
                audit.set_object(view.check_in.id)
                if form.success is not None:
                    part = "success-text"
                    success = events.record_success(db, actor, measure_id, form.success)
                    audit.accesses.append(Access(youth_id, C, "success", success.id))
                if form.setback is not None:
                    part = "setback-text"
                    setback = events.record_setback(db, actor, measure_id, form.setback)
                    audit.accesses.append(Access(youth_id, C, "setback", setback.id))
                    if form.report is not None:
                        part = "report-om"
                        row = breaches.record_report(db, actor, setback.id, form.report, today=today())  # type: ignore[arg-type]
                        audit.accesses.append(Access(youth_id, U, "breach_report", row.id))
            except (DomainError, msgspec.ValidationError, ValueError) as exc:
                refusal = not_saved(exc)
                if part:
                    refusal = Refused({part: (PART_NOT_SAVED, {})})
                raise refusal from exc
        except Refused as refused:
            db.rollback()
            audit.accesses, audit.status_code = audit.accesses[:1], 422
            audit.set_object(None)
            here = f"/jongeren/{youth_id}"
            return show_youth(request, db, settings, youth_id, 422, errors=refused.errors, typed=typed, here=here)
        return Redirect(f"/jongeren/{youth_id}?saved=week#week", status_code=303)

    @post(
        "/jongeren/{youth_id:int}/fase",
        opt=rule(STAFF, scope="youth", action=U, object_type="method_enrolment"),
        sync_to_thread=False,
    )
    def advance(
        self,
        request: Request,
        db: DbSession,
        actor: CurrentUser,
        settings: AppSettings,
        youth_id: FromPath[int],
        data: Form,
    ) -> Any:
        """Move the measure on to the method's next phase (only when the current phase's needs are met)."""
        measure = measures.current_measure(db, youth_id)
        try:
            if measure is None:
                raise NotFound("there is no measure")
            workflow.advance(db, actor, measure.id, request.app.state.methods, data.get("note", ""))  # type: ignore[arg-type]
        except DomainError as exc:
            db.rollback()
            log.info("phase not advanced: %s", exc)
            errors = {"advance": ("The next phase needs what is still listed as missing.", {})}
            here = f"/jongeren/{youth_id}"
            return show_youth(request, db, settings, youth_id, 422, errors=errors, typed={}, here=here)
        return Redirect(f"/jongeren/{youth_id}?saved=phase#methode", status_code=303)

    @post(
        "/terugvallen/{setback_id:int}/terugmelding",
        opt=rule(STAFF, scope="setback", action=U, object_type="breach_report"),
        sync_to_thread=False,
    )
    def report_breach(
        self,
        request: Request,
        db: DbSession,
        actor: CurrentUser,
        audit: Audit,
        settings: AppSettings,
        setback_id: FromPath[int],
        data: Form,
    ) -> Any:
        """Whether an earlier breach was reported back to the OM and the Raad, or why not."""
        setback = breaches.get_setback(db, setback_id)
        youth_id = measures.get_measure(db, setback.measure_id).youth_id
        typed: dict[str, str] = {}
        prefix = f"report{setback_id}"
        try:
            try:
                check = Checker()
                report = read_report(data, check, typed, prefix)
                if report is None and not check.errors:
                    check.add(f"{prefix}-om", "Say whether the OM or the Raad was informed, or why not.")
                check.done()
                row = breaches.record_report(db, actor, setback_id, report, today=today())  # type: ignore[arg-type]
            except (DomainError, msgspec.ValidationError, ValueError) as exc:
                log.info("reporting record refused: %s", exc)
                raise Refused({f"{prefix}-om": (PART_NOT_SAVED, {})}) from exc
        except Refused as refused:
            db.rollback()
            here = f"/jongeren/{youth_id}"
            return show_youth(request, db, settings, youth_id, 422, errors=refused.errors, typed=typed, here=here)
        audit.set_object(row.id, youth_id=youth_id)
        return Redirect(f"/jongeren/{youth_id}?saved=report#terugvallen", status_code=303)


def show_youth(
    request: Request, db: Session, settings: Settings, youth_id: int, status_code: int = 200, **extra: Any
) -> Template:
    """The page of one youth (again, with ``errors`` and ``typed`` after a refused form)."""
    context = youth_page(
        db,
        request.app.state.methods,
        youth_id,
        locale=page_locale(request),
        today=today(),
        working_days=settings.breach_report_working_days,
    )
    notice = saved_notice(request)
    return render(
        request,
        "youth_record.html",
        context["youth"].display_name,
        status_code,
        notice=notice,
        link_days=settings.network_link_days,
        **context,
        **extra,
    )
