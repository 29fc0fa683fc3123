"""Users, teams, passwords (argon2) and logins (opaque tokens, stored hashed, revocable)."""

from __future__ import annotations

import hashlib
import secrets
from datetime import datetime, timedelta
from functools import lru_cache
from typing import Annotated, Any, Literal

import msgspec
from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from msgspec import UNSET, UnsetType
from sqlalchemy import bindparam, func
from sqlalchemy import inspect as sa_inspect
from sqlmodel import Session, col, select

from .audit import VIA_RESET
from .errors import Conflict, Invalid, NotFound
from .fields import Email
from .models import AuthToken, LoginAttempt, PasswordReset, Team, User, Youth
from .throttle import LoginThrottled as LoginThrottled  # re-exported: the HTTP layer maps it to 429
from .types import utcnow
from .vocab import Role

_hasher = PasswordHasher()
#: Verified against when the username is unknown, so that a miss costs as long as a wrong password.
_DUMMY_HASH = _hasher.hash("not-a-real-password")
MIN_PASSWORD_LENGTH = 10


def hash_password(password: str) -> str:
    if len(password) < MIN_PASSWORD_LENGTH:
        raise Invalid(f"a password needs at least {MIN_PASSWORD_LENGTH} characters")
    return _hasher.hash(password)


def create_team(session: Session, name: str, *, shares_caseload: bool = False) -> Team:
    name = name.strip()
    if not name:
        raise Invalid("a team needs a name")
    if session.exec(select(Team).where(Team.name == name)).first():
        raise Conflict(f"a team called '{name}' already exists")
    team = Team(name=name, shares_caseload=shares_caseload)
    session.add(team)
    session.flush()
    return team


def create_user(
    session: Session,
    *,
    username: str,
    password: str,
    role: Role | str,
    display_name: str = "",
    team_id: int | None = None,
    locale: str = "nl",
    email: str = "",
) -> User:
    username = username.strip().lower()
    if not username:
        raise Invalid("a user needs a username")
    role = Role(role)
    if session.exec(select(User).where(User.username == username)).first():
        raise Conflict(f"the username '{username}' is taken")
    if team_id is not None and session.get(Team, team_id) is None:
        raise Invalid(f"there is no team {team_id}")
    if role in (Role.WORKER, Role.SUPERVISOR, Role.EXPERT) and team_id is None:
        raise Invalid("workers and supervisors belong to a team")
    user = User(
        username=username,
        display_name=display_name.strip() or username,
        password_hash=hash_password(password),
        role=role,
        team_id=team_id,
        locale=locale,
        email=email,
    )
    session.add(user)
    session.flush()
    return user


def get_user(session: Session, user_id: int) -> User:
    user = session.get(User, user_id)
    if user is None:
        raise NotFound(f"there is no user {user_id}")
    return user


def verify_credentials(session: Session, username: str, password: str) -> User | None:
    """The active user with these credentials, or None. A miss costs as long as a wrong password."""
    username = username.strip().lower()
    user = session.exec(select(User).where(User.username == username)).first()
    stored = user.password_hash if user is not None and user.password_hash.startswith("$argon2") else None
    try:
        ok = _hasher.verify(stored or _DUMMY_HASH, password) and stored is not None
    except (VerificationError, InvalidHashError):
        ok = False
    if not ok or user is None or not user.active:
        return None
    if _hasher.check_needs_rehash(user.password_hash):
        user.password_hash = _hasher.hash(password)
        session.flush()
    return user


def authenticate(session: Session, username: str, password: str, client: str) -> User | None:
    """Like ``verify_credentials``, and records the attempt (for callers outside the throttled HTTP login)."""
    user = verify_credentials(session, username, password)
    session.add(LoginAttempt(username=username.strip().lower()[:64], client=client[:64], succeeded=user is not None))
    session.flush()
    return user


