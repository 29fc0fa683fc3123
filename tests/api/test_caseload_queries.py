"""Listing the caseload costs a constant number of queries, however many youths it shows (no N+1)."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from sqlalchemy import Engine

from reclassering.casefile import checkins, events, measures
from reclassering.casefile.db import unit_of_work
from reclassering.casefile.fields import today as service_today
from reclassering.casefile.models import User, Youth
from reclassering.casefile.weeks import week_of

from ..conftest import count_queries
from ..world import World


def _add_youths(engine: Engine, worker_id: int, n: int) -> None:
    with unit_of_work(engine) as session:
        worker = session.get(User, worker_id)
        assert worker is not None
        for i in range(n):
            youth = Youth(
                display_name=f"Extra {i:02d}",
                birth_year=service_today().year - 17,
                worker_id=worker_id,
                team_id=worker.team_id,
            )  # type: ignore[arg-type]
            session.add(youth)
            session.flush()
            start = service_today() - timedelta(weeks=8)
            measure = measures.create_measure(
                session,
                youth.id,
                measures.MeasureCreate(  # type: ignore[arg-type]
                    kind="gbm", imposed_by="om", start_date=start, planned_end=start + timedelta(days=200)
                ),
            )  # type: ignore[arg-type]
            checkins.record_check_in(
                session,
                worker,
                measure.id,
                week_of(service_today() - timedelta(weeks=i % 5)),  # type: ignore[arg-type]
                checkins.CheckInWrite(went_well="ok"),
            )
            events.record_setback(
                session,
                worker,
                measure.id,
                events.SetbackCreate(  # type: ignore[arg-type]
                    occurred_on=service_today(), kind="school_absence", severity="minor", text="Spijbelen"
                ),
            )  # type: ignore[arg-type]


def _list(client: Any, engine: Engine, world: World) -> tuple[int, list[dict[str, Any]]]:
    with count_queries(engine) as counter:
        response = client.get("/api/v1/youths?limit=200", headers=world["w1"].headers)
    assert response.status_code == 200
    return counter.count, response.json()["items"]


def test_caseload_query_count_does_not_grow_with_the_caseload(client: Any, engine: Engine, world: World) -> None:
    small_count, small_items = _list(client, engine, world)
    _add_youths(engine, world["w1"].id, 30)
    large_count, large_items = _list(client, engine, world)
    assert len(small_items) == 1 and len(large_items) == 31
    assert large_count == small_count
    assert small_count <= 8
    extra = [i for i in large_items if i["display_name"].startswith("Extra")]
    assert all(i["open_setbacks"] == 1 and i["latest_week"] is not None for i in extra)
    assert all(i["active_measure_kind"] == "gbm" for i in extra)
