"""The pages: the youth's own progress page on a phone, the worker's caseload and weekly entry."""

from __future__ import annotations

import re
from typing import Any
from urllib.parse import urlencode

import pytest
from sqlalchemy import Engine, text

from reclassering.casefile.fields import today
from reclassering.casefile.weeks import week_of

from ..world import PASSWORD, World

#: The page routes; the access matrix leaves them to this module.
PAGE_ROUTES = {
    "GET /",
    "GET /login",
    "POST /login",
    "POST /logout",
    "GET /mijn",
    "POST /mijn/succes",
    "POST /mijn/score",
    "POST /mijn/huizen",
    "GET /caseload",
    "GET /jongeren/{youth_id}",
    "POST /jongeren/{youth_id}/week",
    "GET /beheer",
    # the administrator's pages and the password link (tests/api/test_pages_admin.py)
    "POST /beheer/gebruikers",
    "GET /beheer/gebruikers/{user_id}",
    "POST /beheer/gebruikers/{user_id}",
    "POST /beheer/gebruikers/{user_id}/actief",
    "POST /beheer/gebruikers/{user_id}/wachtwoord",
    "POST /beheer/teams",
    "POST /beheer/teams/{team_id}",
    "GET /beheer/audit",
    "GET /wachtwoord/{token}",
    "POST /wachtwoord/{token}",
    "GET /meldingen",
    "POST /meldingen/gelezen",
    "GET /beheer/bewaartermijnen",
    "GET /beheer/bewaartermijnen/proefrun",
    # the worker's record pages and the youth's page (tests/api/test_pages_worker.py, test_pages_youth.py)
    "POST /jongeren/{youth_id}/fase",
    "POST /terugvallen/{setback_id}/terugmelding",
    "GET /jongeren/nieuw",
    "POST /jongeren/nieuw",
    "GET /jongeren/{youth_id}/maatregel/nieuw",
    "POST /jongeren/{youth_id}/maatregel",
    "POST /jongeren/{youth_id}/methode",
    "POST /jongeren/{youth_id}/doelen",
    "POST /doelen/{goal_id}",
    "POST /voorwaarden/{condition_id}/naleving",
    "POST /jongeren/{youth_id}/netwerk",
    # the supervisor's pages (tests/api/test_pages_conference.py; their rows in test_access_matrix.PAGE_MATRIX)
    "GET /overleg",
    "GET /maatregelen/{measure_id}/overleg/nieuw",
    "POST /maatregelen/{measure_id}/overleg",
    "GET /overleg/{conference_id}",
    "POST /overleg/{conference_id}/advies",
    "POST /overleg/{conference_id}/zienswijzen",
    "POST /overleg/{conference_id}/afweging",
    "POST /overleg/{conference_id}/aftekenen",
    "POST /overleg/{conference_id}/heropenen",
    "POST /overleg/{conference_id}/besluit",
    "POST /overleg/{conference_id}/uitkomst",
    # network links: made and revoked on the worker's page, and the link's own page (tests/api/test_network_links.py)
    "POST /jongeren/{youth_id}/netwerklinks",
    "POST /netwerklinks/{network_link_id}/intrekken",
    "GET /netwerk/{link_path:path}",
    "POST /netwerk/{link_path:path}",
    "POST /jongeren/{youth_id}/veiligheidsplan",  # tests/api/test_safety_plan_pages.py
    "POST /jongeren/{youth_id}/in-kaart",
    "POST /jongeren/{youth_id}/coachkoppel",
}


def _csrf(page: str) -> str:
    match = re.search(r'name="_csrf_token" value="([^"]+)"', page)
    assert match, "no CSRF token in the form"
    return match.group(1)


def _log_in(client: Any, username: str) -> None:
    page = client.get("/login").text
    response = client.post(
        "/login", data={"username": username, "password": PASSWORD, "_csrf_token": _csrf(page)}, follow_redirects=False
    )
    assert response.status_code == 303, response.text


def _post_form(client: Any, page_url: str, action: str, fields: dict[str, str]) -> Any:
    token = _csrf(client.get(page_url).text)
    return client.post(action, data={**fields, "_csrf_token": token}, follow_redirects=False)


