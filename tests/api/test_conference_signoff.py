"""A signed-off advice is signed once; a new version only after a reopening with a reason; every frozen
version can be checked (its PDF and its data, each against its SHA-256).

Concurrency tests send each request through its own HTTP client (and so its own database session) at the
same moment, against the same app and database, on SQLite and PostgreSQL alike.
"""

from __future__ import annotations

import hashlib
import io
from concurrent.futures import ThreadPoolExecutor
from threading import Barrier
from typing import Any

import msgspec
from litestar.testing import TestClient
from pypdf import PdfReader
from sqlalchemy import Engine
from sqlmodel import Session, col, func, select

from reclassering.casefile.fields import today as service_today
from reclassering.casefile.models import AuditEvent, Conference, ConferenceReopening, ReportSnapshot
from reclassering.casefile.vocab import AuditAction

from ..conftest import count_queries
from ..world import World

TODAY = service_today().isoformat()
RACERS = 6


def _pdf_text(pdf: bytes) -> str:
    return " ".join(" ".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages).split())


def _advised_conference(client: Any, world: World) -> str:
    """A new conference of Amir's measure with its advice written (not signed off); returns its URL."""
    created = client.post(
        f"/api/v1/measures/{world.cases['y1'].measure_id}/conferences",
        headers=world["w1"].headers,
        json={"held_on": TODAY, "question_kind": "carry_on", "question": "Doorgaan na het spijbelen?"},
    )
    assert created.status_code == 201, created.text
    url = f"/api/v1/conferences/{created.json()['id']}"
    advice = {"advice": "Doorgaan met steun van de mentor.", "advised_outcome": "carry_on"}
    assert client.patch(url, headers=world["w1"].headers, json=advice).status_code == 200
    return url


def _snapshots(engine: Engine, conference_id: int) -> list[ReportSnapshot]:
    with Session(engine) as session:
        return list(
            session.exec(
                select(ReportSnapshot)
                .where(ReportSnapshot.conference_id == conference_id)
                .order_by(col(ReportSnapshot.version))
            )
        )


def _conference(engine: Engine, conference_id: int) -> Conference:
    with Session(engine) as session:
        conference = session.get(Conference, conference_id)
        assert conference is not None
        return conference


def _reopenings(engine: Engine, conference_id: int) -> list[ConferenceReopening]:
    with Session(engine) as session:
        return list(session.exec(select(ConferenceReopening).where(ConferenceReopening.conference_id == conference_id)))


def _at_once(app: Any, calls: list[tuple[str, str, dict[str, str], Any]]) -> list[Any]:
    """Send every (method, url, headers, json) at the same moment, each through a client of its own."""
    barrier = Barrier(len(calls))

    def send(call: tuple[str, str, dict[str, str], Any]) -> Any:
        method, url, headers, body = call
        own = TestClient(app)  # its own connection to the app, its own session with the database
        barrier.wait()
        return own.request(method, url, headers=headers, json=body)

    with ThreadPoolExecutor(len(calls)) as pool:
        return list(pool.map(send, calls))


# --- sign-off happens once -----------------------------------------------------------------------------


def test_a_second_sign_off_is_refused_and_changes_nothing(client: Any, world: World, engine: Engine) -> None:
    conference_id = world.cases["y1"].conference_id
    before = _conference(engine, conference_id)
    for signer in ("s1", "x1"):
        again = client.post(f"/api/v1/conferences/{conference_id}/sign-off", headers=world[signer].headers)
        assert again.status_code == 409, again.text
        detail = again.json()["detail"]
        assert "version 1 of the advice was signed off" in detail and "by Sanne Visser" in detail
        assert "signed off once" in detail and "reopens it with a reason" in detail
    after = _conference(engine, conference_id)
    assert (after.advice_by_id, after.advice_signed_at, after.edition) == (
        before.advice_by_id,
        before.advice_signed_at,
        1,
    )
    assert [s.version for s in _snapshots(engine, conference_id)] == [1]
    read = client.get(f"/api/v1/conferences/{conference_id}", headers=world["w1"].headers).json()
    assert (read["edition"], read["current_version"], read["reopenings"]) == (1, 1, [])


