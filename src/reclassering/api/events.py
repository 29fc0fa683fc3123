"""Successes and setbacks of a measure."""

from __future__ import annotations

from datetime import date

from litestar import Controller, get, patch, post
from litestar.params import FromPath, JSONBody, Parameter

from ..casefile import events
from ..casefile.vocab import AuditAction
from .deps import Audit, CurrentUser, DbSession, Paging
from .guards import CASE_READERS, CASE_WRITERS, rule
from .schemas import Paged, RevisionOut, SetbackOut, SuccessOut, out, page_of

R, C, U = AuditAction.READ, AuditAction.CREATE, AuditAction.UPDATE
SINCE = Parameter(default=None, description="From this date (inclusive)")
UNTIL = Parameter(default=None, description="Up to this date (inclusive)")
WITHDRAWN = Parameter(default=False, description="Also list the ones staff withdrew (they no longer count)")


class EventsController(Controller):
    path = "/api/v1/measures/{measure_id:int}"
    tags = ["successes and setbacks"]

    @get("/successes", opt=rule(CASE_READERS, scope="measure", action=R, object_type="success"), sync_to_thread=False)
    def list_successes(
        self,
        db: DbSession,
        measure_id: FromPath[int],
        page: Paging,
        since: date | None = SINCE,
        until: date | None = UNTIL,
        withdrawn: bool = WITHDRAWN,
    ) -> Paged[SuccessOut]:
        rows, total = events.list_successes(
            db, measure_id, since=since, until=until, withdrawn=withdrawn, limit=page.limit, offset=page.offset
        )
        return Paged(items=[out(s, SuccessOut) for s in rows], total=total, limit=page.limit, offset=page.offset)

    @post("/successes", opt=rule(CASE_READERS, scope="measure", action=C, object_type="success"), sync_to_thread=False)
    def record_success(
        self,
        db: DbSession,
        actor: CurrentUser,
        audit: Audit,
        measure_id: FromPath[int],
        data: JSONBody[events.SuccessCreate],
    ) -> SuccessOut:
        """Something that went well, however small; a youth can add their own."""
        success = events.record_success(db, actor, measure_id, data)
        audit.set_object(success.id)
        return out(success, SuccessOut)

    @get("/setbacks", opt=rule(CASE_READERS, scope="measure", action=R, object_type="setback"), sync_to_thread=False)
    def list_setbacks(
        self,
        db: DbSession,
        measure_id: FromPath[int],
        page: Paging,
        since: date | None = SINCE,
        until: date | None = UNTIL,
        resolved: bool | None = Parameter(default=None, description="Only open (false) or closed (true) setbacks"),
        withdrawn: bool = WITHDRAWN,
    ) -> Paged[SetbackOut]:
        rows, total = events.list_setbacks(
            db,
            measure_id,
            since=since,
            until=until,
            resolved=resolved,
            withdrawn=withdrawn,
            limit=page.limit,
            offset=page.offset,
        )
        return Paged(items=[out(s, SetbackOut) for s in rows], total=total, limit=page.limit, offset=page.offset)

    @post("/setbacks", opt=rule(CASE_WRITERS, scope="measure", action=C, object_type="setback"), sync_to_thread=False)
    def record_setback(
        self,
        db: DbSession,
        actor: CurrentUser,
        audit: Audit,
        measure_id: FromPath[int],
        data: JSONBody[events.SetbackCreate],
    ) -> SetbackOut:
        """A setback with its kind, severity, the condition it breaches and the response taken."""
        setback = events.record_setback(db, actor, measure_id, data)
        audit.set_object(setback.id)
        return out(setback, SetbackOut)


class SuccessController(Controller):
    """Staff correct and withdraw successes; every earlier version stays in the history."""

    path = "/api/v1/successes"
    tags = ["successes and setbacks"]

    @patch("/{success_id:int}", opt=rule(CASE_WRITERS, scope="success", action=U), sync_to_thread=False)
    def correct_success(
        self, db: DbSession, actor: CurrentUser, success_id: FromPath[int], data: JSONBody[events.SuccessCorrection]
    ) -> SuccessOut:
        """Correct the text, date or goal of a success (with a reason); the earlier version is kept."""
        return out(events.correct_success(db, actor, success_id, data), SuccessOut)

    @post(
        "/{success_id:int}/withdraw",
        opt=rule(CASE_WRITERS, scope="success", action=U),
        sync_to_thread=False,
        status_code=200,
    )
    def withdraw_success(
        self, db: DbSession, actor: CurrentUser, success_id: FromPath[int], data: JSONBody[events.Withdrawal]
    ) -> SuccessOut:
        """Withdraw a success, saying why: it leaves progress, charts and counts, and stays in the history."""
        return out(events.withdraw_success(db, actor, success_id, data), SuccessOut)

    @get("/{success_id:int}/history", opt=rule(CASE_READERS, scope="success", action=R), sync_to_thread=False)
    def success_history(self, db: DbSession, success_id: FromPath[int], page: Paging) -> Paged[RevisionOut]:
        """What the success said before each correction or its withdrawal, who changed it, when and why."""
        events.get_success(db, success_id)
        return page_of([out(r, RevisionOut) for r in events.history(db, "success", success_id)], page)


class SetbackController(Controller):
    path = "/api/v1/setbacks"
    tags = ["successes and setbacks"]

    @patch("/{setback_id:int}", opt=rule(CASE_WRITERS, scope="setback", action=U), sync_to_thread=False)
    def update_setback(
        self, db: DbSession, actor: CurrentUser, setback_id: FromPath[int], data: JSONBody[events.SetbackUpdate]
    ) -> SetbackOut:
        """Record the response taken, close the setback, or correct it (the earlier version is kept)."""
        return out(events.update_setback(db, setback_id, data, actor), SetbackOut)

    @post(
        "/{setback_id:int}/withdraw",
        opt=rule(CASE_WRITERS, scope="setback", action=U),
        sync_to_thread=False,
        status_code=200,
    )
    def withdraw_setback(
        self, db: DbSession, actor: CurrentUser, setback_id: FromPath[int], data: JSONBody[events.Withdrawal]
    ) -> SetbackOut:
        """Withdraw a setback, saying why: it leaves progress, charts and counts, and stays in the history."""
        return out(events.withdraw_setback(db, actor, setback_id, data), SetbackOut)

    @get("/{setback_id:int}/history", opt=rule(CASE_READERS, scope="setback", action=R), sync_to_thread=False)
    def setback_history(self, db: DbSession, setback_id: FromPath[int], page: Paging) -> Paged[RevisionOut]:
        """What the setback said before each correction or its withdrawal, who changed it, when and why."""
        events.get_setback(db, setback_id)
        return page_of([out(r, RevisionOut) for r in events.history(db, "setback", setback_id)], page)
