"""Method workflows through the API: two whole cases from enrolment to closure, what the youth adds and sees,
what they may not do, and bad input refused clearly without storing anything."""

from __future__ import annotations

from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import Engine
from sqlmodel import SQLModel, func, select

from reclassering.app import create_app
from reclassering.casefile.fields import today as service_today
from reclassering.casefile.models import AuditEvent, LoginAttempt
from reclassering.casefile.types import utcnow
from reclassering.casefile.weeks import week_of
from reclassering.methods import workflow
from reclassering.methods.definition_schema import DefinitionError
from reclassering.settings import Settings

from ..world import World

TODAY = service_today()


class Clock:
    """The workflow's notion of now, set back so that a phase can have begun weeks ago."""

    def __init__(self) -> None:
        self.now: datetime = utcnow()

    def weeks_ago(self, weeks: int) -> None:
        self.now = utcnow() - timedelta(weeks=weeks)


@pytest.fixture
def clock(monkeypatch: pytest.MonkeyPatch) -> Clock:
    clock = Clock()
    monkeypatch.setattr(workflow, "utcnow", lambda: clock.now)
    return clock


def _day(weeks_ago: int = 0, days_ago: int = 0) -> str:
    return (TODAY - timedelta(weeks=weeks_ago, days=days_ago)).isoformat()


def _week(weeks_ago: int) -> str:
    return week_of(TODAY - timedelta(weeks=weeks_ago))


def _ok(response: Any, status: int = 200) -> Any:
    assert response.status_code == status, response.text
    return response.json()


def _new_measure(client: Any, headers: dict[str, str], youth_id: int) -> str:
    """A measure that started twelve weeks ago and follows no method yet; returns its URL."""
    measure = _ok(
        client.post(
            f"/api/v1/youths/{youth_id}/measures",
            headers=headers,
            json={"kind": "gbm", "imposed_by": "om", "start_date": _day(12), "planned_end": _day(-40)},
        ),
        201,
    )
    return f"/api/v1/measures/{measure['id']}"


def _advance(client: Any, base: str, headers: dict[str, str]) -> dict[str, Any]:
    return _ok(client.post(f"{base}/enrolment/advance", headers=headers))


def _refusal(client: Any, base: str, headers: dict[str, str]) -> dict[str, Any]:
    return _ok(client.post(f"{base}/enrolment/advance", headers=headers), 422)


def _missing(refusal: dict[str, Any]) -> list[tuple[str, int, int]]:
    return [(m["kind"], m["have"], m["need"]) for m in refusal["extra"]["missing"]]


# --- the catalogue --------------------------------------------------------------------------------------------


def test_every_user_can_read_the_methods(client: Any, world: World) -> None:
    methods = _ok(client.get("/api/v1/methods", headers=world["admin"].headers))["items"]

    assert [m["id"] for m in methods] == ["safe_path", "signs_of_success"]
    signs = _ok(client.get("/api/v1/methods/signs_of_success", headers=world["y1"].headers))
    assert [p["id"] for p in signs["phases"]] == [
        "getting_to_know",
        "mapping",
        "goals",
        "weekly_work",
        "network_review",
        "closure",
    ]
    assert signs["name"] == {"nl": "Signs of Success", "en": "Signs of Success"}
    assert signs["phases"][3]["requires"][0] == {
        "kind": "check_ins",
        "count": 4,
        "description": {
            "nl": "Doe in deze fase minstens vier keer de wekelijkse check-in.",
            "en": "Complete at least four weekly check-ins in this phase.",
        },
        "since": None,
        "with_danger_statement": False,
    }
    assert signs["phases"][1]["requires"][0]["with_danger_statement"] is True
    assert [(s["id"], s["min"], s["max"]) for s in signs["scales"]] == [("overall", 0, 10), ("goal", 0, 10)]
    assert signs["scales"][0]["question"]["nl"].startswith("Op een schaal van 0 tot 10")
    # The phase model is this project's reading, and says so for every method.
    for method in methods:
        assert method["official_text"] is False
        assert "not an official text" in method["phase_model_note"]["en"]
        assert "geen officiële tekst" in method["phase_model_note"]["nl"]
    assert [p["id"] for p in signs["youth_tools"][0]["parts"]] == ["worries", "good_things", "dreams"]
    unknown = client.get("/api/v1/methods/oplossingsgericht", headers=world["w1"].headers)
    assert unknown.status_code == 404
    assert unknown.json()["detail"] == 'there is no method "oplossingsgericht" (methods: safe_path, signs_of_success)'


