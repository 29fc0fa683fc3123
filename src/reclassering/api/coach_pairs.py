"""Safe Path's coach pair of a measure: two trained professional coaches (users of this app or named external
coaches), not network members; the youth's own worker joins where needed."""

from __future__ import annotations

from datetime import date, datetime

from litestar import Controller, get, put
from litestar.params import FromPath, JSONBody
from msgspec import Struct

from ..casefile.vocab import AuditAction
from ..methods import coach_pair
from .deps import Audit, CurrentUser, DbSession
from .guards import CASE_READERS, CASE_WRITERS, rule

OBJECT = "coach_pair"


class CoachOut(Struct):
    position: int
    #: "user" (a user of this app) or "external" (a named coach from another organisation).
    kind: str
    user_id: int | None
    name: str
    organisation: str
    trained_on: date | None


class CoachPairOut(Struct):
    measure_id: int
    coaches: list[CoachOut]
    #: The youth's own worker joins the coaches where needed.
    worker_joins: bool
    #: Two coaches are named.
    complete: bool
    set_by_id: int | None
    updated_at: datetime | None


def _pair_out(view: coach_pair.CoachPairView) -> CoachPairOut:
    return CoachPairOut(
        measure_id=view.measure_id,
        coaches=[CoachOut(**{f: getattr(c, f) for f in c.__struct_fields__}) for c in view.coaches],
        worker_joins=view.worker_joins,
        complete=view.complete,
        set_by_id=view.set_by_id,
        updated_at=view.updated_at,
    )


class CoachPairController(Controller):
    path = "/api/v1/measures/{measure_id:int}/coach-pair"
    tags = ["methods"]

    @get(
        "/",
        opt=rule(CASE_READERS, scope="measure", action=AuditAction.READ, object_type=OBJECT),
        sync_to_thread=False,
    )
    def read_coach_pair(self, db: DbSession, measure_id: FromPath[int]) -> CoachPairOut:
        """The two coaches of the measure (none when no pair is named yet)."""
        return _pair_out(coach_pair.coach_pair(db, measure_id))

    @put(
        "/",
        opt=rule(CASE_WRITERS, scope="measure", action=AuditAction.UPDATE, object_type=OBJECT),
        sync_to_thread=False,
    )
    def set_coach_pair(
        self,
        db: DbSession,
        actor: CurrentUser,
        audit: Audit,
        measure_id: FromPath[int],
        data: JSONBody[coach_pair.CoachPairSet],
    ) -> CoachPairOut:
        """Name two trained professional coaches: each a user of this app (user_id) or an external coach (name,
        organisation, trained_on). An empty list dissolves the pair. Refused (422) for network members' ids,
        the youth's own worker (who joins where needed: worker_joins) or one coach named twice."""
        view = coach_pair.set_coach_pair(db, actor, measure_id, data)
        audit.set_object(measure_id)
        return _pair_out(view)
