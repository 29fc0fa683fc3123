"""The daily attention list: measures ending within four weeks to the worker, conferences coming up to the
supervisor (their charts pre-rendered into the server's cache); each told once per date, not every day."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from sqlalchemy import Engine, update

from reclassering.casefile.db import unit_of_work
from reclassering.casefile.models import Conference, Measure
from reclassering.jobs import runner
from reclassering.jobs.base import JobContext
from reclassering.jobs.prerender import chart_cache_warmer
from reclassering.jobs.registry import JOBS
from reclassering.settings import Settings

from ..world import World
from .helpers import notes, on, run

TODAY = date.today()


def test_measures_ending_and_conferences_coming_up(engine: Engine, settings: Settings, world: World) -> None:
    y1, y2 = world.cases["y1"], world.cases["y2"]
    end = TODAY + timedelta(days=20)
    with unit_of_work(engine) as session:
        session.execute(update(Measure).where(Measure.id == y1.measure_id).values(planned_end=end))  # type: ignore[arg-type]
        session.execute(
            update(Measure).where(Measure.id == y2.measure_id).values(planned_end=TODAY + timedelta(days=40))
        )  # type: ignore[arg-type]
        # y3's conference was decided: no reminder
        session.execute(
            update(Conference).where(Conference.id == world.cases["y3"].conference_id).values(decision="carry_on")
        )  # type: ignore[arg-type]

    outcome = run(engine, settings, "daily_attention", on(TODAY))
    assert outcome.status == "done"
    assert outcome.summary == {
        "day": TODAY.isoformat(),
        "measures_ending": 1,
        "conferences_upcoming": 2,
        "prerendered": 0,
        "breaches_unreported": 0,
        "breaches_unreported_team": 0,
    }
    assert notes(engine) == sorted(
        [
            ("conference_upcoming", world["s1"].id, f"conference:{TODAY}", f"conference:{y1.conference_id}", "Amir K."),
            (
                "conference_upcoming",
                world["s1"].id,
                f"conference:{TODAY}",
                f"conference:{y2.conference_id}",
                "Bo de J.",
            ),
            ("measure_ending", world["w1"].id, f"end:{end}", f"measure:{y1.measure_id}", "Amir K."),
        ]
    )
    # the next day: a new key, but the same dates, so nobody is told twice
    tomorrow = run(engine, settings, "daily_attention", on(TODAY + timedelta(days=1)))
    assert tomorrow.status == "done"
    assert (tomorrow.summary["measures_ending"], tomorrow.summary["conferences_upcoming"]) == (0, 0)
    assert len(notes(engine)) == 3


def test_the_embedded_scheduler_prerenders_the_conference_charts(
    engine: Engine, settings: Settings, world: World
) -> None:
    state: dict[str, Any] = {}
    ctx = JobContext(
        engine=engine, settings=settings, now=on(TODAY), hooks={"prerender_measures": chart_cache_warmer(state, "nl")}
    )
    outcome = runner.run(JOBS["daily_attention"], ctx)
    # three measures, each: two goal charts, events, timeline
    assert outcome.summary["prerendered"] == 12
    assert state["chart_cache"].stats().entries == 12
