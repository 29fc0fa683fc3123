"""A refused page form stays a page: HTML in the page's language, the message next to its field (tied to it
for screen readers), everything typed still there, and nothing stored."""

from __future__ import annotations

import re
from typing import Any

from sqlalchemy import Engine, text

from reclassering.casefile.fields import today
from reclassering.casefile.weeks import week_of

from ..world import PASSWORD, World
from .test_pages import _csrf, _log_in, _post_form


def _refused(response: Any, status: int = 422) -> str:
    assert response.status_code == status, response.text
    assert response.headers["content-type"].startswith("text/html")
    html = response.text
    assert 'role="alert"' in html
    assert "Expected" not in html and "regex" not in html  # no developer text
    return html


def _field(html: str, element_id: str) -> str:
    """The element with ``element_id``'s opening tag."""
    match = re.search(rf'<(?:input|textarea|select)[^>]*\bid="{re.escape(element_id)}"[^>]*>', html)
    assert match, element_id
    return match.group(0)


def _message(html: str, element_id: str) -> str:
    match = re.search(rf'<p class="field-error" id="error-{re.escape(element_id)}">([^<]*)</p>', html)
    assert match, f"no message for {element_id}"
    return match.group(1)


def _count(engine: Engine, sql: str) -> int:
    with engine.connect() as connection:
        return connection.execute(text(sql)).scalar_one()


def test_a_success_of_only_spaces_is_refused_next_to_the_field(client: Any, world: World, engine: Engine) -> None:
    _log_in(client, "amir")
    before = _count(engine, "SELECT count(*) FROM success")
    goal = world.cases["y1"].goal_ids[1]
    html = _refused(_post_form(client, "/mijn", "/mijn/succes", {"text": "   ", "goal_id": str(goal)}))
    assert _message(html, "success-text") == "Schrijf op wat er goed ging."
    field = _field(html, "success-text")
    assert 'aria-invalid="true"' in field and 'aria-describedby="error-success-text"' in field
    assert f'<option value="{goal}" selected>' in html  # the chosen goal is kept
    assert '<a href="/mijn?lang=en" lang="en">English</a>' in html  # the language link goes to the page itself
    assert _count(engine, "SELECT count(*) FROM success") == before


def test_a_too_long_success_keeps_the_text(client: Any, world: World) -> None:
    _log_in(client, "amir")
    typed = "Goed gedaan & <netjes> " * 200
    html = _refused(_post_form(client, "/mijn", "/mijn/succes", {"text": typed, "goal_id": ""}))
    assert _message(html, "success-text") == f"Gebruik hoogstens 4000 tekens (nu {len(typed)})."
    assert "Goed gedaan &amp; &lt;netjes&gt; " * 200 in html  # typed text kept, escaped


def test_the_three_houses_all_empty_are_refused_and_the_text_kept(client: Any, world: World) -> None:
    _log_in(client, "amir")
    response = _post_form(client, "/mijn", "/mijn/huizen", {"worries": "   ", "good_things": "", "dreams": " "})
    html = _refused(response)
    assert _message(html, "houses") == "Vul minstens één van de drie huizen in."
    worries = _field(html, "house-worries")
    assert 'aria-describedby="hint-worries error-houses"' in worries and 'aria-invalid="true"' in worries
    english = _refused(
        _post_form(client, "/mijn?lang=en", "/mijn/huizen", {"worries": "", "good_things": "", "dreams": ""})
    )
    assert _message(english, "houses") == "Fill in at least one of the three houses."


def test_a_too_long_house_is_refused_and_the_others_kept(client: Any, world: World, engine: Engine) -> None:
    _log_in(client, "amir")
    fields = {"worries": "x" * 4001, "good_things": "Voetbal", "dreams": "Monteur worden"}
    html = _refused(_post_form(client, "/mijn", "/mijn/huizen", fields))
    assert _message(html, "house-worries") == "Gebruik hoogstens 4000 tekens (nu 4001)."
    assert ">Voetbal</textarea>" in html and ">Monteur worden</textarea>" in html
    assert _count(engine, "SELECT count(*) FROM three_houses") == 0


def test_a_score_the_browser_let_through_is_refused(client: Any, world: World, engine: Engine) -> None:
    _log_in(client, "amir")
    goal = world.cases["y1"].goal_ids[0]
    before = _count(engine, f"SELECT count(*) FROM score WHERE goal_id = {goal}")
    for value in ("11", "-1", "7.5", "zeven", ""):
        html = _refused(_post_form(client, "/mijn", "/mijn/score", {"goal_id": str(goal), "value": value}))
        expected = (
            "Vul een getal van 0 tot en met 10 in." if value == "" else "Vul een heel getal van 0 tot en met 10 in."
        )
        assert _message(html, f"score-{goal}") == expected
        field = _field(html, f"score-{goal}")
        assert f'value="{value}"' in field and 'aria-invalid="true"' in field
        other = _field(html, f"score-{world.cases['y1'].goal_ids[1]}")
        assert "aria-invalid" not in other and 'value=""' in other
    assert _count(engine, f"SELECT count(*) FROM score WHERE goal_id = {goal}") == before


