"""Server-rendered pages: the youth's own progress page and the worker's caseload and weekly entry.

Pages work on a phone and with a screen reader (semantic HTML, labels, no script needed). They use the
session cookie and carry a CSRF token in every form; they call the same domain operations as the API and
sit behind the same access guard and audit hook (every route has a ``rule``).
"""

from __future__ import annotations

import logging
import math
from collections.abc import Callable, Mapping
from typing import Annotated, Any
from urllib.parse import urlencode

import msgspec
from litestar import Controller, MediaType, Request, Response, get, post
from litestar.datastructures import Cookie
from litestar.enums import RequestEncodingType
from litestar.exceptions import NotAuthorizedException
from litestar.params import Body
from litestar.response import Redirect, Template
from sqlalchemy import func, or_
from sqlmodel import Session, col, select

from ..casefile import checkins, events, goals, measures, users, youths
from ..casefile.errors import DomainError
from ..casefile.fields import today
from ..casefile.models import CheckIn, Measure, Score, User
from ..casefile.users import LoginThrottled
from ..casefile.vocab import AuditAction, GoalStatus, RaterKind, Role
from ..casefile.weeks import week_of
from ..methods import artefacts, workflow
from ..methods.definitions import Audience
from ..settings import Settings
from .audit_hook import AuditContext
from .auth import COOKIE, client_address, open_login, rotate_csrf
from .forms import WHOLE_FORM, Checker, Message, Refused, field_helpers
from .guards import ADMINS, EVERYONE, STAFF, rule
from .i18n import LANG_COOKIE, LOCALES, choose_locale, short_date, translations
from .navigation import after_login, home_of, safe_next, unread_notifications

log = logging.getLogger(__name__)

YOUTH = frozenset({Role.YOUTH})
THREE_HOUSES = "three_houses"
#: A submitted HTML form: field name -> value.
Form = Annotated[dict[str, str], Body(media_type=RequestEncodingType.URL_ENCODED)]
R, C, U = AuditAction.READ, AuditAction.CREATE, AuditAction.UPDATE


#: Said when a form fails on something the page itself cannot point at (a changed hidden field, a rule of
#: the case file); the details go to the log.
NOT_SAVED = "This could not be saved. Reload the page and try again."


def render(
    request: Request,
    template: str,
    title: str,
    status_code: int = 200,
    *,
    errors: Mapping[str, Message] | None = None,
    typed: Mapping[str, str] | None = None,
    here: str | None = None,
    **context: Any,
) -> Template:
    """A page in the visitor's language, with the helpers every template uses.

    ``errors`` (by element id) and ``typed`` (what was typed, by element id) make a refused form: the
    messages sit next to their fields and the fields keep their text. ``here`` is the page's own address
    when the request went elsewhere (a form's action), for the language link."""
    settings: Settings = request.app.state.settings
    locale = choose_locale(request, settings.default_locale)
    gettext = translations(locale).gettext

    def _(message: str, **values: Any) -> str:
        text = gettext(message)
        return text % values if values else text

    shown = {field: _(text, **values) for field, (text, values) in (errors or {}).items()}
    refused = typed is not None

    def typed_or(field: str, default: Any = "") -> Any:
        """What was typed in ``field`` when the form came back refused, else ``default``."""
        return (typed or {}).get(field, "") if refused else default

    cookies = []
    if request.query_params.get("lang") in LOCALES:
        cookies.append(Cookie(key=LANG_COOKIE, value=locale, max_age=365 * 86400, samesite="lax", path="/"))
    return Template(
        template_name=template,
        context={
            "_": _,
            "locale": locale,
            "me": request.scope.get("user"),
            "title": _(title),
            "errors": shown,
            "typed_or": typed_or,
            "other_language": _language_link(request, here, "en" if locale == "nl" else "nl"),
            "unread": unread_notifications(request),
            **field_helpers(shown),
            **context,
        },
        status_code=status_code,
        media_type=MediaType.HTML,
        cookies=cookies,
    )


def _language_link(request: Request, here: str | None, locale: str) -> str:
    """This page in the other language, keeping its query (a refused form links to the page it came from)."""
    if here is not None:
        return f"{here}?{urlencode({'lang': locale})}"
    query = [(k, v) for k, v in request.query_params.multi_items() if k not in ("lang", "saved")]
    return f"{request.url.path}?{urlencode([*query, ('lang', locale)])}"


