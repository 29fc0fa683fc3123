"""A measure's method enrolment: enrol, read where it stands, advance a phase, the closing summary and the
weekly prompts, in the caller's language (``?locale=nl|en``, else their own)."""

from __future__ import annotations

from datetime import datetime

import msgspec
from litestar import Controller, Response, get, post, put
from litestar.di import NamedDependency
from litestar.exceptions import ClientException
from litestar.params import FromPath, JSONBody, Parameter
from msgspec import Struct

from ..casefile.vocab import AuditAction, Role
from ..methods import workflow
from ..methods.definition_schema import Audience
from ..methods.registry import MethodRegistry
from ..methods.workflow import EnrolmentStatus, Locale, RequirementCheck
from .deps import Audit, CurrentUser, DbSession
from .guards import CASE_READERS, CASE_WRITERS, rule
from .method_catalogue import DEPENDENCIES, LOCALE
from .method_catalogue import caller_locale as _locale
from .schemas import out

R, C, U = AuditAction.READ, AuditAction.CREATE, AuditAction.UPDATE
ENROLMENT = "method_enrolment"


class PhaseStepOut(Struct):
    id: str
    name: str
    state: str
    entered_at: datetime | None


class RequirementStatusOut(Struct):
    kind: str
    met: bool
    have: int
    need: int
    description: str
    #: Records count from the start of this phase; None means over the whole measure.
    counted_from: str | None


class ToolPartText(Struct):
    id: str
    name: str
    prompt: str


class YouthToolText(Struct):
    id: str
    name: str
    description: str
    parts: list[ToolPartText]


class LocalPromptOut(Struct):
    id: str
    audience: str
    text: str


class TransitionOut(Struct):
    from_phase: str
    to_phase: str
    at: datetime
    by_user_id: int | None
    note: str


class EnrolmentOut(Struct):
    measure_id: int
    method_id: str
    method_name: str
    method_version: int
    locale: str
    current_phase: str
    current_phase_name: str
    current_phase_description: str
    closed: bool
    #: Whether every requirement of the current phase is met.
    can_advance: bool
    enrolled_at: datetime
    phase_entered_at: datetime
    closed_at: datetime | None
    closing_summary: str
    phases: list[PhaseStepOut]
    requirements: list[RequirementStatusOut]
    worker_prompts: list[str]
    youth_prompts: list[str]
    youth_tools: list[YouthToolText]
    weekly_prompts: list[LocalPromptOut]
    history: list[TransitionOut]


class PromptsOut(Struct):
    measure_id: int
    method_id: str
    phase: str
    closed: bool
    audience: str
    locale: str
    prompts: list[LocalPromptOut]


def _requirement_out(check: RequirementCheck, locale: Locale) -> RequirementStatusOut:
    return RequirementStatusOut(
        kind=check.kind,
        met=check.met,
        have=check.have,
        need=check.need,
        description=check.description.get(locale),
        counted_from=check.counted_from,
    )


def enrolment_out(view: EnrolmentStatus, locale: Locale) -> EnrolmentOut:
    enrolment, phase = view.enrolment, view.phase
    return EnrolmentOut(
        measure_id=enrolment.measure_id,
        method_id=view.method.id,
        method_name=view.method.name.get(locale),
        method_version=enrolment.method_version,
        locale=locale,
        current_phase=phase.id,
        current_phase_name=phase.name.get(locale),
        current_phase_description=phase.description.get(locale),
        closed=view.closed,
        can_advance=view.can_advance,
        enrolled_at=enrolment.enrolled_at,
        phase_entered_at=enrolment.phase_entered_at,
        closed_at=enrolment.closed_at,
        closing_summary=enrolment.closing_summary,
        phases=[
            PhaseStepOut(id=s.phase.id, name=s.phase.name.get(locale), state=s.state, entered_at=s.entered_at)
            for s in view.phases
        ],
        requirements=[_requirement_out(check, locale) for check in view.requirements],
        worker_prompts=[] if view.closed else [p.get(locale) for p in phase.prompts.worker],
        youth_prompts=[] if view.closed else [p.get(locale) for p in phase.prompts.youth],
        youth_tools=[
            YouthToolText(
                id=tool.id,
                name=tool.name.get(locale),
                description=tool.description.get(locale),
                parts=[ToolPartText(id=p.id, name=p.name.get(locale), prompt=p.prompt.get(locale)) for p in tool.parts],
            )
            for tool in view.youth_tools
        ],
        weekly_prompts=[
            LocalPromptOut(id=p.id, audience=p.audience, text=p.text.get(locale)) for p in view.weekly_prompts
        ],
        history=[out(t, TransitionOut) for t in view.history],
    )


