"""The trail folded per youth, hour, staff member, action and part (``casefile.record_looks``): written with the
events, read by the youth's "who looked", gone with the youth and with the hours retention purged."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

from alembic import command
from sqlalchemy import Engine, func
from sqlmodel import Session, select

from reclassering.casefile import audit, audit_chain, record_looks
from reclassering.casefile.db import alembic_config, unit_of_work, upgrade
from reclassering.casefile.models import RecordLook, User, Youth
from reclassering.casefile.vocab import AuditAction, AuditOutcome
from reclassering.settings import Settings
from tests.jobs.helpers import on, run
from tests.world import World

R, U = AuditAction.READ, AuditAction.UPDATE
NOON = datetime(2026, 11, 30, 12, 5, tzinfo=UTC)


def _record(
    engine: Engine,
    who: str | None,
    world: World,
    accesses: list[tuple[int, AuditAction, str]],
    *,
    at: datetime,
    outcome: AuditOutcome = AuditOutcome.SUCCESS,
) -> None:
    with unit_of_work(engine) as session:
        actor = audit.Actor.of(session.get(User, world[who].id) if who else None)
        audit.record(
            session,
            actor,
            [audit.Access(youth_id, action, part, youth_id) for youth_id, action, part in accesses],
            access_point="127.0.0.1 GET /test",
            outcome=outcome,
            status_code=200,
            at=at,
        )


def _looks(engine: Engine, youth_id: int) -> list[tuple[datetime, str, str, str]]:
    with Session(engine) as session:
        looks = record_looks.latest(session, youth_id, 100)
    return [(at, role, action, part) for at, _, role, action, part, _ in looks]


def test_a_list_read_a_hundred_times_an_hour_leaves_one_row_per_youth(engine: Engine, world: World) -> None:
    y1, y2 = world.cases["y1"].youth_id, world.cases["y2"].youth_id
    with Session(engine) as session:
        before = session.exec(select(func.count()).select_from(RecordLook)).one()
    for minute in range(0, 50, 5):  # ten looks at a caseload of two in one hour
        _record(engine, "w1", world, [(y1, R, "youth"), (y2, R, "youth")], at=NOON + timedelta(minutes=minute))
    _record(engine, "w1", world, [(y1, U, "check_in")], at=NOON + timedelta(minutes=20))
    _record(engine, "w1", world, [(y1, R, "youth")], at=NOON + timedelta(hours=1))  # the next hour: a row of its own
    with Session(engine) as session:
        assert session.exec(select(func.count()).select_from(RecordLook)).one() == before + 4
    looks = _looks(engine, y1)
    assert looks[:3] == [
        (NOON + timedelta(hours=1), "worker", "read", "youth"),
        (NOON + timedelta(minutes=20), "worker", "update", "check_in"),
        (NOON, "worker", "read", "youth"),  # the first moment of its hour
    ]


def test_only_staff_successes_are_folded_and_a_youth_that_is_gone_is_passed_over(engine: Engine, world: World) -> None:
    y1 = world.cases["y1"].youth_id
    before = _looks(engine, y1)
    _record(engine, "y1", world, [(y1, R, "progress_page")], at=NOON)  # the youth's own look
    _record(engine, None, world, [(y1, R, "youth")], at=NOON)  # nobody logged in
    _record(engine, "w2", world, [(y1, R, "youth")], at=NOON, outcome=AuditOutcome.DENIED)  # refused
    with unit_of_work(engine) as session:
        audit.record(  # a network member through their link: no account, not staff
            session,
            audit.Actor.network_member(world.cases["y1"].network_member_id),
            [audit.Access(y1, U, "check_in")],
            access_point="/netwerk/…",
            outcome=AuditOutcome.SUCCESS,
            at=NOON,
        )
    _record(engine, "s1", world, [(10**9, R, "youth")], at=NOON)  # a youth that does not exist: no error, no row
    assert _looks(engine, y1) == before
    with Session(engine) as session:
        assert session.exec(select(func.count()).select_from(RecordLook).where(RecordLook.youth_id == 10**9)).one() == 0


def test_the_looks_go_with_the_youth(engine: Engine, world: World) -> None:
    y1 = world.cases["y1"].youth_id
    _record(engine, "w1", world, [(y1, R, "youth")], at=NOON)
    assert _looks(engine, y1)
    with unit_of_work(engine) as session:
        session.execute(Youth.__table__.delete().where(Youth.__table__.c.id == y1))  # type: ignore[attr-defined]
    assert _looks(engine, y1) == []


def test_forgetting_keeps_the_hour_of_the_oldest_event_left(engine: Engine, world: World) -> None:
    y1 = world.cases["y1"].youth_id
    for hours in (0, 1, 2):
        _record(engine, "w1", world, [(y1, R, "goal")], at=NOON - timedelta(days=4000) + timedelta(hours=hours))
    with unit_of_work(engine) as session:
        removed = record_looks.forget_before(session, NOON - timedelta(days=4000) + timedelta(hours=1, minutes=30))
    assert removed == 1
    assert [at.hour for at, *_ in _looks(engine, y1) if at.year < 2020] == [14, 13]


#: (minute past noon, role, outcome): two staff reads in one hour, the youth's own, a refusal.
EVENTS = ((1, "worker", "success"), (9, "worker", "success"), (3, "youth", "success"), (4, "worker", "denied"))


def test_the_migration_folds_the_trail_already_there(engine: Engine, world: World) -> None:
    y1 = world.cases["y1"].youth_id
    with unit_of_work(engine) as session:
        rows = [
            {
                "at": NOON + timedelta(minutes=minute),
                "user_id": world["w1"].id,
                "username": "wessel",
                "role": role,
                "on_behalf_of": "",
                "youth_id": y1,
                "action": "read",
                "object_type": "goal",
                "object_id": None,
                "access_point": "127.0.0.1 GET /test",
                "outcome": outcome,
                "status_code": 200,
                "detail": "",
            }
            for minute, role, outcome in EVENTS
        ]
        audit_chain.append(session, rows)  # on the trail, not folded: as before the migration
    config = alembic_config(engine)
    command.downgrade(config, "0019")
    upgrade(engine)
    assert _looks(engine, y1) == [(NOON + timedelta(minutes=1), "worker", "read", "goal")]


def test_retention_takes_the_looks_of_the_hours_it_purged_from_the_trail(
    engine: Engine, world: World, settings: Settings
) -> None:
    y1 = world.cases["y1"].youth_id
    old = datetime(2016, 3, 1, 10, 0, tzinfo=UTC)
    _record(engine, "w1", world, [(y1, R, "goal")], at=old)
    _record(engine, "w1", world, [(y1, R, "goal")], at=old + timedelta(days=1))
    _record(engine, "w1", world, [(y1, U, "goal")], at=NOON)
    outcome = run(engine, settings, "retention", on(date(2026, 12, 1)))
    assert (outcome.status, outcome.summary["audit_events"]) == ("done", 2), outcome.error
    assert _looks(engine, y1) == [(NOON, "worker", "update", "goal")]
