"""Signs of Success mapping, whole: the danger statement the mapping phase asks for, the judgement scale,
disagreement in a worry statement, and the three houses that never block a phase."""

from __future__ import annotations

from datetime import timedelta

import msgspec
import pytest
from sqlmodel import Session, select

from reclassering.casefile import checkins, measures
from reclassering.casefile.errors import Invalid
from reclassering.casefile.fields import today as service_today
from reclassering.casefile.models import MappingSession, ThreeHouses, User
from reclassering.casefile.vocab import ImposedBy, LifeDomain, MeasureKind
from reclassering.casefile.weeks import week_of
from reclassering.methods import artefacts, mapping, workflow
from reclassering.methods.registry import MethodRegistry
from reclassering.reports.judgement import judgement_lines

from ..world import World

TODAY = service_today()
REGISTRY = MethodRegistry.load()


def _user(session: Session, world: World, key: str) -> User:
    user = session.get(User, world[key].id)
    assert user is not None
    return user


def _fresh_measure(session: Session, youth_id: int) -> int:
    start = TODAY - timedelta(weeks=12)
    measure = measures.create_measure(
        session,
        youth_id,
        measures.MeasureCreate(
            kind=MeasureKind.GBM, imposed_by=ImposedBy.OM, start_date=start, planned_end=start + timedelta(days=300)
        ),
    )
    assert measure.id is not None
    return measure.id


def _session(
    danger: str = "", *, days_ago: int = 3, scores: tuple[int | None, ...] = (5, 3)
) -> mapping.MappingSessionCreate:
    people = [("Amir", "jongere"), ("Moeder", "moeder")]
    return mapping.MappingSessionCreate(
        held_on=TODAY - timedelta(days=days_ago),
        participants=[mapping.Participant(n, r, s) for (n, r), s in zip(people, scores, strict=True)],
        harm="Winkeldiefstal met vrienden",
        danger_statement=danger,
        complicating_factors="Geldzorgen thuis",
        existing_safety="Oma belt elke avond",
        worries="Spijbelen",
        working_well="Voetbal",
        next_steps="Rooster",
    )


def _in_mapping_phase(session: Session, world: World) -> tuple[User, int]:
    worker = _user(session, world, "w1")
    measure_id = _fresh_measure(session, world.cases["y1"].youth_id)
    workflow.enrol(session, worker, measure_id, "signs_of_success", REGISTRY)
    workflow.advance(session, worker, measure_id, REGISTRY)  # the youth's mother is in the network
    return worker, measure_id


def test_the_mapping_phase_refuses_a_session_without_a_danger_statement(session: Session, world: World) -> None:
    worker, measure_id = _in_mapping_phase(session, world)

    with pytest.raises(Invalid) as caught:
        mapping.record_mapping_session(session, worker, measure_id, _session("  "), REGISTRY)

    assert caught.value.message == (
        'the phase "Mapping" (mapping) of Signs of Success asks for a danger statement: write what could happen '
        "if nothing changes (danger_statement)"
    )
    assert session.exec(select(MappingSession).where(MappingSession.measure_id == measure_id)).all() == []
    row = mapping.record_mapping_session(session, worker, measure_id, _session("Een nieuwe zaak"), REGISTRY)
    assert (row.harm, row.danger_statement, row.complicating_factors, row.existing_safety, row.kind) == (
        "Winkeldiefstal met vrienden",
        "Een nieuwe zaak",
        "Geldzorgen thuis",
        "Oma belt elke avond",
        "mapping",
    )
    assert workflow.status(session, measure_id, REGISTRY).can_advance


def test_only_sessions_with_a_danger_statement_meet_the_mapping_phase(session: Session, world: World) -> None:
    """A session recorded while another phase ran, without a danger statement, does not finish mapping."""
    worker = _user(session, world, "w1")
    measure_id = _fresh_measure(session, world.cases["y1"].youth_id)
    workflow.enrol(session, worker, measure_id, "signs_of_success", REGISTRY)
    mapping.record_mapping_session(session, worker, measure_id, _session(""), REGISTRY)  # getting to know: allowed
    workflow.advance(session, worker, measure_id, REGISTRY)

    [check] = workflow.status(session, measure_id, REGISTRY).requirements
    assert (check.kind, check.have, check.need, check.met) == ("mapping_session", 0, 1, False)


