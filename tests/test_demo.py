"""The demo world: plausible, complete, deterministic, within the domain rules, all or nothing."""

from __future__ import annotations

import hashlib
import re
import shutil
from collections import Counter, defaultdict
from collections.abc import Iterator
from datetime import date, timedelta
from itertools import pairwise
from pathlib import Path

import pytest
from sqlalchemy import Engine, func
from sqlmodel import Session, col, select

from reclassering import demo
from reclassering.casefile import users
from reclassering.casefile.db import make_engine
from reclassering.casefile.errors import Conflict, Invalid
from reclassering.casefile.fields import today as service_today
from reclassering.casefile.models import (
    BreachReport,
    CheckIn,
    Condition,
    ConditionAssessment,
    Conference,
    Goal,
    Measure,
    MethodEnrolment,
    NetworkMember,
    PhaseTransition,
    Score,
    Setback,
    Success,
    Team,
    User,
    Youth,
)
from reclassering.casefile.weeks import week_of
from reclassering.demo.frames import GENERAL_CONDITIONS, NEW_CONDITION

from .conftest import BACKENDS
from .demo_world import cheap_hashing, demo_database

TODAY = service_today()
LAST_WEEK = week_of(TODAY - timedelta(weeks=1))


@pytest.fixture(autouse=True)
def cheap_password_hashing() -> Iterator[None]:
    with cheap_hashing():
        yield


@pytest.fixture(scope="module", params=BACKENDS)
def world(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory, sqlite_template: Path
) -> Iterator[tuple[Engine, demo.DemoAccounts]]:
    """The demo world with its defaults, loaded once per backend; the tests below only read it."""
    folder = tmp_path_factory.mktemp("demo")
    with demo_database(request.param, folder, sqlite_template) as engine, cheap_hashing():
        yield engine, demo.load_demo(engine, today=TODAY)


@pytest.fixture
def loaded(world: tuple[Engine, demo.DemoAccounts]) -> Engine:
    return world[0]


@pytest.fixture
def accounts(world: tuple[Engine, demo.DemoAccounts]) -> demo.DemoAccounts:
    return world[1]


def _by_measure(session: Session, model: type) -> dict[int, list]:
    grouped: dict[int, list] = defaultdict(list)
    for row in session.exec(select(model).order_by(col(model.id))):  # type: ignore[attr-defined]
        grouped[row.measure_id].append(row)
    return grouped


def test_one_team_with_two_workers_a_supervisor_an_expert_and_an_admin(loaded):
    with Session(loaded) as session:
        teams = session.exec(select(Team)).all()
        staff = session.exec(select(User).where(User.role != "youth").order_by(col(User.id))).all()
    assert [(t.name, t.shares_caseload) for t in teams] == [("Team Utrecht-Noord", False)]
    assert Counter(u.role for u in staff) == {"worker": 2, "supervisor": 1, "expert": 1, "admin": 1}
    assert all(u.team_id == teams[0].id for u in staff if u.role != "admin")


def test_eight_youths_with_pseudonyms_ages_14_to_20_split_over_the_two_workers(loaded):
    with Session(loaded) as session:
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


def test_each_youth_has_one_running_measure_with_conditions_network_and_goals(loaded):
    with Session(loaded) as session:
        measures = session.exec(select(Measure)).all()
        conditions = _by_measure(session, Condition)
        goals = _by_measure(session, Goal)
        network = Counter(session.exec(select(NetworkMember.youth_id)).all())
        youth_ids = session.exec(select(Youth.id).order_by(col(Youth.id))).all()
    assert sorted(m.youth_id for m in measures) == list(youth_ids)
    # Eight youths, eight different kinds of measure out of the ten the demo knows.
    assert len({m.kind for m in measures}) == len(measures) == 8
    assert {m.kind for m in measures} <= {k.value for k in demo.MEASURES}
    assert len({m.imposed_by for m in measures}) >= 3
    for measure in measures:
        assert measure.status == "active"
        assert measure.legal_basis
        assert measure.start_date < TODAY < measure.planned_end
        special = [c.text for c in conditions[measure.id] if c.kind == "special" and c.text != NEW_CONDITION]
        general = [c.text for c in conditions[measure.id] if c.kind == "general"]
        assert 2 <= len(special) <= 3
        assert general == (list(GENERAL_CONDITIONS) if demo.MEASURES[measure.kind].conditional else [])
        measure_goals = goals[measure.id]
        assert 3 <= len(measure_goals) <= 4
        assert len({g.life_domain for g in measure_goals}) == len(measure_goals)
        assert all(g.title and g.worry_statement for g in measure_goals)
        with_gas = [g for g in measure_goals if g.gas_levels]
        assert len(with_gas) == 1
        assert list(with_gas[0].gas_levels) == ["-2", "-1", "0", "1", "2"]
        assert all(with_gas[0].gas_levels.values())
        assert 2 <= network[measure.youth_id] <= 3


