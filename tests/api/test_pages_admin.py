"""The administrator's pages: accounts (create with a one-time link, change, deactivate, reset the password),
teams (create, rename), the audit trail search; the page behind the one-time link; the error pages."""

from __future__ import annotations

import re
from datetime import date, timedelta
from typing import Any

import pytest
from sqlalchemy import Engine, text

from reclassering.casefile.fields import today as service_today

from ..world import PASSWORD, World
from .test_pages import _csrf, _log_in, _post_form

#: Words that give away English on a Dutch page.
ENGLISH = ("Expected", " the ", "Not found", "Something", "Not allowed", "Back to", " not ", "Try again", " page ")


def _link_of(html: str) -> str:
    match = re.search(r'<code class="user-text" id="reset-link">[^<]*(/wachtwoord/[A-Za-z0-9_-]+)</code>', html)
    assert match, "no one-time link on the page"
    return match.group(1)


def _set_password(client: Any, link: str, password: str, again: str | None = None) -> Any:
    page = client.get(link)
    token = _csrf(page.text) if page.status_code == 200 else _csrf(client.get("/login").text)
    return client.post(
        link,
        data={"password": password, "password_again": again or password, "_csrf_token": token},
        follow_redirects=False,
    )


def _can_log_in(client: Any, username: str, password: str) -> bool:
    token = _csrf(client.get("/login").text)
    response = client.post(
        "/login", data={"username": username, "password": password, "_csrf_token": token}, follow_redirects=False
    )
    return response.status_code == 303


def _user_id(engine: Engine, username: str) -> int:
    with engine.connect() as connection:
        return connection.execute(text("SELECT id FROM app_user WHERE username = :u"), {"u": username}).scalar_one()


def test_the_administrator_creates_a_worker_who_sets_a_password_through_the_link_once(
    client: Any, world: World, engine: Engine
) -> None:
    _log_in(client, "beheer")
    fields = {
        "username": "femke",
        "display_name": "Femke de Boer",
        "role": "worker",
        "team_id": str(world.team_ids["noord"]),
        "email": "femke@voorbeeld.nl",
    }
    created = _post_form(client, "/beheer", "/beheer/gebruikers", fields)
    assert created.status_code == 200, created.text
    assert "Het account femke is aangemaakt." in created.text and "Eenmalige link" in created.text
    link = _link_of(created.text)
    assert not _can_log_in(client, "femke", PASSWORD)  # no password works before the link is used

    short = _set_password(client, link, "kort")
    assert short.status_code == 422 and "Gebruik minstens 10 tekens." in short.text
    different = _set_password(client, link, "een lang wachtwoord", "een ander wachtwoord")
    assert different.status_code == 422 and "niet gelijk" in different.text
    done = _set_password(client, link, "een lang wachtwoord")
    assert done.status_code == 200 and "Je wachtwoord is ingesteld." in done.text
    again = _set_password(client, link, "nog een lang wachtwoord")
    assert again.status_code == 404 and "Deze link werkt niet (meer)." in again.text
    assert client.get(link).status_code == 404
    assert _can_log_in(client, "femke", "een lang wachtwoord")
    with engine.connect() as connection:
        row = connection.execute(text("SELECT role, team_id, email FROM app_user WHERE username = 'femke'")).one()
        points = connection.execute(text("SELECT access_point FROM audit_event WHERE object_type = 'password'")).all()
    assert tuple(row) == ("worker", world.team_ids["noord"], "femke@voorbeeld.nl")
    assert points and all(link.split("/")[-1] not in p[0] for p in points)  # the token is not kept in the trail


def test_an_expired_link_is_the_same_not_found_page(client: Any, world: World, engine: Engine) -> None:
    _log_in(client, "beheer")
    created = _post_form(
        client,
        "/beheer",
        "/beheer/gebruikers",
        {"username": "xander", "display_name": "Xander", "role": "expert", "team_id": str(world.team_ids["zuid"])},
    )
    link = _link_of(created.text)
    with engine.begin() as connection:
        connection.execute(text("UPDATE password_reset SET expires_at = :t"), {"t": date(2020, 1, 1)})
    gone = client.get(link)
    unknown = client.get("/wachtwoord/" + "x" * 43)
    assert gone.status_code == unknown.status_code == 404
    assert gone.text.replace(link, "") == unknown.text.replace("/wachtwoord/" + "x" * 43, "")


