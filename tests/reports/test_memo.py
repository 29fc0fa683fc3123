"""The indicators of a measure are computed once per data version: a repeat is served from memory, a change of
the data (a new data version) is computed afresh."""

from __future__ import annotations

from datetime import date
from typing import Any

from sqlalchemy import Engine
from sqlmodel import Session

from reclassering.casefile import breaches, events
from reclassering.casefile.db import unit_of_work
from reclassering.casefile.fields import today as service_today
from reclassering.casefile.models import User
from reclassering.reports import memo
from reclassering.reports.loader import data_version
from tests.conftest import count_queries
from tests.reports.test_loader import CHANGES
from tests.world import World


def _progress(engine: Engine, measure_id: int) -> tuple[object, object]:
    with Session(engine) as session:
        version = data_version(session, measure_id)
        return memo.measure_progress(
            session, measure_id, version, as_of=service_today(), locale="nl", sd=2.0, reliability=0.8
        )


def test_a_repeat_is_served_from_memory_and_a_change_is_computed_afresh(engine: Engine, world: World) -> None:
    memo.clear()
    measure_id = world.cases["y1"].measure_id
    first = _progress(engine, measure_id)
    with count_queries(engine) as counter:
        again = _progress(engine, measure_id)
    assert again is first and counter.count == 1  # only the data version is asked
    with unit_of_work(engine) as session:
        CHANGES["a new score"](session, session.get(User, world["w1"].id), world)  # type: ignore[arg-type]
    changed = _progress(engine, measure_id)
    assert changed is not first
    assert len(changed[0].scores) == len(first[0].scores) + 1  # type: ignore[attr-defined]
    other_day = memo.measure_progress  # a different reference date is a different entry
    with Session(engine) as session:
        version = data_version(session, measure_id)
        earlier = other_day(session, measure_id, version, as_of=date(2000, 1, 1), locale="nl", sd=2.0, reliability=0.8)
    assert earlier is not changed and earlier[1].as_of == date(2000, 1, 1)


def _breaches(engine: Engine, measure_id: int, today: date) -> object:
    with Session(engine) as session:
        version = data_version(session, measure_id)
        return memo.measure_breaches(session, measure_id, version, today=today, working_days=5)


def test_the_breach_counts_are_served_from_memory_until_a_breach_or_its_report_changes(
    engine: Engine, world: World
) -> None:
    memo.clear()
    measure_id, today = world.cases["y1"].measure_id, service_today()
    first = _breaches(engine, measure_id, today)
    with count_queries(engine) as counter:
        again = _breaches(engine, measure_id, today)
    assert again is first and counter.count == 1  # only the data version is asked
    with unit_of_work(engine) as session:
        worker = session.get(User, world["w1"].id)
        setback = events.record_setback(
            session,
            worker,  # type: ignore[arg-type]
            measure_id,
            events.SetbackCreate(occurred_on=today, kind="condition_breach", severity="serious", text="Te laat thuis"),  # type: ignore[arg-type]
        )
    breached = _breaches(engine, measure_id, today)
    assert breached.reportable == first.reportable + 1  # type: ignore[attr-defined]
    assert breached.undecided == first.undecided + 1  # type: ignore[attr-defined]
    with unit_of_work(engine) as session:
        breaches.record_report(
            session,
            session.get(User, world["w1"].id),  # type: ignore[arg-type]
            setback.id,  # type: ignore[arg-type]
            breaches.BreachReportWrite(om_informed=True, om_informed_on=today),
            today=today,
        )
    reported = _breaches(engine, measure_id, today)
    assert reported.reported == breached.reported + 1 and reported.undecided == first.undecided  # type: ignore[attr-defined]
    assert _breaches(engine, measure_id, date(2000, 1, 1)) is not reported  # another day is another entry


def test_the_bound_counts_measures_so_a_measures_parts_stay_together(
    engine: Engine, world: World, monkeypatch: Any
) -> None:
    """Three parts each for two measures fit a bound of two measures; a third measure evicts the one used least
    recently, all its parts at once; a new data version drops the measure's older parts."""
    memo.clear()
    monkeypatch.setattr(memo, "MAX_MEASURES", 2)
    computed: list[tuple[int, str]] = []

    def part(session: Session, measure_id: int, version: str, what: str) -> str:
        def compute() -> str:
            computed.append((measure_id, what))
            return f"{measure_id}:{what}:{version}"

        return memo.per_version(session, measure_id, version, what, (), compute)

    with Session(engine) as session:
        for measure_id in (1, 2):
            for what in ("a", "b", "c"):
                part(session, measure_id, "v1", what)
        assert len(computed) == 6
        for measure_id in (2, 1):  # all six from memory; measure 2 is now the one used least recently
            for what in ("a", "b", "c"):
                assert part(session, measure_id, "v1", what) == f"{measure_id}:{what}:v1"
        assert len(computed) == 6
        part(session, 3, "v1", "a")  # evicts measure 2 with its three parts
        part(session, 1, "v1", "b")
        assert len(computed) == 7
        part(session, 2, "v1", "c")
        assert computed[-1] == (2, "c")
        assert part(session, 2, "v2", "c") == "2:c:v2" and computed[-1] == (2, "c")  # a new version, computed
        part(session, 2, "v2", "a")
        assert computed[-1] == (2, "a") and len(computed) == 10  # v1's "a" went with its version
