"""Administration: users and teams. An administrator manages accounts but reaches no case content."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated

from litestar import Controller, get, patch, post
from litestar.params import Parameter
from msgspec import Meta, Struct
from sqlmodel import Session

from ..casefile import users
from ..casefile.vocab import AuditAction, Role
from .audit_hook import AuditContext
from .deps import Page
from .guards import ADMINS, EVERYONE, rule
from .schemas import Paged, out


class UserOut(Struct):
    id: int
    username: str
    display_name: str
    role: str
    team_id: int | None
    active: bool
    locale: str
    created_at: datetime


class TeamOut(Struct):
    id: int
    name: str
    shares_caseload: bool
    created_at: datetime


class TeamCreate(Struct, forbid_unknown_fields=True):
    name: Annotated[str, Meta(min_length=1, max_length=120, pattern=r"\S")]
    shares_caseload: bool = False


class UserController(Controller):
    path = "/api/v1/users"
    tags = ["administration"]

    @get("/", opt=rule(ADMINS), sync_to_thread=True)
    def list_users(
        self,
        db: Session,
        page: Page,
        role: Role | None = Parameter(default=None),
        team_id: int | None = Parameter(default=None, ge=1, le=2**31 - 1),
    ) -> Paged[UserOut]:
        rows, total = users.list_users(db, role=role, team_id=team_id, limit=page.limit, offset=page.offset)
        return Paged(items=[out(u, UserOut) for u in rows], total=total, limit=page.limit, offset=page.offset)

    @post("/", opt=rule(ADMINS, action=AuditAction.UPDATE, object_type="youth_account"), sync_to_thread=True)
    def create_user(self, db: Session, audit: AuditContext, data: users.UserCreate) -> UserOut:
        """Create an account. A youth account names the youth record it opens (youth_id)."""
        user = users.register_user(db, data)
        audit.set_youths([data.youth_id] if data.youth_id else [], "youth_account", AuditAction.UPDATE)
        return out(user, UserOut)

    @patch("/{user_id:int}", opt=rule(ADMINS), sync_to_thread=True)
    def update_user(self, db: Session, user_id: int, data: users.UserUpdate) -> UserOut:
        """Rename, move to a team, reset the password or deactivate (which ends every login at once)."""
        return out(users.update_user(db, user_id, data), UserOut)


class TeamController(Controller):
    path = "/api/v1/teams"
    tags = ["administration"]

    @get("/", opt=rule(EVERYONE - {Role.YOUTH}), sync_to_thread=True)
    def list_teams(self, db: Session) -> list[TeamOut]:
        return [out(t, TeamOut) for t in users.list_teams(db)]

    @post("/", opt=rule(ADMINS), sync_to_thread=True)
    def create_team(self, db: Session, data: TeamCreate) -> TeamOut:
        return out(users.create_team(db, data.name, shares_caseload=data.shares_caseload), TeamOut)
