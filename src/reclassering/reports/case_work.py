"""Loading what the formal report shows beyond the figures (read-only, set-based, a constant number of queries).

The reporting record of every breach and new suspicion, the history of each suspicion, the conference's
deliberation (addressee, options, participants, views, outside outcome) and the method's work: the enrolment
and its phase, the mapping sessions, the network meetings, the interaction patterns and their breaks.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field

from sqlmodel import Session, col, select

from ..casefile.models import (
    BreachReport,
    ConferenceDeliberation,
    InteractionPattern,
    MappingSession,
    Meeting,
    MethodEnrolment,
    PatternBreak,
    Setback,
    SuspicionStatusChange,
    User,
)


@dataclass(frozen=True)
class CaseWork:
    """The records of one measure that the report lists, beside ``loader.CaseRecords``."""

    #: setback id -> (its reporting record, the name of who reported it back, if anyone)
    breach_reports: dict[int, tuple[BreachReport, str | None]] = field(default_factory=dict)
    #: setback id -> the status changes of a new suspicion, oldest first
    suspicion_history: dict[int, list[SuspicionStatusChange]] = field(default_factory=dict)
    deliberation: ConferenceDeliberation | None = None
    enrolment: MethodEnrolment | None = None
    mapping_sessions: list[MappingSession] = field(default_factory=list)
    meetings: list[Meeting] = field(default_factory=list)
    patterns: list[InteractionPattern] = field(default_factory=list)
    #: pattern id -> its breaks, oldest first
    pattern_breaks: dict[int, list[PatternBreak]] = field(default_factory=dict)


def load_case_work(session: Session, measure_id: int, conference_id: int) -> CaseWork:
    """Everything above for one measure and one of its conferences (eight queries)."""
    reports = {
        report.setback_id: (report, name)
        for report, name in session.exec(
            select(BreachReport, User.display_name)
            .join(Setback, col(Setback.id) == BreachReport.setback_id)
            .outerjoin(User, col(User.id) == BreachReport.reported_by_id)
            .where(Setback.measure_id == measure_id)
        )
    }
    history: dict[int, list[SuspicionStatusChange]] = defaultdict(list)
    for change in session.exec(
        select(SuspicionStatusChange)
        .join(Setback, col(Setback.id) == SuspicionStatusChange.setback_id)
        .where(Setback.measure_id == measure_id)
        .order_by(col(SuspicionStatusChange.status_on), col(SuspicionStatusChange.id))
    ):
        history[change.setback_id].append(change)
    breaks: dict[int, list[PatternBreak]] = defaultdict(list)
    for pattern_break in session.exec(
        select(PatternBreak)
        .where(PatternBreak.measure_id == measure_id)
        .order_by(col(PatternBreak.occurred_on), col(PatternBreak.id))
    ):
        breaks[pattern_break.pattern_id].append(pattern_break)
    return CaseWork(
        breach_reports=reports,
        suspicion_history=dict(history),
        deliberation=session.exec(
            select(ConferenceDeliberation).where(ConferenceDeliberation.conference_id == conference_id)
        ).first(),
        enrolment=session.exec(select(MethodEnrolment).where(MethodEnrolment.measure_id == measure_id)).first(),
        mapping_sessions=list(
            session.exec(
                select(MappingSession)
                .where(MappingSession.measure_id == measure_id)
                .order_by(col(MappingSession.held_on), col(MappingSession.id))
            )
        ),
        meetings=list(
            session.exec(
                select(Meeting).where(Meeting.measure_id == measure_id).order_by(col(Meeting.held_on), col(Meeting.id))
            )
        ),
        patterns=list(
            session.exec(
                select(InteractionPattern)
                .where(InteractionPattern.measure_id == measure_id)
                .order_by(col(InteractionPattern.named_on), col(InteractionPattern.id))
            )
        ),
        pattern_breaks=dict(breaks),
    )
