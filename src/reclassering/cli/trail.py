"""``audit verify``: the audit trail's hash chain checked end to end."""

from __future__ import annotations

import sys

import click
from sqlmodel import Session

from ..settings import load_settings
from .common import (
    open_engine,
    require_schema,
)
from .group import cli


@cli.group("audit")
def audit_group() -> None:
    """The audit trail: check that nobody changed or removed an event."""


@audit_group.command("verify")
@click.option(
    "--batch-size",
    default=5000,
    show_default=True,
    type=click.IntRange(100, 100_000),
    metavar="N",
    help="Events read per query.",
)
def audit_verify(batch_size: int) -> None:
    """Walk the hash chain of the audit trail and report the first broken link.

    Exit status 0 when the chain is intact, 1 when an event was changed or removed (the report names it).
    """
    from rich.console import Console
    from rich.progress import Progress

    from ..casefile import audit_chain

    settings = load_settings()
    with open_engine(settings) as engine, Session(engine) as session:
        require_schema(engine)
        with Progress(console=Console(stderr=True), transient=True) as progress:
            task = progress.add_task("Checking the audit trail", total=None)

            def step(done: int, total: int) -> None:
                progress.update(task, completed=done, total=total)

            verdict = audit_chain.verify(session, batch=batch_size, progress=step)
    start = f" (from the retention checkpoint after event {verdict.checkpoint})" if verdict.checkpoint else ""
    if verdict.broken is None:
        click.echo(f"{verdict.events} events, chain intact{start}.")
        click.echo(f"Head: event {verdict.head_id}, hash {verdict.head_hash} (note it elsewhere to compare later).")
        return
    where = f"event {verdict.broken.event_id}" if verdict.broken.event_id is not None else "the chain"
    click.echo(f"Broken link at {where}: {verdict.broken.problem}.")
    click.echo(f"{verdict.events} events before it checked and intact{start}.")
    sys.exit(1)
