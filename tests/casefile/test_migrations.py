"""Schema changes go through migrations that run on SQLite and PostgreSQL alike."""

from __future__ import annotations

from pathlib import Path

from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import Engine, text
from sqlmodel import SQLModel

from reclassering.casefile.db import alembic_config, current_revision, make_engine, upgrade


def _head(engine: Engine) -> str:
    return ScriptDirectory.from_config(alembic_config(engine)).get_current_head()  # type: ignore[return-value]


def test_the_schema_is_at_the_newest_migration(engine: Engine) -> None:
    assert current_revision(engine) == _head(engine)


def test_the_migrations_match_the_tables(engine: Engine) -> None:
    """Nothing in the models that a migration does not create (autogenerate finds no difference)."""
    with engine.connect() as connection:
        context = MigrationContext.configure(connection, opts={"compare_type": True})
        differences = compare_metadata(context, SQLModel.metadata)
    assert differences == []


def test_upgrade_keeps_existing_records_and_downgrade_reverses(engine: Engine) -> None:
    from alembic import command

    config = alembic_config(engine)
    command.downgrade(config, "0001")
    with engine.begin() as connection:
        connection.execute(
            text("INSERT INTO team (name, shares_caseload, created_at) VALUES ('t', false, CURRENT_TIMESTAMP)")
        )
        connection.execute(
            text(
                "INSERT INTO app_user (username, display_name, password_hash, role, team_id, active, locale,"
                " created_at) VALUES ('w', 'W', 'x', 'worker', 1, true, 'nl', CURRENT_TIMESTAMP)"
            )
        )
        connection.execute(
            text(
                "INSERT INTO youth (display_name, birth_year, worker_id, team_id, created_at, updated_at) "
                "VALUES ('Y', 2010, 1, 1, CURRENT_TIMESTAMP, CURRENT_TIMESTAMP)"
            )
        )
        connection.execute(
            text(
                "INSERT INTO network_member (youth_id, name, role, contact, trusted_by_youth, created_at) "
                "VALUES (1, 'Moeder', 'parent', '', true, CURRENT_TIMESTAMP)"
            )
        )
    upgrade(engine)
    assert current_revision(engine) == _head(engine)
    with engine.connect() as connection:
        row = connection.execute(text("SELECT name, trained_in_method FROM network_member")).one()
    assert tuple(row) == ("Moeder", False)
    command.downgrade(config, "base")
    assert current_revision(engine) is None
    upgrade(engine)
    assert current_revision(engine) == _head(engine)


def test_sqlite_runs_with_wal_and_foreign_keys(sqlite_template: Path) -> None:
    engine = make_engine(f"sqlite:///{sqlite_template}")
    with engine.connect() as connection:
        assert connection.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
        assert connection.exec_driver_sql("PRAGMA foreign_keys").scalar() == 1
    engine.dispose()