def test_a_refused_new_account_keeps_what_was_typed_and_says_why_next_to_the_field(
    client: Any, world: World, engine: Engine
) -> None:
    _log_in(client, "beheer")
    typed = {
        "username": "wessel",
        "display_name": "Tweede <Wessel>",
        "role": "supervisor",
        "team_id": "",
        "email": "geen",
    }
    refused = _post_form(client, "/beheer", "/beheer/gebruikers", typed)
    assert refused.status_code == 422
    html = refused.text
    assert 'id="error-new-team_id"' in html and "Kies het team van" in html
    assert 'id="error-new-email"' in html and "naam@voorbeeld.nl" in html
    assert 'value="Tweede &lt;Wessel&gt;"' in html and 'value="wessel"' in html
    taken = _post_form(
        client, "/beheer", "/beheer/gebruikers", {**typed, "team_id": str(world.team_ids["noord"]), "email": ""}
    )
    assert taken.status_code == 422 and 'id="error-new-username"' in taken.text and "bezet" in taken.text
    youth = _post_form(
        client, "/beheer", "/beheer/gebruikers", {"username": "cas", "display_name": "Cas", "role": "youth"}
    )
    assert youth.status_code == 422 and 'id="error-new-youth_id"' in youth.text
    with engine.connect() as connection:
        assert connection.execute(text("SELECT count(*) FROM app_user WHERE display_name LIKE 'Tweede%'")).scalar() == 0
    own = world.cases["y3"].youth_id
    cas = _post_form(
        client,
        "/beheer",
        "/beheer/gebruikers",
        {"username": "cas", "display_name": "Cas", "role": "youth", "youth_id": str(own)},
    )
    assert cas.status_code == 200 and "/wachtwoord/" in cas.text
    with engine.connect() as connection:
        linked = connection.execute(
            text("SELECT u.username FROM youth y JOIN app_user u ON u.id = y.user_id WHERE y.id = :y"), {"y": own}
        )
        assert linked.scalar() == "cas"


def test_the_administrator_changes_deactivates_reactivates_and_resets_an_account(
    client: Any, world: World, engine: Engine
) -> None:
    wendy = world["w2"].id
    _log_in(client, "beheer")
    page = client.get(f"/beheer/gebruikers/{wendy}")
    assert page.status_code == 200 and "Account van Wendy Bakker" in page.text
    changed = _post_form(
        client,
        f"/beheer/gebruikers/{wendy}",
        f"/beheer/gebruikers/{wendy}",
        {"display_name": "Wendy B.", "role": "expert", "team_id": str(world.team_ids["zuid"]), "email": ""},
    )
    assert changed.status_code == 303
    after = client.get(changed.headers["location"]).text
    assert "Opgeslagen" in after and "Gedragswetenschapper" not in after and "gedragswetenschapper" in after
    with engine.connect() as connection:
        row = connection.execute(
            text("SELECT display_name, role, team_id FROM app_user WHERE id = :i"), {"i": wendy}
        ).one()
    assert tuple(row) == ("Wendy B.", "expert", world.team_ids["zuid"])

    to_youth = _post_form(
        client,
        f"/beheer/gebruikers/{wendy}",
        f"/beheer/gebruikers/{wendy}",
        {"display_name": "W", "role": "youth", "team_id": ""},
    )
    assert to_youth.status_code == 422 and 'id="error-user-role"' in to_youth.text
    no_team = _post_form(
        client,
        f"/beheer/gebruikers/{wendy}",
        f"/beheer/gebruikers/{wendy}",
        {"display_name": "W", "role": "worker", "team_id": ""},
    )
    assert no_team.status_code == 422 and 'id="error-user-team_id"' in no_team.text and 'value="W"' in no_team.text

    off = _post_form(client, f"/beheer/gebruikers/{wendy}", f"/beheer/gebruikers/{wendy}/actief", {"active": "no"})
    assert off.status_code == 303
    assert not _can_log_in(client, "wendy", PASSWORD)
    _log_in(client, "beheer")
    assert "dit account kan niet inloggen" in client.get(f"/beheer/gebruikers/{wendy}").text
    on = _post_form(client, f"/beheer/gebruikers/{wendy}", f"/beheer/gebruikers/{wendy}/actief", {"active": "yes"})
    assert on.status_code == 303
    assert _can_log_in(client, "wendy", PASSWORD)

    _log_in(client, "beheer")
    reset = _post_form(client, f"/beheer/gebruikers/{wendy}", f"/beheer/gebruikers/{wendy}/wachtwoord", {})
    assert reset.status_code == 200 and "is opnieuw ingesteld" in reset.text
    assert not _can_log_in(client, "wendy", PASSWORD)
    assert _set_password(client, _link_of(reset.text), "nieuw en lang genoeg").status_code == 200
    assert _can_log_in(client, "wendy", "nieuw en lang genoeg")