def test_a_broken_definition_stops_start_up_naming_file_and_field(tmp_path: Path, engine: Engine) -> None:
    folder = tmp_path / "methods"
    folder.mkdir()
    (folder / "eigen.toml").write_text('id = "eigen"\nversion = 0\n', encoding="utf-8")
    settings = Settings(data_dir=tmp_path, secret_key="test-secret", cookie_secure=False, methods_dir=folder)

    with pytest.raises(DefinitionError) as caught:
        create_app(settings, engine=engine, migrate=False)

    assert str(caught.value).startswith(f"{folder / 'eigen.toml'}: version: must be a whole number of at least 1")


# --- Signs of Success, end to end -----------------------------------------------------------------------------


def test_a_signs_of_success_case_from_enrolment_to_closure(client: Any, world: World, clock: Clock) -> None:
    worker, youth = world["w1"].headers, world["y1"].headers
    case = world.cases["y1"]
    base = _new_measure(client, worker, case.youth_id)

    clock.weeks_ago(10)
    enrolled = _ok(client.post(f"{base}/enrolment", headers=worker, json={"method_id": "signs_of_success"}), 201)
    assert (enrolled["method_id"], enrolled["current_phase"], enrolled["locale"]) == (
        "signs_of_success",
        "getting_to_know",
        "nl",
    )
    assert enrolled["requirements"] == [
        {
            "kind": "network_members",
            "met": True,
            "have": 1,
            "need": 1,
            "description": "Schrijf minstens één persoon uit het netwerk van de jongere op.",
            "counted_from": None,
        }
    ]
    seen_by_youth = _ok(client.get(f"{base}/enrolment?locale=en", headers=youth))
    assert seen_by_youth["current_phase_name"] == "Getting to know each other"
    assert seen_by_youth["youth_prompts"][0] == "Who is important to you?"
    assert [t["id"] for t in seen_by_youth["youth_tools"]] == ["three_houses"]
    assert [(p["id"], p["state"]) for p in seen_by_youth["phases"]][:2] == [
        ("getting_to_know", "current"),
        ("mapping", "todo"),
    ]

    assert _advance(client, base, worker)["current_phase"] == "mapping"
    refused = _refusal(client, base, worker)
    assert refused["detail"] == (
        'the phase "Mapping" is not finished yet; still missing: mapping sessions: 0 of 1 '
        "(Record at least one mapping session with the harm, the danger statement, worries, what is working well "
        "and next steps.)"
    )
    assert refused["extra"]["missing"][0]["description"] == (
        "Leg minstens één gesprek vast met de schade, de gevarenzin, zorgen, wat goed gaat en volgende stappen."
    )
    session_body = {
        "held_on": _day(10),
        "participants": [
            {"name": "Amir", "role": "jongere", "score": 4},
            {"name": "Moeder", "role": "moeder", "score": 3},
            {"name": "Meester Jan", "role": "mentor"},
        ],
        "harm": "Amir is met vrienden opgepakt voor een winkeldiefstal",
        "worries": "Amir spijbelt en is 's nachts op straat",
        "working_well": "Hij traint drie keer per week bij de voetbalclub",
        "next_steps": "Samen een weekrooster maken",
    }
    without = client.post(f"{base}/mapping-sessions", headers=worker, json=session_body)
    assert without.status_code == 422
    assert without.json()["detail"] == (
        'the phase "Mapping" (mapping) of Signs of Success asks for a danger statement: write what could happen '
        "if nothing changes (danger_statement)"
    )
    mapping = _ok(
        client.post(
            f"{base}/mapping-sessions",
            headers=worker,
            json={
                **session_body,
                "danger_statement": "Als er niets verandert, krijgt Amir een nieuwe zaak",
                "complicating_factors": "Geldzorgen thuis",
                "existing_safety": "Oma belt elke avond",
            },
        ),
        201,
    )
    assert mapping["participants"][2] == {"name": "Meester Jan", "role": "mentor", "score": None}
    assert (mapping["kind"], mapping["harm"], mapping["danger_statement"]) == (
        "mapping",
        "Amir is met vrienden opgepakt voor een winkeldiefstal",
        "Als er niets verandert, krijgt Amir een nieuwe zaak",
    )
    assert mapping["judgement_question"]["en"].startswith("On a scale from 0 to 10")
    listed = _ok(client.get(f"{base}/mapping-sessions", headers=youth))["items"]
    assert [(s["complicating_factors"], s["existing_safety"]) for s in listed] == [
        ("Geldzorgen thuis", "Oma belt elke avond")
    ]

    clock.weeks_ago(9)
    assert _advance(client, base, worker)["current_phase"] == "goals"
    assert _missing(_refusal(client, base, worker)) == [("worry_statement_goal", 0, 1)]
    statement = _ok(
        client.post(
            f"{base}/worry-statements",
            headers=worker,
            json={
                "who_is_worried": "Moeder en school",
                "about_what": "Amir mist veel lessen",
                "if_nothing_changes": "Hij haalt zijn diploma niet en verveelt zich op straat",
                "goal": {"title": "Ik ga elke dag naar school", "life_domain": "school_work", "sustain_weeks": 8},
            },
        ),
        201,
    )
    goal_id = statement["goal_id"]
    assert statement["goal"]["title"] == statement["goal_title"] == "Ik ga elke dag naar school"
    assert statement["goal"]["sustain_weeks"] == 8
    goals = _ok(client.get(f"{base}/goals", headers=youth))["items"]
    assert [g["id"] for g in goals] == [goal_id]

    clock.weeks_ago(6)
    weekly = _advance(client, base, worker)
    assert weekly["current_phase"] == "weekly_work"
    youth_prompts = _ok(client.get(f"{base}/prompts?locale=en", headers=youth))
    assert (youth_prompts["audience"], youth_prompts["phase"]) == ("youth", "weekly_work")
    assert [p["text"] for p in youth_prompts["prompts"]][:4] == [
        "What went well this week?",
        "Which success did you notice, however small?",
        "Which score from 0 to 10 do you give yourself for this goal?",
        "What would you do or see if it were one point higher?",
    ]

    for weeks_ago in (7, 6, 5):  # the week before weekly work began does not count
        _ok(
            client.put(
                f"{base}/check-ins/{_week(weeks_ago)}",
                headers=worker,
                json={
                    "went_well": "Drie dagen naar school",
                    "scores": [{"goal_id": goal_id, "rater": "worker", "value": 4}],
                },
            )
        )
    refused = _refusal(client, base, worker)
    assert _missing(refused) == [("check_ins", 2, 4)]
    assert 'weekly check-ins since the phase "Weekly work" began: 2 of 4' in refused["detail"]

    for weeks_ago, value in ((4, 6), (3, 7)):  # the youth scores from their own account
        own = _ok(
            client.put(
                f"{base}/check-ins/{_week(weeks_ago)}",
                headers=youth,
                json={"scores": [{"goal_id": goal_id, "rater": "youth", "value": value}]},
            )
        )
        assert [(s["rater"], s["value"], s["rater_user_id"]) for s in own["scores"]] == [
            ("youth", value, world["y1"].id)
        ]
    success = _ok(
        client.post(
            f"{base}/successes",
            headers=youth,
            json={"occurred_on": _day(days_ago=2), "text": "Hele week op tijd", "goal_id": goal_id},
        ),
        201,
    )
    assert (success["author_id"], success["author_role"], success["noticed_by"]) == (world["y1"].id, "youth", "youth")

    _ok(
        client.post(
            f"{base}/three-houses", headers=worker, json={"drawn_on_paper": True, "paper_note": "Tekening in de map"}
        ),
        201,
    )
    houses = _ok(
        client.post(
            f"{base}/three-houses",
            headers=youth,
            json={"worries": "Ruzie thuis", "good_things": "Voetbal en mijn zus", "dreams": "Kok worden"},
        ),
        201,
    )
    history = _ok(client.get(f"{base}/three-houses", headers=worker))["items"]
    assert [(h["id"], h["author_role"], h["current"], h["drawn_on_paper"]) for h in history] == [
        (houses["id"], "youth", True, False),
        (history[1]["id"], "worker", False, True),
    ]
    assert history[1]["paper_note"] == "Tekening in de map"
    assert (history[0]["author_id"], history[0]["dreams"]) == (world["y1"].id, "Kok worden")

    clock.weeks_ago(2)
    review = _advance(client, base, worker)
    assert review["current_phase"] == "network_review"
    review_prompts = _ok(client.get(f"{base}/prompts?audience=youth&locale=nl", headers=worker))
    assert [p["id"] for p in review_prompts["prompts"]] == ["proud_of", "scale_now", "who_helps_later"]
    _ok(
        client.post(
            f"{base}/meetings",
            headers=worker,
            json={
                "kind": "network_review",
                "held_on": _day(days_ago=10),
                "participants": ["Amir", "Moeder", "Meester Jan"],
                "summary": "Terugblik: Amir gaat bijna elke dag naar school",
                "outcomes": "Moeder blijft het rooster bewaken",
            },
        ),
        201,
    )

    clock.weeks_ago(1)
    assert _advance(client, base, worker)["current_phase"] == "closure"
    assert _missing(_refusal(client, base, worker)) == [("closing_summary", 0, 1)]
    assert client.put(f"{base}/enrolment/closing-summary", headers=youth, json={"text": "Klaar"}).status_code == 403
    summary = _ok(
        client.put(
            f"{base}/enrolment/closing-summary",
            headers=worker,
            json={"text": "Amir gaat elke dag naar school; moeder en de mentor blijven meekijken."},
        )
    )
    assert summary["requirements"][0]["met"] is True

    closed = _advance(client, base, worker)
    assert closed["closed"] is True and closed["closed_at"] is not None
    again = client.post(f"{base}/enrolment/advance", headers=worker)
    assert again.status_code == 409
    assert "there is no phase after closure" in again.json()["detail"]

    final = _ok(client.get(f"{base}/enrolment", headers=youth))
    assert {p["state"] for p in final["phases"]} == {"done"}
    assert [(t["from_phase"], t["to_phase"]) for t in final["history"]] == [
        ("", "getting_to_know"),
        ("getting_to_know", "mapping"),
        ("mapping", "goals"),
        ("goals", "weekly_work"),
        ("weekly_work", "network_review"),
        ("network_review", "closure"),
        ("closure", ""),
    ]
    assert final["closing_summary"] == "Amir gaat elke dag naar school; moeder en de mentor blijven meekijken."


