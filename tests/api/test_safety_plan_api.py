"""The success and safety plan through the API: versions with who changed what, 409 on a stale save, the one-page
PDF in Dutch and English, the youth reads their own plan and no other, and retention erases it with the record."""

from __future__ import annotations

import io
from datetime import timedelta
from typing import Any

from pypdf import PdfReader
from sqlalchemy import Engine, text
from sqlmodel import Session, select

from reclassering.casefile.fields import today as service_today
from reclassering.casefile.models.safety_plan import SafetyPlan, SafetyPlanVersion

from ..world import World

REVIEW = (service_today() + timedelta(days=42)).isoformat()


def plan_body(based_on: int = 0, **changes: Any) -> dict[str, Any]:
    body: dict[str, Any] = {
        "based_on_version": based_on,
        "who_does_what": [
            {"who": "Moeder", "what": "Belt de school als Amir er niet is"},
            {"who": "Amir", "what": "Gaat elke ochtend om 8 uur de deur uit"},
        ],
        "warning_signs": ["Laat thuiskomen", "Telefoon uit"],
        "who_to_call": [{"name": "Oom Karim", "relation": "oom", "reach": "06-12345678"}],
        "network_agreed": "Op vrijdag eet de familie samen.",
        "next_review_on": REVIEW,
    }
    body.update(changes)
    return body


def _url(world: World, key: str = "y1", rest: str = "") -> str:
    return f"/api/v1/measures/{world.cases[key].measure_id}/safety-plan{rest}"


def _pdf_text(pdf: bytes) -> tuple[int, str]:
    reader = PdfReader(io.BytesIO(pdf))
    return len(reader.pages), " ".join(" ".join(page.extract_text() for page in reader.pages).split())


def test_each_save_is_a_version_with_who_and_what_changed(client: Any, world: World) -> None:
    worker, supervisor = world["w1"].headers, world["s1"].headers
    assert client.get(_url(world), headers=worker).status_code == 404  # no plan yet
    first = client.put(_url(world), headers=worker, json=plan_body())
    assert first.status_code == 200, first.text
    one = first.json()
    assert (one["version"], one["author_name"], one["author_role"]) == (1, "Wessel de Vries", "worker")
    assert one["changed"] == ["who_does_what", "warning_signs", "who_to_call", "network_agreed", "next_review_on"]
    second = client.put(
        _url(world), headers=supervisor, json=plan_body(1, warning_signs=["Laat thuiskomen", "Slaapt overdag"])
    )
    assert second.status_code == 200, second.text
    assert (second.json()["version"], second.json()["changed"], second.json()["author_role"]) == (
        2,
        ["warning_signs"],
        "supervisor",
    )
    current = client.get(_url(world), headers=worker).json()
    assert current["version"] == 2 and current["warning_signs"] == ["Laat thuiskomen", "Slaapt overdag"]
    listed = client.get(_url(world, rest="/versions"), headers=worker).json()
    assert (listed["total"], listed["limit"], listed["offset"]) == (2, 50, 0)
    assert [v["version"] for v in listed["items"]] == [2, 1]
    old = client.get(_url(world, rest="/versions/1"), headers=worker).json()
    assert old["warning_signs"] == ["Laat thuiskomen", "Telefoon uit"] and old["author_name"] == "Wessel de Vries"
    assert client.get(_url(world, rest="/versions/3"), headers=worker).status_code == 404


def test_a_save_on_an_older_version_is_refused_with_who_changed_it(client: Any, world: World, engine: Engine) -> None:
    worker, colleague = world["w1"].headers, world["s1"].headers
    assert client.put(_url(world), headers=worker, json=plan_body()).status_code == 200
    changed = client.put(_url(world), headers=colleague, json=plan_body(1, network_agreed="Zondag bij opa"))
    assert changed.status_code == 200
    stale = client.put(_url(world), headers=worker, json=plan_body(1, network_agreed="Zaterdag sporten"))
    assert stale.status_code == 409, stale.text
    body = stale.json()
    assert "Sanne Visser" in body["detail"] and "version 2" in body["detail"]
    assert body["extra"]["current_version"] == 2 and body["extra"]["saved_by"] == "Sanne Visser"
    assert body["extra"]["saved_by_role"] == "supervisor"
    again = client.put(_url(world), headers=worker, json=plan_body(0))  # "first version" while one exists
    assert again.status_code == 409
    with Session(engine) as session:
        versions = session.exec(select(SafetyPlanVersion.version, SafetyPlanVersion.network_agreed)).all()
        assert sorted(versions) == [(1, "Op vrijdag eet de familie samen."), (2, "Zondag bij opa")]
        assert session.exec(select(SafetyPlan.current_version)).one() == 2
    unchanged = client.put(_url(world), headers=worker, json=plan_body(2, network_agreed="Zondag bij opa"))
    assert unchanged.status_code == 422 and "nothing changed" in unchanged.text
    empty = client.put(
        _url(world, "y2"),
        headers=world["w2"].headers,
        json={"based_on_version": 0, "who_does_what": [], "network_agreed": "  "},
    )
    assert empty.status_code == 422 and "at least one part" in empty.text


