"""Every API route × every role × own and foreign record.

Allowed calls succeed and are audited as successes; the rest answer 401 (no login), 403 (role may not use
the route) or 404 (record outside the caller's reach) and leave a denial in the audit trail. The route
table below is the specification; a test fails when the app grows a route the table does not cover.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from typing import Any

import pytest
from sqlmodel import Session, func, select

from reclassering.api.guards import is_ours
from reclassering.casefile import conferences
from reclassering.casefile.models import AuditEvent, Conference, Setback, User

from ..world import Case, World
from .test_pages import PAGE_ROUTES

READERS = {"worker", "supervisor", "expert", "youth"}
STAFF = {"worker", "supervisor", "expert"}
ADMIN = {"admin"}
EVERYONE = READERS | ADMIN
TODAY = date.today().isoformat()

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
    body: dict[str, Any] = {"display_name": "Nieuw J.", "birth_year": date.today().year - 15}
    if role in ("supervisor", "expert"):
        body["worker_id"] = world["w1"].id
    return body


def _make_suspicion(session: Session, case: Case) -> None:
    setback = session.get(Setback, case.setback_id)
    assert setback is not None
    setback.kind, setback.suspicion_status = "new_suspicion", "suspected"
    session.add(setback)
    session.commit()


def _reopen(session: Session, case: Case) -> None:
    """The world's conferences are signed off; a version is signed once, so reopen it for a new sign-off."""
    supervisor = session.exec(select(User).where(User.role == "supervisor")).first()
    assert supervisor is not None
    conference = session.get(Conference, case.conference_id)
    if conference is not None and conference.advice_signed_at is not None:
        conferences.reopen(session, supervisor, case.conference_id, conferences.ReopenCreate(reason="Nieuwe feiten"))
        session.commit()


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
        for route in ROUTES
    }
    public = {"POST /api/v1/auth/login", "GET /health", "GET /health/live", "GET /health/ready"}
    public |= {"POST /api/v1/auth/set-password"}  # the one-time token of a password reset is its credential
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
    "coach_pairs",
    "access_log",
}
STAFF_PARTS = {"conferences", "conference_deliberations", "breach_reports"}
EXPORT_PARTS = {
    "youth": CASE_PARTS,
    "worker": CASE_PARTS | STAFF_PARTS,
    "supervisor": CASE_PARTS | STAFF_PARTS | {"audit_trail"},
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
