"""Server-rendered pages: the youth's own progress page and the worker's caseload and weekly entry.

Pages work on a phone and with a screen reader (semantic HTML, labels, no script needed). They use the
session cookie and carry a CSRF token in every form; they call the same domain operations as the API and
sit behind the same access guard and audit hook (every route has a ``rule``).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Annotated, Any

import msgspec
from litestar import Controller, Request, Response, get, post
from litestar.datastructures import Cookie
from litestar.enums import RequestEncodingType
from litestar.exceptions import NotAuthorizedException
from litestar.params import Body
from litestar.response import Redirect, Template
from sqlmodel import Session

from ..casefile import checkins, events, goals, measures, users, youths
from ..casefile.errors import DomainError
from ..casefile.fields import today
from ..casefile.models import Measure, User
from ..casefile.users import LoginThrottled
from ..casefile.vocab import AuditAction, GoalStatus, RaterKind, Role
from ..casefile.weeks import week_of
from ..methods import artefacts, workflow
from ..methods.definitions import Audience
from ..settings import Settings
from .audit_hook import AuditContext
from .auth import COOKIE, client_address, open_login, rotate_csrf
from .guards import EVERYONE, STAFF, rule
from .i18n import LANG_COOKIE, LOCALES, choose_locale, short_date, translations

YOUTH = frozenset({Role.YOUTH})
THREE_HOUSES = "three_houses"
#: A submitted HTML form: field name -> value.
Form = Annotated[dict[str, str], Body(media_type=RequestEncodingType.URL_ENCODED)]
R, C, U = AuditAction.READ, AuditAction.CREATE, AuditAction.UPDATE


def render(request: Request, template: str, title: str, status_code: int = 200, **context: Any) -> Template:
    """A page in the visitor's language, with the helpers every template uses."""
    settings: Settings = request.app.state.settings
    locale = choose_locale(request, settings.default_locale)
    gettext = translations(locale).gettext

    def _(message: str, **values: Any) -> str:
        text = gettext(message)
        return text % values if values else text

    cookies = []
    if request.query_params.get("lang") in LOCALES:
        cookies.append(Cookie(key=LANG_COOKIE, value=locale, max_age=365 * 86400, samesite="lax", path="/"))
    return Template(
        template_name=template,
        context={"_": _, "locale": locale, "me": request.scope.get("user"), "title": _(title), **context},
        status_code=status_code,
        cookies=cookies,
    )


def _form_error(exc: Exception) -> str:
    if isinstance(exc, DomainError):
        return exc.message
    return str(exc).split(" - at ")[0]


