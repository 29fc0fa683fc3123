"""What goes into the case-conference report: one JSON-encodable ``ReportData`` gathered from the database.

``report_data(session, conference_id, ...)`` reads the question, the measure's frame and conditions, the goals
with their figures, successes, setbacks with their reporting record, the network, the method's work, the
conference's deliberation (addressee, options, participants, views, outside outcome), the advice and decision,
and the ``Progress`` indicators with the series they were computed from. The figures are those of that
``Progress`` object, the same the progress API returns. A frozen report keeps this data beside its PDFs.
"""

from __future__ import annotations

from datetime import UTC, date, datetime
from functools import cache
from typing import Any

import msgspec
from sqlmodel import Session

from ...casefile.conferences import get_conference
from ...casefile.fields import today
from ...casefile.types import day_of
from ...casefile.vocab import REPORTABLE_SETBACK_KINDS
from ...methods.registry import MethodRegistry
from ..case_work import CaseWork, load_case_work
from ..charts import Chart
from ..edition import Edition, edition_of
from ..indicators import DEFAULT_RELIABILITY, DEFAULT_SD, Progress, progress, weekly_scores
from ..loader import CaseRecords, ConferenceRow, data_version, load_case
from ..series import MeasureSeries, rater_keys
from .method_data import MethodLine, method_line
from .plan_data import SafetyPlanLine, plan_for_report

LOCALES = ("nl", "en")
FORMAT_VERSION = 2


class MeasureLine(msgspec.Struct, frozen=True, kw_only=True):
    id: int
    kind: str
    legal_basis: str
    imposed_by: str
    start_date: date
    planned_end: date
    ended_on: date | None
    status: str
    #: The frame: the public prosecutor's case number, the end of the probation time, the index offence.
    case_number: str = ""
    probation_end: date | None = None
    index_offence: str = ""


class AssessmentLine(msgspec.Struct, frozen=True, kw_only=True):
    assessed_on: date
    compliance: str
    note: str


class ConditionLine(msgspec.Struct, frozen=True, kw_only=True):
    id: int
    text: str
    active: bool
    assessments: tuple[AssessmentLine, ...]
    #: Setbacks linked to the condition up to the reference date, and the responses taken (from ``Progress``).
    breaches: int
    responses: dict[str, int]
    #: "general" (algemene voorwaarde) or "special" (bijzondere voorwaarde).
    kind: str = "special"


class RaterLine(msgspec.Struct, frozen=True, kw_only=True):
    """One rater's figures for one goal; every number comes from ``Progress`` or the series."""

    rater: str
    #: A network member's name and role code (each member is a rater of their own); empty for youth and worker.
    who: tuple[str, str] = ("", "")
    latest: float | None
    latest_week: str | None
    slope: float | None
    points: int
    baseline: float | None
    current: float | None
    change: float | None
    direction: str | None


class GoalLine(msgspec.Struct, frozen=True, kw_only=True):
    id: int
    title: str
    life_domain: str
    status: str
    worry_statement: str
    sustain_weeks: int | None
    has_gas: bool
    raters: tuple[RaterLine, ...]
    #: Youth minus worker, mean absolute gap over the last weeks both scored (from ``Progress``).
    recent_gap: float | None


class SuccessLine(msgspec.Struct, frozen=True, kw_only=True):
    occurred_on: date
    goal_title: str | None
    text: str
    noticed_by: str
    author_role: str


class BreachRecordLine(msgspec.Struct, frozen=True, kw_only=True):
    """Whether a breach or new suspicion was reported back (terugmelding), to whom, when, by whom, or why not."""

    om_informed: bool
    om_informed_on: date | None
    raad_informed: bool
    raad_informed_on: date | None
    reported_by: str | None
    expert_consulted: bool
    expert_consulted_on: date | None
    expert_name: str
    not_reported_reason: str
    note: str


class SuspicionStep(msgspec.Struct, frozen=True, kw_only=True):
    status: str
    status_on: date
    note: str