# --- Safe Path, end to end ------------------------------------------------------------------------------------


def test_a_safe_path_case_from_enrolment_to_closure(client: Any, world: World, clock: Clock, engine: Engine) -> None:
    worker, youth = world["w2"].headers, world["y2"].headers
    case = world.cases["y2"]
    base = _new_measure(client, worker, case.youth_id)

    clock.weeks_ago(10)
    _ok(client.post(f"{base}/enrolment", headers=worker, json={"method_id": "safe_path"}), 201)
    refused = _refusal(client, base, worker)
    assert refused["detail"] == (
        'the phase "Forming the team" is not finished yet; still missing: '
        "network members: 1 of 2 (Record at least two people in the youth's team.); "
        "professional coaches in the coach pair: 0 of 2 (Name the coach pair: two trained professional coaches.)"
    )
    uncle = _ok(
        client.post(
            f"/api/v1/youths/{case.youth_id}/network",
            headers=worker,
            json={"name": "Oom Karim", "role": "relative", "trained_in_method": True},
        ),
        201,
    )
    assert uncle["trained_in_method"] is True
    network_ids = client.put(
        f"{base}/coach-pair",
        headers=worker,
        json={"coaches": [{"user_id": case.network_member_id}, {"user_id": uncle["id"]}]},
    )
    assert network_ids.status_code == 422  # network members' ids are no users: the coaches are professionals
    pair = _ok(
        client.put(
            f"{base}/coach-pair",
            headers=worker,
            json={
                "coaches": [
                    {"user_id": world["w1"].id, "trained_on": _day(50)},
                    {"name": "Ilse Vermeer", "organisation": "Stichting Samen Verder", "trained_on": _day(60)},
                ],
                "worker_joins": True,
            },
        )
    )
    assert [(c["kind"], c["name"], c["organisation"]) for c in pair["coaches"]] == [
        ("user", "Wessel de Vries", ""),
        ("external", "Ilse Vermeer", "Stichting Samen Verder"),
    ]
    assert (pair["complete"], pair["worker_joins"], pair["set_by_id"]) == (True, True, world["w2"].id)
    assert _ok(client.get(f"{base}/coach-pair", headers=youth)) == pair
    assert _advance(client, base, worker)["current_phase"] == "first_network_meeting"

    _ok(
        client.post(
            f"{base}/meetings",
            headers=worker,
            json={
                "kind": "network_meeting",
                "held_on": _day(10),
                "participants": ["Bo", "Moeder", "Oom Karim"],
                "summary": "Het team spreekt af wie wat doet",
                "outcomes": "Oom belt elke zondag",
            },
        ),
        201,
    )
    clock.weeks_ago(9)
    assert _advance(client, base, worker)["current_phase"] == "patterns"
    named = {"pattern": "Bij kritiek loopt Bo weg en slaat de deur dicht", "named_on": _day(9)}
    assert client.post(f"{base}/patterns", headers=youth, json=named).status_code == 403
    without_strength = _ok(client.post(f"{base}/patterns", headers=worker, json=named), 201)
    assert without_strength["breaking_strength"] == ""
    assert _missing(_refusal(client, base, worker)) == [("pattern_named", 0, 1), ("individual_talk", 0, 1)]
    pattern = _ok(
        client.post(
            f"{base}/patterns",
            headers=worker,
            json={**named, "breaking_strength": "Bo kan goed uitleggen wat hij voelt als hij eerst even afkoelt"},
        ),
        201,
    )
    _ok(
        client.post(
            f"{base}/meetings",
            headers=worker,
            json={"kind": "individual_talk", "held_on": _day(8), "participants": ["Bo"], "summary": "Over afkoelen"},
        ),
        201,
    )

    clock.weeks_ago(6)
    assert _advance(client, base, worker)["current_phase"] == "weekly_work"
    prompts = _ok(client.get(f"{base}/prompts", headers=youth))
    assert "pattern_break" in [p["id"] for p in prompts["prompts"]]
    own_break = _ok(
        client.post(
            f"{base}/pattern-breaks",
            headers=youth,
            json={"pattern_id": pattern["id"], "occurred_on": _day(days_ago=3), "text": "Ik ben even gaan lopen"},
        ),
        201,
    )
    assert (own_break["author_id"], own_break["author_role"]) == (world["y2"].id, "youth")
    _ok(
        client.post(
            f"{base}/pattern-breaks",
            headers=worker,
            json={"pattern_id": pattern["id"], "occurred_on": _day(days_ago=5), "text": "Moeder zag hem afkoelen"},
        ),
        201,
    )
    breaks = _ok(client.get(f"{base}/pattern-breaks", headers=youth))["items"]
    assert [(b["text"], b["author_role"], b["pattern"]) for b in breaks] == [
        ("Ik ben even gaan lopen", "youth", "Bij kritiek loopt Bo weg en slaat de deur dicht"),
        ("Moeder zag hem afkoelen", "worker", "Bij kritiek loopt Bo weg en slaat de deur dicht"),
    ]
    with engine.connect() as connection:
        created = connection.execute(
            select(AuditEvent.user_id, AuditEvent.action, AuditEvent.object_type).where(
                AuditEvent.object_id == own_break["id"], AuditEvent.object_type == "pattern_break"
            )
        ).all()
    assert [tuple(row) for row in created] == [(world["y2"].id, "create", "pattern_break")]

    for weeks_ago in (6, 5, 4, 3):
        _ok(client.put(f"{base}/check-ins/{_week(weeks_ago)}", headers=worker, json={"went_well": "Rustige week"}))
    assert _missing(_refusal(client, base, worker)) == [("network_meeting", 1, 2)]
    _ok(
        client.post(
            f"{base}/meetings",
            headers=worker,
            json={
                "kind": "network_meeting",
                "held_on": _day(2),
                "participants": ["Bo", "Oom Karim"],
                "summary": "Tweede",
            },
        ),
        201,
    )
    listed = _ok(client.get(f"{base}/meetings?kind=network_meeting", headers=youth))["items"]
    assert [m["summary"] for m in listed] == ["Tweede", "Het team spreekt af wie wat doet"]

    clock.weeks_ago(1)
    assert _advance(client, base, worker)["current_phase"] == "closure"
    _ok(
        client.put(f"{base}/enrolment/closing-summary", headers=worker, json={"text": "Het team gaat door zonder ons."})
    )
    assert _advance(client, base, worker)["closed"] is True
    after = _ok(client.get(f"{base}/prompts", headers=worker))
    assert (after["closed"], after["prompts"]) == (True, [])


