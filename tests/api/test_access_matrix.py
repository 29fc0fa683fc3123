"""Every API route × every role × own and foreign record.

Allowed calls succeed and are audited as successes; the rest answer 401 (no login), 403 (role may not use
the route) or 404 (record outside the caller's reach) and leave a denial in the audit trail. The route
table below is the specification; a test fails when the app grows a route the table does not cover.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import pytest
from sqlmodel import Session, func, select

from reclassering.api.guards import is_ours
from reclassering.casefile import conferences, network_links, safety_plan
from reclassering.casefile.fields import today as service_today
from reclassering.casefile.models import AuditEvent, Conference, Measure, Setback, User, Youth

from ..world import Case, World
from .test_pages import PAGE_ROUTES

READERS = {"worker", "supervisor", "expert", "youth"}
STAFF = {"worker", "supervisor", "expert"}
LINK_MANAGERS = {"worker", "supervisor"}
ADMIN = {"admin"}
EVERYONE = READERS | ADMIN
TODAY = service_today().isoformat()

Body = Callable[[World, Case, str], Any]


@dataclass(frozen=True)
class Route:
    method: str
    path: str
    roles: set[str]
    body: Body | None = None
    #: False for routes that do not address one youth's record.
    scoped: bool = True
    #: The audit trail: an administrator reaches every youth's trail.
    audit_purpose: bool = False
    #: Prepares the target case before the call (e.g. turns its setback into a new suspicion).
    setup: Callable[[Session, Case], None] | None = None
    #: The snapshot asked for, on the snapshot route (its PDF or its data).
    snapshot: str = "1.pdf"

    @property
    def id(self) -> str:
        return f"{self.method} {self.path}" + (f" ({self.snapshot})" if "{snapshot}" in self.path else "")


def _checkin(week_of_case: bool = True) -> Body:
    def body(world: World, case: Case, role: str) -> Any:
        payload: dict[str, Any] = {"scores": [{"goal_id": case.goal_ids[1], "rater": "youth", "value": 7}]}
        if week_of_case:
            payload["week"] = case.week
        return payload

    return body


def _new_youth(world: World, case: Case, role: str) -> Any:
    body: dict[str, Any] = {"display_name": "Nieuw J.", "birth_year": service_today().year - 15}
    if role in ("supervisor", "expert"):
        body["worker_id"] = world["w1"].id
    return body


def _make_suspicion(session: Session, case: Case) -> None:
    setback = session.get(Setback, case.setback_id)
    assert setback is not None
    setback.kind, setback.suspicion_status = "new_suspicion", "suspected"
    session.add(setback)
    session.commit()


def _network_link(session: Session, case: Case) -> None:
    """A link of the case's measure to revoke (made by the youth's own worker)."""
    measure = session.get(Measure, case.measure_id)
    youth = session.get(Youth, measure.youth_id) if measure else None
    worker = session.get(User, youth.worker_id) if youth else None
    assert worker is not None
    data = network_links.NetworkLinkCreate(member_id=case.network_member_id, goal_ids=[case.goal_ids[0]])
    link, _ = network_links.create_link(session, worker, case.measure_id, data, default_days=14)
    session.commit()
    case.network_link_id = link.id  # type: ignore[assignment]


def _reopen(session: Session, case: Case) -> None:
    """The world's conferences are signed off; a version is signed once, so reopen it for a new sign-off."""
    supervisor = session.exec(select(User).where(User.role == "supervisor")).first()
    assert supervisor is not None
    conference = session.get(Conference, case.conference_id)
    if conference is not None and conference.advice_signed_at is not None:
        conferences.reopen(session, supervisor, case.conference_id, conferences.ReopenCreate(reason="Nieuwe feiten"))
        session.commit()


def _ensure_plan(session: Session, case: Case) -> None:
    """Version 1 of the case's safety plan, made by its worker if it has none yet."""
    if safety_plan.current_plan(session, case.measure_id) is None:
        worker = session.exec(select(User).where(User.role == "worker")).first()
        assert worker is not None
        body = safety_plan.SafetyPlanWrite(based_on_version=0, warning_signs=["Laat thuis"])
        safety_plan.save_plan(session, worker, case.measure_id, body)
        session.commit()


def _plan_body(world: World, case: Case, role: str) -> Any:
    return {"based_on_version": 1, "warning_signs": ["Laat thuis", f"Stil ({role})"]}


