"""The demo's case conferences: one walked from the question to the outside outcome, one coming up.

The walked one follows the new suspicion: the team names the addressee, weighs the options with their pros
and cons, records who took part (the behavioural expert among them) and the views of the youth (given) and a
parent (declined), writes the advice; the supervisor signs it off, which freezes the report exactly as the
sign-off route does (``api.reports.freeze_report``); then the conference's decision and, some days later, what
the OM or the judge decided. The steps are placed on their days in the youth's history (``common.stamp``).
"""

from __future__ import annotations

from datetime import date, datetime

from ..casefile import conference_decision as deliberation
from ..casefile import conferences, measures
from ..casefile.models import Condition, Measure, NetworkMember
from ..casefile.vocab import (
    Addressee,
    ConditionKind,
    ImposedBy,
    NetworkRole,
    OptionKind,
    OutsideBody,
    OutsideOutcome,
    ViewStatus,
)
from ..casefile.workdays import add_working_days
from .common import Case, Context, PlannedSetback, lower_first, row_id, stamp
from .frames import NEW_CONDITION
from .texts import ROLE_WORDS

#: Who the advice goes to, and who decides outside the team, by who imposed the frame.
ADDRESSEE = {ImposedBy.RAAD: Addressee.RAAD}
OUTSIDE_BODY = {ImposedBy.KINDERRECHTER: OutsideBody.KINDERRECHTER, ImposedBy.RAAD: OutsideBody.RAAD}
#: Working days from the suspicion to the conference, from the conference to the outside decision.
CONFERENCE_AFTER, OUTSIDE_AFTER = 5, 8

QUESTION = (
    "{name} wordt verdacht van een nieuw feit ({suspicion}). Doorgaan met de maatregel met scherpere afspraken, "
    "of terugmelden met het advies de voorwaardelijke vrijheid te beëindigen?"
)
OPTIONS: dict[OptionKind, tuple[str, str, str]] = {
    OptionKind.CARRY_ON: (
        "",
        "{name} gaat elke dag naar school en het netwerk staat achter {name}; de verdenking is niet bewezen.",
        "Zonder extra afspraken blijft het contact met de groep waarmee het misging.",
    ),
    OptionKind.ADJUST: (
        "Aanvullende voorwaarden: een meldplicht op vrijdag en thuis om 21:00 uur tot de zaak is afgehandeld.",
        "Houdt {name} op het goede spoor zonder school en netwerk kwijt te raken; meer zicht op de avonden.",
        "Vraagt meer van het gezin; de vroege avondklok kan thuis spanning geven.",
    ),
    OptionKind.EXTEND_PROBATION: (
        "De proeftijd met een jaar verlengen.",
        "Langer toezicht en steun op de momenten dat het moeilijk wordt.",
        "Voorbarig zolang er geen veroordeling is; de rechter beslist daarover.",
    ),
    OptionKind.REPORT_BACK: (
        "Terugmelden met het advies de voorwaardelijke vrijheid te beëindigen (tenuitvoerlegging, of opheffing "
        "van de schorsing).",
        "Een duidelijke grens na een nieuwe verdenking.",
        "De verdenking is niet bewezen; vastzitten onderbreekt school en de steun van het netwerk en vergroot de "
        "kans op nieuw delictgedrag.",
    ),
}
RISKS = "Contact met de groep waarmee de verdenking ontstond; avonden zonder vaste bezigheid; spanning thuis."
PROTECTIVE = "Dagelijks op school; een vaste band met {member}; {name} vertelde zelf over de aanhouding en werkt mee."
YOUTH_VIEW = (
    "Ik was erbij, maar ik heb niks gedaan. Ik wil mijn school afmaken en ik snap dat ik eerder thuis moet zijn. "
    "Als ik vastzit, ben ik mijn stage kwijt."
)
PARENT_DECLINED = (
    "{parent} wilde geen eigen zienswijze geven: eerst zelf met {name} praten, en sluit zich aan bij wat in het "
    "overleg is gezegd."
)
ADVICE = (
    "Doorgaan met de maatregel, met een meldplicht op vrijdag en thuis om 21:00 uur tot de zaak is afgehandeld. "
    "De voorwaardelijke vrijheid niet beëindigen: de verdenking is niet bewezen, en school en het netwerk zijn de "
    "belangrijkste beschermende factoren. Over zes weken opnieuw bespreken."
)
RATIONALE = (
    "Zoals geadviseerd: de verdenking is niet bewezen en {name} werkt mee. De extra afspraken houden {name} op "
    "school en geven meer zicht op de avonden; het netwerk is ingelicht."
)
OUTSIDE_NOTES = {
    OutsideBody.OM: "Het OM stemt in met de extra afspraken en vordert geen tenuitvoerlegging (brief ontvangen).",
    OutsideBody.KINDERRECHTER: (
        "De kinderrechter heeft op vordering van het OM de voorwaarden aangevuld met een meldplicht en een "
        "avondklok; de voorwaardelijke vrijheid blijft."
    ),
    OutsideBody.RAAD: "De Raad steunt het plan; de begeleiding gaat door met de extra afspraken.",
}
UPCOMING_QUESTION = (
    "{name} hield zich herhaaldelijk niet aan de voorwaarde '{condition}'; dat is teruggemeld aan het OM en de "
    "Raad. Doorgaan met aangepaste afspraken, of adviseren de voorwaardelijke vrijheid te beëindigen?"
)
UPCOMING_OPTIONS: dict[OptionKind, tuple[str, str, str]] = {
    OptionKind.CARRY_ON: (
        "",
        "{name} gaat verder goed op school.",
        "De overtreding herhaalde zich na een waarschuwing.",
    ),
    OptionKind.ADJUST: (
        "Vaste avondafspraken met de coaches en een wekelijkse check op vrijdag.",
        "Sluit aan bij wat {name} zelf voorstelt.",
        "",
    ),
    OptionKind.REPORT_BACK: ("Adviseren de voorwaardelijke vrijheid te beëindigen.", "", "Nog te bespreken."),
}


