"""The audit trail is a hash chain: every event links to the one before; concurrent appends never fork it;
the database refuses replacing, truncating and rewinding; ``reclassering audit verify`` finds a forged, a
removed and a cut-off event, on SQLite and PostgreSQL."""

from __future__ import annotations

import hashlib
import json
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner, Result
from sqlalchemy import Connection, Engine, text
from sqlmodel import Session, select

from reclassering.casefile import audit, audit_chain
from reclassering.casefile.db import unit_of_work
from reclassering.casefile.models import AuditChainHead, AuditEvent
from reclassering.casefile.vocab import AuditAction, AuditOutcome
from reclassering.cli import cli

from ..conftest import count_queries

WORKER = audit.Actor(user_id=7, username="wessel", role="worker")


def _write(engine: Engine, n: int, *, youth_id: int = 1, detail: str = "", at: datetime | None = None) -> None:
    with unit_of_work(engine) as session:
        audit.record(
            session,
            WORKER,
            [audit.Access(youth_id, AuditAction.READ, "goal", i + 1) for i in range(n)],
            access_point="127.0.0.1 GET /api/v1/goals/1",
            outcome=AuditOutcome.SUCCESS,
            status_code=200,
            detail=detail,
            at=at,
        )


def _rows(engine: Engine) -> list[dict[str, Any]]:
    with engine.connect() as connection:
        return [dict(r) for r in connection.execute(text("SELECT * FROM audit_event ORDER BY id")).mappings()]