def test_supervisors_signing_at_the_same_moment_sign_once(app: Any, client: Any, world: World, engine: Engine) -> None:
    url = _advised_conference(client, world)
    conference_id = int(url.rsplit("/", 1)[1])
    signers = [world["s1" if i % 2 == 0 else "x1"] for i in range(RACERS)]
    answers = _at_once(app, [("POST", f"{url}/sign-off", s.headers, None) for s in signers])

    statuses = sorted(a.status_code for a in answers)
    assert statuses == [201] + [409] * (RACERS - 1), [a.text for a in answers]
    won = next(a.json() for a in answers if a.status_code == 201)
    for lost in (a for a in answers if a.status_code == 409):
        assert "signed off once" in lost.json()["detail"]
    stored = _conference(engine, conference_id)
    assert stored.advice_by_id == won["conference"]["advice_by_id"]  # the signer is not overwritten
    assert stored.advice_signed_at is not None
    assert stored.advice_signed_at.isoformat().replace("+00:00", "Z")[:19] == won["conference"]["advice_signed_at"][:19]
    snapshots = _snapshots(engine, conference_id)
    assert [(s.version, s.created_by_id, s.pdf_sha256) for s in snapshots] == [
        (1, stored.advice_by_id, won["snapshot"]["pdf_sha256"])
    ]
    with Session(engine) as session:
        outcomes = session.exec(
            select(AuditEvent.outcome, AuditEvent.status_code).where(
                AuditEvent.access_point.endswith(f"POST {url}/sign-off")  # type: ignore[attr-defined]
            )
        ).all()
    assert sorted(outcomes) == [("failed", 409)] * (RACERS - 1) + [("success", 201)]


# --- reopening -----------------------------------------------------------------------------------------


def test_reopening_with_a_reason_lets_the_next_sign_off_freeze_version_2(
    client: Any, world: World, engine: Engine
) -> None:
    case = world.cases["y1"]
    url = f"/api/v1/conferences/{case.conference_id}"
    first = _snapshots(engine, case.conference_id)[0]
    signed_v1 = _conference(engine, case.conference_id)
    reason = "Nieuwe politiemelding na de ondertekening; het advies moet dat wegen."

    reopened = client.post(f"{url}/reopen", headers=world["x1"].headers, json={"reason": f"  {reason}  "})
    assert reopened.status_code == 201, reopened.text
    body = reopened.json()
    reopening = body["reopening"]
    assert (reopening["version"], reopening["reason"], reopening["reopened_by_id"]) == (1, reason, world["x1"].id)
    assert reopening["signed_by_id"] == world["s1"].id and reopening["signed_at"] is not None
    conference = body["conference"]
    assert (conference["edition"], conference["current_version"], conference["advice_signed_at"]) == (2, None, None)
    assert conference["reopenings"] == [reopening]

    # the trail names the reopening, and the reopening holds the reason
    with Session(engine) as session:
        event = session.exec(select(AuditEvent).order_by(col(AuditEvent.id).desc())).first()
        stored = session.get(ConferenceReopening, event.object_id) if event else None
    assert event is not None and stored is not None
    assert (event.action, event.object_type, event.youth_id, event.outcome, event.username) == (
        AuditAction.CREATE,
        "conference_reopening",
        case.youth_id,
        "success",
        "xandra",
    )
    assert (stored.conference_id, stored.version, stored.reason) == (case.conference_id, 1, reason)
    assert stored.signed_at == signed_v1.advice_signed_at

    # the advice can be edited again; a decision waits for the new sign-off; a second reopen has nothing to reopen
    edited = client.patch(url, headers=world["w1"].headers, json={"advice": "Doorgaan, met een gesprek op school."})
    assert edited.status_code == 200 and edited.json()["advice"] == "Doorgaan, met een gesprek op school."
    early = client.post(f"{url}/decision", headers=world["w1"].headers, json={"decision": "carry_on", "rationale": "x"})
    assert early.status_code == 409 and "signs off first" in early.json()["detail"]
    twice = client.post(f"{url}/reopen", headers=world["s1"].headers, json={"reason": "nog eens"})
    assert twice.status_code == 409 and "nothing to reopen" in twice.json()["detail"]

    signed = client.post(f"{url}/sign-off", headers=world["s1"].headers)
    assert signed.status_code == 201, signed.text
    assert signed.json()["snapshot"]["version"] == 2 and signed.json()["conference"]["current_version"] == 2
    v2 = client.get(signed.json()["snapshot"]["pdf_url"], headers=world["w1"].headers)
    text = _pdf_text(v2.content)
    assert "Versie 2 van dit rapport." in text
    assert "Versie 1 is op" in text and "heropend door Xandra de Wit, met als reden: Nieuwe politiemelding" in text
    data = msgspec.json.decode(client.get(signed.json()["snapshot"]["json_url"], headers=world["w1"].headers).content)
    assert data["edition"]["version"] == 2 and data["edition"]["reopen_reason"] == reason
    assert data["conference"]["advice"] == "Doorgaan, met een gesprek op school."

    # version 1 stays exactly as it was frozen; the list says which version stands and why 1 was set aside
    snapshots = _snapshots(engine, case.conference_id)
    assert (snapshots[0].version, snapshots[0].pdf_sha256, snapshots[0].data_sha256) == (
        1,
        first.pdf_sha256,
        first.data_sha256,
    )
    assert snapshots[0].pdf == first.pdf and snapshots[0].created_at == first.created_at
    listed = client.get(f"{url}/snapshots", headers=world["w1"].headers).json()["items"]
    assert [(s["version"], s["current"]) for s in listed] == [(1, False), (2, True)]
    assert listed[0]["reopened"]["reason"] == reason and listed[1]["reopened"] is None
    assert listed[0]["pdf_url"] == listed[0]["url"] == f"{url}/snapshots/1.pdf"
    assert listed[1]["json_url"] == f"{url}/snapshots/2.json"
    history = client.get(f"/api/v1/measures/{case.measure_id}/conferences", headers=world["w1"].headers).json()["items"]
    this = next(c for c in history if c["id"] == case.conference_id)
    assert (this["edition"], this["current_version"], [r["version"] for r in this["reopenings"]]) == (2, 2, [1])


