"""The demo on its first start, seen through the API as its own users: every feature has something to show.

One demo world per backend (``demo_world``); every request goes over HTTP as the demo user who would make it.
"""

from __future__ import annotations

import hashlib
import io
from collections.abc import Iterator
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from litestar.testing import TestClient
from pypdf import PdfReader
from sqlalchemy import Engine
from sqlmodel import Session, col, select

from reclassering import demo
from reclassering.casefile.fields import today as service_today
from reclassering.casefile.models import Conference, Measure, Setback, Team, User, Youth

from .conftest import BACKENDS
from .demo_world import cheap_hashing, demo_database

TODAY = service_today()
Json = dict[str, Any]


@pytest.fixture(scope="module", params=BACKENDS)
def world(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory, sqlite_template: Path
) -> Iterator[Engine]:
    folder = tmp_path_factory.mktemp("demo-http")
    with demo_database(request.param, folder, sqlite_template) as engine, cheap_hashing():
        demo.load_demo(engine, today=TODAY)
        yield engine


@pytest.fixture
def http(_shared_app: Any, settings: Any, world: Engine) -> Iterator[TestClient]:
    _shared_app.state.settings = settings
    _shared_app.state.engine = world
    with cheap_hashing(), TestClient(_shared_app) as client:
        yield client


class Demo:
    """The demo users logged in over HTTP, and what to ask them about."""

    def __init__(self, http: TestClient, engine: Engine) -> None:
        self.http = http
        self.tokens: dict[str, str] = {}
        with Session(engine) as session:
            rows = session.exec(
                select(Measure.id, Youth.id, Youth.display_name, User.username)
                .join(Youth, col(Youth.id) == col(Measure.youth_id))
                .join(User, col(User.id) == col(Youth.worker_id))
                .order_by(col(Measure.id))
            ).all()
            self.youth_accounts = dict(
                session.exec(select(Youth.id, User.username).join(User, col(User.id) == col(Youth.user_id))).all()
            )
            self.team_id = session.exec(select(Team.id)).one()
            self.setbacks = session.exec(
                select(Setback.id, Setback.kind, Setback.measure_id).where(
                    col(Setback.kind).in_(["condition_breach", "new_suspicion"])
                )
            ).all()
            self.conferences = session.exec(select(Conference.id, Conference.measure_id)).all()
        self.measures = {measure_id: (youth_id, name, worker) for measure_id, youth_id, name, worker in rows}

    def token(self, username: str) -> str:
        if username not in self.tokens:
            response = self.http.post("/api/v1/auth/login", json={"username": username, "password": demo.DEMO_PASSWORD})
            assert response.status_code == 200, (username, response.text)
            self.tokens[username] = response.json()["token"]
        return self.tokens[username]

    def get(self, path: str, who: str, status: int = 200) -> Any:
        response = self.http.get(path, headers={"Authorization": f"Bearer {self.token(who)}"})
        assert response.status_code == status, (path, who, response.text)
        return response

    def json(self, path: str, who: str) -> Any:
        return self.get(path, who).json()

    def worker_of(self, measure_id: int) -> str:
        return self.measures[measure_id][2]


@pytest.fixture
def site(http: TestClient, world: Engine) -> Demo:
    return Demo(http, world)


def test_every_demo_account_logs_in_over_http(site: Demo) -> None:
    for account in demo.demo_accounts().accounts:
        me = site.json("/api/v1/auth/me", account.username)
        assert (me["username"], me["role"]) == (account.username, account.role)


def test_every_demo_measure_answers_its_enrolment_at_a_plausible_phase(site: Demo) -> None:
    methods = set()
    for measure_id, (youth_id, name, worker) in site.measures.items():
        enrolment = site.json(f"/api/v1/measures/{measure_id}/enrolment", worker)
        methods.add(enrolment["method_id"])
        steps = [step["id"] for step in enrolment["phases"]]
        assert steps.index(enrolment["current_phase"]) >= steps.index("weekly_work"), name
        assert not enrolment["closed"]
        history = enrolment["history"]
        assert [h["to_phase"] for h in history] == steps[: len(history)]
        moments = [datetime.fromisoformat(h["at"]) for h in history]
        assert moments == sorted(moments) and moments[-1].date() < TODAY
        assert moments[0].date() == date.fromisoformat(
            site.json(f"/api/v1/measures/{measure_id}", worker)["start_date"]
        )
        # The supervisor reads it too, and a youth with an account reads their own.
        assert site.json(f"/api/v1/measures/{measure_id}/enrolment", "ilse")["method_id"] == enrolment["method_id"]
        if youth_id in site.youth_accounts:
            site.get(f"/api/v1/measures/{measure_id}/enrolment", site.youth_accounts[youth_id])
    assert methods == set(demo.METHODS)