ROUTES = [
    Route("GET", "/api/v1/youths", READERS, scoped=False),
    Route("POST", "/api/v1/youths", STAFF, _new_youth, scoped=False),
    Route("GET", "/api/v1/youths/{youth}", READERS),
    Route("PATCH", "/api/v1/youths/{youth}", STAFF, lambda w, c, r: {"display_name": "Amir K. (nieuw)"}),
    Route("GET", "/api/v1/youths/{youth}/network", READERS),
    Route("POST", "/api/v1/youths/{youth}/network", STAFF, lambda w, c, r: {"name": "Opa", "role": "relative"}),
    Route("GET", "/api/v1/youths/{youth}/audit", {"supervisor", "expert", "admin"}, audit_purpose=True),
    Route("GET", "/api/v1/youths/{youth}/access-log", READERS),
    Route("GET", "/api/v1/youths/{youth}/export", READERS),
    Route("PATCH", "/api/v1/network-members/{member}", STAFF, lambda w, c, r: {"contact": "06-00000000"}),
    Route("DELETE", "/api/v1/network-members/{member}", STAFF),
    Route("GET", "/api/v1/youths/{youth}/measures", READERS),
    Route(
        "POST",
        "/api/v1/youths/{youth}/measures",
        STAFF,
        lambda w, c, r: {"kind": "gbm", "imposed_by": "om", "start_date": TODAY, "planned_end": "2030-01-01"},
    ),
    Route("GET", "/api/v1/measures/{measure}", READERS),
    Route("PATCH", "/api/v1/measures/{measure}", STAFF, lambda w, c, r: {"legal_basis": "art. 77w Sr"}),
    Route("POST", "/api/v1/measures/{measure}/conditions", STAFF, lambda w, c, r: {"text": "Thuis om 22:00"}),
    Route("PATCH", "/api/v1/conditions/{condition}", STAFF, lambda w, c, r: {"active": False}),
    Route(
        "POST",
        "/api/v1/conditions/{condition}/assessments",
        STAFF,
        lambda w, c, r: {"assessed_on": TODAY, "compliance": "partly"},
    ),
    Route("GET", "/api/v1/measures/{measure}/goals", READERS),
    Route(
        "POST",
        "/api/v1/measures/{measure}/goals",
        STAFF,
        lambda w, c, r: {"title": "Een baan vinden", "life_domain": "school_work"},
    ),
    Route("GET", "/api/v1/goals/{goal}", READERS),
    Route("PATCH", "/api/v1/goals/{goal}", STAFF, lambda w, c, r: {"status": "paused"}),
    Route("GET", "/api/v1/measures/{measure}/check-ins", READERS),
    Route("POST", "/api/v1/measures/{measure}/check-ins", READERS, _checkin()),
    Route("GET", "/api/v1/measures/{measure}/check-ins/{week}", READERS),
    Route("PUT", "/api/v1/measures/{measure}/check-ins/{week}", READERS, _checkin(week_of_case=False)),
    Route("GET", "/api/v1/measures/{measure}/successes", READERS),
    Route(
        "POST",
        "/api/v1/measures/{measure}/successes",
        READERS,
        lambda w, c, r: {"occurred_on": TODAY, "text": "Op tijd opgestaan"},
    ),
    Route("GET", "/api/v1/measures/{measure}/setbacks", READERS),
    Route(
        "POST",
        "/api/v1/measures/{measure}/setbacks",
        STAFF,
        lambda w, c, r: {"occurred_on": TODAY, "kind": "school_absence", "severity": "minor", "text": "Spijbelen"},
    ),
    Route("PATCH", "/api/v1/setbacks/{setback}", STAFF, lambda w, c, r: {"response": "talk"}),
    Route("POST", "/api/v1/setbacks/{setback}/withdraw", STAFF, lambda w, c, r: {"reason": "Dubbel ingevoerd"}),
    Route("GET", "/api/v1/setbacks/{setback}/history", READERS),
    Route(
        "PATCH",
        "/api/v1/successes/{success_id}",
        STAFF,
        lambda w, c, r: {"text": "Elke dag op school", "reason": "tikfout"},
    ),
    Route(
        "POST", "/api/v1/successes/{success_id}/withdraw", STAFF, lambda w, c, r: {"reason": "Bij de verkeerde jongere"}
    ),
    Route("GET", "/api/v1/successes/{success_id}/history", READERS),
    Route("GET", "/api/v1/methods", EVERYONE, scoped=False),
    Route("GET", "/api/v1/methods/{method_id}", EVERYONE, scoped=False),
    Route("POST", "/api/v1/measures/{measure}/enrolment", STAFF, lambda w, c, r: {"method_id": "signs_of_success"}),
    Route("GET", "/api/v1/measures/{measure}/enrolment", READERS),
    Route("POST", "/api/v1/measures/{measure}/enrolment/advance", STAFF),
    Route("PUT", "/api/v1/measures/{measure}/enrolment/closing-summary", STAFF, lambda w, c, r: {"text": "Klaar"}),
    Route("GET", "/api/v1/measures/{measure}/prompts", READERS),
    Route("GET", "/api/v1/measures/{measure}/mapping-sessions", READERS),
    Route(
        "POST",
        "/api/v1/measures/{measure}/mapping-sessions",
        STAFF,
        lambda w, c, r: {
            "held_on": TODAY,
            "participants": [{"name": "Amir", "role": "jongere", "score": 6}],
            "kind": "review",
            "harm": "Winkeldiefstal",
            "danger_statement": "Een nieuwe zaak",
            "worries": "Spijbelen",
            "working_well": "Sport",
            "next_steps": "Rooster maken",
        },
    ),
    Route("GET", "/api/v1/measures/{measure}/worry-statements", READERS),
    Route(
        "POST",
        "/api/v1/measures/{measure}/worry-statements",
        STAFF,
        lambda w, c, r: {
            "who_is_worried": "School",
            "about_what": "Spijbelen",
            "if_nothing_changes": "Geen diploma",
            "goal": {"title": "Ik haal mijn diploma", "life_domain": "school_work", "sustain_weeks": 8},
            "disagreement": True,
            "disagreement_note": "Moeder ziet het anders",
        },
    ),
    Route("GET", "/api/v1/measures/{measure}/meetings", READERS),
    Route(
        "POST",
        "/api/v1/measures/{measure}/meetings",
        STAFF,
        lambda w, c, r: {"kind": "individual_talk", "held_on": TODAY, "participants": ["Amir"], "summary": "Gesprek"},
    ),
    Route("GET", "/api/v1/measures/{measure}/patterns", READERS),
    Route(
        "POST",
        "/api/v1/measures/{measure}/patterns",
        STAFF,
        lambda w, c, r: {"pattern": "Weglopen bij kritiek", "named_on": TODAY},
    ),
    Route("GET", "/api/v1/measures/{measure}/pattern-breaks", READERS),
    Route(
        "POST",
        "/api/v1/measures/{measure}/pattern-breaks",
        READERS,
        lambda w, c, r: {"pattern_id": c.pattern_id, "occurred_on": TODAY, "text": "Bleef rustig"},
    ),
    Route("GET", "/api/v1/measures/{measure}/three-houses", READERS),
    Route(
        "POST",
        "/api/v1/measures/{measure}/three-houses",
        READERS,
        lambda w, c, r: {"worries": "Geld", "drawn_on_paper": True, "paper_note": "Tekening in de map"},
    ),
    Route("GET", "/api/v1/measures/{measure}/coach-pair", READERS),
    Route(
        "PUT",
        "/api/v1/measures/{measure}/coach-pair",
        STAFF,
        lambda w, c, r: {
            "coaches": [
                {"name": "Ilse Vermeer", "organisation": "Stichting Samen Verder", "trained_on": "2025-03-01"},
                {"name": "Ruben Kaya", "organisation": "Jeugdzorg Midden", "trained_on": "2024-11-15"},
            ],
            "worker_joins": True,
        },
    ),
    Route("PATCH", "/api/v1/patterns/{pattern}", STAFF, lambda w, c, r: {"breaking_strength": "Eerst even weglopen"}),
    Route("GET", "/api/v1/users", ADMIN, scoped=False),
    Route(
        "POST",
        "/api/v1/users",
        ADMIN,
        lambda w, c, r: {
            "username": "nieuwe.collega",
            "password": "lang-genoeg-wachtwoord",
            "role": "worker",
            "team_id": w.team_ids["noord"],
        },
        scoped=False,
    ),
    Route("PATCH", "/api/v1/users/{user}", ADMIN, lambda w, c, r: {"display_name": "Wendy B."}, scoped=False),
    Route("POST", "/api/v1/users/{user}/password-reset", ADMIN, scoped=False),
    Route("GET", "/api/v1/teams", STAFF | ADMIN, scoped=False),
    Route("POST", "/api/v1/teams", ADMIN, lambda w, c, r: {"name": "Oost"}, scoped=False),
    Route("PATCH", "/api/v1/teams/{team_id}", ADMIN, lambda w, c, r: {"name": "Noord-Oost"}, scoped=False),
    Route("GET", "/api/v1/measures/{measure}/progress", READERS),
    Route("GET", "/api/v1/measures/{measure}/charts", READERS),
    Route("GET", "/api/v1/measures/{measure}/charts/{chart}", READERS),
    Route("GET", "/api/v1/measures/{measure}/conferences", STAFF),
    Route(
        "POST",
        "/api/v1/measures/{measure}/conferences",
        STAFF,
        lambda w, c, r: {"held_on": TODAY, "question_kind": "adjust_plan", "question": "Het plan aanpassen?"},
    ),
    Route("GET", "/api/v1/conferences/{conference_id}", STAFF),
    Route("PATCH", "/api/v1/conferences/{conference_id}", STAFF, lambda w, c, r: {"held_on": TODAY}),
    Route(
        "POST",
        "/api/v1/conferences/{conference_id}/sign-off",
        {"supervisor", "expert"},
        setup=lambda session, case: _reopen(session, case),
    ),
    Route(
        "POST",
        "/api/v1/conferences/{conference_id}/decision",
        STAFF,
        lambda w, c, r: {"decision": "carry_on", "rationale": "De school loopt goed"},
    ),
    Route("GET", "/api/v1/conferences/{conference_id}/report.pdf", STAFF),
    Route("GET", "/api/v1/conferences/{conference_id}/snapshots", STAFF),
    Route("GET", "/api/v1/conferences/{conference_id}/snapshots/{snapshot}", STAFF),
    Route("GET", "/api/v1/conferences/{conference_id}/snapshots/{version}/summary.pdf", STAFF),
    Route("GET", "/api/v1/youths/{youth}/conference-summary.pdf", READERS),
    Route("GET", "/api/v1/conferences/{conference_id}/snapshots/{snapshot}", STAFF, snapshot="1.json"),
    Route(
        "POST",
        "/api/v1/conferences/{conference_id}/reopen",
        {"supervisor", "expert"},
        lambda w, c, r: {"reason": "Nieuwe feiten na de ondertekening"},
    ),
    Route("GET", "/api/v1/setbacks/{setback}/report", STAFF),
    Route(
        "PUT",
        "/api/v1/setbacks/{setback}/report",
        STAFF,
        lambda w, c, r: {"not_reported_reason": "Eenmalig; besproken met de jongere", "expert_consulted": True},
    ),
    Route(
        "POST",
        "/api/v1/setbacks/{setback}/suspicion-status",
        STAFF,
        lambda w, c, r: {"status": "dismissed", "on": TODAY, "note": "Sepot"},
        setup=lambda session, case: _make_suspicion(session, case),
    ),
    Route("GET", "/api/v1/teams/{team_id}/unreported-breaches", STAFF, scoped=False),
    Route("GET", "/api/v1/conferences/{conference_id}/deliberation", STAFF),
    Route(
        "PUT",
        "/api/v1/conferences/{conference_id}/deliberation",
        STAFF,
        lambda w, c, r: {
            "addressee": "om",
            "options": [{"kind": "carry_on", "pros": "School loopt", "cons": "Risico blijft"}],
            "participants": [{"name": "Wessel", "role": "jeugdreclasseerder"}],
        },
    ),
    Route(
        "PUT",
        "/api/v1/conferences/{conference_id}/views",
        STAFF,
        lambda w, c, r: {"youth": {"status": "given", "text": "Ik wil door"}, "parents": {"status": "declined"}},
    ),
    Route(
        "PUT",
        "/api/v1/conferences/{conference_id}/outside-outcome",
        STAFF,
        lambda w, c, r: {"decided_by": "om", "outcome": "carry_on", "decided_on": TODAY},
    ),
    Route("GET", "/api/v1/auth/me", EVERYONE, scoped=False),
    Route("POST", "/api/v1/auth/logout", EVERYONE, scoped=False),
    Route("GET", "/api/v1/notifications", EVERYONE, scoped=False),
    Route("POST", "/api/v1/notifications/read", EVERYONE, lambda w, c, r: {"all": True}, scoped=False),
    Route("GET", "/api/v1/retention/receipts", ADMIN, scoped=False),
    Route("GET", "/api/v1/measures/{measure}/network-links", LINK_MANAGERS),
    Route(
        "POST",
        "/api/v1/measures/{measure}/network-links",
        LINK_MANAGERS,
        lambda w, c, r: {"member_id": c.network_member_id, "goal_ids": [c.goal_ids[0]], "days": 7},
    ),
    Route("POST", "/api/v1/measures/{measure}/network-links/{link}/revoke", LINK_MANAGERS, setup=_network_link),
    Route("GET", "/api/v1/measures/{measure}/safety-plan", READERS, setup=_ensure_plan),
    Route("PUT", "/api/v1/measures/{measure}/safety-plan", STAFF, _plan_body, setup=_ensure_plan),
    Route("GET", "/api/v1/measures/{measure}/safety-plan/versions", READERS, setup=_ensure_plan),
    Route("GET", "/api/v1/measures/{measure}/safety-plan/versions/{version}", READERS, setup=_ensure_plan),
    Route("GET", "/api/v1/measures/{measure}/safety-plan.pdf", READERS, setup=_ensure_plan),
]