def test_the_report_names_its_version_in_english_too(client: Any, world: World) -> None:
    url = _advised_conference(client, world)
    signed = client.post(f"{url}/sign-off?locale=en", headers=world["s1"].headers)
    assert signed.status_code == 201
    pdf = client.get(signed.json()["snapshot"]["pdf_url"], headers=world["s1"].headers).content
    assert "Version 1 of this report." in _pdf_text(pdf) and "reopened" not in _pdf_text(pdf)
    reason = "The school reported three more absences"
    assert client.post(f"{url}/reopen", headers=world["s1"].headers, json={"reason": reason}).status_code == 201
    signed = client.post(f"{url}/sign-off?locale=en", headers=world["s1"].headers)
    text = _pdf_text(client.get(signed.json()["snapshot"]["pdf_url"], headers=world["s1"].headers).content)
    assert "Version 2 of this report. Version 1 was reopened on" in text
    assert f"by Sanne Visser, for this reason: {reason}. Earlier versions are kept" in text


def test_reopening_is_refused_with_a_reason_and_stores_nothing(client: Any, world: World, engine: Engine) -> None:
    case = world.cases["y1"]
    url = f"/api/v1/conferences/{case.conference_id}"
    body = {"reason": "Nieuwe feiten"}
    assert client.post(f"{url}/reopen", headers=world["w1"].headers, json=body).status_code == 403
    fresh = _advised_conference(client, world)
    unsigned = client.post(f"{fresh}/reopen", headers=world["s1"].headers, json=body)
    assert unsigned.status_code == 409 and "not signed off; there is nothing to reopen" in unsigned.json()["detail"]

    outside = {"decided_by": "om", "outcome": "carry_on", "decided_on": TODAY}
    assert client.put(f"{url}/outside-outcome", headers=world["w1"].headers, json=outside).status_code == 200
    after_outside = client.post(f"{url}/reopen", headers=world["s1"].headers, json=body)
    assert after_outside.status_code == 409 and "outside outcome" in after_outside.json()["detail"]

    other = world.cases["y3"]  # Cas: team Zuid, supervisor Sem
    decided = client.post(
        f"/api/v1/conferences/{other.conference_id}/decision",
        headers=world["w3"].headers,
        json={"decision": "carry_on", "rationale": "School loopt weer"},
    )
    assert decided.status_code == 200
    after_decision = client.post(
        f"/api/v1/conferences/{other.conference_id}/reopen", headers=world["s2"].headers, json=body
    )
    assert after_decision.status_code == 409
    assert "decision was recorded" in after_decision.json()["detail"]

    for conference_id in (case.conference_id, other.conference_id):
        assert _reopenings(engine, conference_id) == []
        assert _conference(engine, conference_id).edition == 1
    assert _conference(engine, int(fresh.rsplit("/", 1)[1])).edition == 1


def test_supervisors_reopening_at_the_same_moment_reopen_once(
    app: Any, client: Any, world: World, engine: Engine
) -> None:
    case = world.cases["y1"]
    url = f"/api/v1/conferences/{case.conference_id}/reopen"
    calls = [("POST", url, world["s1" if i % 2 else "x1"].headers, {"reason": f"reden {i}"}) for i in range(RACERS)]
    answers = _at_once(app, calls)
    assert sorted(a.status_code for a in answers) == [201] + [409] * (RACERS - 1), [a.text for a in answers]
    won = next(a.json()["reopening"] for a in answers if a.status_code == 201)
    reopenings = _reopenings(engine, case.conference_id)
    assert [(r.version, r.reason, r.reopened_by_id) for r in reopenings] == [(1, won["reason"], won["reopened_by_id"])]
    assert _conference(engine, case.conference_id).edition == 2


