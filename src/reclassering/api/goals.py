"""Goals of a measure, in the youth's own words."""

from __future__ import annotations

from litestar import Controller, get, patch, post
from litestar.params import FromPath, JSONBody, Parameter

from ..casefile import goals
from ..casefile.vocab import AuditAction, GoalStatus
from .deps import Audit, CurrentUser, DbSession, Paging
from .guards import CASE_READERS, CASE_WRITERS, rule
from .schemas import GoalOut, Paged, out, page_of

R, C, U = AuditAction.READ, AuditAction.CREATE, AuditAction.UPDATE


class MeasureGoalsController(Controller):
    path = "/api/v1/measures/{measure_id:int}/goals"
    tags = ["goals"]

    @get("/", opt=rule(CASE_READERS, scope="measure", action=R, object_type="goal"), sync_to_thread=False)
    def list_goals(
        self,
        db: DbSession,
        page: Paging,
        measure_id: FromPath[int],
        status: GoalStatus | None = Parameter(default=None, description="Only goals in this status"),
    ) -> Paged[GoalOut]:
        return page_of([out(g, GoalOut) for g in goals.goals_of(db, measure_id, status)], page)

    @post("/", opt=rule(CASE_WRITERS, scope="measure", action=C, object_type="goal"), sync_to_thread=False)
    def create_goal(
        self,
        db: DbSession,
        actor: CurrentUser,
        audit: Audit,
        measure_id: FromPath[int],
        data: JSONBody[goals.GoalCreate],
    ) -> GoalOut:
        """A goal in the youth's own words, with its life domain and (optionally) GAS levels."""
        goal = goals.create_goal(db, actor, measure_id, data)
        audit.set_object(goal.id)
        return out(goal, GoalOut)


class GoalController(Controller):
    path = "/api/v1/goals"
    tags = ["goals"]

    @get("/{goal_id:int}", opt=rule(CASE_READERS, scope="goal", action=R), sync_to_thread=False)
    def read_goal(self, db: DbSession, goal_id: FromPath[int]) -> GoalOut:
        return out(goals.get_goal(db, goal_id), GoalOut)

    @patch("/{goal_id:int}", opt=rule(CASE_WRITERS, scope="goal", action=U), sync_to_thread=False)
    def update_goal(self, db: DbSession, goal_id: FromPath[int], data: JSONBody[goals.GoalUpdate]) -> GoalOut:
        """Change a goal's status, words or GAS levels."""
        return out(goals.update_goal(db, goal_id, data), GoalOut)
