"""A breach from the setback to its reporting record, new suspicions over time, the team's unreported list as days
pass (a fixed ``as_of``, never sleeping), and a conference with addressee, options, views, sign-off, decision
and outside outcome. Both databases."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from sqlalchemy import Engine

from reclassering.casefile import breaches
from reclassering.casefile.db import unit_of_work
from reclassering.casefile.fields import today as service_today
from reclassering.casefile.workdays import add_working_days

from ..world import World

TODAY = service_today()


def _monday_weeks_ago(weeks: int) -> date:
    return TODAY - timedelta(days=TODAY.weekday(), weeks=weeks)


def _breach(client: Any, world: World, on: date, kind: str = "condition_breach") -> int:
    case = world.cases["y1"]
    body: dict[str, Any] = {
        "occurred_on": on.isoformat(),
        "kind": kind,
        "severity": "moderate",
        "text": "Te laat thuis",
    }
    if kind == "condition_breach":
        body["condition_id"] = case.condition_id
    response = client.post(f"/api/v1/measures/{case.measure_id}/setbacks", json=body, headers=world["w1"].headers)
    assert response.status_code == 201, response.text
    return response.json()["id"]


def _unreported(client: Any, world: World, as_of: date, who: str = "s1") -> list[int]:
    team = world.team_ids["noord"]
    response = client.get(
        f"/api/v1/teams/{team}/unreported-breaches?as_of={as_of.isoformat()}", headers=world[who].headers
    )
    assert response.status_code == 200, response.text
    return [item["setback_id"] for item in response.json()["items"]]


def test_a_breach_walks_from_setback_to_report_and_leaves_the_unreported_list(client: Any, world: World) -> None:
    occurred = _monday_weeks_ago(3)
    setback_id = _breach(client, world, occurred)
    due_by = add_working_days(occurred, 5)

    state = client.get(f"/api/v1/setbacks/{setback_id}/report", headers=world["w1"].headers).json()
    assert state["report"] is None and state["due"]["reportable"] and state["due"]["due_by"] == due_by.isoformat()

    # the list changes as the days pass: not on the day, not on the deadline, yes the day after
    assert setback_id not in _unreported(client, world, occurred)
    assert setback_id not in _unreported(client, world, due_by)
    assert setback_id in _unreported(client, world, due_by + timedelta(days=1))
    assert setback_id in _unreported(client, world, due_by + timedelta(days=1), who="x1")  # the expert sees it
    assert setback_id in _unreported(client, world, due_by + timedelta(days=1), who="w1")  # the worker's own
    assert setback_id not in _unreported(client, world, due_by + timedelta(days=1), who="w2")  # not another's

    # not reported needs a reason
    refused = client.put(f"/api/v1/setbacks/{setback_id}/report", json={}, headers=world["w1"].headers)
    assert refused.status_code == 422 and "reason" in refused.json()["detail"]

    informed = client.put(
        f"/api/v1/setbacks/{setback_id}/report",
        json={
            "om_informed": True,
            "om_informed_on": (occurred + timedelta(days=2)).isoformat(),
            "raad_informed": True,
            "raad_informed_on": (occurred + timedelta(days=2)).isoformat(),
            "expert_consulted": True,
            "expert_consulted_on": (occurred + timedelta(days=1)).isoformat(),
            "expert_name": "Xandra de Wit",
        },
        headers=world["w1"].headers,
    )
    assert informed.status_code == 200, informed.text
    body = informed.json()
    assert body["reported"] is True and body["report"]["reported_by_id"] == world["w1"].id
    assert body["report"]["expert_consulted"] and not body["due"]["overdue"]
    assert setback_id not in _unreported(client, world, due_by + timedelta(days=1))

    # corrected to "not reported, with a reason": stays off the list (a decision was taken)
    corrected = client.put(
        f"/api/v1/setbacks/{setback_id}/report",
        json={"not_reported_reason": "Eenmalig en besproken met de gedragswetenschapper", "expert_consulted": True},
        headers=world["s1"].headers,
    )
    assert corrected.status_code == 200, corrected.text
    assert corrected.json()["reported"] is False and corrected.json()["report"]["reported_by_id"] is None
    assert setback_id not in _unreported(client, world, due_by + timedelta(days=1))


def test_the_unreported_list_is_only_for_ones_own_team(client: Any, world: World) -> None:
    zuid = world.team_ids["zuid"]
    response = client.get(f"/api/v1/teams/{zuid}/unreported-breaches", headers=world["s1"].headers)
    assert response.status_code == 404


def test_the_progress_counts_breaches_on_a_given_day(client: Any, world: World, engine: Engine) -> None:
    occurred = _monday_weeks_ago(3)
    first = _breach(client, world, occurred)
    _breach(client, world, occurred, kind="new_suspicion")
    client.put(
        f"/api/v1/setbacks/{first}/report",
        json={"om_informed": True, "om_informed_on": occurred.isoformat()},
        headers=world["w1"].headers,
    )
    measure_id = world.cases["y1"].measure_id
    with unit_of_work(engine) as session:
        on_the_day = breaches.breach_counts(session, measure_id, today=occurred)
        later = breaches.breach_counts(session, measure_id, today=add_working_days(occurred, 6))
    assert (on_the_day.reportable, on_the_day.reported, on_the_day.undecided, on_the_day.overdue) == (2, 1, 1, 0)
    assert (later.reported, later.undecided, later.overdue) == (1, 1, 1)
    progress = client.get(f"/api/v1/measures/{measure_id}/progress", headers=world["w1"].headers).json()
    assert progress["breaches"]["reportable"] == 2 and progress["breaches"]["overdue"] == 1
    third = _breach(client, world, occurred)  # decided not to report, with the reason: counted, never overdue
    client.put(
        f"/api/v1/setbacks/{third}/report",
        json={"not_reported_reason": "besproken in het team: eenmalig, hersteld"},
        headers=world["w1"].headers,
    )
    with unit_of_work(engine) as session:
        counts = breaches.breach_counts(session, measure_id, today=add_working_days(occurred, 6))
    assert (counts.reportable, counts.reported, counts.not_reported) == (3, 1, 1)
    assert (counts.undecided, counts.overdue) == (1, 1)
    with unit_of_work(engine) as session:  # a measure without breaches: zeros, not NULLs
        none = breaches.breach_counts(session, world.cases["y2"].measure_id, today=occurred)
    assert (none.reportable, none.reported, none.not_reported, none.undecided, none.overdue) == (0, 0, 0, 0, 0)


def test_a_new_suspicion_is_suspected_until_the_court_or_om_says_otherwise(client: Any, world: World) -> None:
    occurred = _monday_weeks_ago(2)
    setback_id = _breach(client, world, occurred, kind="new_suspicion")
    setbacks = client.get(
        f"/api/v1/measures/{world.cases['y1'].measure_id}/setbacks", headers=world["w1"].headers
    ).json()["items"]
    assert next(s for s in setbacks if s["id"] == setback_id)["suspicion_status"] == "suspected"
    url = f"/api/v1/setbacks/{setback_id}/suspicion-status"
    dismissed = client.post(
        url, json={"status": "dismissed", "on": (occurred + timedelta(days=4)).isoformat()}, headers=world["w1"].headers
    )
    assert dismissed.status_code == 200, dismissed.text
    assert [s["status"] for s in dismissed.json()["suspicion_history"]] == ["suspected", "dismissed"]
    assert dismissed.json()["suspicion_status"] == "dismissed"
    backwards = client.post(url, json={"status": "convicted", "on": occurred.isoformat()}, headers=world["w1"].headers)
    assert backwards.status_code == 422
    not_a_suspicion = client.post(
        f"/api/v1/setbacks/{world.cases['y1'].setback_id}/suspicion-status",
        json={"status": "convicted", "on": TODAY.isoformat()},
        headers=world["w1"].headers,
    )
    assert not_a_suspicion.status_code == 422 and "only a new suspicion" in not_a_suspicion.json()["detail"]


def test_a_conference_names_its_addressee_options_views_and_the_outside_outcome(client: Any, world: World) -> None:
    measure_id = world.cases["y1"].measure_id
    w1, expert = world["w1"].headers, world["x1"].headers
    created = client.post(
        f"/api/v1/measures/{measure_id}/conferences",
        json={"held_on": TODAY.isoformat(), "question_kind": "report_back", "question": "Terugmelden na de breuk?"},
        headers=w1,
    )
    assert created.status_code == 201, created.text
    cid = created.json()["id"]
    url = f"/api/v1/conferences/{cid}"

    early = client.put(
        f"{url}/outside-outcome",
        json={"decided_by": "om", "outcome": "carry_on", "decided_on": TODAY.isoformat()},
        headers=w1,
    )
    assert early.status_code == 409  # only after sign-off

    deliberation = client.put(
        f"{url}/deliberation",
        json={
            "addressee": "om",
            "options": [
                {"kind": "carry_on", "pros": "School loopt goed", "cons": "Voorwaarde blijft overtreden"},
                {"kind": "extend_probation", "pros": "Meer tijd", "cons": "Langer onder toezicht"},
                {"kind": "report_back", "pros": "Duidelijk signaal", "cons": "Kans op tenuitvoerlegging"},
            ],
            "risks": "Nieuwe vrienden in de buurt",
            "protective_factors": "Moeder is betrokken; voetbal",
            "participants": [
                {"name": "Wessel de Vries", "role": "jeugdreclasseerder"},
                {"name": "Xandra de Wit", "role": "gedragswetenschapper"},
            ],
        },
        headers=w1,
    )
    assert deliberation.status_code == 200, deliberation.text
    views = client.put(
        f"{url}/views",
        json={
            "youth": {"status": "given", "text": "Ik wil laten zien dat het lukt"},
            "parents": {"status": "declined"},
        },
        headers=w1,
    )
    assert views.status_code == 200, views.text

    client.patch(url, json={"advice": "Doorgaan met verlengde proeftijd", "advised_outcome": "adjust_plan"}, headers=w1)
    signed = client.post(f"{url}/sign-off", headers=expert)  # the behavioural expert signs off as a supervisor
    assert signed.status_code == 201, signed.text
    decided = client.post(
        f"{url}/decision", json={"decision": "report_back", "rationale": "Voorwaarde herhaald overtreden"}, headers=w1
    )
    assert decided.status_code == 200, decided.text
    outside = client.put(
        f"{url}/outside-outcome",
        json={"decided_by": "om", "outcome": "probation_extended", "decided_on": TODAY.isoformat(), "note": "+6 mnd"},
        headers=w1,
    )
    assert outside.status_code == 200, outside.text

    full = client.get(f"{url}/deliberation", headers=expert).json()
    assert full["addressee"] == "om"
    assert [o["kind"] for o in full["options"]] == ["carry_on", "extend_probation", "report_back"]
    assert full["participants"][1] == {"name": "Xandra de Wit", "role": "gedragswetenschapper"}
    assert full["youth_view"] == {"status": "given", "text": "Ik wil laten zien dat het lukt"}
    assert full["parents_view"] == {"status": "declined", "text": ""}
    assert full["internal"]["decision"] == "report_back"
    assert full["outside"]["outcome"] == "probation_extended" and full["outside"]["decided_by"] == "om"

    frozen = client.put(f"{url}/views", json={"youth": {"status": "declined"}}, headers=w1)
    assert frozen.status_code == 409  # the decision is recorded: the conference no longer changes


def test_the_measure_records_its_frame(client: Any, world: World) -> None:
    case = world.cases["y1"]
    created = client.post(
        f"/api/v1/youths/{case.youth_id}/measures",
        json={
            "kind": "schorsing_vh",
            "imposed_by": "kinderrechter",
            "start_date": TODAY.isoformat(),
            "planned_end": (TODAY + timedelta(days=180)).isoformat(),
            "case_number": "13/123456-26",
            "probation_end": (TODAY + timedelta(days=365)).isoformat(),
            "index_offence": "Diefstal van een scooter",
            "conditions": [{"text": "Meewerken aan het toezicht", "kind": "general"}, {"text": "Thuis om 22:00"}],
        },
        headers=world["w1"].headers,
    )
    assert created.status_code == 201, created.text
    body = created.json()
    assert (body["case_number"], body["index_offence"]) == ("13/123456-26", "Diefstal van een scooter")
    assert [c["kind"] for c in body["conditions"]] == ["general", "special"]
