"""The case-conference report (rapportage casusoverleg): a printable A4 PDF for a second-chance decision.

Two steps, so that a frozen report can keep the exact data it was made from:

- ``report_data(session, conference_id, ...)`` gathers everything into one JSON-encodable ``ReportData``:
  the question, the measure and its conditions, the goals with their figures, successes, setbacks, the
  network, the advice and decision, the ``Progress`` indicators and the series they were computed from.
  The figures in the report are those of that ``Progress`` object, the same the progress API returns.
- ``render_report(data, charts)`` lays it out with reportlab platypus and returns the PDF bytes; the same
  data and charts always give the same bytes. ``report_charts(data)`` renders the charts it embeds.

The report describes; the people at the conference decide. Dutch by default, English with ``locale="en"``.
"""

from __future__ import annotations

import io
import threading
from collections.abc import Callable, Sequence
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any
from xml.sax.saxutils import escape
from zoneinfo import ZoneInfo

import msgspec
from sqlmodel import Session

from ..casefile.conferences import get_conference
from ..casefile.fields import today
from .charts import MONTHS as CHART_MONTHS
from .charts import NOUNS as CHART_NOUNS
from .charts import Chart, events_chart, gas_chart, scores_chart, timeline_chart
from .edition import Edition, edition_of, edition_sentence
from .indicators import DEFAULT_RELIABILITY, DEFAULT_SD, Progress, progress, weekly_scores
from .loader import OUTCOME_WORDS, CaseRecords, ConferenceRow, data_version, load_case
from .series import RATERS, MeasureSeries, monday_of

LOCALES = ("nl", "en")
FORMAT_VERSION = 1
CHART_DPI = 150

# --- the data ------------------------------------------------------------------------------------------


class MeasureLine(msgspec.Struct, frozen=True, kw_only=True):
    id: int
    kind: str
    legal_basis: str
    imposed_by: str
    start_date: date
    planned_end: date
    ended_on: date | None
    status: str


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


class RaterLine(msgspec.Struct, frozen=True, kw_only=True):
    """One rater's figures for one goal; every number comes from ``Progress`` or the series."""

    rater: str
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


class SetbackLine(msgspec.Struct, frozen=True, kw_only=True):
    occurred_on: date
    kind: str
    severity: str
    condition_text: str | None
    text: str
    response: str
    response_note: str
    resolved: bool


class NetworkLine(msgspec.Struct, frozen=True, kw_only=True):
    name: str
    role: str
    trusted_by_youth: bool
    coach: bool


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
    edition: Edition | None = None


class ReportChart(msgspec.Struct, frozen=True, kw_only=True):
    name: str
    chart: Chart


def report_data(
    session: Session,
    conference_id: int,
    *,
    locale: str = "nl",
    sd: float = DEFAULT_SD,
    reliability: float = DEFAULT_RELIABILITY,
    timezone: str = "Europe/Amsterdam",
    now: datetime | None = None,
) -> ReportData:
    """Gather the report of a conference from the database (read-only, a constant number of queries)."""
    _check_locale(locale)
    conference = get_conference(session, conference_id)
    # The fingerprint first: should the data change meanwhile, the report carries an older version (a cache
    # then renders again) and never a version newer than what it shows.
    version = data_version(session, conference.measure_id)
    case = load_case(session, conference.measure_id, locale=locale)
    as_of = min(conference.held_on, today())
    figures = progress(case.series, as_of=as_of, sd=sd, reliability=reliability)
    rows = {row.conference.id: row for row in case.conferences}
    this = rows[conference_id]
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
        conference=_conference_line(this),
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
                goal_title=_goal_title(case, s.goal_id),
                text=s.text,
                noticed_by=s.noticed_by,
                author_role=s.author_role,
            )
            for s in case.successes
            if s.occurred_on <= as_of
        ),
        setbacks=tuple(
            SetbackLine(
                occurred_on=s.occurred_on,
                kind=s.kind,
                severity=s.severity,
                condition_text=next((c.text for c in case.conditions if c.id == s.condition_id), None),
                text=s.text,
                response=s.response,
                response_note=s.response_note,
                resolved=s.resolved,
            )
            for s in case.setbacks
            if s.occurred_on <= as_of
        ),
        network=tuple(
            NetworkLine(name=m.name, role=m.role, trusted_by_youth=m.trusted_by_youth, coach=m.coach)
            for m in case.network
        ),
        progress=figures,
        series=case.series,
        three_houses=_houses(case, as_of),
        edition=edition_of(session, conference),
    )


