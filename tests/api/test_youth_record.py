"""The record of one youth: what each role sees and may change, upserted check-ins, audit trail, export."""

from __future__ import annotations

from typing import Any

from sqlalchemy import Engine, text

from reclassering.casefile.fields import today as service_today

from ..world import World


def test_recording_the_same_week_again_updates_it(client: Any, world: World) -> None:
    case = world.cases["y1"]
    url = f"/api/v1/measures/{case.measure_id}/check-ins/{case.week}"
    first = client.put(
        url,
        headers=world["w1"].headers,
        json={
            "went_well": "Twee keer op tijd",
            "scores": [{"goal_id": case.goal_ids[0], "rater": "worker", "value": 7}],
        },
    )
    assert first.status_code == 200, first.text
    again = client.post(
        f"/api/v1/measures/{case.measure_id}/check-ins",
        headers=world["w1"].headers,
        json={"week": case.week, "scores": [{"goal_id": case.goal_ids[1], "rater": "worker", "value": 4}]},
    )
    assert again.status_code == 200
    assert again.json()["id"] == first.json()["id"]
    listing = client.get(f"/api/v1/measures/{case.measure_id}/check-ins", headers=world["w1"].headers).json()
    assert listing["total"] == 1
    only = listing["items"][0]
    assert only["went_well"] == "Twee keer op tijd"  # kept: not sent the second time
    scores = {(s["goal_id"], s["rater"]): s["value"] for s in only["scores"]}
    assert scores == {(case.goal_ids[0], "worker"): 7, (case.goal_ids[0], "youth"): 6, (case.goal_ids[1], "worker"): 4}


def test_a_youth_scores_only_as_themself_and_writes_no_notes(client: Any, world: World) -> None:
    case = world.cases["y1"]
    url = f"/api/v1/measures/{case.measure_id}/check-ins/{case.week}"
    own = client.put(
        url, headers=world["y1"].headers, json={"scores": [{"goal_id": case.goal_ids[1], "rater": "youth", "value": 8}]}
    )
    assert own.status_code == 200
    assert {"goal_id": case.goal_ids[1], "rater": "youth", "value": 8, "author_role": "youth"} in [
        {k: s[k] for k in ("goal_id", "rater", "value", "author_role")} for s in own.json()["scores"]
    ]
    as_worker = client.put(
        url,
        headers=world["y1"].headers,
        json={"scores": [{"goal_id": case.goal_ids[1], "rater": "worker", "value": 10}]},
    )
    assert as_worker.status_code == 403
    notes = client.put(url, headers=world["y1"].headers, json={"worries": "niks"})
    assert notes.status_code == 403


def test_a_youth_success_is_noticed_by_the_youth(client: Any, world: World) -> None:
    case = world.cases["y1"]
    response = client.post(
        f"/api/v1/measures/{case.measure_id}/successes",
        headers=world["y1"].headers,
        json={"occurred_on": case_day(), "text": "Zelf opgestaan", "noticed_by": "worker"},
    )
    assert response.status_code == 201
    assert response.json()["noticed_by"] == "youth" and response.json()["author_role"] == "youth"


def case_day() -> str:

    return service_today().isoformat()


def test_a_sharing_team_reaches_each_others_youths(client: Any, world: World) -> None:
    cas = world.cases["y3"]  # Wim's youth in team Zuid, which shares its caseload
    assert client.get(f"/api/v1/youths/{cas.youth_id}", headers=world["w4"].headers).status_code == 200
    amir = world.cases["y1"]  # team Noord does not share: Wendy cannot reach Wessel's youth
    assert client.get(f"/api/v1/youths/{amir.youth_id}", headers=world["w2"].headers).status_code == 404


def test_a_youth_sees_only_themself_in_the_list(client: Any, world: World) -> None:
    body = client.get("/api/v1/youths", headers=world["y1"].headers).json()
    assert [i["id"] for i in body["items"]] == [world.cases["y1"].youth_id]


def test_supervisor_sees_the_team_and_filters_by_worker(client: Any, world: World) -> None:
    everyone = client.get("/api/v1/youths", headers=world["s1"].headers).json()
    assert sorted(i["display_name"] for i in everyone["items"]) == ["Amir K.", "Bo de J."]
    wendy = client.get(f"/api/v1/youths?worker_id={world['w2'].id}", headers=world["s1"].headers).json()
    assert [i["display_name"] for i in wendy["items"]] == ["Bo de J."]
    page = client.get("/api/v1/youths?limit=1&offset=1", headers=world["s1"].headers).json()
    assert page["total"] == 2 and len(page["items"]) == 1 and page["items"][0]["display_name"] == "Bo de J."
    ended = client.get("/api/v1/youths?status=completed", headers=world["s1"].headers).json()
    assert ended["total"] == 0