#: Who acts, and which case is their own and which foreign.
ACTORS = {
    "worker": ("w1", "y1", "y3"),
    "supervisor": ("s1", "y1", "y3"),
    "expert": ("x1", "y1", "y3"),
    "youth": ("y1", "y1", "y2"),
    "admin": ("admin", "y1", "y3"),
}


def _url(route: Route, world: World, case: Case) -> str:
    return route.path.format(
        youth=case.youth_id,
        measure=case.measure_id,
        goal=case.goal_ids[0],
        condition=case.condition_id,
        member=case.network_member_id,
        setback=case.setback_id,
        success_id=case.success_id,
        week=case.week,
        user=world["w2"].id,
        method_id="signs_of_success",
        conference_id=case.conference_id,
        chart="events.png",
        snapshot=route.snapshot,
        version=1,
        pattern=case.pattern_id,
        team_id=world.team_ids["noord"],
        link=case.network_link_id,
    )


def _call(
    client: Any, route: Route, world: World, case: Case, role: str, headers: dict[str, str], session: Session
) -> Any:
    if route.setup is not None:
        route.setup(session, case)
    kwargs: dict[str, Any] = {"headers": headers}
    if route.body is not None:
        kwargs["json"] = route.body(world, case, role)
    return client.request(route.method, _url(route, world, case), **kwargs)


