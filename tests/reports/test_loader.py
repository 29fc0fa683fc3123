"""The loader builds the series exactly as stored, with a fixed number of queries, and fingerprints the data."""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta

import pytest
from sqlalchemy import Engine
from sqlmodel import Session

from reclassering.casefile import checkins, conferences, events, goals, measures, network
from reclassering.casefile.db import unit_of_work
from reclassering.casefile.errors import NotFound
from reclassering.casefile.fields import today as service_today
from reclassering.casefile.models import User
from reclassering.casefile.vocab import RaterKind
from reclassering.casefile.weeks import week_of
from reclassering.reports import loader
from reclassering.reports.series import ConditionInfo, ConferencePoint, ScorePoint, SetbackPoint, SuccessPoint

from ..conftest import count_queries
from ..world import World

TODAY = service_today()


def test_series_matches_what_was_stored(engine: Engine, world: World) -> None:
    case = world.cases["y1"]
    with Session(engine) as session:
        series = loader.load_series(session, case.measure_id)
    assert series.measure_id == case.measure_id
    assert series.kind == "toezicht_begeleiding"
    assert series.start_date == TODAY - timedelta(weeks=12)
    assert [(g.id, g.title, g.life_domain) for g in series.goals] == [
        (case.goal_ids[0], "Ik ga elke dag naar school", "school_work"),
        (case.goal_ids[1], "Minder ruzie thuis", "family"),
    ]
    assert set(series.scores) == {
        ScorePoint(week=case.week, goal_id=case.goal_ids[0], rater="worker", value=5),
        ScorePoint(week=case.week, goal_id=case.goal_ids[0], rater="youth", value=6),
    }
    assert series.successes == (SuccessPoint(day=TODAY - timedelta(days=3), goal_id=case.goal_ids[0]),)
    assert series.setbacks == (
        SetbackPoint(day=TODAY - timedelta(days=10), kind="missed_appointment", severity="minor"),
    )
    assert series.conditions == (ConditionInfo(id=case.condition_id, text="Elke dag naar school"),)
    assert series.conferences == (ConferencePoint(day=TODAY, label=""),)  # signed off, not decided yet


def test_a_decided_conference_is_captioned_with_its_decision(engine: Engine, world: World) -> None:
    case = world.cases["y1"]
    with unit_of_work(engine) as session:
        worker = session.get(User, world["w1"].id)
        decision = conferences.DecisionCreate(decision=conferences.Outcome.ADJUST_PLAN, rationale="Meer structuur")
        conferences.record_decision(session, worker, case.conference_id, decision)  # type: ignore[arg-type]
    with Session(engine) as session:
        assert loader.load_series(session, case.measure_id).conferences[0].label == "Plan aanpassen"
        assert loader.load_series(session, case.measure_id, locale="en").conferences[0].label == "Adjust the plan"


def test_the_case_holds_the_youth_network_and_conference_names(engine: Engine, world: World) -> None:
    case = world.cases["y1"]
    with unit_of_work(engine) as session:
        worker = session.get(User, world["w1"].id)
        assessment = measures.AssessmentCreate(assessed_on=TODAY, compliance="partly", note="twee keer te laat")  # type: ignore[arg-type]
        measures.assess_condition(session, worker, case.condition_id, assessment)  # type: ignore[arg-type]
    with Session(engine) as session:
        records = loader.load_case(session, case.measure_id)
        assert not session.new and not session.dirty and not session.deleted
    assert records.youth.display_name == "Amir K."
    assert records.worker_name == "Wessel de Vries"
    assert [m.name for m in records.network] == ["Moeder"]
    assert [(a.compliance, a.note) for a in records.assessments[case.condition_id]] == [("partly", "twee keer te laat")]
    assert [(c.conference.id, c.advice_by, c.decided_by) for c in records.conferences] == [
        (case.conference_id, "Sanne Visser", None)
    ]
    assert [s.text for s in records.successes] == ["Hele week op school"]
    assert records.series.goals[0].title == "Ik ga elke dag naar school"