def test_login_page_is_dutch_accessible_and_protected(client: Any) -> None:
    page = client.get("/login")
    assert page.status_code == 200
    html = page.text
    assert '<html lang="nl">' in html and 'name="viewport"' in html
    assert '<label for="username">Gebruikersnaam</label>' in html and 'autocomplete="current-password"' in html
    assert "Naar de inhoud" in html  # skip link
    english = client.get("/login?lang=en").text
    assert '<html lang="en">' in english and "Username" in english


def test_a_form_without_csrf_token_is_refused(client: Any, world: World) -> None:
    client.get("/login")
    response = client.post("/login", data={"username": "amir", "password": PASSWORD}, follow_redirects=False)
    assert response.status_code == 403


def test_wrong_password_shows_a_message(client: Any, world: World) -> None:
    page = client.get("/login").text
    response = client.post(
        "/login", data={"username": "amir", "password": "verkeerd-wachtwoord", "_csrf_token": _csrf(page)}
    )
    assert response.status_code == 401
    assert "Onbekende gebruikersnaam of verkeerd wachtwoord." in response.text


def test_anonymous_visitors_are_sent_to_the_login_and_back(client: Any, world: World) -> None:
    response = client.get("/jongeren/1?lang=en", follow_redirects=False)
    assert response.status_code == 303 and response.headers["location"] == "/login?next=%2Fjongeren%2F1%3Flang%3Den"
    assert client.get("/", follow_redirects=False).headers["location"] == "/login"
    page = client.get(response.headers["location"]).text
    assert '<input type="hidden" name="next" value="/jongeren/1?lang=en">' in page
    case = world.cases["y1"]
    login = client.post(
        "/login",
        data={
            "username": "wessel",
            "password": PASSWORD,
            "next": f"/jongeren/{case.youth_id}",
            "_csrf_token": _csrf(page),
        },
        follow_redirects=False,
    )
    assert login.status_code == 303 and login.headers["location"] == f"/jongeren/{case.youth_id}"


@pytest.mark.parametrize(
    "wanted",
    [
        "//evil.example/x",
        "https://evil.example/",
        "/\\evil.example",
        "\\evil.example",
        "/\tevil",
        "javascript:alert(1)",
        "evil.example",
        "/login",
        "/logout",
        "",
    ],
)
def test_after_login_no_other_site_is_followed(client: Any, world: World, wanted: str) -> None:
    page = client.get("/login?" + urlencode({"next": wanted})).text
    assert 'name="next"' not in page
    login = client.post(
        "/login",
        data={"username": "wessel", "password": PASSWORD, "next": wanted, "_csrf_token": _csrf(page)},
        follow_redirects=False,
    )
    assert login.status_code == 303 and login.headers["location"] == "/caseload"


def test_an_administrator_lands_on_the_administration_page(client: Any, world: World) -> None:
    page = client.get("/login").text
    login = client.post(
        "/login", data={"username": "beheer", "password": PASSWORD, "_csrf_token": _csrf(page)}, follow_redirects=False
    )
    assert login.headers["location"] == "/beheer"
    html = client.get("/beheer").text
    assert "<h1>Beheer</h1>" in html and "Gebruikersaccounts" in html
    assert re.search(
        r'<td><a href="/beheer/gebruikers/\d+">wessel</a></td>\s*<td>Wessel de Vries</td>\s*<td>Jeugdreclasseerder</td>'
        r"\s*<td>Noord</td>",
        html,
    )
    assert "Zuid" in html and "deelt de caseload" in html
    assert "Amir K." not in html and "Ik ga elke dag naar school" not in html  # no case content
    english = client.get("/beheer?lang=en").text
    assert "<h1>Administration</h1>" in english and "<td>Worker</td>" in english
    _log_in(client, "wessel")
    assert client.get("/beheer").status_code == 403