class SetbackLine(msgspec.Struct, frozen=True, kw_only=True):
    occurred_on: date
    kind: str
    severity: str
    condition_text: str | None
    text: str
    response: str
    response_note: str
    resolved: bool
    #: A breach or a new suspicion calls for a decision on reporting back; ``report`` is that decision.
    reportable: bool = False
    report: BreachRecordLine | None = None
    condition_kind: str | None = None
    suspicion_status: str | None = None
    suspicion_history: tuple[SuspicionStep, ...] = ()


class NetworkLine(msgspec.Struct, frozen=True, kw_only=True):
    name: str
    role: str
    trusted_by_youth: bool
    trained_in_method: bool


class ConferenceLine(msgspec.Struct, frozen=True, kw_only=True):
    id: int
    held_on: date
    question_kind: str
    question: str
    advice: str
    advised_outcome: str | None
    advice_by: str | None
    advice_signed_at: datetime | None
    decision: str | None
    rationale: str
    decided_by: str | None
    decided_at: datetime | None


class HousesLine(msgspec.Struct, frozen=True, kw_only=True):
    """The youth's three houses as last filled in (Signs of Success)."""

    worries: str
    good_things: str
    dreams: str
    author_role: str
    filled_in_on: date


class OptionLine(msgspec.Struct, frozen=True, kw_only=True):
    kind: str
    description: str
    pros: str
    cons: str


class PersonLine(msgspec.Struct, frozen=True, kw_only=True):
    name: str
    role: str


class ViewLine(msgspec.Struct, frozen=True, kw_only=True):
    """A view (zienswijze) in the person's own words, or declined."""

    status: str
    text: str


class OutsideLine(msgspec.Struct, frozen=True, kw_only=True):
    """What the OM, the Raad or the judge decided after the advice, and when."""

    decided_by: str
    outcome: str
    decided_on: date
    note: str


class DeliberationLine(msgspec.Struct, frozen=True, kw_only=True):
    #: om, raad, kinderrechter or internal; "" while not named.
    addressee: str
    options: tuple[OptionLine, ...]
    risks: str
    protective_factors: str
    participants: tuple[PersonLine, ...]
    youth_view: ViewLine | None
    parents_view: ViewLine | None
    outside: OutsideLine | None


class ReportData(msgspec.Struct, frozen=True, kw_only=True):
    """Everything the report shows, as it stood when it was made (JSON-encodable with msgspec)."""

    format_version: int = FORMAT_VERSION
    locale: str
    timezone: str
    generated_at: datetime
    data_version: str
    #: The reference date of the indicators: the conference date, or today if the conference lies ahead.
    as_of: date
    youth_name: str
    birth_year: int
    worker_name: str
    measure: MeasureLine
    conference: ConferenceLine
    #: The measure's other conferences held before this one, oldest first.
    earlier: tuple[ConferenceLine, ...]
    conditions: tuple[ConditionLine, ...]
    goals: tuple[GoalLine, ...]
    successes: tuple[SuccessLine, ...]
    setbacks: tuple[SetbackLine, ...]
    network: tuple[NetworkLine, ...]
    progress: Progress
    series: MeasureSeries
    three_houses: HousesLine | None = None
    deliberation: DeliberationLine | None = None
    method: MethodLine | None = None
    #: The version of the advice this report shows, and why the version before it was reopened.
    edition: Edition | None = None
    #: The current version of the success and safety plan when the report was made.
    safety_plan: SafetyPlanLine | None = None


class ReportChart(msgspec.Struct, frozen=True, kw_only=True):
    name: str
    chart: Chart


@cache
def _builtin_methods() -> MethodRegistry:
    return MethodRegistry.load()


