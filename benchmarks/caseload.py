"""Benchmark: the caseload list and a weekly check-in, through real HTTP on a SQLite file (or PostgreSQL).

Prints, for caseloads of growing size, the median time of ``GET /api/v1/youths`` and the number of SQL
statements it costs, as ratios against the smallest caseload measured in the same run; and the median time
of recording a week (``PUT /api/v1/measures/{id}/check-ins/{week}``) against a bare ``GET /health`` (the
framework's floor). No assertions: the figures are for reading.

    python benchmarks/caseload.py [--sizes 10,100,500] [--repeat 30] [--database-url URL]
"""

from __future__ import annotations

import argparse
import logging
import statistics
import tempfile
import time
from datetime import timedelta
from pathlib import Path
from typing import Any

from litestar.testing import TestClient
from sqlalchemy import Engine, event

from reclassering.app import create_app
from reclassering.casefile import checkins, goals, measures, users
from reclassering.casefile.db import make_engine, unit_of_work, upgrade
from reclassering.casefile.fields import today as service_today
from reclassering.casefile.models import Youth
from reclassering.casefile.weeks import week_of
from reclassering.settings import Settings

PASSWORD = "benchmark-wachtwoord"


def _seed(engine: Engine, n: int) -> tuple[int, list[int]]:
    """A worker with ``n`` youths, each with a measure, two goals and eight scored weeks."""
    with unit_of_work(engine) as session:
        team = users.create_team(session, f"Team {n}")
        worker = users.create_user(session, username=f"worker{n}", password=PASSWORD, role="worker", team_id=team.id)
        measure_ids = []
        start = service_today() - timedelta(weeks=10)
        for i in range(n):
            youth = Youth(
                display_name=f"Jongere {i:04d}",
                birth_year=service_today().year - 16,
                worker_id=worker.id,
                team_id=team.id,
            )  # type: ignore[arg-type]
            session.add(youth)
            session.flush()
            measure = measures.create_measure(
                session,
                youth.id,
                measures.MeasureCreate(  # type: ignore[arg-type]
                    kind="gbm", imposed_by="om", start_date=start, planned_end=start + timedelta(days=300)
                ),
            )  # type: ignore[arg-type]
            goal_ids = [
                goals.create_goal(
                    session,
                    worker,
                    measure.id,
                    goals.GoalCreate(  # type: ignore[arg-type]
                        title=f"Doel {g}", life_domain="school_work"
                    ),
                ).id
                for g in range(2)
            ]  # type: ignore[arg-type]
            for w in range(8):
                checkins.record_check_in(
                    session,
                    worker,
                    measure.id,
                    week_of(start + timedelta(weeks=w + 1)),  # type: ignore[arg-type]
                    checkins.CheckInWrite(
                        scores=[
                            checkins.ScoreEntry(goal_id=g, rater="worker", value=(w + g) % 11)  # type: ignore[arg-type]
                            for g in goal_ids
                        ]
                    ),
                )
            measure_ids.append(measure.id)
        return worker.id, measure_ids  # type: ignore[return-value]


def _median_ms(samples: list[float]) -> float:
    return statistics.median(samples) * 1000


def _time(client: TestClient, method: str, url: str, repeat: int, **kwargs: Any) -> list[float]:
    samples = []
    for _ in range(repeat):
        t0 = time.perf_counter()
        response = client.request(method, url, **kwargs)
        samples.append(time.perf_counter() - t0)
        assert response.status_code < 300, response.text
    return samples


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sizes", default="10,100,500", help="caseload sizes, comma-separated")
    parser.add_argument("--repeat", type=int, default=30)
    parser.add_argument("--database-url", default="", help="default: a temporary SQLite file")
    args = parser.parse_args()
    logging.getLogger("httpx").setLevel(logging.WARNING)
    sizes = [int(s) for s in args.sizes.split(",")]

    with tempfile.TemporaryDirectory() as tmp:
        url = args.database_url or f"sqlite:///{Path(tmp) / 'bench.sqlite3'}"
        engine = make_engine(url)
        upgrade(engine)
        statements: list[str] = []
        event.listen(engine, "before_cursor_execute", lambda *a: statements.append(a[2]))
        app = create_app(
            Settings(data_dir=Path(tmp), secret_key="bench", cookie_secure=False), engine=engine, migrate=False
        )
        rows = []
        with TestClient(app) as client:
            for n in sizes:
                _seed(engine, n)
                token = client.post("/api/v1/auth/login", json={"username": f"worker{n}", "password": PASSWORD}).json()
                headers = {"Authorization": f"Bearer {token['token']}"}
                client.get("/api/v1/youths?limit=200", headers=headers)  # warm
                statements.clear()
                client.get("/api/v1/youths?limit=200", headers=headers)
                queries = len(statements)
                samples = _time(client, "GET", "/api/v1/youths?limit=200", args.repeat, headers=headers)
                rows.append((n, min(n, 200), queries, _median_ms(samples)))
            floor = _median_ms(_time(client, "GET", "/health", args.repeat))
            measure_id = _seed(engine, 1)[1][0]
            token = client.post("/api/v1/auth/login", json={"username": "worker1", "password": PASSWORD}).json()
            headers = {"Authorization": f"Bearer {token['token']}"}
            goal_ids = [
                g["id"] for g in client.get(f"/api/v1/measures/{measure_id}/goals", headers=headers).json()["items"]
            ]
            body = {
                "went_well": "Goede week",
                "scores": [{"goal_id": g, "rater": "worker", "value": 6} for g in goal_ids],
            }
            week = week_of(service_today())
            check_in = _median_ms(
                _time(
                    client,
                    "PUT",
                    f"/api/v1/measures/{measure_id}/check-ins/{week}",
                    args.repeat,
                    headers=headers,
                    json=body,
                )
            )

    base = rows[0]
    print(f"database: {engine.dialect.name}; {args.repeat} requests per figure, median")
    print(f"{'caseload':>9} {'listed':>7} {'queries':>8} {'ms':>8} {'x smallest':>11}")
    for n, listed, queries, ms in rows:
        print(f"{n:>9} {listed:>7} {queries:>8} {ms:>8.2f} {ms / base[3]:>11.2f}")
    print(f"GET /health (framework floor): {floor:.2f} ms")
    print(f"PUT one week with 2 scores:    {check_in:.2f} ms ({check_in / floor:.1f}x the floor)")


if __name__ == "__main__":
    main()
