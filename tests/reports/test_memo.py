"""The indicators of a measure are computed once per data version: a repeat is served from memory, a change of
the data (a new data version) is computed afresh."""

from __future__ import annotations

from datetime import date

from sqlalchemy import Engine
from sqlmodel import Session

from reclassering.casefile.db import unit_of_work
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
            session, measure_id, version, as_of=date.today(), locale="nl", sd=2.0, reliability=0.8
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