def test_the_method_work_of_each_measure_shows_through_the_api(site: Demo) -> None:
    for measure_id, (youth_id, name, worker) in site.measures.items():
        base = f"/api/v1/measures/{measure_id}"
        method = site.json(f"{base}/enrolment", worker)["method_id"]
        meetings = site.json(f"{base}/meetings", worker)["items"]
        if method == "signs_of_success":
            sessions = site.json(f"{base}/mapping-sessions", worker)["items"]
            assert sessions, name
            for held in sessions:
                roles = [p["role"] for p in held["participants"]]
                assert "jongere" in roles and "jeugdreclasseerder" in roles and len(roles) >= 3
                assert all(p["score"] is not None for p in held["participants"])
                assert held["harm"] and held["danger_statement"] and held["judgement_question"]
            goals = site.json(f"{base}/goals", worker)["items"]
            statements = site.json(f"{base}/worry-statements", worker)["items"]
            assert sorted(s["goal_id"] for s in statements) == sorted(g["id"] for g in goals)
            assert all(s["who_is_worried"] and s["about_what"] and s["if_nothing_changes"] for s in statements)
            [current] = [h for h in site.json(f"{base}/three-houses", worker)["items"] if h["current"]]
            assert current["worries"] and current["good_things"] and current["dreams"]
            if youth_id in site.youth_accounts:
                assert current["author_role"] == "youth"
        else:
            network = site.json(f"/api/v1/youths/{youth_id}/network", worker)["items"]
            assert all(m["trained_in_method"] for m in network), name  # the trained network forms the team
            pair = site.json(f"{base}/coach-pair", worker)
            assert pair["complete"] and len(pair["coaches"]) == 2, name
            assert all(c["trained_on"] for c in pair["coaches"]), name
            assert not {c["name"] for c in pair["coaches"]} & {m["name"] for m in network}, name  # professionals
            assert {"network_meeting", "individual_talk"} <= {m["kind"] for m in meetings}
            patterns = site.json(f"{base}/patterns", worker)["items"]
            assert patterns and all(p["breaking_strength"] for p in patterns)
            breaks = site.json(f"{base}/pattern-breaks", worker)["items"]
            named = {p["id"]: p["named_on"] for p in patterns}
            assert len(breaks) >= 3
            assert all(named[b["pattern_id"]] <= b["occurred_on"] < TODAY.isoformat() for b in breaks)
            if youth_id in site.youth_accounts:
                assert "youth" in {b["author_role"] for b in breaks}
        assert all(m["held_on"] < TODAY.isoformat() and m["summary"] for m in meetings)


def test_breaches_show_their_reporting_and_one_is_listed_as_unreported(site: Demo) -> None:
    unreported = site.json(f"/api/v1/teams/{site.team_id}/unreported-breaches", "ilse")
    assert unreported["items"], "the team's list of unreported breaches is empty"
    assert all(item["due_by"] < unreported["as_of"] for item in unreported["items"])
    # The behavioural expert has a supervisor's reach; a worker sees only their own youths' breaches.
    assert site.json(f"/api/v1/teams/{site.team_id}/unreported-breaches", "anouk")["items"] == unreported["items"]
    for item in unreported["items"]:
        mine = site.json(f"/api/v1/teams/{site.team_id}/unreported-breaches", site.worker_of(item["measure_id"]))
        assert item in mine["items"]

    records = {
        setback_id: site.json(f"/api/v1/setbacks/{setback_id}/report", site.worker_of(measure_id))
        for setback_id, _, measure_id in site.setbacks
    }
    reported = [r["report"] for r in records.values() if r["reported"]]
    not_reported = [r["report"] for r in records.values() if r["report"] and not r["reported"]]
    to_both = [r for r in reported if r["om_informed_on"] and r["raad_informed_on"]]
    assert len(to_both) >= 2
    assert all(r["reported_by_id"] and r["expert_consulted"] and r["expert_name"] == "Anouk de Graaf" for r in to_both)
    assert not_reported and all(r["not_reported_reason"] for r in not_reported)
    assert {i["setback_id"] for i in unreported["items"]} <= {i for i, r in records.items() if r["report"] is None}

    [suspicion] = [r for r in records.values() if r["kind"] == "new_suspicion"]
    assert suspicion["reported"]
    assert [step["status"] for step in suspicion["suspicion_history"]] == ["suspected", "dismissed"]
    assert suspicion["suspicion_status"] == "dismissed"
    assert suspicion["suspicion_history"][0]["on"] == suspicion["occurred_on"]
    assert suspicion["occurred_on"] < suspicion["suspicion_history"][1]["on"] < TODAY.isoformat()


