"""Test fixtures: a real database (SQLite file, and PostgreSQL where reachable) and real HTTP.

Every database-backed test runs once per backend. PostgreSQL is used when the server named by
``RECLASSERING_TEST_POSTGRES_URL`` (default: postgres@127.0.0.1:5432, trust auth) answers; a throwaway
database is created for the run and dropped afterwards. Without it, the PostgreSQL runs are skipped
with the reason.
"""

from __future__ import annotations

import os
import shutil
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest
from litestar.testing import TestClient
from sqlalchemy import Engine, event, text
from sqlalchemy.engine import make_url
from sqlmodel import Session, SQLModel

from reclassering.app import create_app
from reclassering.casefile.db import make_engine, upgrade
from reclassering.settings import Settings

from .world import World, build_world

POSTGRES_ADMIN_URL = os.environ.get(
    "RECLASSERING_TEST_POSTGRES_URL", "postgresql+psycopg://postgres@127.0.0.1:5432/postgres"
)
BACKENDS = ["sqlite", "postgres"]


def _postgres_reason() -> str | None:
    """None when PostgreSQL is reachable, else why not."""
    try:
        engine = make_engine(POSTGRES_ADMIN_URL, poolclass=None)
        with engine.connect() as connection:
            connection.execute(text("SELECT 1"))
        engine.dispose()
    except Exception as exc:  # any failure means: not reachable here
        return f"PostgreSQL not reachable at {make_url(POSTGRES_ADMIN_URL).render_as_string()}: {type(exc).__name__}"
    return None


@pytest.fixture(scope="session")
def sqlite_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A SQLite file migrated to head once; every test gets a copy."""
    path = tmp_path_factory.mktemp("template") / "template.sqlite3"
    engine = make_engine(f"sqlite:///{path}")
    upgrade(engine)
    with engine.connect() as connection:
        connection.exec_driver_sql("PRAGMA wal_checkpoint(TRUNCATE)")
    engine.dispose()
    return path


@pytest.fixture(scope="session")
def postgres_url() -> Iterator[str]:
    """A throwaway PostgreSQL database for this run, migrated to head; dropped at the end."""
    reason = _postgres_reason()
    if reason:
        pytest.skip(reason)
    name = f"reclassering_test_{uuid.uuid4().hex[:12]}"
    admin = make_engine(POSTGRES_ADMIN_URL, isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        connection.execute(text(f'CREATE DATABASE "{name}"'))
    url = make_url(POSTGRES_ADMIN_URL).set(database=name).render_as_string(hide_password=False)
    engine = make_engine(url)
    upgrade(engine)
    engine.dispose()
    try:
        yield url
    finally:
        with admin.connect() as connection:
            connection.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()


def _empty_postgres(engine: Engine) -> None:
    tables = ", ".join(f'"{t.name}"' for t in SQLModel.metadata.sorted_tables)
    with engine.begin() as connection:
        # the audit trail refuses TRUNCATE by trigger; a test database is emptied as the superuser, triggers off
        connection.execute(text("SET LOCAL session_replication_role = replica"))
        connection.execute(text(f"TRUNCATE {tables} RESTART IDENTITY CASCADE"))
        connection.execute(text(f"INSERT INTO audit_chain_head (id, last_id, last_hash) VALUES (1, 0, '{'0' * 64}')"))


@pytest.fixture(params=BACKENDS)
def engine(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Engine]:
    """An empty, migrated database on each backend."""
    if request.param == "sqlite":
        path = tmp_path / "test.sqlite3"
        shutil.copy(request.getfixturevalue("sqlite_template"), path)
        engine = make_engine(f"sqlite:///{path}")
    else:
        engine = make_engine(request.getfixturevalue("postgres_url"))
        _empty_postgres(engine)
    try:
        yield engine
    finally:
        engine.dispose()


@pytest.fixture
def session(engine: Engine) -> Iterator[Session]:
    with Session(engine, expire_on_commit=False) as session:
        yield session


@pytest.fixture
def settings(tmp_path: Path) -> Settings:
    return Settings(data_dir=tmp_path, secret_key="test-secret", cookie_secure=False, scheduler_embedded=False)


@pytest.fixture(scope="session")
def _shared_app(tmp_path_factory: pytest.TempPathFactory) -> Any:
    """Building the app costs a few hundred milliseconds; tests share one and point it at their database."""
    data_dir = tmp_path_factory.mktemp("app")
    settings = Settings(data_dir=data_dir, secret_key="test-secret", cookie_secure=False, scheduler_embedded=False)
    return create_app(settings, engine=make_engine(f"sqlite:///{data_dir}/unused.sqlite3"), migrate=False)


@pytest.fixture
def app(_shared_app: Any, settings: Settings, engine: Engine) -> Any:
    """The application, reading this test's settings and database (both are looked up per request)."""
    _shared_app.state.settings = settings
    _shared_app.state.engine = engine
    return _shared_app


@pytest.fixture
def client(app: Any) -> Iterator[TestClient]:
    with TestClient(app) as client:
        yield client


@pytest.fixture
def world(engine: Engine) -> World:
    """Two teams, workers, supervisors, an admin and youths with measures, goals and history."""
    return build_world(engine)


class QueryCounter:
    def __init__(self) -> None:
        self.statements: list[str] = []

    @property
    def count(self) -> int:
        return len(self.statements)


@contextmanager
def count_queries(engine: Engine) -> Iterator[QueryCounter]:
    counter = QueryCounter()

    def before(conn: Any, cursor: Any, statement: str, *args: Any) -> None:
        counter.statements.append(statement)

    event.listen(engine, "before_cursor_execute", before)
    try:
        yield counter
    finally:
        event.remove(engine, "before_cursor_execute", before)
