"""Benchmark: the weekly round, the daily attention list and the retention run over growing databases, timed
and counted.

Bulk-inserts N youths (one worker per 25 youths, one team supervisor), each with one measure; half of the
measures miss last week's check-in, a quarter closed long enough ago to fall under retention, and one in
eight active measures has a condition breach of three weeks ago that nobody reported back. Prints the
time and the number of SQL statements of each run. The statement count is the point: it stays the same
whatever N (set-based SQL, not a query per youth). No assertions: the figures are for reading.

    python benchmarks/jobs.py [--sizes 100,1000,5000] [--database-url URL]

With --database-url (PostgreSQL), use a scratch database: its public schema is dropped and made afresh.
"""

from __future__ import annotations

import argparse
import logging
import tempfile
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

from sqlalchemy import Engine, event, insert, text

from reclassering.casefile.db import make_engine, unit_of_work, upgrade
from reclassering.casefile.fields import today as service_today
from reclassering.casefile.models import CheckIn, Measure, Setback, Team, User, Youth
from reclassering.casefile.weeks import week_of
from reclassering.jobs import runner
from reclassering.jobs.base import JobContext
from reclassering.jobs.registry import JOBS
from reclassering.settings import Settings


def _seed(engine: Engine, n: int) -> None:
    today = service_today()
    now = datetime.now(UTC)
    last_week = week_of(today - timedelta(weeks=1))
    with unit_of_work(engine) as session:
        team = Team(name="Bench")
        session.add(team)
        session.flush()
        workers = max(n // 25, 1)
        session.execute(
            insert(User),
            [
                {
                    "username": f"w{i}",
                    "display_name": f"W {i}",
                    "password_hash": "x",
                    "role": "worker",
                    "team_id": team.id,
                    "active": True,
                    "locale": "nl",
                    "created_at": now,
                }
                for i in range(workers)
            ]
            + [
                {
                    "username": "s",
                    "display_name": "S",
                    "password_hash": "x",
                    "role": "supervisor",
                    "team_id": team.id,
                    "active": True,
                    "locale": "nl",
                    "created_at": now,
                }
            ],
        )
        first_worker = session.execute(text("SELECT min(id) FROM app_user")).scalar_one()
        session.execute(
            insert(Youth),
            [
                {
                    "display_name": f"J {i}",
                    "birth_year": 2010,
                    "worker_id": first_worker + i % workers,
                    "team_id": team.id,
                    "created_at": now,
                    "updated_at": now,
                }
                for i in range(n)
            ],
        )
        first_youth = session.execute(text("SELECT min(id) FROM youth")).scalar_one()
        long_ago = today - timedelta(days=365 * 21)
        rows = []
        for i in range(n):
            closed = i % 4 == 0
            rows.append(
                {
                    "youth_id": first_youth + i,
                    "kind": "toezicht_begeleiding",
                    "legal_basis": "",
                    "imposed_by": "om",
                    "start_date": (long_ago - timedelta(days=200)) if closed else today - timedelta(weeks=20),
                    "planned_end": long_ago if closed else today + timedelta(weeks=20),
                    "ended_on": long_ago if closed else None,
                    "status": "completed" if closed else "active",
                    "created_at": now,
                    "updated_at": now,
                }
            )
        session.execute(insert(Measure), rows)
        first_measure = session.execute(text("SELECT min(id) FROM measure")).scalar_one()
        session.execute(
            insert(CheckIn),
            [
                {
                    "measure_id": first_measure + i,
                    "week": last_week,
                    "went_well": "",
                    "worries": "",
                    "next_steps": "",
                    "created_at": now,
                    "updated_at": now,
                }
                for i in range(n)
                if i % 2 == 1
            ],
        )
        session.execute(
            insert(Setback),
            [
                {
                    "measure_id": first_measure + i,
                    "occurred_on": today - timedelta(weeks=3),
                    "kind": "condition_breach",
                    "severity": "serious",
                    "text": "Synthetisch",
                    "response": "none_yet",
                    "response_note": "",
                    "resolved": False,
                    "withdrawal_reason": "",
                    "created_at": now,
                    "updated_at": now,
                }
                for i in range(n)
                if i % 8 == 1
            ],
        )


def _measure(engine: Engine, settings: Settings, name: str) -> tuple[float, int, dict[str, Any]]:
    statements = 0

    def count(*_: Any) -> None:
        nonlocal statements
        statements += 1

    event.listen(engine, "before_cursor_execute", count)
    try:
        start = time.perf_counter()
        outcome = runner.run(JOBS[name], JobContext(engine=engine, settings=settings, now=datetime.now(UTC)))
        elapsed = time.perf_counter() - start
    finally:
        event.remove(engine, "before_cursor_execute", count)
    return elapsed, statements, outcome.summary


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sizes", default="100,1000,5000")
    parser.add_argument("--database-url", default="")
    args = parser.parse_args()
    logging.disable(logging.WARNING)
    print(f"{'youths':>7} {'job':<15} {'seconds':>8} {'statements':>10}  summary")
    for n in [int(s) for s in args.sizes.split(",")]:
        with tempfile.TemporaryDirectory() as folder:
            url = args.database_url or f"sqlite:///{Path(folder) / 'bench.sqlite3'}"
            engine = make_engine(url)
            if args.database_url:  # a fresh schema per size
                with engine.begin() as connection:
                    connection.execute(text("DROP SCHEMA public CASCADE"))
                    connection.execute(text("CREATE SCHEMA public"))
            upgrade(engine)
            _seed(engine, n)
            settings = Settings(data_dir=Path(folder), secret_key="bench", scheduler_embedded=False)
            for name in ("weekly_round", "daily_attention", "retention"):
                seconds, statements, summary = _measure(engine, settings, name)
                short = {k: v for k, v in summary.items() if isinstance(v, int)}
                print(f"{n:>7} {name:<15} {seconds:>8.3f} {statements:>10}  {short}")
            engine.dispose()


if __name__ == "__main__":
    main()
