"""The methods: the catalogue, a measure's enrolment and phase, the weekly prompts, and the method records
(mapping sessions, worry statements, meetings, patterns and their breaks, the three houses, the coach pair).

Thin: every route parses a msgspec Struct, calls ``methods.workflow`` or ``methods.artefacts`` and maps the
result to a response Struct below. Every route carries its access rule, so the guard and the audit hook
cover it; texts of a measure's method come in the caller's language (``?locale=nl|en``, else their own).
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

import msgspec
from litestar import Controller, Request, Response, get, patch, post, put
from litestar.di import NamedDependency, Provide
from litestar.exceptions import ClientException
from litestar.params import FromPath, JSONBody, Parameter
from msgspec import Struct

from ..casefile.errors import NotFound
from ..casefile.models import User
from ..casefile.vocab import AuditAction, Role
from ..methods import artefacts, workflow
from ..methods.artefacts import MeetingKind
from ..methods.definitions import Audience, MethodDefinition, MethodRegistry
from ..methods.workflow import EnrolmentStatus, Locale, RequirementCheck
from .deps import Audit, CurrentUser, DbSession
from .guards import CASE_READERS, CASE_WRITERS, EVERYONE, rule
from .schemas import GoalOut, out

R, C, U = AuditAction.READ, AuditAction.CREATE, AuditAction.UPDATE
ENROLMENT = "method_enrolment"
LOCALE = Parameter(default=None, description="Language of the texts, nl or en; defaults to your own setting")


def provide_methods(request: Request) -> MethodRegistry:
    """The method definitions loaded at start-up."""
    return request.app.state.methods


DEPENDENCIES = {"methods": Provide(provide_methods, sync_to_thread=False)}


def _locale(actor: User, locale: Locale | None) -> Locale:
    if locale is not None:
        return locale
    return Locale.EN if actor.locale.lower().startswith("en") else Locale.NL


# --- the catalogue: both languages ----------------------------------------------------------------------------


class TextOut(Struct):
    nl: str
    en: str


class RequirementOut(Struct):
    kind: str
    count: int
    description: TextOut
    since: str | None = None


class PhasePromptsOut(Struct):
    worker: list[TextOut]
    youth: list[TextOut]


class PromptOut(Struct):
    id: str
    audience: str
    text: TextOut


class PhaseOut(Struct):
    id: str
    name: TextOut
    description: TextOut
    requires: list[RequirementOut]
    prompts: PhasePromptsOut
    final: bool
    #: The phase's own weekly prompts, replacing the method's; None keeps the method's.
    weekly_prompts: list[PromptOut] | None = None


class ScaleAnchorsOut(Struct):
    low: TextOut
    high: TextOut
    mid: TextOut | None = None


class ScaleOut(Struct):
    id: str
    name: TextOut
    applies_to: str
    min: int
    max: int
    anchors: ScaleAnchorsOut


class ToolPartOut(Struct):
    id: str
    name: TextOut
    prompt: TextOut


class YouthToolOut(Struct):
    id: str
    name: TextOut
    description: TextOut
    parts: list[ToolPartOut]
    #: Phases in which the tool is offered; empty means all.
    phases: list[str]


class MethodOut(Struct):
    id: str
    version: int
    name: TextOut
    summary: TextOut
    source: TextOut
    phases: list[PhaseOut]
    scales: list[ScaleOut]
    life_domains: list[str]
    weekly_prompts: list[PromptOut]
    youth_tools: list[YouthToolOut]


def method_out(method: MethodDefinition) -> MethodOut:
    return msgspec.convert(msgspec.to_builtins(method), MethodOut)


class MethodCatalogueController(Controller):
    path = "/api/v1/methods"
    tags = ["methods"]
    dependencies = DEPENDENCIES

    @get("/", opt=rule(EVERYONE), sync_to_thread=False)
    def list_methods(self, methods: NamedDependency[MethodRegistry]) -> list[MethodOut]:
        """The methods a measure can follow: phases, what each asks for, prompts, scales and youth tools."""
        return [method_out(m) for m in methods]

    @get("/{method_id:str}", opt=rule(EVERYONE), sync_to_thread=False)
    def read_method(self, methods: NamedDependency[MethodRegistry], method_id: FromPath[str]) -> MethodOut:
        if method_id not in methods:
            raise NotFound(f'there is no method "{method_id}" (methods: {", ".join(methods.ids())})')
        return method_out(methods.get(method_id))


# --- a measure's enrolment: one language ----------------------------------------------------------------------


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
        sync_to_thread=True,
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

    @get("/enrolment", opt=rule(CASE_READERS, scope="measure", action=R, object_type=ENROLMENT), sync_to_thread=True)
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
        sync_to_thread=True,
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
        sync_to_thread=True,
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

    @get("/prompts", opt=rule(CASE_READERS, scope="measure", action=R, object_type=ENROLMENT), sync_to_thread=True)
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


# --- the method records ---------------------------------------------------------------------------------------


class ParticipantOut(Struct):
    name: str
    role: str
    score: int | None = None


class MappingSessionOut(Struct):
    id: int
    measure_id: int
    held_on: date
    participants: list[ParticipantOut]
    worries: str
    working_well: str
    next_steps: str
    author_id: int | None
    created_at: datetime


class WorryStatementOut(Struct):
    id: int
    measure_id: int
    who_is_worried: str
    about_what: str
    if_nothing_changes: str
    goal_id: int | None
    goal_title: str | None
    author_id: int | None
    created_at: datetime
    #: The goal that answers it, in full, when the statement was just recorded.
    goal: GoalOut | None = None


class MeetingOut(Struct):
    id: int
    measure_id: int
    kind: str
    held_on: date
    participants: list[str]
    summary: str
    outcomes: str
    author_id: int | None
    created_at: datetime


class PatternOut(Struct):
    id: int
    measure_id: int
    pattern: str
    breaking_strength: str
    named_on: date
    active: bool
    author_id: int | None
    created_at: datetime


class PatternBreakOut(Struct):
    id: int
    measure_id: int
    pattern_id: int
    pattern: str
    occurred_on: date
    text: str
    author_id: int | None
    #: "youth" when the youth recorded it from their own account.
    author_role: str
    created_at: datetime


class ThreeHousesOut(Struct):
    id: int
    measure_id: int
    worries: str
    good_things: str
    dreams: str
    author_id: int | None
    #: "youth" when the youth filled them in from their own account.
    author_role: str
    #: The newest version is the current one.
    current: bool
    created_at: datetime


class CoachMemberOut(Struct):
    id: int
    name: str
    role: str
    coach: bool


class CoachPairOut(Struct):
    youth_id: int
    coach_ids: list[int]
    network: list[CoachMemberOut]


def _break_out(row: artefacts.BreakRow) -> PatternBreakOut:
    return out(row.pattern_break, PatternBreakOut, pattern=row.pattern)


def _houses_out(rows: list[Any]) -> list[ThreeHousesOut]:
    return [out(row, ThreeHousesOut, current=index == 0) for index, row in enumerate(rows)]


class MethodRecordsController(Controller):
    path = "/api/v1/measures/{measure_id:int}"
    tags = ["methods"]

    @get(
        "/mapping-sessions",
        opt=rule(CASE_READERS, scope="measure", action=R, object_type="mapping_session"),
        sync_to_thread=True,
    )
    def list_mapping_sessions(self, db: DbSession, measure_id: FromPath[int]) -> list[MappingSessionOut]:
        """Worries, what is working well and next steps, with everyone's 0-10 score; newest first."""
        return [out(m, MappingSessionOut) for m in artefacts.mapping_sessions(db, measure_id)]

    @post(
        "/mapping-sessions",
        opt=rule(CASE_WRITERS, scope="measure", action=C, object_type="mapping_session"),
        sync_to_thread=True,
    )
    def record_mapping_session(
        self,
        db: DbSession,
        actor: CurrentUser,
        audit: Audit,
        measure_id: FromPath[int],
        data: JSONBody[artefacts.MappingSessionCreate],
    ) -> MappingSessionOut:
        row = artefacts.record_mapping_session(db, actor, measure_id, data)
        audit.set_object(row.id)
        return out(row, MappingSessionOut)

    @get(
        "/worry-statements",
        opt=rule(CASE_READERS, scope="measure", action=R, object_type="worry_statement"),
        sync_to_thread=True,
    )
    def list_worry_statements(self, db: DbSession, measure_id: FromPath[int]) -> list[WorryStatementOut]:
        return [
            out(r.statement, WorryStatementOut, goal_title=r.goal_title)
            for r in artefacts.worry_statements(db, measure_id)
        ]

    @post(
        "/worry-statements",
        opt=rule(CASE_WRITERS, scope="measure", action=C, object_type="worry_statement"),
        sync_to_thread=True,
    )
    def record_worry_statement(
        self,
        db: DbSession,
        actor: CurrentUser,
        audit: Audit,
        measure_id: FromPath[int],
        data: JSONBody[artefacts.WorryStatementCreate],
    ) -> WorryStatementOut:
        """A worry statement with the success goal that answers it: an existing goal (goal_id) or a new one
        in the youth's words (goal), created in the same step."""
        paired = artefacts.record_worry_statement(db, actor, measure_id, data)
        audit.set_object(paired.statement.id)
        return out(paired.statement, WorryStatementOut, goal_title=paired.goal.title, goal=out(paired.goal, GoalOut))

    @get("/meetings", opt=rule(CASE_READERS, scope="measure", action=R, object_type="meeting"), sync_to_thread=True)
    def list_meetings(
        self,
        db: DbSession,
        measure_id: FromPath[int],
        kind: MeetingKind | None = Parameter(default=None, description="Only meetings of this kind"),
    ) -> list[MeetingOut]:
        """Network meetings, individual talks and reviews with the network; newest first."""
        return [out(m, MeetingOut) for m in artefacts.meetings(db, measure_id, kind)]

    @post("/meetings", opt=rule(CASE_WRITERS, scope="measure", action=C, object_type="meeting"), sync_to_thread=True)
    def record_meeting(
        self,
        db: DbSession,
        actor: CurrentUser,
        audit: Audit,
        measure_id: FromPath[int],
        data: JSONBody[artefacts.MeetingCreate],
    ) -> MeetingOut:
        meeting = artefacts.record_meeting(db, actor, measure_id, data)
        audit.set_object(meeting.id)
        return out(meeting, MeetingOut)

    @get(
        "/patterns",
        opt=rule(CASE_READERS, scope="measure", action=R, object_type="interaction_pattern"),
        sync_to_thread=True,
    )
    def list_patterns(self, db: DbSession, measure_id: FromPath[int]) -> list[PatternOut]:
        """The negative interaction patterns named so far, with the strengths that break them."""
        return [out(p, PatternOut) for p in artefacts.patterns(db, measure_id)]

    @post(
        "/patterns",
        opt=rule(CASE_WRITERS, scope="measure", action=C, object_type="interaction_pattern"),
        sync_to_thread=True,
    )
    def name_pattern(
        self,
        db: DbSession,
        actor: CurrentUser,
        audit: Audit,
        measure_id: FromPath[int],
        data: JSONBody[artefacts.PatternCreate],
    ) -> PatternOut:
        pattern = artefacts.name_pattern(db, actor, measure_id, data)
        audit.set_object(pattern.id)
        return out(pattern, PatternOut)

    @get(
        "/pattern-breaks",
        opt=rule(CASE_READERS, scope="measure", action=R, object_type="pattern_break"),
        sync_to_thread=True,
    )
    def list_pattern_breaks(self, db: DbSession, measure_id: FromPath[int]) -> list[PatternBreakOut]:
        """Moments the old pattern was broken, newest first, each with who recorded it."""
        return [_break_out(row) for row in artefacts.pattern_breaks(db, measure_id)]

    @post(
        "/pattern-breaks",
        opt=rule(CASE_READERS, scope="measure", action=C, object_type="pattern_break"),
        sync_to_thread=True,
    )
    def record_pattern_break(
        self,
        db: DbSession,
        actor: CurrentUser,
        audit: Audit,
        measure_id: FromPath[int],
        data: JSONBody[artefacts.PatternBreakCreate],
    ) -> PatternBreakOut:
        """A moment the old pattern was broken; a youth records their own."""
        row = artefacts.record_pattern_break(db, actor, measure_id, data)
        audit.set_object(row.pattern_break.id)
        return _break_out(row)

    @get(
        "/three-houses",
        opt=rule(CASE_READERS, scope="measure", action=R, object_type="three_houses"),
        sync_to_thread=True,
    )
    def list_three_houses(self, db: DbSession, measure_id: FromPath[int]) -> list[ThreeHousesOut]:
        """Every saved version of the three houses, newest (current) first, each with who filled it in."""
        return _houses_out(artefacts.three_houses_history(db, measure_id))

    @post(
        "/three-houses",
        opt=rule(CASE_READERS, scope="measure", action=C, object_type="three_houses"),
        sync_to_thread=True,
    )
    def save_three_houses(
        self,
        db: DbSession,
        actor: CurrentUser,
        audit: Audit,
        measure_id: FromPath[int],
        data: JSONBody[artefacts.ThreeHousesCreate],
    ) -> ThreeHousesOut:
        """Worries, good things and dreams; a youth fills them in from their own account. Each save is kept."""
        row = artefacts.save_three_houses(db, actor, measure_id, data)
        audit.set_object(row.id)
        return out(row, ThreeHousesOut, current=True)