def test_a_phase_advances_without_the_three_houses(session: Session, world: World) -> None:
    """Offering the houses is the worker's choice: weekly work moves on with its check-ins and no houses."""
    worker, measure_id = _in_mapping_phase(session, world)
    mapping.record_mapping_session(session, worker, measure_id, _session("Een nieuwe zaak"), REGISTRY)
    workflow.advance(session, worker, measure_id, REGISTRY)
    artefacts.record_worry_statement(
        session,
        worker,
        measure_id,
        artefacts.WorryStatementCreate(
            "School", "Spijbelen", "Geen diploma", goal=artefacts.SuccessGoal("Naar school", LifeDomain.SCHOOL_WORK, 8)
        ),
    )
    workflow.advance(session, worker, measure_id, REGISTRY)
    enrolment = workflow.get_enrolment(session, measure_id)
    enrolment.phase_entered_at = enrolment.phase_entered_at - timedelta(weeks=4)
    for transition in workflow.status(session, measure_id, REGISTRY).history[-1:]:
        transition.at = transition.at - timedelta(weeks=4)
    for weeks_ago in (3, 2, 1, 0):
        week = week_of(TODAY - timedelta(weeks=weeks_ago))
        checkins.record_check_in(session, worker, measure_id, week, checkins.CheckInWrite(went_well="Goed"))

    assert [str(r.kind) for r in workflow.status(session, measure_id, REGISTRY).requirements] == ["check_ins"]
    view = workflow.advance(session, worker, measure_id, REGISTRY)

    assert view.phase.id == "network_review"
    assert session.exec(select(ThreeHouses).where(ThreeHouses.measure_id == measure_id)).all() == []


def test_a_worry_statement_records_disagreement(session: Session, world: World) -> None:
    worker = _user(session, world, "w1")
    measure_id = world.cases["y1"].measure_id
    goal = artefacts.SuccessGoal("Naar school", LifeDomain.SCHOOL_WORK, 8)

    paired = artefacts.record_worry_statement(
        session,
        worker,
        measure_id,
        artefacts.WorryStatementCreate(
            "De school",
            "Spijbelen",
            "Geen diploma",
            goal=goal,
            disagreement=True,
            disagreement_note=" Moeder vindt het verzuim meevallen ",
        ),
    )

    assert (paired.statement.disagreement, paired.statement.disagreement_note) == (
        True,
        "Moeder vindt het verzuim meevallen",
    )
    with pytest.raises(Invalid, match="a disagreement_note needs disagreement: true"):
        artefacts.record_worry_statement(
            session,
            worker,
            measure_id,
            artefacts.WorryStatementCreate("School", "Spijbelen", "Geen diploma", goal=goal, disagreement_note="x"),
        )


def test_the_judgement_scale_gives_one_line_per_participant(session: Session, world: World) -> None:
    worker, measure_id = _in_mapping_phase(session, world)
    mapping.record_mapping_session(session, worker, measure_id, _session("Zaak", days_ago=20, scores=(4, 2)), REGISTRY)
    review = msgspec.structs.replace(_session("Zaak", days_ago=2, scores=(7, None)), kind=mapping.SessionKind.REVIEW)
    mapping.record_mapping_session(session, worker, measure_id, review, REGISTRY)

    lines = judgement_lines(mapping.mapping_sessions(session, measure_id))

    assert [(line.label, line.points) for line in lines] == [
        ("Amir (jongere)", ((TODAY - timedelta(days=20), 4), (TODAY - timedelta(days=2), 7))),
        ("Moeder (moeder)", ((TODAY - timedelta(days=20), 2),)),
    ]
    question = mapping.judgement_question(session, measure_id, REGISTRY)
    assert question is not None and question.en.startswith("On a scale from 0 to 10")
