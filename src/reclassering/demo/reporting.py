"""Breaches and new suspicions in the demo, and whether they were reported back (terugmelding).

Besides the setbacks that fall where they may, a few cases carry a scripted one, so every state of reporting
shows on the first start: a new suspicion reported to the OM and the Raad whose status moves from suspected to
dismissed (sepot); a serious breach reported to both after the behavioural expert was consulted; a breach the
team decided not to report, with its reason; and a breach still undecided past the deadline, which the team's
list of unreported breaches shows. Every other breach gets the decision its weight calls for, unless it is too
recent to be due yet.
"""

from __future__ import annotations

from datetime import date, timedelta
from enum import Enum
from random import Random

from ..casefile import breaches
from ..casefile.vocab import (
    REPORTABLE_SETBACK_KINDS,
    ConditionKind,
    SetbackKind,
    SetbackResponse,
    Severity,
    SuspicionStatus,
)
from ..casefile.workdays import add_working_days, is_working_day
from .common import Case, Context, PlannedSetback, Reporting, lower_first, row_id
from .frames import NO_NEW_OFFENCE
from .texts import NEW_SUSPICIONS


class Script(Enum):
    """What one case is there to show about breaches."""

    #: A new suspicion, reported; later dismissed (sepot). Its case also has the fully walked conference.
    SUSPECT = "suspect"
    #: A serious breach reported to the OM and the Raad. Its case has the upcoming conference.
    REPORTED = "reported"
    #: A breach deliberately not reported back, with the reason.
    NOT_REPORTED = "not_reported"
    #: A breach with no reporting decision past the deadline.
    OVERDUE = "overdue"


REPORT_NOTES = (
    "Terugmelding per brief aan de jeugdofficier van justitie; de Raad voor de Kinderbescherming kreeg een afschrift.",
    "Telefonisch gemeld aan de jeugdofficier en de Raad, daarna schriftelijk bevestigd.",
)
SUSPICION_NOTE = "Nieuwe verdenking gemeld aan de jeugdofficier en de Raad; casusoverleg over de voortgang aangevraagd."
NOT_REPORTED_REASONS = (
    "Eenmalige overtreding na een moeilijke week thuis; direct besproken met {name} en de ouder, en een officiële "
    "waarschuwing gegeven. Met de gedragswetenschapper afgewogen: {name} werkt verder goed mee en een terugmelding "
    "zou de voortgang op school in gevaar brengen. Bij herhaling volgt die wel.",
    "Korte overtreding die {name} zelf meldde; het plan is aangepast met een extra contactmoment per week. Geen "
    "terugmelding, wel vastgelegd en met {name} besproken dat een volgende keer wordt teruggemeld.",
)
DISMISSAL_NOTE = "Het OM heeft de zaak geseponeerd: onvoldoende bewijs (technisch sepot)."
#: How many working days after the suspicion the OM dismissed it (a range).
DISMISSED_AFTER = (20, 25)


def plan_script(rng: Random, case: Case, script: Script, today: date, working_days: int) -> PlannedSetback:
    """The scripted setback of ``case`` (added to its plan), on a day that shows what it is there to show."""
    n_weeks = len(case.mondays)
    special = [c for c in case.conditions if c.kind == ConditionKind.SPECIAL]
    if script is Script.SUSPECT:
        day = _weekday_in(rng, case, n_weeks - rng.randint(5, 8), today)
        planned = PlannedSetback(
            case.week_index(day),
            SetbackKind.NEW_SUSPICION,
            Severity.SERIOUS,
            SetbackResponse.REPORT_BACK,
            rng.choice(NEW_SUSPICIONS),
            day=day,
            reporting=Reporting.REPORTED,
        )
    elif script is Script.REPORTED:
        condition = next((c for c in special if c.text == "Thuis om 22:00 uur"), special[0])
        day = _weekday_in(rng, case, n_weeks - rng.randint(3, 5), today)
        planned = PlannedSetback(
            case.week_index(day),
            SetbackKind.CONDITION_BREACH,
            Severity.SERIOUS,
            SetbackResponse.REPORT_BACK,
            f"Herhaaldelijk niet gehouden aan de voorwaarde: {lower_first(condition.text)}, ook na een waarschuwing",
            condition,
            day=day,
            reporting=Reporting.REPORTED,
        )
    elif script is Script.NOT_REPORTED:
        condition = rng.choice(special)
        day = _weekday_in(rng, case, n_weeks - rng.randint(2, 5), today)
        planned = PlannedSetback(
            case.week_index(day),
            SetbackKind.CONDITION_BREACH,
            Severity.MODERATE,
            SetbackResponse.WARNING,
            f"Eén keer niet gehouden aan de voorwaarde: {lower_first(condition.text)}",
            condition,
            day=day,
            reporting=Reporting.NOT_REPORTED,
        )
    else:
        general = [c for c in case.conditions if c.kind == ConditionKind.GENERAL and c.text != NO_NEW_OFFENCE]
        condition = general[0] if general else rng.choice(special)
        text = (
            "Twee afspraken gemist en niet thuis bij het aangekondigde huisbezoek"
            if general
            else f"Niet gehouden aan de voorwaarde: {lower_first(condition.text)}"
        )
        day = overdue_day(today, working_days)
        planned = PlannedSetback(
            case.week_index(day),
            SetbackKind.CONDITION_BREACH,
            Severity.MODERATE,
            SetbackResponse.TALK,
            text,
            condition,
            day=day,
            reporting=Reporting.UNDECIDED,
        )
    case.setbacks.append(planned)
    return planned