def report_data(
    session: Session,
    conference_id: int,
    *,
    locale: str = "nl",
    sd: float = DEFAULT_SD,
    reliability: float = DEFAULT_RELIABILITY,
    timezone: str = "Europe/Amsterdam",
    now: datetime | None = None,
    methods: MethodRegistry | None = None,
) -> ReportData:
    """Gather the report of a conference from the database (read-only, a constant number of queries)."""
    check_locale(locale)
    conference = get_conference(session, conference_id)
    # The fingerprint first: should the data change meanwhile, the report carries an older version (a cache
    # then renders again) and never a version newer than what it shows.
    version = data_version(session, conference.measure_id)
    case = load_case(session, conference.measure_id, locale=locale)
    work = load_case_work(session, conference.measure_id, conference_id)
    as_of = min(conference.held_on, today())
    figures = progress(case.series, as_of=as_of, sd=sd, reliability=reliability)
    rows = {row.conference.id: row for row in case.conferences}
    conditions = {c.id: c for c in case.conditions}
    return ReportData(
        locale=locale,
        timezone=timezone,
        generated_at=(now or datetime.now(UTC)).astimezone(UTC),
        data_version=version,
        as_of=as_of,
        youth_name=case.youth.display_name,
        birth_year=case.youth.birth_year,
        worker_name=case.worker_name,
        measure=msgspec.convert(case.measure, MeasureLine, from_attributes=True),
        conference=_conference_line(rows[conference_id]),
        earlier=tuple(
            _conference_line(row)
            for row in case.conferences
            if row.conference.id != conference_id
            and (row.conference.held_on, row.conference.id) < (conference.held_on, conference_id)
        ),
        conditions=_conditions(case, figures),
        goals=_goals(case, figures, as_of),
        successes=tuple(
            SuccessLine(
                occurred_on=s.occurred_on,
                goal_title=next((g.title for g in case.goals if g.id == s.goal_id), None),
                text=s.text,
                noticed_by=s.noticed_by,
                author_role=s.author_role,
            )
            for s in case.successes
            if s.occurred_on <= as_of
        ),
        setbacks=tuple(
            _setback_line(s, conditions.get(s.condition_id) if s.condition_id else None, work)
            for s in case.setbacks
            if s.occurred_on <= as_of
        ),
        network=tuple(
            NetworkLine(
                name=m.name, role=m.role, trusted_by_youth=m.trusted_by_youth, trained_in_method=m.trained_in_method
            )
            for m in case.network
        ),
        progress=figures,
        series=case.series,
        three_houses=_houses(case, as_of),
        deliberation=_deliberation(work),
        method=method_line(work, as_of, locale, methods or _builtin_methods()),
        edition=edition_of(session, conference),
        safety_plan=plan_for_report(session, conference.measure_id),
    )


def check_locale(locale: str) -> None:
    if locale not in LOCALES:
        raise ValueError(f"locale {locale!r} is not one of {', '.join(LOCALES)}")


def _houses(case: CaseRecords, as_of: date) -> HousesLine | None:
    houses = case.three_houses
    if houses is None or day_of(houses.created_at) > as_of:
        return None
    return HousesLine(
        worries=houses.worries,
        good_things=houses.good_things,
        dreams=houses.dreams,
        author_role=houses.author_role,
        filled_in_on=day_of(houses.created_at),
    )


def _conference_line(row: ConferenceRow) -> ConferenceLine:
    return msgspec.convert(
        {
            **{f: getattr(row.conference, f) for f in ConferenceLine.__struct_fields__ if hasattr(row.conference, f)},
            "advice_by": row.advice_by,
            "decided_by": row.decided_by,
        },
        ConferenceLine,
    )


def _setback_line(setback: Any, condition: Any, work: CaseWork) -> SetbackLine:
    found = work.breach_reports.get(setback.id)
    record = None
    if found is not None:
        report, reporter = found
        record = BreachRecordLine(
            om_informed=report.om_informed,
            om_informed_on=report.om_informed_on,
            raad_informed=report.raad_informed,
            raad_informed_on=report.raad_informed_on,
            reported_by=reporter,
            expert_consulted=report.expert_consulted,
            expert_consulted_on=report.expert_consulted_on,
            expert_name=report.expert_name,
            not_reported_reason=report.not_reported_reason,
            note=report.note,
        )
    return SetbackLine(
        occurred_on=setback.occurred_on,
        kind=setback.kind,
        severity=setback.severity,
        condition_text=condition.text if condition else None,
        condition_kind=condition.kind if condition else None,
        text=setback.text,
        response=setback.response,
        response_note=setback.response_note,
        resolved=setback.resolved,
        reportable=setback.kind in REPORTABLE_SETBACK_KINDS,
        report=record,
        suspicion_status=setback.suspicion_status,
        suspicion_history=tuple(
            SuspicionStep(status=c.status, status_on=c.status_on, note=c.note)
            for c in work.suspicion_history.get(setback.id, [])
        ),
    )


