"""A small synthetic world for tests: two teams, their staff, youths with measures and history.

Team Noord (not sharing): workers Wessel (w1) and Wendy (w2), supervisor Sanne (s1).
Team Zuid (sharing its caseload): worker Wim (w3), supervisor Sem (s2).
Youths: Amir (y1, of w1, has account), Bo (y2, of w2, has account), Cas (y3, of w3).
Each youth has one active measure with a condition, two goals and a scored check-in for last week; the measure
follows Signs of Success (in its first phase) and has one named interaction pattern. Each measure also has a
case conference held today whose advice the team's supervisor signed off (snapshot 1, with a summary for the youth),
with no decision yet.
"""

from __future__ import annotations

import io
from dataclasses import dataclass, field
from datetime import date, timedelta
from functools import lru_cache

from reportlab.pdfgen.canvas import Canvas
from sqlalchemy import Engine
from sqlmodel import Session, select

from reclassering.casefile import checkins, conference_summary, conferences, events, goals, measures, network, users
from reclassering.casefile.db import unit_of_work
from reclassering.casefile.fields import today as service_today
from reclassering.casefile.models import Team, User, Youth
from reclassering.casefile.weeks import week_of
from reclassering.methods import artefacts, workflow
from reclassering.methods.registry import MethodRegistry

PASSWORD = "correct horse battery"


@lru_cache(maxsize=1)
def password_hash() -> str:
    return users.hash_password(PASSWORD)


@dataclass
class Person:
    id: int
    username: str
    role: str
    token: str

    @property
    def headers(self) -> dict[str, str]:
        return {"Authorization": f"Bearer {self.token}"}


@dataclass
class Case:
    youth_id: int
    measure_id: int
    goal_ids: list[int]
    condition_id: int
    network_member_id: int
    setback_id: int
    success_id: int
    week: str
    pattern_id: int = 0
    conference_id: int = 0
    #: A network link of the measure, made by the access matrix's setup where a route needs one.
    network_link_id: int = 0


@dataclass
class World:
    people: dict[str, Person] = field(default_factory=dict)
    cases: dict[str, Case] = field(default_factory=dict)
    team_ids: dict[str, int] = field(default_factory=dict)

    def __getitem__(self, key: str) -> Person:
        return self.people[key]


def _person(session: Session, username: str, role: str, team_id: int | None, display: str) -> Person:
    user = User(username=username, display_name=display, password_hash=password_hash(), role=role, team_id=team_id)
    session.add(user)
    session.flush()
    token, _ = users.issue_token(session, user, timedelta(hours=1))
    return Person(id=user.id, username=username, role=role, token=token)  # type: ignore[arg-type]


def _case(session: Session, world: World, key: str, name: str, worker: Person, youth_user: Person | None) -> None:
    worker_row = session.get(User, worker.id)
    assert worker_row is not None
    youth = Youth(
        display_name=name,
        birth_year=service_today().year - 16,
        worker_id=worker.id,
        team_id=worker_row.team_id,
        user_id=youth_user.id if youth_user else None,
    )  # type: ignore[arg-type]
    session.add(youth)
    session.flush()
    start = service_today() - timedelta(weeks=12)
    measure = measures.create_measure(
        session,
        youth.id,
        measures.MeasureCreate(  # type: ignore[arg-type]
            kind="toezicht_begeleiding",
            imposed_by="kinderrechter",
            start_date=start,  # type: ignore[arg-type]
            planned_end=start + timedelta(days=365),
            conditions=[measures.ConditionCreate(text="Elke dag naar school")],
        ),
    )
    condition_id = measures.conditions_of(session, [measure.id])[0][0].id  # type: ignore[list-item]
    g1 = goals.create_goal(
        session,
        worker_row,
        measure.id,
        goals.GoalCreate(  # type: ignore[arg-type]
            title="Ik ga elke dag naar school", life_domain="school_work"
        ),
    )  # type: ignore[arg-type]
    g2 = goals.create_goal(
        session,
        worker_row,
        measure.id,
        goals.GoalCreate(  # type: ignore[arg-type]
            title="Minder ruzie thuis", life_domain="family"
        ),
    )  # type: ignore[arg-type]
    member = network.add_member(session, youth.id, network.NetworkMemberCreate(name="Moeder", role="parent"))  # type: ignore[arg-type]
    week = week_of(service_today() - timedelta(weeks=1))
    checkins.record_check_in(
        session,
        worker_row,
        measure.id,
        week,
        checkins.CheckInWrite(  # type: ignore[arg-type]
            went_well="Op tijd op school",
            scores=[
                checkins.ScoreEntry(goal_id=g1.id, rater="worker", value=5),  # type: ignore[arg-type]
                checkins.ScoreEntry(goal_id=g1.id, rater="youth", value=6),  # type: ignore[arg-type]
            ],
        ),
    )
    setback = events.record_setback(
        session,
        worker_row,
        measure.id,
        events.SetbackCreate(  # type: ignore[arg-type]
            occurred_on=service_today() - timedelta(days=10),
            kind="missed_appointment",
            severity="minor",  # type: ignore[arg-type]
            text="Afspraak gemist",
        ),
    )
    success = events.record_success(
        session,
        worker_row,
        measure.id,
        events.SuccessCreate(  # type: ignore[arg-type]
            occurred_on=service_today() - timedelta(days=3), text="Hele week op school", goal_id=g1.id
        ),
    )
    world.cases[key] = Case(
        youth.id,
        measure.id,
        [g1.id, g2.id],
        condition_id,
        member.id,  # type: ignore[list-item, arg-type]
        setback.id,
        success.id,
        week,
        _method_records(session, worker_row, measure.id, start),
    )  # type: ignore[arg-type]
    world.cases[key].conference_id = _conference(session, worker_row, measure.id)  # type: ignore[arg-type]


