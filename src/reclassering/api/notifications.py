"""Notifications for the current user, and the retention receipts for administrators.

A user sees only their own notifications (unread first), worded in their language; listing them is an
access to the youths they concern, so each youth named is written to the audit trail. Marking read takes
ids in the body (someone else's ids are ignored, so nothing is learnt about them). Receipts say what the
nightly retention removed; they name record ids and rules, no content.
"""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Any

from litestar import Controller, get, post
from litestar.exceptions import ValidationException
from litestar.params import JSONBody, Parameter
from msgspec import Meta, Struct
from sqlmodel import col, func, select

from ..casefile import notifications
from ..casefile.models import RetentionReceipt
from ..casefile.vocab import AuditAction
from .deps import Audit, CurrentUser, DbSession, Paging
from .guards import ADMINS, EVERYONE, rule
from .schemas import Paged

Id = Annotated[int, Meta(ge=1, le=2**31 - 1)]


class NotificationOut(Struct):
    id: int
    kind: str
    text: str
    subject: str
    youth_id: int | None
    created_at: datetime
    read_at: datetime | None
    params: dict[str, Any]


class NotificationList(Struct):
    items: list[NotificationOut]
    total: int
    unread: int
    limit: int
    offset: int


class MarkRead(Struct, forbid_unknown_fields=True):
    """Which notifications to mark read: the ids given, or all of them."""

    ids: Annotated[list[Id], Meta(max_length=500)] | None = None
    all: bool = False


class Marked(Struct):
    marked: int


class ReceiptOut(Struct):
    id: int
    run_key: str
    rule: str
    action: str
    object_type: str
    count: int
    record_ids: list[int]
    basis: str
    at: datetime


class NotificationController(Controller):
    path = "/api/v1/notifications"
    tags = ["notifications"]

    @get("/", opt=rule(EVERYONE, action=AuditAction.READ, object_type="notification"), sync_to_thread=False)
    def list_notifications(
        self,
        db: DbSession,
        actor: CurrentUser,
        audit: Audit,
        page: Paging,
        unread_only: bool = Parameter(default=False, description="Only the unread ones"),
    ) -> NotificationList:
        """Your notifications: unread first, newest first; with how many are unread."""
        rows, total, unread = notifications.for_user(
            db,
            actor.id,
            unread_only=unread_only,
            limit=page.limit,
            offset=page.offset,  # type: ignore[arg-type]
        )
        audit.set_youths(sorted({n.youth_id for n in rows if n.youth_id is not None}), "notification")
        items = [
            NotificationOut(
                id=n.id,  # type: ignore[arg-type]
                kind=n.kind,
                text=notifications.text_of(n.kind, n.params, actor.locale),
                subject=n.subject,
                youth_id=n.youth_id,
                created_at=n.created_at,
                read_at=n.read_at,
                params=n.params,
            )
            for n in rows
        ]
        return NotificationList(items=items, total=total, unread=unread, limit=page.limit, offset=page.offset)

    @post("/read", opt=rule(EVERYONE), status_code=200, sync_to_thread=False)
    def mark_read(self, db: DbSession, actor: CurrentUser, data: JSONBody[MarkRead]) -> Marked:
        """Mark notifications read: ``{"ids": [..]}`` or ``{"all": true}``."""
        if data.all == (data.ids is not None):
            raise ValidationException("give either 'ids' (a list of notification ids) or 'all': true")
        return Marked(marked=notifications.mark_read(db, actor.id, None if data.all else data.ids))  # type: ignore[arg-type]


class RetentionController(Controller):
    path = "/api/v1/retention"
    tags = ["administration"]

    @get("/receipts", opt=rule(ADMINS), sync_to_thread=False)
    def list_receipts(self, db: DbSession, page: Paging) -> Paged[ReceiptOut]:
        """What the nightly retention removed, newest first: rule, records, count, when, legal basis."""
        total = db.exec(select(func.count()).select_from(RetentionReceipt)).one()
        rows = db.exec(
            select(RetentionReceipt)
            .order_by(col(RetentionReceipt.at).desc(), col(RetentionReceipt.id).desc())
            .offset(page.offset)
            .limit(page.limit)
        ).all()
        items = [
            ReceiptOut(
                id=r.id,  # type: ignore[arg-type]
                run_key=r.run_key,
                rule=r.rule,
                action=r.action,
                object_type=r.object_type,
                count=r.count,
                record_ids=list(r.record_ids),
                basis=r.basis,
                at=r.at,
            )
            for r in rows
        ]
        return Paged(items=items, total=total, limit=page.limit, offset=page.offset)


CONTROLLERS: list[type] = [NotificationController, RetentionController]
