"""Audit retention: the nightly job removes the oldest part of the trail through its own privileged path, leaves a
checkpoint and a receipt, and the rest of the chain still verifies; nothing younger than five years ever goes.
A fixed ``now`` throughout, on SQLite and PostgreSQL."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import msgspec
import pytest
from sqlalchemy import Engine, text
from sqlmodel import Session, select

from reclassering.casefile import audit_chain
from reclassering.casefile.fields import today as service_today
from reclassering.casefile.models import AuditEvent, RetentionReceipt
from reclassering.settings import Settings

from ..jobs.helpers import on, run
from .test_audit_chain import _rows, _write, verify_cli

TODAY = service_today()


def _at(day: str) -> datetime:
    return datetime.fromisoformat(f"{day}T10:00:00+00:00")


def _receipts(engine: Engine) -> list[tuple[str, str, str, int, list[int]]]:
    with Session(engine) as session:
        rows = session.exec(select(RetentionReceipt).where(RetentionReceipt.object_type == "audit_event_range")).all()
        return [(r.rule, r.action, r.object_type, r.count, list(r.record_ids)) for r in rows]


def _old_and_new_events(engine: Engine) -> None:
    """Ids 1-3 in 2016, 4-5 in 2019, 6 now, and 7 dated 2015 but written after the recent one."""
    _write(engine, 3, at=_at("2016-03-01"))
    _write(engine, 2, at=_at("2019-06-01"))
    _write(engine, 1)
    _write(engine, 1, at=_at("2015-01-01"))


def test_old_events_go_with_a_checkpoint_and_a_receipt_and_the_chain_still_verifies(
    engine: Engine, settings: Settings, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    _old_and_new_events(engine)
    last_removed_hash = _rows(engine)[4]["hash"]

    dry = run(engine, settings, "retention", on(TODAY), dry_run=True)
    assert (dry.status, dry.summary["audit_events"]) == ("dry_run", 5)
    assert len(_rows(engine)) == 7

    outcome = run(engine, settings, "retention", on(TODAY))
    assert outcome.status == "done", outcome.error
    assert (outcome.summary["audit_events"], outcome.summary["receipts"]) == (5, 1)
    assert _receipts(engine) == [("audit_event_older_than:5y", "purged", "audit_event_range", 5, [1, 5])]

    rows = _rows(engine)
    # the prefix went; the 2015 event written after a recent one stays until everything before it is old
    assert [r["id"] for r in rows] == [6, 7, 8, 9]
    checkpoint = rows[2]
    assert (checkpoint["action"], checkpoint["object_type"], checkpoint["object_id"]) == ("delete", "audit_trail", 5)
    assert (checkpoint["username"], checkpoint["access_point"]) == ("scheduler", f"job:retention:{TODAY}")
    cutoff = (TODAY.replace(year=TODAY.year - 5)).isoformat()
    assert checkpoint["detail"] == (
        f"retention removed 5 audit events, ids 1-5, older than {cutoff}; last hash {last_removed_hash}"
    )
    assert (rows[3]["action"], rows[3]["object_type"]) == ("execute", "job:retention")

    with Session(engine) as session:
        verdict = audit_chain.verify(session)
    assert (verdict.events, verdict.checkpoint, verdict.broken) == (4, 5, None)
    result = verify_cli(engine, monkeypatch, tmp_path)
    assert result.exit_code == 0, result.output
    assert result.stdout.splitlines()[0] == "4 events, chain intact (from the retention checkpoint after event 5)."

    again = run(engine, settings, "retention", on(TODAY))
    assert again.status == "skipped"
    tomorrow = run(engine, settings, "retention", on(TODAY + timedelta(days=1)))
    assert (tomorrow.status, tomorrow.summary["audit_events"], tomorrow.summary["receipts"]) == ("done", 0, 0)
    assert len(_receipts(engine)) == 1


def test_a_longer_setting_keeps_more_and_a_later_purge_takes_the_old_checkpoint_with_it(
    engine: Engine, settings: Settings
) -> None:
    _write(engine, 2, at=_at("2010-05-01"))
    _write(engine, 2, at=_at("2014-05-01"))
    longer = msgspec.structs.replace(settings, audit_retention_years=8)
    first = run(engine, longer, "retention", _at("2019-01-01"))  # cutoff 2011-01-01: the 2010 events only
    assert (first.status, first.summary["audit_events"]) == ("done", 2), first.error
    assert [r["id"] for r in _rows(engine)] == [3, 4, 5, 6]

    second = run(engine, settings, "retention", on(TODAY))  # everything from 2019 and before
    assert (second.status, second.summary["audit_events"]) == ("done", 4), second.error
    rows = _rows(engine)
    assert [(r["id"], r["object_type"], r["object_id"]) for r in rows] == [
        (7, "audit_trail", 6),
        (8, "job:retention", None),
    ]
    with Session(engine) as session:
        verdict = audit_chain.verify(session)
    assert (verdict.events, verdict.checkpoint, verdict.broken) == (2, 6, None)
    assert [r[4] for r in _receipts(engine)] == [[1, 2], [3, 6]]


def test_nothing_younger_than_five_years_goes_whatever_the_setting_or_the_clock(
    engine: Engine, settings: Settings
) -> None:
    _write(engine, 2, at=_at("2012-01-01"))
    _write(engine, 2, at=datetime.now(UTC) - timedelta(days=365 * 3))
    refused = run(engine, msgspec.structs.replace(settings, audit_retention_years=2), "retention", on(TODAY))
    assert refused.status == "failed"
    assert "RECLASSERING_AUDIT_RETENTION_YEARS must be at least 5 (NEN 7513)" in refused.error
    # a job run "as if" far in the future: the database's own clock bounds what goes
    future = run(engine, settings, "retention", on(TODAY + timedelta(days=365 * 30)))
    assert (future.status, future.summary["audit_events"]) == ("done", 2), future.error
    assert [r["id"] for r in _rows(engine)][:2] == [3, 4]


def test_only_the_purge_passes_the_triggers_and_only_for_old_events(engine: Engine) -> None:
    _write(engine, 1, at=_at("2012-01-01"))
    _write(engine, 1)
    with pytest.raises(Exception, match="append-only"), engine.begin() as connection:
        connection.execute(text("DELETE FROM audit_event WHERE id = 1"))  # old, but no permit
    with pytest.raises(Exception, match="append-only"), engine.begin() as connection:
        connection.execute(text("INSERT INTO audit_purge_permit (id, through_id) VALUES (1, 2)"))
        connection.execute(text("DELETE FROM audit_event WHERE id = 2"))  # a permit, but the event is young
    with Session(engine) as session:
        purged = audit_chain.purge(session, datetime.now(UTC) + timedelta(days=1))
        session.commit()
    assert (purged.removed, purged.first_id, purged.last_id) == (1, 1, 1)
    assert [r["id"] for r in _rows(engine)] == [2]
    with engine.connect() as connection:
        assert connection.execute(text("SELECT count(*) FROM audit_purge_permit")).scalar_one() == 0


def test_a_dry_run_removes_nothing(engine: Engine, settings: Settings) -> None:
    _old_and_new_events(engine)
    outcome = run(engine, settings, "retention", on(TODAY), dry_run=True)
    assert outcome.summary["audit_events"] == 5
    with Session(engine) as session:
        assert len(session.exec(select(AuditEvent)).all()) == 7
        assert audit_chain.verify(session).broken is None


def test_the_receipt_is_listed_for_the_administrator(
    engine: Engine, settings: Settings, client: Any, world: Any
) -> None:
    _write(engine, 2, at=_at("2013-01-01"))
    assert run(engine, settings, "retention", on(TODAY)).status == "done"
    receipts = client.get("/api/v1/retention/receipts", headers=world["admin"].headers).json()["items"]
    ours = [r for r in receipts if r["object_type"] == "audit_event_range"]
    assert [(r["rule"], r["count"], r["basis"].startswith("NEN 7513")) for r in ours] == [
        ("audit_event_older_than:5y", 2, True)
    ]
