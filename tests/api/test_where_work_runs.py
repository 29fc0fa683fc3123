"""Database work runs on the event loop; rendering runs in a worker thread (docs/architecture.md, "Where the work
runs"). Each SQL statement is recorded with the thread that sent it: a read's statements, from the token lookup
to the commit, all come from one thread (the loop's), while a chart that is not cached is drawn, and its data
read, in another."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from sqlalchemy import Engine, event

from ..world import World


@contextmanager
def statement_threads(engine: Engine) -> Iterator[list[tuple[int, str]]]:
    seen: list[tuple[int, str]] = []

    def before(conn: Any, cursor: Any, statement: str, *args: Any) -> None:
        seen.append((threading.get_ident(), " ".join(statement.split())))

    event.listen(engine, "before_cursor_execute", before)
    try:
        yield seen
    finally:
        event.remove(engine, "before_cursor_execute", before)


def _loop_thread(seen: list[tuple[int, str]]) -> int:
    """The thread of the token lookup, which runs on the event loop (in the authentication middleware)."""
    return next(thread for thread, sql in seen if "JOIN auth_token" in sql)


def test_a_progress_read_runs_on_the_event_loop_from_token_to_commit(client: Any, engine: Engine, world: World) -> None:
    case = world.cases["y1"]
    with statement_threads(engine) as seen:
        response = client.get(f"/api/v1/measures/{case.measure_id}/progress", headers=world["w1"].headers)
    assert response.status_code == 200, response.text
    assert len(seen) > 3  # token, reach, data version, series, audit chain
    assert {thread for thread, _ in seen} == {_loop_thread(seen)}


def test_a_check_in_write_runs_on_the_event_loop(client: Any, engine: Engine, world: World) -> None:
    case = world.cases["y1"]
    goals = client.get(f"/api/v1/measures/{case.measure_id}/goals", headers=world["w1"].headers).json()["items"]
    body = {"scores": [{"goal_id": goals[0]["id"], "rater": "worker", "value": 6}]}
    with statement_threads(engine) as seen:
        response = client.put(
            f"/api/v1/measures/{case.measure_id}/check-ins/2026-W45", json=body, headers=world["w1"].headers
        )
    assert response.status_code in (200, 201), response.text
    assert any(sql.startswith("INSERT INTO score") for _, sql in seen)
    assert {thread for thread, _ in seen} == {_loop_thread(seen)}


def test_a_chart_not_yet_cached_is_drawn_in_a_worker_thread_and_then_served_from_the_loop(
    client: Any, engine: Engine, world: World
) -> None:
    case = world.cases["y1"]
    url = f"/api/v1/measures/{case.measure_id}/charts/timeline.png"
    with statement_threads(engine) as cold:
        first = client.get(url, headers=world["w1"].headers)
    assert first.status_code == 200 and first.content.startswith(b"\x89PNG")
    loop = _loop_thread(cold)
    drawn_from = {thread for thread, sql in cold if "FROM score JOIN check_in" in sql}
    assert drawn_from and loop not in drawn_from  # the series for the drawing were read off the loop
    assert any(thread == loop for thread, sql in cold if sql.startswith("INSERT INTO audit_event"))

    with statement_threads(engine) as cached:
        second = client.get(url, headers=world["w1"].headers)
    assert second.status_code == 200 and second.content == first.content
    assert {thread for thread, _ in cached} == {_loop_thread(cached)}
