"""The right of inspection: everything stored about one youth, the audit trail included, as plain data."""

from __future__ import annotations

from typing import Any

from sqlmodel import Session, SQLModel, col, select

from .checkins import check_ins_with_scores
from .measures import conditions_of, measures_of
from .models import (
    AuditEvent,
    CheckIn,
    Conference,
    EventRevision,
    Goal,
    InteractionPattern,
    MappingSession,
    Meeting,
    MethodEnrolment,
    NetworkMember,
    PatternBreak,
    PhaseTransition,
    ReportSnapshot,
    Setback,
    Success,
    ThreeHouses,
    User,
    WorryStatement,
)
from .types import utcnow
from .youths import get_youth


def _plain(row: SQLModel, exclude: set[str] | None = None, **extra: Any) -> dict[str, Any]:
    return {**row.model_dump(mode="json", exclude=exclude), **extra}


def export_youth(session: Session, youth_id: int) -> dict[str, Any]:
    youth = get_youth(session, youth_id)
    worker = session.get(User, youth.worker_id)
    measures = measures_of(session, youth_id)
    measure_ids = [m.id for m in measures]
    conditions, assessments = conditions_of(session, measure_ids)  # type: ignore[arg-type]

    def rows(model: type[SQLModel]) -> list[Any]:
        return list(session.exec(select(model).where(col(model.measure_id).in_(measure_ids)).order_by(col(model.id))))  # type: ignore[attr-defined]

    check_ins = check_ins_with_scores(session, rows(CheckIn))
    enrolments = rows(MethodEnrolment)
    transitions = list(
        session.exec(
            select(PhaseTransition)
            .where(col(PhaseTransition.enrolment_id).in_([e.id for e in enrolments]))
            .order_by(col(PhaseTransition.id))
        )
    )
    conferences = rows(Conference)
    snapshots = list(
        session.exec(
            select(ReportSnapshot)
            .where(col(ReportSnapshot.conference_id).in_([c.id for c in conferences]))
            .order_by(col(ReportSnapshot.id))
        )
    )
    trail = session.exec(
        select(AuditEvent).where(AuditEvent.youth_id == youth_id).order_by(col(AuditEvent.at), col(AuditEvent.id))
    ).all()
    network = session.exec(
        select(NetworkMember).where(NetworkMember.youth_id == youth_id).order_by(col(NetworkMember.id))
    )
    return {
        "exported_at": utcnow().isoformat(),
        "youth": _plain(youth, worker_name=worker.display_name if worker else None),
        "network": [_plain(m) for m in network],
        "measures": [
            _plain(
                m,
                conditions=[
                    _plain(c, compliance=[_plain(a) for a in assessments.get(c.id, [])])  # type: ignore[arg-type]
                    for c in conditions
                    if c.measure_id == m.id
                ],
            )
            for m in measures
        ],
        "goals": [_plain(g) for g in rows(Goal)],
        "check_ins": [_plain(v.check_in, scores=[_plain(s) for s in v.scores]) for v in check_ins],
        "successes": [_plain(s) for s in rows(Success)],
        "setbacks": [_plain(s) for s in rows(Setback)],
        "success_and_setback_history": [_plain(r) for r in rows(EventRevision)],
        "method_enrolments": [
            _plain(e, phase_history=[_plain(t) for t in transitions if t.enrolment_id == e.id]) for e in enrolments
        ],
        "mapping_sessions": [_plain(m) for m in rows(MappingSession)],
        "worry_statements": [_plain(w) for w in rows(WorryStatement)],
        "meetings": [_plain(m) for m in rows(Meeting)],
        "interaction_patterns": [_plain(p) for p in rows(InteractionPattern)],
        "pattern_breaks": [_plain(p) for p in rows(PatternBreak)],
        "three_houses": [_plain(t) for t in rows(ThreeHouses)],
        "conferences": [
            _plain(
                c,
                report_snapshots=[
                    # the frozen PDFs (report, summary) are served from their own routes; the export names them by hash
                    _plain(r, exclude={"pdf", "summary_pdf"})
                    for r in snapshots
                    if r.conference_id == c.id
                ],
            )
            for c in conferences
        ],
        "audit_trail": [_plain(e) for e in trail],
    }
