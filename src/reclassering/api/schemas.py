"""Response schemas (msgspec Structs). Handlers never return table objects: only these."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, datetime
from functools import cache
from typing import Any, Generic, Protocol, TypeVar

import msgspec
from msgspec import Struct

T = TypeVar("T")
S = TypeVar("S", bound=Struct)


def out(obj: Any, schema: type[S], **extra: Any) -> S:
    """Map a table row (or any object with the attributes) onto a response Struct."""
    if extra:
        fields = {name: getattr(obj, name) for name in _field_names(schema) if name not in extra and hasattr(obj, name)}
        return msgspec.convert({**fields, **extra}, schema, from_attributes=True)
    return msgspec.convert(obj, schema, from_attributes=True)


@cache
def _field_names(schema: type[Struct]) -> tuple[str, ...]:
    """The field names of a response Struct, resolved once per type (``structs.fields`` resolves the type
    hints on every call: half of a 200-row caseload's time before)."""
    return tuple(f.name for f in msgspec.structs.fields(schema))


class Paged(Struct, Generic[T]):
    """The one shape of every list: a window of ``items`` from ``total``, ``limit`` at most from ``offset``."""

    items: list[T]
    total: int
    limit: int
    offset: int


class Window(Protocol):
    limit: int
    offset: int


def page_of(items: Sequence[T], page: Window) -> Paged[T]:
    """A short list loaded whole (a measure's goals, a record's history), answered in the one list shape."""
    window = list(items[page.offset : page.offset + page.limit])
    return Paged(items=window, total=len(items), limit=page.limit, offset=page.offset)


class YouthOut(Struct):
    id: int
    display_name: str
    birth_year: int
    worker_id: int
    team_id: int
    has_account: bool
    created_at: datetime
    updated_at: datetime


class CaseloadItem(Struct):
    id: int
    display_name: str
    birth_year: int
    worker_id: int
    worker_name: str
    team_id: int
    active_measure_kind: str | None
    latest_week: str | None
    open_setbacks: int


class NetworkMemberOut(Struct):
    id: int
    youth_id: int
    name: str
    role: str
    contact: str
    trusted_by_youth: bool
    #: Trained in the method the measure follows (Safe Path: the network members form the team).
    trained_in_method: bool
    created_at: datetime


class AssessmentOut(Struct):
    id: int
    assessed_on: date
    compliance: str
    judged_by_id: int
    note: str
    created_at: datetime


class ConditionOut(Struct):
    id: int
    measure_id: int
    text: str
    active: bool
    compliance: list[AssessmentOut] = []
    #: "general" (algemene voorwaarde) or "special" (bijzondere voorwaarde).
    kind: str = "special"


class MeasureOut(Struct):
    id: int
    youth_id: int
    kind: str
    legal_basis: str
    imposed_by: str
    start_date: date
    planned_end: date
    ended_on: date | None
    status: str
    created_at: datetime
    updated_at: datetime
    conditions: list[ConditionOut] = []
    #: The public prosecutor's case number (parketnummer), the end of the probation time, the index offence.
    case_number: str = ""
    probation_end: date | None = None
    index_offence: str = ""


class GoalOut(Struct):
    id: int
    measure_id: int
    title: str
    life_domain: str
    worry_statement: str
    sustain_weeks: int | None
    status: str
    gas_levels: dict[str, str]
    gas_weight: float
    created_at: datetime
    updated_at: datetime


class ScoreOut(Struct):
    goal_id: int
    rater: str
    value: int
    network_member_id: int | None
    gas_level: int | None
    rater_user_id: int | None
    #: Who entered it: "youth" for the youth's own entry, else the worker's or supervisor's role.
    author_role: str
    recorded_at: datetime


class CheckInOut(Struct):
    id: int
    measure_id: int
    week: str
    went_well: str
    worries: str
    next_steps: str
    recorded_by_id: int | None
    created_at: datetime
    updated_at: datetime
    scores: list[ScoreOut] = []


class SuccessOut(Struct):
    id: int
    measure_id: int
    occurred_on: date
    goal_id: int | None
    text: str
    noticed_by: str
    author_id: int | None
    author_role: str
    created_at: datetime
    updated_at: datetime | None = None
    #: Set when staff withdrew it: it no longer counts, but stays in the history.
    withdrawn_at: datetime | None = None
    withdrawal_reason: str = ""


class SetbackOut(Struct):
    id: int
    measure_id: int
    occurred_on: date
    kind: str
    severity: str
    condition_id: int | None
    text: str
    response: str
    response_note: str
    resolved: bool
    author_id: int | None
    created_at: datetime
    updated_at: datetime
    #: For a new suspicion: suspected, dismissed (sepot), convicted or acquitted.
    suspicion_status: str | None = None
    #: Set when staff withdrew it: it no longer counts, but stays in the history.
    withdrawn_at: datetime | None = None
    withdrawal_reason: str = ""


class RevisionOut(Struct):
    """An earlier version of a success or setback: what it said, who changed it, when and why."""

    id: int
    object_type: str
    object_id: int
    #: "corrected" or "withdrawn".
    change: str
    before: dict[str, Any]
    reason: str
    changed_by_id: int | None
    changed_at: datetime


class AuditEventOut(Struct):
    id: int
    at: datetime
    user_id: int | None
    username: str
    role: str
    on_behalf_of: str
    youth_id: int | None
    action: str
    object_type: str
    object_id: int | None
    access_point: str
    outcome: str
    status_code: int | None
    detail: str


def youth_out(youth: Any) -> YouthOut:
    return out(youth, YouthOut, has_account=youth.user_id is not None)


def measure_out(detail: Any) -> MeasureOut:
    """A measure with its conditions, each with its compliance over time."""
    conditions = [
        out(c, ConditionOut, compliance=[out(a, AssessmentOut) for a in detail.assessments.get(c.id, [])])
        for c in detail.conditions
    ]
    return out(detail.measure, MeasureOut, conditions=conditions)


def score_out(score: Any) -> ScoreOut:
    return out(score, ScoreOut, rater=score.rater_kind)


def check_in_out(view: Any) -> CheckInOut:
    return out(view.check_in, CheckInOut, scores=[score_out(s) for s in view.scores])