def _not_saved(exc: Exception) -> Refused:
    """A refusal from the case file (or a form field the page never offers): said plainly, logged in full."""
    log.info("page form refused: %s", exc)
    return Refused({WHOLE_FORM: (NOT_SAVED, {})})


def _id(value: str | None) -> int | None:
    """A record id from a form field, or None when it is no id at all."""
    value = (value or "").strip()
    return int(value) if value.isdigit() and 1 <= int(value) <= 2**31 - 1 else None


class PagesController(Controller):
    include_in_schema = False

    @get("/", opt=rule(EVERYONE), sync_to_thread=False)
    def home(self, actor: User) -> Redirect:
        """Where each role starts."""
        return Redirect(home_of(actor.role))

    # --- logging in ---------------------------------------------------------------------------------------

    @get("/login", opt=rule(public=True), sync_to_thread=False)
    def login_page(self, request: Request) -> Template:
        return render(request, "login.html", "Log in", next=safe_next(request.query_params.get("next")))

    @post("/login", opt=rule(public=True), sync_to_thread=True)
    def login(self, request: Request, db: Session, settings: Settings, data: Form) -> Template | Response[Any]:
        username, password = data.get("username", ""), data.get("password", "")
        wanted = safe_next(data.get("next"))
        typed = {"username": username[:64]}

        def again(status: int, errors: Mapping[str, Message]) -> Template:
            return render(
                request, "login.html", "Log in", status, errors=errors, typed=typed, here="/login", next=wanted
            )

        check = Checker()
        check.text("username", username, required=True, max_length=64, empty="Fill in your username.")
        check.text("password", password, required=True, max_length=1024, empty="Fill in your password.")
        if check.errors:
            return again(422, check.errors)
        client = client_address(request, settings)
        try:
            login = open_login(db, settings, username, password, client)
        except LoginThrottled as exc:
            minutes = max(1, math.ceil(exc.retry_after / 60))
            message = ("Too many failed attempts. Try again in %(minutes)s minutes.", {"minutes": minutes})
            return again(429, {WHOLE_FORM: message})
        except NotAuthorizedException:
            db.commit()  # keep the failed attempt for throttling
            return again(401, {WHOLE_FORM: ("Unknown username or wrong password.", {})})
        redirect = Redirect(after_login(login.user.role, wanted), status_code=303, cookies=[login.cookie])
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
                raise _not_saved(exc) from exc
        except Refused as refused:
            db.rollback()
            return self._my_page(request, db, actor, audit, 422, errors=refused.errors, typed=typed, here="/mijn")
        audit.set_object(object_id, youth_id=youth.id)
        return Redirect(target, status_code=303)

    @post("/mijn/huizen", opt=rule(YOUTH, action=C, object_type="three_houses"), sync_to_thread=True)
    def save_my_houses(self, request: Request, db: Session, actor: User, audit: AuditContext, data: Form) -> Any:
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
        return self._youth_write(request, db, actor, audit, typed, write)

    @post("/mijn/succes", opt=rule(YOUTH, action=C, object_type="success"), sync_to_thread=True)
    def add_my_success(self, request: Request, db: Session, actor: User, audit: AuditContext, data: Form) -> Any:
        """A success the youth writes down; it is stored and shown as noticed by the youth."""
        text, goal = data.get("text", ""), data.get("goal_id", "")

        def write(measure: Measure) -> tuple[int, str]:
            check = Checker()
            check.text("success-text", text, required=True, empty="Write down what went well.")
            goal_id = _id(goal)
            if goal.strip() and goal_id is None:
                check.add("success-goal", "Choose one of your goals, or no particular goal.")
            check.done()
            fields = {"occurred_on": today().isoformat(), "text": text, "goal_id": goal_id}
            success = events.record_success(db, actor, measure.id, msgspec.convert(fields, events.SuccessCreate))  # type: ignore[arg-type]
            return success.id, "/mijn?saved=success#successen"  # type: ignore[return-value]

        return self._youth_write(request, db, actor, audit, {"success-text": text, "success-goal": goal}, write)

    @post("/mijn/score", opt=rule(YOUTH, action=U, object_type="check_in"), sync_to_thread=True)
    def add_my_score(self, request: Request, db: Session, actor: User, audit: AuditContext, data: Form) -> Any:
        """The youth's own 0-10 score for one goal, this week."""
        goal_id, value = _id(data.get("goal_id")), data.get("value", "")
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

        return self._youth_write(request, db, actor, audit, {field: value}, write)

    # --- the worker's pages -----------------------------------------------------------------------------

    @get("/caseload", opt=rule(STAFF, action=R, object_type="youth"), sync_to_thread=True)
    def caseload(self, request: Request, db: Session, actor: User, audit: AuditContext) -> Template:
        """The youths on the caseload; a week counts as done once a worker entered it (a youth's own score
        alone leaves it to do)."""
        rows, _ = youths.caseload(db, actor, limit=200)
        audit.set_youths([r.youth.id for r in rows], "youth")  # type: ignore[misc]
        done = staff_weeks(db, [r.youth.id for r in rows])  # type: ignore[misc]
        return render(request, "caseload.html", "Caseload", rows=rows, done=done, this_week=week_of(today()))

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
        typed: dict[str, str] = {}
        try:
            try:
                check = Checker()
                scores = []
                for key, value in data.items():
                    rater, _, goal = key.partition("_")
                    if rater not in (RaterKind.WORKER, RaterKind.YOUTH):
                        continue
                    goal_id = _id(goal)
                    if goal_id is None:
                        raise DomainError(f"the week form has a score field {key!r} for no goal")
                    field = f"{rater[0]}-{goal_id}"
                    typed[field] = value
                    score = check.score(field, value, required=False)
                    if score is not None:
                        scores.append({"goal_id": goal_id, "rater": rater, "value": score})
                notes = {k: data.get(k, "") for k in ("went_well", "worries", "next_steps")}
                typed.update(notes)
                for name, value in notes.items():
                    check.text(name, value, required=False)
                check.done()
                if measure is None:
                    raise DomainError("there is no measure to record a week for")
                week = msgspec.convert({**notes, "scores": scores}, checkins.CheckInWrite)
                view = checkins.record_check_in(db, actor, measure.id, data.get("week", ""), week)  # type: ignore[arg-type]
            except (DomainError, msgspec.ValidationError, ValueError) as exc:
                raise _not_saved(exc) from exc
        except Refused as refused:
            db.rollback()
            here = f"/jongeren/{youth_id}"
            return self._week_page(request, db, youth_id, 422, errors=refused.errors, typed=typed, here=here)
        audit.set_object(view.check_in.id)
        return Redirect(f"/jongeren/{youth_id}?saved=1", status_code=303)

    # --- the administrator's page -----------------------------------------------------------------------

    @get("/beheer", opt=rule(ADMINS), sync_to_thread=True)
    def admin_home(self, request: Request, db: Session) -> Template:
        """The administrator's start: the accounts and the teams (no case content)."""
        accounts, total = users.list_users(db, limit=500)
        teams = users.list_teams(db)
        names = {team.id: team.name for team in teams}
        return render(
            request, "beheer.html", "Administration", accounts=accounts, total=total, teams=teams, team_names=names
        )