def _houses(case: CaseRecords, as_of: date) -> HousesLine | None:
    houses = case.three_houses
    if houses is None or houses.created_at.date() > as_of:
        return None
    return HousesLine(
        worries=houses.worries,
        good_things=houses.good_things,
        dreams=houses.dreams,
        author_role=houses.author_role,
        filled_in_on=houses.created_at.date(),
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


def _goal_title(case: CaseRecords, goal_id: int | None) -> str | None:
    return next((g.title for g in case.goals if g.id == goal_id), None)


def _conditions(case: CaseRecords, figures: Progress) -> tuple[ConditionLine, ...]:
    breaches = {b.condition_id: b for b in figures.breaches.items}
    lines = []
    for condition in case.conditions:
        counted = breaches.get(condition.id)
        lines.append(
            ConditionLine(
                id=condition.id,  # type: ignore[arg-type]
                text=condition.text,
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
        for rater in RATERS:
            scores = weekly_scores(upto, goal.id, rater)  # type: ignore[arg-type]
            if not scores:
                continue
            trend, change = trends[(goal.id, rater)], changes[(goal.id, rater)]
            raters.append(
                RaterLine(
                    rater=rater,
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


#: How ``report_charts`` gets a chart: ``through(name, draw)`` returns ``draw()`` or a stored copy of it.
Through = Callable[[str, Callable[[], Chart]], Chart]


def _draw(name: str, draw: Callable[[], Chart]) -> Chart:
    return draw()


def report_charts(data: ReportData, *, dpi: int = CHART_DPI, through: Through = _draw) -> list[ReportChart]:
    """The charts of the report at print resolution: one per goal with scores, events, GAS (if any goal has
    GAS levels) and the timeline, all from the series as it stood on the reference date.

    ``through`` lets a caller serve charts from a cache; the names it gets are unique per measure, reference
    date and resolution (``print-150-2026-11-23-scores-12``), and the locale is ``data.locale``."""
    series = data.series.up_to(data.as_of)
    size: dict[str, Any] = {
        "locale": data.locale,
        "fmt": "png",
        "width": int(6.4 * dpi),
        "height": int(3.6 * dpi),
        "dpi": dpi,
    }
    scored = {s.goal_id for s in series.scores}
    plans: list[tuple[str, Callable[[], Chart]]] = [
        (f"scores-{goal.id}", lambda goal_id=goal.id: scores_chart(series, goal_id, **size))  # type: ignore[misc]
        for goal in series.goals
        if goal.id in scored
    ]
    plans.append(("events", lambda: events_chart(series, **size)))
    if any(goal.has_gas for goal in series.goals):
        plans.append(("gas", lambda: gas_chart(series, **size)))
    plans.append(("timeline", lambda: timeline_chart(series, **size)))
    prefix = f"print-{dpi}-{data.as_of.isoformat()}-"
    return [ReportChart(name=name, chart=through(prefix + name, draw)) for name, draw in plans]


def encode_data(data: ReportData) -> str:
    """The JSON a frozen report keeps beside its PDF."""
    return msgspec.json.encode(data).decode("utf-8")


# --- words ---------------------------------------------------------------------------------------------

MONTHS = {
    "nl": (
        "januari",
        "februari",
        "maart",
        "april",
        "mei",
        "juni",
        "juli",
        "augustus",
        "september",
        "oktober",
        "november",
        "december",
    ),
    "en": (
        "January",
        "February",
        "March",
        "April",
        "May",
        "June",
        "July",
        "August",
        "September",
        "October",
        "November",
        "December",
    ),
}

#: Headings and fixed texts.
TEXT: dict[str, dict[str, str]] = {
    "nl": {
        "title": "Rapportage casusoverleg",
        "confidential": "Vertrouwelijk: bevat persoonsgegevens van een jongere",
        "subtitle": "{youth} (geboortejaar {year}) · jeugdreclasseerder {worker}",
        "dates": "Casusoverleg op {held_on} · cijfers tot en met {as_of}",
        "describes": "Dit rapport beschrijft; de mensen aan tafel beslissen.",
        "question": "1. De vraag aan het casusoverleg",
        "question_kind": "Soort vraag",
        "measure": "2. De maatregel en de bijzondere voorwaarden",
        "kind": "Maatregel",
        "legal_basis": "Juridische grondslag",
        "imposed_by": "Opgelegd door",
        "period": "Looptijd",
        "period_value": "{start} tot {end}",
        "ended_on": "Beëindigd op",
        "status": "Status",
        "conditions": "Bijzondere voorwaarden",
        "condition": "Voorwaarde",
        "active": "Actief",
        "compliance": "Naleving (oordelen)",
        "breaches": "Terugvallen",
        "responses": "Reacties",
        "no_conditions": "Er zijn geen bijzondere voorwaarden vastgelegd.",
        "not_assessed": "nog niet beoordeeld",
        "goals": "3. Doelen, scores en trends",
        "goal": "Doel",
        "rater": "Wie scoort",
        "latest": "Laatste score",
        "start_now": "Begin → nu",
        "trend": "Trend per week (weken)",
        "trend_word": "trend per week",
        "reliable": "Betrouwbare verandering",
        "no_scores": "nog geen scores",
        "no_goals": "Er zijn nog geen doelen vastgelegd.",
        "goal_meta": "{domain} · {status}{sustain}",
        "sustain": " · moet {weeks} weken standhouden",
        "worry": "Zorg die dit doel beantwoordt: {text}",
        "voice": "4. De stem van de jongere",
        "voice_scores": "Hoe de jongere zelf scoort",
        "voice_gap": "verschil met de jeugdreclasseerder de laatste weken gemiddeld {gap} punt",
        "voice_none": "De jongere heeft zelf nog geen scores gegeven.",
        "voice_words": "Successen in de woorden van de jongere",
        "voice_no_words": "Er zijn nog geen successen door de jongere zelf vastgelegd.",
        "voice_noticed": "(opgemerkt door de jongere)",
        "houses": "De drie huizen",
        "houses_by": "ingevuld door {who} op {day}",
        "houses_youth": "de jongere zelf",
        "houses_staff": "de jeugdreclassering",
        "house_worries": "Huis van zorgen",
        "house_good_things": "Huis van goede dingen",
        "house_dreams": "Huis van dromen",
        "successes": "5. Successen",
        "date": "Datum",
        "what_went_well": "Wat ging goed",
        "noticed_by": "Opgemerkt door",
        "no_successes": "Er zijn nog geen successen vastgelegd.",
        "setbacks": "6. Terugvallen en reacties",
        "what": "Wat gebeurde",
        "setback_kind": "Soort",
        "severity": "Ernst",
        "response": "Reactie",
        "closed": "Afgesloten",
        "no_setbacks": "Er zijn geen terugvallen vastgelegd.",
        "network": "7. Het netwerk",
        "name": "Naam",
        "role": "Rol",
        "trusted": "Vertrouwd door de jongere",
        "coach": "Coach (Safe Path)",
        "no_network": "Er is nog geen netwerk vastgelegd.",
        "indicators": "8. Indicatoren: wat de cijfers zeggen en niet zeggen",
        "ind_trend": "Trend (Theil-Sen)",
        "ind_trend_figure": "Over de laatste {window} weken met een score; de cijfers staan per doel in hoofdstuk 3.",
        "ind_baseline": "Eigen begin",
        "ind_baseline_figure": (
            "Begin = gemiddelde van de eerste {span} weken met een score, nu = van de laatste {span}."
        ),
        "ind_reliable": "Betrouwbare verandering (Jacobson-Truax)",
        "ind_reliable_figure": "Drempel {threshold} punt (SD {sd}, betrouwbaarheid r = {r}).",
        "ind_gas": "Doelrealisatie (GAS T-score)",
        "ind_gas_figure": "Laatste T-score {t} in de week van {week}, over {goals} met GAS-niveaus.",
        "ind_gas_none": "Nog geen doel met GAS-niveaus gescoord.",
        "ind_events": "Successen en terugvallen per week",
        "ind_events_figure": "{successes} en {setbacks} vastgelegd.",
        "ind_serious": "Weken sinds de laatste ernstige terugval",
        "ind_serious_figure": "{weeks} (laatste ernstige terugval op {day}).",
        "ind_serious_none": "Er is geen ernstige terugval vastgelegd.",
        "ind_breaches": "Terugvallen per bijzondere voorwaarde",
        "ind_breaches_figure": "{breaches} gekoppeld aan een voorwaarde; zie hoofdstuk 2.",
        "ind_agreement": "Overeenstemming jongere en jeugdreclasseerder",
        "ind_agreement_figure": (
            "Gemiddeld verschil over de laatste {recent} weken dat beiden scoorden; zie hoofdstuk 4."
        ),
        "charts": "9. Grafieken",
        "figure": "Figuur {n}.",
        "earlier": "10. Eerdere casusoverleggen",
        "decision": "Besluit",
        "earlier_question": "Vraag",
        "advice_and_decision": "{n}. Advies en besluit",
        "advice": "Advies",
        "advised_outcome": "Geadviseerde uitkomst",
        "signed": "Ondertekend door {who} op {at}.",
        "sign_here": "Handtekening gedragsdeskundige / teamleider",
        "rationale": "Onderbouwing van het besluit",
        "decided": "Vastgelegd door {who} op {at}.",
        "decided_here": "Voorzitter casusoverleg",
        "signature_date": "Datum",
        "footer": "Pagina {page} van {pages} · maatregel {measure} · gegevensversie {version} · gemaakt op {at}",
        "yes": "ja",
        "no": "nee",
        "none": "geen",
        "points": "punt",
    },
    "en": {
        "title": "Case conference report",
        "confidential": "Confidential: contains personal data of a young person",
        "subtitle": "{youth} (born {year}) · worker {worker}",
        "dates": "Case conference on {held_on} · figures up to and including {as_of}",
        "describes": "This report describes; the people at the table decide.",
        "question": "1. The question on the table",
        "question_kind": "Kind of question",
        "measure": "2. The measure and its special conditions",
        "kind": "Measure",
        "legal_basis": "Legal basis",
        "imposed_by": "Imposed by",
        "period": "Period",
        "period_value": "{start} to {end}",
        "ended_on": "Ended on",
        "status": "Status",
        "conditions": "Special conditions",
        "condition": "Condition",
        "active": "Active",
        "compliance": "Compliance (judgements)",
        "breaches": "Setbacks",
        "responses": "Responses",
        "no_conditions": "No special conditions have been recorded.",
        "not_assessed": "not assessed yet",
        "goals": "3. Goals, scores and trends",
        "goal": "Goal",
        "rater": "Rater",
        "latest": "Latest score",
        "start_now": "Start → now",
        "trend": "Trend per week (weeks)",
        "trend_word": "trend per week",
        "reliable": "Reliable change",
        "no_scores": "no scores yet",
        "no_goals": "No goals have been recorded yet.",
        "goal_meta": "{domain} · {status}{sustain}",
        "sustain": " · must last {weeks} weeks",
        "worry": "Worry this goal answers: {text}",
        "voice": "4. The youth's own voice",
        "voice_scores": "How the youth scores themself",
        "voice_gap": "gap with the worker over the last weeks {gap} points on average",
        "voice_none": "The youth has not given scores of their own yet.",
        "voice_words": "Successes in the youth's own words",
        "voice_no_words": "No successes have been recorded by the youth themself yet.",
        "voice_noticed": "(noticed by the youth)",
        "houses": "The three houses",
        "houses_by": "filled in by {who} on {day}",
        "houses_youth": "the youth themself",
        "houses_staff": "the probation service",
        "house_worries": "House of worries",
        "house_good_things": "House of good things",
        "house_dreams": "House of dreams",
        "successes": "5. Successes",
        "date": "Date",
        "what_went_well": "What went well",
        "noticed_by": "Noticed by",
        "no_successes": "No successes have been recorded yet.",
        "setbacks": "6. Setbacks and responses",
        "what": "What happened",
        "setback_kind": "Kind",
        "severity": "Severity",
        "response": "Response",
        "closed": "Closed",
        "no_setbacks": "No setbacks have been recorded.",
        "network": "7. The network",
        "name": "Name",
        "role": "Role",
        "trusted": "Trusted by the youth",
        "coach": "Coach (Safe Path)",
        "no_network": "No network has been recorded yet.",
        "indicators": "8. Indicators: what the figures say and do not say",
        "ind_trend": "Trend (Theil-Sen)",
        "ind_trend_figure": "Over the last {window} weeks with a score; the figures per goal are in section 3.",
        "ind_baseline": "The youth's own start",
        "ind_baseline_figure": "Start = mean of the first {span} weeks with a score, now = of the last {span}.",
        "ind_reliable": "Reliable change (Jacobson-Truax)",
        "ind_reliable_figure": "Threshold {threshold} points (SD {sd}, reliability r = {r}).",
        "ind_gas": "Goal attainment (GAS T-score)",
        "ind_gas_figure": "Latest T-score {t} in the week of {week}, over {goals} with GAS levels.",
        "ind_gas_none": "No goal with GAS levels has been scored yet.",
        "ind_events": "Successes and setbacks per week",
        "ind_events_figure": "{successes} and {setbacks} recorded.",
        "ind_serious": "Weeks since the last serious setback",
        "ind_serious_figure": "{weeks} (last serious setback on {day}).",
        "ind_serious_none": "No serious setback has been recorded.",
        "ind_breaches": "Setbacks per special condition",
        "ind_breaches_figure": "{breaches} linked to a condition; see section 2.",
        "ind_agreement": "Agreement between youth and worker",
        "ind_agreement_figure": "Mean gap over the last {recent} weeks both scored; see section 4.",
        "charts": "9. Charts",
        "figure": "Figure {n}.",
        "earlier": "10. Earlier case conferences",
        "decision": "Decision",
        "earlier_question": "Question",
        "advice_and_decision": "{n}. Advice and decision",
        "advice": "Advice",
        "advised_outcome": "Advised outcome",
        "signed": "Signed off by {who} on {at}.",
        "sign_here": "Signature of the supervisor",
        "rationale": "Rationale of the decision",
        "decided": "Recorded by {who} on {at}.",
        "decided_here": "Chair of the case conference",
        "signature_date": "Date",
        "footer": "Page {page} of {pages} · measure {measure} · data version {version} · generated at {at}",
        "yes": "yes",
        "no": "no",
        "none": "none",
        "points": "points",
    },
}

#: The closed vocabularies in each locale's words.
VOCAB: dict[str, dict[str, dict[str, str]]] = {
    "nl": {
        "measure_kind": {
            "toezicht_begeleiding": "Toezicht en begeleiding",
            "itb_harde_kern": "ITB Harde Kern",
            "itb_criem": "Individuele Trajectbegeleiding CRIEM",
            "gbm": "Gedragsbeïnvloedende maatregel (GBM)",
            "voorwaardelijk": "Voorwaardelijke straf met bijzondere voorwaarden",
            "pij_voorwaardelijk": "Voorwaardelijke PIJ-maatregel",
            "stp": "Scholings- en trainingsprogramma (STP), fase in de justitiële jeugdinrichting",
            "leerplicht": "Toezicht bij schoolverzuim (Leerplichtwet)",
            "vrijwillig_raad": "Vrijwillige jeugdreclassering, gestart door de Raad",
            "schorsing_vh": "Schorsing voorlopige hechtenis met voorwaarden",
        },
        "imposed_by": {
            "om": "Openbaar Ministerie",
            "kinderrechter": "Kinderrechter",
            "raad": "Raad voor de Kinderbescherming",
            "jji": "Justitiële jeugdinrichting",
            "leerplicht": "Leerplichtambtenaar",
        },
        "measure_status": {"active": "loopt", "completed": "afgerond", "ended_early": "voortijdig beëindigd"},
        "compliance": {"complied": "nageleefd", "partly": "deels nageleefd", "not_complied": "niet nageleefd"},
        "life_domain": {
            "family": "gezin",
            "school_work": "school en werk",
            "free_time": "vrije tijd",
            "friends": "vrienden",
            "substance_use": "middelengebruik",
            "thinking_behaviour": "denken en gedrag",
            "finances": "financiën",
            "housing": "wonen",
            "health": "gezondheid",
        },
        "goal_status": {"active": "actief", "achieved": "bereikt", "paused": "gepauzeerd", "dropped": "vervallen"},
        "rater": {"youth": "jongere", "worker": "jeugdreclasseerder", "network": "netwerk (gemiddelde)"},
        "noticed_by": {"youth": "jongere", "worker": "jeugdreclasseerder", "network": "netwerk"},
        "setback_kind": {
            "missed_appointment": "afspraak gemist",
            "condition_breach": "voorwaarde overtreden",
            "police_contact": "politiecontact",
            "new_suspicion": "nieuwe verdenking",
            "substance_use": "middelengebruik",
            "school_absence": "schoolverzuim",
            "other": "anders",
        },
        "severity": {"minor": "licht", "moderate": "matig", "serious": "ernstig"},
        "response": {
            "none_yet": "nog geen reactie",
            "talk": "gesprek",
            "warning": "waarschuwing",
            "plan_change": "plan aangepast",
            "report_back": "terugmelding",
        },
        "direction": {
            "improved": "betrouwbaar vooruit",
            "deteriorated": "betrouwbaar achteruit",
            "no_reliable_change": "geen betrouwbare verandering",
        },
        "question_kind": {
            "carry_on": "doorgaan met de maatregel",
            "adjust_plan": "het plan aanpassen",
            "report_back": "terugmelden aan het OM",
            "other": "een andere vraag",
        },
        "network_role": {
            "parent": "ouder",
            "relative": "familielid",
            "coach": "coach",
            "teacher": "leraar",
            "sports_trainer": "sporttrainer",
            "mentor": "mentor",
            "other": "anders",
        },
    },
    "en": {
        "measure_kind": {
            "toezicht_begeleiding": "Supervision and guidance",
            "itb_harde_kern": "Intensive guidance, hard core (ITB Harde Kern)",
            "itb_criem": "Individual guidance, CRIEM (ITB CRIEM)",
            "gbm": "Behaviour-influencing measure (GBM)",
            "voorwaardelijk": "Suspended sentence with special conditions",
            "pij_voorwaardelijk": "Conditional PIJ measure",
            "stp": "Education and training programme (STP), a phase of youth custody",
            "leerplicht": "School-absence supervision (Compulsory Education Act)",
            "vrijwillig_raad": "Voluntary probation started by the Child Protection Board",
            "schorsing_vh": "Suspension of pre-trial detention with conditions",
        },
        "imposed_by": {
            "om": "Public Prosecution Service (OM)",
            "kinderrechter": "Juvenile court judge",
            "raad": "Child Protection Board (Raad)",
            "jji": "Youth custody institution",
            "leerplicht": "School attendance officer",
        },
        "measure_status": {"active": "running", "completed": "completed", "ended_early": "ended early"},
        "compliance": {"complied": "complied", "partly": "partly complied", "not_complied": "not complied"},
        "life_domain": {
            "family": "family",
            "school_work": "school and work",
            "free_time": "free time",
            "friends": "friends",
            "substance_use": "substance use",
            "thinking_behaviour": "thinking and behaviour",
            "finances": "finances",
            "housing": "housing",
            "health": "health",
        },
        "goal_status": {"active": "active", "achieved": "achieved", "paused": "paused", "dropped": "dropped"},
        "rater": {"youth": "youth", "worker": "worker", "network": "network (mean)"},
        "noticed_by": {"youth": "youth", "worker": "worker", "network": "network"},
        "setback_kind": {
            "missed_appointment": "missed appointment",
            "condition_breach": "breach of a condition",
            "police_contact": "police contact",
            "new_suspicion": "new suspicion",
            "substance_use": "substance use",
            "school_absence": "school absence",
            "other": "other",
        },
        "severity": {"minor": "minor", "moderate": "moderate", "serious": "serious"},
        "response": {
            "none_yet": "no response yet",
            "talk": "talk",
            "warning": "warning",
            "plan_change": "plan change",
            "report_back": "report-back",
        },
        "direction": {
            "improved": "reliably improved",
            "deteriorated": "reliably deteriorated",
            "no_reliable_change": "no reliable change",
        },
        "question_kind": {
            "carry_on": "carry on with the measure",
            "adjust_plan": "adjust the plan",
            "report_back": "report back to the OM",
            "other": "another question",
        },
        "network_role": {
            "parent": "parent",
            "relative": "relative",
            "coach": "coach",
            "teacher": "teacher",
            "sports_trainer": "sports trainer",
            "mentor": "mentor",
            "other": "other",
        },
    },
}


def format_number(value: float | None, locale: str, *, digits: int = 1, signed: bool = False) -> str:
    """A figure as the report prints it: ``digits`` decimals, a decimal comma in Dutch, "-" for none."""
    if value is None:
        return "–"
    text = f"{value:+.{digits}f}" if signed else f"{value:.{digits}f}"
    if text in ("+0.00", "-0.00", "+0.0", "-0.0"):
        text = text[1:]
    return text.replace(".", ",") if locale == "nl" else text


def format_date(day: date, locale: str) -> str:
    return f"{day.day} {MONTHS[locale][day.month - 1]} {day.year}"


def format_moment(moment: datetime, locale: str, timezone: str) -> str:
    local = moment.astimezone(ZoneInfo(timezone))
    return f"{format_date(local.date(), locale)} {local:%H:%M}"


def _check_locale(locale: str) -> None:
    if locale not in LOCALES:
        raise ValueError(f"locale {locale!r} is not one of {', '.join(LOCALES)}")


# --- rendering -----------------------------------------------------------------------------------------

_FONT = "ReclasseringSans"
_setup_lock = threading.Lock()
_setup_done = False


def _setup_reportlab() -> None:
    """Once per process: DejaVu Sans (shipped with matplotlib), which covers the letters of every name a youth
    may have (ş, ł, ć …), and binary streams."""
    global _setup_done
    with _setup_lock:
        if _setup_done:
            return
        import matplotlib
        from reportlab import rl_config
        from reportlab.lib.fonts import addMapping
        from reportlab.pdfbase import pdfmetrics
        from reportlab.pdfbase.ttfonts import TTFont

        folder = Path(matplotlib.get_data_path()) / "fonts" / "ttf"
        faces = {
            (0, 0): ("", "DejaVuSans.ttf"),
            (1, 0): ("-Bold", "DejaVuSans-Bold.ttf"),
            (0, 1): ("-Oblique", "DejaVuSans-Oblique.ttf"),
            (1, 1): ("-BoldOblique", "DejaVuSans-BoldOblique.ttf"),
        }
        for (bold, italic), (suffix, file) in faces.items():
            pdfmetrics.registerFont(TTFont(_FONT + suffix, str(folder / file)))
            addMapping(_FONT, bold, italic, _FONT + suffix)
        # Binary (not ASCII85) streams: smaller PDFs, and without reportlab's optional C accelerator the
        # pure-Python ASCII85 encoder costs more than half of the layout time of a report with charts.
        rl_config.useA85 = 0
        _setup_done = True


class _Styles:
    def __init__(self) -> None:
        from reportlab.lib import colors
        from reportlab.lib.styles import ParagraphStyle

        base = ParagraphStyle("base", fontName=_FONT, fontSize=9.5, leading=12.5, spaceAfter=3)
        self.body = base
        self.small = ParagraphStyle("small", parent=base, fontSize=8, leading=10, spaceAfter=0)
        self.caption = ParagraphStyle("caption", parent=self.small, textColor=colors.HexColor("#444444"), spaceAfter=10)
        self.cell = ParagraphStyle("cell", parent=base, fontSize=8.5, leading=10.5, spaceAfter=0)
        self.head_cell = ParagraphStyle("head_cell", parent=self.cell, fontName=_FONT + "-Bold")
        self.title = ParagraphStyle(
            "title", parent=base, fontName=_FONT + "-Bold", fontSize=18, leading=22, spaceAfter=6
        )
        self.h1 = ParagraphStyle(
            "h1",
            parent=base,
            fontName=_FONT + "-Bold",
            fontSize=13,
            leading=16,
            spaceBefore=12,
            spaceAfter=6,
            keepWithNext=True,
        )
        self.h2 = ParagraphStyle(
            "h2",
            parent=base,
            fontName=_FONT + "-Bold",
            fontSize=10.5,
            leading=13,
            spaceBefore=8,
            spaceAfter=4,
            keepWithNext=True,
        )
        self.quote = ParagraphStyle("quote", parent=base, fontName=_FONT + "-Oblique", leftIndent=12)
        self.note = ParagraphStyle(
            "note", parent=base, backColor=colors.HexColor("#EEF4FA"), borderPadding=6, spaceBefore=6, spaceAfter=10
        )


def _p(text: str, style: Any) -> Any:
    """A paragraph of plain text: markup characters in people's words are escaped, line breaks kept."""
    from reportlab.platypus import Paragraph

    return Paragraph(escape(text).replace("\n", "<br/>"), style)


def _bold(label: str, text: str, style: Any) -> Any:
    from reportlab.platypus import Paragraph

    return Paragraph(f"<b>{escape(label)}</b> {escape(text)}".replace("\n", "<br/>"), style)


class _Report:
    """Builds the story (the list of flowables) of one report."""

    def __init__(self, data: ReportData, charts: Sequence[ReportChart]) -> None:
        _check_locale(data.locale)
        self.data = data
        self.charts = charts
        self.locale = data.locale
        self.t = TEXT[data.locale]
        self.v = VOCAB[data.locale]
        self.s = _Styles()
        self.story: list[Any] = []

    # helpers

    def word(self, vocabulary: str, code: str | None) -> str:
        if code is None:
            return self.t["none"]
        return self.v[vocabulary].get(code, code)

    def date(self, day: date | None) -> str:
        return format_date(day, self.locale) if day else "–"

    def day(self, day: date) -> str:
        """A date in a table cell: "13 nov 2026"."""
        return f"{day.day} {CHART_MONTHS[self.locale][day.month - 1]} {day.year}"

    def moment(self, at: datetime) -> str:
        return format_moment(at, self.locale, self.data.timezone)

    def count(self, n: int, noun: str) -> str:
        singular, plural = CHART_NOUNS[self.locale][noun]
        return f"{n} {singular if n == 1 else plural}"

    def num(self, value: float | None, digits: int = 1, signed: bool = False) -> str:
        return format_number(value, self.locale, digits=digits, signed=signed)

    def add(self, *flowables: Any) -> None:
        self.story.extend(flowables)

    def table(self, header: list[str], rows: list[list[str]], widths: list[float]) -> Any:
        from reportlab.lib import colors
        from reportlab.platypus import Table, TableStyle

        cells = [[_p(h, self.s.head_cell) for h in header]]
        cells += [[_p(value, self.s.cell) for value in row] for row in rows]
        table = Table(cells, colWidths=widths, repeatRows=1, hAlign="LEFT", spaceAfter=6)
        table.setStyle(
            TableStyle(
                [
                    ("BACKGROUND", (0, 0), (-1, 0), colors.HexColor("#E8E8E8")),
                    ("GRID", (0, 0), (-1, -1), 0.4, colors.HexColor("#B0B0B0")),
                    ("VALIGN", (0, 0), (-1, -1), "TOP"),
                    ("TOPPADDING", (0, 0), (-1, -1), 2.5),
                    ("BOTTOMPADDING", (0, 0), (-1, -1), 3),
                ]
            )
        )
        return table

    def pairs(self, rows: list[tuple[str, str]]) -> Any:
        from reportlab.lib.units import mm
        from reportlab.platypus import Table, TableStyle

        table = Table(
            [[_p(label, self.s.head_cell), _p(value, self.s.cell)] for label, value in rows],
            colWidths=[45 * mm, 129 * mm],
            hAlign="LEFT",
        )
        table.setStyle(TableStyle([("VALIGN", (0, 0), (-1, -1), "TOP"), ("LEFTPADDING", (0, 0), (-1, -1), 0)]))
        return table

    def blank_lines(self, count: int) -> list[Any]:
        from reportlab.lib import colors
        from reportlab.platypus import HRFlowable, Spacer

        lines: list[Any] = []
        for _ in range(count):
            lines += [Spacer(1, 16), HRFlowable(width="100%", thickness=0.5, color=colors.HexColor("#888888"))]
        return lines

    def choices(self, vocabulary: dict[str, str], chosen: str | None) -> Any:
        marks = [f"{'☒' if code == chosen else '☐'} {escape(label)}" for code, label in vocabulary.items()]
        from reportlab.platypus import Paragraph

        return Paragraph("&nbsp;&nbsp;&nbsp;&nbsp;".join(marks), self.s.body)

    # sections

    def build(self) -> list[Any]:
        self.front()
        self.question()
        self.measure()
        self.goals()
        self.voice()
        self.successes()
        self.setbacks()
        self.network()
        self.indicators()
        self.chart_pages()
        self.earlier()
        self.advice_and_decision()
        return self.story

    def front(self) -> None:
        d, t = self.data, self.t
        self.add(
            _p(t["title"], self.s.title),
            _p(t["subtitle"].format(youth=d.youth_name, year=d.birth_year, worker=d.worker_name), self.s.body),
            _p(t["dates"].format(held_on=self.date(d.conference.held_on), as_of=self.date(d.as_of)), self.s.body),
            _p(f"{t['describes']} {getattr(d.progress.explanation, self.locale)}", self.s.note),
        )
        if d.edition is not None:
            self.add(_p(edition_sentence(d.edition, self.locale, self.moment), self.s.body))

    def question(self) -> None:
        c = self.data.conference
        self.add(
            _p(self.t["question"], self.s.h1),
            _bold(f"{self.t['question_kind']}:", self.word("question_kind", c.question_kind), self.s.body),
            _p(c.question, self.s.quote),
        )

    def measure(self) -> None:
        from reportlab.lib.units import mm

        m, t = self.data.measure, self.t
        rows = [
            (t["kind"], self.word("measure_kind", m.kind)),
            (t["legal_basis"], m.legal_basis or "–"),
            (t["imposed_by"], self.word("imposed_by", m.imposed_by)),
            (t["period"], t["period_value"].format(start=self.date(m.start_date), end=self.date(m.planned_end))),
            (t["status"], self.word("measure_status", m.status)),
        ]
        if m.ended_on:
            rows.append((t["ended_on"], self.date(m.ended_on)))
        self.add(_p(t["measure"], self.s.h1), self.pairs(rows), _p(t["conditions"], self.s.h2))
        if not self.data.conditions:
            self.add(_p(t["no_conditions"], self.s.body))
            return
        rows_c = []
        for c in self.data.conditions:
            judged = "; ".join(
                f"{self.day(a.assessed_on)}: {self.word('compliance', a.compliance)}"
                + (f" ({a.note})" if a.note else "")
                for a in c.assessments
            )
            responses = ", ".join(f"{n}× {self.word('response', code)}" for code, n in c.responses.items() if n)
            rows_c.append(
                [
                    c.text,
                    t["yes"] if c.active else t["no"],
                    judged or t["not_assessed"],
                    str(c.breaches),
                    responses or "–",
                ]
            )
        self.add(
            self.table(
                [t["condition"], t["active"], t["compliance"], t["breaches"], t["responses"]],
                rows_c,
                [50 * mm, 16 * mm, 47 * mm, 25 * mm, 36 * mm],
            ),
            _p(getattr(self.data.progress.breaches.explanation, self.locale), self.s.small),
        )

    def goals(self) -> None:
        from reportlab.lib.units import mm

        t = self.t
        self.add(_p(t["goals"], self.s.h1))
        if not self.data.goals:
            self.add(_p(t["no_goals"], self.s.body))
            return
        rows = []
        for goal in self.data.goals:
            if not goal.raters:
                rows.append([goal.title, t["no_scores"], "–", "–", "–", "–"])
            for i, r in enumerate(goal.raters):
                rows.append(
                    [
                        goal.title if i == 0 else "",
                        self.word("rater", r.rater),
                        self.num(r.latest),
                        f"{self.num(r.baseline)} → {self.num(r.current)}",
                        f"{self.num(r.slope, 2, signed=True)} ({r.points})",
                        self.word("direction", r.direction) if r.direction else "–",
                    ]
                )
        self.add(
            self.table(
                [t["goal"], t["rater"], t["latest"], t["start_now"], t["trend"], t["reliable"]],
                rows,
                [42 * mm, 36 * mm, 17 * mm, 22 * mm, 25 * mm, 32 * mm],
            )
        )
        for goal in self.data.goals:
            sustain = t["sustain"].format(weeks=goal.sustain_weeks) if goal.sustain_weeks else ""
            meta = t["goal_meta"].format(
                domain=self.word("life_domain", goal.life_domain),
                status=self.word("goal_status", goal.status),
                sustain=sustain,
            )
            self.add(_bold(f"{goal.title}:", meta, self.s.small))
            if goal.worry_statement:
                self.add(_p(t["worry"].format(text=goal.worry_statement), self.s.small))

    def voice(self) -> None:
        t = self.t
        self.add(_p(t["voice"], self.s.h1), _p(t["voice_scores"], self.s.h2))
        own = [(g, r) for g in self.data.goals for r in g.raters if r.rater == "youth"]
        if not own:
            self.add(_p(t["voice_none"], self.s.body))
        for goal, r in own:
            line = f"{self.num(r.latest)} ({self.num(r.baseline)} → {self.num(r.current)}, " + (
                f"{t['trend_word']} {self.num(r.slope, 2, signed=True)})"
            )
            if goal.recent_gap is not None:
                line += "; " + t["voice_gap"].format(gap=self.num(goal.recent_gap))
            self.add(_bold(f"{goal.title}:", line, self.s.body))
        self.add(_p(getattr(self.data.progress.agreement.explanation, self.locale), self.s.small))
        self.add(_p(t["voice_words"], self.s.h2))
        words = [s for s in self.data.successes if s.author_role == "youth" or s.noticed_by == "youth"]
        if not words:
            self.add(_p(t["voice_no_words"], self.s.body))
        for s in words:
            by_youth = "" if s.author_role == "youth" else f" {t['voice_noticed']}"
            self.add(_p(f"{self.date(s.occurred_on)}: “{s.text}”{by_youth}", self.s.quote))
        houses = self.data.three_houses
        if houses is not None:
            who = t["houses_youth"] if houses.author_role == "youth" else t["houses_staff"]
            self.add(_p(t["houses"], self.s.h2))
            self.add(_p(t["houses_by"].format(who=who, day=self.date(houses.filled_in_on)), self.s.small))
            for part in ("worries", "good_things", "dreams"):
                text = getattr(houses, part)
                self.add(_bold(f"{t['house_' + part]}:", f"“{text}”" if text else "–", self.s.body))

    def successes(self) -> None:
        from reportlab.lib.units import mm

        t = self.t
        self.add(_p(t["successes"], self.s.h1))
        if not self.data.successes:
            self.add(_p(t["no_successes"], self.s.body))
            return
        rows = [
            [self.day(s.occurred_on), s.goal_title or "–", s.text, self.word("noticed_by", s.noticed_by)]
            for s in self.data.successes
        ]
        self.add(
            self.table(
                [t["date"], t["goal"], t["what_went_well"], t["noticed_by"]], rows, [22 * mm, 42 * mm, 78 * mm, 32 * mm]
            )
        )

    def setbacks(self) -> None:
        from reportlab.lib.units import mm

        t = self.t
        self.add(_p(t["setbacks"], self.s.h1))
        if not self.data.setbacks:
            self.add(_p(t["no_setbacks"], self.s.body))
            return
        rows = []
        for s in self.data.setbacks:
            what = s.text + (f"\n({s.condition_text})" if s.condition_text else "")
            response = self.word("response", s.response) + (f": {s.response_note}" if s.response_note else "")
            rows.append(
                [
                    self.day(s.occurred_on),
                    self.word("setback_kind", s.kind),
                    self.word("severity", s.severity),
                    what,
                    response,
                    t["yes"] if s.resolved else t["no"],
                ]
            )
        self.add(
            self.table(
                [t["date"], t["setback_kind"], t["severity"], t["what"], t["response"], t["closed"]],
                rows,
                [24 * mm, 27 * mm, 20 * mm, 44 * mm, 38 * mm, 21 * mm],
            )
        )

    def network(self) -> None:
        from reportlab.lib.units import mm

        t = self.t
        self.add(_p(t["network"], self.s.h1))
        if not self.data.network:
            self.add(_p(t["no_network"], self.s.body))
            return
        rows = [
            [
                m.name,
                self.word("network_role", m.role),
                t["yes"] if m.trusted_by_youth else t["no"],
                t["yes"] if m.coach else t["no"],
            ]
            for m in self.data.network
        ]
        self.add(
            self.table([t["name"], t["role"], t["trusted"], t["coach"]], rows, [60 * mm, 40 * mm, 40 * mm, 34 * mm])
        )

    def indicators(self) -> None:
        p, t, loc = self.data.progress, self.t, self.locale
        self.add(_p(t["indicators"], self.s.h1))

        def item(title: str, figure: str, explanation: Any) -> None:
            self.add(_p(title, self.s.h2), _p(figure, self.s.body), _p(getattr(explanation, loc), self.s.small))

        item(t["ind_trend"], t["ind_trend_figure"].format(window=p.trends.window), p.trends.explanation)
        item(t["ind_baseline"], t["ind_baseline_figure"].format(span=p.baselines.span), p.baselines.explanation)
        rc = p.reliable_change
        item(
            t["ind_reliable"],
            t["ind_reliable_figure"].format(
                threshold=self.num(rc.threshold, 2), sd=self.num(rc.sd), r=self.num(rc.reliability, 2)
            ),
            rc.explanation,
        )
        scored = [g for g in p.gas.items if g.t is not None]
        gas = (
            t["ind_gas_figure"].format(
                t=self.num(scored[-1].t),
                week=self.date(monday_of(scored[-1].week)),
                goals=self.count(p.gas.goals_with_levels, "goal"),
            )
            if scored
            else t["ind_gas_none"]
        )
        item(t["ind_gas"], gas, p.gas.explanation)
        item(
            t["ind_events"],
            t["ind_events_figure"].format(
                successes=self.count(p.events.successes, "success"), setbacks=self.count(p.events.setbacks, "setback")
            ),
            p.events.explanation,
        )
        since = p.since_serious
        serious = (
            t["ind_serious_figure"].format(
                weeks=self.count(since.weeks or 0, "week"), day=self.date(since.last_serious)
            )
            if since.last_serious
            else t["ind_serious_none"]
        )
        item(t["ind_serious"], serious, since.explanation)
        linked = sum(b.breaches for b in p.breaches.items if b.condition_id is not None)
        item(
            t["ind_breaches"],
            t["ind_breaches_figure"].format(breaches=self.count(linked, "setback")),
            p.breaches.explanation,
        )
        item(t["ind_agreement"], t["ind_agreement_figure"].format(recent=p.agreement.recent), p.agreement.explanation)

    def chart_pages(self) -> None:
        from reportlab.lib.units import mm
        from reportlab.platypus import Image, KeepTogether

        if not self.charts:
            return
        self.add(_p(self.t["charts"], self.s.h1))
        width = 170 * mm
        for n, item in enumerate(self.charts, start=1):
            chart = item.chart
            image = Image(io.BytesIO(chart.data), width=width, height=width * chart.height / chart.width)
            caption = _p(f"{self.t['figure'].format(n=n)} {chart.alt_text}", self.s.caption)
            self.add(KeepTogether([image, caption]))

    def earlier(self) -> None:
        from reportlab.lib.units import mm

        if not self.data.earlier:
            return
        t = self.t
        rows = [
            [
                self.day(c.held_on),
                f"{self.word('question_kind', c.question_kind)}: {c.question}",
                OUTCOME_WORDS[self.locale].get(c.decision, "–") if c.decision else "–",
                c.rationale or "–",
            ]
            for c in self.data.earlier
        ]
        self.add(
            _p(t["earlier"], self.s.h1),
            self.table(
                [t["date"], t["earlier_question"], t["decision"], t["rationale"]],
                rows,
                [22 * mm, 66 * mm, 28 * mm, 58 * mm],
            ),
        )

    def advice_and_decision(self) -> None:
        from reportlab.platypus import KeepTogether

        c, t = self.data.conference, self.t
        number = 11 if self.data.earlier else 10
        outcomes = OUTCOME_WORDS[self.locale]
        block: list[Any] = [_p(t["advice_and_decision"].format(n=number), self.s.h1), _p(t["advice"], self.s.h2)]
        block += [_p(c.advice, self.s.body)] if c.advice.strip() else self.blank_lines(5)
        block += [_p(t["advised_outcome"], self.s.h2), self.choices(outcomes, c.advised_outcome)]
        if c.advice_signed_at and c.advice_by:
            block.append(_p(t["signed"].format(who=c.advice_by, at=self.moment(c.advice_signed_at)), self.s.body))
        else:
            block.append(self.signature(t["sign_here"]))
        self.add(KeepTogether(block))
        decision: list[Any] = [
            _p(t["decision"], self.s.h2),
            self.choices(outcomes, c.decision),
            _p(t["rationale"], self.s.h2),
        ]
        decision += [_p(c.rationale, self.s.body)] if c.rationale.strip() else self.blank_lines(5)
        if c.decided_at and c.decided_by:
            decision.append(_p(t["decided"].format(who=c.decided_by, at=self.moment(c.decided_at)), self.s.body))
        else:
            decision.append(self.signature(t["decided_here"]))
        self.add(KeepTogether(decision))

    def signature(self, who: str) -> Any:
        from reportlab.lib.units import mm
        from reportlab.platypus import Table, TableStyle

        table = Table(
            [["", ""], [_p(who, self.s.small), _p(self.t["signature_date"], self.s.small)]],
            colWidths=[100 * mm, 60 * mm],
            rowHeights=[14 * mm, None],
            hAlign="LEFT",
        )
        table.setStyle(
            TableStyle(
                [
                    ("LINEBELOW", (0, 0), (0, 0), 0.5, "#888888"),
                    ("LINEBELOW", (1, 0), (1, 0), 0.5, "#888888"),
                    ("LEFTPADDING", (0, 0), (-1, -1), 0),
                ]
            )
        )
        return table


def _numbered_canvas(draw: Callable[[Any, int, int], None]) -> type:
    """A canvas that holds its pages until the end, so every footer can say "page X of Y"."""
    from reportlab.pdfgen.canvas import Canvas

    class NumberedCanvas(Canvas):
        def __init__(self, *args: Any, **kwargs: Any) -> None:
            super().__init__(*args, **kwargs)
            self._pages: list[dict[str, Any]] = []

        def showPage(self) -> None:
            self._pages.append(dict(self.__dict__))
            self._startPage()

        def save(self) -> None:
            total = len(self._pages)
            for state in self._pages:
                self.__dict__.update(state)
                draw(self, self._pageNumber, total)
                super().showPage()
            super().save()

    return NumberedCanvas


def render_report(data: ReportData, charts: Sequence[ReportChart]) -> bytes:
    """The report as an A4 PDF. The same data and charts always give the same bytes."""
    from reportlab.lib import colors
    from reportlab.lib.pagesizes import A4
    from reportlab.lib.units import mm
    from reportlab.platypus import SimpleDocTemplate

    _setup_reportlab()
    t = TEXT[data.locale]
    footer = t["footer"]
    generated = format_moment(data.generated_at, data.locale, data.timezone)

    def draw(canvas: Any, page: int, pages: int) -> None:
        canvas.saveState()
        canvas.setFont(_FONT, 7.5)
        canvas.setFillColor(colors.HexColor("#555555"))
        text = footer.format(page=page, pages=pages, measure=data.measure.id, version=data.data_version, at=generated)
        canvas.drawCentredString(A4[0] / 2, 10 * mm, text)
        canvas.drawString(18 * mm, A4[1] - 11 * mm, f"{t['title']} · {data.youth_name}")
        canvas.drawRightString(A4[0] - 18 * mm, A4[1] - 11 * mm, t["confidential"])
        canvas.restoreState()

    buffer = io.BytesIO()
    document = SimpleDocTemplate(
        buffer,
        pagesize=A4,
        leftMargin=18 * mm,
        rightMargin=18 * mm,
        topMargin=18 * mm,
        bottomMargin=18 * mm,
        title=t["title"],
        author="reclassering",
        subject=f"{t['title']} {data.conference.id}",
        lang=data.locale,
        invariant=1,
    )
    document.build(_Report(data, charts).build(), canvasmaker=_numbered_canvas(draw))
    return buffer.getvalue()
