"""The supervisor's pages over real HTTP on both databases: the list of measures that need attention
(``/overleg``), planning a conference, and one conference's page from preparing the advice to the outside outcome,
with its refusals and who may use them."""

from __future__ import annotations

import re
from datetime import timedelta
from typing import Any

from sqlalchemy import Engine, text

from reclassering.casefile import conferences, events
from reclassering.casefile.db import unit_of_work
from reclassering.casefile.fields import today as service_today
from reclassering.casefile.models import User

from ..conftest import count_queries
from ..world import World
from .test_caseload_queries import _add_youths
from .test_pages import _csrf, _log_in, _post_form


def _rows(engine: Engine, sql: str, **params: Any) -> list[tuple[Any, ...]]:
    with engine.connect() as connection:
        return [tuple(r) for r in connection.execute(text(sql), params)]


def _plan(client: Any, world: World, key: str = "y1", **fields: str) -> Any:
    case = world.cases[key]
    form = {
        "held_on": service_today().isoformat(),
        "question_kind": "report_back",
        "question": "Terugmelden?",
        **fields,
    }
    return _post_form(
        client, f"/maatregelen/{case.measure_id}/overleg/nieuw", f"/maatregelen/{case.measure_id}/overleg", form
    )


def _new_conference(client: Any, world: World) -> int:
    response = _plan(client, world)
    assert response.status_code == 303, response.text
    match = re.match(r"/overleg/(\d+)\?saved=planned", response.headers["location"])
    assert match
    return int(match.group(1))


def _serious(engine: Engine, world: World, key: str, kind: str = "police_contact") -> None:
    with unit_of_work(engine) as session:
        worker = session.get(User, world["w1"].id)
        events.record_setback(
            session,
            worker,  # type: ignore[arg-type]
            world.cases[key].measure_id,
            events.SetbackCreate(  # type: ignore[arg-type]
                occurred_on=service_today() - timedelta(days=2), kind=kind, severity="serious", text="Aangehouden"
            ),
        )


# --- the list of what needs attention --------------------------------------------------------------------


def test_the_list_shows_the_teams_serious_setbacks_breaches_and_open_conferences(
    client: Any, world: World, engine: Engine
) -> None:
    _serious(engine, world, "y1", "new_suspicion")
    with unit_of_work(engine) as session:  # a conference in three weeks for Bo
        conferences.create_conference(
            session,
            session.get(User, world["w2"].id),  # type: ignore[arg-type]
            world.cases["y2"].measure_id,
            conferences.ConferenceCreate(
                held_on=service_today() + timedelta(days=21),
                question_kind="carry_on",
                question="Verder?",  # type: ignore[arg-type]
            ),
        )
    _log_in(client, "sanne")
    page = client.get("/overleg")
    assert page.status_code == 200 and page.headers["content-type"].startswith("text/html")
    html = page.text
    assert "Casusoverleggen" in html and "Amir K." in html and "Bo de J." in html and "Cas M." not in html
    assert "nieuwe verdenking" in html and "new_suspicion" not in html  # words, never codes
    assert "1 overtreding nog niet teruggemeld" in html
    assert f'href="/overleg/{world.cases["y1"].conference_id}"' in html  # signed off today, decision to record
    assert "getekend, besluit vastleggen" in html
    english = client.get("/overleg?lang=en").text
    assert "Case conferences" in english and "new suspicion" in english
    assert 'href="/overleg">Casusoverleggen</a>' in client.get("/caseload?lang=nl").text  # the navigation link


def test_the_list_costs_the_same_number_of_queries_for_one_measure_or_thirty(
    client: Any, world: World, engine: Engine
) -> None:
    _log_in(client, "sanne")
    client.get("/overleg")

    def count() -> tuple[int, str]:
        with count_queries(engine) as counter:
            response = client.get("/overleg")
        assert response.status_code == 200
        return counter.count, response.text

    small, _ = count()
    _add_youths(engine, world["w1"].id, 30)
    with unit_of_work(engine) as session:
        ids = [r[0] for r in session.exec(text("SELECT id FROM measure"))]  # type: ignore[call-overload]
        worker = session.get(User, world["w1"].id)
        for measure_id in ids:
            events.record_setback(
                session,
                worker,  # type: ignore[arg-type]
                measure_id,
                events.SetbackCreate(occurred_on=service_today(), kind="police_contact", severity="serious", text="x"),  # type: ignore[arg-type]
            )
    large, html = count()
    assert html.count("Plan een casusoverleg") >= 30
    assert large == small


