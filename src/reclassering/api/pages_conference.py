"""The page of one case conference (``/overleg/{id}``): preparing the advice, signing it off, the decision and
the outside outcome.

Every form here calls the same case-file operation as the API (``casefile.conferences``,
``casefile.conference_decision``, and for sign-off ``api.reports.freeze_report``); there is no second
implementation of a rule. A refused form comes back as the same page with the message next to its field, in the
page's language, and everything typed still there; nothing is stored. A second sign-off is a 409 page naming who
signed and when.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import Any

import msgspec
from litestar import Controller, Request, get, post
from litestar.params import FromPath
from litestar.response import Redirect, Template
from sqlmodel import Session

from ..casefile import conference_decision as decision
from ..casefile import conferences
from ..casefile.errors import Conflict, DomainError
from ..casefile.fields import today
from ..casefile.models import User
from ..casefile.vocab import Addressee, AuditAction, OptionKind, OutsideBody, OutsideOutcome, ViewStatus
from ..settings import Settings
from .conference_view import MAX_PARTICIPANTS, conference_page
from .deps import AppSettings, Audit, CurrentUser, DbSession, in_thread
from .forms import WHOLE_FORM, Checker, Message, Refused
from .guards import STAFF, rule
from .i18n import moment
from .pages_attention import read_question
from .progress import provide_chart_cache
from .rendering import Form, not_saved, page_locale, render, saved_notice
from .reports import SUPERVISORS, freeze_report

log = logging.getLogger(__name__)
#: A second sign-off: who signed and when.
SIGNED_ALREADY = (
    "Version %(version)s of this advice was already signed off by %(name)s on %(when)s. It is signed off once; "
    "to change it, reopen it with a reason."
)
R, C, U = AuditAction.READ, AuditAction.CREATE, AuditAction.UPDATE
#: Said when the conference changed meanwhile (signed off, decided) so the form no longer applies.
CHANGED = "This conference has changed meanwhile (signed off or decided); the page now shows where it stands."


def _scoped(action: AuditAction, object_type: str = "conference", roles: Any = STAFF) -> dict[str, Any]:
    return rule(roles, scope="conference", action=action, object_type=object_type)


def show_conference(
    request: Request, db: Session, settings: Settings, conference_id: int, status_code: int = 200, **extra: Any
) -> Template:
    """The page of one conference (again, with ``errors`` and ``typed`` after a refused form)."""
    locale = page_locale(request)
    context = conference_page(db, request.app.state.methods, settings, conference_id, locale=locale, today=today())
    user = request.scope.get("user")
    return render(
        request,
        "conference.html",
        "Case conference",
        status_code,
        notice=saved_notice(request),
        is_signer=user is not None and user.role in SUPERVISORS,
        moment=lambda when: moment(when, locale, settings.timezone) if when else "–",
        wide=True,
        **context,
        **extra,
    )


def _attempt(
    request: Request,
    db: Session,
    settings: Settings,
    audit: Any,
    conference_id: int,
    typed: dict[str, str],
    write: Callable[[], Any],
    anchor: str,
    field: str,
    known: dict[str, Message] | None = None,
) -> Any:
    """Run a form's write; a refusal (of the form or the case file) shows the page again with the message at
    ``field`` (a case-file message containing a key of ``known`` gets that message instead)."""
    try:
        try:
            write()
        except Conflict as exc:
            log.info("conference form refused: %s", exc)
            raise Refused({field: (CHANGED, {})}) from exc
        except DomainError as exc:
            for part, message in (known or {}).items():
                if part in str(exc):
                    raise Refused({field: message}) from exc
            raise not_saved(exc) from exc
        except (msgspec.ValidationError, ValueError) as exc:
            raise not_saved(exc) from exc
    except Refused as refused:
        db.rollback()
        audit.status_code = 409 if CHANGED in [t for t, _ in refused.errors.values()] else 422
        errors = {k if k != WHOLE_FORM else field: v for k, v in refused.errors.items()}
        return show_conference(
            request,
            db,
            settings,
            conference_id,
            audit.status_code,
            errors=errors,
            typed=typed,
            here=f"/overleg/{conference_id}",
        )
    return Redirect(f"/overleg/{conference_id}?saved={anchor}#{anchor}", status_code=303)


def _view(check: Checker, data: dict[str, str], typed: dict[str, str], whose: str) -> dict[str, str] | None:
    status = typed[f"view-{whose}-status"] = data.get(f"{whose}_status", "")
    text = typed[f"view-{whose}-text"] = data.get(f"{whose}_text", "")
    chosen = check.choice(f"view-{whose}-status", status, list(ViewStatus), required=False)
    check.text(
        f"view-{whose}-text",
        text,
        required=chosen == ViewStatus.GIVEN,
        empty="Write the view in their own words, or mark it as declined.",
    )
    if chosen is None and text.strip():
        check.add(f"view-{whose}-status", "Say whether the view was given or declined.")
    return {"status": chosen, "text": text} if chosen else None


def _deliberation(data: dict[str, str], typed: dict[str, str]) -> decision.DeliberationWrite:
    check = Checker()
    typed["addressee"] = data.get("addressee", "")
    addressee = check.choice("addressee", typed["addressee"], list(Addressee), required=True)
    options = []
    for kind in OptionKind:
        parts = {name: data.get(f"option_{kind}_{name}", "") for name in ("weighed", "description", "pros", "cons")}
        for name, value in parts.items():
            typed[f"option-{kind}-{name}"] = value
        for name in ("description", "pros", "cons"):
            check.text(f"option-{kind}-{name}", parts[name], required=False)
        written = any(parts[n].strip() for n in ("description", "pros", "cons"))
        if parts["weighed"] != "yes" and not written:
            continue
        if kind is OptionKind.OTHER and not parts["description"].strip():
            check.add("option-other-description", "Describe the other option.")
        options.append({"kind": kind, **{n: parts[n] for n in ("description", "pros", "cons")}})
    for name in ("risks", "protective_factors"):
        typed[name] = data.get(name, "")
        check.text(name, typed[name], required=False)
    participants = []
    for index in range(1, MAX_PARTICIPANTS + 1):
        name = typed[f"participant-{index}-name"] = data.get(f"participant_{index}_name", "")
        role = typed[f"participant-{index}-role"] = data.get(f"participant_{index}_role", "")
        if not name.strip() and not role.strip():
            continue
        check.text(f"participant-{index}-name", name, required=True, max_length=120, empty="Fill in a name.")
        check.text(f"participant-{index}-role", role, required=True, max_length=120, empty="Fill in their role.")
        participants.append({"name": name, "role": role})
    check.done()
    fields = {
        "addressee": addressee,
        "options": options,
        "risks": typed["risks"],
        "protective_factors": typed["protective_factors"],
        "participants": participants,
    }
    return msgspec.convert(fields, decision.DeliberationWrite)


class ConferencePagesController(Controller):
    include_in_schema = False
    path = "/overleg/{conference_id:int}"

    @get("/", opt=_scoped(R), sync_to_thread=False)
    def page(self, request: Request, db: DbSession, settings: AppSettings, conference_id: FromPath[int]) -> Template:
        """One page to prepare the advice: charts, indicators, views, options, advice, sign-off and after."""
        return show_conference(request, db, settings, conference_id)

    @post("/advies", opt=_scoped(U), sync_to_thread=False)
    def advice(
        self,
        request: Request,
        db: DbSession,
        settings: AppSettings,
        audit: Audit,
        conference_id: FromPath[int],
        data: Form,
    ) -> Any:
        """The date, the question and the advice with its advised outcome (until sign-off)."""
        typed: dict[str, str] = {}

        def write() -> None:
            fields = _read_advice(data, typed)
            conferences.update_conference(db, conference_id, msgspec.convert(fields, conferences.ConferenceUpdate))

        known = {"before the measure started": ("This date lies before the measure started.", {})}
        return _attempt(request, db, settings, audit, conference_id, typed, write, "advies", "advice-text", known)

    @post("/zienswijzen", opt=_scoped(U, "deliberation"), sync_to_thread=False)
    def views(
        self,
        request: Request,
        db: DbSession,
        actor: CurrentUser,
        settings: AppSettings,
        audit: Audit,
        conference_id: FromPath[int],
        data: Form,
    ) -> Any:
        """The youth's and the parents' view (zienswijze): given in their own words, or declined."""
        typed: dict[str, str] = {}

        def write() -> None:
            check = Checker()
            fields = {"youth": _view(check, data, typed, "youth"), "parents": _view(check, data, typed, "parents")}
            check.done()
            decision.write_views(db, actor, conference_id, msgspec.convert(fields, decision.ViewsWrite))

        return _attempt(request, db, settings, audit, conference_id, typed, write, "zienswijzen", "view-youth-status")

    @post("/afweging", opt=_scoped(U, "deliberation"), sync_to_thread=False)
    def deliberation(
        self,
        request: Request,
        db: DbSession,
        actor: CurrentUser,
        settings: AppSettings,
        audit: Audit,
        conference_id: FromPath[int],
        data: Form,
    ) -> Any:
        """The addressee, the options weighed with pros and cons, risks, protective factors and who took part."""
        typed: dict[str, str] = {}

        def write() -> None:
            decision.write_deliberation(db, actor, conference_id, _deliberation(data, typed))

        return _attempt(request, db, settings, audit, conference_id, typed, write, "afweging", "addressee")

    @post("/aftekenen", opt=_scoped(U, roles=SUPERVISORS))
    @in_thread
    def sign_off(
        self,
        request: Request,
        db: DbSession,
        actor: CurrentUser,
        settings: AppSettings,
        audit: Audit,
        conference_id: FromPath[int],
        data: Form,
    ) -> Any:
        """Sign the advice off and freeze the report (as ``POST /api/v1/conferences/{id}/sign-off``); once per
        version: a second sign-off is a 409 page naming who signed and when."""
        try:
            conferences.sign_off(db, actor, conference_id)
            # the report's language as the API's sign-off chooses it (the signer's own, else the default)
            freeze_report(db, actor, settings, conference_id, cache=provide_chart_cache(request))
        except DomainError as exc:
            db.rollback()
            log.info("sign-off refused: %s", exc)
            conference = conferences.get_conference(db, conference_id)
            status, message = 422, _sign_off_message(db, request, settings, conference)
            if isinstance(exc, Conflict):
                status = 409
            audit.status_code = status
            return show_conference(
                request,
                db,
                settings,
                conference_id,
                status,
                errors={"signoff": message},
                typed={},
                here=f"/overleg/{conference_id}",
            )
        return Redirect(f"/overleg/{conference_id}?saved=signed#aftekenen", status_code=303)

    @post("/heropenen", opt=_scoped(C, "conference_reopening", SUPERVISORS), sync_to_thread=False)
    def reopen(
        self,
        request: Request,
        db: DbSession,
        actor: CurrentUser,
        settings: AppSettings,
        audit: Audit,
        conference_id: FromPath[int],
        data: Form,
    ) -> Any:
        """Reopen the signed-off advice, with the reason why (as ``POST …/reopen``)."""
        typed = {"reopen-reason": data.get("reason", "")}

        def write() -> None:
            check = Checker()
            check.text(
                "reopen-reason",
                typed["reopen-reason"],
                required=True,
                max_length=1000,
                empty="Say why the advice is reopened.",
            )
            check.done()
            row = conferences.reopen(db, actor, conference_id, conferences.ReopenCreate(reason=typed["reopen-reason"]))
            audit.set_object(row.id)

        return _attempt(request, db, settings, audit, conference_id, typed, write, "advies", "reopen-reason")

    @post("/besluit", opt=_scoped(U), sync_to_thread=False)
    def decide(
        self,
        request: Request,
        db: DbSession,
        actor: CurrentUser,
        settings: AppSettings,
        audit: Audit,
        conference_id: FromPath[int],
        data: Form,
    ) -> Any:
        """The conference's decision and its reasons (after sign-off, once)."""
        typed = {"decision-outcome": data.get("decision", ""), "decision-rationale": data.get("rationale", "")}

        def write() -> None:
            check = Checker()
            outcome = check.choice(
                "decision-outcome", typed["decision-outcome"], list(conferences.Outcome), required=True
            )
            check.text(
                "decision-rationale",
                typed["decision-rationale"],
                required=True,
                empty="Write the reasons for the decision.",
            )
            check.done()
            fields = {"decision": outcome, "rationale": typed["decision-rationale"]}
            conferences.record_decision(db, actor, conference_id, msgspec.convert(fields, conferences.DecisionCreate))

        return _attempt(request, db, settings, audit, conference_id, typed, write, "besluit", "decision-outcome")

    @post("/uitkomst", opt=_scoped(U, "deliberation"), sync_to_thread=False)
    def outside_outcome(
        self,
        request: Request,
        db: DbSession,
        actor: CurrentUser,
        settings: AppSettings,
        audit: Audit,
        conference_id: FromPath[int],
        data: Form,
    ) -> Any:
        """What the OM, the Raad or the judge decided, and when (after sign-off; may be corrected)."""
        typed = {f"outside-{n}": data.get(n, "") for n in ("decided_by", "outcome", "decided_on", "note")}

        def write() -> None:
            check = Checker()
            body = check.choice("outside-decided_by", typed["outside-decided_by"], list(OutsideBody), required=True)
            outcome = check.choice("outside-outcome", typed["outside-outcome"], list(OutsideOutcome), required=True)
            day = check.day("outside-decided_on", typed["outside-decided_on"], required=True)
            check.text("outside-note", typed["outside-note"], required=False)
            check.done()
            fields = {"decided_by": body, "outcome": outcome, "decided_on": day, "note": typed["outside-note"]}
            decision.record_outside_outcome(
                db,
                actor,
                conference_id,
                msgspec.convert(fields, decision.OutsideOutcomeWrite),
                today=today(),
            )

        known = {
            "lies before the conference": ("The outside decision cannot lie before the conference.", {}),
            "lies in the future": ("This date lies in the future.", {}),
        }
        return _attempt(
            request, db, settings, audit, conference_id, typed, write, "uitkomst", "outside-decided_on", known
        )


