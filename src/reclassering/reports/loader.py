"""Loading one measure from the database for the indicators, charts and report (read-only).

Every table is read with one set-based query, so the cost is a constant number of queries whatever the
number of weeks, goals or raters. ``data_version`` is a cheap fingerprint of everything these outputs
depend on, for cache keys and ETags: it changes when a row is added, changed or deleted.
"""

from __future__ import annotations

import hashlib
from collections import defaultdict
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from sqlalchemy import Integer, String, bindparam, cast, func, literal, type_coerce, union_all
from sqlalchemy.orm import aliased
from sqlalchemy.sql.functions import aggregate_strings
from sqlmodel import Session, col, select

from ..casefile.db import run_core
from ..casefile.errors import NotFound
from ..casefile.models import (
    BreachReport,
    CheckIn,
    Condition,
    ConditionAssessment,
    Conference,
    ConferenceDeliberation,
    Goal,
    InteractionPattern,
    MappingSession,
    Measure,
    Meeting,
    MethodEnrolment,
    NetworkMember,
    PatternBreak,
    Score,
    Setback,
    Success,
    SuspicionStatusChange,
    ThreeHouses,
    User,
    Youth,
)
from ..casefile.models.safety_plan import SafetyPlanVersion
from ..casefile.types import UTCDateTime
from .series import (
    ConditionInfo,
    ConferencePoint,
    GoalInfo,
    MeasureSeries,
    RaterInfo,
    ScorePoint,
    SetbackPoint,
    SuccessPoint,
    is_network,
)

#: The decision of a conference in each locale's words: its caption on the timeline and in the report.
OUTCOME_WORDS: dict[str, dict[str, str]] = {
    "nl": {"carry_on": "Doorgaan", "adjust_plan": "Plan aanpassen", "report_back": "Terugmelden"},
    "en": {"carry_on": "Carry on", "adjust_plan": "Adjust the plan", "report_back": "Report back"},
}


@dataclass(frozen=True)
class ConferenceRow:
    conference: Conference
    advice_by: str | None
    decided_by: str | None


@dataclass(frozen=True)
class CaseRecords:
    """One measure as stored, with its youth, and the series the indicators and charts are computed from."""

    measure: Measure
    youth: Youth
    worker_name: str
    goals: list[Goal]
    successes: list[Success]
    setbacks: list[Setback]
    conditions: list[Condition]
    assessments: dict[int, list[ConditionAssessment]]
    conferences: list[ConferenceRow]
    network: list[NetworkMember]
    series: MeasureSeries
    #: The latest version of the youth's three houses, if filled in.
    three_houses: ThreeHouses | None = None


# --- loading -------------------------------------------------------------------------------------------


def load_series(session: Session, measure_id: int, *, locale: str = "nl") -> MeasureSeries:
    """The measure's series (seven queries). ``locale`` words the conference captions of the timeline."""
    measure = session.exec(select(Measure).where(Measure.id == measure_id)).first()
    if measure is None:
        raise NotFound(f"there is no measure {measure_id}")
    conferences = list(session.exec(_conferences_stmt(measure_id)))
    return _series(
        measure,
        _goals(session, measure_id),
        *_scores(session, measure_id),
        _successes(session, measure_id),
        _setbacks(session, measure_id),
        _conditions(session, measure_id),
        [c for c, *_ in conferences],
        locale,
    )