def _deliberation(work: CaseWork) -> DeliberationLine | None:
    row = work.deliberation
    if row is None:
        return None

    def view(status: str | None, text: str) -> ViewLine | None:
        return ViewLine(status=status, text=text) if status else None

    outside = None
    if row.outside_body and row.outside_outcome and row.outside_decided_on:
        outside = OutsideLine(
            decided_by=row.outside_body,
            outcome=row.outside_outcome,
            decided_on=row.outside_decided_on,
            note=row.outside_note,
        )
    return DeliberationLine(
        addressee=row.addressee,
        options=tuple(msgspec.convert(o, OptionLine) for o in row.options),
        risks=row.risks,
        protective_factors=row.protective_factors,
        participants=tuple(msgspec.convert(p, PersonLine) for p in row.participants),
        youth_view=view(row.youth_view_status, row.youth_view),
        parents_view=view(row.parents_view_status, row.parents_view),
        outside=outside,
    )


def _conditions(case: CaseRecords, figures: Progress) -> tuple[ConditionLine, ...]:
    breaches = {b.condition_id: b for b in figures.breaches.items}
    lines = []
    for condition in case.conditions:
        counted = breaches.get(condition.id)
        lines.append(
            ConditionLine(
                id=condition.id,  # type: ignore[arg-type]
                text=condition.text,
                kind=condition.kind,
                active=condition.active,
                assessments=tuple(
                    AssessmentLine(assessed_on=a.assessed_on, compliance=a.compliance, note=a.note)
                    for a in case.assessments.get(condition.id, [])  # type: ignore[arg-type]
                    if a.assessed_on <= figures.as_of
                ),
                breaches=counted.breaches if counted else 0,
                responses=dict(counted.responses) if counted else {},
            )
        )
    return tuple(lines)


def _goals(case: CaseRecords, figures: Progress, as_of: date) -> tuple[GoalLine, ...]:
    upto = case.series.up_to(as_of)
    trends = {(t.goal_id, t.rater): t for t in figures.trends.items}
    changes = {(c.goal_id, c.rater): c for c in figures.reliable_change.items}
    gaps = {a.goal_id: a.recent_mean_abs_gap for a in figures.agreement.items}
    lines = []
    for goal in case.goals:
        raters = []
        for rater in rater_keys(upto):
            scores = weekly_scores(upto, goal.id, rater)  # type: ignore[arg-type]
            if not scores:
                continue
            trend, change = trends[(goal.id, rater)], changes[(goal.id, rater)]
            raters.append(
                RaterLine(
                    rater=rater,
                    who=next(((i.name, i.role) for i in upto.raters if i.key == rater), ("", "")),
                    latest=scores[-1][1],
                    latest_week=scores[-1][0],
                    slope=trend.slope,
                    points=trend.points,
                    baseline=change.baseline,
                    current=change.current,
                    change=change.change,
                    direction=change.direction,
                )
            )
        lines.append(
            GoalLine(
                id=goal.id,  # type: ignore[arg-type]
                title=goal.title,
                life_domain=goal.life_domain,
                status=goal.status,
                worry_statement=goal.worry_statement,
                sustain_weeks=goal.sustain_weeks,
                has_gas=bool(goal.gas_levels),
                raters=tuple(raters),
                recent_gap=gaps.get(goal.id),  # type: ignore[arg-type]
            )
        )
    return tuple(lines)
