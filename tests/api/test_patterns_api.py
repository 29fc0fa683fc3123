"""A negative interaction pattern can be named first and its breaking strength found later (Safe Path)."""

from __future__ import annotations

from typing import Any

from reclassering.casefile.fields import today as service_today

from ..world import World


def test_the_strength_that_breaks_a_pattern_is_added_later(client: Any, world: World) -> None:
    case = world.cases["y1"]
    headers = world["w1"].headers
    named = client.post(
        f"/api/v1/measures/{case.measure_id}/patterns",
        headers=headers,
        json={"pattern": "Schreeuwen als moeder vraagt naar school", "named_on": service_today().isoformat()},
    )
    assert named.status_code == 201, named.text
    pattern = named.json()
    assert pattern["breaking_strength"] == ""
    updated = client.patch(
        f"/api/v1/patterns/{pattern['id']}",
        headers=headers,
        json={"breaking_strength": "  Eerst even naar buiten, dan praten  "},
    )
    assert updated.status_code == 200
    assert updated.json()["breaking_strength"] == "Eerst even naar buiten, dan praten"
    listed = client.get(f"/api/v1/measures/{case.measure_id}/patterns", headers=headers).json()["items"]
    assert {p["id"]: p["breaking_strength"] for p in listed}[pattern["id"]] == "Eerst even naar buiten, dan praten"
    retired = client.patch(f"/api/v1/patterns/{pattern['id']}", headers=headers, json={"active": False})
    assert retired.json()["active"] is False


def test_updating_a_pattern_refuses_bad_input_and_foreign_patterns(client: Any, world: World) -> None:
    own, foreign = world.cases["y1"], world.cases["y3"]
    headers = world["w1"].headers
    unknown_field = client.patch(f"/api/v1/patterns/{own.pattern_id}", headers=headers, json={"colour": "red"})
    assert unknown_field.status_code == 400 and "unknown field" in unknown_field.text
    blank = client.patch(f"/api/v1/patterns/{own.pattern_id}", headers=headers, json={"pattern": "   "})
    assert blank.status_code == 400
    assert (
        client.patch(f"/api/v1/patterns/{foreign.pattern_id}", headers=headers, json={"active": False}).status_code
        == 404
    )
    youth = client.patch(f"/api/v1/patterns/{own.pattern_id}", headers=world["y1"].headers, json={"active": False})
    assert youth.status_code == 403