def test_the_last_administrator_stays_one(client: Any, world: World) -> None:
    admin = world["admin"].id
    _log_in(client, "beheer")
    off = _post_form(client, f"/beheer/gebruikers/{admin}", f"/beheer/gebruikers/{admin}/actief", {"active": "no"})
    assert off.status_code == 422 and "laatste actieve beheerder" in off.text
    demoted = _post_form(
        client,
        f"/beheer/gebruikers/{admin}",
        f"/beheer/gebruikers/{admin}",
        {"display_name": "B", "role": "worker", "team_id": str(world.team_ids["noord"])},
    )
    assert demoted.status_code == 422 and "laatste actieve beheerder" in demoted.text
    with_caseload = _post_form(
        client,
        f"/beheer/gebruikers/{world['w1'].id}",
        f"/beheer/gebruikers/{world['w1'].id}",
        {"display_name": "Wessel", "role": "admin", "team_id": str(world.team_ids["noord"])},
    )
    assert with_caseload.status_code == 422 and "caseload" in with_caseload.text


def test_the_administrator_creates_and_renames_a_team(client: Any, world: World, engine: Engine) -> None:
    _log_in(client, "beheer")
    created = _post_form(client, "/beheer", "/beheer/teams", {"name": "Oost", "shares_caseload": "yes"})
    assert created.status_code == 303
    assert "Opgeslagen" in client.get(created.headers["location"]).text
    twice = _post_form(client, "/beheer", "/beheer/teams", {"name": "Oost"})
    assert twice.status_code == 422 and 'id="error-team-name"' in twice.text and "bestaat al" in twice.text
    noord = world.team_ids["noord"]
    renamed = _post_form(client, "/beheer", f"/beheer/teams/{noord}", {"name": "Noord-West"})
    assert renamed.status_code == 303
    clash = _post_form(client, "/beheer", f"/beheer/teams/{noord}", {"name": "Zuid"})
    assert clash.status_code == 422 and f'id="error-team{noord}-name"' in clash.text and 'value="Zuid"' in clash.text
    with engine.connect() as connection:
        names = connection.execute(text("SELECT name, shares_caseload FROM team ORDER BY name")).all()
    assert [tuple(n) for n in names] == [("Noord-West", False), ("Oost", True), ("Zuid", True)]


def test_the_account_list_is_paged(client: Any, world: World) -> None:
    _log_in(client, "beheer")
    first = client.get("/beheer?limit=3").text
    assert first.count('href="/beheer/gebruikers/') == 3 and "offset=3" in first
    last = client.get("/beheer?limit=3&offset=9").text
    assert "Vorige accounts" in last


