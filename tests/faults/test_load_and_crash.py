"""A real server under a bounded load, and killed hard in the middle of one (SQLite and PostgreSQL).

- Load: writers record weeks (a note and two scores in one PUT) while youths read their page and the progress;
  the run stops by itself after a few seconds. No answer may be an error, and afterwards every acknowledged
  write is in the database as it was acknowledged.
- Crash: the same writers, then ``SIGKILL`` to the server mid-load. Every acknowledged write is there, no
  check-in is stored without its scores (no half record), each acknowledged write has its audit event, the
  audit chain verifies, SQLite's integrity check passes, and a restarted server is ready.
"""

from __future__ import annotations

import signal
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import timedelta
from pathlib import Path
from typing import Any

import httpx
import pytest
from sqlalchemy import Engine, text
from sqlmodel import Session

from reclassering.casefile import audit_chain
from reclassering.casefile.db import make_engine, upgrade
from reclassering.casefile.fields import today as service_today
from reclassering.casefile.weeks import week_of

from ..live import free_port, start_server, stop, throwaway_database, wait_until_up
from ..world import World, build_world

LOAD_SECONDS = 4.0


@dataclass
class Server:
    url: str
    engine: Engine
    world: World
    database_url: str
    tmp: Path
    log: Path
    process: Any = None

    def start(self) -> None:
        port = int(self.url.rsplit(":", 1)[1])
        self.process = start_server(self.database_url, self.tmp, port, self.log)
        wait_until_up(self.url, self.process, self.log, "/health/ready")


@pytest.fixture(params=["sqlite", "postgres"])
def server(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Server]:
    databases = throwaway_database(request.param, tmp_path, "faults")
    database_url = next(databases)
    engine = make_engine(database_url)
    upgrade(engine)
    world = build_world(engine)
    live = Server(f"http://127.0.0.1:{free_port()}", engine, world, database_url, tmp_path, tmp_path / "server.log")
    live.start()
    try:
        yield live
    finally:
        if live.process is not None and live.process.poll() is None:
            stop(live.process)
        engine.dispose()
        for _ in databases:
            pass


@dataclass
class Ledger:
    """What the server acknowledged: (measure, week) → the note and the score of the last acknowledged write."""

    acknowledged: dict[tuple[int, str], tuple[str, int]] = field(default_factory=dict)
    errors: list[str] = field(default_factory=list)
    #: How many writes were acknowledged in all (several per week).
    writes: int = 0
    reads: int = 0
    lock: threading.Lock = field(default_factory=threading.Lock)


def _writer(server: Server, worker: str, case: str, weeks: list[str], stop_at: float, ledger: Ledger) -> None:
    person, measure = server.world[worker], server.world.cases[case]
    n = 0
    with httpx.Client(base_url=server.url, headers=person.headers, timeout=30) as client:
        while time.monotonic() < stop_at:
            for week in weeks:
                n += 1
                note, value = f"write {n} of {week}", n % 11
                body = {
                    "went_well": note,
                    "scores": [{"goal_id": g, "rater": "worker", "value": value} for g in measure.goal_ids],
                }
                try:
                    answer = client.put(f"/api/v1/measures/{measure.measure_id}/check-ins/{week}", json=body)
                except httpx.TransportError:
                    return  # the server is gone (the crash test): this write was never acknowledged
                with ledger.lock:
                    if answer.status_code == 200:
                        ledger.acknowledged[(measure.measure_id, week)] = (note, value)
                        ledger.writes += 1
                    else:
                        ledger.errors.append(f"PUT {week}: {answer.status_code} {answer.text[:200]}")


def _reader(server: Server, youth: str, case: str, stop_at: float, ledger: Ledger) -> None:
    person, measure = server.world[youth], server.world.cases[case]
    with httpx.Client(base_url=server.url, headers=person.headers, timeout=30) as client:
        while time.monotonic() < stop_at:
            for path in ("/mijn", f"/api/v1/measures/{measure.measure_id}/progress"):
                try:
                    answer = client.get(path)
                except httpx.TransportError:
                    return
                with ledger.lock:
                    ledger.reads += 1
                    if answer.status_code != 200:
                        ledger.errors.append(f"GET {path}: {answer.status_code} {answer.text[:200]}")


def _weeks(back: range) -> list[str]:
    return [week_of(service_today() - timedelta(weeks=i)) for i in back]