def verify_cli(engine: Engine, monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> Result:
    monkeypatch.setenv("RECLASSERING_DATA_DIR", str(tmp_path / "data"))
    monkeypatch.setenv("RECLASSERING_DATABASE_URL", engine.url.render_as_string(hide_password=False))
    return CliRunner().invoke(cli, ["audit", "verify", "--batch-size", "100"], prog_name="reclassering")


@contextmanager
def bypassing_triggers(engine: Engine) -> Iterator[Connection]:
    """A privileged path around the append-only triggers, as someone with the database's owner rights could take:
    on SQLite the triggers are dropped and put back, on PostgreSQL the superuser switches triggers off."""
    with engine.begin() as connection:
        if engine.dialect.name == "sqlite":
            saved = connection.execute(
                text("SELECT sql FROM sqlite_master WHERE type = 'trigger' AND tbl_name = 'audit_event'")
            ).scalars()
            statements = list(saved)
            for name in connection.execute(
                text("SELECT name FROM sqlite_master WHERE type = 'trigger' AND tbl_name = 'audit_event'")
            ).scalars():
                connection.execute(text(f"DROP TRIGGER {name}"))
            yield connection
            for statement in statements:
                connection.execute(text(statement))
        else:
            connection.execute(text("SET LOCAL session_replication_role = replica"))
            yield connection


def test_each_event_hashes_its_content_and_the_one_before_as_the_readme_says(engine: Engine) -> None:
    _write(engine, 3, detail='é\x01 \u2028 "quoted" / slash')
    rows = _rows(engine)
    prev = "0" * 64
    for row in rows:
        at = row["at"] if isinstance(row["at"], datetime) else datetime.fromisoformat(row["at"]).replace(tzinfo=UTC)
        # an independent reading of the documented encoding, with the standard library's json
        payload = [
            "reclassering-audit-v1",
            prev,
            row["id"],
            at.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%S.%fZ"),
            *(row[name] for name in audit_chain.FIELDS[2:]),
        ]
        encoded = json.dumps(payload, ensure_ascii=False, separators=(",", ":")).encode()
        assert encoded == audit_chain.canonical(prev, {**row, "at": at})
        assert row["prev_hash"] == prev and row["hash"] == hashlib.sha256(encoded).hexdigest()
        prev = row["hash"]
    assert [r["id"] for r in rows] == [1, 2, 3]
    with Session(engine) as session:
        head = session.get(AuditChainHead, 1)
        verdict = audit_chain.verify(session)
    assert head is not None and (head.last_id, head.last_hash) == (3, prev)
    assert (verdict.events, verdict.broken) == (3, None)


def test_an_append_costs_two_small_statements_more_than_the_insert(engine: Engine) -> None:
    _write(engine, 1)
    with count_queries(engine) as counter:
        _write(engine, 5)
    statements = [s.split()[0].upper() for s in counter.statements if not s.startswith(("BEGIN", "COMMIT"))]
    assert statements == ["UPDATE", "INSERT", "UPDATE"], counter.statements


def test_concurrent_appends_from_many_threads_never_fork_the_chain(engine: Engine) -> None:
    threads, each = 8, 15
    errors: list[BaseException] = []
    start = threading.Barrier(threads)

    def writer(n: int) -> None:
        try:
            start.wait()
            for _ in range(each):
                _write(engine, 2, youth_id=n)
        except BaseException as exc:  # collected and asserted below
            errors.append(exc)

    workers = [threading.Thread(target=writer, args=(n,)) for n in range(threads)]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join()
    assert errors == []
    rows = _rows(engine)
    assert [r["id"] for r in rows] == list(range(1, threads * each * 2 + 1))  # gapless, no id twice
    assert len({r["prev_hash"] for r in rows}) == len(rows)  # no two events link to the same predecessor
    with Session(engine) as session:
        verdict = audit_chain.verify(session, batch=37)
    assert (verdict.events, verdict.broken) == (threads * each * 2, None)


def test_the_database_refuses_to_replace_truncate_or_rewind_the_trail(engine: Engine) -> None:
    _write(engine, 2)
    if engine.dialect.name == "sqlite":
        attempts = [
            "INSERT OR REPLACE INTO audit_event (id, at, username, role, on_behalf_of, action, object_type, "
            "access_point, outcome, detail, prev_hash, hash) VALUES (1, '2026-01-01 00:00:00.000000', 'x', 'x', '', "
            "'read', 'goal', 'x', 'success', '', '', '')",
            "REPLACE INTO audit_chain_head (id, last_id, last_hash) VALUES (1, 0, 'x')",
        ]
    else:
        attempts = ["TRUNCATE audit_event", "TRUNCATE audit_chain_head"]
    attempts += [
        "UPDATE audit_event SET detail = 'x' WHERE id = 1",
        "DELETE FROM audit_event WHERE id = 1",
        "UPDATE audit_chain_head SET last_id = 1",
        "DELETE FROM audit_chain_head",
    ]
    for statement in attempts:
        with pytest.raises(Exception, match=r"append-only|only moves forward|cannot be removed"), engine.begin() as db:
            db.execute(text(statement))
    assert [r["id"] for r in _rows(engine)] == [1, 2]


def test_audit_verify_says_the_chain_is_intact(engine: Engine, monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    _write(engine, 250)
    result = verify_cli(engine, monkeypatch, tmp_path)
    assert result.exit_code == 0, result.output
    assert result.stdout.splitlines()[0] == "250 events, chain intact."
    assert _rows(engine)[-1]["hash"] in result.stdout


def test_audit_verify_finds_a_forged_event(engine: Engine, monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    _write(engine, 120)
    with bypassing_triggers(engine) as connection:
        connection.execute(text("UPDATE audit_event SET username = 'iemand', youth_id = 2 WHERE id = 57"))
    result = verify_cli(engine, monkeypatch, tmp_path)
    assert result.exit_code == 1, result.output
    assert result.stdout.splitlines() == [
        "Broken link at event 57: its content does not match its hash: it was changed after it was written.",
        "56 events before it checked and intact.",
    ]


def test_audit_verify_finds_a_forged_event_whose_hash_was_recomputed(
    engine: Engine, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    _write(engine, 10)
    row = _rows(engine)[4]
    forged = {**row, "detail": "niets gezien", "at": datetime.fromisoformat(str(row["at"])).replace(tzinfo=UTC)}
    with bypassing_triggers(engine) as connection:
        connection.execute(
            text("UPDATE audit_event SET detail = :d, hash = :h WHERE id = 5"),
            {"d": "niets gezien", "h": audit_chain.event_hash(row["prev_hash"], forged)},
        )
    result = verify_cli(engine, monkeypatch, tmp_path)
    assert result.exit_code == 1
    assert result.stdout.startswith(
        "Broken link at event 6: it does not link to the event before it: "
        "event 5 before it was removed or changed (its hash was recomputed)."
    )


def test_audit_verify_finds_a_removed_event_and_a_cut_off_end(
    engine: Engine, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    _write(engine, 30)
    with bypassing_triggers(engine) as connection:
        connection.execute(text("DELETE FROM audit_event WHERE id IN (12, 13)"))
    result = verify_cli(engine, monkeypatch, tmp_path)
    assert result.exit_code == 1
    assert result.stdout.startswith(
        "Broken link at event 14: it does not link to the event before it: events 12-13 are missing"
    )
    with bypassing_triggers(engine) as connection:
        connection.execute(text("DELETE FROM audit_event WHERE id <= 13 OR id >= 29"))
    result = verify_cli(engine, monkeypatch, tmp_path)
    assert result.exit_code == 1
    assert result.stdout.startswith(
        "Broken link at event 14: events before it were removed without a retention checkpoint."
    )


def test_audit_verify_finds_events_cut_off_the_end(
    engine: Engine, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    _write(engine, 30)
    with bypassing_triggers(engine) as connection:
        connection.execute(text("DELETE FROM audit_event WHERE id >= 29"))
    result = verify_cli(engine, monkeypatch, tmp_path)
    assert result.exit_code == 1
    assert result.stdout.startswith(
        "Broken link at event 28: the trail ends at event 28, but the chain head names event 30"
    )


def test_an_event_written_through_the_api_is_on_the_chain(client: Any, world: Any, session: Session) -> None:
    case = world.cases["y1"]
    assert client.get(f"/api/v1/youths/{case.youth_id}", headers=world["w1"].headers).status_code == 200
    assert client.get(f"/api/v1/youths/{case.youth_id}", headers=world["w2"].headers).status_code == 404
    events = session.exec(select(AuditEvent).order_by(AuditEvent.id)).all()  # type: ignore[arg-type]
    assert [(e.username, e.action, e.outcome) for e in events][-2:] == [
        ("wessel", "read", "success"),
        ("wendy", "read", "denied"),
    ]
    assert audit_chain.verify(session).broken is None
