"""The daily attention list tells the worker and the team's supervisors of breaches and new suspicions still
not reported back after the configured number of working days; once per breach, whatever the number of runs."""

from __future__ import annotations

from datetime import UTC, date, datetime, time

import pytest
from sqlalchemy import Engine, update
from sqlmodel import Session, select

from reclassering.casefile.db import unit_of_work
from reclassering.casefile.models import BreachReport, Notification, Setback, User
from reclassering.settings import Settings

from ..conftest import count_queries
from ..world import World
from .helpers import notes, on, run

#: Tuesday 10 November 2026: a breach of Monday 2 November was due on Monday 9 November (five working days).
TUESDAY = date(2026, 11, 10)
KINDS = ("breach_unreported", "breach_unreported_team")


def _setback(session: Session, measure_id: int, day: date, kind: str, **extra: object) -> int:
    row = Setback(
        measure_id=measure_id, occurred_on=day, kind=kind, severity="serious", text="Synthetisch voorval", **extra
    )
    session.add(row)
    session.flush()
    return row.id  # type: ignore[return-value]


@pytest.fixture
def breaches(engine: Engine, world: World) -> dict[str, int]:
    y1, y2, y3 = (world.cases[k] for k in ("y1", "y2", "y3"))
    with unit_of_work(engine) as session:
        ids = {
            # due Monday 9 November: late on the 10th
            "late": _setback(session, y1.measure_id, date(2026, 11, 2), "condition_breach"),
            # due Tuesday 10 November: not late until the 11th
            "due_today": _setback(session, y2.measure_id, date(2026, 11, 3), "new_suspicion"),
            # late, in the other team
            "zuid": _setback(session, y3.measure_id, date(2026, 10, 26), "condition_breach"),
            # late but reported back
            "reported": _setback(session, y3.measure_id, date(2026, 10, 19), "condition_breach"),
            # late but withdrawn
            "withdrawn": _setback(
                session,
                y1.measure_id,
                date(2026, 10, 1),
                "condition_breach",
                withdrawn_at=datetime(2026, 10, 5, tzinfo=UTC),
                withdrawal_reason="Verkeerd ingevoerd",
            ),
            # late, but a missed appointment need not be reported back
            "missed": _setback(session, y2.measure_id, date(2026, 10, 1), "missed_appointment"),
        }
        session.add(BreachReport(setback_id=ids["reported"], om_informed=True, om_informed_on=date(2026, 10, 20)))
    return ids


def _breach_notes(engine: Engine) -> list[tuple[str, int, str, str, str]]:
    return [n for n in notes(engine) if n[0] in KINDS]


def test_late_breaches_go_to_the_worker_and_the_supervisor_once(
    engine: Engine, settings: Settings, world: World, breaches: dict[str, int]
) -> None:
    outcome = run(engine, settings, "daily_attention", on(TUESDAY))
    assert outcome.status == "done"
    assert (outcome.summary["breaches_unreported"], outcome.summary["breaches_unreported_team"]) == (2, 2)
    late, zuid = f"setback:{breaches['late']}", f"setback:{breaches['zuid']}"
    assert _breach_notes(engine) == sorted(
        [
            ("breach_unreported", world["w1"].id, "breach:2026-11-02", late, "Amir K."),
            ("breach_unreported_team", world["s1"].id, "breach:2026-11-02", late, "Amir K."),
            ("breach_unreported", world["w3"].id, "breach:2026-10-26", zuid, "Cas M."),
            ("breach_unreported_team", world["s2"].id, "breach:2026-10-26", zuid, "Cas M."),
        ]
    )
    with Session(engine) as session:
        to_supervisor = session.exec(
            select(Notification).where(Notification.recipient_id == world["s1"].id, Notification.subject == late)
        ).one()
    assert to_supervisor.youth_id == world.cases["y1"].youth_id
    assert to_supervisor.params == {
        "youth": "Amir K.",
        "worker": "Wessel de Vries",
        "occurred_on": "2026-11-02",
        "days": 5,
    }

    # a second run on the same day changes nothing
    before = notes(engine)
    again = run(engine, settings, "daily_attention", on(TUESDAY, at=time(20, 0)))
    assert again.status == "skipped" and notes(engine) == before

    # the next day: the breach of the 3rd is late now; the ones told yesterday are not told again
    wednesday = run(engine, settings, "daily_attention", on(date(2026, 11, 11)))
    assert (wednesday.summary["breaches_unreported"], wednesday.summary["breaches_unreported_team"]) == (1, 1)
    due_today = f"setback:{breaches['due_today']}"
    assert set(_breach_notes(engine)) - set(before) == {
        ("breach_unreported", world["w2"].id, "breach:2026-11-03", due_today, "Bo de J."),
        ("breach_unreported_team", world["s1"].id, "breach:2026-11-03", due_today, "Bo de J."),
    }


def test_the_setting_and_holidays_decide_when_a_breach_is_late(
    engine: Engine, settings: Settings, world: World, breaches: dict[str, int]
) -> None:
    """Ten working days from 2 November run to 16 November: nothing is late on the 16th, on the 17th it is."""
    ten = Settings(
        data_dir=settings.data_dir,
        secret_key="test-secret",
        cookie_secure=False,
        scheduler_embedded=False,
        breach_report_working_days=10,
    )
    monday = run(engine, ten, "daily_attention", on(date(2026, 11, 16)))
    subjects = {n[3] for n in _breach_notes(engine)}
    assert f"setback:{breaches['late']}" not in subjects and f"setback:{breaches['zuid']}" in subjects
    assert monday.summary["breaches_unreported"] == 1
    run(engine, ten, "daily_attention", on(date(2026, 11, 17)))
    assert f"setback:{breaches['late']}" in {n[3] for n in _breach_notes(engine)}


def test_an_inactive_supervisor_is_not_told(
    engine: Engine, settings: Settings, world: World, breaches: dict[str, int]
) -> None:
    with unit_of_work(engine) as session:
        session.execute(update(User).where(User.id == world["s2"].id).values(active=False))  # type: ignore[arg-type]
    run(engine, settings, "daily_attention", on(TUESDAY))
    recipients = {n[1] for n in _breach_notes(engine)}
    assert recipients == {world["w1"].id, world["s1"].id, world["w3"].id}


def test_the_statement_count_does_not_grow_with_the_breaches(
    engine: Engine, settings: Settings, world: World, breaches: dict[str, int]
) -> None:
    with count_queries(engine) as first:
        run(engine, settings, "daily_attention", on(TUESDAY))
    with unit_of_work(engine) as session:
        for case in world.cases.values():
            for day in (3, 4, 5):
                _setback(session, case.measure_id, date(2026, 11, day), "condition_breach")
    with count_queries(engine) as second:
        outcome = run(engine, settings, "daily_attention", on(date(2026, 11, 13)))
    assert outcome.summary["breaches_unreported"] == 3 * 3 + 1
    assert first.count == second.count
    assert sum("INSERT INTO notification" in s and "setback" in s.lower() for s in second.statements) == 2
