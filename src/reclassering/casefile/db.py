"""Engine, sessions and schema migrations, for SQLite (embedded default) and PostgreSQL alike."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from importlib import resources
from pathlib import Path
from typing import Any

from alembic import command
from alembic.config import Config
from sqlalchemy import Engine, event
from sqlalchemy.engine import make_url
from sqlmodel import Session, create_engine


def make_engine(url: str, **kwargs: Any) -> Engine:
    """An engine for ``url``. SQLite gets WAL, enforced foreign keys and a busy timeout on every connection."""
    parsed = make_url(url)
    if parsed.get_backend_name() == "sqlite":
        if parsed.database and parsed.database != ":memory:":
            Path(parsed.database).parent.mkdir(parents=True, exist_ok=True)
        engine = create_engine(url, connect_args={"check_same_thread": False, "timeout": 30}, **kwargs)
        event.listen(engine, "connect", _sqlite_pragmas)
        return engine
    return create_engine(url, pool_pre_ping=True, **kwargs)


def _sqlite_pragmas(dbapi_connection: Any, _record: Any) -> None:
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA synchronous=NORMAL")
    cursor.close()


@contextmanager
def unit_of_work(engine: Engine) -> Iterator[Session]:
    """A session that commits when the block ends normally and rolls back (storing nothing) otherwise."""
    with Session(engine, expire_on_commit=False) as session:
        try:
            yield session
            session.commit()
        except BaseException:
            session.rollback()
            raise


def run_core(session: Session, statement: Any, parameters: dict[str, Any] | None = None) -> Any:
    """A Core statement (plain columns, no ORM entities) on the session's connection, after flushing what the
    session holds, as ``session.execute`` would. The ORM's execution path (entities, loader options, events) has
    nothing to do for such a statement and cost a fifth of its time: this is for the statements every request
    runs (the guard's, the caseload's)."""
    if session.new or session.dirty or session.deleted:
        session.flush()
    return session.connection().execute(statement, parameters)


def alembic_config(engine: Engine) -> Config:
    migrations = resources.files("reclassering") / "migrations"
    config = Config()
    config.set_main_option("script_location", str(migrations))
    config.set_main_option("file_template", "%%(rev)s_%%(slug)s")  # 0015_add_notes.py
    config.set_main_option("revision_environment", "true")  # env.py numbers a new revision (000N)
    config.attributes["engine"] = engine
    return config


def upgrade(engine: Engine, revision: str = "head") -> None:
    """Apply the migrations up to ``revision`` (the newest by default)."""
    command.upgrade(alembic_config(engine), revision)


def head_revision() -> str | None:
    """The schema revision this version of the code needs (the newest migration)."""
    from alembic.script import ScriptDirectory

    config = Config()
    config.set_main_option("script_location", str(resources.files("reclassering") / "migrations"))
    return ScriptDirectory.from_config(config).get_current_head()


def current_revision(engine: Engine) -> str | None:
    from alembic.runtime.migration import MigrationContext

    with engine.connect() as connection:
        return MigrationContext.configure(connection).get_current_revision()
