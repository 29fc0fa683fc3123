"""The youth's own page over real HTTP on both databases: greeted by first name, their line beside their
worker's, the scale's anchors, their measure in plain words, their last case conference, who looked at their
record, neutral feedback, and nothing of anyone else."""

from __future__ import annotations

import re
from typing import Any

from babel.dates import format_date
from sqlalchemy import Engine

from reclassering.casefile.fields import today as service_today
from reclassering.casefile.weeks import week_of

from ..world import World
from .test_pages import _log_in, _post_form


def _section(html: str, heading_id: str) -> str:
    match = re.search(rf'<h2 id="{heading_id}">.*?(?=<h2 |</main>)', html, re.S)
    assert match, f"no section {heading_id}"
    return match.group(0)


def test_the_youth_is_greeted_by_first_name_and_sees_their_line_beside_their_workers(client: Any, world: World) -> None:
    case = world.cases["y1"]
    _log_in(client, "amir")
    html = client.get("/mijn").text
    assert "<h1>Hoi Amir</h1>" in html
    g1 = case.goal_ids[0]
    number = int(case.week[-2:])
    chart = re.search(rf'<svg [^>]*aria-labelledby="chart-{g1}-title chart-{g1}-desc".*?</svg>', html, re.S)
    assert chart, "no chart of the first goal"
    assert f'<title id="chart-{g1}-title">Ik ga elke dag naar school</title>' in chart.group(0)
    description = re.sub(r"\s+", " ", re.search(r"<desc [^>]*>(.*?)</desc>", chart.group(0), re.S).group(1))  # type: ignore[union-attr]
    assert f"Jij: 6 (week {number})" in description and f"Je begeleider: 5 (week {number})" in description
    assert re.search(r"<circle [^>]*fill=\"#0072b2\"", chart.group(0)) and "<rect " in chart.group(0)
    assert "Toon de cijfers als tabel" in html and f'<th scope="row">week {number} (' in html
    anchors = re.search(rf'<p class="hint anchors" id="anchors-{g1}">(.*?)</p>', html, re.S)
    assert anchors and "0 = er is nog niets van dit doel gelukt" in anchors.group(1)
    assert "10 = het doel is helemaal gelukt" in anchors.group(1)
    assert f'aria-describedby="anchors-{g1}"' in html
    assert "Bo de J." not in html


def test_the_youth_reads_their_measure_in_plain_words(client: Any, world: World) -> None:
    _log_in(client, "amir")
    measure = _section(client.get("/mijn").text, "maatregel")
    assert "Toezicht en begeleiding" in measure and "toezicht_begeleiding" not in measure
    assert "De rechter of de officier van justitie heeft besloten" in measure
    assert "Kinderrechter" in measure and "Elke dag naar school" in measure and "Wessel de Vries" in measure
    assert "Je hebt recht op een advocaat" in measure and "klacht" in measure
    assert "Als het misgaat met een voorwaarde" in measure
    english = _section(client.get("/mijn?lang=en").text, "maatregel")
    assert "Supervision and guidance" in english and "You have the right to a lawyer" in english


def test_the_last_conference_is_summed_up_with_the_summary_for_the_youth(client: Any, world: World) -> None:
    case = world.cases["y1"]
    _log_in(client, "amir")
    conference = _section(client.get("/mijn").text, "overleg")
    day = format_date(service_today(), format="d MMMM y", locale="nl")
    assert f"Op {day} heeft het team gepraat over: doorgaan met de maatregel." in conference
    assert "Er is nog geen besluit." in conference
    assert f'href="/api/v1/youths/{case.youth_id}/conference-summary.pdf"' in conference
    assert "Na een gemiste afspraak" not in conference  # the staff's own wording of the question stays with staff


def test_the_youth_sees_who_looked_at_their_record_by_role_and_name_only(
    client: Any, world: World, engine: Engine
) -> None:
    case = world.cases["y1"]
    _log_in(client, "wessel")
    assert client.get(f"/jongeren/{case.youth_id}").status_code == 200
    _log_in(client, "sanne")
    assert client.get(f"/api/v1/measures/{case.measure_id}/goals", headers={}).status_code == 200
    _log_in(client, "amir")
    looked = _section(client.get("/mijn").text, "bekeken")
    day = format_date(service_today(), format="d MMMM", locale="nl")  # the day of a moment, as shown
    assert f"Je jeugdreclasseerder Wessel bekeek je dossier op {day}" in looked
    assert f"Gedragsdeskundige Sanne bekeek je doelen op {day}" in looked
    assert "wessel" not in looked and "sanne" not in looked  # no usernames
    assert "testclient" not in looked and "127.0.0.1" not in looked  # no addresses
    assert "Amir" not in looked  # the youth's own visits are not listed
    english = _section(client.get("/mijn?lang=en").text, "bekeken")
    assert re.search(r"Your worker Wessel looked at your record on \d+ [A-Z][a-z]+", english)


