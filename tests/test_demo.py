"""The demo world: plausible, complete, deterministic, within the domain rules, all or nothing."""

from __future__ import annotations

import hashlib
import shutil
from collections import Counter, defaultdict
from datetime import date, timedelta
from itertools import pairwise
from pathlib import Path

import pytest
from argon2 import PasswordHasher
from sqlalchemy import Engine, func
from sqlmodel import Session, col, select

from reclassering import demo
from reclassering.casefile import users
from reclassering.casefile.db import make_engine
from reclassering.casefile.errors import Conflict, Invalid
from reclassering.casefile.fields import today as utc_today
from reclassering.casefile.models import (
    CheckIn,
    Condition,
    ConditionAssessment,
    Goal,
    Measure,
    NetworkMember,
    Score,
    Setback,
    Success,
    Team,
    User,
    Youth,
)
from reclassering.casefile.weeks import week_of

TODAY = utc_today()
LAST_WEEK = week_of(TODAY - timedelta(weeks=1))


@pytest.fixture(autouse=True)
def cheap_password_hashing(monkeypatch: pytest.MonkeyPatch) -> None:
    """Argon2 at its production cost takes ~0.3 s per account; these tests are about the world, not hashing."""
    monkeypatch.setattr(users, "_hasher", PasswordHasher(time_cost=1, memory_cost=1024, parallelism=1))


@pytest.fixture
def accounts(engine: Engine) -> demo.DemoAccounts:
    return demo.load_demo(engine, today=TODAY)


def _by_measure(session: Session, model: type) -> dict[int, list]:
    grouped: dict[int, list] = defaultdict(list)
    for row in session.exec(select(model).order_by(col(model.id))):  # type: ignore[attr-defined]
        grouped[row.measure_id].append(row)
    return grouped


def test_one_team_with_two_workers_a_supervisor_and_an_admin(engine, accounts):
    with Session(engine) as session:
        teams = session.exec(select(Team)).all()
        staff = session.exec(select(User).where(User.role != "youth").order_by(col(User.id))).all()
    assert [(t.name, t.shares_caseload) for t in teams] == [("Team Utrecht-Noord", False)]
    assert Counter(u.role for u in staff) == {"worker": 2, "supervisor": 1, "admin": 1}
    assert all(u.team_id == teams[0].id for u in staff if u.role != "admin")


def test_eight_youths_with_pseudonyms_ages_14_to_20_split_over_the_two_workers(engine, accounts):
    with Session(engine) as session:
        youths = session.exec(select(Youth).order_by(col(Youth.id))).all()
        workers = session.exec(select(User.id).where(User.role == "worker")).all()
    assert [y.display_name for y in youths] == [
        "Daan V.",
        "Noor B.",
        "Milan S.",
        "Sara E.",
        "Luuk H.",
        "Yasmin O.",
        "Jayden K.",
        "Fleur T.",
    ]
    assert all(14 <= TODAY.year - y.birth_year <= 20 for y in youths)
    assert Counter(y.worker_id for y in youths) == {workers[0]: 4, workers[1]: 4}


def test_each_youth_has_one_running_measure_with_conditions_network_and_goals(engine, accounts):
    with Session(engine) as session:
        measures = session.exec(select(Measure)).all()
        conditions = _by_measure(session, Condition)
        goals = _by_measure(session, Goal)
        network = Counter(session.exec(select(NetworkMember.youth_id)).all())
        youth_ids = session.exec(select(Youth.id).order_by(col(Youth.id))).all()
    assert sorted(m.youth_id for m in measures) == list(youth_ids)
    assert {m.kind for m in measures} == {k.value for k in demo.MEASURES}
    assert {m.imposed_by for m in measures} == {"om", "kinderrechter"}
    for measure in measures:
        assert measure.status == "active"
        assert measure.legal_basis
        assert measure.start_date < TODAY < measure.planned_end
        assert 2 <= len(conditions[measure.id]) <= 3
        measure_goals = goals[measure.id]
        assert 3 <= len(measure_goals) <= 4
        assert len({g.life_domain for g in measure_goals}) == len(measure_goals)
        assert all(g.title and g.worry_statement for g in measure_goals)
        with_gas = [g for g in measure_goals if g.gas_levels]
        assert len(with_gas) == 1
        assert list(with_gas[0].gas_levels) == ["-2", "-1", "0", "1", "2"]
        assert all(with_gas[0].gas_levels.values())
        assert 2 <= network[measure.youth_id] <= 3