def _load(server: Server, seconds: float, ledger: Ledger) -> list[threading.Thread]:
    stop_at = time.monotonic() + seconds
    threads = [
        threading.Thread(target=_writer, args=(server, "w1", "y1", _weeks(range(1, 5)), stop_at, ledger)),
        threading.Thread(target=_writer, args=(server, "w1", "y1", _weeks(range(5, 9)), stop_at, ledger)),
        threading.Thread(target=_writer, args=(server, "w3", "y3", _weeks(range(1, 9)), stop_at, ledger)),
        threading.Thread(target=_reader, args=(server, "y1", "y1", stop_at, ledger)),
        threading.Thread(target=_reader, args=(server, "y2", "y2", stop_at, ledger)),
    ]
    for thread in threads:
        thread.start()
    return threads


def _stored(engine: Engine) -> dict[tuple[int, str], tuple[str, set[int], int]]:
    """(measure, week) → (note, the distinct worker score values, how many worker scores) as stored."""
    with engine.connect() as connection:
        rows = connection.execute(
            text(
                "SELECT c.measure_id, c.week, c.went_well, s.value FROM check_in c "
                "LEFT JOIN score s ON s.check_in_id = c.id AND s.rater_key = 'worker'"
            )
        ).all()
    stored: dict[tuple[int, str], tuple[str, set[int], int]] = {}
    for measure_id, week, note, value in rows:
        _, values, count = stored.get((measure_id, week), (note, set(), 0))
        stored[(measure_id, week)] = (note, values | ({value} if value is not None else set()), count + 1)
    return stored


def _check_acknowledged(server: Server, ledger: Ledger, *, exact: bool) -> None:
    stored = _stored(server.engine)
    assert ledger.acknowledged, "no write was acknowledged"
    for key, (note, value) in ledger.acknowledged.items():
        assert key in stored, f"acknowledged check-in {key} is missing"
        stored_note, values, _ = stored[key]
        if exact:  # one writer per week and nothing in flight: the last acknowledged write is what is stored
            assert (stored_note, values) == (note, {value})
        else:  # a write in flight when the server died may have landed after the last acknowledged one
            assert int(stored_note.split()[1]) >= int(note.split()[1])
    for key, (note, values, count) in stored.items():
        if note and note.startswith("write "):
            goals = len(server.world.cases["y1" if key[0] == server.world.cases["y1"].measure_id else "y3"].goal_ids)
            assert count == goals and values == {int(note.split()[1]) % 11}, f"half record at {key}"


def _audited_writes(engine: Engine) -> int:
    with engine.connect() as connection:
        return connection.execute(
            text(
                "SELECT count(*) FROM audit_event WHERE object_type = 'check_in' AND action = 'update' "
                "AND outcome = 'success'"
            )
        ).scalar_one()


def test_bounded_load_has_no_errors_and_loses_no_acknowledged_write(server: Server) -> None:
    ledger = Ledger()
    before = _audited_writes(server.engine)
    for thread in _load(server, LOAD_SECONDS, ledger):
        thread.join(timeout=120)
    assert ledger.errors == []
    assert ledger.reads > 0
    _check_acknowledged(server, ledger, exact=True)
    assert _audited_writes(server.engine) - before == ledger.writes  # every write in the trail, none twice


def test_sigkill_mid_load_loses_no_acknowledged_write_and_leaves_no_half_record(server: Server) -> None:
    ledger = Ledger()
    before = _audited_writes(server.engine)
    threads = _load(server, 30.0, ledger)
    time.sleep(2.5)
    server.process.send_signal(signal.SIGKILL)
    server.process.wait(timeout=30)
    for thread in threads:
        thread.join(timeout=60)
    assert ledger.errors == []
    _check_acknowledged(server, ledger, exact=False)

    server.engine.dispose()
    engine = make_engine(server.database_url)
    if server.database_url.startswith("sqlite"):
        with engine.connect() as connection:
            assert connection.execute(text("PRAGMA integrity_check")).scalar_one() == "ok"
    with Session(engine) as session:
        verdict = audit_chain.verify(session)
    assert verdict.broken is None
    # each acknowledged write has its audit event (at most one more: a write in flight that landed)
    assert ledger.writes <= _audited_writes(engine) - before <= ledger.writes + 3
    engine.dispose()

    server.start()  # the database opens cleanly: a restarted server is ready (schema at head)
    assert httpx.get(f"{server.url}/health/ready", timeout=10).status_code == 200
