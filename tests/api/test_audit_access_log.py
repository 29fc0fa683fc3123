"""One rule for exports, and "who looked at my record": the export's parts follow the routes' own access rules, and
the access log groups the trail per person, per part of the record and per local day, in plain words, naming staff
only and never an address (SQLite and PostgreSQL)."""

from __future__ import annotations

from datetime import UTC, date, datetime
from typing import Any

from sqlalchemy import Engine, update
from sqlmodel import Session

from reclassering.api.guards import CASE_READERS, RULE_KEY, Rule
from reclassering.casefile import audit
from reclassering.casefile.db import unit_of_work
from reclassering.casefile.export import SECTIONS
from reclassering.casefile.models import User
from reclassering.casefile.vocab import AuditAction, AuditOutcome, Role

from ..conftest import count_queries
from ..world import World

#: What routes let people read that is not a part of the record but worked out from it, or not about one record.
DERIVED = {"progress", "chart", "progress_page", "notification", "report_snapshot", "conference_report"}
#: Shared with the youth on purpose rather than part of their record's export: the plain (B1) summary of a
#: signed-off conference, a frozen PDF the youth reads at its own route.
DERIVED |= {"conference_summary"}


def _read_rules(app: Any) -> dict[str, frozenset[Role]]:
    """Per object type, who may read it through some GET route (the union over the routes)."""
    readers: dict[str, frozenset[Role]] = {}
    for route in app.routes:
        for handler in route.route_handlers:
            rule: Rule | None = handler.opt.get(RULE_KEY)
            if rule is None or "GET" not in handler.http_methods or rule.action is None:
                continue
            if rule.action not in (AuditAction.READ, AuditAction.EXPORT) or rule.object_type == "record":
                continue
            readers[rule.object_type] = readers.get(rule.object_type, frozenset()) | rule.roles
    return readers


def test_each_part_of_the_export_goes_to_exactly_the_roles_that_read_it_through_the_api(_shared_app: Any) -> None:
    readers = _read_rules(_shared_app)
    exporters = CASE_READERS  # who may ask for an export at all
    for name, section in SECTIONS.items():
        assert section.object_type in readers, f"no route reads {name} ({section.object_type})"
        assert readers[section.object_type] & exporters == section.roles, name
    # and nothing a youth reads through the API is missing from their export
    youth_reads = {kind for kind, roles in readers.items() if Role.YOUTH in roles}
    assert youth_reads - DERIVED <= {s.object_type for s in SECTIONS.values() if Role.YOUTH in s.roles}


def _event(engine: Engine, who: User | None, at: datetime, object_type: str, **kw: Any) -> None:
    actor = audit.Actor.of(who) if who is not None else audit.Actor.of(None)
    with unit_of_work(engine) as session:
        audit.record(
            session,
            actor,
            [audit.Access(kw.pop("youth_id"), kw.pop("action", AuditAction.READ), object_type, None)],
            access_point="192.0.2.7 GET /x",
            outcome=kw.pop("outcome", AuditOutcome.SUCCESS),
            at=at,
        )


def test_reads_are_grouped_per_person_part_and_amsterdam_day_in_plain_words(
    client: Any, world: World, engine: Engine, session: Session
) -> None:
    y1 = world.cases["y1"].youth_id
    wessel, sanne, bo, amir = (session.get(User, world[k].id) for k in ("w1", "s1", "y2", "y1"))
    at = lambda text: datetime.fromisoformat(text).replace(tzinfo=UTC)  # noqa: E731
    for moment in ("2026-11-30T08:00", "2026-11-30T15:59", "2026-11-30T22:59"):  # Monday 09:00-23:59 Amsterdam
        _event(engine, wessel, at(moment), "goal", youth_id=y1)
    _event(engine, wessel, at("2026-11-30T23:30"), "goal", youth_id=y1)  # 00:30 on Tuesday in Amsterdam
    _event(engine, wessel, at("2026-11-30T10:00"), "goal", youth_id=y1, action=AuditAction.UPDATE)
    _event(engine, sanne, at("2026-11-30T10:00"), "deliberation", youth_id=y1)
    _event(engine, bo, at("2026-11-30T11:00"), "youth", youth_id=y1, outcome=AuditOutcome.DENIED)
    _event(engine, None, at("2026-11-30T12:00"), "youth", youth_id=y1, outcome=AuditOutcome.DENIED)
    _event(engine, amir, at("2026-11-30T13:00"), "goal", youth_id=y1)  # their own reads are not listed
    _event(engine, wessel, at("2026-11-30T14:00"), "goal", youth_id=world.cases["y2"].youth_id)  # another record

    with count_queries(engine) as counter:
        entries, total = audit.access_log(session, y1)
    assert counter.count == 1
    old = [(e.day, e.who, e.role, e.action, e.object_type, e.outcome, e.times) for e in entries if e.day.year == 2026]
    assert sorted(old) == sorted(
        [
            (date(2026, 12, 1), "Wessel de Vries", "worker", "read", "goal", "success", 1),
            (date(2026, 11, 30), "Wessel de Vries", "worker", "read", "goal", "success", 3),
            (date(2026, 11, 30), "Wessel de Vries", "worker", "update", "goal", "success", 1),
            (date(2026, 11, 30), "Sanne Visser", "supervisor", "read", "deliberation", "success", 1),
            (date(2026, 11, 30), "", "youth", "read", "youth", "denied", 1),
            (date(2026, 11, 30), "", "anonymous", "read", "youth", "denied", 1),
        ]
    )
    assert len(entries) == total

    response = client.get(f"/api/v1/youths/{y1}/access-log?limit=200", headers=world["y1"].headers)
    assert response.status_code == 200
    texts = {i["text"] for i in response.json()["items"] if i["day"].startswith("2026-11-30")}
    assert texts == {
        "Wessel de Vries (jeugdreclasseerder) bekeek je doelen (3 keer).",
        "Wessel de Vries (jeugdreclasseerder) wijzigde je doelen.",
        "Sanne Visser (teamleider) bekeek een teamstuk over je maatregel.",
        "Een andere jongere probeerde je gegevens te openen; dat werd geweigerd.",
        "Iemand die niet was ingelogd probeerde je gegevens te openen; dat werd geweigerd.",
    }
    for secret in ("192.0.2.7", '"bo"', "amir", "access_point", "username"):
        assert secret not in response.text

    with unit_of_work(engine) as db:
        db.execute(update(User).where(User.id == world["y1"].id).values(locale="en"))  # type: ignore[arg-type]
    export = client.get(f"/api/v1/youths/{y1}/export", headers=world["y1"].headers).json()
    assert "Wessel de Vries (youth probation officer) looked at your goals (3 times)." in {
        e["text"] for e in export["access_log"]
    }
    assert "192.0.2.7" not in str(export)


def test_the_access_log_pages_newest_first(client: Any, world: World, engine: Engine, session: Session) -> None:
    y1 = world.cases["y1"].youth_id
    wessel = session.get(User, world["w1"].id)
    for day in range(1, 6):
        _event(engine, wessel, datetime(2026, 10, day, 9, tzinfo=UTC), "goal", youth_id=y1)
    # the youth reads (their own reads are not listed, so the log does not grow while paging)
    first = client.get(f"/api/v1/youths/{y1}/access-log?limit=2", headers=world["y1"].headers).json()
    later = client.get(f"/api/v1/youths/{y1}/access-log?limit=2&offset=2", headers=world["y1"].headers).json()
    assert first["total"] == later["total"] == 5
    assert [i["day"] for i in first["items"] + later["items"]] == [f"2026-10-0{d}" for d in (5, 4, 3, 2)]