def test_ten_to_thirty_weekly_check_ins_ending_last_week(engine, accounts):
    with Session(engine) as session:
        measures = {m.id: m for m in session.exec(select(Measure))}
        check_ins = _by_measure(session, CheckIn)
    assert set(check_ins) == set(measures)
    for measure_id, rows in check_ins.items():
        weeks = sorted(c.week for c in rows)
        assert 10 <= len(weeks) <= 30
        assert weeks[-1] == LAST_WEEK
        assert weeks[0] == week_of(measures[measure_id].start_date)
        mondays = [date.fromisocalendar(int(w[:4]), int(w[6:]), 1) for w in weeks]
        assert all(b - a == timedelta(weeks=1) for a, b in pairwise(mondays))
        assert all(c.went_well and c.next_steps for c in rows)


def test_scores_by_youth_and_worker_within_the_scale(engine, accounts):
    with Session(engine) as session:
        scores = session.exec(select(Score)).all()
        goals_with_gas = {g.id for g in session.exec(select(Goal)) if g.gas_levels}
        network_scores = [s for s in scores if s.rater_kind == "network"]
    assert all(0 <= s.value <= 10 for s in scores)
    kinds = Counter(s.rater_kind for s in scores)
    assert kinds["worker"] > 300 and kinds["youth"] > 250 and kinds["network"] > 0
    assert all(s.network_member_id is not None for s in network_scores)
    worker_gas = [s.gas_level for s in scores if s.rater_kind == "worker" and s.goal_id in goals_with_gas]
    assert worker_gas and all(level is not None and -2 <= level <= 2 for level in worker_gas)


def test_scores_drift_up_with_a_youth_dip_after_intake(engine, accounts):
    """Youths score high at intake, dip, then rise; workers start low and rise."""
    with Session(engine) as session:
        rows = session.exec(
            select(CheckIn.measure_id, CheckIn.week, Score.rater_kind, Score.value).join(
                Score, col(Score.check_in_id) == col(CheckIn.id)
            )
        ).all()
    by_measure: dict[int, dict[str, dict[str, list[int]]]] = defaultdict(lambda: defaultdict(lambda: defaultdict(list)))
    for measure_id, week, rater, value in rows:
        by_measure[measure_id][rater][week].append(value)

    def mean_at(rater: str, share: float) -> float:
        values = []
        for raters in by_measure.values():
            weeks = sorted(raters["worker"])
            values += raters[rater].get(weeks[round(share * (len(weeks) - 1))], [])
        return sum(values) / len(values)

    assert mean_at("youth", 0.0) > mean_at("youth", 0.3) + 1.5
    assert mean_at("youth", 1.0) > mean_at("youth", 0.3) + 1.5
    assert mean_at("worker", 1.0) > mean_at("worker", 0.0) + 2


def test_successes_setbacks_and_assessments_lie_within_the_measure_and_not_in_the_future(engine, accounts):
    with Session(engine) as session:
        measures = {m.id: m for m in session.exec(select(Measure))}
        successes = _by_measure(session, Success)
        setbacks = _by_measure(session, Setback)
        assessed = session.exec(
            select(Condition.measure_id, ConditionAssessment.assessed_on, ConditionAssessment.compliance).join(
                Condition, col(Condition.id) == col(ConditionAssessment.condition_id)
            )
        ).all()
    for measure_id, measure in measures.items():
        own_successes = successes[measure_id]
        assert len(own_successes) >= 6
        assert all(measure.start_date <= s.occurred_on <= TODAY for s in own_successes)
        assert 2 <= len(setbacks[measure_id]) <= 5
        assert all(measure.start_date <= s.occurred_on <= TODAY for s in setbacks[measure_id])
        assert all(s.response != "none_yet" or not s.resolved for s in setbacks[measure_id])
        own_assessments = [(day, c) for m, day, c in assessed if m == measure_id]
        assert own_assessments
        assert all(measure.start_date <= day <= TODAY for day, _ in own_assessments)
    all_successes = [s for rows in successes.values() for s in rows]
    assert {s.noticed_by for s in all_successes} == {"youth", "worker", "network"}
    assert any(s.author_role == "youth" for s in all_successes)
    assert sum(s.goal_id is not None for s in all_successes) > len(all_successes) / 2
    all_setbacks = [s for rows in setbacks.values() for s in rows]
    assert len({s.kind for s in all_setbacks}) >= 4
    assert len({s.severity for s in all_setbacks}) >= 2
    assert all(s.condition_id is not None for s in all_setbacks if s.kind == "condition_breach")
    assert {c for _, _, c in assessed} >= {"complied", "partly"}


def test_exactly_one_youth_has_a_serious_new_offence_with_a_weighty_response(engine, accounts):
    with Session(engine) as session:
        offences = session.exec(select(Setback).where(Setback.kind == "new_suspicion")).all()
    assert len(offences) == 1
    assert offences[0].severity == "serious"
    assert offences[0].response in {"report_back", "plan_change"}


def test_no_check_in_week_lies_in_the_future(engine, accounts):
    with Session(engine) as session:
        latest = session.exec(select(func.max(CheckIn.week))).one()
    assert latest == LAST_WEEK
    assert latest < week_of(TODAY)