def test_two_simultaneous_saves_on_one_version_one_wins(client: Any, world: World, engine: Engine) -> None:
    from concurrent.futures import ThreadPoolExecutor
    from threading import Barrier

    assert client.put(_url(world), headers=world["w1"].headers, json=plan_body()).status_code == 200
    barrier = Barrier(6)

    def save(i: int) -> int:
        barrier.wait()
        body = plan_body(1, network_agreed=f"Afspraak {i}")
        return client.put(_url(world), headers=world["w1"].headers, json=body).status_code

    with ThreadPoolExecutor(6) as pool:
        statuses = sorted(pool.map(save, range(6)))
    assert statuses == [200, 409, 409, 409, 409, 409]
    with engine.connect() as connection:
        assert connection.execute(text("SELECT max(version), count(*) FROM safety_plan_version")).one() == (2, 2)


def test_the_pdf_is_one_page_with_the_plan_in_dutch_and_english(client: Any, world: World) -> None:
    assert client.put(_url(world), headers=world["w1"].headers, json=plan_body()).status_code == 200
    url = f"/api/v1/measures/{world.cases['y1'].measure_id}/safety-plan.pdf"
    dutch = client.get(url, headers=world["y1"].headers)
    assert dutch.status_code == 200 and dutch.headers["content-type"] == "application/pdf"
    pages, words = _pdf_text(dutch.content)
    assert pages == 1
    for expected in ("Wie bel je als het moeilijk wordt?", "Oom Karim", "06-12345678", "Telefoon uit"):
        assert expected in words, expected
    assert "Belt de school als Amir er niet is" in words and "Op vrijdag eet de familie samen." in words
    english = client.get(url + "?locale=en", headers=world["y1"].headers)
    pages, words = _pdf_text(english.content)
    assert pages == 1 and "Who do you call when things get hard?" in words and "Oom Karim" in words
    assert "Wie bel je" not in words


def test_a_long_plan_still_fits_one_page(client: Any, world: World) -> None:
    long = "heel " * 55 + "<script>alert(1)</script>"
    body = plan_body(
        who_does_what=[{"who": f"Persoon {i}", "what": long[:300]} for i in range(20)],
        warning_signs=[long[:300]] * 20,
        who_to_call=[{"name": f"Contact {i}", "relation": "familie", "reach": "x" * 200} for i in range(10)],
        network_agreed=long * 10,
    )
    assert client.put(_url(world), headers=world["w1"].headers, json=body).status_code == 200
    pdf = client.get(f"/api/v1/measures/{world.cases['y1'].measure_id}/safety-plan.pdf", headers=world["w1"].headers)
    pages, words = _pdf_text(pdf.content)
    assert pages == 1 and "Contact 0" in words


def test_the_youth_reads_their_own_plan_and_no_other(client: Any, world: World) -> None:
    for key, worker in (("y1", "w1"), ("y2", "w2")):
        assert client.put(_url(world, key), headers=world[worker].headers, json=plan_body()).status_code == 200
    amir = world["y1"].headers
    assert client.get(_url(world, "y1"), headers=amir).json()["version"] == 1
    assert client.get(_url(world, "y1", "/versions"), headers=amir).json()["total"] == 1
    assert client.get(_url(world, "y2"), headers=amir).status_code == 404
    assert client.get(_url(world, "y2", "/versions/1"), headers=amir).status_code == 404
    other_pdf = f"/api/v1/measures/{world.cases['y2'].measure_id}/safety-plan.pdf"
    assert client.get(other_pdf, headers=amir).status_code == 404
    assert client.put(_url(world, "y1"), headers=amir, json=plan_body(1, warning_signs=["x"])).status_code == 403


def test_the_plan_is_in_the_youths_export_and_the_audit_trail(client: Any, world: World, engine: Engine) -> None:
    assert client.put(_url(world), headers=world["w1"].headers, json=plan_body()).status_code == 200
    client.get(f"/api/v1/measures/{world.cases['y1'].measure_id}/safety-plan.pdf", headers=world["y1"].headers)
    export = client.get(f"/api/v1/youths/{world.cases['y1'].youth_id}/export", headers=world["y1"].headers).json()
    assert [v["version"] for v in export["safety_plans"]] == [1]
    assert export["safety_plans"][0]["who_to_call"][0]["name"] == "Oom Karim"
    with engine.connect() as connection:
        actions = connection.execute(
            text("SELECT action, role FROM audit_event WHERE object_type = 'safety_plan' ORDER BY id")
        ).all()
    assert [tuple(a) for a in actions] == [("update", "worker"), ("print", "youth")]


def test_retention_erases_the_plan_with_the_record(client: Any, world: World, engine: Engine, settings: Any) -> None:
    from reclassering.casefile.db import unit_of_work
    from reclassering.casefile.models import Measure

    from ..jobs.helpers import on, run

    for key, worker in (("y1", "w1"), ("y2", "w2")):
        assert client.put(_url(world, key), headers=world[worker].headers, json=plan_body()).status_code == 200
    with unit_of_work(engine) as session:
        measure = session.get(Measure, world.cases["y1"].measure_id)
        assert measure is not None
        measure.status, measure.ended_on = "completed", service_today() - timedelta(days=365 * 21)
        session.add(measure)
    assert run(engine, settings, "retention", on(service_today())).summary["youths"] == 1
    with engine.connect() as connection:
        left = connection.execute(text("SELECT measure_id FROM safety_plan_version")).scalars().all()
        heads = connection.execute(text("SELECT measure_id FROM safety_plan")).scalars().all()
    assert left == [world.cases["y2"].measure_id] and heads == [world.cases["y2"].measure_id]
