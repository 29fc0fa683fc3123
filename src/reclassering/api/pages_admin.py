"""The administrator's pages (``/beheer``): accounts (create, change role, team, name or e-mail, deactivate and
reactivate, reset the password) and teams (create, rename). No case content is shown here.

Every form calls the case file's own operation, the one the admin API calls (``users.register_user``,
``users.update_user``, ``password_reset.start_reset``, ``users.create_team``, ``users.rename_team``). A new account
gets no typed password: like a reset, it gets a one-time link with which the person chooses their own
(``/wachtwoord/{token}``), shown to the administrator once. A refused form comes back with its messages next to
the fields and everything typed still in place; a saved one says "Saved", nothing more.
"""

from __future__ import annotations

import re
import secrets
from collections.abc import Mapping
from datetime import timedelta
from typing import Annotated, Any

import msgspec
from litestar import Controller, Request, get, post
from litestar.params import PathParameter
from litestar.response import Redirect, Template
from sqlmodel import Session

from ..casefile import password_reset, users
from ..casefile.audit import Access
from ..casefile.errors import DomainError
from ..casefile.fields import EMAIL
from ..casefile.models import User
from ..casefile.vocab import AuditAction, Role
from ..settings import Settings
from .deps import AppSettings, Audit, CurrentUser, DbSession, Page, Paging
from .forms import WHOLE_FORM, Checker, Refused
from .guards import ADMINS, rule
from .i18n import moment
from .rendering import Form, form_id, not_saved, page_locale, render, saved_notice

U = AuditAction.UPDATE
UserId = Annotated[int, PathParameter(ge=1, le=2**31 - 1)]
TeamId = Annotated[int, PathParameter(ge=1, le=2**31 - 1)]
#: The roles in the order the form offers them.
ROLES = (Role.WORKER, Role.SUPERVISOR, Role.EXPERT, Role.ADMIN, Role.YOUTH)
STAFF_ROLES = (Role.WORKER, Role.SUPERVISOR, Role.EXPERT)
_USERNAME = re.compile(r"^[A-Za-z0-9._-]{2,64}$")
_EMAIL = re.compile(EMAIL)

NEEDS_TEAM = "Choose the team of a worker, supervisor or behavioural expert."
#: The case file's refusals that concern one field, by a phrase of its (English) message: (field, message id).
REFUSALS = {
    "is taken": ("username", "This username is taken; choose another."),
    "there is no youth": ("youth_id", "There is no youth record with this number."),
    "already has an account": ("youth_id", "This youth record already has an account."),
    "there is no team": ("team_id", "Choose one of the options."),
    "belong to a team": ("team_id", NEEDS_TEAM),
    "youth's account": ("role", "A youth's account stays a youth's account; create a new account for another role."),
    "on their caseload": ("role", "This person still has youths on their caseload; assign them elsewhere first."),
    "last active administrator": (WHOLE_FORM, "This is the last active administrator; make someone else one first."),
    "already exists": ("name", "There is already a team with this name."),
}


def refusal(exc: DomainError, prefix: str) -> Refused:
    """A refusal of the case file, next to the field it concerns (element ids start with ``prefix``)."""
    for phrase, (field, message) in REFUSALS.items():
        if phrase in exc.message:
            return Refused({f"{prefix}{field}" if field else WHOLE_FORM: (message, {})})
    return not_saved(exc)


def _check_account(check: Checker, typed: Mapping[str, str], prefix: str, teams: set[str]) -> None:
    """The fields a new and an existing account share: name, role, team, e-mail."""
    check.text(f"{prefix}display_name", typed[f"{prefix}display_name"], required=True, max_length=120)
    role = check.choice(f"{prefix}role", typed[f"{prefix}role"], [str(r) for r in ROLES], required=True)
    team = check.choice(f"{prefix}team_id", typed[f"{prefix}team_id"], teams, required=False)
    if role in STAFF_ROLES and team is None and f"{prefix}team_id" not in check.errors:
        check.add(f"{prefix}team_id", NEEDS_TEAM)
    email = typed[f"{prefix}email"].strip()
    if len(email) > 254 or not _EMAIL.match(email):
        check.add(
            f"{prefix}email",
            "Fill in an e-mail address such as %(example)s, or leave it empty.",
            example="naam@voorbeeld.nl",
        )