def staff_weeks(db: Session, youth_ids: list[int]) -> dict[int, str]:
    """Per youth, the latest week a worker (or supervisor) entered: a score of theirs, the week's notes
    (which only staff write) or a check-in they opened. A youth's own scores do not count."""
    if not youth_ids:
        return {}
    staff = [Role.WORKER, Role.SUPERVISOR]
    staff_score = select(Score.id).where(Score.check_in_id == CheckIn.id, col(Score.author_role).in_(staff)).exists()
    opened_by_staff = select(User.id).where(User.id == CheckIn.recorded_by_id, col(User.role).in_(staff)).exists()
    has_notes = or_(CheckIn.went_well != "", CheckIn.worries != "", CheckIn.next_steps != "")
    rows = db.exec(
        select(Measure.youth_id, func.max(CheckIn.week))
        .join(CheckIn, col(CheckIn.measure_id) == col(Measure.id))
        .where(col(Measure.youth_id).in_(youth_ids), or_(staff_score, opened_by_staff, has_notes))
        .group_by(col(Measure.youth_id))
    ).all()
    return dict(rows)  # type: ignore[arg-type]


def _latest_pair(latest: dict[tuple[int, str], tuple[str, int]], goal_id: int) -> dict[str, Any]:
    youth = latest.get((goal_id, RaterKind.YOUTH))
    worker = latest.get((goal_id, RaterKind.WORKER))
    weeks = [w for w in (youth and youth[0], worker and worker[0]) if w]
    return {
        "youth": youth[1] if youth else None,
        "worker": worker[1] if worker else None,
        "week": max(weeks) if weeks else None,
    }
