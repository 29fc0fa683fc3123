"""Bad input gets a clear 4xx, never a 500, and stores nothing."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from sqlalchemy import Engine
from sqlmodel import SQLModel, func, select, text

from reclassering.casefile.fields import today as service_today
from reclassering.casefile.models import AuditEvent, LoginAttempt

from ..world import World

TODAY = service_today()


def _row_counts(engine: Engine) -> dict[str, int]:
    """How many rows each table holds, leaving out the trails that record attempts themselves."""
    skip = {AuditEvent.__tablename__, LoginAttempt.__tablename__}
    with engine.connect() as connection:
        return {
            t.name: connection.execute(select(func.count()).select_from(t)).scalar_one()
            for t in SQLModel.metadata.sorted_tables
            if t.name not in skip
        }


def _week(offset_weeks: int) -> str:
    iso = (TODAY + timedelta(weeks=offset_weeks)).isocalendar()
    return f"{iso.year}-W{iso.week:02d}"


CASES: list[tuple[str, str, str, Any, int, str]] = [
    # (name, method, path, body, status, words the message must contain)
    # Every text limit fits its column (schemathesis found 500s where the schema allowed more than the column held)
    (
        "condition longer than its column",
        "POST",
        "/api/v1/measures/{measure}/conditions",
        {"text": "x" * 501},
        400,
        "length <= 500",
    ),
    (
        "network contact longer than its column",
        "POST",
        "/api/v1/youths/{youth}/network",
        {"name": "Oom Kees", "role": "relative", "contact": "x" * 201},
        400,
        "length <= 200",
    ),
    (
        "score above 10",
        "PUT",
        "/api/v1/measures/{measure}/check-ins/{week}",
        {"scores": [{"goal_id": "{goal}", "rater": "worker", "value": 11}]},
        400,
        "<= 10",
    ),
    (
        "score below 0",
        "PUT",
        "/api/v1/measures/{measure}/check-ins/{week}",
        {"scores": [{"goal_id": "{goal}", "rater": "worker", "value": -1}]},
        400,
        ">= 0",
    ),
    (
        "score as text",
        "PUT",
        "/api/v1/measures/{measure}/check-ins/{week}",
        {"scores": [{"goal_id": "{goal}", "rater": "worker", "value": "zeven"}]},
        400,
        "Expected `int`",
    ),
    ("week 60", "PUT", "/api/v1/measures/{measure}/check-ins/2026-W60", {"went_well": "x"}, 422, "has no week 60"),
    ("week in words", "PUT", "/api/v1/measures/{measure}/check-ins/week-47", {"went_well": "x"}, 422, "YYYY-Www"),
    ("future week", "PUT", "/api/v1/measures/{measure}/check-ins/" + _week(3), {"went_well": "x"}, 422, "not begun"),
    (
        "week 60 in body",
        "POST",
        "/api/v1/measures/{measure}/check-ins",
        {"week": "2026-W60", "went_well": "x"},
        422,
        "has no week 60",
    ),
    (
        "unknown goal",
        "PUT",
        "/api/v1/measures/{measure}/check-ins/{week}",
        {"scores": [{"goal_id": 999999, "rater": "worker", "value": 5}]},
        422,
        "not a goal of this measure",
    ),
    (
        "foreign goal",
        "PUT",
        "/api/v1/measures/{measure}/check-ins/{week}",
        {"scores": [{"goal_id": "{foreign_goal}", "rater": "worker", "value": 5}]},
        422,
        "not a goal of this measure",
    ),
    (
        "goal scored twice",
        "PUT",
        "/api/v1/measures/{measure}/check-ins/{week}",
        {
            "scores": [
                {"goal_id": "{goal}", "rater": "worker", "value": 5},
                {"goal_id": "{goal}", "rater": "worker", "value": 6},
            ]
        },
        422,
        "scored twice",
    ),
    (
        "network score without member",
        "PUT",
        "/api/v1/measures/{measure}/check-ins/{week}",
        {"scores": [{"goal_id": "{goal}", "rater": "network", "value": 5}]},
        422,
        "network_member_id",
    ),
    (
        "unknown rater",
        "PUT",
        "/api/v1/measures/{measure}/check-ins/{week}",
        {"scores": [{"goal_id": "{goal}", "rater": "buurman", "value": 5}]},
        400,
        "Invalid enum value",
    ),
    (
        "end before start",
        "POST",
        "/api/v1/youths/{youth}/measures",
        {"kind": "gbm", "imposed_by": "om", "start_date": "2026-06-01", "planned_end": "2026-01-01"},
        422,
        "before the start",
    ),
    (
        "unknown measure kind",
        "POST",
        "/api/v1/youths/{youth}/measures",
        {"kind": "taakstraf", "imposed_by": "om", "start_date": "2026-06-01", "planned_end": "2027-01-01"},
        400,
        "kind",
    ),
    (
        "impossible date",
        "POST",
        "/api/v1/youths/{youth}/measures",
        {"kind": "gbm", "imposed_by": "om", "start_date": "2026-02-30", "planned_end": "2027-01-01"},
        400,
        "start_date",
    ),
    (
        "empty goal title",
        "POST",
        "/api/v1/measures/{measure}/goals",
        {"title": "", "life_domain": "family"},
        400,
        "title",
    ),
    (
        "blank goal title",
        "POST",
        "/api/v1/measures/{measure}/goals",
        {"title": "   ", "life_domain": "family"},
        400,
        "title",
    ),
    (
        "oversized goal title",
        "POST",
        "/api/v1/measures/{measure}/goals",
        {"title": "x" * 301, "life_domain": "family"},
        400,
        "length <= 300",
    ),
    (
        "oversized note",
        "PUT",
        "/api/v1/measures/{measure}/check-ins/{week}",
        {"went_well": "x" * 4001},
        400,
        "length <= 4000",
    ),
    (
        "partial GAS levels",
        "POST",
        "/api/v1/measures/{measure}/goals",
        {"title": "Werk", "life_domain": "school_work", "gas_levels": {"0": "baan", "1": "vaste baan"}},
        422,
        "full set",
    ),
    (
        "unknown field",
        "POST",
        "/api/v1/measures/{measure}/goals",
        {"title": "Werk", "life_domain": "school_work", "colour": "blue"},
        400,
        "unknown field",
    ),
    ("missing field", "POST", "/api/v1/measures/{measure}/goals", {"life_domain": "family"}, 400, "title"),
    ("wrong type for body", "POST", "/api/v1/measures/{measure}/goals", ["title"], 400, "Expected `object`"),
    (
        "future success",
        "POST",
        "/api/v1/measures/{measure}/successes",
        {"occurred_on": (TODAY + timedelta(days=2)).isoformat(), "text": "x"},
        422,
        "future",
    ),
    (
        "success before measure",
        "POST",
        "/api/v1/measures/{measure}/successes",
        {"occurred_on": "2001-01-01", "text": "x"},
        422,
        "before the measure started",
    ),
    (
        "success of a foreign goal",
        "POST",
        "/api/v1/measures/{measure}/successes",
        {"occurred_on": TODAY.isoformat(), "text": "x", "goal_id": "{foreign_goal}"},
        422,
        "not a goal of this measure",
    ),
    (
        "breach without condition",
        "POST",
        "/api/v1/measures/{measure}/setbacks",
        {"occurred_on": TODAY.isoformat(), "kind": "condition_breach", "severity": "serious", "text": "x"},
        422,
        "which condition",
    ),
    (
        "foreign condition",
        "POST",
        "/api/v1/measures/{measure}/setbacks",
        {
            "occurred_on": TODAY.isoformat(),
            "kind": "condition_breach",
            "severity": "serious",
            "text": "x",
            "condition_id": "{foreign_condition}",
        },
        422,
        "not a condition of this measure",
    ),
    (
        "close setback without response",
        "PATCH",
        "/api/v1/setbacks/{setback}",
        {"resolved": True},
        422,
        "which response",
    ),
    ("report without reason", "PUT", "/api/v1/setbacks/{setback}/report", {}, 422, "needs a reason"),
    (
        "report informed without date",
        "PUT",
        "/api/v1/setbacks/{setback}/report",
        {"om_informed": True},
        422,
        "on which day",
    ),
    (
        "report in the future",
        "PUT",
        "/api/v1/setbacks/{setback}/report",
        {"raad_informed": True, "raad_informed_on": "2999-01-01"},
        422,
        "in the future",
    ),
    ("report unknown field", "PUT", "/api/v1/setbacks/{setback}/report", {"reported": True}, 400, "reported"),
    (
        "suspicion status unknown",
        "POST",
        "/api/v1/setbacks/{setback}/suspicion-status",
        {"status": "guilty", "on": "2026-01-01"},
        400,
        "status",
    ),
    (
        "suspicion status on another kind",
        "POST",
        "/api/v1/setbacks/{setback}/suspicion-status",
        {"status": "dismissed", "on": TODAY.isoformat()},
        422,
        "only a new suspicion",
    ),
    (
        "addressee unknown",
        "PUT",
        "/api/v1/conferences/{conference}/deliberation",
        {"addressee": "burgemeester"},
        400,
        "addressee",
    ),
    (
        "other option undescribed",
        "PUT",
        "/api/v1/conferences/{conference}/deliberation",
        {"addressee": "om", "options": [{"kind": "other"}]},
        422,
        "describe it",
    ),
    (
        "participant without name",
        "PUT",
        "/api/v1/conferences/{conference}/deliberation",
        {"addressee": "raad", "participants": [{"name": " ", "role": "moeder"}]},
        400,
        "name",
    ),
    (
        "given view without words",
        "PUT",
        "/api/v1/conferences/{conference}/views",
        {"youth": {"status": "given", "text": ""}},
        422,
        "own words",
    ),
    (
        "outside outcome in the future",
        "PUT",
        "/api/v1/conferences/{conference}/outside-outcome",
        {"decided_by": "kinderrechter", "outcome": "enforced", "decided_on": "2999-01-01"},
        422,
        "in the future",
    ),
    (
        "outside outcome by unknown body",
        "PUT",
        "/api/v1/conferences/{conference}/outside-outcome",
        {"decided_by": "politie", "outcome": "carry_on", "decided_on": TODAY.isoformat()},
        400,
        "decided_by",
    ),
    (
        "probation ends before the start",
        "PATCH",
        "/api/v1/measures/{measure}",
        {"probation_end": "2000-01-01"},
        422,
        "probation time",
    ),
    (
        "case number with symbols",
        "PATCH",
        "/api/v1/measures/{measure}",
        {"case_number": "<script>"},
        400,
        "case_number",
    ),
    (
        "condition kind unknown",
        "POST",
        "/api/v1/measures/{measure}/conditions",
        {"text": "x", "kind": "x"},
        400,
        "kind",
    ),
    # network links (issue 10)
    (
        "link without goals",
        "POST",
        "/api/v1/measures/{measure}/network-links",
        {"member_id": "{member}", "goal_ids": []},
        400,
        "goal_ids",
    ),
    (
        "link for too long",
        "POST",
        "/api/v1/measures/{measure}/network-links",
        {"member_id": "{member}", "goal_ids": ["{goal}"], "days": 61},
        400,
        "days",
    ),
    (
        "link in another language",
        "POST",
        "/api/v1/measures/{measure}/network-links",
        {"member_id": "{member}", "goal_ids": ["{goal}"], "locale": "de"},
        400,
        "locale",
    ),
    (
        "link for another youth's network member",
        "POST",
        "/api/v1/measures/{measure}/network-links",
        {"member_id": "{foreign_member}", "goal_ids": ["{goal}"]},
        422,
        "not in this youth's network",
    ),
    (
        "link about another youth's goal",
        "POST",
        "/api/v1/measures/{measure}/network-links",
        {"member_id": "{member}", "goal_ids": ["{foreign_goal}"]},
        422,
        "not an active goal of this measure",
    ),
    (
        "link with a secret of its own",
        "POST",
        "/api/v1/measures/{measure}/network-links",
        {"member_id": "{member}", "goal_ids": ["{goal}"], "secret": "mijn-eigen-geheim"},
        400,
        "secret",
    ),
    (
        "revoke an unknown link",
        "POST",
        "/api/v1/measures/{measure}/network-links/999999/revoke",
        None,
        404,
        "there is no network link",
    ),
    (
        "revoke a link beyond integer range",
        "POST",
        "/api/v1/measures/{measure}/network-links/9999999999/revoke",
        None,
        400,
        "link_id",
    ),
    ("youth too old", "POST", "/api/v1/youths", {"display_name": "Oud", "birth_year": 1990}, 422, "age"),
    ("worker of another team", "PATCH", "/api/v1/youths/{youth}", {"worker_id": "{foreign_worker}"}, 422, "own team"),
    ("huge id", "GET", "/api/v1/goals/99999999999999999999", None, 404, ""),
    ("id beyond integer range", "GET", "/api/v1/goals/9999999999", None, 404, "there is no goal"),
    ("negative page", "GET", "/api/v1/youths?offset=-1", None, 400, "offset"),
    ("page too large", "GET", "/api/v1/youths?limit=100000", None, 400, "limit"),
    ("week filter malformed", "GET", "/api/v1/measures/{measure}/check-ins?from_week=47", None, 400, "from_week"),
    (
        "week of year 0",
        "GET",
        "/api/v1/measures/{measure}/check-ins?from_week=0000-W01",
        None,
        422,
        "outside the years",
    ),
    (
        "week range backwards",
        "GET",
        "/api/v1/measures/{measure}/check-ins?from_week=2026-W40&to_week=2026-W30",
        None,
        422,
        "runs backwards",
    ),
    (
        "set-password with an unknown token",
        "POST",
        "/api/v1/auth/set-password",
        {"token": "verzonnen", "new_password": "lang genoeg wachtwoord"},
        422,
        "unknown, used already or expired",
    ),
    (
        "set-password too short",
        "POST",
        "/api/v1/auth/set-password",
        {"token": "verzonnen", "new_password": "kort"},
        400,
        "length >= 10",
    ),
    # the safety plan (the world's measures have none yet)
    ("plan without based_on_version", "PUT", "/api/v1/measures/{measure}/safety-plan", {}, 400, "based_on_version"),
    (
        "plan based on a negative version",
        "PUT",
        "/api/v1/measures/{measure}/safety-plan",
        {"based_on_version": -1, "warning_signs": ["x"]},
        400,
        ">= 0",
    ),
    (
        "plan based on a version that does not exist",
        "PUT",
        "/api/v1/measures/{measure}/safety-plan",
        {"based_on_version": 5, "warning_signs": ["Laat thuis"]},
        409,
        "no version 5",
    ),
    (
        "plan with a warning sign longer than its limit",
        "PUT",
        "/api/v1/measures/{measure}/safety-plan",
        {"based_on_version": 0, "warning_signs": ["x" * 301]},
        400,
        "length <= 300",
    ),
    (
        "plan with 21 warning signs",
        "PUT",
        "/api/v1/measures/{measure}/safety-plan",
        {"based_on_version": 0, "warning_signs": ["Laat thuis"] * 21},
        400,
        "length <= 20",
    ),
    (
        "plan with a blank name to call",
        "PUT",
        "/api/v1/measures/{measure}/safety-plan",
        {"based_on_version": 0, "who_to_call": [{"name": "   ", "reach": "06"}]},
        400,
        "must hold some text",
    ),
    (
        "plan with a way to reach longer than its limit",
        "PUT",
        "/api/v1/measures/{measure}/safety-plan",
        {"based_on_version": 0, "who_to_call": [{"name": "Oom", "reach": "0" * 201}]},
        400,
        "length <= 200",
    ),
    (
        "plan with a task without who",
        "PUT",
        "/api/v1/measures/{measure}/safety-plan",
        {"based_on_version": 0, "who_does_what": [{"what": "Bellen"}]},
        400,
        "who",
    ),
    (
        "plan with NUL in the agreement",
        "PUT",
        "/api/v1/measures/{measure}/safety-plan",
        {"based_on_version": 0, "network_agreed": "Samen\u0000eten"},
        400,
        "NUL",
    ),
    (
        "plan with an unknown field",
        "PUT",
        "/api/v1/measures/{measure}/safety-plan",
        {"based_on_version": 0, "warning_signs": ["x"], "owner": "me"},
        400,
        "owner",
    ),
    (
        "plan reviewed in the year 3000",
        "PUT",
        "/api/v1/measures/{measure}/safety-plan",
        {"based_on_version": 0, "next_review_on": "3000-01-01"},
        422,
        "check the year",
    ),
    (
        "plan with warning signs as text",
        "PUT",
        "/api/v1/measures/{measure}/safety-plan",
        {"based_on_version": 0, "warning_signs": "Laat thuis"},
        400,
        "Expected `array`",
    ),
    ("plan that is empty", "PUT", "/api/v1/measures/{measure}/safety-plan", {"based_on_version": 0}, 422, "one part"),
    ("plan version 0", "GET", "/api/v1/measures/{measure}/safety-plan/versions/0", None, 400, "version"),
    ("plan that does not exist", "GET", "/api/v1/measures/{measure}/safety-plan", None, 404, "no safety plan"),
    ("plan PDF in German", "GET", "/api/v1/measures/{measure}/safety-plan.pdf?locale=de", None, 400, "locale"),
]


def _fill(value: Any, names: dict[str, Any]) -> Any:
    if isinstance(value, str):
        if value.startswith("{") and value.endswith("}") and value[1:-1] in names:
            return names[value[1:-1]]
        return value.format(**names) if "{" in value else value
    if isinstance(value, dict):
        return {k: _fill(v, names) for k, v in value.items()}
    if isinstance(value, list):
        return [_fill(v, names) for v in value]
    return value


@pytest.mark.parametrize(("name", "method", "path", "body", "status", "words"), CASES, ids=[c[0] for c in CASES])
def test_bad_input_is_refused_clearly_and_stores_nothing(
    name: str,
    method: str,
    path: str,
    body: Any,
    status: int,
    words: str,
    client: Any,
    world: World,
    engine: Engine,
) -> None:
    own, foreign = world.cases["y1"], world.cases["y3"]
    names = {
        "youth": own.youth_id,
        "measure": own.measure_id,
        "goal": own.goal_ids[0],
        "week": own.week,
        "setback": own.setback_id,
        "conference": own.conference_id,
        "foreign_goal": foreign.goal_ids[0],
        "foreign_condition": foreign.condition_id,
        "foreign_worker": world["w3"].id,
        "member": own.network_member_id,
        "foreign_member": foreign.network_member_id,
    }
    before = _row_counts(engine)
    response = client.request(
        method, _fill(path, names), headers=world["w1"].headers, json=_fill(body, names) if body is not None else None
    )
    assert response.status_code == status, response.text
    message = response.text
    assert words in message, message
    assert _row_counts(engine) == before


def test_malformed_json_is_refused(client: Any, world: World, engine: Engine) -> None:
    before = _row_counts(engine)
    response = client.post(
        f"/api/v1/measures/{world.cases['y1'].measure_id}/goals",
        content=b'{"title": "Werk", "life_domain": ',
        headers={**world["w1"].headers, "Content-Type": "application/json"},
    )
    assert response.status_code == 400
    assert "malformed" in response.text.lower() or "JSON" in response.text
    assert _row_counts(engine) == before


def test_a_failed_write_leaves_no_half_record(client: Any, world: World, engine: Engine) -> None:
    """A check-in whose second score is invalid stores neither the check-in nor the first score."""
    case = world.cases["y1"]
    week = _week(0)
    before = _row_counts(engine)
    response = client.put(
        f"/api/v1/measures/{case.measure_id}/check-ins/{week}",
        headers=world["w1"].headers,
        json={
            "went_well": "Goede week",
            "scores": [
                {"goal_id": case.goal_ids[0], "rater": "worker", "value": 7},
                {"goal_id": 999999, "rater": "worker", "value": 7},
            ],
        },
    )
    assert response.status_code == 422
    assert _row_counts(engine) == before
    with engine.connect() as connection:
        stored = connection.execute(
            text("SELECT count(*) FROM check_in WHERE measure_id = :m AND week = :w"), {"m": case.measure_id, "w": week}
        ).scalar_one()
    assert stored == 0


def test_failed_write_is_audited_as_failed(client: Any, world: World, engine: Engine) -> None:
    case = world.cases["y1"]
    client.post(
        f"/api/v1/measures/{case.measure_id}/goals",
        headers=world["w1"].headers,
        json={"title": "Werk", "life_domain": "school_work", "gas_levels": {"0": "x"}},
    )
    with engine.connect() as connection:
        row = connection.execute(
            select(AuditEvent.outcome, AuditEvent.status_code, AuditEvent.action)
            .where(AuditEvent.youth_id == case.youth_id)
            .order_by(AuditEvent.id.desc())  # type: ignore[union-attr]
        ).first()
    assert tuple(row) == ("failed", 422, "create")  # type: ignore[arg-type]


# --- malformed text, weeks and dates (issues 7 and 8) ---------------------------------------------------------

_DEEP = "[" * 50_000 + "]" * 50_000

MALFORMED: list[tuple[str, str, str, Any, int, str]] = [
    # (name, method, path, body (bytes are sent as they are), status, words the message must contain)
    (
        "NUL in a success",
        "POST",
        "/api/v1/measures/{measure}/successes",
        {"occurred_on": TODAY.isoformat(), "text": "Op tijd\u0000"},
        400,
        "control characters",
    ),
    ("NUL in a note", "PUT", "/api/v1/measures/{measure}/check-ins/{week}", {"went_well": "a\u0000b"}, 400, "NUL"),
    (
        "escape character in a goal title",
        "POST",
        "/api/v1/measures/{measure}/goals",
        {"title": "Werk\u001b[31m", "life_domain": "school_work"},
        400,
        "control characters",
    ),
    ("NUL in a path segment", "GET", "/api/v1/measures/{measure}/check-ins/2026-W01%00", None, 400, "control"),
    ("NUL in a written path", "PUT", "/api/v1/measures/{measure}/check-ins/x%00", {"went_well": "x"}, 400, "control"),
    ("JSON nested 50,000 deep", "POST", "/api/v1/measures/{measure}/goals", _DEEP.encode(), 400, "nested"),
    (
        "invalid UTF-8",
        "POST",
        "/api/v1/measures/{measure}/goals",
        b'{"title": "Werk \xff\xfe", "life_domain": "school_work"}',
        400,
        "UTF-8",
    ),
    ("Arabic-Indic digits in a path week", "GET", "/api/v1/measures/{measure}/check-ins/٢٠٢٦-W01", None, 422, "ISO"),
    ("fullwidth digits in a path week", "PUT", "/api/v1/measures/{measure}/check-ins/２０２６-W01", {}, 422, "ISO"),
    ("newline after a path week", "PUT", "/api/v1/measures/{measure}/check-ins/{week}%0A", {}, 422, "ISO week"),
    (
        "newline after a body week",
        "POST",
        "/api/v1/measures/{measure}/check-ins",
        {"week": "{week}\n", "went_well": "x"},
        400,
        "week",
    ),
    (
        "Arabic-Indic digits in a body week",
        "POST",
        "/api/v1/measures/{measure}/check-ins",
        {"week": "٢٠٢٦-W01", "went_well": "x"},
        400,
        "week",
    ),
    (
        "Arabic-Indic digits in a week filter",
        "GET",
        "/api/v1/measures/{measure}/check-ins?from_week=٢٠٢٦-W01",
        None,
        400,
        "from_week",
    ),
    (
        "measure starting in the year 735",
        "POST",
        "/api/v1/youths/{youth}/measures",
        {"kind": "gbm", "imposed_by": "om", "start_date": "0735-06-01", "planned_end": "2027-01-01"},
        422,
        "outside the dates this service keeps",
    ),
    (
        "measure ending in 2200",
        "PATCH",
        "/api/v1/measures/{measure}",
        {"planned_end": "2200-01-01"},
        422,
        "outside the dates this service keeps",
    ),
    (
        "measure planned to end in 2101",
        "POST",
        "/api/v1/youths/{youth}/measures",
        {"kind": "gbm", "imposed_by": "om", "start_date": "2026-06-01", "planned_end": "2101-01-01"},
        422,
        "outside the dates this service keeps",
    ),
]


@pytest.mark.parametrize(
    ("name", "method", "path", "body", "status", "words"), MALFORMED, ids=[c[0] for c in MALFORMED]
)
def test_malformed_input_is_refused_clearly_audited_and_stores_nothing(
    name: str,
    method: str,
    path: str,
    body: Any,
    status: int,
    words: str,
    client: Any,
    world: World,
    engine: Engine,
) -> None:
    own = world.cases["y1"]
    names = {
        "youth": own.youth_id,
        "measure": own.measure_id,
        "week": own.week,
    }
    before = _row_counts(engine)
    with engine.connect() as connection:
        last_event = connection.execute(select(func.max(AuditEvent.id))).scalar_one() or 0
    headers = dict(world["w1"].headers)
    if isinstance(body, bytes):
        headers["Content-Type"] = "application/json"
        response = client.request(method, _fill(path, names), headers=headers, content=body)
    else:
        response = client.request(
            method, _fill(path, names), headers=headers, json=_fill(body, names) if body is not None else None
        )
    assert response.status_code == status, response.text
    assert words in response.json()["detail"] + str(response.json().get("extra", "")), response.text
    assert _row_counts(engine) == before
    with engine.connect() as connection:
        events = connection.execute(
            select(AuditEvent.youth_id, AuditEvent.outcome, AuditEvent.status_code).where(AuditEvent.id > last_event)
        ).all()
    assert [tuple(e) for e in events] == [(own.youth_id, "failed", status)]


def test_a_body_over_the_size_limit_is_refused_with_413(client: Any, world: World, engine: Engine) -> None:
    case = world.cases["y1"]
    before = _row_counts(engine)
    limit = client.app.state.settings.max_body_kib * 1024
    body = b'{"text": "' + b"x" * (limit + 1) + b'", "occurred_on": "2026-11-20"}'
    response = client.post(
        f"/api/v1/measures/{case.measure_id}/successes",
        content=body,
        headers={**world["w1"].headers, "Content-Type": "application/json"},
    )
    assert response.status_code == 413, response.text
    assert "KiB this service accepts" in response.json()["detail"]
    assert _row_counts(engine) == before


# --- reopening a signed-off advice (issue 7): a supervisor's route, so sent as the supervisor -----------------

REOPEN: list[tuple[str, Any, str]] = [
    # (name, body, words the message must contain); each answers 400
    ("reopen without a reason", {}, "reason"),
    ("reopen with a blank reason", {"reason": "   "}, "reason must hold some text"),
    ("reopen with an oversized reason", {"reason": "x" * 1001}, "length <= 1000"),
    ("reopen with NUL in the reason", {"reason": "nieuwe\u0000feiten"}, "control characters"),
    ("reopen with a reason as a number", {"reason": 7}, "Expected `str`"),
    ("reopen naming the version", {"reason": "nieuwe feiten", "version": 2}, "version"),
    ("reopen with a list for a body", ["nieuwe feiten"], "Expected `object`"),
]


@pytest.mark.parametrize(("name", "body", "words"), REOPEN, ids=[c[0] for c in REOPEN])
def test_a_bad_reopen_is_refused_clearly_and_reopens_nothing(
    name: str, body: Any, words: str, client: Any, world: World, engine: Engine
) -> None:
    conference_id = world.cases["y1"].conference_id
    before = _row_counts(engine)
    response = client.post(f"/api/v1/conferences/{conference_id}/reopen", headers=world["s1"].headers, json=body)
    assert response.status_code == 400, response.text
    assert words in response.text, response.text
    assert _row_counts(engine) == before
    with engine.connect() as connection:
        signed = connection.execute(
            text("SELECT edition, advice_signed_at IS NOT NULL FROM conference WHERE id = :c"), {"c": conference_id}
        ).one()
    assert tuple(signed) == (1, True)


# --- the administrator's changes to accounts and teams: sent as the administrator ---------------------------

ADMIN_CASES: list[tuple[str, str, str, Any, int, str]] = [
    ("team renamed to nothing", "PATCH", "/api/v1/teams/{team}", {"name": ""}, 400, "name"),
    ("team renamed to blanks", "PATCH", "/api/v1/teams/{team}", {"name": "   "}, 400, "name"),
    ("team renamed to 121 characters", "PATCH", "/api/v1/teams/{team}", {"name": "x" * 121}, 400, "length <= 120"),
    ("team renamed with an unknown field", "PATCH", "/api/v1/teams/{team}", {"name": "Oost", "x": 1}, 400, "x"),
    ("team renamed to another team's name", "PATCH", "/api/v1/teams/{team}", {"name": "Zuid"}, 409, "already exists"),
    ("team of id 2**40", "PATCH", "/api/v1/teams/1099511627776", {"name": "Oost"}, 400, "team_id"),
    ("unknown team", "PATCH", "/api/v1/teams/999999", {"name": "Oost"}, 404, "there is no team"),
    ("role that does not exist", "PATCH", "/api/v1/users/{worker}", {"role": "god"}, 400, "role"),
    ("worker made a youth", "PATCH", "/api/v1/users/{worker}", {"role": "youth"}, 422, "youth's account"),
    ("youth made a worker", "PATCH", "/api/v1/users/{youth_user}", {"role": "worker"}, 422, "youth's account"),
    ("worker without a team", "PATCH", "/api/v1/users/{worker}", {"team_id": None}, 422, "belong to a team"),
    ("worker with a caseload made admin", "PATCH", "/api/v1/users/{worker}", {"role": "admin"}, 409, "caseload"),
    ("last administrator deactivated", "PATCH", "/api/v1/users/{admin}", {"active": False}, 409, "last active"),
    (
        "last administrator made a worker",
        "PATCH",
        "/api/v1/users/{admin}",
        {"role": "worker", "team_id": "{team}"},
        409,
        "last",
    ),
]


@pytest.mark.parametrize(
    ("name", "method", "path", "body", "status", "words"), ADMIN_CASES, ids=[c[0] for c in ADMIN_CASES]
)
def test_bad_account_and_team_changes_are_refused_and_store_nothing(
    name: str, method: str, path: str, body: Any, status: int, words: str, client: Any, world: World, engine: Engine
) -> None:
    names = {
        "team": world.team_ids["noord"],
        "worker": world["w1"].id,
        "youth_user": world["y1"].id,
        "admin": world["admin"].id,
    }
    with engine.connect() as connection:
        before = connection.execute(
            text("SELECT id, role, team_id, active, display_name FROM app_user ORDER BY id")
        ).all()
        teams = connection.execute(text("SELECT id, name FROM team ORDER BY id")).all()
    filled = _fill(body, names)
    response = client.request(method, _fill(path, names), headers=world["admin"].headers, json=filled)
    assert response.status_code == status, response.text
    assert words in response.json()["detail"] + str(response.json().get("extra", "")), response.text
    assert "Validation failed" not in response.json()["detail"]
    with engine.connect() as connection:
        assert (
            connection.execute(text("SELECT id, role, team_id, active, display_name FROM app_user ORDER BY id")).all()
            == before
        )
        assert connection.execute(text("SELECT id, name FROM team ORDER BY id")).all() == teams