def test_a_week_is_done_once_the_worker_entered_it(client: Any, world: World) -> None:
    case = world.cases["y1"]
    this_week = week_of(today())

    def badge() -> str:
        html = client.get("/caseload").text
        row = re.search(rf'<a href="/jongeren/{case.youth_id}">.*?</tr>', html, re.S)
        assert row
        return row.group(0)

    _log_in(client, "amir")
    assert (
        _post_form(client, "/mijn", "/mijn/score", {"goal_id": str(case.goal_ids[0]), "value": "7"}).status_code == 303
    )
    _log_in(client, "wessel")
    assert "nog doen" in badge() and "gedaan" not in badge()  # the youth's own score leaves the round to do
    url = f"/jongeren/{case.youth_id}"
    saved = _post_form(client, url, f"{url}/week", {"week": this_week, f"worker_{case.goal_ids[0]}": "6"})
    assert saved.status_code == 303
    assert "nog doen" not in badge() and "gedaan" in badge()


def test_the_youth_sees_their_goals_scores_and_successes(client: Any, world: World) -> None:
    _log_in(client, "amir")
    home = client.get("/", follow_redirects=False)
    assert home.headers["location"] == "/mijn"
    page = client.get("/mijn")
    assert page.status_code == 200
    html = page.text
    assert "Hoi Amir</h1>" in html  # greeted by first name
    assert "Ik ga elke dag naar school" in html and "Minder ruzie thuis" in html
    assert '<meter min="0" max="10" value="6" aria-label="Jouw cijfer">' in html
    assert '<meter min="0" max="10" value="5" aria-label="Cijfer van je begeleider">' in html
    assert "Hele week op school" in html
    assert "Bo de J." not in html  # nothing of anyone else


def test_the_youth_adds_a_success_shown_as_their_own(client: Any, world: World, engine: Engine) -> None:
    _log_in(client, "amir")
    response = _post_form(client, "/mijn", "/mijn/succes", {"text": "Zelf wakker geworden", "goal_id": ""})
    assert response.status_code == 303
    page = client.get("/mijn").text
    assert re.search(r"Zelf wakker geworden</span>\s*<span class=\"badge\">door jou toegevoegd</span>", page)
    with engine.connect() as connection:
        row = connection.execute(
            text("SELECT author_role, noticed_by FROM success WHERE text = 'Zelf wakker geworden'")
        )
        assert tuple(row.one()) == ("youth", "youth")
        audit = connection.execute(
            text("SELECT object_type, outcome, youth_id FROM audit_event WHERE username = 'amir' AND action = 'create'")
        ).all()
    assert [tuple(a) for a in audit] == [("success", "success", world.cases["y1"].youth_id)]


def test_the_youth_scores_a_goal_for_this_week(client: Any, world: World, engine: Engine) -> None:
    _log_in(client, "amir")
    goal = world.cases["y1"].goal_ids[1]
    response = _post_form(client, "/mijn", "/mijn/score", {"goal_id": str(goal), "value": "8"})
    assert response.status_code == 303
    with engine.connect() as connection:
        row = connection.execute(
            text(
                "SELECT c.week, s.value, s.rater_kind FROM score s JOIN check_in c ON c.id = s.check_in_id "
                "WHERE s.goal_id = :g"
            ),
            {"g": goal},
        ).one()
    assert tuple(row) == (week_of(today()), 8, "youth")


def test_a_bad_score_is_refused_on_the_page_and_stores_nothing(client: Any, world: World, engine: Engine) -> None:
    _log_in(client, "amir")
    goal = world.cases["y1"].goal_ids[1]
    response = _post_form(client, "/mijn", "/mijn/score", {"goal_id": str(goal), "value": "11"})
    assert response.status_code == 422
    assert 'role="alert"' in response.text and "10" in response.text
    with engine.connect() as connection:
        assert connection.execute(text("SELECT count(*) FROM score WHERE goal_id = :g"), {"g": goal}).scalar() == 0


def test_a_youth_cannot_open_worker_pages(client: Any, world: World) -> None:
    _log_in(client, "amir")
    assert client.get("/caseload").status_code == 403
    assert client.get(f"/jongeren/{world.cases['y1'].youth_id}").status_code == 403


