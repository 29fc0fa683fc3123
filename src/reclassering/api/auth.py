"""Authentication: bearer tokens for API clients and an HttpOnly session cookie for pages.

Both carry the same opaque token; the database stores only its SHA-256, so a login can be revoked at
once and every server process agrees on it. Failed logins are throttled in the database (see
``casefile.throttle``) per username and client address; the address comes from ``X-Forwarded-For`` only when the
direct peer is one of the ``trusted_proxies``. A login also rotates the CSRF cookie, so a token planted before
the login is useless after it. A user whose password an administrator reset sets a new one here with the
one-time token (``/api/v1/auth/set-password``).
"""

from __future__ import annotations

import ipaddress
from dataclasses import dataclass
from datetime import datetime, timedelta
from functools import lru_cache
from typing import Annotated

from litestar import Controller, Request, Response, get, post
from litestar.connection import ASGIConnection
from litestar.datastructures import Cookie
from litestar.exceptions import NotAuthorizedException
from litestar.middleware import AbstractAuthenticationMiddleware, AuthenticationResult
from litestar.middleware.csrf import generate_csrf_token
from litestar.openapi.spec import OpenAPIResponse, Operation
from litestar.params import JSONBody
from msgspec import Meta, Struct
from sqlalchemy import Engine
from sqlalchemy import inspect as sa_inspect
from sqlmodel import Session, col, select

from ..casefile import password_reset, throttle, users
from ..casefile.audit import VIA_RESET, Access, Actor
from ..casefile.models import Measure, User
from ..casefile.vocab import AuditAction, MeasureStatus, Role
from ..settings import Settings
from .audit_hook import open_context
from .deps import AppSettings, CurrentUser, DbSession, in_thread
from .guards import EVERYONE, rule
from .unit_of_work import request_session

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


def _lookup(session: Session, token: str) -> User | None:
    return users.user_for_token(session, token)


class TokenAuthMiddleware(AbstractAuthenticationMiddleware):
    """Sets ``request.user`` to the logged-in user, or to None; the access guard decides what follows."""

    async def authenticate_request(self, connection: ASGIConnection) -> AuthenticationResult:
        token = token_of(connection)
        user = _lookup(request_session(connection), token) if token else None
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
    #: For a youth: their own youth record and its active measures.
    youth_id: int | None = None
    measure_ids: list[int] = []


class LoginResponse(Struct):
    token: str
    token_type: str
    expires_at: datetime
    user: Me


class SetPasswordRequest(Struct, forbid_unknown_fields=True):
    token: Annotated[str, Meta(min_length=1, max_length=200)]
    new_password: Annotated[str, Meta(min_length=users.MIN_PASSWORD_LENGTH, max_length=1024)]


def me_of(db: Session, user: User) -> Me:
    me = Me(
        id=user.id,  # type: ignore[arg-type]
        username=user.username,
        display_name=user.display_name,
        role=user.role,
        team_id=user.team_id,
        locale=user.locale,
    )
    if user.role == Role.YOUTH:
        me.youth_id = users.youth_of_account(db, user.id)  # type: ignore[arg-type]
        if me.youth_id is not None:
            me.measure_ids = list(
                db.exec(
                    select(Measure.id)
                    .where(Measure.youth_id == me.youth_id, Measure.status == MeasureStatus.ACTIVE)
                    .order_by(col(Measure.id))
                )  # type: ignore[arg-type]
            )
    return me


class Login(Struct):
    user: User
    token: str
    expires_at: datetime
    cookie: Cookie


@lru_cache(maxsize=16)
def trusted_networks(setting: str) -> tuple[ipaddress.IPv4Network | ipaddress.IPv6Network, ...]:
    """The ``trusted_proxies`` setting parsed: comma-separated addresses or CIDR networks."""
    return tuple(ipaddress.ip_network(part.strip(), strict=False) for part in setting.split(",") if part.strip())


def _trusted(address: str, networks: tuple[ipaddress.IPv4Network | ipaddress.IPv6Network, ...]) -> bool:
    try:
        ip = ipaddress.ip_address(address)
    except ValueError:
        return False
    return any(ip in network for network in networks)


def client_address(connection: ASGIConnection, settings: Settings) -> str:
    """The client's address: the direct peer, unless that peer is a trusted proxy; then the right-most
    ``X-Forwarded-For`` entry not added by a trusted proxy. A header from anyone else is ignored."""
    peer = connection.client.host if connection.client else "unknown"
    networks = trusted_networks(settings.trusted_proxies)
    if not networks or not _trusted(peer, networks):
        return peer
    hops = [hop.strip() for value in connection.headers.getall("x-forwarded-for", []) for hop in value.split(",")]
    address = peer
    for hop in reversed([h for h in hops if h]):
        try:
            ipaddress.ip_address(hop)
        except ValueError:
            break  # garbage: believe no further than the last trusted hop
        address = hop
        if not _trusted(hop, networks):
            break
    return address