def test_every_measure_has_its_frame_in_plain_words(loaded):
    """The case number where the OM or a court is involved, the probation time where the frame has one, and the
    index offence in plain words."""
    with Session(loaded) as session:
        measures = session.exec(select(Measure)).all()
    for measure in measures:
        template = demo.MEASURES[measure.kind]
        assert measure.index_offence in template.offences
        if template.has_case_number:
            assert re.fullmatch(rf"16/\d{{6}}-{measure.start_date.year % 100:02d}", measure.case_number)
        else:
            assert measure.case_number == ""
        if template.probation_months is None:
            assert measure.probation_end is None
        else:
            assert measure.probation_end is not None and measure.probation_end >= measure.planned_end
    assert any(m.case_number for m in measures) and any(m.probation_end for m in measures)


def test_ten_to_thirty_weekly_check_ins_ending_last_week(loaded):
    with Session(loaded) as session:
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


def test_scores_by_youth_and_worker_within_the_scale(loaded):
    with Session(loaded) as session:
        scores = session.exec(select(Score)).all()
        goals_with_gas = {g.id for g in session.exec(select(Goal)) if g.gas_levels}
        network_scores = [s for s in scores if s.rater_kind == "network"]
    assert all(0 <= s.value <= 10 for s in scores)
    kinds = Counter(s.rater_kind for s in scores)
    assert kinds["worker"] > 300 and kinds["youth"] > 250 and kinds["network"] > 0
    assert all(s.network_member_id is not None for s in network_scores)
    worker_gas = [s.gas_level for s in scores if s.rater_kind == "worker" and s.goal_id in goals_with_gas]
    assert worker_gas and all(level is not None and -2 <= level <= 2 for level in worker_gas)


def test_scores_drift_up_with_a_youth_dip_after_intake(loaded):
    """Youths score high at intake, dip, then rise; workers start low and rise."""
    with Session(loaded) as session:
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


def test_successes_setbacks_and_assessments_lie_within_the_measure_and_not_in_the_future(loaded):
    with Session(loaded) as session:
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


def test_no_breach_is_of_the_condition_against_new_offences_and_a_suspicion_never_breaks_it(loaded):
    """Whether a new offence was committed is for a court to say: the record never counts a suspicion as one."""
    with Session(loaded) as session:
        broken = session.exec(
            select(Condition.text).join(Setback, col(Setback.condition_id) == col(Condition.id))
        ).all()
        judged = session.exec(
            select(ConditionAssessment.compliance)
            .join(Condition, col(Condition.id) == col(ConditionAssessment.condition_id))
            .where(Condition.text == GENERAL_CONDITIONS[0])
        ).all()
    assert GENERAL_CONDITIONS[0] not in broken
    assert judged and set(judged) == {"complied"}


def test_exactly_one_youth_has_a_serious_new_suspicion_that_was_reported(loaded):
    with Session(loaded) as session:
        suspicions = session.exec(select(Setback).where(Setback.kind == "new_suspicion")).all()
        reports = session.exec(select(BreachReport).where(BreachReport.setback_id == suspicions[0].id)).all()
    assert len(suspicions) == 1
    assert (suspicions[0].severity, suspicions[0].response) == ("serious", "report_back")
    assert suspicions[0].text.startswith("Verdacht van")
    assert [(r.om_informed, r.raad_informed, r.expert_consulted) for r in reports] == [(True, True, True)]


def test_no_check_in_week_lies_in_the_future(loaded):
    with Session(loaded) as session:
        latest = session.exec(select(func.max(CheckIn.week))).one()
    assert latest == LAST_WEEK
    assert latest < week_of(TODAY)