def test_a_late_edit_racing_the_sign_off_never_changes_the_signed_advice(
    app: Any, client: Any, world: World, engine: Engine
) -> None:
    """An edit and a sign-off at the same moment: either the edit lands first and is in the frozen data, or it
    is refused with 409; never is the stored advice different from what was frozen."""
    url = _advised_conference(client, world)
    conference_id = int(url.rsplit("/", 1)[1])
    calls = [("POST", f"{url}/sign-off", world["s1"].headers, None)]
    calls += [("PATCH", url, world["w1"].headers, {"advice": f"Laatste wijziging {i}."}) for i in range(RACERS - 1)]
    answers = _at_once(app, calls)
    assert answers[0].status_code == 201, answers[0].text
    assert {a.status_code for a in answers[1:]} <= {200, 409}
    frozen = msgspec.json.decode(_snapshots(engine, conference_id)[0].data)
    assert frozen["conference"]["advice"] == _conference(engine, conference_id).advice


# --- snapshots can be checked --------------------------------------------------------------------------


def test_the_snapshot_json_is_exactly_the_data_its_sha256_covers(client: Any, world: World, engine: Engine) -> None:
    url = _advised_conference(client, world)
    conference_id = int(url.rsplit("/", 1)[1])
    signed = client.post(f"{url}/sign-off", headers=world["s1"].headers).json()["snapshot"]

    served = client.get(signed["json_url"], headers=world["w1"].headers)
    assert served.status_code == 200 and served.headers["content-type"] == "application/json"
    digest = hashlib.sha256(served.content).hexdigest()
    assert digest == signed["data_sha256"] == served.headers["x-content-sha256"]
    assert served.headers["etag"] == f'"{digest}"' and served.headers["repr-digest"].startswith("sha-256=:")
    assert served.headers["content-disposition"] == f'inline; filename="casusoverleg-{conference_id}-v1.json"'
    stored = _snapshots(engine, conference_id)[0]
    assert served.content == stored.data.encode("utf-8")
    assert msgspec.json.decode(served.content)["conference"]["advice"] == "Doorgaan met steun van de mentor."

    pdf = client.get(signed["pdf_url"], headers=world["w1"].headers)
    assert pdf.status_code == 200 and pdf.headers["content-type"] == "application/pdf"
    assert hashlib.sha256(pdf.content).hexdigest() == signed["pdf_sha256"] == pdf.headers["x-content-sha256"]

    with Session(engine) as session:
        exports = session.exec(
            select(AuditEvent.action, AuditEvent.object_type, AuditEvent.object_id, AuditEvent.outcome)
            .where(AuditEvent.object_type == "report_snapshot", AuditEvent.action == AuditAction.EXPORT)
            .order_by(col(AuditEvent.id))
        ).all()
    assert [tuple(e) for e in exports] == [(AuditAction.EXPORT, "report_snapshot", stored.id, "success")] * 2

    for missing in ("2.json", "2.pdf", "1.xml", "one.json", "1.json.pdf"):
        answer = client.get(f"{url}/snapshots/{missing}", headers=world["w1"].headers)
        assert answer.status_code == 404 and answer.json()["detail"].startswith("there is no snapshot")


def test_the_world_snapshot_json_is_served_byte_for_byte(client: Any, world: World, engine: Engine) -> None:
    conference_id = world.cases["y3"].conference_id
    served = client.get(f"/api/v1/conferences/{conference_id}/snapshots/1.json", headers=world["s2"].headers)
    assert served.status_code == 200 and served.content == b'{"fixture": true}'
    with Session(engine) as session:
        expected = session.exec(
            select(ReportSnapshot.data_sha256).where(ReportSnapshot.conference_id == conference_id)
        ).one()
        count = session.exec(select(func.count()).select_from(ConferenceReopening)).one()
    assert hashlib.sha256(served.content).hexdigest() == expected and count == 0


def test_the_conference_list_reads_the_reopenings_in_one_query(client: Any, world: World, engine: Engine) -> None:
    case = world.cases["y1"]
    base = f"/api/v1/measures/{case.measure_id}/conferences"
    reason = {"reason": "Nieuwe feiten"}
    reopened = client.post(f"/api/v1/conferences/{case.conference_id}/reopen", headers=world["s1"].headers, json=reason)
    assert reopened.status_code == 201

    def listed() -> tuple[int, list[dict[str, Any]]]:
        with count_queries(engine) as counter:
            response = client.get(base, headers=world["w1"].headers)
        assert response.status_code == 200
        return counter.count, response.json()["items"]

    few, _ = listed()
    for _ in range(3):
        url = _advised_conference(client, world)
        assert client.post(f"{url}/sign-off", headers=world["s1"].headers).status_code == 201
        assert client.post(f"{url}/reopen", headers=world["x1"].headers, json=reason).status_code == 201
    many, items = listed()
    assert many == few and len(items) == 4
    assert all(item["reopenings"][0]["reason"] == "Nieuwe feiten" for item in items)