def _events(session: Session, youth_id: int, outcome: str) -> int:
    return session.exec(
        select(func.count())
        .select_from(AuditEvent)
        .where(AuditEvent.youth_id == youth_id, AuditEvent.outcome == outcome)
    ).one()


def test_every_route_is_in_the_matrix(app: Any) -> None:
    ours = {
        f"{method} {path}"
        for route in app.routes
        for handler in route.route_handlers
        if is_ours(handler)
        for method in handler.http_methods
        for path in [route.path]
    }
    normalised = {r.split(" ")[0] + " " + r.split(" ")[1].replace(":int", "").replace(":str", "") for r in ours}
    table = {
        route.method
        + " "
        + route.path.replace("{youth}", "{youth_id}")
        .replace("{measure}", "{measure_id}")
        .replace("{goal}", "{goal_id}")
        .replace("{condition}", "{condition_id}")
        .replace("{member}", "{network_member_id}")
        .replace("{setback}", "{setback_id}")
        .replace("{user}", "{user_id}")
        .replace("{pattern}", "{interaction_pattern_id}")
        .replace("{link}", "{link_id}")
        for route in ROUTES
    }
    public = {"POST /api/v1/auth/login", "GET /health", "GET /health/live", "GET /health/ready"}
    public |= {"POST /api/v1/auth/set-password"}  # the one-time token of a password reset is its credential
    public |= {"GET /metrics"}  # the monitoring system's bearer token is its credential (test_observability.py)
    assert normalised - public - PAGE_ROUTES == table  # the pages have their own access tests


