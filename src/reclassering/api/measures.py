"""Measures (maatregelen) and their special conditions with compliance over time."""

from __future__ import annotations

from litestar import Controller, get, patch, post
from litestar.params import FromPath, JSONBody, Parameter

from ..casefile import measures
from ..casefile.vocab import AuditAction, MeasureStatus
from .deps import Audit, CurrentUser, DbSession, Paging
from .guards import CASE_READERS, CASE_WRITERS, rule
from .schemas import AssessmentOut, ConditionOut, MeasureOut, Paged, measure_out, out, page_of

R, C, U = AuditAction.READ, AuditAction.CREATE, AuditAction.UPDATE


class YouthMeasuresController(Controller):
    path = "/api/v1/youths/{youth_id:int}/measures"
    tags = ["measures"]

    @get("/", opt=rule(CASE_READERS, scope="youth", action=R, object_type="measure"), sync_to_thread=False)
    def list_measures(
        self,
        db: DbSession,
        page: Paging,
        youth_id: FromPath[int],
        status: MeasureStatus | None = Parameter(default=None, description="Only measures in this status"),
    ) -> Paged[MeasureOut]:
        """The youth's measures, newest first, each with its conditions and their compliance."""
        rows = measures.measures_of(db, youth_id, status)
        conditions, assessments = measures.conditions_of(db, [m.id for m in rows])  # type: ignore[misc]
        return page_of(
            [
                measure_out(measures.MeasureDetail(m, [c for c in conditions if c.measure_id == m.id], assessments))
                for m in rows
            ],
            page,
        )

    @post("/", opt=rule(CASE_WRITERS, scope="youth", action=C, object_type="measure"), sync_to_thread=False)
    def create_measure(
        self, db: DbSession, audit: Audit, youth_id: FromPath[int], data: JSONBody[measures.MeasureCreate]
    ) -> MeasureOut:
        """Record a measure with its kind, legal basis, dates and special conditions."""
        measure = measures.create_measure(db, youth_id, data)
        audit.set_object(measure.id)
        return measure_out(measures.measure_detail(db, measure.id))  # type: ignore[arg-type]


class MeasureController(Controller):
    path = "/api/v1/measures"
    tags = ["measures"]

    @get("/{measure_id:int}", opt=rule(CASE_READERS, scope="measure", action=R), sync_to_thread=False)
    def read_measure(self, db: DbSession, measure_id: FromPath[int]) -> MeasureOut:
        return measure_out(measures.measure_detail(db, measure_id))

    @patch("/{measure_id:int}", opt=rule(CASE_WRITERS, scope="measure", action=U), sync_to_thread=False)
    def update_measure(
        self, db: DbSession, measure_id: FromPath[int], data: JSONBody[measures.MeasureUpdate]
    ) -> MeasureOut:
        measures.update_measure(db, measure_id, data)
        return measure_out(measures.measure_detail(db, measure_id))

    @post(
        "/{measure_id:int}/conditions",
        opt=rule(CASE_WRITERS, scope="measure", action=C, object_type="condition"),
        sync_to_thread=False,
    )
    def add_condition(
        self, db: DbSession, audit: Audit, measure_id: FromPath[int], data: JSONBody[measures.ConditionCreate]
    ) -> ConditionOut:
        condition = measures.add_condition(db, measure_id, data)
        audit.set_object(condition.id)
        return out(condition, ConditionOut)


class ConditionController(Controller):
    path = "/api/v1/conditions"
    tags = ["measures"]

    @patch("/{condition_id:int}", opt=rule(CASE_WRITERS, scope="condition", action=U), sync_to_thread=False)
    def update_condition(
        self, db: DbSession, condition_id: FromPath[int], data: JSONBody[measures.ConditionUpdate]
    ) -> ConditionOut:
        condition = measures.update_condition(db, condition_id, data)
        _, by_condition = measures.conditions_of(db, [condition.measure_id])
        return out(
            condition, ConditionOut, compliance=[out(a, AssessmentOut) for a in by_condition.get(condition_id, [])]
        )

    @post(
        "/{condition_id:int}/assessments",
        opt=rule(CASE_WRITERS, scope="condition", action=C, object_type="condition_assessment"),
        sync_to_thread=False,
    )
    def assess(
        self,
        db: DbSession,
        actor: CurrentUser,
        audit: Audit,
        condition_id: FromPath[int],
        data: JSONBody[measures.AssessmentCreate],
    ) -> AssessmentOut:
        """Record how far the condition was complied with (complied, partly, not), on which date."""
        row = measures.assess_condition(db, actor, condition_id, data)
        audit.set_object(row.id)
        return out(row, AssessmentOut)
