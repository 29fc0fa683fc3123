"""Accounts and teams: users, their logins, password resets and login attempts."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Index, String
from sqlmodel import Field, SQLModel

from ..types import UTCDateTime
from .columns import _code, _ts


class Team(SQLModel, table=True):
    id: int | None = Field(default=None, primary_key=True)
    name: str = Field(sa_type=String(120), unique=True)
    #: Workers in a sharing team reach each other's youths (a team caseload).
    shares_caseload: bool = False
    created_at: datetime = _ts()


class User(SQLModel, table=True):
    __tablename__ = "app_user"  # "user" is reserved in PostgreSQL

    id: int | None = Field(default=None, primary_key=True)
    username: str = Field(sa_type=String(64), unique=True)
    display_name: str = Field(sa_type=String(120))
    password_hash: str = Field(sa_type=String(255))
    role: str = _code(index=True)
    team_id: int | None = Field(default=None, foreign_key="team.id", index=True)
    active: bool = True
    locale: str = Field(default="nl", sa_type=String(8))
    created_at: datetime = _ts()
    #: Where notification mails go (only when SMTP is configured); empty: no mail.
    email: str = Field(default="", sa_type=String(254), sa_column_kwargs={"server_default": ""})


class AuthToken(SQLModel, table=True):
    """A login: bearer token or session cookie. Only the SHA-256 of the token is stored."""

    __tablename__ = "auth_token"

    id: int | None = Field(default=None, primary_key=True)
    token_hash: str = Field(sa_type=String(64), unique=True)
    user_id: int = Field(foreign_key="app_user.id", index=True, ondelete="CASCADE")
    created_at: datetime = _ts()
    expires_at: datetime = Field(sa_type=UTCDateTime)
    revoked_at: datetime | None = Field(default=None, sa_type=UTCDateTime, nullable=True)
    #: The administrator's password reset this login follows (within the reset's trace window), if any.
    password_reset_id: int | None = Field(default=None, nullable=True)


class PasswordReset(SQLModel, table=True):
    """An administrator's reset of a user's password: a one-time set-password token, stored only hashed."""

    __tablename__ = "password_reset"

    id: int | None = Field(default=None, primary_key=True)
    user_id: int = Field(foreign_key="app_user.id", index=True, ondelete="CASCADE")
    #: Who reset it (not a foreign key: the trace must outlive the administrator's account).
    admin_id: int | None = Field(default=None, nullable=True)
    token_hash: str = Field(sa_type=String(64), unique=True)
    created_at: datetime = _ts()
    #: Until when the set-password token works.
    expires_at: datetime = Field(sa_type=UTCDateTime)
    #: When the token was used (or superseded by a newer reset); it works once.
    used_at: datetime | None = Field(default=None, sa_type=UTCDateTime, nullable=True)
    #: Until when new logins of the user are marked as following this reset.
    trace_until: datetime = Field(sa_type=UTCDateTime)


class LoginAttempt(SQLModel, table=True):
    """One login attempt, kept for throttling failures per username and per client address."""

    __tablename__ = "login_attempt"
    __table_args__ = (
        Index("ix_login_attempt_username_at", "username", "at"),
        Index("ix_login_attempt_client_at", "client", "at"),
        Index("ix_login_attempt_username_client_at", "username", "client", "at"),
    )

    id: int | None = Field(default=None, primary_key=True)
    username: str = Field(sa_type=String(64))
    client: str = Field(sa_type=String(64))
    at: datetime = _ts()
    succeeded: bool = False