@pytest.mark.parametrize("route", ROUTES, ids=lambda r: r.id)
@pytest.mark.parametrize("role", [*ACTORS, "anonymous"])
def test_access(route: Route, role: str, client: Any, world: World, session: Session) -> None:
    if role == "anonymous":
        case = world.cases["y1"]
        before = _events(session, case.youth_id, "denied")
        response = _call(client, route, world, case, role, {}, session)
        assert response.status_code == 401, response.text
        if route.scoped:
            assert _events(session, case.youth_id, "denied") == before + 1
        return

    person_key, own_key, foreign_key = ACTORS[role]
    headers = world[person_key].headers
    targets = [("own", world.cases[own_key])]
    if route.scoped:
        targets.append(("foreign", world.cases[foreign_key]))
    for which, case in targets:
        denied_before = _events(session, case.youth_id, "denied")
        success_before = _events(session, case.youth_id, "success")
        response = _call(client, route, world, case, role, headers, session)
        reachable = which == "own" or (route.audit_purpose and role == "admin")
        if role not in route.roles:
            expected = 403
        elif route.scoped and not reachable:
            expected = 404
        else:
            expected = None
        if expected is None:
            assert response.status_code < 300, f"{role} on {which}: {response.status_code} {response.text}"
            if route.scoped:
                assert _events(session, case.youth_id, "success") >= success_before + 1
        else:
            assert response.status_code == expected, f"{role} on {which}: {response.status_code} {response.text}"
            if route.scoped:
                assert _events(session, case.youth_id, "denied") == denied_before + 1, f"{role} on {which}"
            if expected == 404:  # the same answer as for a record that does not exist: no hint it does
                assert response.json()["detail"].startswith("there is no ")


