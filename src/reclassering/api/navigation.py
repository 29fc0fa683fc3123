"""Where a person goes: their role's start page, and back to the page they asked for after logging in.

The page asked for travels as ``?next=`` through the login. It is only ever followed as a path on this
site: anything that a browser could read as another host (``//evil``, ``https://…``, ``/\\evil``, control
characters that browsers strip) is ignored, so the login cannot be used to send someone elsewhere.
"""

from __future__ import annotations

import logging
from urllib.parse import urlencode, urlsplit

from litestar.connection import ASGIConnection
from sqlalchemy.exc import SQLAlchemyError

from ..casefile import notifications
from ..casefile.vocab import Role
from .unit_of_work import reading_session

log = logging.getLogger(__name__)

MAX_NEXT = 2000
HOME = {Role.YOUTH: "/mijn", Role.ADMIN: "/beheer"}
STAFF_HOME = "/caseload"
#: Pages it makes no sense to return to after logging in.
_NOT_AFTER_LOGIN = ("/login", "/logout")


def home_of(role: str) -> str:
    return HOME.get(Role(role), STAFF_HOME)


def safe_next(value: str | None) -> str | None:
    """``value`` when it is a path on this site worth returning to, else None."""
    if not value or len(value) > MAX_NEXT:
        return None
    if not value.startswith("/") or value.startswith("//") or "\\" in value:
        return None
    if any(ch.isspace() or ord(ch) < 32 or ord(ch) == 127 for ch in value):
        return None
    parts = urlsplit(value)
    if parts.scheme or parts.netloc:
        return None
    if parts.path.rstrip("/") in _NOT_AFTER_LOGIN or parts.path == "/":
        return None
    return value


def login_url(connection: ASGIConnection) -> str:
    """The login page, remembering the page asked for (only for GET: a form cannot be sent again)."""
    if connection.scope.get("method", "GET") != "GET":
        return "/login"
    target = connection.url.path
    if connection.url.query:
        target = f"{target}?{connection.url.query}"
    wanted = safe_next(target)
    return f"/login?{urlencode({'next': wanted})}" if wanted else "/login"


def after_login(role: str, wanted: str | None) -> str:
    """Where a fresh login goes: the page asked for, else the role's start page."""
    return safe_next(wanted) or home_of(role)


def unread_notifications(connection: ASGIConnection) -> int | None:
    """The count of unread notifications shown in the navigation of a logged-in staff member or administrator;
    None for a youth (who gets none) or a visitor. A page still renders when the database cannot say."""
    user = connection.scope.get("user")
    if user is None or user.role == Role.YOUTH:
        return None
    try:
        with reading_session(connection) as session:
            return notifications.unread_count(session, user.id)
    except SQLAlchemyError:
        log.warning("could not count the unread notifications of user %s", user.id, exc_info=True)
        return None