def test_a_worker_sees_their_own_caseload_and_a_youth_or_an_administrator_nothing(client: Any, world: World) -> None:
    _log_in(client, "wessel")
    html = client.get("/overleg").text
    assert "Amir K." in html and "Bo de J." not in html
    for user in ("amir", "beheer"):
        _log_in(client, user)
        assert client.get("/overleg").status_code == 403
        assert client.get(f"/overleg/{world.cases['y1'].conference_id}").status_code == 403
        assert client.get(f"/maatregelen/{world.cases['y1'].measure_id}/overleg/nieuw").status_code == 403


# --- planning a conference -------------------------------------------------------------------------------


def test_a_conference_is_planned_from_the_measure_and_a_refused_plan_keeps_what_was_typed(
    client: Any, world: World, engine: Engine
) -> None:
    _log_in(client, "sanne")
    case = world.cases["y1"]
    assert f'href="/maatregelen/{case.measure_id}/overleg/nieuw"' in client.get(f"/jongeren/{case.youth_id}").text
    before = _rows(engine, "SELECT count(*) FROM conference")[0][0]
    refused = _plan(client, world, held_on="1999-01-01", question="<script>alert(1)</script>")
    assert refused.status_code == 422 and refused.headers["content-type"].startswith("text/html")
    assert 'id="error-conference-held_on"' in refused.text and "voordat de maatregel begon" in refused.text
    assert "&lt;script&gt;alert(1)&lt;/script&gt;</textarea>" in refused.text
    empty = _plan(client, world, question="   ")
    assert empty.status_code == 422 and "Schrijf de vraag op" in empty.text
    assert _rows(engine, "SELECT count(*) FROM conference")[0][0] == before
    conference_id = _new_conference(client, world)
    page = client.get(f"/overleg/{conference_id}?saved=planned").text
    assert "Opgeslagen" in page and "Terugmelden?" in page and "terugmelden aan het OM" in page


# --- one conference from the advice to the outside outcome -------------------------------------------------