# --- the export and the access log, per role ------------------------------------------------------------------

#: What each role finds in its own export of a youth it reaches: what the role reads through the API, no more.
CASE_PARTS = {
    "youth",
    "network",
    "measures",
    "goals",
    "check_ins",
    "successes",
    "setbacks",
    "success_and_setback_history",
    "method_enrolments",
    "mapping_sessions",
    "worry_statements",
    "meetings",
    "interaction_patterns",
    "pattern_breaks",
    "three_houses",
    "safety_plans",
    "coach_pairs",
    "access_log",
}
STAFF_PARTS = {"conferences", "conference_deliberations", "breach_reports"}
EXPORT_PARTS = {
    "youth": CASE_PARTS,
    "worker": CASE_PARTS | STAFF_PARTS | {"network_links"},
    "supervisor": CASE_PARTS | STAFF_PARTS | {"audit_trail", "network_links"},
    "expert": CASE_PARTS | STAFF_PARTS | {"audit_trail"},
}


@pytest.mark.parametrize("role", [*EXPORT_PARTS, "admin"])
def test_the_export_holds_what_the_role_reads_through_the_api(role: str, client: Any, world: World) -> None:
    person_key, own_key, _ = ACTORS[role]
    case = world.cases[own_key]
    client.get(f"/api/v1/youths/{case.youth_id}", headers=world["w1"].headers)  # one event on the trail
    response = client.get(f"/api/v1/youths/{case.youth_id}/export", headers=world[person_key].headers)
    if role == "admin":  # the trail, never case content
        assert response.status_code == 403
        return
    assert response.status_code == 200, response.text
    doc = response.json()
    assert doc.keys() == EXPORT_PARTS[role] | {"exported_at", "exported_for"}
    conference = client.get(f"/api/v1/conferences/{case.conference_id}", headers=world[person_key].headers)
    if role == "youth":  # no conference, advice, snapshot or reporting content anywhere in it
        assert conference.status_code == 403
        for text in ("Na een gemiste afspraak", "Doorgaan: school gaat goed.", "data_sha256", "advised_outcome"):
            assert text not in response.text
    else:
        assert conference.status_code == 200
        assert [c["advice"] for c in doc["conferences"]] == ["Doorgaan: school gaat goed."]
    if "audit_trail" in doc:  # the raw trail only for those who read /audit
        audit = client.get(f"/api/v1/youths/{case.youth_id}/audit", headers=world[person_key].headers)
        assert audit.status_code == 200
        assert [(e["username"], e["action"], e["object_type"]) for e in doc["audit_trail"]] == [
            ("wessel", "read", "youth")
        ]
    else:
        assert client.get(f"/api/v1/youths/{case.youth_id}/audit", headers=world[person_key].headers).status_code == 403