def test_every_demo_account_logs_in_with_the_demo_password(loaded, accounts):
    assert accounts.password == demo.DEMO_PASSWORD == "demo-wachtwoord-2026"
    assert [(a.username, str(a.role)) for a in accounts.accounts] == [
        ("femke", "worker"),
        ("bram", "worker"),
        ("ilse", "supervisor"),
        ("anouk", "expert"),
        ("beheer", "admin"),
        ("daan", "youth"),
        ("noor", "youth"),
    ]
    with Session(loaded) as session:
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
    """A fingerprint of the world that ignores database ids and the moments of loading."""
    with Session(engine) as session:
        youths = session.exec(select(Youth.display_name, Youth.birth_year).order_by(col(Youth.id))).all()
        measures = session.exec(
            select(
                Measure.kind,
                Measure.imposed_by,
                Measure.start_date,
                Measure.planned_end,
                Measure.case_number,
                Measure.probation_end,
                Measure.index_offence,
            ).order_by(col(Measure.id))
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
        reports = session.exec(
            select(BreachReport.om_informed_on, BreachReport.raad_informed_on, BreachReport.not_reported_reason)
            .join(Setback, col(Setback.id) == col(BreachReport.setback_id))
            .order_by(col(Setback.id))
        ).all()
        phases = [
            (method, phase, at.date())
            for method, phase, at in session.exec(
                select(MethodEnrolment.method_id, PhaseTransition.to_phase, PhaseTransition.at)
                .join(MethodEnrolment, col(MethodEnrolment.id) == col(PhaseTransition.enrolment_id))
                .order_by(col(PhaseTransition.id))
            )
        ]
        conferences = session.exec(
            select(Conference.held_on, Conference.question, Conference.decision).order_by(col(Conference.id))
        ).all()
    rows = (youths, measures, goals, scores, setbacks, successes, reports, phases, conferences)
    text = repr([list(map(tuple, part)) for part in rows])
    return hashlib.sha256(text.encode()).hexdigest()


def _fresh_sqlite(template: Path, path: Path) -> Engine:
    shutil.copy(template, path)
    return make_engine(f"sqlite:///{path}")


def test_same_seed_gives_the_same_world_and_another_seed_another(loaded, sqlite_template, tmp_path):
    same = _fresh_sqlite(sqlite_template, tmp_path / "same.sqlite3")
    other = _fresh_sqlite(sqlite_template, tmp_path / "other.sqlite3")
    try:
        demo.load_demo(same, today=TODAY)
        demo.load_demo(other, seed=8, today=TODAY)
        assert _digest(same) == _digest(loaded)
        assert _digest(other) != _digest(loaded)
    finally:
        same.dispose()
        other.dispose()


def test_progress_advances_once_per_youth(engine):
    seen: list[str] = []
    demo.load_demo(engine, youths=3, today=TODAY, progress=seen.append)
    assert seen == ["Daan V.", "Noor B.", "Milan S."]


def test_refuses_a_database_that_holds_users_and_adds_nothing(loaded):
    with pytest.raises(Conflict, match="already holds 7 user"):
        demo.load_demo(loaded, today=TODAY)
    with Session(loaded) as session:
        assert session.exec(select(func.count()).select_from(Youth)).one() == 8
        assert session.exec(select(func.count()).select_from(User)).one() == 7


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


def test_some_network_members_score_through_their_own_link_on_a_line_of_their_own(loaded):
    """Every third case: its first network member has a link and scored the first goals the last four weeks."""
    from reclassering.casefile.models.network_links import NetworkLink
    from reclassering.reports.loader import load_series
    from reclassering.reports.series import rater_keys

    with Session(loaded) as session:
        links = session.exec(select(NetworkLink)).all()
        assert links and all(link.uses == 4 and link.last_used_at is not None for link in links)
        series = load_series(session, links[0].measure_id)
        own = f"network:{links[0].network_member_id}"
        assert own in rater_keys(series) and "network" not in rater_keys(series)
        assert {info.key for info in series.raters} >= {own}
        weeks = {s.week for s in series.scores if s.rater == own}
        assert len(weeks) >= 4


def test_every_measure_has_a_safety_plan_in_two_versions(loaded):
    from reclassering.casefile.models.safety_plan import SafetyPlan, SafetyPlanVersion

    with Session(loaded) as session:
        measure_ids = set(session.exec(select(Measure.id)).all())
        versions = _by_measure(session, SafetyPlanVersion)
        heads = {p.measure_id: p.current_version for p in session.exec(select(SafetyPlan)).all()}
    assert set(versions) == measure_ids and heads == dict.fromkeys(measure_ids, 2)
    for rows in versions.values():
        first, second = sorted(rows, key=lambda v: v.version)
        assert (first.version, second.version) == (1, 2)
        assert first.created_at < second.created_at and second.created_at.date() <= TODAY
        assert first.who_to_call and first.warning_signs and "warning_signs" in second.changed
