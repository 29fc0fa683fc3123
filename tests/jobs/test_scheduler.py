"""One active scheduler at a time: the database lease, the tick, and two real processes on one PostgreSQL."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from datetime import timedelta
from pathlib import Path

import msgspec
import pytest
from sqlalchemy import Engine
from sqlmodel import Session, select

from reclassering.casefile.db import make_engine
from reclassering.casefile.models import JobRun
from reclassering.jobs import lease
from reclassering.jobs.scheduler import Ticker
from reclassering.settings import Settings

from ..conftest import _empty_postgres
from ..world import World
from .helpers import monday

SRC = Path(__file__).resolve().parents[2] / "src"


def test_the_lease_has_one_holder_until_it_expires(engine: Engine) -> None:
    t0 = monday(0)
    assert lease.acquire(engine, "a", 30, now=t0)
    assert not lease.acquire(engine, "b", 30, now=t0 + timedelta(seconds=10))
    assert lease.acquire(engine, "a", 30, now=t0 + timedelta(seconds=20))  # heartbeat renews it
    assert not lease.acquire(engine, "b", 30, now=t0 + timedelta(seconds=45))
    assert lease.acquire(engine, "b", 30, now=t0 + timedelta(seconds=51))  # a fell silent: b takes over
    assert not lease.acquire(engine, "a", 30, now=t0 + timedelta(seconds=52))
    lease.release(engine, "b")
    assert lease.acquire(engine, "a", 30, now=t0 + timedelta(seconds=53))


def test_only_the_active_scheduler_runs_jobs_and_each_once(engine: Engine, settings: Settings, world: World) -> None:
    first, second = Ticker(engine, settings, holder="one"), Ticker(engine, settings, holder="two")
    now = monday(2)
    done = first.tick(now)
    assert sorted((o.job, o.status) for o in done) == [
        ("daily_attention", "done"),
        ("retention", "done"),
        ("weekly_round", "done"),
    ]
    assert second.tick(now + timedelta(seconds=5)) == []
    assert {o.status for o in first.tick(now + timedelta(seconds=15))} == {"skipped"}
    # "one" dies; after its lease runs out "two" takes over and finds everything done
    later = now + timedelta(seconds=settings.scheduler_lease_seconds + 16)
    assert {o.status for o in second.tick(later)} == {"skipped"}
    assert second.active
    with Session(engine) as session:
        runs = session.exec(select(JobRun)).all()
        assert sorted((r.job, r.holder, r.status) for r in runs) == [
            ("daily_attention", "one", "done"),
            ("retention", "one", "done"),
            ("weekly_round", "one", "done"),
        ]


def test_a_failing_job_is_recorded_and_retried_on_the_next_tick(
    engine: Engine, settings: Settings, world: World
) -> None:
    # a retention rule that does not parse (an unknown retention mode is refused at start already)
    broken = msgspec.structs.replace(settings, retention_years_by_kind="stp=vijf")
    ticker = Ticker(engine, broken, holder="one")
    outcomes = {o.job: o for o in ticker.tick(monday(2))}
    assert outcomes["retention"].status == "failed"
    assert "retention_years_by_kind" in outcomes["retention"].error.lower()
    assert outcomes["weekly_round"].status == "done"  # one failing job does not stop the others
    ticker.settings = settings
    again = {o.job: o.status for o in ticker.tick(monday(2) + timedelta(seconds=15))}
    assert again == {"weekly_round": "skipped", "daily_attention": "skipped", "retention": "done"}
    with Session(engine) as session:
        run = session.exec(select(JobRun).where(JobRun.job == "retention")).one()
        assert (run.status, run.attempts, run.error) == ("done", 2, "")


def _holder(url: str) -> str | None:
    engine = make_engine(url)
    try:
        row = lease.holder_of(engine)
        return row.holder if row is not None and row.expires_at.timestamp() > time.time() else None
    finally:
        engine.dispose()


def _wait(predicate, seconds: float) -> float:  # type: ignore[no-untyped-def]
    start = time.monotonic()
    while time.monotonic() - start < seconds:
        if predicate():
            return time.monotonic() - start
        time.sleep(0.1)
    raise AssertionError(f"not within {seconds} s")


@pytest.mark.postgres
def test_two_scheduler_processes_one_database(postgres_url: str, tmp_path: Path) -> None:
    """Each job fires once; when the active process is killed (SIGKILL) the other takes over within the lease."""
    engine = make_engine(postgres_url)
    _empty_postgres(engine)
    env = {
        **os.environ,
        "PYTHONPATH": str(SRC),
        "RECLASSERING_DATABASE_URL": postgres_url,
        "RECLASSERING_DATA_DIR": str(tmp_path),
        "RECLASSERING_SCHEDULER_TICK_SECONDS": "0.5",
        "RECLASSERING_SCHEDULER_LEASE_SECONDS": "3",
    }
    command = [sys.executable, "-m", "reclassering.cli", "scheduler"]
    logs = [open(tmp_path / f"scheduler-{i}.log", "w") for i in range(2)]  # noqa: SIM115
    processes = [subprocess.Popen(command, env=env, stdout=log, stderr=subprocess.STDOUT) for log in logs]
    try:
        _wait(lambda: _holder(postgres_url) is not None, 15)
        with Session(engine) as session:
            _wait(lambda: len(session.exec(select(JobRun)).all()) == 3, 10)
        first = _holder(postgres_url)
        assert first is not None
        pids = {p.pid: p for p in processes}
        active_pid = int(first.split(":")[1])
        other = next(p for pid, p in pids.items() if pid != active_pid)
        time.sleep(1.5)  # both tick a few times more: nothing runs twice
        pids[active_pid].send_signal(signal.SIGKILL)
        pids[active_pid].wait(5)
        took = _wait(lambda: (_holder(postgres_url) or "").split(":")[1:2] == [str(other.pid)], 10)
        assert took <= 3 + 0.5 + 1.5  # the lease, a tick, and slack for a busy machine
        time.sleep(1.0)
        with Session(engine) as session:
            runs = session.exec(select(JobRun)).all()
        assert sorted(r.job for r in runs) == ["daily_attention", "retention", "weekly_round"]
        assert {r.status for r in runs} == {"done"} and {r.holder for r in runs} == {first}
    finally:
        for process in processes:
            if process.poll() is None:
                process.send_signal(signal.SIGTERM)
                try:
                    process.wait(5)
                except subprocess.TimeoutExpired:
                    process.kill()
        for log in logs:
            log.close()
        engine.dispose()


def test_the_scheduler_starts_and_stops_with_the_server(engine: Engine, settings: Settings, world: World) -> None:
    from litestar.testing import TestClient

    from reclassering.app import create_app

    embedded = msgspec.structs.replace(settings, scheduler_embedded=True, scheduler_tick_seconds=0.2)
    app = create_app(embedded, engine=engine, migrate=False)
    with TestClient(app) as client, Session(engine) as session:
        _wait(lambda: len(session.exec(select(JobRun).where(JobRun.status == "done")).all()) == 3, 15)
        assert client.get("/health").status_code == 200
        assert lease.holder_of(engine) is not None
    released = lease.holder_of(engine)
    assert released is not None and released.expires_at.year == 1970  # given up on shutdown