def test_an_unknown_measure_is_not_found(engine: Engine, world: World) -> None:
    with Session(engine) as session, pytest.raises(NotFound, match="there is no measure 999"):
        loader.load_series(session, 999)


def _measure_with_history(engine: Engine, world: World, weeks: int) -> int:
    """A measure of Amir's with ``weeks`` weekly check-ins of three goals by three raters, events every week."""
    with unit_of_work(engine) as session:
        worker = session.get(User, world["w1"].id)
        assert worker is not None
        youth_id = world.cases["y1"].youth_id
        start = TODAY - timedelta(weeks=weeks + 1)
        measure = measures.create_measure(
            session,
            youth_id,
            measures.MeasureCreate(  # type: ignore[arg-type]
                kind="gbm",
                imposed_by="om",
                start_date=start,
                planned_end=start + timedelta(days=400),
                conditions=[
                    measures.ConditionCreate(text="Thuis om 22:00"),
                    measures.ConditionCreate(text="Geen alcohol"),
                ],
            ),
        )
        goal_ids = [
            goals.create_goal(session, worker, measure.id, goals.GoalCreate(title=f"Doel {i}", life_domain="family")).id  # type: ignore[arg-type]
            for i in range(3)
        ]
        conditions, _ = measures.conditions_of(session, [measure.id])  # type: ignore[list-item]
        member = network.add_member(session, youth_id, network.NetworkMemberCreate(name=f"Coach {weeks}", role="coach"))  # type: ignore[arg-type]
        for w in range(weeks):
            monday = start + timedelta(weeks=w + 1)
            scores = [
                checkins.ScoreEntry(goal_id=g, rater=rater, value=(w + i) % 11, network_member_id=nm)  # type: ignore[arg-type]
                for i, g in enumerate(goal_ids)
                for rater, nm in ((RaterKind.YOUTH, None), (RaterKind.WORKER, None), (RaterKind.NETWORK, member.id))
            ]
            checkins.record_check_in(session, worker, measure.id, week_of(monday), checkins.CheckInWrite(scores=scores))  # type: ignore[arg-type]
            events.record_success(
                session,
                worker,
                measure.id,
                events.SuccessCreate(occurred_on=monday, text="Goed", goal_id=goal_ids[0]),  # type: ignore[arg-type]
            )
            events.record_setback(
                session,
                worker,
                measure.id,  # type: ignore[arg-type]
                events.SetbackCreate(
                    occurred_on=monday,
                    kind="condition_breach",  # type: ignore[arg-type]
                    severity="minor",  # type: ignore[arg-type]
                    text="Te laat thuis",
                    condition_id=conditions[w % 2].id,
                ),
            )
            measures.assess_condition(
                session,
                worker,
                conditions[w % 2].id,
                measures.AssessmentCreate(assessed_on=monday, compliance="partly"),  # type: ignore[arg-type]
            )
        conferences.create_conference(
            session,
            worker,
            measure.id,  # type: ignore[arg-type]
            conferences.ConferenceCreate(
                held_on=TODAY, question_kind=conferences.QuestionKind.OTHER, question="Hoe verder?"
            ),
        )
        return measure.id  # type: ignore[return-value]


def _queries(engine: Engine, read: Callable[[Session], object]) -> int:
    with Session(engine) as session, count_queries(engine) as counter:
        read(session)
    return counter.count


def test_loading_costs_the_same_queries_for_4_or_40_weeks(engine: Engine, world: World) -> None:
    short, long = _measure_with_history(engine, world, 4), _measure_with_history(engine, world, 40)
    with Session(engine) as session:
        assert len(loader.load_series(session, long).scores) == 40 * 3 * 3
        assert len(loader.load_case(session, long).assessments) == 2
    for read in (loader.load_series, loader.load_case, loader.data_version):
        counts = [_queries(engine, lambda s, m=m, read=read: read(s, m)) for m in (short, long)]  # type: ignore[misc]
        assert counts[0] == counts[1], read.__name__
    assert _queries(engine, lambda s: loader.load_series(s, long)) == 7
    assert _queries(engine, lambda s: loader.load_case(s, long)) == 10  # one more: the latest three houses
    assert _queries(engine, lambda s: loader.data_version(s, long)) == 1


