"""Server-rendered pages: logging in and out, and where each role starts (the administrator's are in ``pages_admin``).

Pages work on a phone and with a screen reader (semantic HTML, labels, no script needed). They use the
session cookie and carry a CSRF token in every form; they call the same domain operations as the API and
sit behind the same access guard and audit hook (every route has a ``rule``). The youth's own page is in
``pages_youth``, the worker's in ``pages_worker`` and ``pages_record``; ``rendering`` renders them all.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from typing import Any

from litestar import Controller, Request, Response, get, post
from litestar.datastructures import Cookie
from litestar.exceptions import NotAuthorizedException
from litestar.response import Redirect, Template

from ..casefile import users
from ..casefile.users import LoginThrottled
from .auth import COOKIE, client_address, open_login, rotate_csrf
from .deps import AppSettings, CurrentUser, DbSession, in_thread
from .forms import WHOLE_FORM, Checker, Message
from .guards import EVERYONE, rule
from .navigation import after_login, home_of, safe_next
from .rendering import NOT_SAVED, Form, render

__all__ = ["NOT_SAVED", "PagesController", "render"]


class PagesController(Controller):
    include_in_schema = False

    @get("/", opt=rule(EVERYONE), sync_to_thread=False)
    def home(self, actor: CurrentUser) -> Redirect:
        """Where each role starts."""
        return Redirect(home_of(actor.role))

    # --- logging in ---------------------------------------------------------------------------------------

    @get("/login", opt=rule(public=True), sync_to_thread=False)
    def login_page(self, request: Request) -> Template:
        return render(request, "login.html", "Log in", next=safe_next(request.query_params.get("next")))

    @post("/login", opt=rule(public=True))
    @in_thread
    def login(self, request: Request, db: DbSession, settings: AppSettings, data: Form) -> Template | Response[Any]:
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

    @post("/logout", opt=rule(EVERYONE), sync_to_thread=False)
    def logout(self, request: Request, db: DbSession) -> Redirect:
        token = request.cookies.get(COOKIE)
        if token:
            users.revoke_token(db, token)
        return Redirect("/login", status_code=303, cookies=[Cookie(key=COOKIE, value="", max_age=0, path="/")])
