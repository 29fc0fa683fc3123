"""The export of one youth's record: exactly what the one asking may read of it through the API, as plain data.

One rule (README, "What an export holds"): every part of the record is a *section* with the roles that read that
part through the API; an export holds the sections of the asker's role. So a youth's own export holds what the
youth reads anyway (their measures, goals, scores, successes, setbacks, method records, three houses, who looked
at their record) and no conference, advice, snapshot, deliberation or breach reporting; a worker's holds the
whole case but not the audit trail, which only those who may read ``/audit`` get. The full record for a formal
request for inspection (AVG art. 15) is therefore made by the team's supervisor or behavioural expert.
A test holds the sections to the routes' own rules, so the two cannot drift apart.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any
from zoneinfo import ZoneInfo

from msgspec import Struct, to_builtins
from sqlmodel import Session, SQLModel, col, select

from .audit import AccessLogEntry, access_log
from .checkins import check_ins_with_scores
from .measures import conditions_of, measures_of
from .models import (
    AuditEvent,
    BreachReport,
    CheckIn,
    Conference,
    ConferenceDeliberation,
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
    SuspicionStatusChange,
    ThreeHouses,
    User,
    WorryStatement,
)
from .models.coaches import Coach, CoachPair
from .models.network_links import NetworkLink
from .models.safety_plan import SafetyPlanVersion
from .network_links import LINK_MANAGERS
from .types import utcnow
from .vocab import Role
from .youths import get_youth

CASE = frozenset({Role.WORKER, Role.SUPERVISOR, Role.EXPERT, Role.YOUTH})
STAFF = frozenset({Role.WORKER, Role.SUPERVISOR, Role.EXPERT})
TRAIL = frozenset({Role.SUPERVISOR, Role.EXPERT})


class Section(Struct, frozen=True):
    """A part of the record: the object type its API routes log, and who reads it there (so: who exports it)."""

    object_type: str
    roles: frozenset[Role]


SECTIONS: dict[str, Section] = {
    "youth": Section("youth", CASE),
    "network": Section("network_member", CASE),
    "measures": Section("measure", CASE),  # with the conditions and their compliance, as the measure routes give
    "goals": Section("goal", CASE),
    "check_ins": Section("check_in", CASE),  # with every rater's scores
    "successes": Section("success", CASE),
    "setbacks": Section("setback", CASE),
    "success_and_setback_history": Section("success", CASE),  # the /history routes
    "method_enrolments": Section("method_enrolment", CASE),
    "mapping_sessions": Section("mapping_session", CASE),
    "worry_statements": Section("worry_statement", CASE),
    "meetings": Section("meeting", CASE),
    "interaction_patterns": Section("interaction_pattern", CASE),
    "pattern_breaks": Section("pattern_break", CASE),
    "three_houses": Section("three_houses", CASE),
    "safety_plans": Section("safety_plan", CASE),  # every version, the youth reads them too
    "coach_pairs": Section("coach_pair", CASE),  # Safe Path's professional coaches, as the coach-pair route gives
    "access_log": Section("access_log", CASE),
    "conferences": Section("conference", STAFF),  # with the frozen report snapshots' metadata and hashes
    "conference_deliberations": Section("deliberation", STAFF),
    "breach_reports": Section("breach_report", STAFF),  # with the suspicion status history
    "network_links": Section("network_link", LINK_MANAGERS),  # never the secret nor its hash
    "audit_trail": Section("audit_trail", TRAIL),
}


def sections_for(role: Role) -> list[str]:
    return [name for name, section in SECTIONS.items() if role in section.roles]


def _plain(row: SQLModel, exclude: set[str] | None = None, **extra: Any) -> dict[str, Any]:
    return {**row.model_dump(mode="json", exclude=exclude), **extra}


def export_youth(
    session: Session,
    youth_id: int,
    role: Role,
    *,
    words: Callable[[AccessLogEntry], str] | None = None,
    zone: ZoneInfo = ZoneInfo("Europe/Amsterdam"),
) -> dict[str, Any]:
    """The sections of the record ``role`` reads (``SECTIONS``); ``words`` puts an access-log entry in words,
    whose days are those of ``zone``."""
    wanted = set(sections_for(role))
    youth = get_youth(session, youth_id)
    measures = measures_of(session, youth_id)
    measure_ids = [m.id for m in measures]

    def rows(model: type[SQLModel], key: Any = None, ids: list[Any] = measure_ids) -> list[Any]:
        column = key if key is not None else model.measure_id  # type: ignore[attr-defined]
        return list(session.exec(select(model).where(col(column).in_(ids)).order_by(col(model.id))))  # type: ignore[attr-defined]

    builders: dict[str, Callable[[], Any]] = {
        "youth": lambda: _youth(session, youth),
        "network": lambda: [_plain(m) for m in rows(NetworkMember, NetworkMember.youth_id, [youth_id])],
        "network_links": lambda: [_plain(link, exclude={"token_hash"}) for link in rows(NetworkLink)],
        "measures": lambda: _measures(session, measures),
        "goals": lambda: [_plain(g) for g in rows(Goal)],
        "check_ins": lambda: [
            _plain(v.check_in, scores=[_plain(s) for s in v.scores])
            for v in check_ins_with_scores(session, rows(CheckIn))
        ],
        "successes": lambda: [_plain(s) for s in rows(Success)],
        "setbacks": lambda: [_plain(s) for s in rows(Setback)],
        "success_and_setback_history": lambda: [_plain(r) for r in rows(EventRevision)],
        "method_enrolments": lambda: _enrolments(rows(MethodEnrolment), rows),
        "mapping_sessions": lambda: [_plain(m) for m in rows(MappingSession)],
        "worry_statements": lambda: [_plain(w) for w in rows(WorryStatement)],
        "meetings": lambda: [_plain(m) for m in rows(Meeting)],
        "interaction_patterns": lambda: [_plain(p) for p in rows(InteractionPattern)],
        "pattern_breaks": lambda: [_plain(p) for p in rows(PatternBreak)],
        "three_houses": lambda: [_plain(t) for t in rows(ThreeHouses)],
        "safety_plans": lambda: [_plain(v) for v in rows(SafetyPlanVersion)],
        "coach_pairs": lambda: [
            _plain(pair, coaches=[_plain(c) for c in rows(Coach, Coach.pair_id, [pair.id])]) for pair in rows(CoachPair)
        ],
        "access_log": lambda: [_entry(e, words) for e in access_log(session, youth_id, zone=zone)[0]],
        "conferences": lambda: _conferences(rows(Conference), rows),
        "conference_deliberations": lambda: [
            _plain(d)
            for d in rows(
                ConferenceDeliberation, ConferenceDeliberation.conference_id, [c.id for c in rows(Conference)]
            )
        ],
        "breach_reports": lambda: _breach_reports(rows, [s.id for s in rows(Setback)]),
        "audit_trail": lambda: [
            _plain(e)
            for e in session.exec(
                select(AuditEvent)
                .where(AuditEvent.youth_id == youth_id)
                .order_by(col(AuditEvent.at), col(AuditEvent.id))
            )
        ],
    }
    document: dict[str, Any] = {"exported_at": utcnow().isoformat(), "exported_for": role.value}
    document.update({name: build() for name, build in builders.items() if name in wanted})
    return document


def _youth(session: Session, youth: Any) -> dict[str, Any]:
    worker = session.get(User, youth.worker_id)
    return _plain(youth, worker_name=worker.display_name if worker else None)


def _measures(session: Session, measures: list[Any]) -> list[dict[str, Any]]:
    conditions, assessments = conditions_of(session, [m.id for m in measures])
    return [
        _plain(
            m,
            conditions=[
                _plain(c, compliance=[_plain(a) for a in assessments.get(c.id, [])])  # type: ignore[arg-type]
                for c in conditions
                if c.measure_id == m.id
            ],
        )
        for m in measures
    ]


def _enrolments(enrolments: list[Any], rows: Callable[..., list[Any]]) -> list[dict[str, Any]]:
    transitions = rows(PhaseTransition, PhaseTransition.enrolment_id, [e.id for e in enrolments])
    return [_plain(e, phase_history=[_plain(t) for t in transitions if t.enrolment_id == e.id]) for e in enrolments]


def _conferences(conferences: list[Any], rows: Callable[..., list[Any]]) -> list[dict[str, Any]]:
    snapshots = rows(ReportSnapshot, ReportSnapshot.conference_id, [c.id for c in conferences])
    return [
        _plain(
            c,
            # the frozen PDFs (report, summary) are served from their own routes; the export names them by hash
            report_snapshots=[_plain(r, exclude={"pdf", "summary_pdf"}) for r in snapshots if r.conference_id == c.id],
        )
        for c in conferences
    ]


def _breach_reports(rows: Callable[..., list[Any]], setback_ids: list[int]) -> list[dict[str, Any]]:
    reports = {r.setback_id: r for r in rows(BreachReport, BreachReport.setback_id, setback_ids)}
    steps = rows(SuspicionStatusChange, SuspicionStatusChange.setback_id, setback_ids)
    return [
        {
            "setback_id": setback_id,
            "report": _plain(reports[setback_id]) if setback_id in reports else None,
            "suspicion_history": [_plain(s) for s in steps if s.setback_id == setback_id],
        }
        for setback_id in setback_ids
        if setback_id in reports or any(s.setback_id == setback_id for s in steps)
    ]


def _entry(entry: AccessLogEntry, words: Callable[[AccessLogEntry], str] | None) -> dict[str, Any]:
    plain: dict[str, Any] = to_builtins(entry)
    if words is not None:
        plain["text"] = words(entry)
    return plain