def _version(engine: Engine, measure_id: int) -> str:
    with Session(engine) as session:
        return loader.data_version(session, measure_id)


CHANGES: dict[str, Callable[[Session, User, World], object]] = {
    "a new score": lambda s, u, w: checkins.record_check_in(
        s,
        u,
        w.cases["y1"].measure_id,
        w.cases["y1"].week,
        checkins.CheckInWrite(scores=[checkins.ScoreEntry(goal_id=w.cases["y1"].goal_ids[1], rater="youth", value=3)]),  # type: ignore[arg-type]
    ),
    "a changed score": lambda s, u, w: checkins.record_check_in(
        s,
        u,
        w.cases["y1"].measure_id,
        w.cases["y1"].week,
        checkins.CheckInWrite(scores=[checkins.ScoreEntry(goal_id=w.cases["y1"].goal_ids[0], rater="youth", value=9)]),  # type: ignore[arg-type]
    ),
    "a response to a setback": lambda s, u, w: events.update_setback(
        s,
        w.cases["y1"].setback_id,
        events.SetbackUpdate(response="talk"),  # type: ignore[arg-type]
    ),
    "a goal's new status": lambda s, u, w: goals.update_goal(
        s,
        w.cases["y1"].goal_ids[1],
        goals.GoalUpdate(status="paused"),  # type: ignore[arg-type]
    ),
    "a condition reworded to the same length": lambda s, u, w: measures.update_condition(
        s, w.cases["y1"].condition_id, measures.ConditionUpdate(text="Elke dag naar SCHOOL")
    ),
    "a removed network member": lambda s, u, w: network.remove_member(s, w.cases["y1"].network_member_id),
    "a compliance judgement": lambda s, u, w: measures.assess_condition(
        s,
        u,
        w.cases["y1"].condition_id,
        measures.AssessmentCreate(assessed_on=TODAY, compliance="complied"),  # type: ignore[arg-type]
    ),
    "a decision": lambda s, u, w: conferences.record_decision(
        s,
        u,
        w.cases["y1"].conference_id,
        conferences.DecisionCreate(decision="carry_on", rationale="Gaat goed"),  # type: ignore[arg-type]
    ),
    "a success": lambda s, u, w: events.record_success(
        s,
        u,
        w.cases["y1"].measure_id,
        events.SuccessCreate(occurred_on=TODAY, text="Op tijd"),  # type: ignore[arg-type]
    ),
}


@pytest.mark.parametrize("change", CHANGES, ids=list(CHANGES))
def test_the_data_version_changes_with_the_data(change: str, engine: Engine, world: World) -> None:
    measure_id = world.cases["y1"].measure_id
    before = _version(engine, measure_id)
    with Session(engine) as session:
        loader.load_case(session, measure_id)  # reading changes nothing
    assert _version(engine, measure_id) == before
    with unit_of_work(engine) as session:
        CHANGES[change](session, session.get(User, world["w1"].id), world)  # type: ignore[arg-type]
    assert _version(engine, measure_id) != before


def test_the_data_version_is_per_measure(engine: Engine, world: World) -> None:
    versions = {_version(engine, case.measure_id) for case in world.cases.values()}
    assert len(versions) == len(world.cases)
    other = world.cases["y2"].measure_id
    before = _version(engine, other)
    with unit_of_work(engine) as session:
        CHANGES["a success"](session, session.get(User, world["w1"].id), world)  # type: ignore[arg-type]
    assert _version(engine, other) == before
