"""Logging in and out: bearer token, session cookie, revocation, throttling."""

from __future__ import annotations

from typing import Any

from reclassering.settings import Settings

from ..world import PASSWORD, World


def _login(client: Any, username: str, password: str = PASSWORD) -> Any:
    return client.post("/api/v1/auth/login", json={"username": username, "password": password})


def test_login_returns_a_token_and_sets_an_httponly_cookie(client: Any, world: World) -> None:
    response = _login(client, "Wessel")  # usernames are case-insensitive
    assert response.status_code == 200, response.text
    body = response.json()
    assert body["token_type"] == "bearer" and len(body["token"]) >= 40
    assert body["user"] == {
        "id": world["w1"].id,
        "username": "wessel",
        "display_name": "Wessel de Vries",
        "role": "worker",
        "team_id": world.team_ids["noord"],
        "locale": "nl",
        "youth_id": None,
        "measure_ids": [],
    }
    cookie = response.headers["set-cookie"]
    assert "reclassering_session=" in cookie and "HttpOnly" in cookie and "SameSite=lax" in cookie
    me = client.get("/api/v1/auth/me", headers={"Authorization": f"Bearer {body['token']}"})
    assert me.json()["username"] == "wessel"


def test_the_session_cookie_alone_authenticates(client: Any, world: World) -> None:
    token = _login(client, "wessel").json()["token"]
    client.cookies.clear()
    client.cookies.set("reclassering_session", token)
    assert client.get("/api/v1/youths").status_code == 200


def test_cookie_is_secure_unless_switched_off(engine: Any, world: World, tmp_path: Any) -> None:
    from litestar.testing import TestClient

    from reclassering.app import create_app

    app = create_app(Settings(data_dir=tmp_path, secret_key="x"), engine=engine, migrate=False)
    with TestClient(app) as client:
        assert "Secure" in _login(client, "wessel").headers["set-cookie"]


def test_wrong_password_and_unknown_user_get_the_same_answer(client: Any, world: World) -> None:
    wrong = _login(client, "wessel", "niet-het-wachtwoord")
    unknown = _login(client, "niemand", "niet-het-wachtwoord")
    assert wrong.status_code == unknown.status_code == 401
    assert wrong.json()["detail"] == unknown.json()["detail"] == "unknown username or wrong password"


def test_logout_revokes_the_token_at_once(client: Any, world: World) -> None:
    token = _login(client, "wessel").json()["token"]
    headers = {"Authorization": f"Bearer {token}"}
    assert client.post("/api/v1/auth/logout", headers=headers).status_code == 204
    client.cookies.clear()
    assert client.get("/api/v1/youths", headers=headers).status_code == 401


def test_deactivated_user_loses_access_immediately(client: Any, world: World) -> None:
    assert (
        client.patch(
            f"/api/v1/users/{world['w1'].id}", headers=world["admin"].headers, json={"active": False}
        ).status_code
        == 200
    )
    assert client.get("/api/v1/youths", headers=world["w1"].headers).status_code == 401
    assert _login(client, "wessel").status_code == 401


def test_failed_logins_are_throttled_per_username_and_address(client: Any, world: World, settings: Settings) -> None:
    for _ in range(settings.login_max_failures):
        assert _login(client, "wessel", "fout-wachtwoord").status_code == 401
    throttled = _login(client, "wessel")  # from this same address even the right password waits now
    assert throttled.status_code == 429
    assert int(throttled.headers["retry-after"]) > 0
    assert "too many failed logins" in throttled.json()["detail"]


def test_a_garbage_token_is_refused(client: Any, world: World) -> None:
    response = client.get("/api/v1/youths", headers={"Authorization": "Bearer nonsense"})
    assert response.status_code == 401


def test_login_input_is_validated(client: Any, world: World) -> None:
    assert client.post("/api/v1/auth/login", json={"username": "wessel"}).status_code == 400
    assert client.post("/api/v1/auth/login", json={"username": "", "password": "x"}).status_code == 400


def test_me_names_a_youths_record_and_active_measures(client: Any, world: World) -> None:
    me = client.get("/api/v1/auth/me", headers=world["y1"].headers)
    assert me.status_code == 200, me.text
    case = world.cases["y1"]
    assert me.json()["youth_id"] == case.youth_id
    assert me.json()["measure_ids"] == [case.measure_id]
    staff = client.get("/api/v1/auth/me", headers=world["w1"].headers).json()
    assert staff["youth_id"] is None and staff["measure_ids"] == []


def test_me_leaves_out_measures_that_ended(client: Any, world: World, engine: Any) -> None:
    from reclassering.casefile.db import unit_of_work
    from reclassering.casefile.models import Measure

    case = world.cases["y1"]
    with unit_of_work(engine) as session:
        measure = session.get(Measure, case.measure_id)
        assert measure is not None
        measure.status = "completed"
    me = client.get("/api/v1/auth/me", headers=world["y1"].headers).json()
    assert me["youth_id"] == case.youth_id and me["measure_ids"] == []


def test_api_login_issues_a_fresh_csrf_cookie(client: Any, world: World) -> None:
    client.cookies.set("csrftoken", "planted-by-someone-else")
    response = _login(client, "wessel")
    assert response.status_code == 200
    fresh = response.cookies.get("csrftoken")
    assert fresh and fresh != "planted-by-someone-else" and len(fresh) > 64


def test_page_login_rotates_the_csrf_token_so_a_planted_one_is_useless(client: Any, world: World) -> None:
    import re

    page = client.get("/login").text
    planted = re.search(r'name="_csrf_token" value="([^"]+)"', page).group(1)  # type: ignore[union-attr]
    before = client.cookies.get("csrftoken")
    assert before
    response = client.post(
        "/login", data={"username": "wessel", "password": PASSWORD, "_csrf_token": planted}, follow_redirects=False
    )
    assert response.status_code == 303, response.text
    after = response.cookies.get("csrftoken")
    assert after and after != before
    # a forged form carrying the token known from before the login is refused
    forged = client.post("/logout", data={"_csrf_token": planted}, follow_redirects=False)
    assert forged.status_code == 403
    # the page's own, fresh token works
    fresh = re.search(r'name="_csrf_token" value="([^"]+)"', client.get("/caseload").text)
    assert fresh and fresh.group(1) != planted
    assert client.post("/logout", data={"_csrf_token": fresh.group(1)}, follow_redirects=False).status_code == 303
