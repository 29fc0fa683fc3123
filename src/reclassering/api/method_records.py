"""The method records of a measure: mapping sessions, worry statements, meetings, patterns and their
breaks, the three houses and the coach pair. Thin: every route parses a msgspec Struct, calls
``methods.artefacts`` and maps the result to a response Struct below."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from litestar import Controller, get, patch, post
from litestar.di import NamedDependency
from litestar.params import FromPath, JSONBody, Parameter
from msgspec import Struct

from ..casefile.vocab import AuditAction
from ..methods import artefacts, mapping
from ..methods.artefacts import MeetingKind
from ..methods.definition_schema import Translated
from ..methods.registry import MethodRegistry
from .deps import Audit, CurrentUser, DbSession, Paging
from .guards import CASE_READERS, CASE_WRITERS, rule
from .method_catalogue import DEPENDENCIES, TextOut
from .schemas import GoalOut, Paged, out, page_of

R, C, U = AuditAction.READ, AuditAction.CREATE, AuditAction.UPDATE


class ParticipantOut(Struct):
    name: str
    role: str
    score: int | None = None


class MappingSessionOut(Struct):
    id: int
    measure_id: int
    held_on: date
    #: mapping or review.
    kind: str
    #: Each participant's ``score`` is their answer to the overall judgement scale (0-10).
    participants: list[ParticipantOut]
    harm: str
    danger_statement: str
    complicating_factors: str
    existing_safety: str
    worries: str
    working_well: str
    next_steps: str
    author_id: int | None
    created_at: datetime
    #: The judgement scale's question of the measure's method, in Dutch and English; None without one.
    judgement_question: TextOut | None = None


class WorryStatementOut(Struct):
    id: int
    measure_id: int
    who_is_worried: str
    about_what: str
    if_nothing_changes: str
    goal_id: int | None
    goal_title: str | None
    #: The family and the professionals disagree about this worry; the note says how.
    disagreement: bool
    disagreement_note: str
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
    #: The youth drew the houses; the drawing stays on paper (no file is stored).
    drawn_on_paper: bool
    paper_note: str
    author_id: int | None
    #: "youth" when the youth filled them in from their own account.
    author_role: str
    #: The newest version is the current one.
    current: bool
    created_at: datetime


def _break_out(row: artefacts.BreakRow) -> PatternBreakOut:
    return out(row.pattern_break, PatternBreakOut, pattern=row.pattern)


def _houses_out(rows: list[Any]) -> list[ThreeHousesOut]:
    return [out(row, ThreeHousesOut, current=index == 0) for index, row in enumerate(rows)]


def _question(question: Translated | None) -> TextOut | None:
    return None if question is None else TextOut(nl=question.nl, en=question.en)


class MethodRecordsController(Controller):
    path = "/api/v1/measures/{measure_id:int}"
    tags = ["methods"]
    dependencies = DEPENDENCIES

    @get(
        "/mapping-sessions",
        opt=rule(CASE_READERS, scope="measure", action=R, object_type="mapping_session"),
        sync_to_thread=False,
    )
    def list_mapping_sessions(
        self, db: DbSession, methods: NamedDependency[MethodRegistry], measure_id: FromPath[int], page: Paging
    ) -> Paged[MappingSessionOut]:
        """Mapping sessions and reviews: the harm, the danger statement, worries and complicating factors, what is
        working well and existing safety, next steps, and every participant's judgement score; newest first."""
        question = _question(mapping.judgement_question(db, measure_id, methods))
        return page_of(
            [out(m, MappingSessionOut, judgement_question=question) for m in mapping.mapping_sessions(db, measure_id)],
            page,
        )

    @post(
        "/mapping-sessions",
        opt=rule(CASE_WRITERS, scope="measure", action=C, object_type="mapping_session"),
        sync_to_thread=False,
    )
    def record_mapping_session(
        self,
        db: DbSession,
        actor: CurrentUser,
        audit: Audit,
        methods: NamedDependency[MethodRegistry],
        measure_id: FromPath[int],
        data: JSONBody[mapping.MappingSessionCreate],
    ) -> MappingSessionOut:
        """Refused (422) without a danger statement in the phase that asks for one; the message names the phase."""
        row = mapping.record_mapping_session(db, actor, measure_id, data, methods)
        audit.set_object(row.id)
        question = _question(mapping.judgement_question(db, measure_id, methods))
        return out(row, MappingSessionOut, judgement_question=question)

    @get(
        "/worry-statements",
        opt=rule(CASE_READERS, scope="measure", action=R, object_type="worry_statement"),
        sync_to_thread=False,
    )
    def list_worry_statements(self, db: DbSession, measure_id: FromPath[int], page: Paging) -> Paged[WorryStatementOut]:
        return page_of(
            [
                out(r.statement, WorryStatementOut, goal_title=r.goal_title)
                for r in artefacts.worry_statements(db, measure_id)
            ],
            page,
        )

    @post(
        "/worry-statements",
        opt=rule(CASE_WRITERS, scope="measure", action=C, object_type="worry_statement"),
        sync_to_thread=False,
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

    @get("/meetings", opt=rule(CASE_READERS, scope="measure", action=R, object_type="meeting"), sync_to_thread=False)
    def list_meetings(
        self,
        db: DbSession,
        measure_id: FromPath[int],
        page: Paging,
        kind: MeetingKind | None = Parameter(default=None, description="Only meetings of this kind"),
    ) -> Paged[MeetingOut]:
        """Network meetings, individual talks and reviews with the network; newest first."""
        return page_of([out(m, MeetingOut) for m in artefacts.meetings(db, measure_id, kind)], page)

    @post("/meetings", opt=rule(CASE_WRITERS, scope="measure", action=C, object_type="meeting"), sync_to_thread=False)
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
        sync_to_thread=False,
    )
    def list_patterns(self, db: DbSession, measure_id: FromPath[int], page: Paging) -> Paged[PatternOut]:
        """The negative interaction patterns named so far, with the strengths that break them."""
        return page_of([out(p, PatternOut) for p in artefacts.patterns(db, measure_id)], page)

    @post(
        "/patterns",
        opt=rule(CASE_WRITERS, scope="measure", action=C, object_type="interaction_pattern"),
        sync_to_thread=False,
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
        sync_to_thread=False,
    )
    def list_pattern_breaks(self, db: DbSession, measure_id: FromPath[int], page: Paging) -> Paged[PatternBreakOut]:
        """Moments the old pattern was broken, newest first, each with who recorded it."""
        return page_of([_break_out(row) for row in artefacts.pattern_breaks(db, measure_id)], page)

    @post(
        "/pattern-breaks",
        opt=rule(CASE_READERS, scope="measure", action=C, object_type="pattern_break"),
        sync_to_thread=False,
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
        sync_to_thread=False,
    )
    def list_three_houses(self, db: DbSession, measure_id: FromPath[int], page: Paging) -> Paged[ThreeHousesOut]:
        """Every saved version of the three houses, newest (current) first, each with who filled it in."""
        return page_of(_houses_out(artefacts.three_houses_history(db, measure_id)), page)

    @post(
        "/three-houses",
        opt=rule(CASE_READERS, scope="measure", action=C, object_type="three_houses"),
        sync_to_thread=False,
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


class PatternController(Controller):
    path = "/api/v1/patterns"
    tags = ["methods"]

    @patch(
        "/{interaction_pattern_id:int}",
        opt=rule(CASE_WRITERS, scope="interaction_pattern", action=U),
        sync_to_thread=False,
    )
    def update_pattern(
        self, db: DbSession, interaction_pattern_id: FromPath[int], data: JSONBody[artefacts.PatternUpdate]
    ) -> PatternOut:
        """Name the strength that breaks a pattern once it is found, reword it, or mark it no longer at play."""
        return out(artefacts.update_pattern(db, interaction_pattern_id, data), PatternOut)
