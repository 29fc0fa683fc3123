"""A whole second-chance case on Amir's measure, for the formal report and the summary.

Weeks of scores, successes in his own words, a reported breach and an unreported one (with the reason), a new
suspicion that was dismissed, the method's work (a mapping session with the harm, the danger statement and
everyone's judgement score, a network meeting, a pattern and its break), and a conference with addressee,
options, participants, both views and signed-off advice.
"""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import Engine

from reclassering.casefile import breaches, checkins, conference_decision, conferences, events, measures
from reclassering.casefile.db import unit_of_work
from reclassering.casefile.fields import today as service_today
from reclassering.casefile.models import Condition, Measure, User
from reclassering.casefile.weeks import week_of
from reclassering.methods import artefacts, mapping
from reclassering.methods.registry import MethodRegistry

from ..world import World

TODAY = service_today()
ADVICE = "Doorgaan met de maatregel, met extra begeleiding op school en een vaste afspraak met de leerplichtambtenaar."
YOUTH_VIEW = "Ik wil laten zien dat ik het kan, ik ga elke dag naar school."
PARENTS_VIEW = "Wij zien dat hij zijn best doet en steunen het plan."
NOT_REPORTED_REASON = "Eenmalig, direct besproken met moeder; school meldt het zelf bij de leerplichtambtenaar."
EXPERT = "Xandra de Wit"
CASE_NUMBER = "13/123456-26"
OFFENCE = "Winkeldiefstal samen met twee vrienden"


