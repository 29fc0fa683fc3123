"""``reclassering jobs list`` and ``reclassering jobs run NAME [--now DATE] [--dry-run]``, against a SQLite file."""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner, Result
from sqlalchemy import update

from reclassering.casefile.db import make_engine, unit_of_work, upgrade
from reclassering.casefile.models import Measure
from reclassering.cli import cli

from ..world import build_world


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
            .values(status="completed", ended_on=date.today() - timedelta(days=365 * 21))
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
    today = date.today().isoformat()
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