def _parent(case: Case) -> NetworkMember:
    return next(m for m in case.members if m.role == NetworkRole.PARENT)


def _participants(ctx: Context, case: Case) -> list[deliberation.ParticipantIn]:
    parent = _parent(case)
    return [
        deliberation.ParticipantIn(name=ctx.supervisor.display_name, role="teamleider (voorzitter)"),
        deliberation.ParticipantIn(name=ctx.expert.display_name, role="gedragswetenschapper"),
        deliberation.ParticipantIn(name=case.worker.display_name, role="jeugdreclasseerder"),
        deliberation.ParticipantIn(name=case.youth.display_name, role="jongere"),
        deliberation.ParticipantIn(name=parent.name, role=ROLE_WORDS.get(parent.name, "ouder")),
    ]


def _options(table: dict[OptionKind, tuple[str, str, str]], measure: Measure, name: str) -> list[deliberation.OptionIn]:
    return [
        deliberation.OptionIn(kind=kind, description=d, pros=p.format(name=name), cons=c.format(name=name))
        for kind, (d, p, c) in table.items()
        if kind is not OptionKind.EXTEND_PROBATION or measure.probation_end is not None
    ]


def walk_conference(ctx: Context, case: Case, suspicion: PlannedSetback) -> int:
    """The conference on the new suspicion, from question to outside outcome; returns its id."""
    session, name, measure = ctx.session, case.first_name, case.measure
    assert suspicion.stored is not None
    held_on = add_working_days(suspicion.stored.occurred_on, CONFERENCE_AFTER)
    conference = conferences.create_conference(
        session,
        case.worker,
        case.measure_id,
        conferences.ConferenceCreate(
            held_on=held_on,
            question_kind=conferences.QuestionKind.REPORT_BACK,
            question=QUESTION.format(name=name, suspicion=lower_first(suspicion.text)),
        ),
    )
    conference_id = row_id(conference.id)
    deliberation.write_deliberation(
        session,
        case.worker,
        conference_id,
        deliberation.DeliberationWrite(
            addressee=ADDRESSEE.get(ImposedBy(measure.imposed_by), Addressee.OM),
            options=_options(OPTIONS, measure, name),
            risks=RISKS,
            protective_factors=PROTECTIVE.format(name=name, member=case.members[-1].name),
            participants=_participants(ctx, case),
        ),
    )
    deliberation.write_views(
        session,
        case.worker,
        conference_id,
        deliberation.ViewsWrite(
            youth=deliberation.ViewIn(status=ViewStatus.GIVEN, text=YOUTH_VIEW),
            parents=deliberation.ViewIn(
                status=ViewStatus.DECLINED, text=PARENT_DECLINED.format(parent=_parent(case).name, name=name)
            ),
        ),
    )
    conferences.update_conference(
        session,
        conference_id,
        conferences.ConferenceUpdate(advice=ADVICE, advised_outcome=conferences.Outcome.ADJUST_PLAN),
    )
    _sign_off(ctx, conference_id, stamp(add_working_days(held_on, 1), 15))
    conferences.record_decision(
        session,
        ctx.supervisor,
        conference_id,
        conferences.DecisionCreate(decision=conferences.Outcome.ADJUST_PLAN, rationale=RATIONALE.format(name=name)),
    )
    conference.decided_at = conference.updated_at = stamp(add_working_days(held_on, 1), 16)
    _outside_outcome(ctx, case, conference_id, add_working_days(held_on, OUTSIDE_AFTER))
    return conference_id