@pytest.mark.parametrize("role", [*EXPORT_PARTS, "admin"])
def test_the_access_log_names_staff_only_and_no_address(role: str, client: Any, world: World) -> None:
    case = world.cases["y1"]
    client.get(f"/api/v1/youths/{case.youth_id}", headers=world["w1"].headers)  # a worker looks
    client.get(f"/api/v1/youths/{case.youth_id}", headers=world["y2"].headers)  # another youth tries: 404
    person_key, _, foreign_key = ACTORS[role]
    response = client.get(f"/api/v1/youths/{case.youth_id}/access-log", headers=world[person_key].headers)
    if role == "admin":
        assert response.status_code == 403
        return
    assert response.status_code == 200, response.text
    items = response.json()["items"]
    assert {(i["who"], i["role"], i["action"], i["object_type"], i["outcome"]) for i in items} >= {
        ("Wessel de Vries", "worker", "read", "youth", "success"),
        ("", "youth", "read", "youth", "denied"),
    }
    assert "bo" not in {i["who"] for i in items} and "testclient" not in response.text and "amir" not in response.text
    foreign = world.cases[foreign_key]
    assert (
        client.get(f"/api/v1/youths/{foreign.youth_id}/access-log", headers=world[person_key].headers).status_code
        == 404
    )


# --- the administrator's pages and the password link: every role, every route -------------------------------

#: (method, path, form) of every administrator's page route; "{user}" is Wendy (w2), "{team}" team Noord.
ADMIN_PAGES = [
    ("GET", "/beheer", None),
    ("GET", "/beheer/audit?youth={youth}", None),
    ("GET", "/beheer/gebruikers/{user}", None),
    (
        "POST",
        "/beheer/gebruikers",
        {"username": "nieuw.{role}", "display_name": "Nieuw", "role": "worker", "team_id": "{team}"},
    ),
    (
        "POST",
        "/beheer/gebruikers/{user}",
        {"display_name": "Wendy B.", "role": "worker", "team_id": "{team}", "email": ""},
    ),
    ("POST", "/beheer/gebruikers/{user}/actief", {"active": "yes"}),
    ("POST", "/beheer/gebruikers/{user}/wachtwoord", {}),
    ("POST", "/beheer/teams", {"name": "Team {role}"}),
    ("POST", "/beheer/teams/{team}", {"name": "Noord"}),
]
PAGE_USERS = {"worker": "wessel", "supervisor": "sanne", "expert": "xandra", "youth": "amir", "admin": "beheer"}


@pytest.mark.parametrize("role", [*PAGE_USERS, "anonymous"])
def test_only_the_administrator_reaches_the_administration_pages(role: str, client: Any, world: World) -> None:
    from .test_pages import _csrf, _log_in

    if role != "anonymous":
        _log_in(client, PAGE_USERS[role])
    token = _csrf(client.get("/login").text)
    names = {"youth": world.cases["y1"].youth_id, "user": world["w2"].id, "team": world.team_ids["noord"], "role": role}
    for method, path, form in ADMIN_PAGES:
        url = path.format(**names)
        if method == "GET":
            response = client.get(url, follow_redirects=False)
        else:
            data = {k: v.format(**names) for k, v in (form or {}).items()}
            response = client.post(url, data={**data, "_csrf_token": token}, follow_redirects=False)
        if role == "anonymous":
            assert response.status_code == 303 and response.headers["location"].startswith("/login"), url
        elif role == "admin":
            assert response.status_code in (200, 303), f"{url}: {response.status_code} {response.text[:300]}"
        else:
            assert response.status_code == 403, f"{role} on {url}: {response.status_code}"
            assert "Niet toegestaan" in response.text and 'href="/"' in response.text


@pytest.mark.parametrize("role", [*PAGE_USERS, "anonymous"])
def test_the_password_link_is_the_same_for_everyone_and_an_unknown_one_is_not_found(
    role: str, client: Any, world: World
) -> None:
    from .test_pages import _csrf, _log_in

    if role != "anonymous":
        _log_in(client, PAGE_USERS[role])
    assert client.get("/wachtwoord/onbekend").status_code == 404
    token = _csrf(client.get("/login").text)
    refused = client.post(
        "/wachtwoord/onbekend", data={"password": "x" * 12, "password_again": "x" * 12, "_csrf_token": token}
    )
    assert refused.status_code == 404 and "Vraag je beheerder om een nieuwe" in refused.text


