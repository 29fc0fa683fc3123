"""The daily attention list: measures ending within four weeks to the worker, conferences coming up to the
supervisor (their charts pre-rendered into the server's cache); each told once per date, not every day."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from sqlalchemy import Engine, update
from sqlmodel import select

from reclassering.casefile import network_links
from reclassering.casefile.db import unit_of_work
from reclassering.casefile.fields import today as service_today
from reclassering.casefile.models import Conference, Measure, Notification, User
from reclassering.jobs import runner
from reclassering.jobs.base import JobContext
from reclassering.jobs.prerender import chart_cache_warmer
from reclassering.jobs.registry import JOBS
from reclassering.settings import Settings

from ..world import World
from .helpers import notes, on, run

TODAY = service_today()


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
        "network_links_expiring": 0,
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


def test_network_links_about_to_expire_are_told_to_who_made_them_once(
    engine: Engine, settings: Settings, world: World
) -> None:
    """A fixed ``now``: links ending within two days (not revoked, not already ended, measure running) notify their
    maker once, in one statement; a rerun the same day and the next day add nothing."""
    y1, y3 = world.cases["y1"], world.cases["y3"]
    now = on(TODAY)
    made: dict[str, int] = {}
    with unit_of_work(engine) as session:
        w1, w3 = session.get(User, world["w1"].id), session.get(User, world["w3"].id)

        def link(name: str, maker: User, case: Any, days: int, hours: int = 0) -> None:
            data = network_links.NetworkLinkCreate(member_id=case.network_member_id, goal_ids=[case.goal_ids[0]])
            row, _ = network_links.create_link(session, maker, case.measure_id, data, default_days=days, now=now)
            row.expires_at = now + timedelta(days=days, hours=hours)
            made[name] = row.id  # type: ignore[assignment]

        link("tomorrow", w1, y1, 1)  # type: ignore[arg-type]
        link("in two days", w3, y3, 2)  # type: ignore[arg-type]
        link("in three days", w1, y1, 3)  # type: ignore[arg-type]
        link("revoked", w1, y1, 1)  # type: ignore[arg-type]
        link("ended", w1, y1, 0, hours=-1)  # type: ignore[arg-type]
        network_links.revoke_link(session, w1, y1.measure_id, made["revoked"], now=now)  # type: ignore[arg-type]

    outcome = run(engine, settings, "daily_attention", now)
    assert outcome.status == "done" and outcome.summary["network_links_expiring"] == 2
    expiring = [n for n in notes(engine) if n[0] == "network_link_expiring"]
    assert expiring == sorted(
        [
            ("network_link_expiring", world["w1"].id, "network_link", f"network_link:{made['tomorrow']}", "Amir K."),
            ("network_link_expiring", world["w3"].id, "network_link", f"network_link:{made['in two days']}", "Cas M."),
        ]
    )
    with unit_of_work(engine) as session:
        params = session.exec(select(Notification.params).where(Notification.kind == "network_link_expiring")).all()
    assert {p["member"] for p in params} == {"Moeder"}
    assert all(len(p["expires_on"]) == 10 for p in params)  # a date (UTC), YYYY-MM-DD
    again = run(engine, settings, "daily_attention", now + timedelta(hours=2))
    assert again.status == "skipped"
    tomorrow = run(engine, settings, "daily_attention", on(TODAY + timedelta(days=1)))
    assert tomorrow.summary["network_links_expiring"] == 1  # only the one now two days away is new
    told = [n[3] for n in notes(engine) if n[0] == "network_link_expiring"]
    assert sorted(told) == sorted(f"network_link:{made[k]}" for k in ("tomorrow", "in two days", "in three days"))
