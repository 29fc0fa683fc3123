"""Successes and setbacks of a measure."""

from __future__ import annotations

from datetime import date

from litestar import Controller, get, patch, post
from litestar.params import Parameter
from sqlmodel import Session

from ..casefile import events
from ..casefile.models import User
from ..casefile.vocab import AuditAction
from .audit_hook import AuditContext
from .deps import Page
from .guards import CASE_READERS, CASE_WRITERS, rule
from .schemas import Paged, SetbackOut, SuccessOut, out

R, C, U = AuditAction.READ, AuditAction.CREATE, AuditAction.UPDATE
SINCE = Parameter(default=None, description="From this date (inclusive)")
UNTIL = Parameter(default=None, description="Up to this date (inclusive)")


class EventsController(Controller):
    path = "/api/v1/measures/{measure_id:int}"
    tags = ["successes and setbacks"]

    @get("/successes", opt=rule(CASE_READERS, scope="measure", action=R, object_type="success"), sync_to_thread=True)
    def list_successes(
        self, db: Session, measure_id: int, page: Page, since: date | None = SINCE, until: date | None = UNTIL
    ) -> Paged[SuccessOut]:
        rows, total = events.list_successes(
            db, measure_id, since=since, until=until, limit=page.limit, offset=page.offset
        )
        return Paged(items=[out(s, SuccessOut) for s in rows], total=total, limit=page.limit, offset=page.offset)

    @post("/successes", opt=rule(CASE_READERS, scope="measure", action=C, object_type="success"), sync_to_thread=True)
    def record_success(
        self, db: Session, actor: User, audit: AuditContext, measure_id: int, data: events.SuccessCreate
    ) -> SuccessOut:
        """Something that went well, however small; a youth can add their own."""
        success = events.record_success(db, actor, measure_id, data)
        audit.set_object(success.id)
        return out(success, SuccessOut)

    @get("/setbacks", opt=rule(CASE_READERS, scope="measure", action=R, object_type="setback"), sync_to_thread=True)
    def list_setbacks(
        self,
        db: Session,
        measure_id: int,
        page: Page,
        since: date | None = SINCE,
        until: date | None = UNTIL,
        resolved: bool | None = Parameter(default=None, description="Only open (false) or closed (true) setbacks"),
    ) -> Paged[SetbackOut]:
        rows, total = events.list_setbacks(
            db, measure_id, since=since, until=until, resolved=resolved, limit=page.limit, offset=page.offset
        )
        return Paged(items=[out(s, SetbackOut) for s in rows], total=total, limit=page.limit, offset=page.offset)

    @post("/setbacks", opt=rule(CASE_WRITERS, scope="measure", action=C, object_type="setback"), sync_to_thread=True)
    def record_setback(
        self, db: Session, actor: User, audit: AuditContext, measure_id: int, data: events.SetbackCreate
    ) -> SetbackOut:
        """A setback with its kind, severity, the condition it breaches and the response taken."""
        setback = events.record_setback(db, actor, measure_id, data)
        audit.set_object(setback.id)
        return out(setback, SetbackOut)


class SetbackController(Controller):
    path = "/api/v1/setbacks"
    tags = ["successes and setbacks"]

    @patch("/{setback_id:int}", opt=rule(CASE_WRITERS, scope="setback", action=U), sync_to_thread=True)
    def update_setback(self, db: Session, setback_id: int, data: events.SetbackUpdate) -> SetbackOut:
        """Record the response taken, or close the setback."""
        return out(events.update_setback(db, setback_id, data), SetbackOut)