def build_second_chance(engine: Engine, world: World) -> int:
    """Returns the id of the new conference, held today, its advice signed off by the expert."""
    case = world.cases["y1"]
    with unit_of_work(engine) as session:
        worker = session.get(User, world["w1"].id)
        youth = session.get(User, world["y1"].id)
        expert = session.get(User, world["x1"].id)
        assert worker is not None and youth is not None and expert is not None
        measure = session.get(Measure, case.measure_id)
        assert measure is not None
        measure.case_number, measure.index_offence = CASE_NUMBER, OFFENCE
        measure.probation_end = measure.planned_end
        session.add(Condition(measure_id=case.measure_id, text="Meewerken aan het toezicht", kind="general"))
        for i, (mine, theirs) in enumerate([(4, 3), (5, 4), (5, 4), (6, 5), (7, 5), (8, 6)]):
            week = week_of(TODAY - timedelta(weeks=8 - i))
            scores = [
                checkins.ScoreEntry(goal_id=case.goal_ids[0], rater="youth", value=mine),  # type: ignore[arg-type]
                checkins.ScoreEntry(goal_id=case.goal_ids[0], rater="worker", value=theirs),  # type: ignore[arg-type]
            ]
            checkins.record_check_in(session, worker, case.measure_id, week, checkins.CheckInWrite(scores=scores))
        events.record_success(
            session,
            youth,
            case.measure_id,
            events.SuccessCreate(occurred_on=TODAY - timedelta(days=5), text="Ik ben elke dag zelf op tijd opgestaan"),
        )
        reported = events.record_setback(
            session,
            worker,
            case.measure_id,
            events.SetbackCreate(
                occurred_on=TODAY - timedelta(days=30),
                kind="condition_breach",  # type: ignore[arg-type]
                severity="serious",  # type: ignore[arg-type]
                text="Een week niet naar school",
                condition_id=case.condition_id,
                response="report_back",  # type: ignore[arg-type]
            ),
        )
        breaches.record_report(
            session,
            worker,
            reported.id,  # type: ignore[arg-type]
            breaches.BreachReportWrite(
                om_informed=True,
                om_informed_on=TODAY - timedelta(days=28),
                raad_informed=True,
                raad_informed_on=TODAY - timedelta(days=27),
                expert_consulted=True,
                expert_consulted_on=TODAY - timedelta(days=29),
                expert_name=EXPERT,
            ),
            today=TODAY,
        )
        kept = events.record_setback(
            session,
            worker,
            case.measure_id,
            events.SetbackCreate(
                occurred_on=TODAY - timedelta(days=12),
                kind="condition_breach",  # type: ignore[arg-type]
                severity="minor",  # type: ignore[arg-type]
                text="Een ochtend gespijbeld",
                condition_id=case.condition_id,
                response="talk",  # type: ignore[arg-type]
            ),
        )
        breaches.record_report(
            session,
            worker,
            kept.id,  # type: ignore[arg-type]
            breaches.BreachReportWrite(not_reported_reason=NOT_REPORTED_REASON),
            today=TODAY,
        )
        suspicion = events.record_setback(
            session,
            worker,
            case.measure_id,
            events.SetbackCreate(
                occurred_on=TODAY - timedelta(days=20),
                kind="new_suspicion",  # type: ignore[arg-type]
                severity="moderate",  # type: ignore[arg-type]
                text="Aangehouden na een ruzie bij het station",
            ),
        )
        breaches.start_suspicion(session, worker, suspicion)
        breaches.change_suspicion_status(
            session,
            worker,
            suspicion.id,  # type: ignore[arg-type]
            breaches.SuspicionStatusWrite(status="dismissed", on=TODAY - timedelta(days=6)),  # type: ignore[arg-type]
            today=TODAY,
        )
        measures.assess_condition(
            session,
            worker,
            case.condition_id,
            measures.AssessmentCreate(assessed_on=TODAY - timedelta(days=2), compliance="partly"),  # type: ignore[arg-type]
        )
        mapping.record_mapping_session(
            session,
            worker,
            case.measure_id,
            mapping.MappingSessionCreate(
                held_on=TODAY - timedelta(days=60),
                participants=[
                    mapping.Participant(name="Amir", role="jongere", score=6),
                    mapping.Participant(name="Moeder", role="moeder", score=4),
                    mapping.Participant(name="Wessel de Vries", role="jeugdreclasseerder", score=5),
                ],
                harm="Amir is met vrienden opgepakt voor een winkeldiefstal.",
                danger_statement="Als er niets verandert, krijgt Amir een nieuwe zaak en valt hij uit school.",
                complicating_factors="Geldzorgen thuis.",
                existing_safety="Oma belt elke avond.",
                worries="Hij gaat vaak niet naar school.",
                working_well="Hij traint drie keer per week bij de voetbalclub.",
                next_steps="Vaste wektijd en een afspraak met de mentor.",
            ),
            MethodRegistry.load(),
        )
        artefacts.record_meeting(
            session,
            worker,
            case.measure_id,
            artefacts.MeetingCreate(
                kind="network_meeting",  # type: ignore[arg-type]
                held_on=TODAY - timedelta(days=25),
                participants=["Amir", "Moeder", "Trainer Joost"],
                summary="Samen gekeken wat helpt om op tijd op school te zijn.",
                outcomes="Trainer belt op maandag.",
            ),
        )
        artefacts.record_pattern_break(
            session,
            youth,
            case.measure_id,
            artefacts.PatternBreakCreate(
                pattern_id=case.pattern_id, occurred_on=TODAY - timedelta(days=9), text="Ik liep even weg en kwam terug"
            ),
        )
        conference = conferences.create_conference(
            session,
            worker,
            case.measure_id,
            conferences.ConferenceCreate(
                held_on=TODAY,
                question_kind=conferences.QuestionKind.REPORT_BACK,
                question="Na twee keer spijbelen en een nieuwe verdenking: terugmelden of doorgaan?",
            ),
        )
        conference_id: int = conference.id  # type: ignore[assignment]
        conference_decision.write_deliberation(
            session,
            worker,
            conference_id,
            conference_decision.DeliberationWrite(
                addressee="om",  # type: ignore[arg-type]
                options=[
                    conference_decision.OptionIn(
                        kind="carry_on",  # type: ignore[arg-type]
                        pros="Hij gaat weer naar school",
                        cons="Nog twee keer verzuim",
                    ),
                    conference_decision.OptionIn(
                        kind="report_back",  # type: ignore[arg-type]
                        pros="Duidelijke grens",
                        cons="Zet de vooruitgang op school op het spel",
                    ),
                ],
                risks="Terugval in verzuim als de trainer wegvalt.",
                protective_factors="Steun van moeder en de voetbalclub.",
                participants=[
                    conference_decision.ParticipantIn(name="Wessel de Vries", role="jeugdreclasseerder"),
                    conference_decision.ParticipantIn(name=EXPERT, role="gedragswetenschapper"),
                    conference_decision.ParticipantIn(name="Sanne Visser", role="teamleider"),
                ],
            ),
        )
        conference_decision.write_views(
            session,
            worker,
            conference_id,
            conference_decision.ViewsWrite(
                youth=conference_decision.ViewIn(status="given", text=YOUTH_VIEW),  # type: ignore[arg-type]
                parents=conference_decision.ViewIn(status="given", text=PARENTS_VIEW),  # type: ignore[arg-type]
            ),
        )
        conferences.update_conference(
            session,
            conference_id,
            conferences.ConferenceUpdate(advice=ADVICE, advised_outcome=conferences.Outcome.CARRY_ON),
        )
        conferences.sign_off(session, expert, conference_id)
    return conference_id