def test_the_worker_records_a_week_in_one_form(client: Any, world: World, engine: Engine) -> None:
    _log_in(client, "wessel")
    assert client.get("/", follow_redirects=False).headers["location"] == "/caseload"
    caseload = client.get("/caseload").text
    assert "Amir K." in caseload and "Cas M." not in caseload
    case = world.cases["y1"]
    url = f"/jongeren/{case.youth_id}"
    g1, g2 = case.goal_ids
    response = _post_form(
        client,
        url,
        f"{url}/week",
        {
            "week": week_of(today()),
            f"worker_{g1}": "7",
            f"youth_{g1}": "8",
            f"worker_{g2}": "4",
            f"youth_{g2}": "",
            "went_well": "Op tijd bij de afspraak",
            "worries": "",
            "next_steps": "Stage zoeken",
        },
    )
    assert response.status_code == 303, response.text
    page = client.get(url).text
    assert 'value="7"' in page and 'value="8"' in page and "Stage zoeken" in page
    with engine.connect() as connection:
        count = connection.execute(
            text(
                "SELECT count(*) FROM score s JOIN check_in c ON c.id = s.check_in_id"
                " WHERE c.week = :w AND c.measure_id = :m"
            ),
            {"w": week_of(today()), "m": case.measure_id},
        ).scalar()
    assert count == 3


def test_a_worker_cannot_open_a_foreign_youth(client: Any, world: World, engine: Engine) -> None:
    _log_in(client, "wessel")
    foreign = world.cases["y3"].youth_id
    response = client.get(f"/jongeren/{foreign}")
    assert response.status_code == 404 and "Niet gevonden" in response.text
    with engine.connect() as connection:
        outcome = connection.execute(
            text("SELECT outcome FROM audit_event WHERE youth_id = :y ORDER BY id DESC"), {"y": foreign}
        ).scalar()
    assert outcome == "denied"


def test_every_page_text_has_a_dutch_translation() -> None:
    """Every text of the templates, of the page modules (``_``, ``gettext``, ``ngettext``, ``N_``) and of the
    notifications has its Dutch in ``messages.po``."""
    from pathlib import Path

    from babel.messages.extract import extract_from_file

    from reclassering.api import i18n
    from reclassering.casefile import notifications, vocab

    catalog = i18n.translations("nl")
    api = Path(i18n.__file__).parent
    ids = set(notifications.TEXTS.values())
    ids |= set(vocab.MEASURE_KIND_LABELS.english.values()) | set(vocab.IMPOSED_BY_LABELS.english.values())
    for template in (api / "templates").glob("*.html"):
        ids |= set(re.findall(r'_\(\s*"((?:[^"\\]|\\.)*)"', template.read_text()))
    plurals = set()
    keywords = {"_": None, "gettext": None, "ngettext": (1, 2), "N_": None}
    for module in api.glob("*.py"):
        for _, message, _, _ in extract_from_file("python", str(module), keywords=keywords):
            (plurals.add if isinstance(message, tuple) else ids.add)(message)
    assert len(ids) > 400 and len(notifications.TEXTS) >= 6
    same = {"Caseload", "Week %(week)s", "Team", "Teams", "Status", "Week", "week", "coach"}
    missing = sorted(i for i in ids if catalog.gettext(i) == i and i not in same)
    missing += sorted(s for s, p in plurals if catalog.ngettext(s, p, 2) == p)
    assert missing == []


def test_the_youth_sees_this_weeks_questions_and_fills_in_the_three_houses(
    client: Any, world: World, engine: Engine
) -> None:
    _log_in(client, "amir")
    page = client.get("/mijn").text
    assert "Vragen voor deze week" in page and "De drie huizen" in page and "Huis van zorgen" in page
    response = _post_form(
        client,
        "/mijn",
        "/mijn/huizen",
        {"worries": "Ruzie met mijn broer", "good_things": "Voetbal", "dreams": "Monteur worden"},
    )
    assert response.status_code == 303
    page = client.get("/mijn").text
    assert "Monteur worden</textarea>" in page and "Het laatst ingevuld door jou." in page
    with engine.connect() as connection:
        row = connection.execute(text("SELECT author_role, dreams FROM three_houses")).one()
    assert tuple(row) == ("youth", "Monteur worden")
    empty = _post_form(client, "/mijn", "/mijn/huizen", {"worries": "", "good_things": "", "dreams": ""})
    assert empty.status_code == 422 and 'role="alert"' in empty.text