def test_the_audit_trail_is_searched_by_youth_user_and_period_in_words(
    client: Any, world: World, engine: Engine
) -> None:
    case = world.cases["y1"]
    client.get(f"/api/v1/youths/{case.youth_id}", headers=world["w1"].headers)
    client.get(f"/api/v1/youths/{case.youth_id}", headers=world["y2"].headers)  # refused
    _log_in(client, "beheer")
    today = service_today().isoformat()  # the search's days are Amsterdam's
    page = client.get(f"/beheer/audit?youth={case.youth_id}&from={today}&to={today}")
    assert page.status_code == 200
    html = page.text
    assert "Wessel de Vries (jeugdreclasseerder)" in html and "bekeek: de gegevens van de jongere" in html
    assert "geweigerd" in html and "read" not in html and "success" not in html
    by_user = client.get("/beheer/audit?user=bo").text
    assert "Bo (jongere)" in by_user and "Wessel" not in by_user
    english = client.get(f"/beheer/audit?youth={case.youth_id}&lang=en").text
    assert "looked at: the youth&#39;s details" in english and "refused" in english
    earlier = (service_today() - timedelta(days=400)).isoformat()
    nothing = client.get(f"/beheer/audit?youth={case.youth_id}&to={earlier}&lang=nl").text
    assert "Niets gevonden" in nothing
    with engine.connect() as connection:
        searches = connection.execute(
            text("SELECT youth_id, detail FROM audit_event WHERE object_type = 'audit_trail' AND username = 'beheer'")
        ).all()
    assert (case.youth_id, f"search: youth '{case.youth_id}', from '{today}', to '{today}'; offset 0") in [
        tuple(s) for s in searches
    ]


@pytest.mark.parametrize(
    ("query", "field"),
    [("youth=abc", "youth"), ("from=gisteren", "from"), ("from=2026-11-10&to=2026-11-01", "to"), ("search=1", "youth")],
)
def test_a_bad_audit_search_is_said_next_to_its_field(query: str, field: str, client: Any, world: World) -> None:
    _log_in(client, "beheer")
    response = client.get(f"/beheer/audit?{query}")
    assert response.status_code == 422 and f'id="error-{field}"' in response.text


# --- the error pages --------------------------------------------------------------------------------------------

ERRORS = [
    (400, "get", "/beheer/audit?offset=-1", "Gebruik een getal van ten minste 0.", "Use a number of at least 0."),
    (403, "get", "/beheer", "Je account mag deze pagina niet openen.", "Your account may not open this page."),
    (404, "get", "/bestaat-niet", "Deze pagina bestaat niet", "This page does not exist"),
    (405, "delete", "/caseload", "Dit adres werkt niet op deze manier.", "This address cannot be used this way."),
    (400, "get", "/beheer/gebruikers/99999999999", "Gebruik een getal van ten hoogste", "Use a number of at most"),
]


@pytest.mark.parametrize(
    ("status", "method", "path", "dutch", "english"), ERRORS, ids=[f"{e[0]} {e[2]}" for e in ERRORS]
)
def test_error_pages_speak_the_pages_language(
    status: int, method: str, path: str, dutch: str, english: str, client: Any, world: World
) -> None:
    _log_in(client, "wessel" if status == 403 else "beheer")
    for lang, words in (("nl", dutch), ("en", english)):
        url = f"{path}{'&' if '?' in path else '?'}lang={lang}"
        response = getattr(client, method)(url, headers={"Accept": "text/html"})
        assert response.status_code == status, response.text
        assert response.headers["content-type"].startswith("text/html")
        html = response.text
        assert words in html and 'href="/"' in html and f'<html lang="{lang}">' in html
        main = html.split('<main id="main"', 1)[1]
        if lang == "nl":
            assert not [w for w in ENGLISH if w in main], main


def test_a_too_large_form_and_a_failed_csrf_check_are_pages_too(client: Any, world: World) -> None:
    _log_in(client, "beheer")
    limit = client.app.state.settings.max_body_kib * 1024
    big = client.post("/beheer/teams", data={"name": "x" * (limit + 10)}, headers={"Accept": "text/html"})
    assert big.status_code == 413 and "Te veel tegelijk" in big.text and "KiB" in big.text
    forged = client.post("/beheer/teams", data={"name": "Oost"}, headers={"Accept": "text/html"})
    assert forged.status_code == 403 and "Laad de pagina opnieuw" in forged.text


def test_the_api_keeps_answering_in_json_with_a_sentence(client: Any, world: World) -> None:
    response = client.get("/api/v1/users?limit=0", headers=world["admin"].headers)
    assert response.status_code == 400 and response.headers["content-type"].startswith("application/json")
    assert response.json()["detail"] == "limit: Use a number of at least 1."