# --- the supervisor's pages (issue 11): the same matrix for page routes, posting forms with their CSRF token ---

SIGNERS = {"supervisor", "expert"}

PAGE_MATRIX = [
    Route("GET", "/overleg", STAFF, scoped=False),
    Route("GET", "/maatregelen/{measure}/overleg/nieuw", STAFF),
    Route(
        "POST",
        "/maatregelen/{measure}/overleg",
        STAFF,
        lambda w, c, r: {"held_on": TODAY, "question_kind": "carry_on", "question": "Verder?"},
    ),
    Route("GET", "/overleg/{conference_id}", STAFF),
    Route(
        "POST",
        "/overleg/{conference_id}/advies",
        STAFF,
        lambda w, c, r: {
            "held_on": TODAY,
            "question_kind": "carry_on",
            "question": "Verder?",
            "advice": "Doorgaan",
            "advised_outcome": "carry_on",
        },
        setup=_reopen,
    ),
    Route(
        "POST",
        "/overleg/{conference_id}/zienswijzen",
        STAFF,
        lambda w, c, r: {"youth_status": "given", "youth_text": "Ik wil door", "parents_status": "declined"},
    ),
    Route("POST", "/overleg/{conference_id}/afweging", STAFF, lambda w, c, r: {"addressee": "raad"}),
    Route("POST", "/overleg/{conference_id}/aftekenen", SIGNERS, lambda w, c, r: {}, setup=_reopen),
    Route("POST", "/overleg/{conference_id}/heropenen", SIGNERS, lambda w, c, r: {"reason": "Nieuwe feiten"}),
    Route(
        "POST", "/overleg/{conference_id}/besluit", STAFF, lambda w, c, r: {"decision": "carry_on", "rationale": "Goed"}
    ),
    Route(
        "POST",
        "/overleg/{conference_id}/uitkomst",
        STAFF,
        lambda w, c, r: {"decided_by": "om", "outcome": "carry_on", "decided_on": TODAY},
    ),
]


def test_every_supervisor_page_is_in_the_page_matrix() -> None:
    rows = {f"{r.method} {r.path.replace('{measure}', '{measure_id}')}" for r in PAGE_MATRIX}
    assert rows == {r for r in PAGE_ROUTES if "overleg" in r}


def _page_call(
    client: Any, route: Route, world: World, case: Case, role: str, headers: dict[str, str], session: Session
) -> Any:
    if route.setup is not None:
        route.setup(session, case)
    if route.method == "GET":
        return client.get(_url(route, world, case), headers=headers, follow_redirects=False)
    token = re.search(r'name="_csrf_token" value="([^"]+)"', client.get("/login").text)
    assert token is not None
    form = {**(route.body(world, case, role) if route.body else {}), "_csrf_token": token.group(1)}
    return client.post(_url(route, world, case), data=form, headers=headers, follow_redirects=False)


@pytest.mark.parametrize("route", PAGE_MATRIX, ids=lambda r: r.id)
@pytest.mark.parametrize("role", list(ACTORS))
def test_page_access(route: Route, role: str, client: Any, world: World, session: Session) -> None:
    """Allowed: the page or its redirect after saving; else 403 (role) or 404 (reach), each a denial on the trail."""
    person_key, own_key, foreign_key = ACTORS[role]
    headers = world[person_key].headers
    targets = [("own", world.cases[own_key])]
    if route.scoped:
        targets.append(("foreign", world.cases[foreign_key]))
    for which, case in targets:
        denied_before = _events(session, case.youth_id, "denied")
        response = _page_call(client, route, world, case, role, headers, session)
        if role not in route.roles:
            expected: int | None = 403
        elif route.scoped and which == "foreign":
            expected = 404
        else:
            expected = None
        if expected is None:
            assert response.status_code in (200, 303), f"{role} on {which}: {response.status_code} {response.text}"
        else:
            assert response.status_code == expected, f"{role} on {which}: {response.status_code}"
            assert response.headers["content-type"].startswith("text/html")
            if route.scoped:
                assert _events(session, case.youth_id, "denied") == denied_before + 1, f"{role} on {which}"