# --- what a youth may not do ----------------------------------------------------------------------------------


def test_a_youth_neither_enrols_nor_advances_nor_reads_another_youths_enrolment(client: Any, world: World) -> None:
    own, other = world.cases["y1"], world.cases["y2"]
    youth = world["y1"].headers

    enrol = client.post(f"/api/v1/measures/{own.measure_id}/enrolment", headers=youth, json={"method_id": "safe_path"})
    advance = client.post(f"/api/v1/measures/{own.measure_id}/enrolment/advance", headers=youth)
    pair = client.put(f"/api/v1/measures/{own.measure_id}/coach-pair", headers=youth, json={"coaches": []})
    foreign = client.get(f"/api/v1/measures/{other.measure_id}/enrolment", headers=youth)

    assert (enrol.status_code, advance.status_code, pair.status_code) == (403, 403, 403)
    assert foreign.status_code == 404
    assert foreign.json()["detail"] == f"there is no measure {other.measure_id}"
    status = _ok(client.get(f"/api/v1/measures/{own.measure_id}/enrolment", headers=youth))
    assert status["current_phase"] == "getting_to_know"


def test_enrolment_is_one_method_per_measure(client: Any, world: World) -> None:
    worker = world["w1"].headers
    url = f"/api/v1/measures/{world.cases['y1'].measure_id}/enrolment"

    same = client.post(url, headers=worker, json={"method_id": "signs_of_success"})
    other = client.post(url, headers=worker, json={"method_id": "safe_path"})

    assert same.status_code == 200
    assert len(same.json()["history"]) == 1
    assert other.status_code == 409
    assert other.json()["detail"] == (
        f'measure {world.cases["y1"].measure_id} already follows "signs_of_success"; a measure follows one method'
    )