def test_measure_shows_condition_compliance_over_time(client: Any, world: World) -> None:
    case = world.cases["y1"]
    for day, level in (("2026-11-02", "not_complied"), ("2026-11-16", "partly")):
        r = client.post(
            f"/api/v1/conditions/{case.condition_id}/assessments",
            headers=world["w1"].headers,
            json={"assessed_on": day, "compliance": level, "note": "schoolrapport"},
        )
        assert r.status_code == 201, r.text
    measure = client.get(f"/api/v1/measures/{case.measure_id}", headers=world["w1"].headers).json()
    compliance = measure["conditions"][0]["compliance"]
    assert [(c["assessed_on"], c["compliance"], c["judged_by_id"]) for c in compliance] == [
        ("2026-11-02", "not_complied", world["w1"].id),
        ("2026-11-16", "partly", world["w1"].id),
    ]


def test_audit_trail_shows_who_did_what(client: Any, world: World) -> None:
    case = world.cases["y1"]
    client.get(f"/api/v1/youths/{case.youth_id}", headers=world["w1"].headers)
    client.patch(f"/api/v1/goals/{case.goal_ids[0]}", headers=world["w1"].headers, json={"status": "achieved"})
    client.get(f"/api/v1/youths/{case.youth_id}", headers=world["w2"].headers)  # denied: not her caseload
    trail = client.get(f"/api/v1/youths/{case.youth_id}/audit", headers=world["s1"].headers).json()
    rows = [(e["username"], e["action"], e["object_type"], e["outcome"]) for e in trail["items"]]
    # newest first; this very read is logged when its own transaction commits, after the answer is built
    assert rows[:3] == [
        ("wendy", "read", "youth", "denied"),
        ("wessel", "update", "goal", "success"),
        ("wessel", "read", "youth", "success"),
    ]
    denial = next(e for e in trail["items"] if e["outcome"] == "denied")
    assert denial["status_code"] == 404 and "GET /api/v1/youths/" in denial["access_point"]
    assert denial["at"].endswith("Z") or "+00:00" in denial["at"]


def test_the_youth_reads_who_looked_at_their_record_not_the_raw_trail(client: Any, world: World) -> None:
    case = world.cases["y1"]
    assert client.get(f"/api/v1/youths/{case.youth_id}/audit", headers=world["y1"].headers).status_code == 403
    assert client.get(f"/api/v1/youths/{case.youth_id}/access-log", headers=world["y1"].headers).status_code == 200
    other = world.cases["y2"]
    assert client.get(f"/api/v1/youths/{other.youth_id}/access-log", headers=world["y1"].headers).status_code == 404


def test_the_audit_trail_cannot_be_changed(engine: Engine, client: Any, world: World) -> None:
    client.get(f"/api/v1/youths/{world.cases['y1'].youth_id}", headers=world["w1"].headers)
    for statement in ("UPDATE audit_event SET username = 'x'", "DELETE FROM audit_event"):
        try:
            with engine.begin() as connection:
                connection.execute(text(statement))
        except Exception as exc:  # the database itself refuses
            assert "append-only" in str(exc)
        else:
            raise AssertionError(f"{statement} was allowed")


def test_export_holds_everything_and_is_logged_as_export(client: Any, world: World) -> None:
    case = world.cases["y1"]
    response = client.get(f"/api/v1/youths/{case.youth_id}/export", headers=world["y1"].headers)
    assert response.status_code == 200
    doc = response.json()
    assert doc["youth"]["display_name"] == "Amir K." and doc["youth"]["worker_name"] == "Wessel de Vries"
    assert [g["title"] for g in doc["goals"]] == ["Ik ga elke dag naar school", "Minder ruzie thuis"]
    assert doc["measures"][0]["conditions"][0]["text"] == "Elke dag naar school"
    assert doc["check_ins"][0]["week"] == case.week and len(doc["check_ins"][0]["scores"]) == 2
    assert [s["text"] for s in doc["successes"]] == ["Hele week op school"]
    assert [s["text"] for s in doc["setbacks"]] == ["Afspraak gemist"]
    assert doc["network"][0]["name"] == "Moeder"
    assert "password_hash" not in response.text
    assert doc["method_enrolments"][0]["method_id"] == "signs_of_success"
    assert doc["method_enrolments"][0]["phase_history"][0]["to_phase"] == "getting_to_know"
    assert {"mapping_sessions", "worry_statements", "meetings", "three_houses", "access_log"} <= doc.keys()
    assert "conferences" not in doc and "audit_trail" not in doc  # staff documents and the raw trail: not the youth's
    staff = client.get(f"/api/v1/youths/{case.youth_id}/export", headers=world["s1"].headers).json()
    assert all("pdf" not in snap for c in staff["conferences"] for snap in c["report_snapshots"])
    trail = client.get(f"/api/v1/youths/{case.youth_id}/audit", headers=world["s1"].headers).json()["items"]
    assert any(e["action"] == "export" and e["username"] == "amir" for e in trail)


def test_openapi_schema_is_served(client: Any) -> None:
    schema = client.get("/schema/openapi.json").json()
    assert "/api/v1/youths" in schema["paths"]
    assert "/api/v1/measures/{measure_id}/check-ins/{week}" in schema["paths"]
    assert client.get("/schema/swagger").status_code == 200
