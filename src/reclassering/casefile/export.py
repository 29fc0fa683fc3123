"""The right of inspection: everything stored about one youth, the audit trail included, as plain data."""

from __future__ import annotations

from typing import Any

from sqlmodel import Session, SQLModel, col, select

from .checkins import check_ins_with_scores
from .measures import conditions_of, measures_of
from .models import AuditEvent, CheckIn, Goal, NetworkMember, Setback, Success, User
from .types import utcnow
from .youths import get_youth


def _plain(row: SQLModel, **extra: Any) -> dict[str, Any]:
    return {**row.model_dump(mode="json"), **extra}


def export_youth(session: Session, youth_id: int) -> dict[str, Any]:
    youth = get_youth(session, youth_id)
    worker = session.get(User, youth.worker_id)
    measures = measures_of(session, youth_id)
    measure_ids = [m.id for m in measures]
    conditions, assessments = conditions_of(session, measure_ids)  # type: ignore[arg-type]

    def rows(model: type[SQLModel]) -> list[Any]:
        return list(session.exec(select(model).where(col(model.measure_id).in_(measure_ids)).order_by(col(model.id))))  # type: ignore[attr-defined]

    check_ins = check_ins_with_scores(session, rows(CheckIn))
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
        "audit_trail": [_plain(e) for e in trail],
    }
