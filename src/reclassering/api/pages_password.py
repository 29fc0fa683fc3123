"""The page behind an administrator's one-time link (``/wachtwoord/{token}``): the person chooses their own
password, typed twice. The link works once and until it expires (``RECLASSERING_PASSWORD_RESET_HOURS``), as the
API's ``POST /api/v1/auth/set-password`` does; it redeems the token through the same function. An unknown, used
or expired link gives one and the same "not found" page, so the page tells nothing about which it was."""

from __future__ import annotations

from typing import Any

from litestar import Controller, Request, get, post
from litestar.params import FromPath
from litestar.response import Template

from ..casefile import password_reset
from ..casefile.errors import Invalid
from ..casefile.users import MIN_PASSWORD_LENGTH
from .auth import redeem_reset
from .deps import DbSession, in_thread
from .forms import Checker, Refused
from .guards import rule
from .rendering import Form, render

#: The one answer for an unknown, used or expired link.
LINK_GONE = "This link does not work (any more). Ask your administrator for a new one."
MAX_PASSWORD = 1024


def _gone(request: Request) -> Template:
    return render(request, "error.html", "Not found", 404, heading="Not found", message=LINK_GONE)


class PasswordPages(Controller):
    include_in_schema = False

    @get("/wachtwoord/{token:str}", opt=rule(public=True), sync_to_thread=False)
    def password_page(self, request: Request, db: DbSession, token: FromPath[str]) -> Template:
        if password_reset.pending(db, token) is None:
            return _gone(request)
        return render(request, "password.html", "Choose your password", here=request.url.path, done=False)

    @post("/wachtwoord/{token:str}", opt=rule(public=True))
    @in_thread
    def set_password(self, request: Request, db: DbSession, token: FromPath[str], data: Form) -> Any:
        """Set the new password (typed twice); the link is used up, every login of the account ends."""
        if password_reset.pending(db, token) is None:
            return _gone(request)
        password, again = data.get("password", ""), data.get("password_again", "")
        try:
            check = Checker()
            if len(password) < MIN_PASSWORD_LENGTH:
                check.add("password", "Use at least %(min)s characters.", min=MIN_PASSWORD_LENGTH)
            elif len(password) > MAX_PASSWORD:
                check.add(
                    "password", "Use at most %(max)s characters (now %(count)s).", max=MAX_PASSWORD, count=len(password)
                )
            else:
                check.text("password", password, required=True, max_length=MAX_PASSWORD)
            if "password" not in check.errors and again != password:
                check.add("password_again", "The two passwords are not the same; type the same password twice.")
            check.done()
        except Refused as refused:
            path = request.url.path
            return render(
                request, "password.html", "Choose your password", 422, errors=refused.errors, here=path, done=False
            )
        try:
            redeem_reset(request, db, token, password)
        except Invalid:  # used or expired between the check above and now
            db.rollback()
            return _gone(request)
        return render(request, "password.html", "Password set", here="/login", done=True)
