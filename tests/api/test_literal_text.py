"""SQL and HTML metacharacters are data: stored and answered exactly as sent, shown escaped on the pages, and the
database is untouched by them (SQLite and PostgreSQL)."""

from __future__ import annotations

from typing import Any

import pytest
from sqlalchemy import Engine, inspect, text

from ..world import World
from .test_pages import _log_in

HOSTILE = [
    "Robert'); DROP TABLE youth;--",
    "1' OR '1'='1",
    '<script>alert("x")</script> & <b>vet</b>',
    "50% _niet_ \\ een patroon; $1 {0} %(naam)s",
    "Ωmega – “aanhalingstekens” ‘enkel’ 😀",
]


@pytest.mark.parametrize("sent", HOSTILE)
def test_metacharacters_are_stored_and_returned_literally(client: Any, world: World, engine: Engine, sent: str) -> None:
    case = world.cases["y1"]
    headers = world["w1"].headers
    tables_before = set(inspect(engine).get_table_names())
    created = client.post(
        f"/api/v1/measures/{case.measure_id}/successes",
        headers=headers,
        json={"text": sent, "occurred_on": "2026-11-30"},
    )
    assert created.status_code == 201, created.text
    assert created.json()["text"] == sent
    listed = client.get(f"/api/v1/measures/{case.measure_id}/successes?limit=200", headers=headers).json()["items"]
    assert [s["text"] for s in listed].count(sent) == 1
    goal = client.post(
        f"/api/v1/measures/{case.measure_id}/goals",
        headers=headers,
        json={"title": sent[:120], "life_domain": "family"},
    )
    assert goal.status_code == 201 and goal.json()["title"] == sent[:120]
    with engine.connect() as connection:
        stored = connection.execute(text("SELECT text FROM success WHERE text = :t"), {"t": sent}).scalars().all()
    assert stored == [sent]
    assert set(inspect(engine).get_table_names()) == tables_before


def test_metacharacters_are_escaped_on_the_pages(client: Any, world: World) -> None:
    case = world.cases["y1"]
    sent = '<script>alert("x")</script> & <b>vet</b>'
    response = client.post(
        f"/api/v1/measures/{case.measure_id}/goals",
        headers=world["w1"].headers,
        json={"title": sent, "life_domain": "family"},
    )
    assert response.status_code == 201
    _log_in(client, "wessel")
    page = client.get(f"/jongeren/{case.youth_id}").text
    assert "<script>alert(" not in page and "<b>vet</b>" not in page
    assert "&lt;script&gt;alert(" in page and "&lt;b&gt;vet&lt;/b&gt;" in page
