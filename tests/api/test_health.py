"""Health checks: live without the database, ready only when the database answers at the right schema."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from litestar.testing import TestClient
from sqlalchemy import Engine

from reclassering.casefile.db import head_revision, make_engine


def test_live_and_ready_on_a_migrated_database(client: Any, engine: Engine) -> None:
    for path in ("/health", "/health/live"):
        answer = client.get(path)
        assert answer.status_code == 200
        assert answer.json()["status"] == "ok"
    ready = client.get("/health/ready")
    assert ready.status_code == 200, ready.text
    body = ready.json()
    assert body["status"] == "ok"
    assert body["database"] == "ok"
    assert body["schema_revision"] == body["needed_revision"] == head_revision()


def _answers(app: Any, engine: Engine) -> tuple[Any, Any]:
    app.state.engine = engine
    with TestClient(app) as client:
        return client.get("/health/live"), client.get("/health/ready")


def test_not_ready_without_the_schema(_shared_app: Any, tmp_path: Path) -> None:
    empty = make_engine(f"sqlite:///{tmp_path / 'empty.sqlite3'}")
    try:
        live, ready = _answers(_shared_app, empty)
    finally:
        empty.dispose()
    assert live.status_code == 200
    assert ready.status_code == 503
    body = ready.json()
    assert body["database"] == "ok"
    assert body["schema_revision"] is None
    assert "reclassering db upgrade" in body["reason"]


def test_not_ready_when_the_database_does_not_answer(_shared_app: Any) -> None:
    # a port nothing listens on: the connection is refused at once
    gone = make_engine("postgresql+psycopg://postgres@127.0.0.1:9/none", connect_args={"connect_timeout": 2})
    try:
        live, ready = _answers(_shared_app, gone)
    finally:
        gone.dispose()
    assert live.status_code == 200
    assert ready.status_code == 503
    assert ready.json()["database"] == "unreachable"
    assert "does not answer" in ready.json()["reason"]
