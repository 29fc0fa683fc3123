"""Staff correct and withdraw successes and setbacks: kept in the history, audited, never silently deleted."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from sqlalchemy import Engine, func, select

from reclassering.casefile.fields import today as service_today
from reclassering.casefile.models import AuditEvent, EventRevision, Setback, Success

from ..world import World

YESTERDAY = (service_today() - timedelta(days=1)).isoformat()


def _progress(client: Any, world: World, measure_id: int) -> dict[str, Any]:
    response = client.get(f"/api/v1/measures/{measure_id}/progress", headers=world["w1"].headers)
    assert response.status_code == 200, response.text
    return response.json()


def _last_audit(engine: Engine, youth_id: int) -> tuple[Any, ...]:
    with engine.connect() as connection:
        row = connection.execute(
            select(AuditEvent.action, AuditEvent.object_type, AuditEvent.object_id, AuditEvent.outcome)
            .where(AuditEvent.youth_id == youth_id)
            .order_by(AuditEvent.id.desc())  # type: ignore[union-attr]
        ).first()
    return tuple(row)  # type: ignore[arg-type]


def test_a_corrected_success_keeps_what_it_said(client: Any, world: World, engine: Engine) -> None:
    case = world.cases["y1"]
    before = client.get(f"/api/v1/measures/{case.measure_id}/successes", headers=world["w1"].headers).json()
    original = next(s for s in before["items"] if s["id"] == case.success_id)

    response = client.patch(
        f"/api/v1/successes/{case.success_id}",
        headers=world["w1"].headers,
        json={"text": "Vier dagen op school", "occurred_on": YESTERDAY, "goal_id": case.goal_ids[1], "reason": "typo"},
    )
    assert response.status_code == 200, response.text
    corrected = response.json()
    assert (corrected["text"], corrected["occurred_on"], corrected["goal_id"]) == (
        "Vier dagen op school",
        YESTERDAY,
        case.goal_ids[1],
    )
    assert _last_audit(engine, case.youth_id) == ("update", "success", case.success_id, "success")

    history = client.get(f"/api/v1/successes/{case.success_id}/history", headers=world["w1"].headers).json()["items"]
    assert len(history) == 1
    assert history[0]["change"] == "corrected"
    assert history[0]["reason"] == "typo"
    assert history[0]["changed_by_id"] == world["w1"].id
    assert history[0]["before"]["text"] == original["text"]
    assert history[0]["before"]["occurred_on"] == original["occurred_on"]
    assert history[0]["before"]["goal_id"] == original["goal_id"]


def test_a_withdrawn_success_leaves_progress_but_stays_in_history_and_export(
    client: Any, world: World, engine: Engine
) -> None:
    case = world.cases["y1"]
    progress = _progress(client, world, case.measure_id)
    counted = progress["progress"]["events"]["successes"]
    assert counted >= 1

    response = client.post(
        f"/api/v1/successes/{case.success_id}/withdraw",
        headers=world["w1"].headers,
        json={"reason": "Hoort bij een andere jongere"},
    )
    assert response.status_code == 200, response.text
    assert response.json()["withdrawn_at"] is not None
    assert response.json()["withdrawal_reason"] == "Hoort bij een andere jongere"
    assert _last_audit(engine, case.youth_id) == ("update", "success", case.success_id, "success")

    after = _progress(client, world, case.measure_id)
    assert after["progress"]["events"]["successes"] == counted - 1
    assert after["data_version"] != progress["data_version"]
    assert case.success_id not in [s["day"] for s in after["series"]["successes"]]
    listed = client.get(f"/api/v1/measures/{case.measure_id}/successes", headers=world["w1"].headers).json()
    assert case.success_id not in [s["id"] for s in listed["items"]]
    with_withdrawn = client.get(
        f"/api/v1/measures/{case.measure_id}/successes?withdrawn=true", headers=world["w1"].headers
    ).json()
    assert case.success_id in [s["id"] for s in with_withdrawn["items"]]

    export = client.get(f"/api/v1/youths/{case.youth_id}/export", headers=world["w1"].headers).json()
    kept = next(s for s in export["successes"] if s["id"] == case.success_id)
    assert kept["withdrawn_at"] is not None
    assert [(r["object_id"], r["change"]) for r in export["success_and_setback_history"]] == [
        (case.success_id, "withdrawn")
    ]
    with engine.connect() as connection:
        assert connection.execute(select(func.count()).select_from(Success)).scalar_one() >= 1

    # withdrawn is final: no second withdrawal, no correction
    again = client.post(
        f"/api/v1/successes/{case.success_id}/withdraw", headers=world["w1"].headers, json={"reason": "nog eens"}
    )
    assert again.status_code == 422 and "already withdrawn" in again.json()["detail"]
    fix = client.patch(f"/api/v1/successes/{case.success_id}", headers=world["w1"].headers, json={"text": "x"})
    assert fix.status_code == 422 and "withdrawn" in fix.json()["detail"]


def test_a_setback_correction_and_withdrawal_keep_the_history(client: Any, world: World, engine: Engine) -> None:
    case = world.cases["y1"]
    caseload = client.get("/api/v1/youths", headers=world["w1"].headers).json()["items"]
    open_before = next(y["open_setbacks"] for y in caseload if y["id"] == case.youth_id)
    counted = _progress(client, world, case.measure_id)["progress"]["events"]["setbacks"]

    fix = client.patch(
        f"/api/v1/setbacks/{case.setback_id}",
        headers=world["w1"].headers,
        json={"text": "Twee dagen gespijbeld", "severity": "moderate", "reason": "bleek ernstiger"},
    )
    assert fix.status_code == 200, fix.text
    response_only = client.patch(
        f"/api/v1/setbacks/{case.setback_id}", headers=world["w1"].headers, json={"response": "talk"}
    )
    assert response_only.status_code == 200, response_only.text
    gone = client.post(
        f"/api/v1/setbacks/{case.setback_id}/withdraw", headers=world["w1"].headers, json={"reason": "vergissing"}
    )
    assert gone.status_code == 200, gone.text
    assert _last_audit(engine, case.youth_id) == ("update", "setback", case.setback_id, "success")

    history = client.get(f"/api/v1/setbacks/{case.setback_id}/history", headers=world["w1"].headers).json()["items"]
    assert [(h["change"], h["reason"]) for h in history] == [
        ("corrected", "bleek ernstiger"),
        ("withdrawn", "vergissing"),
    ]
    assert history[1]["before"]["text"] == "Twee dagen gespijbeld"
    assert history[1]["before"]["response"] == "talk"

    caseload = client.get("/api/v1/youths", headers=world["w1"].headers).json()["items"]
    assert next(y["open_setbacks"] for y in caseload if y["id"] == case.youth_id) == open_before - 1
    assert _progress(client, world, case.measure_id)["progress"]["events"]["setbacks"] == counted - 1
    listed = client.get(f"/api/v1/measures/{case.measure_id}/setbacks", headers=world["w1"].headers).json()
    assert case.setback_id not in [s["id"] for s in listed["items"]]
    with engine.connect() as connection:
        assert connection.execute(
            select(Setback.withdrawn_by_id).where(Setback.id == case.setback_id)
        ).scalar_one() == (world["w1"].id)


def test_bad_corrections_are_refused_and_store_nothing(client: Any, world: World, engine: Engine) -> None:
    case, foreign = world.cases["y1"], world.cases["y3"]
    bad = [
        ("POST", f"/api/v1/successes/{case.success_id}/withdraw", {}, 400, "reason"),
        ("POST", f"/api/v1/successes/{case.success_id}/withdraw", {"reason": "  "}, 400, "reason"),
        ("POST", f"/api/v1/setbacks/{case.setback_id}/withdraw", {"reason": "a\u0000"}, 400, "control characters"),
        ("PATCH", f"/api/v1/successes/{case.success_id}", {"goal_id": foreign.goal_ids[0]}, 422, "not a goal"),
        ("PATCH", f"/api/v1/successes/{case.success_id}", {"occurred_on": "2001-01-01"}, 422, "before the measure"),
        ("PATCH", f"/api/v1/successes/{case.success_id}", {"occurred_on": "0735-01-01"}, 422, "outside the dates"),
        ("PATCH", f"/api/v1/setbacks/{case.setback_id}", {"text": ""}, 400, "text"),
    ]
    with engine.connect() as connection:
        revisions = connection.execute(select(func.count()).select_from(EventRevision)).scalar_one()
    for method, path, body, status, words in bad:
        response = client.request(method, path, headers=world["w1"].headers, json=body)
        assert response.status_code == status, (path, body, response.text)
        assert words in response.text, response.text
    with engine.connect() as connection:
        assert connection.execute(select(func.count()).select_from(EventRevision)).scalar_one() == revisions
        assert (
            connection.execute(select(Success.withdrawn_at).where(Success.id == case.success_id)).scalar_one() is None
        )
