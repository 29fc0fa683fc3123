"""What needs the team's attention before a case conference: the supervisor's list (``/overleg``).

Per youth the user may reach (a supervisor or behavioural expert: the team; a worker: their own caseload), with
an active measure: serious setbacks in the last weeks, breaches and new suspicions with no reporting decision
yet (and how many of those are past due, as the weekly round counts them), case conferences coming up within
the horizon, and conferences held but still waiting for sign-off or for the decision. The list costs a
constant number of queries however many youths and measures it covers.
"""

from __future__ import annotations

from datetime import date, timedelta
from enum import StrEnum

from msgspec import Struct
from sqlmodel import Session, col, select

from . import breaches
from .access import youth_filter
from .models import Conference, Measure, Setback, User, Youth
from .vocab import MeasureStatus, Severity
from .weekly_round import HORIZON_DAYS, active_measures, undecided_breaches

#: How far back a serious setback still asks for attention.
SERIOUS_DAYS = 28
#: At most this many youths are listed.
LIMIT = 500


class ConferenceState(StrEnum):
    """Where an undecided conference stands."""

    #: The advice is still being written (or was reopened).
    ADVICE = "advice"
    #: Signed off; the decision is still to be recorded.
    DECISION = "decision"


class SeriousSetback(Struct):
    id: int
    occurred_on: date
    kind: str


class OpenConference(Struct):
    id: int
    held_on: date
    question_kind: str
    state: ConferenceState
    #: Waiting for the decision (signed off), or held before today and not signed off yet.
    waiting: bool


class AttentionRow(Struct):
    youth_id: int
    youth_name: str
    worker_name: str
    measure_id: int
    measure_kind: str
    serious_setbacks: list[SeriousSetback]
    undecided_breaches: int
    overdue_breaches: int
    conferences: list[OpenConference]

    @property
    def needs_attention(self) -> bool:
        return bool(self.serious_setbacks or self.undecided_breaches or self.conferences)


def attention(
    session: Session,
    user: User,
    *,
    today: date,
    working_days: int = breaches.DEFAULT_WORKING_DAYS,
    horizon_days: int = HORIZON_DAYS,
    serious_days: int = SERIOUS_DAYS,
) -> tuple[list[AttentionRow], list[int]]:
    """The youths within ``user``'s reach whose active measure needs attention (sorted by name), and the ids of
    every youth looked at (for the audit trail). Five queries whatever the number of youths."""
    youths = session.exec(
        select(Youth.id, Youth.display_name, User.display_name)
        .join(User, col(User.id) == col(Youth.worker_id))
        .where(youth_filter(user))
        .order_by(col(Youth.display_name), col(Youth.id))
        .limit(LIMIT)
    ).all()
    ids: list[int] = [youth_id for youth_id, _, _ in youths]  # type: ignore[misc]
    if not ids:
        return [], []
    measures = active_measures(session, ids)
    undecided, overdue = undecided_breaches(session, ids, today, working_days)
    serious = _serious_setbacks(session, ids, today - timedelta(days=serious_days), today)
    open_conferences = _open_conferences(session, ids, today, today + timedelta(days=horizon_days))
    rows = []
    for youth_id, youth_name, worker_name in youths:
        measure = measures.get(youth_id)  # type: ignore[arg-type]
        if measure is None:
            continue
        row = AttentionRow(
            youth_id=youth_id,  # type: ignore[arg-type]
            youth_name=youth_name,
            worker_name=worker_name,
            measure_id=measure.id,  # type: ignore[arg-type]
            measure_kind=measure.kind,
            serious_setbacks=serious.get(measure.id, []),  # type: ignore[arg-type]
            undecided_breaches=undecided.get(youth_id, 0),  # type: ignore[arg-type]
            overdue_breaches=overdue.get(youth_id, 0),  # type: ignore[arg-type]
            conferences=open_conferences.get(measure.id, []),  # type: ignore[arg-type]
        )
        if row.needs_attention:
            rows.append(row)
    return rows, ids


def _serious_setbacks(session: Session, ids: list[int], since: date, today: date) -> dict[int, list[SeriousSetback]]:
    """Per active measure: its serious setbacks from ``since`` up to today, newest first (one query)."""
    found: dict[int, list[SeriousSetback]] = {}
    for setback_id, measure_id, occurred_on, kind in session.exec(
        select(Setback.id, Setback.measure_id, Setback.occurred_on, Setback.kind)
        .join(Measure, col(Measure.id) == col(Setback.measure_id))
        .where(col(Measure.youth_id).in_(ids), Measure.status == MeasureStatus.ACTIVE)
        .where(Setback.severity == Severity.SERIOUS, col(Setback.withdrawn_at).is_(None))
        .where(col(Setback.occurred_on) >= since, col(Setback.occurred_on) <= today)
        .order_by(col(Setback.occurred_on).desc(), col(Setback.id).desc())
    ):
        found.setdefault(measure_id, []).append(SeriousSetback(setback_id, occurred_on, kind))  # type: ignore[arg-type]
    return found


def _open_conferences(session: Session, ids: list[int], today: date, horizon: date) -> dict[int, list[OpenConference]]:
    """Per active measure: its undecided conferences held before today (waiting for sign-off or the decision) or
    coming up until ``horizon``, oldest first (one query)."""
    found: dict[int, list[OpenConference]] = {}
    for conference in session.exec(
        select(Conference)
        .join(Measure, col(Measure.id) == col(Conference.measure_id))
        .where(col(Measure.youth_id).in_(ids), Measure.status == MeasureStatus.ACTIVE)
        .where(col(Conference.decided_at).is_(None), col(Conference.held_on) <= horizon)
        .order_by(col(Conference.held_on), col(Conference.id))
    ):
        state = ConferenceState.ADVICE if conference.advice_signed_at is None else ConferenceState.DECISION
        found.setdefault(conference.measure_id, []).append(
            OpenConference(
                id=conference.id,  # type: ignore[arg-type]
                held_on=conference.held_on,
                question_kind=conference.question_kind,
                state=state,
                waiting=state is ConferenceState.DECISION or conference.held_on < today,
            )
        )
    return found