def test_every_demo_account_logs_in_with_the_demo_password(engine, accounts):
    assert accounts.password == demo.DEMO_PASSWORD == "demo-wachtwoord-2026"
    assert [(a.username, str(a.role)) for a in accounts.accounts] == [
        ("femke", "worker"),
        ("bram", "worker"),
        ("ilse", "supervisor"),
        ("beheer", "admin"),
        ("daan", "youth"),
        ("noor", "youth"),
    ]
    with Session(engine) as session:
        for account in accounts.accounts:
            user = users.authenticate(session, account.username, accounts.password, "test")
            assert user is not None, account.username
            assert (user.role, user.display_name) == (account.role, account.display_name)
        linked = session.exec(
            select(Youth.display_name, User.username)
            .join(User, col(User.id) == col(Youth.user_id))
            .order_by(col(Youth.id))
        ).all()
        assert demo.existing_demo_accounts(session) == accounts
    assert linked == [("Daan V.", "daan"), ("Noor B.", "noor")]


def _digest(engine: Engine) -> str:
    """A fingerprint of the world that ignores database ids and timestamps."""
    with Session(engine) as session:
        youths = session.exec(select(Youth.display_name, Youth.birth_year).order_by(col(Youth.id))).all()
        measures = session.exec(
            select(Measure.kind, Measure.imposed_by, Measure.start_date, Measure.planned_end).order_by(col(Measure.id))
        ).all()
        goals = session.exec(select(Goal.title, Goal.life_domain, Goal.sustain_weeks).order_by(col(Goal.id))).all()
        scores = session.exec(
            select(CheckIn.week, Goal.title, Score.rater_key, Score.value, Score.gas_level)
            .join(CheckIn, col(CheckIn.id) == col(Score.check_in_id))
            .join(Goal, col(Goal.id) == col(Score.goal_id))
            .order_by(col(Score.check_in_id), col(Score.goal_id), col(Score.rater_key))
        ).all()
        setbacks = session.exec(
            select(Setback.occurred_on, Setback.kind, Setback.severity, Setback.response).order_by(col(Setback.id))
        ).all()
        successes = session.exec(
            select(Success.occurred_on, Success.text, Success.noticed_by).order_by(col(Success.id))
        ).all()
    text = repr([list(map(tuple, rows)) for rows in (youths, measures, goals, scores, setbacks, successes)])
    return hashlib.sha256(text.encode()).hexdigest()


def _fresh_sqlite(template: Path, path: Path) -> Engine:
    shutil.copy(template, path)
    return make_engine(f"sqlite:///{path}")


def test_same_seed_gives_the_same_world_and_another_seed_another(engine, accounts, sqlite_template, tmp_path):
    same = _fresh_sqlite(sqlite_template, tmp_path / "same.sqlite3")
    other = _fresh_sqlite(sqlite_template, tmp_path / "other.sqlite3")
    try:
        demo.load_demo(same, today=TODAY)
        demo.load_demo(other, seed=8, today=TODAY)
        assert _digest(same) == _digest(engine)
        assert _digest(other) != _digest(engine)
    finally:
        same.dispose()
        other.dispose()


def test_progress_advances_once_per_youth(engine):
    seen: list[str] = []
    demo.load_demo(engine, youths=3, today=TODAY, progress=seen.append)
    assert seen == ["Daan V.", "Noor B.", "Milan S."]


def test_refuses_a_database_that_holds_users_and_adds_nothing(engine, accounts):
    with pytest.raises(Conflict, match="already holds 6 user"):
        demo.load_demo(engine, today=TODAY)
    with Session(engine) as session:
        assert session.exec(select(func.count()).select_from(Youth)).one() == 8
        assert session.exec(select(func.count()).select_from(User)).one() == 6


def test_a_failure_half_way_stores_nothing(engine, monkeypatch):
    calls: list[str] = []

    def fail_on_third(name: str) -> None:
        calls.append(name)
        if len(calls) == 3:
            raise RuntimeError("disk full")

    with pytest.raises(RuntimeError, match="disk full"):
        demo.load_demo(engine, today=TODAY, progress=fail_on_third)
    with Session(engine) as session:
        assert session.exec(select(func.count()).select_from(User)).one() == 0
        assert session.exec(select(func.count()).select_from(Youth)).one() == 0
        assert session.exec(select(func.count()).select_from(Team)).one() == 0


@pytest.mark.parametrize("youths", [1, demo.MAX_YOUTHS + 1])
def test_number_of_youths_is_bounded(engine, youths):
    with pytest.raises(Invalid, match=f"between 2 and {demo.MAX_YOUTHS} youths"):
        demo.load_demo(engine, youths=youths, today=TODAY)
