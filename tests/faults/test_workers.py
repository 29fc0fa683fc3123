"""``reclassering serve --workers 2`` (RECLASSERING_WORKERS): two server processes share the port, both serve,
and writes through either land in the one database."""

from __future__ import annotations

from pathlib import Path

import httpx

from reclassering.casefile.db import make_engine, upgrade

from ..live import free_port, start_server, stop, wait_until_up
from ..world import build_world


def _children(pid: int) -> list[int]:
    text = Path(f"/proc/{pid}/task/{pid}/children").read_text()
    return [int(p) for p in text.split()]


def test_two_workers_serve_the_same_database(tmp_path: Path) -> None:
    database_url = f"sqlite:///{tmp_path / 'workers.sqlite3'}"
    engine = make_engine(database_url)
    upgrade(engine)
    world = build_world(engine)
    port = free_port()
    url = f"http://127.0.0.1:{port}"
    log = tmp_path / "server.log"
    process = start_server(database_url, tmp_path, port, log, workers="2")
    try:
        wait_until_up(url, process, log, "/health/ready")
        assert len(_children(process.pid)) >= 2  # uvicorn's supervisor and its two worker processes
        case = world.cases["y1"]
        with httpx.Client(base_url=url, headers=world["w1"].headers, timeout=30) as client:
            answers = [client.get(f"/api/v1/youths/{case.youth_id}") for _ in range(20)]
            created = client.post(
                f"/api/v1/measures/{case.measure_id}/successes",
                json={"text": "Twee processen, een database", "occurred_on": "2026-11-30"},
            )
            listed = client.get(f"/api/v1/measures/{case.measure_id}/successes?limit=200")
        assert all(a.status_code == 200 for a in answers)
        assert created.status_code == 201
        assert any(s["text"] == "Twee processen, een database" for s in listed.json()["items"])
    finally:
        stop(process)
        engine.dispose()