def test_a_tampered_goal_is_refused_in_dutch(client: Any, world: World) -> None:
    _log_in(client, "amir")
    foreign = world.cases["y3"].goal_ids[0]
    html = _refused(_post_form(client, "/mijn", "/mijn/score", {"goal_id": str(foreign), "value": "5"}))
    assert "Dit kon niet worden opgeslagen. Laad de pagina opnieuw en probeer het nog eens." in html
    html = _refused(_post_form(client, "/mijn", "/mijn/succes", {"text": "Goed", "goal_id": "abc"}))
    assert _message(html, "success-goal") == "Kies een van je doelen, of geen bepaald doel."


def test_a_refused_week_keeps_everything_typed(client: Any, world: World, engine: Engine) -> None:
    _log_in(client, "wessel")
    case = world.cases["y1"]
    g1, g2 = case.goal_ids
    url = f"/jongeren/{case.youth_id}"
    fields = {
        "week": week_of(today()),
        f"worker_{g1}": "12",
        f"youth_{g1}": "8",
        f"worker_{g2}": "vier",
        f"youth_{g2}": "",
        "went_well": "Op tijd bij de afspraak",
        "worries": "y" * 4001,
        "next_steps": "Stage zoeken",
    }
    html = _refused(_post_form(client, url, f"{url}/week", fields))
    assert _message(html, f"w-{g1}") == "Vul een heel getal van 0 tot en met 10 in."
    assert _message(html, f"w-{g2}") == "Vul een heel getal van 0 tot en met 10 in."
    assert _message(html, "worries") == "Gebruik hoogstens 4000 tekens (nu 4001)."
    assert 'value="12"' in _field(html, f"w-{g1}") and 'value="8"' in _field(html, f"y-{g1}")
    assert 'value="vier"' in _field(html, f"w-{g2}") and "aria-invalid" not in _field(html, f"y-{g2}")
    assert ">Op tijd bij de afspraak</textarea>" in html and ">Stage zoeken</textarea>" in html
    assert f'<a href="{url}?lang=en" lang="en">English</a>' in html
    assert re.search(rf'<a href="#w-{g1}">Vul een heel getal', html)  # the summary links to the field
    week = week_of(today())
    assert _count(engine, f"SELECT count(*) FROM check_in WHERE week = '{week}'") == 0


def test_a_week_in_english_is_refused_in_english(client: Any, world: World) -> None:
    _log_in(client, "wessel")
    case = world.cases["y1"]
    url = f"/jongeren/{case.youth_id}"
    client.get(f"{url}?lang=en")  # the language is remembered
    fields = {"week": week_of(today()), f"worker_{case.goal_ids[0]}": "11"}
    html = _refused(_post_form(client, url, f"{url}/week", fields))
    assert '<html lang="en">' in html
    assert _message(html, f"w-{case.goal_ids[0]}") == "Fill in a whole number from 0 to 10."


def test_a_tampered_week_is_refused_in_dutch(client: Any, world: World) -> None:
    _log_in(client, "wessel")
    case = world.cases["y1"]
    url = f"/jongeren/{case.youth_id}"
    for fields in ({"week": "2999-W01"}, {"week": "gisteren"}, {"week": week_of(today()), "worker_abc": "5"}):
        html = _refused(_post_form(client, url, f"{url}/week", fields))
        assert "Dit kon niet worden opgeslagen." in html


def test_a_login_without_username_is_refused_next_to_the_field(client: Any, world: World) -> None:
    page = client.get("/login?next=/caseload").text
    response = client.post(
        "/login", data={"username": "  ", "password": "", "next": "/caseload", "_csrf_token": _csrf(page)}
    )
    html = _refused(response)
    assert _message(html, "username") == "Vul je gebruikersnaam in."
    assert _message(html, "password") == "Vul je wachtwoord in."
    assert '<input type="hidden" name="next" value="/caseload">' in html


def test_a_wrong_password_keeps_the_username_and_the_destination(client: Any, world: World) -> None:
    page = client.get("/login?lang=en").text
    response = client.post(
        "/login",
        data={"username": "wessel", "password": "fout-fout-fout", "next": "/caseload", "_csrf_token": _csrf(page)},
    )
    html = _refused(response, 401)
    assert "Unknown username or wrong password." in html
    assert 'value="wessel"' in _field(html, "username") and 'name="next" value="/caseload"' in html
    again = client.post(
        "/login",
        data={"username": "wessel", "password": PASSWORD, "next": "/caseload", "_csrf_token": _csrf(html)},
        follow_redirects=False,
    )
    assert again.status_code == 303 and again.headers["location"] == "/caseload"


def test_too_many_logins_are_refused_in_dutch(client: Any, world: World, settings: Any) -> None:
    page = client.get("/login").text
    for _ in range(settings.login_max_failures):
        client.post("/login", data={"username": "wessel", "password": "fout-fout-fout", "_csrf_token": _csrf(page)})
    response = client.post("/login", data={"username": "wessel", "password": PASSWORD, "_csrf_token": _csrf(page)})
    html = _refused(response, 429)
    assert re.search(r"Te veel mislukte pogingen\. Probeer het over \d+ minuten opnieuw\.", html)
