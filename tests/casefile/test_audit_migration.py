"""Migration 0013 carries an existing trail over: the letters become words, every event is chained in id order (after
the rename), the head names the last one, and the new guards are in place; downgrading gives the letters back."""

from __future__ import annotations

from datetime import UTC, datetime

from alembic import command
from sqlalchemy import Engine, bindparam, text
from sqlmodel import Session

from reclassering.casefile import audit_chain
from reclassering.casefile.db import alembic_config, upgrade
from reclassering.casefile.types import UTCDateTime

from .test_audit_chain import _rows, _write

OLD_EVENTS = [
    ("2025-03-01 09:00:00.123456", "C", "goal", "success"),
    ("2025-03-01 09:05:00", "R", "youth", "denied"),
    ("2025-03-02 10:00:00.5", "U", "check_in", "success"),
    ("2025-03-03 11:00:00", "export", "record", "success"),
    ("2025-03-04 02:30:00", "E", "job:retention", "success"),
    ("2025-03-04 02:30:00", "D", "youth", "success"),
]


def test_an_existing_trail_is_renamed_and_chained_and_keeps_verifying(engine: Engine) -> None:
    config = alembic_config(engine)
    command.downgrade(config, "0010")
    with engine.begin() as connection:
        for event_id, (at, action, object_type, outcome) in enumerate(OLD_EVENTS, start=3):  # ids need not start at 1
            connection.execute(
                text(
                    "INSERT INTO audit_event (id, at, user_id, username, role, on_behalf_of, youth_id, action, "
                    "object_type, object_id, access_point, outcome, status_code, detail) VALUES "
                    "(:id, :at, 7, 'wessel', 'worker', '', 1, :action, :object_type, NULL, 'testclient GET /x', "
                    ":outcome, 200, 'oud é')"
                ).bindparams(bindparam("at", type_=UTCDateTime())),
                {
                    "id": event_id * 2,
                    "at": datetime.fromisoformat(at).replace(tzinfo=UTC),
                    "action": action,
                    "object_type": object_type,
                    "outcome": outcome,
                },
            )
    upgrade(engine)
    rows = _rows(engine)
    assert [r["action"] for r in rows] == ["create", "read", "update", "export", "execute", "delete"]
    assert [r["id"] for r in rows] == [6, 8, 10, 12, 14, 16]
    assert rows[0]["prev_hash"] == audit_chain.GENESIS
    with Session(engine) as session:
        verdict = audit_chain.verify(session)
    assert (verdict.events, verdict.head_id, verdict.head_hash, verdict.broken) == (6, 16, rows[-1]["hash"], None)

    _write(engine, 2)  # new events follow on from the head
    assert [r["id"] for r in _rows(engine)][-2:] == [17, 18]
    with Session(engine) as session:
        assert audit_chain.verify(session).broken is None

    command.downgrade(config, "0010")
    with engine.connect() as connection:
        actions = connection.execute(text("SELECT action FROM audit_event ORDER BY id")).scalars().all()
    assert actions == ["C", "R", "U", "export", "E", "D", "R", "R"]
    upgrade(engine)
