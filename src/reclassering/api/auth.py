"""Authentication: bearer tokens for API clients and an HttpOnly session cookie for pages.

Both carry the same opaque token; the database stores only its SHA-256, so a login can be revoked at
once and every server process agrees on it. Failed logins are throttled per username and per client.
"""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Annotated

from anyio import to_thread
from litestar import Controller, Request, Response, get, post
from litestar.connection import ASGIConnection
from litestar.datastructures import Cookie
from litestar.exceptions import NotAuthorizedException
from litestar.middleware import AbstractAuthenticationMiddleware, AuthenticationResult
from msgspec import Meta, Struct
from sqlalchemy import Engine
from sqlmodel import Session

from ..casefile import users
from ..casefile.db import unit_of_work
from ..casefile.models import User
from ..settings import Settings
from .guards import EVERYONE, rule

COOKIE = "reclassering_session"


SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})


def token_of(connection: ASGIConnection) -> str | None:
    """The bearer token, else the session cookie. On the API the cookie counts only for reading: a change
    through the API needs the bearer token, so a page in another site cannot make a browser change records
    (the pages themselves carry a CSRF token in every form)."""
    header = connection.headers.get("authorization", "")
    scheme, _, value = header.partition(" ")
    if scheme.lower() == "bearer" and value.strip():
        return value.strip()
    if connection.url.path.startswith("/api/") and connection.scope.get("method", "GET") not in SAFE_METHODS:
        return None
    return connection.cookies.get(COOKIE) or None


def _lookup(engine: Engine, token: str) -> User | None:
    with unit_of_work(engine) as session:
        return users.user_for_token(session, token)


class TokenAuthMiddleware(AbstractAuthenticationMiddleware):
    """Sets ``request.user`` to the logged-in user, or to None; the access guard decides what follows."""

    async def authenticate_request(self, connection: ASGIConnection) -> AuthenticationResult:
        token = token_of(connection)
        user = await to_thread.run_sync(_lookup, connection.app.state.engine, token) if token else None
        return AuthenticationResult(user=user, auth=token if user else None)


class LoginRequest(Struct, forbid_unknown_fields=True):
    username: Annotated[str, Meta(min_length=1, max_length=64)]
    password: Annotated[str, Meta(min_length=1, max_length=1024)]


class Me(Struct):
    id: int
    username: str
    display_name: str
    role: str
    team_id: int | None
    locale: str


class LoginResponse(Struct):
    token: str
    token_type: str
    expires_at: datetime
    user: Me


def me_of(user: User) -> Me:
    return Me(
        id=user.id,
        username=user.username,
        display_name=user.display_name,  # type: ignore[arg-type]
        role=user.role,
        team_id=user.team_id,
        locale=user.locale,
    )


class Login(Struct):
    user: User
    token: str
    expires_at: datetime
    cookie: Cookie


def open_login(db: Session, settings: Settings, username: str, password: str, client: str) -> Login:
    """Check the credentials (throttled) and open a login: a token and the session cookie carrying it.

    Raises ``LoginThrottled`` after too many failures and ``NotAuthorizedException`` on wrong credentials;
    the failed attempt is flushed, and the caller commits it so that throttling sees it."""
    window = timedelta(minutes=settings.login_window_minutes)
    users.check_throttle(db, username, client, max_failures=settings.login_max_failures, window=window)
    user = users.authenticate(db, username, password, client)
    if user is None:
        raise NotAuthorizedException("unknown username or wrong password")
    token, expires = users.issue_token(db, user, timedelta(hours=settings.session_hours))
    cookie = Cookie(
        key=COOKIE,
        value=token,
        httponly=True,
        secure=settings.cookie_secure,
        samesite="lax",
        max_age=settings.session_hours * 3600,
        path="/",
    )
    return Login(user=user, token=token, expires_at=expires, cookie=cookie)


class AuthController(Controller):
    path = "/api/v1/auth"
    tags = ["auth"]

    @post("/login", opt=rule(public=True), sync_to_thread=True, status_code=200)
    def login(self, request: Request, data: LoginRequest, db: Session, settings: Settings) -> Response[LoginResponse]:
        """Log in with username and password: returns a bearer token and sets the session cookie."""
        client = request.client.host if request.client else "unknown"
        try:
            login = open_login(db, settings, data.username, data.password, client)
        except NotAuthorizedException:
            db.commit()  # keep the failed attempt for throttling
            raise
        body = LoginResponse(
            token=login.token, token_type="bearer", expires_at=login.expires_at, user=me_of(login.user)
        )
        return Response(body, cookies=[login.cookie])

    @post("/logout", opt=rule(EVERYONE), sync_to_thread=True, status_code=204)
    def logout(self, request: Request, db: Session) -> Response[None]:
        """End this login: the token stops working at once and the cookie is cleared."""
        token = token_of(request)
        if token:
            users.revoke_token(db, token)
        return Response(None, status_code=204, cookies=[Cookie(key=COOKIE, value="", max_age=0, path="/")])

    @get("/me", opt=rule(EVERYONE), sync_to_thread=False)
    def me(self, actor: User) -> Me:
        """Who is logged in."""
        return me_of(actor)
