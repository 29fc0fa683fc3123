"""The worker's forms for the method's work on a youth's page: a mapping session with the harm, the danger
statement and judgement scores, and Safe Path's coach pair of two professionals."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from sqlalchemy import Engine, text

from reclassering.casefile.fields import today as service_today

from ..world import World
from .test_pages import _log_in, _post_form

TODAY = service_today()


def test_a_worker_records_a_mapping_session_from_the_youths_page(client: Any, world: World, engine: Engine) -> None:
    record = f"/jongeren/{world.cases['y1'].youth_id}"
    _log_in(client, "wessel")
    page = client.get(record).text
    assert "Gesprek in kaart brengen vastleggen" in page and "Schade: wat er gebeurd is" in page

    response = _post_form(
        client,
        record,
        f"{record}/in-kaart",
        {
            "held_on": (TODAY - timedelta(days=2)).isoformat(),
            "kind": "review",
            "harm": "Winkeldiefstal met vrienden",
            "danger": "Als er niets verandert, krijgt Amir een nieuwe zaak",
            "worries": "Spijbelen",
            "well": "Voetbal",
            "next": "Rooster",
            "p0-name": "Amir",
            "p0-role": "jongere",
            "p0-score": "6",
            "p1-name": "Moeder",
            "p1-role": "moeder",
        },
    )

    assert response.status_code == 303 and response.headers["location"].endswith("#gesprekken")
    page = client.get(record).text
    assert "Als er niets verandert, krijgt Amir een nieuwe zaak" in page and "Evaluatie" in page
    with engine.connect() as connection:
        row = connection.execute(
            text("SELECT kind, harm, participants FROM mapping_session WHERE measure_id = :m"),
            {"m": world.cases["y1"].measure_id},
        ).one()
    assert (row.kind, row.harm) == ("review", "Winkeldiefstal met vrienden")
    assert "Moeder" in str(row.participants)


def test_a_refused_mapping_form_keeps_what_was_typed(client: Any, world: World) -> None:
    record = f"/jongeren/{world.cases['y1'].youth_id}"
    _log_in(client, "wessel")

    response = _post_form(
        client,
        record,
        f"{record}/in-kaart",
        {"held_on": TODAY.isoformat(), "kind": "mapping", "harm": "Ruzie op school", "p0-score": "12"},
    )

    assert response.status_code == 422
    assert "Ruzie op school" in response.text and "Vul een heel getal van 0 tot en met 10 in." in response.text


def test_a_worker_sets_the_coach_pair_of_two_professionals(client: Any, world: World, engine: Engine) -> None:
    record = f"/jongeren/{world.cases['y1'].youth_id}"
    _log_in(client, "wessel")

    response = _post_form(
        client,
        record,
        f"{record}/coachkoppel",
        {
            "coach0-user": str(world["w2"].id),
            "coach1-name": "Ilse Vermeer",
            "coach1-org": "Stichting Samen Verder",
            "coach1-trained": (TODAY - timedelta(days=300)).isoformat(),
            "worker_joins": "yes",
        },
    )

    assert response.status_code == 303
    page = client.get(record).text
    assert "Coachkoppel" in page and "Wendy Bakker" in page and "Stichting Samen Verder" in page
    assert "De eigen jeugdreclasseerder schuift aan waar nodig." in page
    with engine.connect() as connection:
        coaches = connection.execute(text("SELECT user_id, name FROM coach ORDER BY position")).all()
    assert [tuple(c) for c in coaches] == [(world["w2"].id, ""), (None, "Ilse Vermeer")]


def test_the_youth_sees_everyones_judgement_score_on_their_own_page(client: Any, world: World) -> None:
    measure = world.cases["y1"].measure_id
    body = {
        "held_on": (TODAY - timedelta(days=3)).isoformat(),
        "participants": [
            {"name": "Amir", "role": "jongere", "score": 6},
            {"name": "Moeder", "role": "moeder", "score": 4},
        ],
        "harm": "Winkeldiefstal",
        "danger_statement": "Een nieuwe zaak",
        "worries": "Spijbelen",
        "working_well": "Voetbal",
        "next_steps": "Rooster",
    }
    _log_in(client, "amir")
    assert "Ieders cijfer op de grote vraag" not in client.get("/mijn").text
    assert client.post(
        f"/api/v1/measures/{measure}/mapping-sessions", headers=world["w1"].headers, json=body
    ).is_success

    page = client.get("/mijn").text

    assert "Ieders cijfer op de grote vraag" in page
    assert "Amir (jongere)</strong>: 6" in page and "Moeder (moeder)</strong>: 4" in page
