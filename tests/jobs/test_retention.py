"""Nightly retention: records past their period are erased (or pseudonymised) with a receipt and an audit trail;
expired logins and old login attempts are purged; a dry run lists what would go; a rerun changes nothing."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

import msgspec
from sqlalchemy import Engine, update
from sqlmodel import Session, func, select

from reclassering.casefile.db import unit_of_work
from reclassering.casefile.fields import today as service_today
from reclassering.casefile.models import (
    AuditEvent,
    AuthToken,
    LoginAttempt,
    Measure,
    RetentionReceipt,
    RetentionRemainder,
    User,
    Youth,
)
from reclassering.casefile.types import utcnow
from reclassering.settings import Settings

from ..world import World
from .helpers import on, run

TODAY = service_today()


def _close(engine: Engine, measure_id: int, ended_on: date, kind: str | None = None) -> None:
    values: dict[str, Any] = {"status": "completed", "ended_on": ended_on}
    if kind:
        values["kind"] = kind
    with unit_of_work(engine) as session:
        session.execute(update(Measure).where(Measure.id == measure_id).values(**values))  # type: ignore[arg-type]


def _old_logins(engine: Engine, world: World) -> None:
    long_ago = utcnow() - timedelta(days=40)
    with unit_of_work(engine) as session:
        session.add(AuthToken(token_hash="0" * 64, user_id=world["w1"].id, created_at=long_ago, expires_at=long_ago))
        session.add(LoginAttempt(username="wessel", client="127.0.0.1", at=long_ago))
        session.add(LoginAttempt(username="wessel", client="127.0.0.1", at=utcnow()))


def _receipts(engine: Engine) -> list[tuple[str, str, str, int, list[int]]]:
    with Session(engine) as session:
        rows = session.exec(select(RetentionReceipt).order_by(RetentionReceipt.rule)).all()
        return [(r.rule, r.action, r.object_type, r.count, list(r.record_ids)) for r in rows]


def test_a_record_past_its_period_is_erased_with_a_receipt_and_an_audit_trail(
    engine: Engine, settings: Settings, world: World, client: Any
) -> None:
    y1, y2 = world.cases["y1"], world.cases["y2"]
    _close(engine, y1.measure_id, TODAY - timedelta(days=365 * 21))  # past 20 years
    _close(engine, y2.measure_id, TODAY - timedelta(days=365 * 19))  # not yet
    _old_logins(engine, world)

    outcome = run(engine, settings, "retention", on(TODAY))
    assert outcome.status == "done", outcome.error
    assert outcome.summary | {} == {
        "day": TODAY.isoformat(),
        "mode": "erase",
        "youths": 1,
        "measures": 1,
        "auth_tokens": 1,
        "login_attempts": 1,
        "audit_events": 0,
        "receipts": 5,
    }
    receipts = _receipts(engine)
    assert receipts[2:4] == [
        ("measure_closed:toezicht_begeleiding:20y", "erased", "measure", 1, [y1.measure_id]),
        ("youth_account_of_erased_record", "erased", "app_user", 1, [world["y1"].id]),
    ]
    assert receipts[4] == ("youth_record_closed", "erased", "youth", 1, [y1.youth_id])
    assert [r[:4] for r in receipts[:2]] == [
        ("login_attempt_older_than:30d", "purged", "login_attempt", 1),
        ("login_expired:7d", "purged", "auth_token", 1),
    ]
    with Session(engine) as session:
        assert session.get(Youth, y1.youth_id) is None
        assert session.get(User, world["y1"].id) is None
        assert session.get(Youth, y2.youth_id) is not None
        erased = session.exec(
            select(AuditEvent).where(AuditEvent.youth_id == y1.youth_id, AuditEvent.action == "delete")
        ).one()
        assert (erased.username, erased.role, erased.object_type) == ("scheduler", "system", "youth")
        assert erased.access_point == f"job:retention:{TODAY.isoformat()}"
        assert "measure_closed:toezicht_begeleiding:20y" in erased.detail and "Jeugdwet" in erased.detail
        # the earlier trail of the youth is kept too
        assert (
            session.exec(select(func.count()).select_from(AuditEvent).where(AuditEvent.youth_id == y1.youth_id)).one()
            >= 1
        )

    worker = world["w1"].headers
    assert client.get(f"/api/v1/youths/{y1.youth_id}/export", headers=worker).status_code == 404
    assert client.get(f"/api/v1/measures/{y1.measure_id}/charts", headers=worker).status_code == 404
    assert client.get(f"/api/v1/measures/{y1.measure_id}/progress", headers=worker).status_code == 404

    listed = client.get("/api/v1/retention/receipts", headers=world["admin"].headers)
    assert listed.status_code == 200
    body = listed.json()
    assert body["total"] == 5
    youth_receipt = next(r for r in body["items"] if r["rule"] == "youth_record_closed")
    assert youth_receipt["record_ids"] == [y1.youth_id] and youth_receipt["action"] == "erased"
    assert "Jeugdwet" in youth_receipt["basis"]
    assert client.get("/api/v1/retention/receipts", headers=world["s1"].headers).status_code == 403

    again = run(engine, settings, "retention", on(TODAY, at=on(TODAY).timetz().replace(hour=23)))
    assert again.status == "skipped"
    assert len(_receipts(engine)) == 5


def test_a_rerun_the_next_day_finds_nothing_more(engine: Engine, settings: Settings, world: World) -> None:
    _close(engine, world.cases["y1"].measure_id, TODAY - timedelta(days=365 * 21))
    assert run(engine, settings, "retention", on(TODAY)).summary["youths"] == 1
    nxt = run(engine, settings, "retention", on(TODAY + timedelta(days=1)))
    assert (nxt.status, nxt.summary["youths"], nxt.summary["receipts"]) == ("done", 0, 0)


def test_per_kind_periods_and_pseudonymising(engine: Engine, settings: Settings, world: World) -> None:
    y1, y2, y3 = (world.cases[k] for k in ("y1", "y2", "y3"))
    _close(engine, y1.measure_id, TODAY - timedelta(days=365 * 6), kind="stp")  # stp kept 5 years here
    _close(engine, y2.measure_id, TODAY - timedelta(days=365 * 6))  # default 20 years: kept
    settings = msgspec.structs.replace(settings, retention_years_by_kind="stp=5", retention_mode="pseudonymise")
    outcome = run(engine, settings, "retention", on(TODAY))
    assert (outcome.summary["youths"], outcome.summary["mode"]) == (1, "pseudonymise")
    assert ("measure_closed:stp:5y", "pseudonymised", "measure", 1, [y1.measure_id]) in _receipts(engine)
    with Session(engine) as session:
        assert session.get(Youth, y1.youth_id) is None
        assert session.get(Youth, y2.youth_id) is not None and session.get(Youth, y3.youth_id) is not None
        remainder = session.exec(select(RetentionRemainder)).one()
        assert (remainder.measure_kind, remainder.check_ins, remainder.setbacks, remainder.successes) == (
            "stp",
            1,
            1,
            1,
        )


def test_a_dry_run_lists_what_would_go_and_removes_nothing(engine: Engine, settings: Settings, world: World) -> None:
    y1 = world.cases["y1"]
    _close(engine, y1.measure_id, TODAY - timedelta(days=365 * 21))
    _old_logins(engine, world)
    outcome = run(engine, settings, "retention", on(TODAY), dry_run=True)
    assert outcome.status == "dry_run"
    assert (outcome.summary["auth_tokens"], outcome.summary["login_attempts"]) == (1, 1)
    would_go = [
        (r["rule"], r["action"], r["object_type"], r["count"], r["record_ids"]) for r in outcome.summary["would_go"]
    ]
    assert would_go[:3] == [
        ("measure_closed:toezicht_begeleiding:20y", "erased", "measure", 1, [y1.measure_id]),
        ("youth_record_closed", "erased", "youth", 1, [y1.youth_id]),
        ("youth_account_of_erased_record", "erased", "app_user", 1, [world["y1"].id]),
    ]
    assert [r[:4] for r in would_go[3:]] == [
        ("login_expired:7d", "purged", "auth_token", 1),
        ("login_attempt_older_than:30d", "purged", "login_attempt", 1),
    ]
    assert all("Jeugdwet" in r["basis"] for r in outcome.summary["would_go"][:3])
    with Session(engine) as session:
        assert session.get(Youth, y1.youth_id) is not None
        assert session.exec(select(func.count()).select_from(LoginAttempt)).one() == 2
    assert _receipts(engine) == []
    # the real run leaves exactly the receipts the dry run foretold
    assert run(engine, settings, "retention", on(TODAY)).status == "done"
    assert sorted(_receipts(engine)) == sorted(would_go)


def test_network_links_go_with_the_erased_record(engine: Engine, settings: Settings, world: World) -> None:
    """A link (and the network member's scores and successes through it) goes with the measure it belongs to."""
    from reclassering.casefile import checkins, network_links
    from reclassering.casefile.models import Score, Success
    from reclassering.casefile.models.network_links import NetworkLink

    y1, y2 = world.cases["y1"], world.cases["y2"]
    with unit_of_work(engine) as session:
        for case, worker in ((y1, "w1"), (y2, "w2")):
            maker = session.get(User, world[worker].id)
            data = network_links.NetworkLinkCreate(member_id=case.network_member_id, goal_ids=[case.goal_ids[0]])
            network_links.create_link(session, maker, case.measure_id, data, default_days=14)  # type: ignore[arg-type]
            checkins.record_network_scores(
                session, case.measure_id, case.week, case.network_member_id, {case.goal_ids[0]: 5}
            )
    _close(engine, y1.measure_id, TODAY - timedelta(days=365 * 21))
    assert run(engine, settings, "retention", on(TODAY)).summary["youths"] == 1
    with Session(engine) as session:
        links = session.exec(select(NetworkLink.measure_id)).all()
        assert links == [y2.measure_id]
        assert session.exec(select(func.count()).select_from(Score).where(Score.rater_kind == "network")).one() == 1
        assert (
            session.exec(select(func.count()).select_from(Success).where(Success.measure_id == y1.measure_id)).one()
            == 0
        )