@lru_cache(maxsize=1)
def _frozen_report() -> bytes:
    """A one-page PDF standing in for the world's frozen report (rendering the real one costs ~60 ms a case)."""
    buffer = io.BytesIO()
    canvas = Canvas(buffer, invariant=1)
    canvas.drawString(72, 770, "Testwereld: bevroren rapport casusoverleg")
    canvas.save()
    return buffer.getvalue()


def _conference(session: Session, worker: User, measure_id: int) -> int:
    """A conference held today, its advice signed off by the team's supervisor; returns its id."""
    supervisor = session.exec(select(User).where(User.role == "supervisor", User.team_id == worker.team_id)).one()
    conference = conferences.create_conference(
        session,
        worker,
        measure_id,
        conferences.ConferenceCreate(
            held_on=service_today(),
            question_kind=conferences.QuestionKind.CARRY_ON,
            question="Na een gemiste afspraak: doorgaan met de maatregel?",
        ),
    )
    conferences.update_conference(
        session,
        conference.id,  # type: ignore[arg-type]
        conferences.ConferenceUpdate(
            advice="Doorgaan: school gaat goed.", advised_outcome=conferences.Outcome.CARRY_ON
        ),
    )
    conferences.sign_off(session, supervisor, conference.id)  # type: ignore[arg-type]
    snapshot = conferences.store_snapshot(session, conference.id, supervisor, _frozen_report(), '{"fixture": true}')  # type: ignore[arg-type]
    conference_summary.attach_summary(session, snapshot, _frozen_report())  # stands in for the youth's summary
    return conference.id  # type: ignore[return-value]


@lru_cache(maxsize=1)
def _methods() -> MethodRegistry:
    return MethodRegistry.load()


def _method_records(session: Session, worker: User, measure_id: int, start: date) -> int:
    """Enrol the measure in Signs of Success and name one interaction pattern; returns the pattern's id."""
    workflow.enrol(session, worker, measure_id, "signs_of_success", _methods())
    pattern = artefacts.name_pattern(
        session,
        worker,
        measure_id,
        artefacts.PatternCreate(
            pattern="Ruzie over uitgaan loopt op tot schreeuwen",
            breaking_strength="Even weglopen en later praten",
            named_on=start + timedelta(days=14),
        ),
    )
    return pattern.id  # type: ignore[return-value]


def build_world(engine: Engine) -> World:
    world = World()
    with unit_of_work(engine) as session:
        noord = Team(name="Noord")
        zuid = Team(name="Zuid", shares_caseload=True)
        session.add_all([noord, zuid])
        session.flush()
        world.team_ids = {"noord": noord.id, "zuid": zuid.id}  # type: ignore[dict-item]
        p = world.people
        p["w1"] = _person(session, "wessel", "worker", noord.id, "Wessel de Vries")
        p["w2"] = _person(session, "wendy", "worker", noord.id, "Wendy Bakker")
        p["w3"] = _person(session, "wim", "worker", zuid.id, "Wim Jansen")
        p["w4"] = _person(session, "wouter", "worker", zuid.id, "Wouter Smit")
        p["s1"] = _person(session, "sanne", "supervisor", noord.id, "Sanne Visser")
        p["s2"] = _person(session, "sem", "supervisor", zuid.id, "Sem Mulder")
        p["x1"] = _person(session, "xandra", "expert", noord.id, "Xandra de Wit")  # gedragswetenschapper
        p["admin"] = _person(session, "beheer", "admin", None, "Beheerder")
        p["y1"] = _person(session, "amir", "youth", None, "Amir")
        p["y2"] = _person(session, "bo", "youth", None, "Bo")
        _case(session, world, "y1", "Amir K.", p["w1"], p["y1"])
        _case(session, world, "y2", "Bo de J.", p["w2"], p["y2"])
        _case(session, world, "y3", "Cas M.", p["w3"], None)
    return world


def add_case(engine: Engine, world: World, key: str, name: str, worker: str, youth_username: str | None = None) -> None:
    """One more youth of ``world[worker]`` with the usual measure, goals and history, as ``world.cases[key]``;
    with ``youth_username`` also their youth account (as ``world[key]``, display name ``name``'s first word)."""
    with unit_of_work(engine) as session:
        youth_user = None
        if youth_username is not None:
            youth_user = _person(session, youth_username, "youth", None, name.split()[0])
            world.people[key] = youth_user
        _case(session, world, key, name, world[worker], youth_user)
