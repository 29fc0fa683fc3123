"""The scheduled jobs: ``scheduler`` (a process of its own) and ``jobs list`` / ``jobs run``."""

from __future__ import annotations

import click

from .. import logs
from ..settings import load_settings
from .common import (
    Refused,
    moment,
    open_engine,
    require_schema,
)
from .group import cli


@cli.command("scheduler")
def scheduler_command() -> None:
    """Run the scheduled jobs in this process (for deployments with several API servers).

    Switch the in-server scheduler off there (RECLASSERING_SCHEDULER_EMBEDDED=false). Several may be started:
    a database lease keeps one active, and another takes over within a minute when the active one dies.
    """

    from ..jobs.scheduler import serve_forever

    settings = load_settings()
    logs.configure(settings.log_format)
    with open_engine(settings) as engine:
        require_schema(engine)
        serve_forever(engine, settings)


@cli.group("jobs")
def jobs_group() -> None:
    """The scheduled jobs: list them, run one by hand."""


@jobs_group.command("list")
def jobs_list() -> None:
    """The jobs, what each does, the key due now and its last run."""
    from ..jobs.registry import JOBS
    from ..jobs.runner import last_runs

    settings = load_settings()
    with open_engine(settings) as engine:
        require_schema(engine)
        runs = last_runs(engine)
    now = moment(None, settings)
    for name, job in JOBS.items():
        last = runs.get(name)
        seen = f"last run {last[0]} {last[1]}" if last else "never run"
        click.echo(f"{name:<16} due now: {job.due_key(now, settings):<12} {seen}")
        click.echo(f"{'':<16} {job.description}")


@jobs_group.command("run")
@click.argument("name")
@click.option("--now", "now_text", default=None, metavar="DATE", help="Run as if it were DATE (YYYY-MM-DD[THH:MM]).")
@click.option("--dry-run", is_flag=True, help="List what the job would do; change nothing.")
def jobs_run(name: str, now_text: str | None, dry_run: bool) -> None:
    """Run the job NAME for the key due now (or at --now). A key already done is skipped."""
    from rich.console import Console
    from rich.progress import Progress

    from ..jobs import runner
    from ..jobs.base import JobContext
    from ..jobs.registry import JOBS

    job = JOBS.get(name)
    if job is None:
        raise Refused(f"there is no job '{name}' (jobs: {', '.join(JOBS)})")
    settings = load_settings()
    now = moment(now_text, settings)
    with open_engine(settings) as engine, Progress(console=Console(stderr=True), transient=True) as progress:
        require_schema(engine)
        task = progress.add_task(name, total=None)

        def step(done: int, total: int, what: str) -> None:
            progress.update(task, completed=done, total=total, description=f"{name}: {what}")

        ctx = JobContext(engine=engine, settings=settings, now=now, dry_run=dry_run, progress=step)
        outcome = runner.run(job, ctx, holder="cli")
    click.echo(f"{name} for {outcome.key}: {outcome.status.replace('_', ' ')}")
    for key, value in outcome.summary.items():
        if key != "would_go":
            click.echo(f"  {key}: {value}")
    for item in outcome.summary.get("would_go", []):  # a dry run of retention: the receipts it would leave
        ids = ", ".join(str(i) for i in item["record_ids"])
        click.echo(f"  would be {item['action']}: {item['count']} {item['object_type']} ({item['rule']}): {ids}")
    if outcome.status == "skipped":
        click.echo("  (already done for this key, or running elsewhere: nothing changed)")
    if settings.smtp_host and not dry_run:  # as a scheduler tick does: the mails that wait go after the job
        from ..jobs import mail

        with open_engine(settings) as engine:
            sent = mail.send_pending(engine, settings, now)
        if sent.sent or sent.failed:
            click.echo(f"  notification mails: {sent.sent} sent, {sent.failed} wait for the next run")
    if outcome.status == "failed":
        raise click.ClickException(f"the job failed: {outcome.error}")