def load_case(session: Session, measure_id: int, *, locale: str = "nl") -> CaseRecords:
    """Everything the case-conference report shows about the measure (ten queries)."""
    found = session.exec(
        select(Measure, Youth, User.display_name)
        .join(Youth, col(Youth.id) == Measure.youth_id)
        .join(User, col(User.id) == Youth.worker_id)
        .where(Measure.id == measure_id)
    ).first()
    if found is None:
        raise NotFound(f"there is no measure {measure_id}")
    measure, youth, worker_name = found
    goals = _goals(session, measure_id)
    scores, raters = _scores(session, measure_id)
    successes = _successes(session, measure_id)
    setbacks = _setbacks(session, measure_id)
    conditions = _conditions(session, measure_id)
    assessments: dict[int, list[ConditionAssessment]] = defaultdict(list)
    for assessment in session.exec(
        select(ConditionAssessment)
        .join(Condition, col(Condition.id) == ConditionAssessment.condition_id)
        .where(Condition.measure_id == measure_id)
        .order_by(col(ConditionAssessment.assessed_on), col(ConditionAssessment.id))
    ):
        assessments[assessment.condition_id].append(assessment)
    conferences = [
        ConferenceRow(c, advice_by, decided_by)
        for c, advice_by, decided_by in session.exec(_conferences_stmt(measure_id))
    ]
    network = list(
        session.exec(
            select(NetworkMember).where(NetworkMember.youth_id == measure.youth_id).order_by(col(NetworkMember.id))
        )
    )
    three_houses = session.exec(
        select(ThreeHouses)
        .where(ThreeHouses.measure_id == measure_id)
        .order_by(col(ThreeHouses.created_at).desc(), col(ThreeHouses.id).desc())
        .limit(1)
    ).first()
    series = _series(
        measure, goals, scores, raters, successes, setbacks, conditions, [c.conference for c in conferences], locale
    )
    return CaseRecords(
        measure=measure,
        youth=youth,
        worker_name=worker_name,
        goals=goals,
        successes=successes,
        setbacks=setbacks,
        conditions=conditions,
        assessments=dict(assessments),
        conferences=conferences,
        network=network,
        series=series,
        three_houses=three_houses,
    )


def _goals(session: Session, measure_id: int) -> list[Goal]:
    return list(session.exec(select(Goal).where(Goal.measure_id == measure_id).order_by(col(Goal.id))))


def _scores(session: Session, measure_id: int) -> tuple[list[ScorePoint], tuple[RaterInfo, ...]]:
    """The scores, each network member as a rater of their own (``network:<id>``), and who those members are."""
    rows = session.exec(
        select(
            CheckIn.week,
            Score.goal_id,
            Score.rater_key,
            Score.value,
            Score.gas_level,
            NetworkMember.name,
            NetworkMember.role,
        )
        .join(CheckIn, col(CheckIn.id) == Score.check_in_id)
        .outerjoin(NetworkMember, col(NetworkMember.id) == Score.network_member_id)
        .where(CheckIn.measure_id == measure_id)
        .order_by(col(CheckIn.week), col(Score.goal_id), col(Score.rater_key))
    ).all()
    points = [
        ScorePoint(week=week, goal_id=goal_id, rater=rater, value=value, gas_level=gas_level)
        for week, goal_id, rater, value, gas_level, _, _ in rows
    ]
    members = {rater: (name or "", role or "") for _, _, rater, _, _, name, role in rows if is_network(rater)}
    raters = tuple(
        RaterInfo(key=key, name=name, role=role)
        for key, (name, role) in sorted(members.items(), key=lambda item: int(item[0].partition(":")[2] or 0))
    )
    return points, raters


def _successes(session: Session, measure_id: int) -> list[Success]:
    return list(
        session.exec(
            select(Success)
            .where(Success.measure_id == measure_id, col(Success.withdrawn_at).is_(None))  # withdrawn: not counted
            .order_by(col(Success.occurred_on), col(Success.id))
        )
    )


def _setbacks(session: Session, measure_id: int) -> list[Setback]:
    return list(
        session.exec(
            select(Setback)
            .where(Setback.measure_id == measure_id, col(Setback.withdrawn_at).is_(None))  # withdrawn: not counted
            .order_by(col(Setback.occurred_on), col(Setback.id))
        )
    )


def _conditions(session: Session, measure_id: int) -> list[Condition]:
    return list(session.exec(select(Condition).where(Condition.measure_id == measure_id).order_by(col(Condition.id))))


