"""Weekly check-ins: one per ISO week per measure; recording a week again updates it."""

from __future__ import annotations

from litestar import Controller, get, post, put
from litestar.params import FromPath, JSONBody, Parameter

from ..casefile import checkins
from ..casefile.errors import Invalid
from ..casefile.vocab import AuditAction
from ..casefile.weeks import WEEK_PATTERN
from .deps import Audit, CurrentUser, DbSession, Paging
from .guards import CASE_READERS, rule
from .schemas import CheckInOut, Paged, check_in_out

R, U = AuditAction.READ, AuditAction.UPDATE
WEEK = Parameter(default=None, pattern=WEEK_PATTERN, description="ISO week, e.g. 2026-W47")


class CheckInController(Controller):
    path = "/api/v1/measures/{measure_id:int}/check-ins"
    tags = ["check-ins"]

    @get("/", opt=rule(CASE_READERS, scope="measure", action=R, object_type="check_in"), sync_to_thread=False)
    def list_check_ins(
        self,
        db: DbSession,
        measure_id: FromPath[int],
        page: Paging,
        from_week: str | None = WEEK,
        to_week: str | None = WEEK,
    ) -> Paged[CheckInOut]:
        """The measure's check-ins, newest week first, with every score; filter by a week range."""
        rows, total = checkins.list_check_ins(
            db, measure_id, from_week=from_week, to_week=to_week, limit=page.limit, offset=page.offset
        )
        return Paged(items=[check_in_out(v) for v in rows], total=total, limit=page.limit, offset=page.offset)

    @post(
        "/",
        opt=rule(CASE_READERS, scope="measure", action=U, object_type="check_in"),
        sync_to_thread=False,
        status_code=200,
    )
    def post_check_in(
        self,
        db: DbSession,
        actor: CurrentUser,
        audit: Audit,
        measure_id: FromPath[int],
        data: JSONBody[checkins.CheckInPost],
    ) -> CheckInOut:
        """Record the week named in the body (creates it, or updates it when it exists)."""
        if not data.week:
            raise Invalid("say which ISO week this check-in is for (week, e.g. 2026-W47)")
        view = checkins.record_check_in(db, actor, measure_id, data.week, data)
        audit.set_object(view.check_in.id)
        return check_in_out(view)

    @get("/{week:str}", opt=rule(CASE_READERS, scope="measure", action=R, object_type="check_in"), sync_to_thread=False)
    def read_check_in(self, db: DbSession, audit: Audit, measure_id: FromPath[int], week: FromPath[str]) -> CheckInOut:
        view = checkins.get_check_in(db, measure_id, week)
        audit.set_object(view.check_in.id)
        return check_in_out(view)

    @put("/{week:str}", opt=rule(CASE_READERS, scope="measure", action=U, object_type="check_in"), sync_to_thread=False)
    def put_check_in(
        self,
        db: DbSession,
        actor: CurrentUser,
        audit: Audit,
        measure_id: FromPath[int],
        week: FromPath[str],
        data: JSONBody[checkins.CheckInWrite],
    ) -> CheckInOut:
        """Record this week: notes and scores per goal and rater. A youth adds only their own scores."""
        view = checkins.record_check_in(db, actor, measure_id, week, data)
        audit.set_object(view.check_in.id)
        return check_in_out(view)