class CoachPairController(Controller):
    path = "/api/v1/youths/{youth_id:int}"
    tags = ["methods"]

    @put(
        "/coach-pair",
        opt=rule(CASE_WRITERS, scope="youth", action=U, object_type="network_member"),
        sync_to_thread=True,
    )
    def set_coach_pair(
        self, db: DbSession, youth_id: FromPath[int], data: JSONBody[artefacts.CoachPairSet]
    ) -> CoachPairOut:
        """Name two network members as the coach pair (an empty list dissolves it)."""
        members = artefacts.set_coach_pair(db, youth_id, data)
        return CoachPairOut(
            youth_id=youth_id,
            coach_ids=[m.id for m in members if m.coach],  # type: ignore[misc]
            network=[out(m, CoachMemberOut) for m in members],
        )


class PatternController(Controller):
    path = "/api/v1/patterns"
    tags = ["methods"]

    @patch(
        "/{interaction_pattern_id:int}",
        opt=rule(CASE_WRITERS, scope="interaction_pattern", action=U),
        sync_to_thread=True,
    )
    def update_pattern(
        self, db: DbSession, interaction_pattern_id: FromPath[int], data: JSONBody[artefacts.PatternUpdate]
    ) -> PatternOut:
        """Name the strength that breaks a pattern once it is found, reword it, or mark it no longer at play."""
        return out(artefacts.update_pattern(db, interaction_pattern_id, data), PatternOut)


CONTROLLERS: list[type[Controller]] = [
    MethodCatalogueController,
    EnrolmentController,
    MethodRecordsController,
    PatternController,
    CoachPairController,
]