def _read_advice(data: dict[str, str], typed: dict[str, str]) -> dict[str, Any]:
    """The question form's fields and the advice with its advised outcome, all checked at once."""
    typed["advice-text"] = data.get("advice", "")
    typed["advice-outcome"] = data.get("advised_outcome", "")
    check = Checker()
    try:
        fields = read_question(data, typed)
    except Refused as refused:
        check.errors.update(refused.errors)
        fields = {}
    check.text("advice-text", typed["advice-text"], required=False)
    outcome = check.choice("advice-outcome", typed["advice-outcome"], list(conferences.Outcome), required=False)
    check.done()
    return {**fields, "advice": typed["advice-text"], "advised_outcome": outcome}


def _sign_off_message(db: Session, request: Request, settings: Settings, conference: Any) -> Message:
    """Why the sign-off was refused, in the page's words: who signed and when, for a second sign-off."""
    if conference.decided_at is not None:
        return ("The decision has been recorded; the advice can no longer be signed off.", {})
    if conference.advice_signed_at is not None:
        signer = db.get(User, conference.advice_by_id) if conference.advice_by_id else None
        when = moment(conference.advice_signed_at, page_locale(request), settings.timezone)
        return (
            SIGNED_ALREADY,
            {"version": conference.edition, "name": signer.display_name if signer else "?", "when": when},
        )
    return ("Write the advice and choose the advised outcome before signing off.", {})
