"""The service's day is the team's (``Settings.timezone``, Europe/Amsterdam by default), not UTC's.

Between midnight in Amsterdam and midnight UTC (one hour in winter, two in summer) the two days differ: a
check-in for the new week must be accepted, and "this week" on the caseload must be the new one. The clock is
``reclassering.casefile.types.utcnow``, set here to a moment in that hour; timestamps and logins keep the real
clock (their modules hold their own reference to it).
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import Engine

from reclassering.app import create_app
from reclassering.casefile import types
from reclassering.casefile.db import make_engine
from reclassering.casefile.errors import Invalid
from reclassering.casefile.fields import not_in_future
from reclassering.casefile.fields import today as service_today
from reclassering.casefile.types import use_day_zone
from reclassering.jobs.scheduler import Ticker
from reclassering.settings import Settings

from ..world import World, build_world
from .test_pages import _log_in

#: Sunday night in December: 00:30 on Monday 7 December in Amsterdam (UTC+1), the first day of week 50.
WINTER_NIGHT = datetime(2026, 12, 6, 23, 30, tzinfo=UTC)
#: Sunday night in June: 00:30 on Monday 15 June in Amsterdam (UTC+2).
SUMMER_NIGHT = datetime(2026, 6, 14, 22, 30, tzinfo=UTC)


@dataclass
class Clock:
    now: datetime = WINTER_NIGHT


@pytest.fixture(autouse=True)
def clock(monkeypatch: pytest.MonkeyPatch) -> Iterator[Clock]:
    """The service's clock at ``WINTER_NIGHT`` (a test may move it); the day's zone back to Amsterdam after."""
    clock = Clock()
    monkeypatch.setattr(types, "utcnow", lambda: clock.now)
    try:
        yield clock
    finally:
        use_day_zone("Europe/Amsterdam")


@pytest.fixture
def world(engine: Engine, clock: Clock) -> World:
    """The usual world, built on the service's day at ``clock.now`` (its check-ins, events and measures)."""
    return build_world(engine)


def test_at_a_winter_midnight_the_day_is_amsterdams_not_utcs(clock: Clock) -> None:
    assert clock.now.date() == date(2026, 12, 6)
    assert service_today() == date(2026, 12, 7)


def test_at_a_summer_midnight_the_day_is_amsterdams_not_utcs(clock: Clock) -> None:
    clock.now = SUMMER_NIGHT
    assert clock.now.date() == date(2026, 6, 14)
    assert service_today() == date(2026, 6, 15)


def test_amsterdams_today_is_not_in_the_future_and_tomorrow_is() -> None:
    not_in_future(date(2026, 12, 7), "the day")
    with pytest.raises(Invalid, match=r"the day \(2026-12-08\) lies in the future"):
        not_in_future(date(2026, 12, 8), "the day")


def _kiritimati(tmp_path: Path) -> Settings:
    """UTC+14: the first place on earth where a new day begins."""
    return Settings(data_dir=tmp_path, secret_key="test", scheduler_embedded=False, timezone="Pacific/Kiritimati")


def test_the_app_takes_its_day_from_the_configured_time_zone(tmp_path: Path, clock: Clock) -> None:
    clock.now = datetime(2026, 12, 6, 10, 30, tzinfo=UTC)  # 11:30 in Amsterdam, 00:30 the next day at UTC+14
    assert service_today() == date(2026, 12, 6)

    create_app(_kiritimati(tmp_path), engine=make_engine(f"sqlite:///{tmp_path}/unused.sqlite3"), migrate=False)

    assert service_today() == date(2026, 12, 7)


def test_the_scheduler_takes_its_day_from_the_configured_time_zone(tmp_path: Path, clock: Clock) -> None:
    clock.now = datetime(2026, 12, 6, 10, 30, tzinfo=UTC)
    engine = make_engine(f"sqlite:///{tmp_path}/unused.sqlite3")

    Ticker(engine, _kiritimati(tmp_path))

    assert service_today() == date(2026, 12, 7)
    engine.dispose()


def test_a_check_in_of_the_new_week_is_accepted_just_after_midnight(client: Any, world: World) -> None:
    case = world.cases["y1"]
    url = f"/api/v1/measures/{case.measure_id}/check-ins"
    body = {"week": "2026-W50", "scores": [{"goal_id": case.goal_ids[1], "rater": "worker", "value": 6}]}

    response = client.post(url, json=body, headers=world["w1"].headers)

    assert response.status_code == 200, response.text
    assert response.json()["week"] == "2026-W50"
    later = client.post(url, json={**body, "week": "2026-W51"}, headers=world["w1"].headers)
    assert later.status_code == 422 and "week 2026-W51 has not begun yet" in later.text


def test_the_caseload_shows_the_new_week_just_after_midnight(client: Any, world: World) -> None:
    _log_in(client, world["w1"].username)

    html = client.get("/caseload").text

    assert "Deze week: week 50 (" in html


def test_a_stored_moment_is_shown_on_the_service_day_it_fell_on() -> None:
    """A link's expiry, a plan's or a summary's date, a withdrawal in a message: a stored UTC moment is shown as
    the day it was where the team works (the pages' ``long_date``/``short_date`` and ``types.day_of``)."""
    from reclassering.api.rendering import _day

    assert types.day_of(WINTER_NIGHT) == date(2026, 12, 7) and _day(WINTER_NIGHT) == date(2026, 12, 7)
    assert types.day_of(SUMMER_NIGHT) == date(2026, 6, 15)
    assert _day(date(2026, 12, 6)) == date(2026, 12, 6)  # a calendar date stays as it is
