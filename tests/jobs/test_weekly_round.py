"""The Monday round: missing check-ins to the worker, two weeks missing to the team's supervisor; once a week."""

from __future__ import annotations

from datetime import time, timedelta

from sqlalchemy import Engine
from sqlmodel import Session, func, select

from reclassering.casefile import checkins
from reclassering.casefile.db import unit_of_work
from reclassering.casefile.models import AuditEvent, JobRun, Notification, User
from reclassering.casefile.weeks import add_weeks, week_of
from reclassering.settings import Settings

from ..world import World
from .helpers import monday, notes, run


def test_nothing_is_missing_when_last_weeks_check_ins_are_in(engine: Engine, settings: Settings, world: World) -> None:
    outcome = run(engine, settings, "weekly_round", monday(0))
    assert outcome.status == "done"
    assert outcome.key == world.cases["y1"].week
    assert outcome.summary == {"week": world.cases["y1"].week, "missing": 0, "overdue": 0}
    assert notes(engine) == []


def test_a_missing_check_in_goes_to_the_worker(engine: Engine, settings: Settings, world: World) -> None:
    this_week = add_weeks(world.cases["y1"].week, 1)
    outcome = run(engine, settings, "weekly_round", monday(1))
    assert outcome.key == this_week
    assert outcome.summary == {"week": this_week, "missing": 3, "overdue": 0}
    subject = {k: f"measure:{c.measure_id}" for k, c in world.cases.items()}
    assert notes(engine) == sorted(
        [
            ("checkin_missing", world["w1"].id, this_week, subject["y1"], "Amir K."),
            ("checkin_missing", world["w2"].id, this_week, subject["y2"], "Bo de J."),
            ("checkin_missing", world["w3"].id, this_week, subject["y3"], "Cas M."),
        ]
    )


def test_two_weeks_missing_is_flagged_overdue_to_the_teams_supervisor(
    engine: Engine, settings: Settings, world: World
) -> None:
    this_week = add_weeks(world.cases["y1"].week, 1)
    next_week = add_weeks(this_week, 1)
    with unit_of_work(engine) as session:  # Amir's check-in of this week is in; Bo's and Cas's are not
        worker = session.get(User, world["w1"].id)
        checkins.record_check_in(
            session, worker, world.cases["y1"].measure_id, this_week, checkins.CheckInWrite(went_well="Goed")
        )
    outcome = run(engine, settings, "weekly_round", monday(2))
    assert outcome.key == next_week
    assert outcome.summary == {"week": next_week, "missing": 3, "overdue": 2}
    subject = {k: f"measure:{c.measure_id}" for k, c in world.cases.items()}
    overdue = [n for n in notes(engine) if n[0] == "checkin_overdue"]
    assert overdue == sorted(
        [
            ("checkin_overdue", world["s1"].id, next_week, subject["y2"], "Bo de J."),
            ("checkin_overdue", world["s2"].id, next_week, subject["y3"], "Cas M."),
        ]
    )


def test_a_second_run_the_same_week_changes_nothing(engine: Engine, settings: Settings, world: World) -> None:
    first = run(engine, settings, "weekly_round", monday(2))
    before = notes(engine)
    again = run(engine, settings, "weekly_round", monday(2, time(18, 0)))
    assert (first.status, again.status) == ("done", "skipped")
    assert notes(engine) == before
    with Session(engine) as session:
        assert session.exec(select(func.count()).select_from(JobRun)).one() == 1
        executed = session.exec(select(AuditEvent).where(AuditEvent.object_type == "job:weekly_round")).all()
        assert [e.access_point for e in executed] == [f"job:weekly_round:{first.key}"]


def test_the_statements_themselves_add_nothing_twice(engine: Engine, settings: Settings, world: World) -> None:
    """Even a run that bypasses the run bookkeeping (an overlapping run) adds no duplicate."""
    from reclassering.jobs.base import JobContext
    from reclassering.jobs.weekly_round import WeeklyRound

    ctx = JobContext(engine=engine, settings=settings, now=monday(2))
    key = WeeklyRound().due_key(ctx.now, settings)
    with unit_of_work(engine) as session:
        first = WeeklyRound().run(session, ctx, key)
    with unit_of_work(engine) as session:
        second = WeeklyRound().run(session, ctx, key)
    assert (first["missing"], first["overdue"]) == (3, 3)
    assert (second["missing"], second["overdue"]) == (0, 0)
    with Session(engine) as session:
        assert session.exec(select(func.count()).select_from(Notification)).one() == 6


def test_before_monday_seven_the_previous_round_is_due(settings: Settings) -> None:
    from reclassering.jobs.weekly_round import WeeklyRound

    early = monday(0, time(6, 59))
    late = monday(0, time(7, 0))
    assert WeeklyRound().due_key(late, settings) == week_of((late - timedelta(weeks=1)).date())
    assert WeeklyRound().due_key(early, settings) == add_weeks(WeeklyRound().due_key(late, settings), -1)


def test_a_dry_run_lists_and_stores_nothing(engine: Engine, settings: Settings, world: World) -> None:
    outcome = run(engine, settings, "weekly_round", monday(2), dry_run=True)
    assert outcome.status == "dry_run"
    assert (outcome.summary["missing"], outcome.summary["overdue"]) == (3, 3)
    assert notes(engine) == []
    with Session(engine) as session:
        assert session.exec(select(func.count()).select_from(JobRun)).one() == 0


def test_a_week_only_the_network_scored_is_still_missing_for_the_worker(
    engine: Engine, settings: Settings, world: World
) -> None:
    """A network member's scores through their link open the week's check-in, but the worker's week stays to do."""
    this_week = add_weeks(world.cases["y1"].week, 1)
    case = world.cases["y1"]
    with unit_of_work(engine) as session:
        checkins.record_network_scores(
            session, case.measure_id, this_week, case.network_member_id, {case.goal_ids[0]: 6}
        )
    outcome = run(engine, settings, "weekly_round", monday(1))
    assert outcome.summary == {"week": this_week, "missing": 3, "overdue": 0}
    assert ("checkin_missing", world["w1"].id, this_week, f"measure:{case.measure_id}", "Amir K.") in notes(engine)
