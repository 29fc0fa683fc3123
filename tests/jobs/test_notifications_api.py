"""GET /api/v1/notifications: the current user's own notifications, unread first, in their language; mark read."""

from __future__ import annotations

from typing import Any

from sqlalchemy import Engine, update
from sqlmodel import Session, select

from reclassering.casefile.db import unit_of_work
from reclassering.casefile.models import AuditEvent, User
from reclassering.settings import Settings

from ..world import World
from .helpers import monday, run


def test_each_user_sees_only_their_own_unread_first(
    client: Any, engine: Engine, settings: Settings, world: World
) -> None:
    run(engine, settings, "weekly_round", monday(2))  # three missing, three overdue
    w1 = client.get("/api/v1/notifications", headers=world["w1"].headers).json()
    assert (w1["total"], w1["unread"]) == (1, 1)
    [item] = w1["items"]
    assert item["kind"] == "checkin_missing"
    assert item["youth_id"] == world.cases["y1"].youth_id
    assert item["text"].startswith("De check-in van Amir K. voor week ")

    s1 = client.get("/api/v1/notifications", headers=world["s1"].headers).json()
    assert s1["total"] == 2 and {i["kind"] for i in s1["items"]} == {"checkin_overdue"}
    assert client.get("/api/v1/notifications", headers=world["y1"].headers).json()["total"] == 0

    # someone else's id marks nothing; one's own does; read ones come after unread ones
    first, second = (i["id"] for i in s1["items"])
    assert client.post(
        "/api/v1/notifications/read", json={"ids": [item["id"]]}, headers=world["s1"].headers
    ).json() == {"marked": 0}
    assert client.post("/api/v1/notifications/read", json={"ids": [first]}, headers=world["s1"].headers).json() == {
        "marked": 1
    }
    after = client.get("/api/v1/notifications", headers=world["s1"].headers).json()
    assert after["unread"] == 1
    assert [i["id"] for i in after["items"]] == [second, first]
    assert after["items"][1]["read_at"] is not None
    unread = client.get("/api/v1/notifications?unread_only=true", headers=world["s1"].headers).json()
    assert [i["id"] for i in unread["items"]] == [second] and unread["total"] == 1
    assert client.post("/api/v1/notifications/read", json={"all": True}, headers=world["s1"].headers).json() == {
        "marked": 1
    }

    # listing names youths: each is an audited read
    with Session(engine) as session:
        reads = session.exec(
            select(AuditEvent).where(AuditEvent.object_type == "notification", AuditEvent.username == "sanne")
        ).all()
        assert {e.youth_id for e in reads} == {world.cases["y1"].youth_id, world.cases["y2"].youth_id}


def test_english_for_a_user_who_reads_english(client: Any, engine: Engine, settings: Settings, world: World) -> None:
    with unit_of_work(engine) as session:
        session.execute(update(User).where(User.id == world["w1"].id).values(locale="en"))  # type: ignore[arg-type]
    run(engine, settings, "weekly_round", monday(1))
    [item] = client.get("/api/v1/notifications", headers=world["w1"].headers).json()["items"]
    assert item["text"].startswith("The check-in of Amir K. for week ")


def test_bad_input_is_refused_with_a_message(client: Any, world: World) -> None:
    headers = world["w1"].headers
    for body in ({}, {"ids": [1], "all": True}, {"ids": [0]}, {"ids": "x"}, {"everything": True}):
        response = client.post("/api/v1/notifications/read", json=body, headers=headers)
        assert response.status_code == 400, (body, response.text)
        assert response.json()["detail"]
    assert client.get("/api/v1/notifications?limit=0", headers=headers).status_code == 400
    assert client.get("/api/v1/notifications").status_code == 401
