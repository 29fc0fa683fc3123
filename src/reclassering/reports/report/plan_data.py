"""The success and safety plan as the reports show it: one version, as plain data (JSON-encodable)."""

from __future__ import annotations

from datetime import date, datetime

import msgspec
from sqlmodel import Session

from ...casefile.safety_plan import PlanView, current_plan


class TaskLine(msgspec.Struct, frozen=True, kw_only=True):
    who: str
    what: str


class CallLine(msgspec.Struct, frozen=True, kw_only=True):
    name: str
    relation: str
    reach: str


class SafetyPlanLine(msgspec.Struct, frozen=True, kw_only=True):
    """One version of the plan: its number, who saved it and when, and what it says."""

    version: int
    saved_at: datetime
    saved_by: str
    author_role: str
    who_does_what: tuple[TaskLine, ...]
    warning_signs: tuple[str, ...]
    who_to_call: tuple[CallLine, ...]
    network_agreed: str
    next_review_on: date | None


def plan_line(view: PlanView) -> SafetyPlanLine:
    row = view.row
    return SafetyPlanLine(
        version=row.version,
        saved_at=row.created_at,
        saved_by=view.author_name,
        author_role=row.author_role,
        who_does_what=tuple(msgspec.convert(t, TaskLine) for t in row.who_does_what),
        warning_signs=tuple(row.warning_signs),
        who_to_call=tuple(msgspec.convert(c, CallLine) for c in row.who_to_call),
        network_agreed=row.network_agreed,
        next_review_on=row.next_review_on,
    )


def plan_for_report(session: Session, measure_id: int) -> SafetyPlanLine | None:
    """The current version of the measure's plan as the report shows it, or None when there is no plan yet."""
    view = current_plan(session, measure_id)
    return plan_line(view) if view else None
