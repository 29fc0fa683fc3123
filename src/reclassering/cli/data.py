"""Data in and out: the demo world, backups and restores."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import click

from .. import demo
from ..casefile import db
from ..settings import load_settings
from .common import (
    database_label,
    open_engine,
    page_progress,
    require_schema,
)
from .group import cli
from .serve import print_accounts


@cli.command("demo-data")
@click.option(
    "--youths",
    default=8,
    show_default=True,
    type=click.IntRange(demo.MIN_YOUTHS, demo.MAX_YOUTHS),
    metavar="N",
    help="How many synthetic youths to create.",
)
@click.option(
    "--seed",
    default=7,
    show_default=True,
    type=int,
    metavar="N",
    help="Seed of the random generator: the same seed gives the same data.",
)
def demo_data(youths: int, seed: int) -> None:
    """Load synthetic demo data into an empty database.

    Creates a team, its staff and youths with months of history, all invented. Applies pending migrations
    first. Refuses when the database already holds users, so demo records never mix with real ones.
    """
    from rich.console import Console
    from rich.progress import Progress

    settings = load_settings()
    with open_engine(settings) as engine:
        db.upgrade(engine)
        with db.unit_of_work(engine) as session:
            demo.ensure_empty(session)
        with Progress(console=Console(stderr=True)) as progress:
            task = progress.add_task("Building the youths' records", total=youths)
            accounts = demo.load_demo(
                engine, youths=youths, seed=seed, progress=_advance(progress, task), settings=settings
            )
    click.echo(f"Loaded the demo data: {youths} youths in '{demo.TEAM_NAME}' ({database_label(settings)}).")
    print_accounts(accounts)


def _advance(progress: Any, task: Any) -> Callable[[str], None]:
    def advance(name: str) -> None:
        progress.update(task, advance=1, description=f"Built {name}")

    return advance


@cli.command("backup")
@click.argument("path", type=click.Path(dir_okay=False, path_type=Path))
def backup_command(path: Path) -> None:
    """Write a consistent backup of the whole database to PATH, while the service runs.

    SQLite: the online backup API (a plain copy of a live SQLite file misses the writes still in its -wal
    file). PostgreSQL: pg_dump in its custom format (the PostgreSQL client tools must be installed).
    """
    from ..casefile import backup

    settings = load_settings()
    with open_engine(settings) as engine, page_progress("Backing up") as progress:
        require_schema(engine)
        backup.backup(engine, path, progress)
    click.echo(f"Backed up {database_label(settings)} to {path} ({path.stat().st_size:,} bytes).")


@cli.command("restore")
@click.argument("path", type=click.Path(dir_okay=False, exists=True, path_type=Path))
def restore_command(path: Path) -> None:
    """Restore the backup PATH into the configured database, which must be empty.

    Make the new database first (a new SQLite file name, or createdb on PostgreSQL); a restore never mixes a
    backup with records already there. Then start the service on it.
    """
    from ..casefile import backup

    settings = load_settings()
    with open_engine(settings) as engine, page_progress("Restoring") as progress:
        backup.restore(engine, path, progress)
        revision = db.current_revision(engine)
    click.echo(f"Restored {path} into {database_label(settings)} (schema revision {revision}).")