def _sign_off(ctx: Context, conference_id: int, moment: datetime) -> None:
    """The supervisor signs off and the report is frozen, as over HTTP; both placed on the day of sign-off."""
    from ..api.reports import freeze_report  # the report machinery is loaded only when it is needed

    conference = conferences.sign_off(ctx.session, ctx.supervisor, conference_id)
    conference.advice_signed_at = conference.updated_at = moment
    ctx.session.flush()
    info, _summary = freeze_report(ctx.session, ctx.supervisor, ctx.settings, conference_id, now=moment)
    conferences.get_snapshot(ctx.session, conference_id, info.version).created_at = moment
    ctx.session.flush()


def _outside_outcome(ctx: Context, case: Case, conference_id: int, decided_on: date) -> None:
    body = OUTSIDE_BODY.get(ImposedBy(case.measure.imposed_by), OutsideBody.OM)
    outcome = OutsideOutcome.CARRY_ON if body is OutsideBody.RAAD else OutsideOutcome.CONDITIONS_CHANGED
    row = deliberation.record_outside_outcome(
        ctx.session,
        case.worker,
        conference_id,
        deliberation.OutsideOutcomeWrite(
            decided_by=body, outcome=outcome, decided_on=decided_on, note=OUTSIDE_NOTES[body]
        ),
        today=ctx.today,
    )
    row.outside_recorded_at = stamp(add_working_days(decided_on, 1), 10)
    if outcome is OutsideOutcome.CONDITIONS_CHANGED:
        condition = measures.add_condition(
            ctx.session, case.measure_id, measures.ConditionCreate(text=NEW_CONDITION, kind=ConditionKind.SPECIAL)
        )
        case.conditions.append(condition)
    ctx.session.flush()


def plan_upcoming(ctx: Context, case: Case, breach: PlannedSetback) -> int:
    """A conference in a few working days on a reported breach, in preparation: question, addressee, options
    drafted, who will take part; no advice yet. Returns its id."""
    name = case.first_name
    condition: Condition | None = breach.condition
    conference = conferences.create_conference(
        ctx.session,
        case.worker,
        case.measure_id,
        conferences.ConferenceCreate(
            held_on=add_working_days(ctx.today, 2),
            question_kind=conferences.QuestionKind.ADJUST_PLAN,
            question=UPCOMING_QUESTION.format(name=name, condition=lower_first(condition.text if condition else "")),
        ),
    )
    conference_id = row_id(conference.id)
    deliberation.write_deliberation(
        ctx.session,
        case.worker,
        conference_id,
        deliberation.DeliberationWrite(
            addressee=ADDRESSEE.get(ImposedBy(case.measure.imposed_by), Addressee.OM),
            options=_options(UPCOMING_OPTIONS, case.measure, name),
            risks="Avonden op straat met de oude groep.",
            participants=_participants(ctx, case),
        ),
    )
    return conference_id