def _conferences_stmt(measure_id: int) -> Any:
    advisor, decider = aliased(User), aliased(User)
    return (
        select(Conference, advisor.display_name, decider.display_name)
        .outerjoin(advisor, col(advisor.id) == Conference.advice_by_id)
        .outerjoin(decider, col(decider.id) == Conference.decided_by_id)
        .where(Conference.measure_id == measure_id)
        .order_by(col(Conference.held_on), col(Conference.id))
    )


def _series(
    measure: Measure,
    goals: list[Goal],
    scores: list[ScorePoint],
    raters: tuple[RaterInfo, ...],
    successes: list[Success],
    setbacks: list[Setback],
    conditions: list[Condition],
    conferences: list[Conference],
    locale: str,
) -> MeasureSeries:
    words = OUTCOME_WORDS.get(locale, OUTCOME_WORDS["nl"])
    return MeasureSeries(
        measure_id=measure.id,  # type: ignore[arg-type]
        kind=measure.kind,
        start_date=measure.start_date,
        planned_end=measure.planned_end,
        goals=tuple(
            GoalInfo(
                id=g.id,  # type: ignore[arg-type]
                title=g.title,
                life_domain=g.life_domain,
                status=g.status,
                gas_levels=dict(g.gas_levels),
                gas_weight=g.gas_weight,
            )
            for g in goals
        ),
        scores=tuple(scores),
        raters=raters,
        successes=tuple(SuccessPoint(day=s.occurred_on, goal_id=s.goal_id, noticed_by=s.noticed_by) for s in successes),
        setbacks=tuple(
            SetbackPoint(
                day=s.occurred_on,
                kind=s.kind,
                severity=s.severity,
                condition_id=s.condition_id,
                response=s.response,
            )
            for s in setbacks
        ),
        conditions=tuple(ConditionInfo(id=c.id, text=c.text) for c in conditions),  # type: ignore[arg-type]
        conferences=tuple(ConferencePoint(day=c.held_on, label=words.get(c.decision or "", "")) for c in conferences),
    )


# --- the fingerprint -----------------------------------------------------------------------------------


def data_version(session: Session, measure_id: int) -> str:
    """A short fingerprint of the measure's data, from one statement (a UNION ALL of one aggregate per table).

    It covers the measure and its youth (their ``updated_at``), and per table of the measure the row count,
    the highest id and the latest change time: goals, check-ins, scores, successes, setbacks, condition
    assessments, conferences and the youth's three houses, and what the formal report lists beside them
    (reporting records, suspicion statuses, deliberations, the method's enrolment, sessions and patterns, the
    versions of the safety plan).
    Conditions and network members carry no change
    time, so their words are folded in whole (they are few and short). A count catches a deleted row; a
    change time an edited one.
    """
    rows = sorted(run_core(session, _version_statement(), {"measure_id": measure_id}).all(), key=lambda row: row[0])
    text = "\x1f".join(_canonical(v) for row in rows for v in row)
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:20]


