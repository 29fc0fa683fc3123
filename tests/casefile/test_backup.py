"""Backup and restore: a backup of a database with the test world restores into an empty database with every
table's rows equal, on SQLite (online backup API) and PostgreSQL (pg_dump / pg_restore)."""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner
from sqlalchemy import Engine, inspect, select, text
from sqlalchemy.engine import make_url
from sqlmodel import SQLModel

from reclassering.casefile import backup
from reclassering.casefile.db import current_revision, make_engine, unit_of_work
from reclassering.casefile.errors import Conflict, Invalid
from reclassering.casefile.models import Youth
from reclassering.cli import cli

from ..conftest import POSTGRES_ADMIN_URL
from ..world import World


def _tables(engine: Engine) -> dict[str, list[tuple[Any, ...]]]:
    """Every table's rows, in primary-key order, as plain tuples."""
    found: dict[str, list[tuple[Any, ...]]] = {}
    with engine.connect() as connection:
        for table in [*SQLModel.metadata.sorted_tables]:
            order = list(table.primary_key.columns) or list(table.columns)
            found[table.name] = [tuple(row) for row in connection.execute(select(table).order_by(*order))]
        found["alembic_version"] = [tuple(r) for r in connection.execute(text("SELECT * FROM alembic_version"))]
    return found


def _triggers(engine: Engine) -> set[str]:
    sql = (
        "SELECT name FROM sqlite_master WHERE type = 'trigger'"
        if engine.url.get_backend_name() == "sqlite"
        else "SELECT tgname FROM pg_trigger WHERE NOT tgisinternal"
    )
    with engine.connect() as connection:
        return set(connection.execute(text(sql)).scalars())


@pytest.fixture
def empty_target(engine: Engine, tmp_path: Path) -> Iterator[Engine]:
    """A new, empty database of the same kind as ``engine``."""
    if engine.url.get_backend_name() == "sqlite":
        target = make_engine(f"sqlite:///{tmp_path / 'restored.sqlite3'}")
        yield target
        target.dispose()
        return
    name = f"reclassering_restore_{uuid.uuid4().hex[:10]}"
    admin = make_engine(POSTGRES_ADMIN_URL, isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        connection.execute(text(f'CREATE DATABASE "{name}"'))
    target = make_engine(make_url(POSTGRES_ADMIN_URL).set(database=name).render_as_string(hide_password=False))
    try:
        yield target
    finally:
        target.dispose()
        with admin.connect() as connection:
            connection.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()


def test_a_backup_restores_into_an_empty_database_table_for_table(
    engine: Engine, world: World, empty_target: Engine, tmp_path: Path
) -> None:
    before = _tables(engine)
    assert sum(len(rows) for rows in before.values()) > 50  # the world is in it
    steps: list[tuple[int, int]] = []
    path = tmp_path / "backup.bin"
    backup.backup(engine, path, lambda done, total: steps.append((done, total)))
    assert path.stat().st_size > 0
    if engine.url.get_backend_name() == "sqlite":
        assert steps and steps[-1][0] == steps[-1][1]  # the progress bar reached the end

    backup.restore(empty_target, path)
    assert _tables(empty_target) == before
    assert current_revision(empty_target) == current_revision(engine)
    # the triggers that keep the audit table append-only came back too
    assert _triggers(empty_target) == _triggers(engine)
    assert any("audit" in name for name in _triggers(engine))


def test_a_restore_refuses_a_database_that_is_not_empty(engine: Engine, world: World, tmp_path: Path) -> None:
    path = tmp_path / "backup.bin"
    backup.backup(engine, path)
    with pytest.raises(Conflict, match="not empty"):
        backup.restore(engine, path)
    with unit_of_work(engine) as session:
        assert session.exec(select(Youth)).all()  # nothing was touched


def test_a_backup_never_overwrites_a_file_and_a_foreign_file_is_refused(
    engine: Engine, empty_target: Engine, tmp_path: Path
) -> None:
    taken = tmp_path / "taken.bin"
    taken.write_bytes(b"keep me")
    with pytest.raises(Conflict, match="exists already"):
        backup.backup(engine, taken)
    assert taken.read_bytes() == b"keep me"
    with pytest.raises(Invalid, match="is not a"):
        backup.restore(empty_target, taken)
    assert inspect(empty_target).get_table_names() == []


def test_backup_and_restore_commands_on_sqlite(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    source = tmp_path / "live.sqlite3"
    monkeypatch.setenv("RECLASSERING_DATA_DIR", str(tmp_path / "data"))
    monkeypatch.setenv("RECLASSERING_DATABASE_URL", f"sqlite:///{source}")
    runner = CliRunner()
    assert runner.invoke(cli, ["demo-data", "--youths", "2"]).exit_code == 0
    result = runner.invoke(cli, ["backup", str(tmp_path / "b.sqlite3")])
    assert result.exit_code == 0, result.output
    assert "Backed up" in result.output
    again = runner.invoke(cli, ["backup", str(tmp_path / "b.sqlite3")])
    assert again.exit_code == 2
    assert "exists already" in again.stderr

    monkeypatch.setenv("RECLASSERING_DATABASE_URL", f"sqlite:///{tmp_path / 'new.sqlite3'}")
    restored = runner.invoke(cli, ["restore", str(tmp_path / "b.sqlite3")])
    assert restored.exit_code == 0, restored.output
    assert "Restored" in restored.output
    a, b = make_engine(f"sqlite:///{source}"), make_engine(f"sqlite:///{tmp_path / 'new.sqlite3'}")
    try:
        assert _tables(a) == _tables(b)
    finally:
        a.dispose()
        b.dispose()
