"""``reclassering jobs list`` and ``reclassering jobs run NAME [--now DATE] [--dry-run]``, against a SQLite file."""

from __future__ import annotations

import os
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner, Result
from sqlalchemy import update

from reclassering.casefile.db import make_engine, unit_of_work, upgrade
from reclassering.casefile.fields import today as service_today
from reclassering.casefile.models import Measure, User
from reclassering.cli import cli

from ..world import build_world
from .test_notification_mail import Sink, _note


@pytest.fixture
def world(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Any:
    path = tmp_path / "cli.sqlite3"
    monkeypatch.setenv("RECLASSERING_DATA_DIR", str(tmp_path / "data"))
    monkeypatch.setenv("RECLASSERING_DATABASE_URL", f"sqlite:///{path}")
    engine = make_engine(f"sqlite:///{path}")
    upgrade(engine)
    world = build_world(engine)
    with unit_of_work(engine) as session:
        session.execute(
            update(Measure)
            .where(Measure.id == world.cases["y1"].measure_id)  # type: ignore[arg-type]
            .values(status="completed", ended_on=service_today() - timedelta(days=365 * 21))
        )
    engine.dispose()
    return world


def run(*args: str) -> Result:
    return CliRunner().invoke(cli, list(args), prog_name="reclassering")


def test_jobs_list_names_every_job(world: Any) -> None:
    result = run("jobs", "list")
    assert result.exit_code == 0, result.output
    for name in ("weekly_round", "daily_attention", "retention"):
        assert name in result.output
    assert "never run" in result.output


def test_a_dry_run_lists_what_would_go_then_the_run_does_it_once(world: Any) -> None:
    today = service_today().isoformat()
    dry = run("jobs", "run", "retention", "--now", today, "--dry-run")
    assert dry.exit_code == 0, dry.output
    assert f"retention for {today}: dry run" in dry.output
    case = world.cases["y1"]
    assert f"would be erased: 1 youth (youth_record_closed): {case.youth_id}" in dry.output
    assert f"would be erased: 1 measure (measure_closed:toezicht_begeleiding:20y): {case.measure_id}" in dry.output
    assert f"would be erased: 1 app_user (youth_account_of_erased_record): {world['y1'].id}" in dry.output

    done = run("jobs", "run", "retention", "--now", today)
    assert done.exit_code == 0, done.output
    assert f"retention for {today}: done" in done.output and "youths: 1" in done.output
    again = run("jobs", "run", "retention", "--now", today)
    assert "skipped" in again.output and "nothing changed" in again.output
    assert f"last run {today} done" in run("jobs", "list").output


def test_unknown_job_and_bad_date_are_refused(world: Any) -> None:
    unknown = run("jobs", "run", "shredder")
    assert unknown.exit_code == 2 and "there is no job 'shredder'" in unknown.output
    bad = run("jobs", "run", "weekly_round", "--now", "maandag")
    assert bad.exit_code == 2 and "--now: 'maandag' is not a date" in bad.output


def test_a_run_by_hand_sends_the_mails_that_wait(world: Any, monkeypatch: pytest.MonkeyPatch, sink: Sink) -> None:
    """``jobs run`` does what a scheduler tick does: after the job, the notification mails that wait go out."""
    engine = make_engine(os.environ["RECLASSERING_DATABASE_URL"])
    worker = world["w1"]
    with unit_of_work(engine) as session:
        session.execute(update(User).where(User.id == worker.id).values(email="wessel@example.nl"))  # type: ignore[arg-type]
        session.add(_note(worker.id, world.cases["y1"].youth_id, "cli-mail", created=datetime.now(UTC)))
    engine.dispose()
    for name, value in {
        "SMTP_HOST": "127.0.0.1",
        "SMTP_PORT": str(sink.port),
        "SMTP_TLS": "none",
        "SMTP_FROM": "reclassering <noreply@example.nl>",
        "PUBLIC_URL": "https://reclassering.example.nl",
    }.items():
        monkeypatch.setenv(f"RECLASSERING_{name}", value)
    result = run("jobs", "run", "weekly_round", "--now", service_today().isoformat())
    assert result.exit_code == 0, result.output
    assert "notification mails: 1 sent" in result.output
    assert [str(m["To"]) for m in sink.messages] == ["wessel@example.nl"]
    again = run("jobs", "run", "weekly_round", "--now", service_today().isoformat())
    assert "notification mails" not in again.output and len(sink.messages) == 1  # mailed once
