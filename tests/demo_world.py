"""The demo world for the demo tests: loaded once per test module and backend, then only read.

Loading the demo takes seconds (months of records and a rendered report), so the tests that only look at the
world share one load: a SQLite file, or a PostgreSQL database of its own (so that tests truncating the shared
test database cannot touch it). Tests that need an empty database use the ordinary ``engine`` fixture.
"""

from __future__ import annotations

import shutil
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
from argon2 import PasswordHasher
from sqlalchemy import Engine, text
from sqlalchemy.engine import make_url

from reclassering.casefile import users
from reclassering.casefile.db import make_engine, upgrade

from .conftest import POSTGRES_ADMIN_URL, _postgres_reason

#: Argon2 at its production cost takes ~0.3 s per account; these tests are about the world, not hashing.
CHEAP_HASHER = PasswordHasher(time_cost=1, memory_cost=1024, parallelism=1)


@contextmanager
def cheap_hashing() -> Iterator[None]:
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(users, "_hasher", CHEAP_HASHER)
        yield


@contextmanager
def demo_database(backend: str, folder: Path, sqlite_template: Path) -> Iterator[Engine]:
    """An empty, migrated database of its own on ``backend``; dropped afterwards."""
    if backend == "sqlite":
        path = folder / "demo.sqlite3"
        shutil.copy(sqlite_template, path)
        engine = make_engine(f"sqlite:///{path}")
        try:
            yield engine
        finally:
            engine.dispose()
        return
    reason = _postgres_reason()
    if reason:
        pytest.skip(reason)
    name = f"reclassering_demo_{uuid.uuid4().hex[:12]}"
    admin = make_engine(POSTGRES_ADMIN_URL, isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        connection.execute(text(f'CREATE DATABASE "{name}"'))
    engine = make_engine(make_url(POSTGRES_ADMIN_URL).set(database=name).render_as_string(hide_password=False))
    try:
        upgrade(engine)
        yield engine
    finally:
        engine.dispose()
        with admin.connect() as connection:
            connection.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()