@lru_cache(maxsize=1)
def _version_statement() -> Any:
    """The statement behind ``data_version``, built once with the measure as a bound parameter (building its
    eighteen selects anew cost more than running them)."""
    measure_id = bindparam("measure_id", type_=Integer)
    setbacks = select(Setback.id).where(Setback.measure_id == measure_id)
    in_measure = {
        Goal: (Goal.updated_at, Goal.measure_id == measure_id),
        CheckIn: (CheckIn.updated_at, CheckIn.measure_id == measure_id),
        Success: (Success.updated_at, Success.measure_id == measure_id),  # corrected or withdrawn: updated_at
        Setback: (Setback.updated_at, Setback.measure_id == measure_id),
        Conference: (Conference.updated_at, Conference.measure_id == measure_id),
        ThreeHouses: (ThreeHouses.created_at, ThreeHouses.measure_id == measure_id),
        Score: (
            Score.recorded_at,
            col(Score.check_in_id).in_(select(CheckIn.id).where(CheckIn.measure_id == measure_id)),
        ),
        ConditionAssessment: (
            ConditionAssessment.created_at,
            col(ConditionAssessment.condition_id).in_(select(Condition.id).where(Condition.measure_id == measure_id)),
        ),
        # What the formal report shows beyond the figures: reporting records, deliberations, the method's work.
        BreachReport: (BreachReport.updated_at, col(BreachReport.setback_id).in_(setbacks)),
        SuspicionStatusChange: (SuspicionStatusChange.created_at, col(SuspicionStatusChange.setback_id).in_(setbacks)),
        ConferenceDeliberation: (
            ConferenceDeliberation.updated_at,
            col(ConferenceDeliberation.conference_id).in_(
                select(Conference.id).where(Conference.measure_id == measure_id)
            ),
        ),
        MethodEnrolment: (MethodEnrolment.phase_entered_at, MethodEnrolment.measure_id == measure_id),
        MappingSession: (MappingSession.created_at, MappingSession.measure_id == measure_id),
        Meeting: (Meeting.created_at, Meeting.measure_id == measure_id),
        InteractionPattern: (InteractionPattern.created_at, InteractionPattern.measure_id == measure_id),
        PatternBreak: (PatternBreak.created_at, PatternBreak.measure_id == measure_id),
        SafetyPlanVersion: (SafetyPlanVersion.created_at, SafetyPlanVersion.measure_id == measure_id),
    }
    # One statement: a UNION ALL of one aggregate row per table (each table is scanned once, not three times).
    nothing = literal(None, String)
    # The change times come back as the database gives them (a string on SQLite), not as UTCDateTime: they are only
    # fingerprinted, so parsing them into datetimes was work for nothing (data_version 0.31 -> 0.29 ms on SQLite;
    # the union's types are its first select's).
    parts: list[Any] = [
        select(
            literal("measure"),
            func.count(),
            func.max(Measure.id),
            type_coerce(func.max(Measure.updated_at), String),
            nothing,
        ).where(Measure.id == measure_id),
        select(literal("youth"), func.count(), func.max(Youth.id), func.max(Youth.updated_at), nothing)
        .join(Measure, col(Measure.youth_id) == Youth.id)
        .where(Measure.id == measure_id),
    ]
    for model, (changed, where) in in_measure.items():
        parts.append(
            select(literal(model.__tablename__), func.count(), func.max(model.id), func.max(changed), nothing).where(  # type: ignore[attr-defined]
                where
            )
        )
    parts.append(
        select(
            literal("condition"),
            func.count(),
            func.max(Condition.id),
            literal(None, UTCDateTime),
            aggregate_strings(_joined(Condition.id, Condition.active, Condition.text), "\x1e"),
        ).where(Condition.measure_id == measure_id)
    )
    parts.append(
        select(
            literal("network_member"),
            func.count(),
            func.max(NetworkMember.id),
            literal(None, UTCDateTime),
            aggregate_strings(
                _joined(
                    NetworkMember.id,
                    NetworkMember.name,
                    NetworkMember.role,
                    NetworkMember.trusted_by_youth,
                    NetworkMember.trained_in_method,
                ),
                "\x1e",
            ),
        )
        .join(Measure, col(Measure.youth_id) == NetworkMember.youth_id)
        .where(Measure.id == measure_id)
    )
    return union_all(*parts)


def _joined(*columns: Any) -> Any:
    parts = [cast(c, String) for c in columns]
    joined = parts[0]
    for part in parts[1:]:
        joined = joined + "\x1f" + part
    return joined


def _canonical(value: Any) -> str:
    if value is None:
        return "-"
    if hasattr(value, "isoformat"):
        return value.isoformat()
    if isinstance(value, str):
        # The order of aggregated strings is up to the database: sort the parts so it never matters.
        return "\x1e".join(sorted(value.split("\x1e")))
    return str(value)
