"""Twenty writers of the same week at once: every one gets 200 and the stored week is one writer's whole write."""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor
from datetime import timedelta
from threading import Barrier
from typing import Any

import pytest
from sqlalchemy import Engine, text

from reclassering.casefile.fields import today as service_today
from reclassering.casefile.weeks import week_of

from ..world import World

WRITERS = 20


def _body(i: int, goal_ids: list[int], week: str | None) -> dict[str, Any]:
    body: dict[str, Any] = {
        "went_well": f"schrijver {i}",
        "worries": f"zorg {i}",
        "next_steps": f"stap {i}",
        "scores": [
            {"goal_id": goal_ids[0], "rater": "worker", "value": i % 11},
            {"goal_id": goal_ids[1], "rater": "worker", "value": i // 11},
        ],
    }
    if week is not None:
        body["week"] = week
    return body


@pytest.mark.parametrize("method", ["PUT", "POST"])
def test_simultaneous_writes_of_one_week_all_succeed(method: str, client: Any, world: World, engine: Engine) -> None:
    case = world.cases["y1"]
    week = week_of(service_today() - timedelta(weeks=2))  # not yet recorded in the world
    base = f"/api/v1/measures/{case.measure_id}/check-ins"
    barrier = Barrier(WRITERS)

    def write(i: int) -> int:
        barrier.wait()
        if method == "PUT":
            response = client.put(f"{base}/{week}", headers=world["w1"].headers, json=_body(i, case.goal_ids, None))
        else:
            response = client.post(base, headers=world["w1"].headers, json=_body(i, case.goal_ids, week))
        return response.status_code

    with ThreadPoolExecutor(WRITERS) as pool:
        statuses = list(pool.map(write, range(WRITERS)))
    assert statuses == [200] * WRITERS

    with engine.connect() as connection:
        rows = connection.execute(
            text("SELECT id, went_well, worries, next_steps FROM check_in WHERE measure_id = :m AND week = :w"),
            {"m": case.measure_id, "w": week},
        ).all()
        assert len(rows) == 1
        check_in_id, went_well, worries, next_steps = rows[0]
        writer = int(went_well.removeprefix("schrijver "))
        assert (worries, next_steps) == (f"zorg {writer}", f"stap {writer}")
        scores = dict(
            connection.execute(
                text("SELECT goal_id, value FROM score WHERE check_in_id = :c AND rater_key = 'worker'"),
                {"c": check_in_id},
            ).all()
        )
    assert scores == {case.goal_ids[0]: writer % 11, case.goal_ids[1]: writer // 11}