class PagesController(Controller):
    include_in_schema = False

    @get("/", opt=rule(EVERYONE), sync_to_thread=False)
    def home(self, actor: User) -> Redirect:
        """Where each role starts."""
        if actor.role == Role.YOUTH:
            return Redirect("/mijn")
        if actor.role == Role.ADMIN:
            return Redirect("/schema")
        return Redirect("/caseload")

    @get("/login", opt=rule(public=True), sync_to_thread=False)
    def login_page(self, request: Request) -> Template:
        return render(request, "login.html", "Log in")

    @post("/login", opt=rule(public=True), sync_to_thread=True)
    def login(self, request: Request, db: Session, settings: Settings, data: Form) -> Template | Response[Any]:
        username, password = data.get("username", "")[:64], data.get("password", "")[:1024]
        client = client_address(request, settings)
        try:
            login = open_login(db, settings, username, password, client)
        except LoginThrottled as exc:
            return render(request, "login.html", "Log in", 429, error=str(exc), username=username)
        except NotAuthorizedException:
            db.commit()  # keep the failed attempt for throttling
            return render(
                request,
                "login.html",
                "Log in",
                401,
                username=username,
                error=translations(choose_locale(request, settings.default_locale)).gettext(
                    "Unknown username or wrong password."
                ),
            )
        redirect = Redirect("/", status_code=303, cookies=[login.cookie])
        rotate_csrf(request, redirect)
        return redirect

    @post("/logout", opt=rule(EVERYONE), sync_to_thread=True)
    def logout(self, request: Request, db: Session) -> Redirect:
        token = request.cookies.get(COOKIE)
        if token:
            users.revoke_token(db, token)
        return Redirect("/login", status_code=303, cookies=[Cookie(key=COOKIE, value="", max_age=0, path="/")])

    # --- the youth's own page ---------------------------------------------------------------------------

    @get("/mijn", opt=rule(YOUTH, action=R, object_type="progress_page"), sync_to_thread=True)
    def my_progress(self, request: Request, db: Session, actor: User, audit: AuditContext) -> Template:
        """The youth's goals in their words, their scores next to the worker's, and their successes."""
        return self._my_page(request, db, actor, audit)

    def _my_page(
        self, request: Request, db: Session, actor: User, audit: AuditContext, status_code: int = 200, **extra: Any
    ) -> Template:
        youth = youths.youth_of_account(db, actor.id)  # type: ignore[arg-type]
        audit.set_object(youth.id, youth_id=youth.id)
        measure = measures.current_measure(db, youth.id)  # type: ignore[arg-type]
        context: dict[str, Any] = {
            "youth": youth,
            "measure": measure,
            "goals": [],
            "latest": {},
            "successes": [],
            "prompts": [],
            "houses_tool": None,
            "houses": None,
        }
        if measure is not None:
            locale = choose_locale(request, request.app.state.settings.default_locale)
            active = goals.goals_of(db, measure.id, GoalStatus.ACTIVE)  # type: ignore[arg-type]
            views, _ = checkins.list_check_ins(db, measure.id, limit=26)  # type: ignore[arg-type]
            latest = checkins.latest_scores(views)
            successes, _ = events.list_successes(db, measure.id, limit=20)  # type: ignore[arg-type]
            context.update(self._method_context(db, request, measure.id, locale))  # type: ignore[arg-type]
            context.update(
                goals=active,
                latest={g.id: _latest_pair(latest, g.id) for g in active},
                successes=[
                    {"day": short_date(s.occurred_on, locale), "text": s.text, "by_youth": s.author_role == Role.YOUTH}
                    for s in successes
                ],
            )
        notice = None
        if request.query_params.get("saved") in ("success", "score", "houses"):
            notice = translations(choose_locale(request, "nl")).gettext("Saved. Well done!")
        return render(request, "youth.html", "My progress", status_code, notice=notice, **context, **extra)

    @staticmethod
    def _method_context(db: Session, request: Request, measure_id: int, locale: str) -> dict[str, Any]:
        """This week's questions of the measure's method and phase, and the youth tools it offers now."""
        enrolment = workflow.find_enrolment(db, measure_id)
        if enrolment is None or enrolment.closed_at is not None:
            return {"prompts": [], "houses_tool": None, "houses": None}
        registry = request.app.state.methods
        prompts = workflow.weekly_prompts(db, measure_id, registry, Audience.YOUTH, workflow.Locale(locale))
        method = registry.get(enrolment.method_id)
        tool = next((t for t in method.youth_tools_for(enrolment.current_phase) if t.id == THREE_HOUSES), None)
        houses = None
        if tool is not None:
            history = artefacts.three_houses_history(db, measure_id)
            houses = history[0] if history else None
        return {
            "prompts": [p.text for p in prompts.prompts],
            "houses_tool": None
            if tool is None
            else {
                "name": tool.name.get(locale),
                "description": tool.description.get(locale),
                "parts": [
                    {"id": part.id, "name": part.name.get(locale), "prompt": part.prompt.get(locale)}
                    for part in tool.parts
                ],
            },
            "houses": houses,
        }

    def _youth_write(
        self,
        request: Request,
        db: Session,
        actor: User,
        audit: AuditContext,
        write: Callable[[Measure], tuple[int, str]],
    ) -> Any:
        """Run a youth's own change on their current measure: on success audit it and go back to the page
        (``write`` returns the new object's id and where to go); on bad input show the page with the message."""
        youth = youths.youth_of_account(db, actor.id)  # type: ignore[arg-type]
        measure = measures.current_measure(db, youth.id)  # type: ignore[arg-type]
        try:
            if measure is None:
                raise DomainError("there is no measure yet to add this to")
            object_id, target = write(measure)
        except (DomainError, msgspec.ValidationError, ValueError) as exc:
            db.rollback()
            return self._my_page(request, db, actor, audit, 422, error=_form_error(exc))
        audit.set_object(object_id, youth_id=youth.id)
        return Redirect(target, status_code=303)

    @post("/mijn/huizen", opt=rule(YOUTH, action=C, object_type="three_houses"), sync_to_thread=True)
    def save_my_houses(self, request: Request, db: Session, actor: User, audit: AuditContext, data: Form) -> Any:
        """The youth fills in the three houses themself; each save is kept, the newest is current."""

        def write(measure: Measure) -> tuple[int, str]:
            parts = {k: data.get(k, "") for k in ("worries", "good_things", "dreams")}
            houses = msgspec.convert(parts, artefacts.ThreeHousesCreate)
            row = artefacts.save_three_houses(db, actor, measure.id, houses)  # type: ignore[arg-type]
            return row.id, "/mijn?saved=houses#huizen"  # type: ignore[return-value]

        return self._youth_write(request, db, actor, audit, write)

    @post("/mijn/succes", opt=rule(YOUTH, action=C, object_type="success"), sync_to_thread=True)
    def add_my_success(self, request: Request, db: Session, actor: User, audit: AuditContext, data: Form) -> Any:
        """A success the youth writes down; it is stored and shown as noticed by the youth."""

        def write(measure: Measure) -> tuple[int, str]:
            goal_id = int(data["goal_id"]) if data.get("goal_id") else None
            fields = {"occurred_on": today().isoformat(), "text": data.get("text", ""), "goal_id": goal_id}
            success = events.record_success(db, actor, measure.id, msgspec.convert(fields, events.SuccessCreate))  # type: ignore[arg-type]
            return success.id, "/mijn?saved=success#successen"  # type: ignore[return-value]

        return self._youth_write(request, db, actor, audit, write)

    @post("/mijn/score", opt=rule(YOUTH, action=U, object_type="check_in"), sync_to_thread=True)
    def add_my_score(self, request: Request, db: Session, actor: User, audit: AuditContext, data: Form) -> Any:
        """The youth's own 0-10 score for one goal, this week."""

        def write(measure: Measure) -> tuple[int, str]:
            fields = {"goal_id": data.get("goal_id"), "rater": "youth", "value": data.get("value")}
            entry = msgspec.convert(fields, checkins.ScoreEntry, strict=False)
            week = checkins.CheckInWrite(scores=[entry])
            view = checkins.record_check_in(db, actor, measure.id, week_of(today()), week)  # type: ignore[arg-type]
            return view.check_in.id, f"/mijn?saved=score#goal-{entry.goal_id}"  # type: ignore[return-value]

        return self._youth_write(request, db, actor, audit, write)

    # --- the worker's pages -----------------------------------------------------------------------------

    @get("/caseload", opt=rule(STAFF, action=R, object_type="youth"), sync_to_thread=True)
    def caseload(self, request: Request, db: Session, actor: User, audit: AuditContext) -> Template:
        rows, _ = youths.caseload(db, actor, limit=200)
        audit.set_youths([r.youth.id for r in rows], "youth")  # type: ignore[misc]
        return render(request, "caseload.html", "Caseload", rows=rows, this_week=week_of(today()))

    @get(
        "/jongeren/{youth_id:int}",
        opt=rule(STAFF, scope="youth", action=R, object_type="check_in"),
        sync_to_thread=True,
    )
    def week_page(self, request: Request, db: Session, youth_id: int) -> Template:
        """This week's entry for one youth: a score per goal for worker and youth, and the three notes."""
        return self._week_page(request, db, youth_id)

    def _week_page(
        self, request: Request, db: Session, youth_id: int, status_code: int = 200, **extra: Any
    ) -> Template:
        youth = youths.get_youth(db, youth_id)
        measure = measures.current_measure(db, youth_id)
        week = week_of(today())
        context: dict[str, Any] = {
            "youth": youth,
            "measure": measure,
            "week": week,
            "goals": [],
            "current": {},
            "notes": {"went_well": "", "worries": "", "next_steps": ""},
        }
        if measure is not None:
            context["goals"] = goals.goals_of(db, measure.id, GoalStatus.ACTIVE)  # type: ignore[arg-type]
            context["measure_kind"] = measure.kind.replace("_", " ")
            views, _ = checkins.list_check_ins(db, measure.id, from_week=week, to_week=week)  # type: ignore[arg-type]
            if views:
                view = views[0]
                context["current"] = {(s.goal_id, s.rater_kind): s.value for s in view.scores}
                context["notes"] = {k: getattr(view.check_in, k) for k in ("went_well", "worries", "next_steps")}
        notice = (
            translations(choose_locale(request, "nl")).gettext("Week saved.")
            if request.query_params.get("saved")
            else None
        )
        return render(request, "week.html", "Weekly check-in", status_code, notice=notice, **context, **extra)

    @post(
        "/jongeren/{youth_id:int}/week",
        opt=rule(STAFF, scope="youth", action=U, object_type="check_in"),
        sync_to_thread=True,
    )
    def save_week(
        self, request: Request, db: Session, actor: User, audit: AuditContext, youth_id: int, data: Form
    ) -> Any:
        measure = measures.current_measure(db, youth_id)
        try:
            if measure is None:
                raise DomainError("there is no measure to record a week for")
            scores = [
                {"goal_id": int(key.split("_", 1)[1]), "rater": key.split("_", 1)[0], "value": value}
                for key, value in data.items()
                if key.split("_", 1)[0] in (RaterKind.WORKER, RaterKind.YOUTH) and str(value).strip() != ""
            ]
            notes = {k: data.get(k, "") for k in ("went_well", "worries", "next_steps")}
            week = msgspec.convert({**notes, "scores": scores}, checkins.CheckInWrite, strict=False)
            view = checkins.record_check_in(db, actor, measure.id, data.get("week", ""), week)  # type: ignore[arg-type]
        except (DomainError, msgspec.ValidationError, ValueError) as exc:
            db.rollback()
            return self._week_page(request, db, youth_id, 422, error=_form_error(exc))
        audit.set_object(view.check_in.id)
        return Redirect(f"/jongeren/{youth_id}?saved=1", status_code=303)


def _latest_pair(latest: dict[tuple[int, str], tuple[str, int]], goal_id: int) -> dict[str, Any]:
    youth = latest.get((goal_id, RaterKind.YOUTH))
    worker = latest.get((goal_id, RaterKind.WORKER))
    weeks = [w for w in (youth and youth[0], worker and worker[0]) if w]
    return {
        "youth": youth[1] if youth else None,
        "worker": worker[1] if worker else None,
        "week": max(weeks) if weeks else None,
    }
