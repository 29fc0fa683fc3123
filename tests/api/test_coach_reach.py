"""A colleague named as one of Safe Path's two professional coaches reaches that youth's record while the measure
runs, also from another team; nobody else gains anything, and the reach ends with the measure."""

from __future__ import annotations

from typing import Any

from sqlalchemy import Engine, update

from reclassering.casefile.db import unit_of_work
from reclassering.casefile.models import Measure
from reclassering.casefile.models.coaches import Coach, CoachPair

from ..world import World


def _coach(engine: Engine, measure_id: int, user_id: int) -> None:
    with unit_of_work(engine) as session:
        pair = CoachPair(measure_id=measure_id)
        session.add(pair)
        session.flush()
        session.add(Coach(pair_id=pair.id, position=1, user_id=user_id))  # type: ignore[arg-type]
        session.add(Coach(pair_id=pair.id, position=2, name="Ilse V.", organisation="Samen Verder"))  # type: ignore[arg-type]


def test_a_coach_from_another_team_reaches_the_youth_while_the_measure_runs(
    client: Any, world: World, engine: Engine
) -> None:
    case = world.cases["y1"]  # Amir, of Wessel (team Noord, which does not share its caseload)
    coach = world["w3"]  # Wim, of team Zuid
    assert client.get(f"/api/v1/youths/{case.youth_id}", headers=coach.headers).status_code == 404
    _coach(engine, case.measure_id, coach.id)

    assert client.get(f"/api/v1/youths/{case.youth_id}", headers=coach.headers).status_code == 200
    listed = client.get("/api/v1/youths?limit=200", headers=coach.headers).json()["items"]
    assert case.youth_id in [y["id"] for y in listed]
    # nobody else of team Zuid gains anything from it
    assert client.get(f"/api/v1/youths/{case.youth_id}", headers=world["s2"].headers).status_code == 404
    assert client.get(f"/api/v1/youths/{world.cases['y2'].youth_id}", headers=coach.headers).status_code == 404

    with unit_of_work(engine) as session:
        session.execute(update(Measure).where(Measure.id == case.measure_id).values(status="completed"))  # type: ignore[arg-type]
    assert client.get(f"/api/v1/youths/{case.youth_id}", headers=coach.headers).status_code == 404
