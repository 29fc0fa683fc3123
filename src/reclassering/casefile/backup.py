"""Backups of the whole database, and restoring one into an empty database.

- SQLite: SQLite's online backup API copies the live database page by page, including what still sits in
  the ``-wal`` file, while the server goes on writing. (A plain ``cp`` of a live SQLite file is not a backup:
  the writes still in ``-wal`` are missing from the copy.) The backup is a SQLite file of its own.
- PostgreSQL: ``pg_dump --format=custom``, restored with ``pg_restore``; both must be on the ``PATH`` (they
  come with the PostgreSQL client package). Data is loaded before the triggers are made, so the append-only
  audit table restores exactly as it was.

A restore goes only into an empty database (no tables): it never mixes a backup with records already there.
"""

from __future__ import annotations

import shutil
import sqlite3
import subprocess
from collections.abc import Callable
from pathlib import Path

from sqlalchemy import Engine, inspect
from sqlalchemy.engine import make_url

from .errors import Conflict, Invalid

#: The first bytes of each kind of backup file.
SQLITE_MAGIC = b"SQLite format 3\x00"
PG_DUMP_MAGIC = b"PGDMP"
#: Pages copied per step of the SQLite backup (4 KiB each): small steps let the server write in between.
PAGES_PER_STEP = 1024

#: ``progress(done, total)`` in pages for SQLite; PostgreSQL reports no steps.
Progress = Callable[[int, int], None]


def _sqlite_path(engine: Engine) -> Path | None:
    url = engine.url
    if url.get_backend_name() != "sqlite":
        return None
    if not url.database or url.database == ":memory:":
        raise Invalid("an in-memory SQLite database cannot be backed up or restored")
    return Path(url.database)


def _libpq_url(engine: Engine) -> str:
    """The engine's URL as pg_dump and pg_restore read it (no SQLAlchemy driver name)."""
    return make_url(engine.url).set(drivername="postgresql").render_as_string(hide_password=False)


def _tool(name: str) -> str:
    found = shutil.which(name)
    if found is None:
        raise Invalid(f"{name} is not installed; install the PostgreSQL client tools (Debian: postgresql-client)")
    return found


def backup(engine: Engine, target: Path, progress: Progress | None = None) -> None:
    """Write a consistent backup of the database to ``target`` (which must not exist yet)."""
    if target.exists():
        raise Conflict(f"{target} exists already; choose a new file name for the backup")
    target.parent.mkdir(parents=True, exist_ok=True)
    source = _sqlite_path(engine)
    if source is not None:
        _sqlite_copy(source, target, progress)
        return
    partial = target.with_name(target.name + ".partial")
    try:
        _run([_tool("pg_dump"), "--format=custom", "--no-owner", f"--file={partial}", _libpq_url(engine)])
        partial.rename(target)
    finally:
        partial.unlink(missing_ok=True)


def restore(engine: Engine, backup_file: Path, progress: Progress | None = None) -> None:
    """Restore ``backup_file`` into the (empty) database of ``engine``."""
    if not backup_file.is_file():
        raise Invalid(f"there is no backup file {backup_file}")
    magic = backup_file.read_bytes()[:16]
    tables = inspect(engine).get_table_names()
    if tables:
        raise Conflict(
            f"the database is not empty ({len(tables)} tables); restore into a new, empty database "
            "so nothing already there is mixed with the backup"
        )
    target = _sqlite_path(engine)
    if target is not None:
        if not magic.startswith(SQLITE_MAGIC):
            raise Invalid(f"{backup_file} is not a SQLite backup (a PostgreSQL backup restores only into PostgreSQL)")
        engine.dispose()
        _sqlite_copy(backup_file, target, progress)
        return
    if not magic.startswith(PG_DUMP_MAGIC):
        raise Invalid(f"{backup_file} is not a pg_dump backup (a SQLite backup restores only into SQLite)")
    engine.dispose()
    _run(
        [
            _tool("pg_restore"),
            "--no-owner",
            "--exit-on-error",
            "--single-transaction",
            f"--dbname={_libpq_url(engine)}",
            str(backup_file),
        ]
    )


def _sqlite_copy(source: Path, target: Path, progress: Progress | None) -> None:
    """SQLite's online backup from ``source`` into ``target``, in steps."""

    def report(_status: int, remaining: int, total: int) -> None:
        if progress is not None:
            progress(total - remaining, total)

    with sqlite3.connect(source) as src, sqlite3.connect(target) as dst:
        src.backup(dst, pages=PAGES_PER_STEP, progress=report)
    # a context-managed sqlite3 connection commits but does not close
    src.close()
    dst.close()


def _run(command: list[str]) -> None:
    result = subprocess.run(command, capture_output=True, text=True, check=False)
    if result.returncode != 0:
        message = (result.stderr or result.stdout).strip().splitlines()
        raise Invalid(f"{Path(command[0]).name} failed: {message[-1] if message else f'exit {result.returncode}'}")
