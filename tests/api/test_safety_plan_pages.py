"""The safety plan on the pages: the worker makes and changes it on the youth's page (rows added and removed without
JavaScript, errors next to their field, nothing typed lost, a stale save refused with who saved meanwhile) and sees
its versions; the youth reads their own plan in plain words with the PDF link, and nobody else's."""

from __future__ import annotations

import re
from typing import Any

from sqlalchemy import Engine, text

from ..world import World
from .test_pages import _log_in, _post_form

PLAN = {
    "based_on": "0",
    "task-0-who": "Moeder",
    "task-0-what": "Belt de school als Amir er niet is",
    "task-1-who": "",
    "task-1-what": "",
    "sign-0-text": "Laat thuiskomen",
    "call-0-name": "Oom Karim",
    "call-0-relation": "oom",
    "call-0-reach": "06-12345678",
    "agreed": "Op vrijdag eet de familie samen.",
    "review_on": "2030-01-15",
}


def _versions(engine: Engine) -> list[tuple[int, str]]:
    with engine.connect() as connection:
        rows = connection.execute(text("SELECT version, author_role FROM safety_plan_version ORDER BY version"))
        return [tuple(r) for r in rows]  # type: ignore[misc]


def test_the_worker_makes_and_changes_the_plan_and_sees_its_versions(client: Any, world: World, engine: Engine) -> None:
    youth = world.cases["y1"].youth_id
    page_url = f"/jongeren/{youth}"
    _log_in(client, "wessel")
    page = client.get(page_url).text
    assert "Succes- en veiligheidsplan" in page and "Nog geen veiligheidsplan." in page
    saved = _post_form(client, page_url, f"/jongeren/{youth}/veiligheidsplan", PLAN)
    assert saved.status_code == 303 and saved.headers["location"].endswith("#veiligheidsplan")
    page = client.get(page_url).text
    assert "Versie 1" in page and "Aangepast door Wessel de Vries op" in page
    assert "Oom Karim" in page and "06-12345678" in page and "Belt de school als Amir er niet is" in page
    assert 'name="based_on" value="1"' in page
    assert "/api/v1/measures/" in page and "safety-plan.pdf" in page

    # the second version: the task is removed, a warning sign added
    changed = {**PLAN, "based_on": "1", "task-0-remove": "yes", "sign-1-text": "Telefoon uit"}
    assert _post_form(client, page_url, f"/jongeren/{youth}/veiligheidsplan", changed).status_code == 303
    page = client.get(page_url).text
    assert "Versie 2" in page and "Telefoon uit" in page and "Belt de school als Amir er niet is" not in page
    assert "veranderd: wie doet wat, signalen" in page  # the history names what changed
    assert _versions(engine) == [(1, "worker"), (2, "worker")]


def test_another_row_keeps_what_was_typed_and_stores_nothing(client: Any, world: World, engine: Engine) -> None:
    youth = world.cases["y1"].youth_id
    _log_in(client, "wessel")
    typed = {**PLAN, "task-1-who": "Amir", "task-1-what": "Om 8 uur de deur uit", "more": "task"}
    response = _post_form(client, f"/jongeren/{youth}", f"/jongeren/{youth}/veiligheidsplan", typed)
    assert response.status_code == 200
    page = response.text
    assert 'value="Om 8 uur de deur uit"' in page and 'value="Oom Karim"' in page
    assert 'id="plan-task-2-who"' in page and 'id="plan-task-3-who"' in page  # two empty rows to fill in
    assert "Op vrijdag eet de familie samen.</textarea>" in page
    assert _versions(engine) == []


def test_a_refused_plan_shows_the_message_next_to_the_field_and_keeps_the_text(
    client: Any, world: World, engine: Engine
) -> None:
    youth = world.cases["y1"].youth_id
    _log_in(client, "wessel")
    typed = {**PLAN, "task-0-what": "", "call-0-reach": "0" * 201, "review_on": "morgen"}
    response = _post_form(client, f"/jongeren/{youth}", f"/jongeren/{youth}/veiligheidsplan", typed)
    assert response.status_code == 422 and 'role="alert"' in response.text
    page = response.text
    assert re.search(r'id="plan-task-0-what"[^>]*aria-invalid="true"', page)
    assert 'id="error-plan-task-0-what">Vul dit in, of vink ‘weghalen’ aan.' in page
    assert 'id="error-plan-call-0-reach"' in page and 'id="error-plan-review_on"' in page
    assert 'value="Moeder"' in page and 'value="Oom Karim"' in page and 'value="morgen"' in page
    assert _versions(engine) == []


def test_a_save_on_a_replaced_version_is_refused_with_who_saved_it(client: Any, world: World, engine: Engine) -> None:
    youth = world.cases["y1"].youth_id
    page_url, action = f"/jongeren/{youth}", f"/jongeren/{youth}/veiligheidsplan"
    _log_in(client, "sanne")
    assert _post_form(client, page_url, action, PLAN).status_code == 303
    _log_in(client, "wessel")
    mine = {**PLAN, "agreed": "Zaterdag samen sporten"}  # based on "0": typed before Sanne saved
    response = _post_form(client, page_url, action, mine)
    assert response.status_code == 422
    page = response.text
    assert "Intussen heeft Sanne Visser versie 1 van het plan opgeslagen" in page
    assert "Zaterdag samen sporten</textarea>" in page and 'name="based_on" value="1"' in page
    assert _versions(engine) == [(1, "supervisor")]
    again = _post_form(client, page_url, action, {**mine, "based_on": "1"})
    assert again.status_code == 303 and _versions(engine) == [(1, "supervisor"), (2, "worker")]


def test_the_page_in_english(client: Any, world: World) -> None:
    youth = world.cases["y1"].youth_id
    _log_in(client, "wessel")
    _post_form(client, f"/jongeren/{youth}", f"/jongeren/{youth}/veiligheidsplan", PLAN)
    page = client.get(f"/jongeren/{youth}?lang=en").text
    assert "Success and safety plan" in page and "Changed by Wessel de Vries on" in page
    assert "Who the youth calls when it gets hard" in page


def test_the_youth_reads_their_own_plan_in_plain_words(client: Any, world: World) -> None:
    for key, worker in (("y1", "wessel"), ("y2", "wendy")):
        youth = world.cases[key].youth_id
        _log_in(client, worker)
        plan = {**PLAN, "call-0-name": f"Oom van {key}"}
        assert _post_form(client, f"/jongeren/{youth}", f"/jongeren/{youth}/veiligheidsplan", plan).status_code == 303
    _log_in(client, "amir")
    page = client.get("/mijn").text
    assert "Mijn succes- en veiligheidsplan" in page and "Wie bel je als het moeilijk wordt?" in page
    assert "Oom van y1" in page and "Oom van y2" not in page and "Bel dan altijd 112" in page
    assert f"/api/v1/measures/{world.cases['y1'].measure_id}/safety-plan.pdf" in page
    own = client.get(f"/api/v1/measures/{world.cases['y1'].measure_id}/safety-plan.pdf")
    assert own.status_code == 200 and own.content.startswith(b"%PDF-")
    assert client.get(f"/api/v1/measures/{world.cases['y2'].measure_id}/safety-plan.pdf").status_code == 404
    assert client.get(f"/jongeren/{world.cases['y2'].youth_id}").status_code == 403