class AdminPages(Controller):
    include_in_schema = False

    # --- the accounts and teams ----------------------------------------------------------------------------

    @get("/beheer", opt=rule(ADMINS), sync_to_thread=False)
    def admin_home(self, request: Request, db: DbSession, page: Paging) -> Template:
        """The accounts (a page at a time) and the teams, with the forms to add one of each."""
        return self._home(request, db, page)

    def _home(
        self, request: Request, db: Session, page: Page | None = None, status: int = 200, **extra: Any
    ) -> Template:
        page = page or Page(limit=50, offset=0)
        accounts, total = users.list_users(db, limit=page.limit, offset=page.offset)
        teams = users.list_teams(db)
        return render(
            request,
            "beheer.html",
            "Administration",
            status,
            accounts=accounts,
            total=total,
            teams=teams,
            team_names={team.id: team.name for team in teams},
            roles=ROLES,
            newer=max(page.offset - page.limit, 0) if page.offset else None,
            older=page.offset + page.limit if page.offset + page.limit < total else None,
            limit=page.limit,
            notice=saved_notice(request),
            **extra,
        )

    @post("/beheer/gebruikers", opt=rule(ADMINS, action=U, object_type="youth_account"), sync_to_thread=False)
    def create_user(
        self, request: Request, db: DbSession, actor: CurrentUser, audit: Audit, settings: AppSettings, data: Form
    ) -> Template:
        """A new account with a one-time link to choose its password (no password is typed or shown)."""
        names = ("username", "display_name", "role", "team_id", "email", "youth_id")
        typed = {f"new-{n}": data.get(n, "") for n in names}
        teams = {str(t.id) for t in users.list_teams(db)}
        try:
            check = Checker()
            if not _USERNAME.match(typed["new-username"].strip()):
                check.add("new-username", "Use 2 to 64 letters, digits, dots, hyphens or underscores; no spaces.")
            _check_account(check, typed, "new-", teams)
            youth_id = form_id(typed["new-youth_id"])
            if typed["new-role"] == Role.YOUTH and youth_id is None:
                check.add("new-youth_id", "Fill in the number of the youth's record.")
            elif typed["new-role"] != Role.YOUTH and typed["new-youth_id"].strip():
                check.add("new-youth_id", "Only a youth's account names a youth record; leave this empty.")
            check.done()
            fields = {
                "username": typed["new-username"].strip(),
                "password": secrets.token_urlsafe(24),  # never used: the reset below makes it unusable at once
                "role": typed["new-role"],
                "display_name": typed["new-display_name"].strip(),
                "team_id": form_id(typed["new-team_id"]),
                "youth_id": youth_id,
                "email": typed["new-email"].strip(),
            }
            try:
                user = users.register_user(db, msgspec.convert(fields, users.UserCreate))
            except DomainError as exc:
                raise refusal(exc, "new-") from exc
            except msgspec.ValidationError as exc:
                raise not_saved(exc) from exc
        except Refused as refused:
            db.rollback()
            audit.status_code = 422
            return self._home(request, db, None, 422, errors=refused.errors, typed=typed, here="/beheer")
        return self._link(request, db, actor, audit, settings, user, created=True)

    def _link(
        self, request: Request, db: Session, actor: User, audit: Any, settings: Settings, user: User, *, created: bool
    ) -> Template:
        """Reset ``user``'s password (as the API does) and show the one-time link, once."""
        reset, token = password_reset.start_reset(
            db,
            actor,
            user.id,  # type: ignore[arg-type]
            valid_for=timedelta(hours=settings.password_reset_hours),
            trace_for=timedelta(days=settings.password_reset_trace_days),
        )
        youth_id = users.youth_of_account(db, user.id)  # type: ignore[arg-type]
        accesses = [Access(youth_id, U, "youth_account", user.id)] if created and youth_id else []
        audit.accesses = [*accesses, Access(youth_id, U, "password_reset", reset.id)]
        return render(
            request,
            "beheer_link.html",
            "Account created" if created else "Password reset",
            user=user,
            created=created,
            link=f"{str(request.base_url).rstrip('/')}/wachtwoord/{token}",
            expires=moment(reset.expires_at, page_locale(request), settings.timezone),
        )

    # --- one account -----------------------------------------------------------------------------------------

    @get("/beheer/gebruikers/{user_id:int}", opt=rule(ADMINS), sync_to_thread=False)
    def user_page(self, request: Request, db: DbSession, user_id: UserId) -> Template:
        return self._user(request, db, user_id)

    def _user(self, request: Request, db: Session, user_id: int, status: int = 200, **extra: Any) -> Template:
        user = users.get_user(db, user_id)
        teams = users.list_teams(db)
        return render(
            request,
            "beheer_user.html",
            "Account",
            status,
            account=user,
            teams=teams,
            team_names={team.id: team.name for team in teams},
            roles=[Role.YOUTH] if user.role == Role.YOUTH else [r for r in ROLES if r != Role.YOUTH],
            youth_id=users.youth_of_account(db, user_id),
            notice=saved_notice(request),
            **extra,
        )

    @post("/beheer/gebruikers/{user_id:int}", opt=rule(ADMINS), sync_to_thread=False)
    def update_user(self, request: Request, db: DbSession, user_id: UserId, data: Form) -> Any:
        """Change the account's name, role, team or e-mail address."""
        typed = {f"user-{n}": data.get(n, "") for n in ("display_name", "role", "team_id", "email")}
        teams = {str(t.id) for t in users.list_teams(db)}
        users.get_user(db, user_id)  # an unknown account is the one 404 page
        try:
            check = Checker()
            _check_account(check, typed, "user-", teams)
            check.done()
            fields = {
                "display_name": typed["user-display_name"].strip(),
                "role": typed["user-role"],
                "team_id": form_id(typed["user-team_id"]),
                "email": typed["user-email"].strip(),
            }
            try:
                users.update_user(db, user_id, msgspec.convert(fields, users.UserUpdate))
            except DomainError as exc:
                raise refusal(exc, "user-") from exc
            except msgspec.ValidationError as exc:
                raise not_saved(exc) from exc
        except Refused as refused:
            db.rollback()
            here = f"/beheer/gebruikers/{user_id}"
            return self._user(request, db, user_id, 422, errors=refused.errors, typed=typed, here=here)
        return Redirect(f"/beheer/gebruikers/{user_id}?saved=account", status_code=303)

    @post("/beheer/gebruikers/{user_id:int}/actief", opt=rule(ADMINS), sync_to_thread=False)
    def set_active(self, request: Request, db: DbSession, user_id: UserId, data: Form) -> Any:
        """Deactivate (every login ends at once) or reactivate the account."""
        users.get_user(db, user_id)
        try:
            check = Checker()
            active = check.choice(WHOLE_FORM, data.get("active", ""), ("yes", "no"), required=True)
            check.done()
            try:
                users.update_user(db, user_id, users.UserUpdate(active=active == "yes"))
            except DomainError as exc:
                raise refusal(exc, "user-") from exc
        except Refused as refused:
            db.rollback()
            here = f"/beheer/gebruikers/{user_id}"
            return self._user(request, db, user_id, 422, errors=refused.errors, here=here)
        return Redirect(f"/beheer/gebruikers/{user_id}?saved=active", status_code=303)

    @post(
        "/beheer/gebruikers/{user_id:int}/wachtwoord",
        opt=rule(ADMINS, action=U, object_type="password_reset"),
        sync_to_thread=False,
    )
    def reset_password(
        self, request: Request, db: DbSession, actor: CurrentUser, audit: Audit, settings: AppSettings, user_id: UserId
    ) -> Template:
        """The old password stops working, every login ends; the page shows the one-time link, once."""
        return self._link(request, db, actor, audit, settings, users.get_user(db, user_id), created=False)

    # --- teams -----------------------------------------------------------------------------------------------

    @post("/beheer/teams", opt=rule(ADMINS), sync_to_thread=False)
    def create_team(self, request: Request, db: DbSession, data: Form) -> Any:
        typed = {"team-name": data.get("name", ""), "team-shares": data.get("shares_caseload", "")}
        try:
            check = Checker()
            name = check.text("team-name", typed["team-name"], required=True, max_length=120, empty="Fill in a name.")
            check.done()
            try:
                users.create_team(db, name, shares_caseload=typed["team-shares"] == "yes")
            except DomainError as exc:
                raise refusal(exc, "team-") from exc
        except Refused as refused:
            db.rollback()
            return self._home(request, db, None, 422, errors=refused.errors, typed=typed, here="/beheer")
        return Redirect("/beheer?saved=team#teams", status_code=303)

    @post("/beheer/teams/{team_id:int}", opt=rule(ADMINS), sync_to_thread=False)
    def rename_team(self, request: Request, db: DbSession, team_id: TeamId, data: Form) -> Any:
        users.get_team(db, team_id)
        prefix = f"team{team_id}-"
        typed = {f"{prefix}name": data.get("name", "")}
        try:
            check = Checker()
            name = check.text(
                f"{prefix}name", typed[f"{prefix}name"], required=True, max_length=120, empty="Fill in a name."
            )
            check.done()
            try:
                users.rename_team(db, team_id, name)
            except DomainError as exc:
                raise refusal(exc, prefix) from exc
        except Refused as refused:
            db.rollback()
            return self._home(request, db, None, 422, errors=refused.errors, typed=typed, here="/beheer")
        return Redirect("/beheer?saved=team#teams", status_code=303)