def test_a_measure_without_a_method_says_so(client: Any, world: World) -> None:
    base = _new_measure(client, world["w1"].headers, world.cases["y1"].youth_id)

    for path in ("/enrolment", "/prompts"):
        response = client.get(base + path, headers=world["y1"].headers)
        assert response.status_code == 404
        assert response.json()["detail"].endswith("follows no method yet; enrol it first")


# --- bad input ------------------------------------------------------------------------------------------------


def _row_counts(engine: Engine) -> dict[str, int]:
    skip = {AuditEvent.__tablename__, LoginAttempt.__tablename__}
    with engine.connect() as connection:
        return {
            t.name: connection.execute(select(func.count()).select_from(t)).scalar_one()
            for t in SQLModel.metadata.sorted_tables
            if t.name not in skip
        }


MAPPING = {
    "held_on": _day(1),
    "participants": [{"name": "Amir", "role": "jongere", "score": 5}],
    "worries": "Spijbelen",
    "working_well": "Voetbal",
    "next_steps": "Rooster",
}
WORRY = {"who_is_worried": "School", "about_what": "Spijbelen", "if_nothing_changes": "Geen diploma"}
NEW_GOAL = {"title": "Naar school", "life_domain": "school_work", "sustain_weeks": 6}

BAD_INPUT: list[tuple[str, str, str, Any, int, str]] = [
    # (name, method, path below the measure or youth, body, status, words the answer must contain)
    (
        "mapping score above 10",
        "POST",
        "/mapping-sessions",
        {**MAPPING, "participants": [{"name": "Amir", "role": "jongere", "score": 11}]},
        400,
        "<= 10",
    ),
    ("mapping without participants", "POST", "/mapping-sessions", {**MAPPING, "participants": []}, 400, "length >= 1"),
    ("mapping in the future", "POST", "/mapping-sessions", {**MAPPING, "held_on": _day(-1)}, 422, "lies in the future"),
    (
        "mapping before the measure",
        "POST",
        "/mapping-sessions",
        {**MAPPING, "held_on": "2001-01-01"},
        422,
        "lies before the measure started",
    ),
    ("mapping with a blank column", "POST", "/mapping-sessions", {**MAPPING, "worries": "  "}, 400, "worries"),
    ("worry without a goal", "POST", "/worry-statements", WORRY, 422, "either an existing goal (goal_id)"),
    (
        "worry with a goal of another measure",
        "POST",
        "/worry-statements",
        {**WORRY, "goal_id": "{foreign_goal}"},
        422,
        "is not a goal of this measure",
    ),
    (
        "worry with two goals",
        "POST",
        "/worry-statements",
        {**WORRY, "goal_id": "{goal}", "goal": NEW_GOAL},
        422,
        "not both",
    ),
    (
        "worry goal in an unknown life domain",
        "POST",
        "/worry-statements",
        {**WORRY, "goal": {**NEW_GOAL, "life_domain": "hobby"}},
        400,
        "life_domain",
    ),
    (
        "worry goal without sustain weeks",
        "POST",
        "/worry-statements",
        {**WORRY, "goal": {"title": "Naar school", "life_domain": "school_work"}},
        400,
        "sustain_weeks",
    ),
    (
        "meeting of an unknown kind",
        "POST",
        "/meetings",
        {"kind": "borrel", "held_on": _day(1), "participants": ["Amir"], "summary": "x"},
        400,
        "Invalid enum value",
    ),
    ("meetings filtered by an unknown kind", "GET", "/meetings?kind=borrel", None, 400, "kind"),
    ("pattern without words", "POST", "/patterns", {"pattern": "", "named_on": _day(1)}, 400, "pattern"),
    (
        "break of another measure's pattern",
        "POST",
        "/pattern-breaks",
        {"pattern_id": "{foreign_pattern}", "occurred_on": _day(1), "text": "Rustig gebleven"},
        422,
        "is not a pattern named for this measure",
    ),
    (
        "break before the pattern was named",
        "POST",
        "/pattern-breaks",
        {"pattern_id": "{pattern}", "occurred_on": _day(11), "text": "Rustig gebleven"},
        422,
        "lies before the pattern was named",
    ),
    ("three empty houses", "POST", "/three-houses", {"worries": " ", "dreams": ""}, 422, "at least one of the three"),
    ("a fourth house", "POST", "/three-houses", {"worries": "Geld", "garage": "Auto"}, 400, "unknown field"),
    (
        "enrol in an unknown method",
        "POST",
        "/enrolment",
        {"method_id": "x"},
        422,
        "(known: safe_path, signs_of_success)",
    ),
    ("enrol without a method", "POST", "/enrolment", {}, 400, "method_id"),
    ("blank closing summary", "PUT", "/enrolment/closing-summary", {"text": "   "}, 400, "text"),
    ("prompts for an unknown audience", "GET", "/prompts?audience=buurman", None, 400, "audience"),
    ("enrolment in an unknown language", "GET", "/enrolment?locale=de", None, 400, "locale"),
    (
        "coach pair of three",
        "PUT",
        "/coach-pair",
        {"coaches": [{"user_id": "{colleague}"}, {"user_id": "{supervisor}"}, {"name": "X"}]},
        400,
        "length <= 2",
    ),
    ("coach pair of one", "PUT", "/coach-pair", {"coaches": [{"user_id": "{colleague}"}]}, 422, "two trained"),
    ("coach pair the old way", "PUT", "/coach-pair", {"network_member_ids": ["{member}"]}, 400, "unknown field"),
    (
        "the youth's own worker as a coach",
        "PUT",
        "/coach-pair",
        {"coaches": [{"user_id": "{own_worker}"}, {"user_id": "{colleague}"}]},
        422,
        "worker_joins",
    ),
    (
        "external coach without a training date",
        "PUT",
        "/coach-pair",
        {"coaches": [{"user_id": "{colleague}"}, {"name": "Ilse", "organisation": "Samen"}]},
        422,
        "missing: trained_on",
    ),
    (
        "coach trained in the future",
        "PUT",
        "/coach-pair",
        {"coaches": [{"user_id": "{colleague}", "trained_on": _day(-3)}, {"user_id": "{supervisor}"}]},
        422,
        "lies in the future",
    ),
    ("coach with a date that is none", "PUT", "/coach-pair", {"coaches": [{"trained_on": "gisteren"}]}, 400, "date"),
    ("coach pair without coaches", "PUT", "/coach-pair", {"worker_joins": True}, 400, "coaches"),
    (
        "mapping of an unknown kind",
        "POST",
        "/mapping-sessions",
        {**MAPPING, "kind": "intake"},
        400,
        "Invalid enum value",
    ),
    ("mapping harm with a NUL", "POST", "/mapping-sessions", {**MAPPING, "harm": "a\u0000b"}, 400, "harm"),
    (
        "worry disagreement note without the flag",
        "POST",
        "/worry-statements",
        {**WORRY, "goal": NEW_GOAL, "disagreement_note": "Moeder ziet het anders"},
        422,
        "disagreement: true",
    ),
    (
        "worry disagreement that is no flag",
        "POST",
        "/worry-statements",
        {**WORRY, "goal": NEW_GOAL, "disagreement": "ja"},
        400,
        "disagreement",
    ),
    (
        "houses with a paper note but not drawn",
        "POST",
        "/three-houses",
        {"worries": "Geld", "paper_note": "In de map"},
        422,
        "drawn_on_paper: true",
    ),
    ("houses with an uploaded drawing", "POST", "/three-houses", {"drawing": "iVBORw0KGgo="}, 400, "unknown field"),
]


