"""An administrator's password reset: the admin never sets or learns a password.

A reset makes the old password unusable, ends every login of the user and yields a one-time set-password
token (stored only as its SHA-256, expiring, single use) that the user redeems to choose a new password.
Logins opened within the reset's trace window carry the reset's id, so the audit trail ties every access
made with them to the reset (and through it to the administrator who made it).
"""

from __future__ import annotations

import hashlib
import secrets
from datetime import timedelta

from sqlalchemy import update
from sqlmodel import Session, col, select

from .errors import Invalid
from .models import PasswordReset, User
from .types import utcnow
from .users import get_user, hash_password, revoke_all

#: Stored instead of a password hash after a reset: no password verifies against it.
UNUSABLE_PASSWORD = "!reset"


def _digest(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def start_reset(
    session: Session, admin: User, user_id: int, *, valid_for: timedelta, trace_for: timedelta
) -> tuple[PasswordReset, str]:
    """Reset ``user_id``'s password on behalf of ``admin``: returns the reset and its one-time token."""
    user = get_user(session, user_id)
    now = utcnow()
    for earlier in session.exec(
        select(PasswordReset).where(PasswordReset.user_id == user.id, col(PasswordReset.used_at).is_(None))
    ):
        earlier.used_at = now  # a newer reset supersedes an unused older one
    token = secrets.token_urlsafe(32)
    reset = PasswordReset(
        user_id=user.id,  # type: ignore[arg-type]
        admin_id=admin.id,
        token_hash=_digest(token),
        created_at=now,
        expires_at=now + valid_for,
        trace_until=now + max(trace_for, valid_for),
    )
    session.add(reset)
    user.password_hash = UNUSABLE_PASSWORD
    revoke_all(session, user.id)  # type: ignore[arg-type]
    session.flush()
    return reset, token


def pending(session: Session, token: str) -> PasswordReset | None:
    """The reset behind a set-password token that still works (unused, unexpired), else None. Redeems nothing."""
    if not token or len(token) > 200:
        return None
    return session.exec(
        select(PasswordReset).where(
            PasswordReset.token_hash == _digest(token),
            col(PasswordReset.used_at).is_(None),
            col(PasswordReset.expires_at) > utcnow(),
        )
    ).first()


def complete_reset(session: Session, token: str, new_password: str) -> PasswordReset:
    """Redeem a set-password token once: the user's password becomes ``new_password``, their logins end."""
    password_hash = hash_password(new_password)
    now = utcnow()
    claimed = session.execute(
        update(PasswordReset)
        .where(
            col(PasswordReset.token_hash) == _digest(token),
            col(PasswordReset.used_at).is_(None),
            col(PasswordReset.expires_at) > now,
        )
        .values(used_at=now)
    )
    if claimed.rowcount != 1:  # type: ignore[attr-defined]
        raise Invalid(
            "this set-password link is unknown, used already or expired; ask your administrator for a new one"
        )
    reset = session.exec(select(PasswordReset).where(PasswordReset.token_hash == _digest(token))).one()
    user = get_user(session, reset.user_id)
    user.password_hash = password_hash
    revoke_all(session, user.id)  # type: ignore[arg-type]
    session.flush()
    return reset
