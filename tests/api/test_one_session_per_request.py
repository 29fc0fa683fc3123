"""Authentication, the access guard, the handler and the audit hook share one database session: a request checks
out one connection from the pool (on PostgreSQL: one pre-ping), whether it is answered, refused or fails."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from sqlalchemy import Engine, event, func, select

from reclassering.casefile.models import AuditEvent

from ..world import World


@contextmanager
def checkouts(engine: Engine) -> Iterator[list[int]]:
    seen: list[int] = []

    def on_checkout(*_: Any) -> None:
        seen.append(1)

    event.listen(engine, "checkout", on_checkout)
    try:
        yield seen
    finally:
        event.remove(engine, "checkout", on_checkout)


def _audit_rows(engine: Engine) -> int:
    with engine.connect() as connection:
        return connection.execute(select(func.count()).select_from(AuditEvent)).scalar_one()


def test_a_read_checks_out_one_connection(client: Any, engine: Engine, world: World) -> None:
    youth_id = world.cases["y1"].youth_id
    with checkouts(engine) as seen:
        response = client.get(f"/api/v1/youths/{youth_id}", headers=world["w1"].headers)
    assert response.status_code == 200
    assert len(seen) == 1


def test_a_write_with_its_audit_event_checks_out_one_connection(client: Any, engine: Engine, world: World) -> None:
    case = world.cases["y1"]
    before = _audit_rows(engine)
    with checkouts(engine) as seen:
        response = client.post(
            f"/api/v1/measures/{case.measure_id}/successes",
            json={"text": "Op tijd op school", "occurred_on": "2026-11-30"},
            headers=world["w1"].headers,
        )
    assert response.status_code == 201, response.text
    assert len(seen) == 1
    assert _audit_rows(engine) == before + 1


def test_a_refusal_is_audited_on_the_same_connection(client: Any, engine: Engine, world: World) -> None:
    other = world.cases["y2"].youth_id  # Bo, of worker w2: not on w1's caseload (team Noord does not share)
    before = _audit_rows(engine)
    with checkouts(engine) as seen:
        response = client.get(f"/api/v1/youths/{other}", headers=world["w1"].headers)
    assert response.status_code == 404
    assert len(seen) == 1
    assert _audit_rows(engine) == before + 1


def test_a_failed_write_stores_nothing_but_its_refusal(client: Any, engine: Engine, world: World) -> None:
    case = world.cases["y1"]
    before = _audit_rows(engine)
    with checkouts(engine) as seen:
        response = client.post(
            f"/api/v1/measures/{case.measure_id}/goals",
            json={"text": "x" * 5000, "domain": "school"},
            headers=world["w1"].headers,
        )
    assert response.status_code == 400
    assert len(seen) <= 2  # the failed change is rolled back (the connection goes back), then the refusal written
    assert _audit_rows(engine) == before + 1


def test_no_request_leaves_a_connection_behind(client: Any, engine: Engine, world: World) -> None:
    """Pages, error pages (rendered by the framework after the middleware closed the session, with the unread
    count in their navigation), refusals and API reads all give their connection back."""
    from .test_pages import _log_in

    _log_in(client, "wessel")
    foreign = world.cases["y3"].youth_id
    for path in ("/caseload", f"/jongeren/{foreign}", "/jongeren/999999", "/beheer", "/meldingen"):
        client.get(path)
        assert engine.pool.checkedout() == 0, path  # type: ignore[attr-defined]
    client.get(f"/api/v1/youths/{foreign}", headers=world["w1"].headers)
    assert engine.pool.checkedout() == 0  # type: ignore[attr-defined]


def test_a_refused_csrf_token_leaves_no_connection_behind(client: Any, engine: Engine, world: World) -> None:
    from .test_pages import _log_in

    _log_in(client, "wessel")
    refused = client.post("/meldingen/gelezen", data={"_csrf_token": "forged"})
    assert refused.status_code == 403
    assert engine.pool.checkedout() == 0  # type: ignore[attr-defined]


def test_static_files_touch_no_database_even_for_a_logged_in_browser(client: Any, engine: Engine, world: World) -> None:
    """The style sheet and Swagger UI's files need no login: no token lookup, no connection checked out (on
    PostgreSQL such a read-only session ended in a rollback, which drops psycopg's prepared statements)."""
    with checkouts(engine) as seen:
        for path in ("/static/pages.css", "/static/nothing-here.css"):
            client.get(path, headers=world["w1"].headers)
    assert seen == []
    assert client.get("/static/pages.css", headers=world["w1"].headers).status_code == 200
    missing = client.get("/static/nothing-here.css", headers=world["w1"].headers)
    assert missing.status_code == 404
