"""``reclassering national-data``: a national-scale synthetic database for load tests (``demo/national.py``).

Registered on the group in ``cli.py``; kept apart so the command module stays small. It imports nothing from
``cli.py`` (no import circle): errors it can cause are ``click`` usage errors or the group's own mapping.
"""

from __future__ import annotations

import time

import click

from ..casefile import db
from ..settings import load_settings
from .group import cli


@cli.command("national-data")
@click.option(
    "--youths",
    default=40_000,
    show_default=True,
    type=click.IntRange(1, 1_000_000),
    metavar="N",
    help="Youths to create.",
)
@click.option(
    "--youths-per-worker", default=8, show_default=True, type=click.IntRange(1, 500), metavar="N", help="Caseload size."
)
@click.option(
    "--workers-per-team", default=12, show_default=True, type=click.IntRange(1, 500), metavar="N", help="Team size."
)
@click.option(
    "--weeks", default=104, show_default=True, type=click.IntRange(1, 520), metavar="N", help="Weeks of check-ins."
)
@click.option(
    "--audit-per-youth", default=4, show_default=True, type=click.IntRange(0, 1000), metavar="N", help="Audit events."
)
@click.option(
    "--chunk",
    default=500,
    show_default=True,
    type=click.IntRange(1, 100_000),
    metavar="N",
    help="Youths per transaction.",
)
@click.option("--seed", default=7, show_default=True, type=int, metavar="N", help="Seed: the same seed, the same data.")
@click.option(
    "--database-url", default=None, metavar="URL", help="Database to fill (default: the configured one); must be empty."
)
def national_data(
    youths: int,
    youths_per_worker: int,
    workers_per_team: int,
    weeks: int,
    audit_per_youth: int,
    chunk: int,
    seed: int,
    database_url: str | None,
) -> None:
    """Fill an EMPTY database with a national-scale synthetic caseload, for benchmarks and load tests.

    About one worker per 8 youths in teams of 12 with a supervisor each; per youth a measure, 3-5 goals,
    weekly check-ins over WEEKS weeks scored by 2-3 raters, successes, setbacks, sometimes a case conference,
    and audit events. Written in bulk, one transaction per CHUNK youths. Every account has the password
    in ``demo/national.py`` (PASSWORD); all names are invented.
    """
    from sqlmodel import Session, func, select

    from ..casefile.models import User
    from ..demo import national

    url = database_url or load_settings().resolved_database_url
    engine = db.make_engine(url)
    try:
        db.upgrade(engine)
        with Session(engine) as session:
            if session.exec(select(func.count()).select_from(User)).one():
                raise click.ClickException("the database already holds users; national-data fills an empty one")
        sizes = national.Sizes(
            youths=youths,
            youths_per_worker=youths_per_worker,
            workers_per_team=workers_per_team,
            weeks=weeks,
            audit_per_youth=audit_per_youth,
            chunk=chunk,
            seed=seed,
        )
        started = time.perf_counter()
        with click.progressbar(length=youths, label="Writing youths", file=click.get_text_stream("stderr")) as bar:
            counts = national.generate(engine, sizes, progress=bar.update)
        elapsed = time.perf_counter() - started
    finally:
        engine.dispose()
    for table, n in counts.rows.items():
        click.echo(f"{table:>16} {n:>12,}")
    click.echo(
        f"Wrote {sum(counts.rows.values()):,} rows in {elapsed:.1f} s ({youths:,} youths, {sizes.workers:,} workers)."
    )
