"""The success and safety plan of a measure: read the current version, save a new one, the versions, the PDF.

Staff of the caseload write (each save a new version, based on the version they read; a stale one answers 409 with
who saved the newer one); the youth reads their own measure's plan and its one-page PDF. Every route is audited
under ``safety_plan``; the PDF as printed.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Annotated, Literal

import msgspec
from litestar import Controller, Response, get, put
from litestar.exceptions import HTTPException
from litestar.params import FromPath, JSONBody, Parameter, PathParameter
from msgspec import Struct
from sqlmodel import Session

from ..casefile import measures, safety_plan, youths
from ..casefile.fields import today
from ..casefile.models import User
from ..casefile.vocab import AuditAction
from ..reports.report.plan_data import plan_line
from ..reports.report.plan_pdf import render_safety_plan
from ..settings import Settings
from .deps import AppSettings, Audit, CurrentUser, DbSession, Paging
from .guards import CASE_READERS, CASE_WRITERS, MAX_ID, rule
from .schemas import Paged

OBJECT = "safety_plan"
Locale = Literal["nl", "en"]
LOCALE = Parameter(default=None, description="Language of the PDF: nl or en (default: your own)")
Version = Annotated[int, PathParameter(ge=1, le=MAX_ID, description="The version number, from 1")]


class TaskOut(Struct):
    who: str
    what: str


class CallOut(Struct):
    name: str
    relation: str
    reach: str


class SafetyPlanOut(Struct):
    """One version of the plan, who saved it (id, name, role), when, and which parts differ from the one before."""

    measure_id: int
    version: int
    who_does_what: list[TaskOut]
    warning_signs: list[str]
    who_to_call: list[CallOut]
    network_agreed: str
    next_review_on: date | None
    author_id: int | None
    author_name: str
    author_role: str
    created_at: datetime
    changed: list[str]


def plan_out(view: safety_plan.PlanView) -> SafetyPlanOut:
    row = view.row
    return msgspec.convert(
        {
            **row.content(),
            "measure_id": row.measure_id,
            "version": row.version,
            "author_id": row.author_id,
            "author_name": view.author_name,
            "author_role": row.author_role,
            "created_at": row.created_at,
            "changed": row.changed,
        },
        SafetyPlanOut,
        from_attributes=True,
    )


def pdf_locale(requested: str | None, actor: User, settings: Settings) -> str:
    for candidate in (requested, actor.locale, settings.default_locale):
        if candidate in ("nl", "en"):
            return candidate  # type: ignore[return-value]
    return "nl"


def plan_pdf(db: Session, measure_id: int, locale: str) -> tuple[safety_plan.PlanView, bytes]:
    """The current plan of the measure as its one-page PDF (``NotFound`` without a plan)."""
    view = safety_plan.get_plan(db, measure_id)
    youth = youths.get_youth(db, measures.get_measure(db, measure_id).youth_id)
    return view, render_safety_plan(plan_line(view), youth.display_name, locale, today())


class SafetyPlanController(Controller):
    path = "/api/v1/measures/{measure_id:int}/safety-plan"
    tags = ["safety plan"]

    @get(
        "/", opt=rule(CASE_READERS, scope="measure", action=AuditAction.READ, object_type=OBJECT), sync_to_thread=False
    )
    def read_plan(self, db: DbSession, audit: Audit, measure_id: FromPath[int]) -> SafetyPlanOut:
        """The current version of the plan; 404 when the measure has none yet."""
        view = safety_plan.get_plan(db, measure_id)
        audit.set_object(view.row.id)
        return plan_out(view)

    @put(
        "/",
        opt=rule(CASE_WRITERS, scope="measure", action=AuditAction.UPDATE, object_type=OBJECT),
        sync_to_thread=False,
    )
    def save_plan(
        self,
        db: DbSession,
        actor: CurrentUser,
        audit: Audit,
        measure_id: FromPath[int],
        data: JSONBody[safety_plan.SafetyPlanWrite],
    ) -> SafetyPlanOut:
        """Save the whole plan as a new version. ``based_on_version`` names the version your changes start from
        (0 for the first); when someone saved a newer one meanwhile, nothing is stored and the answer is 409
        with who saved it and when (``extra``)."""
        try:
            view = safety_plan.save_plan(db, actor, measure_id, data)
        except safety_plan.StalePlan as stale:
            current = stale.current
            raise HTTPException(
                status_code=409,
                detail=stale.message,
                extra={
                    "current_version": current.version,
                    "saved_by": stale.author_name,
                    "saved_by_role": current.author_role,
                    "saved_at": current.created_at.isoformat(),
                },
            ) from stale
        audit.set_object(view.row.id)
        return plan_out(view)

    @get(
        "/versions",
        opt=rule(CASE_READERS, scope="measure", action=AuditAction.READ, object_type=OBJECT),
        sync_to_thread=False,
    )
    def list_versions(self, db: DbSession, measure_id: FromPath[int], page: Paging) -> Paged[SafetyPlanOut]:
        """Every version of the plan, newest first, each with who saved it and what changed."""
        views, total = safety_plan.list_versions(db, measure_id, limit=page.limit, offset=page.offset)
        return Paged(items=[plan_out(v) for v in views], total=total, limit=page.limit, offset=page.offset)

    @get(
        "/versions/{version:int}",
        opt=rule(CASE_READERS, scope="measure", action=AuditAction.READ, object_type=OBJECT),
        sync_to_thread=False,
    )
    def read_version(self, db: DbSession, audit: Audit, measure_id: FromPath[int], version: Version) -> SafetyPlanOut:
        """One version of the plan as it was saved; 404 when there is no such version."""
        view = safety_plan.get_version(db, measure_id, version)
        audit.set_object(view.row.id)
        return plan_out(view)


class SafetyPlanPdfController(Controller):
    path = "/api/v1/measures/{measure_id:int}"
    tags = ["safety plan"]

    @get(
        "/safety-plan.pdf",
        opt=rule(CASE_READERS, scope="measure", action=AuditAction.PRINT, object_type=OBJECT),
        sync_to_thread=False,
        media_type="application/pdf",
    )
    def print_plan(
        self,
        db: DbSession,
        actor: CurrentUser,
        audit: Audit,
        settings: AppSettings,
        measure_id: FromPath[int],
        locale: Locale | None = LOCALE,
    ) -> Response[bytes]:
        """The current plan on one A4 page in plain words, for the youth (Dutch or English); 404 without a plan."""
        view, pdf = plan_pdf(db, measure_id, pdf_locale(locale, actor, settings))
        audit.set_object(view.row.id)
        return Response(
            pdf,
            media_type="application/pdf",
            headers={
                "Content-Disposition": f'inline; filename="veiligheidsplan-v{view.row.version}.pdf"',
                "Cache-Control": "private, no-store",
            },
        )


CONTROLLERS: list[type[Controller]] = [SafetyPlanController, SafetyPlanPdfController]
