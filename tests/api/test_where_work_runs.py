"""Database work runs on the event loop; rendering runs in a worker thread (docs/architecture.md, "Where the work
runs"). Each SQL statement is recorded with the thread that sent it: a read's statements, from the token lookup
to the commit, all come from one thread (the loop's), while a chart that is not cached is drawn, and its data
read, in another."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from datetime import timedelta
from threading import Barrier
from typing import Any

from sqlalchemy import Engine, event

from reclassering.casefile.fields import today as service_today
from reclassering.casefile.weeks import week_of

from ..world import PASSWORD, World


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


def test_a_login_hashes_writes_and_commits_in_one_worker_thread(client: Any, engine: Engine, world: World) -> None:
    """``deps.in_thread``: the handler and its commit are one job, so no lock taken by the handler waits for the
    event loop to be released."""
    with statement_threads(engine) as before:
        client.get("/api/v1/auth/me", headers=world["w1"].headers)
    loop = _loop_thread(before)
    with statement_threads(engine) as seen:
        response = client.post("/api/v1/auth/login", json={"username": world["w1"].username, "password": PASSWORD})
    assert response.status_code == 200, response.text
    token_insert = next(thread for thread, sql in seen if sql.startswith("INSERT INTO auth_token"))
    assert token_insert != loop
    writes = {thread for thread, sql in seen if sql.startswith(("INSERT", "UPDATE", "DELETE"))}
    assert writes == {token_insert}


def test_logins_in_threads_and_writes_on_the_loop_at_once_all_succeed(client: Any, world: World) -> None:
    """Logins (a worker thread each, writing their token) and check-in writes (on the event loop) at the same
    moment: none waits on a lock or a pooled connection that only the blocked loop could give back."""
    case = world.cases["y1"]
    goals = client.get(f"/api/v1/measures/{case.measure_id}/goals", headers=world["w1"].headers).json()["items"]
    start = Barrier(16)

    def login(_: int) -> int:
        start.wait()
        return client.post(
            "/api/v1/auth/login", json={"username": world["w1"].username, "password": PASSWORD}
        ).status_code

    def write(n: int) -> int:
        start.wait()
        body = {"went_well": f"week {n}", "scores": [{"goal_id": goals[0]["id"], "rater": "worker", "value": n}]}
        url = f"/api/v1/measures/{case.measure_id}/check-ins/{week_of(service_today() - timedelta(weeks=3 + n))}"
        return client.put(url, json=body, headers=world["w1"].headers).status_code

    with ThreadPoolExecutor(16) as pool:
        logins = [pool.submit(login, n) for n in range(8)]
        writes = [pool.submit(write, n) for n in range(8)]
        login_statuses = [f.result() for f in logins]
        assert set(login_statuses) <= {200, 429} and 200 in login_statuses  # 429: the login throttle, by design
        assert {f.result() for f in writes} <= {200, 201}