def test_a_conference_is_walked_to_its_outside_outcome_and_another_is_coming_up(site: Demo) -> None:
    by_state: dict[str, list[tuple[int, int]]] = {"signed": [], "open": []}
    for conference_id, measure_id in site.conferences:
        read = site.json(f"/api/v1/conferences/{conference_id}", site.worker_of(measure_id))
        by_state["signed" if read["advice_signed_at"] else "open"].append((conference_id, measure_id))
    [(walked, measure_id)] = by_state["signed"]
    [(upcoming, upcoming_measure)] = by_state["open"]
    worker = site.worker_of(measure_id)

    conference = site.json(f"/api/v1/conferences/{walked}", worker)
    signed = datetime.fromisoformat(conference["advice_signed_at"])
    decided = datetime.fromisoformat(conference["decided_at"])
    assert conference["held_on"] < signed.date().isoformat() and signed < decided
    assert conference["advice"] and conference["advised_outcome"] == conference["decision"] == "adjust_plan"
    assert conference["rationale"]

    [snapshot] = site.json(f"/api/v1/conferences/{walked}/snapshots", "ilse")["items"]
    assert snapshot["version"] == 1 and datetime.fromisoformat(snapshot["created_at"]) == signed
    pdf = site.get(snapshot["url"], "ilse")
    assert hashlib.sha256(pdf.content).hexdigest() == snapshot["pdf_sha256"] == pdf.headers["X-Content-SHA256"]
    text = "".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf.content)).pages)
    assert site.measures[measure_id][1] in text

    deliberation = site.json(f"/api/v1/conferences/{walked}/deliberation", worker)
    assert deliberation["addressee"] in {"om", "raad", "kinderrechter"}
    assert len(deliberation["options"]) >= 3
    assert all(o["pros"] and o["cons"] for o in deliberation["options"])
    assert deliberation["risks"] and deliberation["protective_factors"]
    roles = {p["name"]: p["role"] for p in deliberation["participants"]}
    experts = [u for u in site.json("/api/v1/users?role=expert", "beheer")["items"]]
    assert [u["display_name"] for u in experts] == ["Anouk de Graaf"]
    assert roles["Anouk de Graaf"] == "gedragswetenschapper" and roles[site.measures[measure_id][1]] == "jongere"
    assert deliberation["youth_view"]["status"] == "given" and deliberation["youth_view"]["text"]
    assert deliberation["parents_view"]["status"] == "declined"
    assert deliberation["internal"]["decision"] == "adjust_plan"
    outside = deliberation["outside"]
    assert outside["decided_by"] in {"om", "raad", "kinderrechter"} and outside["outcome"] and outside["note"]
    assert decided.date().isoformat() <= outside["decided_on"] < TODAY.isoformat()

    coming = site.json(f"/api/v1/conferences/{upcoming}", site.worker_of(upcoming_measure))
    assert TODAY < date.fromisoformat(coming["held_on"]) <= TODAY + timedelta(days=7)
    assert coming["question"] and coming["decision"] is None
    plan = site.json(f"/api/v1/conferences/{upcoming}/deliberation", "ilse")
    assert plan["addressee"] and plan["options"] and plan["outside"] is None


def test_every_measure_shows_its_frame_over_http(site: Demo) -> None:
    kinds = set()
    for measure_id, (_, name, worker) in site.measures.items():
        measure = site.json(f"/api/v1/measures/{measure_id}", worker)
        kinds.add(measure["kind"])
        assert measure["index_offence"], name
        assert {c["kind"] for c in measure["conditions"]} <= {"general", "special"}
    assert len(kinds) == len(site.measures)


def test_the_pages_open_for_the_demo_users(_shared_app: Any, settings: Any, world: Engine) -> None:
    """The pages a newcomer opens first answer with the demo's records in them."""
    _shared_app.state.settings = settings
    _shared_app.state.engine = world
    with Session(world) as session:
        youths = session.exec(
            select(Youth.id, Youth.display_name, User.username).join(User, col(User.id) == col(Youth.worker_id))
        ).all()
    pages = [("daan", "/mijn", "Daan"), ("noor", "/mijn", "Noor"), ("ilse", "/caseload", youths[0][1])]
    pages += [(worker, f"/jongeren/{youth_id}", name) for youth_id, name, worker in youths]
    pages += [(worker, "/caseload", name) for _, name, worker in youths[:2]]
    for username, path, expected in pages:
        with cheap_hashing(), TestClient(_shared_app) as client:
            login = client.post("/api/v1/auth/login", json={"username": username, "password": demo.DEMO_PASSWORD})
            assert login.status_code == 200, login.text
            page = client.get(path)
            assert page.status_code == 200, (username, path, page.text[:500])
            assert expected in page.text, (username, path)