def _weekday_in(rng: Random, case: Case, week_index: int, today: date) -> date:
    """A working day of check-in week ``week_index``, not before the measure started nor after today."""
    week_monday = case.mondays[max(1, week_index)]
    day = week_monday + timedelta(days=rng.randint(0, 4))
    while not is_working_day(day) and day > week_monday:
        day -= timedelta(days=1)
    return min(max(day, case.measure.start_date), today)


def overdue_day(today: date, working_days: int) -> date:
    """The latest working day, at least eight days back, whose reporting deadline has passed by ``today``."""
    day = today - timedelta(days=8)
    while not (is_working_day(day) and add_working_days(day, working_days) < today):
        day -= timedelta(days=1)
    return day


def record_reporting(ctx: Context, case: Case) -> None:
    """The reporting record of every breach and new suspicion of the case, and the suspicion's history."""
    rng = ctx.rng("reporting", case.index)
    for planned in case.setbacks:
        if planned.kind not in REPORTABLE_SETBACK_KINDS or planned.reporting is Reporting.UNDECIDED:
            continue
        setback = planned.stored
        assert setback is not None
        not_due_yet = ctx.today <= add_working_days(setback.occurred_on, ctx.settings.breach_report_working_days)
        if planned.reporting is Reporting.AUTO and not_due_yet and rng.random() < 0.5:
            continue  # still within the deadline: the team has not decided yet
        breaches.record_report(
            ctx.session, case.worker, row_id(setback.id), _report(ctx, rng, case, planned), today=ctx.today
        )
        if planned.kind is SetbackKind.NEW_SUSPICION:
            _dismiss_later(ctx, rng, case, planned)


def _reported(planned: PlannedSetback) -> bool:
    if planned.reporting is not Reporting.AUTO:
        return planned.reporting is Reporting.REPORTED
    return planned.severity is Severity.SERIOUS or planned.response is SetbackResponse.REPORT_BACK


def _report(ctx: Context, rng: Random, case: Case, planned: PlannedSetback) -> breaches.BreachReportWrite:
    occurred = planned.stored.occurred_on  # type: ignore[union-attr]
    consulted = planned.reporting is not Reporting.AUTO or planned.severity is Severity.SERIOUS or rng.random() < 0.6
    consulted_on = min(add_working_days(occurred, 1), ctx.today) if consulted else None
    expert_name = ctx.expert.display_name if consulted else ""
    if not _reported(planned):
        return breaches.BreachReportWrite(
            expert_consulted=consulted,
            expert_consulted_on=consulted_on,
            expert_name=expert_name,
            not_reported_reason=rng.choice(NOT_REPORTED_REASONS).format(name=case.first_name),
        )
    on = min(add_working_days(occurred, rng.randint(1, 3)), ctx.today)
    raad = planned.reporting is Reporting.REPORTED or rng.random() < 0.7
    return breaches.BreachReportWrite(
        om_informed=True,
        om_informed_on=on,
        raad_informed=raad,
        raad_informed_on=on if raad else None,
        expert_consulted=consulted,
        expert_consulted_on=consulted_on,
        expert_name=expert_name,
        note=SUSPICION_NOTE if planned.kind is SetbackKind.NEW_SUSPICION else rng.choice(REPORT_NOTES),
    )


def _dismiss_later(ctx: Context, rng: Random, case: Case, planned: PlannedSetback) -> None:
    """The OM dismisses the new suspicion (sepot) some weeks later, if that day has come."""
    setback = planned.stored
    assert setback is not None
    on = add_working_days(setback.occurred_on, rng.randint(*DISMISSED_AFTER))
    if on < ctx.today:
        breaches.change_suspicion_status(
            ctx.session,
            case.worker,
            row_id(setback.id),
            breaches.SuspicionStatusWrite(status=SuspicionStatus.DISMISSED, on=on, note=DISMISSAL_NOTE),
            today=ctx.today,
        )