def test_after_a_score_the_page_says_saved_and_nothing_more(client: Any, world: World) -> None:
    _log_in(client, "amir")
    goal = world.cases["y1"].goal_ids[1]
    response = _post_form(client, "/mijn", "/mijn/score", {"goal_id": str(goal), "value": "4"})
    assert response.headers["location"] == f"/mijn?saved=score#goal-{goal}"
    html = client.get(response.headers["location"]).text
    assert '<p class="notice" role="status">Opgeslagen</p>' in html
    assert "Goed gedaan" not in html and "Well done" not in html
    chart = re.search(rf'<desc id="chart-{goal}-desc">(.*?)</desc>', html, re.S)
    assert chart and f"Jij: 4 (week {int(week_of(service_today())[-2:])})" in re.sub(r"\s+", " ", chart.group(1))
    assert "Saved" in client.get("/mijn?saved=score&lang=en").text


def test_what_a_youth_types_is_shown_escaped(client: Any, world: World) -> None:
    _log_in(client, "amir")
    typed = '<script>alert("x")</script> "quotes" & Supercalifragilisticexpialidocious' + "a" * 120
    assert _post_form(client, "/mijn", "/mijn/succes", {"text": typed, "goal_id": ""}).status_code == 303
    html = client.get("/mijn").text
    assert "<script>alert" not in html
    assert "&lt;script&gt;alert(&#34;x&#34;)&lt;/script&gt; &#34;quotes&#34; &amp; Supercali" in html
    assert '<span class="user-text">&lt;script&gt;' in html  # long words wrap (see pages.css)


def test_a_youth_cannot_open_another_youths_record_by_link_or_id(client: Any, world: World) -> None:
    other = world.cases["y2"]
    _log_in(client, "amir")
    assert client.get(f"/jongeren/{other.youth_id}").status_code == 403
    assert client.get(f"/jongeren/{world.cases['y1'].youth_id}").status_code == 403
    assert client.get(f"/api/v1/youths/{other.youth_id}").status_code == 404
    assert client.get(f"/api/v1/measures/{other.measure_id}/charts/events.svg").status_code == 404
    assert "Bo de J." not in client.get("/mijn").text


def test_staff_and_administrators_have_no_youth_page(client: Any, world: World) -> None:
    for username in ("wessel", "beheer"):
        _log_in(client, username)
        assert client.get("/mijn").status_code == 403


def test_what_the_worker_changes_shows_on_the_youths_next_look(client: Any, world: World) -> None:
    """The page's goals, charts and successes are kept per data version of the measure (``memo.per_version``):
    a change by anyone is on the youth's next look, never a stale copy."""
    case = world.cases["y1"]
    worker = world["w1"].headers
    _log_in(client, "amir")
    before = client.get("/mijn").text  # fills the cache for this version
    assert "Voor het eerst zelf gekookt" not in before and "Elke zaterdag voetballen" not in before

    success = client.post(
        f"/api/v1/measures/{case.measure_id}/successes",
        json={"occurred_on": service_today().isoformat(), "text": "Voor het eerst zelf gekookt"},
        headers=worker,
    )
    assert success.status_code == 201, success.text
    assert "Voor het eerst zelf gekookt" in _section(client.get("/mijn").text, "successen")

    goal = client.post(
        f"/api/v1/measures/{case.measure_id}/goals",
        json={"title": "Elke zaterdag voetballen", "life_domain": "free_time"},
        headers=worker,
    )
    assert goal.status_code == 201, goal.text
    assert "Elke zaterdag voetballen" in _section(client.get("/mijn").text, "doelen")

    withdrawn = client.post(
        f"/api/v1/successes/{success.json()['id']}/withdraw", json={"reason": "Dubbel ingevoerd"}, headers=worker
    )
    assert withdrawn.status_code == 200, withdrawn.text
    assert "Voor het eerst zelf gekookt" not in client.get("/mijn").text