def test_the_supervisor_prepares_signs_off_decides_and_records_the_outside_outcome(
    client: Any, world: World, engine: Engine
) -> None:
    _log_in(client, "sanne")
    conference_id = _new_conference(client, world)
    url = f"/overleg/{conference_id}"
    english = client.get(f"{url}?lang=en").text
    for shown in ("Case conference of Amir K.", "report back to the OM", "How to read", "Options weighed"):
        assert shown in english, shown
    assert "extend the probation time" in english
    shown_text = re.findall(r">([^<]+)<", english.split("<main", 1)[1])
    assert not [t for t in shown_text if re.search(r"\b(report_back|carry_on|extend_probation|kinderrechter)\b", t)]
    page = client.get(f"{url}?lang=nl").text
    for shown in ("Ik ga elke dag naar school", "<svg", "Toon de cijfers als tabel", "Zo lees je deze cijfers"):
        assert shown in page, shown
    views = _post_form(
        client,
        url,
        f"{url}/zienswijzen",
        {"youth_status": "given", "youth_text": "Ik wil door", "parents_status": "declined", "parents_text": ""},
    )
    assert views.status_code == 303
    deliberation = _post_form(
        client,
        url,
        f"{url}/afweging",
        {
            "addressee": "raad",
            "option_carry_on_weighed": "yes",
            "option_carry_on_pros": "School gaat goed",
            "option_report_back_cons": "Hij verliest zijn stage",
            "risks": "Vrienden",
            "participant_1_name": "Sanne Visser",
            "participant_1_role": "teamleider",
        },
    )
    assert deliberation.status_code == 303
    no_advice = _post_form(client, url, f"{url}/aftekenen", {})
    assert no_advice.status_code == 422 and "Schrijf het advies" in no_advice.text
    advice = _post_form(
        client,
        url,
        f"{url}/advies",
        {
            "held_on": service_today().isoformat(),
            "question_kind": "report_back",
            "question": "Terugmelden?",
            "advice": "Doorgaan met de maatregel.",
            "advised_outcome": "carry_on",
        },
    )
    assert advice.status_code == 303
    signed = _post_form(client, url, f"{url}/aftekenen", {})
    assert signed.status_code == 303, signed.text
    page = client.get(url).text
    assert "Versie 1 is getekend door Sanne Visser" in page
    assert f"/api/v1/conferences/{conference_id}/snapshots/1.pdf" in page
    assert f"/api/v1/conferences/{conference_id}/snapshots/1/summary.pdf" in page
    for pdf in ("1.pdf", "1/summary.pdf"):
        response = client.get(f"/api/v1/conferences/{conference_id}/snapshots/{pdf}")
        assert response.status_code == 200 and response.content.startswith(b"%PDF-")
    # a second sign-off (another supervisor's page still showed the button): 409, naming who signed and when
    again = client.post(f"{url}/aftekenen", data={"_csrf_token": _csrf(page)}, follow_redirects=False)
    assert again.status_code == 409 and again.headers["content-type"].startswith("text/html")
    assert "al getekend door Sanne Visser" in again.text
    assert _rows(engine, "SELECT count(*) FROM report_snapshot WHERE conference_id = :c", c=conference_id) == [(1,)]
    refused = _post_form(client, url, f"{url}/besluit", {"decision": "carry_on", "rationale": " "})
    assert refused.status_code == 422 and 'id="error-decision-rationale"' in refused.text
    decided = _post_form(client, url, f"{url}/besluit", {"decision": "carry_on", "rationale": "Het gaat goed."})
    assert decided.status_code == 303
    outside = _post_form(
        client,
        url,
        f"{url}/uitkomst",
        {"decided_by": "raad", "outcome": "warning", "decided_on": service_today().isoformat()},
    )
    assert outside.status_code == 303
    page = client.get(url).text
    assert "Het gaat goed." in page and "een waarschuwing" in page and "Ik wil door" in page
    row = _rows(engine, "SELECT decision, rationale FROM conference WHERE id = :c", c=conference_id)
    assert row == [("carry_on", "Het gaat goed.")]


def test_reopening_needs_a_reason_and_makes_the_advice_editable(client: Any, world: World, engine: Engine) -> None:
    _log_in(client, "sanne")
    url = f"/overleg/{world.cases['y1'].conference_id}"
    assert "Heropen het getekende advies" in client.get(url).text
    refused = _post_form(client, url, f"{url}/heropenen", {"reason": ""})
    assert refused.status_code == 422 and 'id="error-reopen-reason"' in refused.text
    assert _rows(engine, "SELECT count(*) FROM conference_reopening") == [(0,)]
    reopened = _post_form(client, url, f"{url}/heropenen", {"reason": "Nieuwe feiten"})
    assert reopened.status_code == 303
    page = client.get(url).text
    assert "Nieuwe feiten" in page and 'action="' + url + '/advies"' in page


def test_a_worker_prepares_but_does_not_sign_off_and_foreign_conferences_are_not_found(
    client: Any, world: World
) -> None:
    _log_in(client, "wessel")
    url = f"/overleg/{world.cases['y1'].conference_id}"
    page = client.get(url).text
    assert "Heropen het getekende advies" not in page
    assert client.post(f"{url}/heropenen", data={"reason": "x", "_csrf_token": _csrf(page)}).status_code == 403
    foreign = client.get(f"/overleg/{world.cases['y3'].conference_id}")
    assert foreign.status_code == 404 and "Niet gevonden" in foreign.text
    _log_in(client, "sem")  # the supervisor of the other team
    assert client.get(url).status_code == 404
