"""Administration: users and teams. An administrator manages accounts but reaches no case content."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Annotated

from litestar import Controller, get, patch, post
from litestar.params import FromPath, JSONBody, Parameter, PathParameter
from msgspec import Meta, Struct

from ..casefile import password_reset, users
from ..casefile.vocab import AuditAction, Role
from .deps import AppSettings, Audit, CurrentUser, DbSession, Paging
from .guards import ADMINS, EVERYONE, rule
from .schemas import Paged, out, page_of


class UserOut(Struct):
    id: int
    username: str
    display_name: str
    role: str
    team_id: int | None
    active: bool
    locale: str
    created_at: datetime
    email: str = ""


class TeamOut(Struct):
    id: int
    name: str
    shares_caseload: bool
    created_at: datetime


class PasswordResetOut(Struct):
    """The one-time token to hand to the user (once): they choose their own password with it at
    ``POST /api/v1/auth/set-password``. Logins until ``trace_until`` are marked in the audit trail."""

    reset_id: int
    user_id: int
    token: str
    set_password_path: str
    expires_at: datetime
    trace_until: datetime


class TeamCreate(Struct, forbid_unknown_fields=True):
    name: Annotated[str, Meta(min_length=1, max_length=120, pattern=r"\S")]
    shares_caseload: bool = False


class TeamUpdate(Struct, forbid_unknown_fields=True):
    name: Annotated[str, Meta(min_length=1, max_length=120, pattern=r"\S")]


class UserController(Controller):
    path = "/api/v1/users"
    tags = ["administration"]

    @get("/", opt=rule(ADMINS), sync_to_thread=False)
    def list_users(
        self,
        db: DbSession,
        page: Paging,
        role: Role | None = Parameter(default=None),
        team_id: int | None = Parameter(default=None, ge=1, le=2**31 - 1),
    ) -> Paged[UserOut]:
        rows, total = users.list_users(db, role=role, team_id=team_id, limit=page.limit, offset=page.offset)
        return Paged(items=[out(u, UserOut) for u in rows], total=total, limit=page.limit, offset=page.offset)

    @post("/", opt=rule(ADMINS, action=AuditAction.UPDATE, object_type="youth_account"), sync_to_thread=False)
    def create_user(self, db: DbSession, audit: Audit, data: JSONBody[users.UserCreate]) -> UserOut:
        """Create an account. A youth account names the youth record it opens (youth_id)."""
        user = users.register_user(db, data)
        audit.set_youths([data.youth_id] if data.youth_id else [], "youth_account", AuditAction.UPDATE)
        return out(user, UserOut)

    @patch("/{user_id:int}", opt=rule(ADMINS), sync_to_thread=False)
    def update_user(self, db: DbSession, user_id: FromPath[int], data: JSONBody[users.UserUpdate]) -> UserOut:
        """Rename, change the role (not to or from a youth's account), move to a team, set the e-mail address for
        notification mails, or deactivate (which ends every login at once). A password is never set here: use
        ``POST /api/v1/users/{user_id}/password-reset``."""
        return out(users.update_user(db, user_id, data), UserOut)

    @post(
        "/{user_id:int}/password-reset",
        opt=rule(ADMINS, action=AuditAction.UPDATE, object_type="password_reset"),
        sync_to_thread=False,
        status_code=201,
    )
    def reset_password(
        self, db: DbSession, actor: CurrentUser, audit: Audit, settings: AppSettings, user_id: FromPath[int]
    ) -> PasswordResetOut:
        """Reset a user's password: the old one stops working, every login ends, and the answer carries a
        one-time, expiring token with which the user chooses a new password. The administrator never learns
        a usable password; the reset is in the audit trail with the administrator as actor."""
        reset, token = password_reset.start_reset(
            db,
            actor,
            user_id,
            valid_for=timedelta(hours=settings.password_reset_hours),
            trace_for=timedelta(days=settings.password_reset_trace_days),
        )
        audit.set_object(reset.id, users.youth_of_account(db, user_id))
        return PasswordResetOut(
            reset_id=reset.id,  # type: ignore[arg-type]
            user_id=user_id,
            token=token,
            set_password_path="/api/v1/auth/set-password",
            expires_at=reset.expires_at,
            trace_until=reset.trace_until,
        )


class TeamController(Controller):
    path = "/api/v1/teams"
    tags = ["administration"]

    @get("/", opt=rule(EVERYONE - {Role.YOUTH}), sync_to_thread=False)
    def list_teams(self, db: DbSession, page: Paging) -> Paged[TeamOut]:
        return page_of([out(t, TeamOut) for t in users.list_teams(db)], page)

    @post("/", opt=rule(ADMINS), sync_to_thread=False)
    def create_team(self, db: DbSession, data: JSONBody[TeamCreate]) -> TeamOut:
        return out(users.create_team(db, data.name, shares_caseload=data.shares_caseload), TeamOut)

    @patch("/{team_id:int}", opt=rule(ADMINS), sync_to_thread=False)
    def rename_team(
        self, db: DbSession, team_id: Annotated[int, PathParameter(ge=1, le=2**31 - 1)], data: JSONBody[TeamUpdate]
    ) -> TeamOut:
        """Give the team another name (unique)."""
        return out(users.rename_team(db, team_id, data.name), TeamOut)