class EnrolmentController(Controller):
    path = "/api/v1/measures/{measure_id:int}"
    tags = ["methods"]
    dependencies = DEPENDENCIES

    @post(
        "/enrolment",
        opt=rule(CASE_WRITERS, scope="measure", action=C, object_type=ENROLMENT),
        sync_to_thread=False,
    )
    def enrol(
        self,
        db: DbSession,
        actor: CurrentUser,
        audit: Audit,
        methods: NamedDependency[MethodRegistry],
        measure_id: FromPath[int],
        data: JSONBody[workflow.EnrolmentCreate],
        locale: Locale | None = LOCALE,
    ) -> Response[EnrolmentOut]:
        """Let the measure follow a method, starting in its first phase. Enrolling again in the same method
        changes nothing (200); another method is refused (409): a measure follows one method."""
        enrolment, created = workflow.enrol(db, actor, measure_id, data.method_id, methods)
        audit.set_object(enrolment.id)
        body = enrolment_out(workflow.status(db, measure_id, methods), _locale(actor, locale))
        return Response(body, status_code=201 if created else 200)

    @get("/enrolment", opt=rule(CASE_READERS, scope="measure", action=R, object_type=ENROLMENT), sync_to_thread=False)
    def read_enrolment(
        self,
        db: DbSession,
        actor: CurrentUser,
        audit: Audit,
        methods: NamedDependency[MethodRegistry],
        measure_id: FromPath[int],
        locale: Locale | None = LOCALE,
    ) -> EnrolmentOut:
        """The method, the phases done / current / to do, what the current phase still asks for, and the
        prompts and youth tools of this phase."""
        view = workflow.status(db, measure_id, methods)
        audit.set_object(view.enrolment.id)
        return enrolment_out(view, _locale(actor, locale))

    @post(
        "/enrolment/advance",
        opt=rule(CASE_WRITERS, scope="measure", action=U, object_type=ENROLMENT),
        sync_to_thread=False,
        status_code=200,
    )
    def advance(
        self,
        db: DbSession,
        actor: CurrentUser,
        audit: Audit,
        methods: NamedDependency[MethodRegistry],
        measure_id: FromPath[int],
        data: JSONBody[workflow.TransitionNote | None] = None,
        locale: Locale | None = LOCALE,
    ) -> EnrolmentOut:
        """Move on to the next phase (from the final phase: close). Refused with 422 listing what is still
        missing, in ``extra.missing``; refused with 409 once closed."""
        language = _locale(actor, locale)
        try:
            view = workflow.advance(db, actor, measure_id, methods, data.note if data else "")
        except workflow.RequirementsUnmet as exc:
            missing = [msgspec.to_builtins(_requirement_out(check, language)) for check in exc.missing]
            raise ClientException(detail=exc.message, status_code=422, extra={"missing": missing}) from exc
        audit.set_object(view.enrolment.id)
        return enrolment_out(view, language)

    @put(
        "/enrolment/closing-summary",
        opt=rule(CASE_WRITERS, scope="measure", action=U, object_type=ENROLMENT),
        sync_to_thread=False,
    )
    def write_closing_summary(
        self,
        db: DbSession,
        actor: CurrentUser,
        audit: Audit,
        methods: NamedDependency[MethodRegistry],
        measure_id: FromPath[int],
        data: JSONBody[workflow.ClosingSummaryWrite],
        locale: Locale | None = LOCALE,
    ) -> EnrolmentOut:
        """What was achieved and who keeps supporting the youth; closing the enrolment needs it."""
        enrolment = workflow.write_closing_summary(db, measure_id, data)
        audit.set_object(enrolment.id)
        return enrolment_out(workflow.status(db, measure_id, methods), _locale(actor, locale))

    @get("/prompts", opt=rule(CASE_READERS, scope="measure", action=R, object_type=ENROLMENT), sync_to_thread=False)
    def read_prompts(
        self,
        db: DbSession,
        actor: CurrentUser,
        methods: NamedDependency[MethodRegistry],
        measure_id: FromPath[int],
        audience: Audience | None = Parameter(
            default=None, description="worker, youth or both; defaults to your own role"
        ),
        locale: Locale | None = LOCALE,
    ) -> PromptsOut:
        """The weekly check-in questions of this measure's method and phase."""
        if audience is None:
            audience = Audience.YOUTH if actor.role == Role.YOUTH else Audience.WORKER
        found = workflow.weekly_prompts(db, measure_id, methods, audience, _locale(actor, locale))
        return PromptsOut(
            measure_id=measure_id,
            method_id=found.method_id,
            phase=found.phase_id,
            closed=found.closed,
            audience=found.audience,
            locale=found.locale,
            prompts=[LocalPromptOut(id=p.id, audience=p.audience, text=p.text) for p in found.prompts],
        )
