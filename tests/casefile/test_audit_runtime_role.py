"""PostgreSQL: the README's runtime role may only append to and read the audit trail.

The GRANT statements are read from the README itself and run in the test database; the application then works
as that role (HTTP requests, the retention job's purge through its SECURITY DEFINER function), while UPDATE,
DELETE and TRUNCATE of the trail, and rewinding the chain head, are refused."""

from __future__ import annotations

import re
import uuid
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import Engine, event, text
from sqlalchemy.exc import ProgrammingError
from sqlmodel import Session

from reclassering.casefile import audit_chain
from reclassering.casefile.db import make_engine
from reclassering.casefile.fields import today as service_today
from reclassering.settings import Settings

from ..jobs.helpers import on, run
from ..world import World
from .test_audit_chain import _rows, _write

README = Path(__file__).resolve().parents[2] / "README.md"


def grant_statements(role: str, database: str) -> list[str]:
    """The SQL block under the README's runtime-role marker, for this role and database."""
    block = re.search(r"<!-- runtime-role-grants[^>]*-->\s*```sql\n(.*?)```", README.read_text(), re.DOTALL)
    assert block is not None, "the README lost its runtime-role GRANT block"
    sql = block.group(1).replace("reclassering_app", role).replace("DATABASE reclassering ", f'DATABASE "{database}" ')
    return [s.strip() for s in sql.split(";") if s.strip()]


@pytest.fixture
def runtime_role(engine: Engine) -> Iterator[Engine]:
    """An engine whose every connection acts as a fresh runtime role made with the README's statements."""
    if engine.dialect.name != "postgresql":
        pytest.skip("roles and grants are PostgreSQL's")
    role = f"reclassering_app_{uuid.uuid4().hex[:10]}"
    with engine.begin() as connection:
        connection.execute(text(f"CREATE ROLE {role} NOLOGIN"))
        for statement in grant_statements(role, engine.url.database or ""):
            connection.execute(text(statement))
    app_engine = make_engine(engine.url.render_as_string(hide_password=False))

    @event.listens_for(app_engine, "connect")
    def act_as_role(dbapi_connection: Any, _record: Any) -> None:
        with dbapi_connection.cursor() as cursor:
            cursor.execute(f"SET ROLE {role}")

    try:
        yield app_engine
    finally:
        app_engine.dispose()
        with engine.begin() as connection:
            connection.execute(text(f"DROP OWNED BY {role}"))
            connection.execute(text(f"DROP ROLE {role}"))


@pytest.mark.parametrize(
    "statement",
    [
        "UPDATE audit_event SET detail = 'x'",
        "DELETE FROM audit_event",
        "TRUNCATE audit_event",
        "DELETE FROM audit_chain_head",
        "INSERT INTO audit_purge_permit (id, through_id) VALUES (1, 1000)",
    ],
)
def test_the_runtime_role_cannot_change_remove_or_truncate_the_trail(runtime_role: Engine, statement: str) -> None:
    _write(runtime_role, 2)  # appending works
    with pytest.raises(ProgrammingError, match="permission denied"), runtime_role.begin() as connection:
        connection.execute(text(statement))
    assert [r["id"] for r in _rows(runtime_role)] == [1, 2]


def test_the_runtime_role_cannot_rewind_the_chain_head(runtime_role: Engine) -> None:
    _write(runtime_role, 3)
    with pytest.raises(Exception, match="only moves forward"), runtime_role.begin() as connection:
        connection.execute(text("UPDATE audit_chain_head SET last_id = 1"))


def test_the_service_runs_as_the_runtime_role(
    runtime_role: Engine, world: World, app: Any, client: Any, settings: Settings
) -> None:
    app.state.engine = runtime_role
    case = world.cases["y1"]
    assert client.get(f"/api/v1/youths/{case.youth_id}", headers=world["w1"].headers).status_code == 200
    goal = client.patch(f"/api/v1/goals/{case.goal_ids[0]}", headers=world["w1"].headers, json={"status": "paused"})
    assert goal.status_code == 200
    assert client.get(f"/api/v1/youths/{case.youth_id}", headers=world["w2"].headers).status_code == 404
    trail = client.get(f"/api/v1/youths/{case.youth_id}/audit", headers=world["s1"].headers).json()["items"]
    assert [(e["username"], e["action"], e["outcome"]) for e in trail][:3] == [
        ("wendy", "read", "denied"),
        ("wessel", "update", "success"),
        ("wessel", "read", "success"),
    ]

    _write(runtime_role, 2, at=datetime(2014, 3, 1, tzinfo=UTC))  # old events, after the recent ones
    outcome = run(runtime_role, settings, "retention", on(service_today()))
    assert outcome.status == "done", outcome.error
    assert outcome.summary["audit_events"] == 0  # the old ones come after recent ones: they wait
    with Session(runtime_role) as session:
        verdict = audit_chain.verify(session)
        assert verdict.broken is None
        # the purge function works for the runtime role, bounded by the five-year floor
        purged = audit_chain.purge(session, datetime.now(UTC))
        session.rollback()
    assert purged.removed == 0


def test_the_runtime_role_purges_old_events_only_through_the_function(runtime_role: Engine, engine: Engine) -> None:
    _write(engine, 3, at=datetime(2013, 5, 1, tzinfo=UTC))
    _write(engine, 1)
    with pytest.raises(ProgrammingError, match="permission denied"), runtime_role.begin() as connection:
        connection.execute(text("DELETE FROM audit_event WHERE id = 1"))
    with Session(runtime_role) as session:
        purged = audit_chain.purge(session, datetime(2020, 1, 1, tzinfo=UTC))
        session.commit()
    assert (purged.removed, purged.first_id, purged.last_id) == (3, 1, 3)
    assert [r["id"] for r in _rows(engine)] == [4]
    with engine.connect() as connection:  # PUBLIC may not run it: only the owner and the role it was granted to
        rights = set(
            connection.execute(
                text(
                    "SELECT grantee FROM information_schema.routine_privileges "
                    "WHERE routine_name = 'audit_event_purge' AND privilege_type = 'EXECUTE'"
                )
            ).scalars()
        )
    assert "PUBLIC" not in rights and any(r.startswith("reclassering_app_") for r in rights)