def limits_of(settings: Settings) -> throttle.Limits:
    return throttle.Limits(
        pair_max=settings.login_max_failures,
        pair_window=timedelta(minutes=settings.login_window_minutes),
        account_max=settings.login_account_max_failures,
        address_max=settings.login_address_max_failures,
        ceiling_window=timedelta(minutes=settings.login_ceiling_window_minutes),
        known_for=timedelta(days=settings.login_known_address_days),
    )


def open_login(db: Session, settings: Settings, username: str, password: str, client: str) -> Login:
    """Check the credentials (throttled) and open a login: a token and the session cookie carrying it.

    Raises ``LoginThrottled`` after too many failures and ``NotAuthorizedException`` on wrong credentials.
    The attempt is reserved and counted in transactions of its own (``casefile.throttle``) before the password
    is checked, so a failure is kept whatever happens to ``db``."""
    engine: Engine = db.get_bind()  # type: ignore[assignment]
    attempt = throttle.reserve(engine, username, client, limits_of(settings))
    user = users.verify_credentials(db, username, password)
    if user is None:
        raise NotAuthorizedException("unknown username or wrong password")
    throttle.succeeded(engine, attempt)
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


@dataclass
class NoContentOperation(Operation):
    """An operation whose 204 answer is documented as what it is: no body (Litestar documents the
    ``Response[None]`` it needs for setting cookies as a JSON ``null``)."""

    def __post_init__(self) -> None:
        for status, answer in (self.responses or {}).items():
            if status == "204" and isinstance(answer, OpenAPIResponse):
                answer.content = None


def rotate_csrf(request: Request, response: Response) -> None:
    """Give the browser a fresh CSRF cookie (on login and logout), so a token planted before is useless."""
    config = request.app.csrf_config
    if config is None:
        return
    response.set_cookie(
        Cookie(
            key=config.cookie_name,
            value=generate_csrf_token(secret=config.secret),
            path=config.cookie_path,
            secure=config.cookie_secure,
            httponly=config.cookie_httponly,
            samesite=config.cookie_samesite,
            domain=config.cookie_domain,
        )
    )


class AuthController(Controller):
    path = "/api/v1/auth"
    tags = ["auth"]

    @post("/login", opt=rule(public=True), status_code=200)
    @in_thread
    def login(
        self, request: Request, data: JSONBody[LoginRequest], db: DbSession, settings: AppSettings
    ) -> Response[LoginResponse]:
        """Log in with username and password: returns a bearer token and sets the session cookie (and a fresh
        CSRF cookie). Too many failures answer 429 with Retry-After."""
        login = open_login(db, settings, data.username, data.password, client_address(request, settings))
        body = LoginResponse(
            token=login.token, token_type="bearer", expires_at=login.expires_at, user=me_of(db, login.user)
        )
        response = Response(body, cookies=[login.cookie])
        rotate_csrf(request, response)
        return response

    @post("/logout", opt=rule(EVERYONE), sync_to_thread=False, status_code=204, operation_class=NoContentOperation)
    def logout(self, request: Request, db: DbSession) -> Response[None]:
        """End this login: the token stops working at once and the cookie is cleared."""
        token = token_of(request)
        if token:
            users.revoke_token(db, token)
        response: Response[None] = Response(
            None, status_code=204, cookies=[Cookie(key=COOKIE, value="", max_age=0, path="/")]
        )
        rotate_csrf(request, response)
        return response

    @get("/me", opt=rule(EVERYONE), sync_to_thread=False)
    def me(self, db: DbSession, actor: CurrentUser) -> Me:
        """Who is logged in; for a youth also their youth record and its active measures."""
        return me_of(db, actor)

    @post("/set-password", opt=rule(public=True), status_code=204)
    @in_thread
    def set_password(self, request: Request, db: DbSession, data: JSONBody[SetPasswordRequest]) -> None:
        """Choose a new password with the one-time token from an administrator's reset. Every login of the
        account ends; log in afterwards with the new password."""
        redeem_reset(request, db, data.token, data.new_password)


def redeem_reset(request: Request, db: Session, token: str, new_password: str) -> User:
    """Choose a new password with a one-time token (API and page alike): the change is in the audit trail with the
    user as actor and the reset named, under an address that leaves the token out."""
    reset = password_reset.complete_reset(db, token, new_password)
    user = users.get_user(db, reset.user_id)
    sa_inspect(user).info[VIA_RESET] = reset.id
    youth_id = users.youth_of_account(db, user.id)  # type: ignore[arg-type]
    context = open_context(request, Actor.of(user), [Access(youth_id, AuditAction.UPDATE, "password", user.id)])
    context.access_point = context.access_point.replace(token, "(token)")
    return user