def _digest(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def issue_token(session: Session, user: User, lifetime: timedelta) -> tuple[str, datetime]:
    """A new login for ``user``: the token (shown once) and when it expires."""
    token = secrets.token_urlsafe(32)
    now = utcnow()
    expires = now + lifetime
    reset_id = session.exec(
        select(PasswordReset.id)
        .where(PasswordReset.user_id == user.id, PasswordReset.trace_until > now)
        .order_by(col(PasswordReset.created_at).desc(), col(PasswordReset.id).desc())
        .limit(1)
    ).first()
    session.add(AuthToken(token_hash=_digest(token), user_id=user.id, expires_at=expires, password_reset_id=reset_id))
    session.flush()
    return token, expires


def user_for_token(session: Session, token: str) -> User | None:
    """The active user behind a valid, unexpired, unrevoked token.

    A login that follows an administrator's password reset carries the reset's id along
    (``sqlalchemy.inspect(user).info[audit.VIA_RESET]``), so the audit trail names it on every access."""
    row = session.exec(_token_statement(), params={"token_hash": _digest(token), "now": utcnow()}).first()
    if row is None:
        return None
    user, reset_id = row
    if reset_id is not None:
        sa_inspect(user).info[VIA_RESET] = reset_id
    return user


@lru_cache(maxsize=1)
def _token_statement() -> Any:
    """``user_for_token``'s statement, built once (every authenticated request asks it)."""
    return (
        select(User, AuthToken.password_reset_id)
        .join(AuthToken, col(AuthToken.user_id) == col(User.id))
        .where(
            AuthToken.token_hash == bindparam("token_hash"),
            col(AuthToken.revoked_at).is_(None),
            AuthToken.expires_at > bindparam("now"),
            col(User.active).is_(True),
        )
    )


def revoke_token(session: Session, token: str) -> None:
    row = session.exec(select(AuthToken).where(AuthToken.token_hash == _digest(token))).first()
    if row is not None and row.revoked_at is None:
        row.revoked_at = utcnow()
        session.flush()


def revoke_all(session: Session, user_id: int) -> None:
    """End every login of a user (on deactivation or password change)."""
    now = utcnow()
    for row in session.exec(select(AuthToken).where(AuthToken.user_id == user_id, col(AuthToken.revoked_at).is_(None))):
        row.revoked_at = now
    session.flush()


class UserCreate(msgspec.Struct, forbid_unknown_fields=True):
    username: Annotated[str, msgspec.Meta(min_length=2, max_length=64, pattern=r"^[A-Za-z0-9._-]+$")]
    password: Annotated[str, msgspec.Meta(min_length=MIN_PASSWORD_LENGTH, max_length=1024)]
    role: Role
    display_name: Annotated[str, msgspec.Meta(max_length=120)] = ""
    team_id: Annotated[int, msgspec.Meta(ge=1, le=2**31 - 1)] | None = None
    #: For a youth account: the youth record it opens.
    youth_id: Annotated[int, msgspec.Meta(ge=1, le=2**31 - 1)] | None = None
    locale: Literal["nl", "en"] = "nl"
    #: Where notification mails go when the server sends mail (see the README); empty: none.
    email: Email = ""


class UserUpdate(msgspec.Struct, forbid_unknown_fields=True):
    """What an administrator may change. Never the password: see ``casefile.password_reset``."""

    #: A staff role or administrator; an account never becomes or stops being a youth's account.
    role: Role | UnsetType = UNSET
    display_name: Annotated[str, msgspec.Meta(min_length=1, max_length=120)] | UnsetType = UNSET
    team_id: Annotated[int, msgspec.Meta(ge=1, le=2**31 - 1)] | UnsetType | None = UNSET
    active: bool | UnsetType = UNSET
    locale: Literal["nl", "en"] | UnsetType = UNSET
    #: An empty string removes the address (no more notification mails).
    email: Email | UnsetType = UNSET


def register_user(session: Session, data: UserCreate) -> User:
    """Create an account; a youth account is linked to its youth record in the same step."""
    if (data.role is Role.YOUTH) != (data.youth_id is not None):
        raise Invalid("a youth account names its youth record (youth_id), and only a youth account does")
    youth = None
    if data.youth_id is not None:
        youth = session.get(Youth, data.youth_id)
        if youth is None:
            raise Invalid(f"there is no youth {data.youth_id}")
        if youth.user_id is not None:
            raise Conflict(f"youth {data.youth_id} already has an account")
    user = create_user(
        session,
        username=data.username,
        password=data.password,
        role=data.role,
        display_name=data.display_name,
        team_id=data.team_id,
        locale=data.locale,
        email=data.email,
    )
    if youth is not None:
        youth.user_id = user.id
        session.flush()
    return user


def update_user(session: Session, user_id: int, data: UserUpdate) -> User:
    user = get_user(session, user_id)
    if data.team_id not in (UNSET, None) and session.get(Team, data.team_id) is None:
        raise Invalid(f"there is no team {data.team_id}")
    role = Role(user.role) if data.role is UNSET else data.role
    team_id = user.team_id if data.team_id is UNSET else data.team_id
    _check_role_change(session, user, role, team_id, data.active)
    user.role = role
    if data.display_name is not UNSET:
        user.display_name = data.display_name.strip()
    if data.team_id is not UNSET:
        user.team_id = data.team_id
    if data.locale is not UNSET:
        user.locale = data.locale
    if data.email is not UNSET:
        user.email = data.email
    if data.active is not UNSET:
        user.active = data.active
        if not data.active:
            revoke_all(session, user_id)
    session.flush()
    return user


def _check_role_change(session: Session, user: User, role: Role, team_id: int | None, active: bool | UnsetType) -> None:
    """The rules an account's role, team and active flag keep: a youth's account stays one (and no other account
    becomes one); staff belong to a team; someone with youths on their caseload does not become an administrator;
    and the last active administrator stays an active administrator, so that someone can still manage accounts."""
    was = Role(user.role)
    if (was is Role.YOUTH) != (role is Role.YOUTH):
        raise Invalid("an account does not become or stop being a youth's account; create a new account instead")
    if role in (Role.WORKER, Role.SUPERVISOR, Role.EXPERT) and team_id is None:
        raise Invalid("workers and supervisors belong to a team")
    if role is Role.ADMIN and was is not Role.ADMIN:
        caseload = session.exec(select(func.count()).select_from(Youth).where(Youth.worker_id == user.id)).one()
        if caseload:
            raise Conflict(
                f"{user.username} still has {caseload} youths on their caseload; assign them elsewhere first"
            )
    stays_admin = role is Role.ADMIN and active is not False
    if was is Role.ADMIN and user.active and not stays_admin:
        others = session.exec(
            select(func.count())
            .select_from(User)
            .where(User.role == Role.ADMIN, col(User.active).is_(True), User.id != user.id)
        ).one()
        if not others:
            raise Conflict("this is the last active administrator; make another administrator first")


def youth_of_account(session: Session, user_id: int) -> int | None:
    """The youth record a (youth) account opens, if any."""
    return session.exec(select(Youth.id).where(Youth.user_id == user_id)).first()


def list_users(
    session: Session, *, role: Role | None = None, team_id: int | None = None, limit: int = 50, offset: int = 0
) -> tuple[list[User], int]:
    where = []
    if role is not None:
        where.append(User.role == role)
    if team_id is not None:
        where.append(User.team_id == team_id)
    total = session.exec(select(func.count()).select_from(User).where(*where)).one()
    rows = session.exec(select(User).where(*where).order_by(col(User.username)).offset(offset).limit(limit))
    return list(rows), total


def list_teams(session: Session) -> list[Team]:
    return list(session.exec(select(Team).order_by(col(Team.name))))


def get_team(session: Session, team_id: int) -> Team:
    team = session.get(Team, team_id)
    if team is None:
        raise NotFound(f"there is no team {team_id}")
    return team


def rename_team(session: Session, team_id: int, name: str) -> Team:
    """Give a team another name (unique, like a new team's)."""
    team = get_team(session, team_id)
    name = name.strip()
    if not name:
        raise Invalid("a team needs a name")
    clash = session.exec(select(Team).where(Team.name == name, Team.id != team_id)).first()
    if clash is not None:
        raise Conflict(f"a team called '{name}' already exists")
    team.name = name
    session.flush()
    return team