def test_every_code_the_trail_holds_has_words_in_both_languages(app: Any) -> None:
    from reclassering.api import audit_words
    from reclassering.api.guards import RULE_KEY
    from reclassering.api.i18n import translations
    from reclassering.casefile.vocab import AuditAction, AuditOutcome

    rules = [h.opt[RULE_KEY] for route in app.routes for h in route.route_handlers if RULE_KEY in h.opt]
    written = {r.object_type for r in rules if r.action is not None}
    assert written <= audit_words.OBJECTS.keys()
    assert set(AuditAction) <= audit_words.ACTIONS.keys() and set(AuditOutcome) <= audit_words.OUTCOMES.keys()
    dutch = translations("nl")
    words = [*audit_words.OBJECTS.values(), *audit_words.ACTIONS.values(), *audit_words.OUTCOMES.values()]
    assert [w for w in [*words, *audit_words.ROLES.values()] if dutch.gettext(w) == w] == []


def test_validation_messages_are_sentences_in_both_languages() -> None:
    from reclassering.api.forms import in_words
    from reclassering.api.i18n import translations

    dutch = translations("nl")
    for message, nl in [
        ("Expected `int` <= 10", "Gebruik een getal van ten hoogste 10."),
        ("Expected `int`, got `str`", "Vul een heel getal in."),
        ("Expected `str` of length <= 120", "Gebruik hoogstens 120 tekens."),
        ("Invalid enum value 'god'", "Kies een van de mogelijkheden."),
        ("Object missing required field `name`", "Vul dit in."),
        ("Something new from msgspec", "Deze waarde kan hier niet."),
    ]:
        text, values = in_words(message)
        assert dutch.gettext(text) % values == nl, message
        assert "`" not in text % values


def test_an_unexpected_failure_and_throttling_are_pages_for_a_browser_and_json_for_the_api(settings: Any) -> None:
    """The app's own error handlers and templates, in an app with routes that fail on purpose."""
    from litestar import Litestar, get
    from litestar.plugins.jinja import JinjaTemplateEngine
    from litestar.template.config import TemplateConfig
    from litestar.testing import TestClient

    from reclassering.api.errors import EXCEPTION_HANDLERS
    from reclassering.app import TEMPLATES
    from reclassering.casefile.users import LoginThrottled

    @get(["/kapot", "/api/v1/kapot"], sync_to_thread=False)
    def broken() -> None:
        raise RuntimeError("a bug")

    @get(["/te-vaak", "/api/v1/te-vaak"], sync_to_thread=False)
    def throttled() -> None:
        raise LoginThrottled(120)

    app = Litestar(
        route_handlers=[broken, throttled],
        template_config=TemplateConfig(directory=TEMPLATES, engine=JinjaTemplateEngine),
        exception_handlers=EXCEPTION_HANDLERS,  # type: ignore[arg-type]
    )
    app.state.settings = settings
    with TestClient(app) as client:
        for lang, words in (("nl", "Er ging bij ons iets mis; er is niets opgeslagen."), ("en", "nothing was stored")):
            page = client.get(f"/kapot?lang={lang}", headers={"Accept": "text/html"})
            assert page.status_code == 500 and page.headers["content-type"].startswith("text/html")
            assert words in page.text and 'href="/"' in page.text and "a bug" not in page.text
        main = client.get("/kapot?lang=nl").text.split('<main id="main"', 1)[1]
        assert not [w for w in ENGLISH if w in main]
        api = client.get("/api/v1/kapot")
        assert api.status_code == 500 and api.json()["detail"].startswith("something went wrong on our side")
        slow = client.get("/te-vaak?lang=nl")
        assert slow.status_code == 429 and slow.headers["retry-after"] == "120"
        assert "Te veel pogingen" in slow.text or "te veel pogingen" in slow.text
        assert client.get("/api/v1/te-vaak").json()["detail"].startswith("too many failed logins")


def test_the_administration_pages_are_all_dutch_by_default(client: Any, world: World) -> None:
    _log_in(client, "beheer")
    case = world.cases["y1"]
    client.get(f"/api/v1/youths/{case.youth_id}", headers=world["w1"].headers)
    for url in ("/beheer", f"/beheer/gebruikers/{world['w2'].id}", f"/beheer/audit?youth={case.youth_id}"):
        main = client.get(url).text.split('<main id="main"', 1)[1]
        assert not [w for w in (*ENGLISH, "Search", "Account of", "read", "success") if w in main], url
        assert "Zoeken" in main or "Gebruikersaccounts" in main or "Account van" in main