def _fill(value: Any, names: dict[str, int]) -> Any:
    if isinstance(value, str) and value.startswith("{") and value.endswith("}"):
        return names[value[1:-1]]
    if isinstance(value, dict):
        return {k: _fill(v, names) for k, v in value.items()}
    if isinstance(value, list):
        return [_fill(v, names) for v in value]
    return value


@pytest.mark.parametrize(
    ("name", "method", "path", "body", "status", "words"), BAD_INPUT, ids=[c[0] for c in BAD_INPUT]
)
def test_bad_input_is_refused_clearly_and_stores_nothing(
    name: str, method: str, path: str, body: Any, status: int, words: str, client: Any, world: World, engine: Engine
) -> None:
    own, foreign = world.cases["y1"], world.cases["y3"]
    names = {
        "goal": own.goal_ids[0],
        "pattern": own.pattern_id,
        "member": own.network_member_id,
        "foreign_goal": foreign.goal_ids[0],
        "foreign_pattern": foreign.pattern_id,
        "foreign_member": foreign.network_member_id,
        "own_worker": world["w1"].id,
        "colleague": world["w2"].id,
        "supervisor": world["s1"].id,
    }
    if path.startswith("youth:"):
        url = f"/api/v1/youths/{own.youth_id}{path.removeprefix('youth:')}"
    else:
        url = f"/api/v1/measures/{own.measure_id}{path}"
    before = _row_counts(engine)

    response = client.request(
        method, url, headers=world["w1"].headers, json=_fill(body, names) if body is not None else None
    )

    assert response.status_code == status, response.text
    assert words in response.text, response.text
    assert _row_counts(engine) == before
