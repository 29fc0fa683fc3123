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


def test_failed_logins_are_throttled_per_username(client: Any, world: World, settings: Settings) -> None:
    for _ in range(settings.login_max_failures):
        assert _login(client, "wessel", "fout-wachtwoord").status_code == 401
    throttled = _login(client, "wessel")  # even the right password waits now
    assert throttled.status_code == 429
    assert int(throttled.headers["retry-after"]) > 0
    assert "too many failed logins" in throttled.json()["detail"]


def test_a_garbage_token_is_refused(client: Any, world: World) -> None:
    response = client.get("/api/v1/youths", headers={"Authorization": "Bearer nonsense"})
    assert response.status_code == 401


def test_login_input_is_validated(client: Any, world: World) -> None:
    assert client.post("/api/v1/auth/login", json={"username": "wessel"}).status_code == 400
    assert client.post("/api/v1/auth/login", json={"username": "", "password": "x"}).status_code == 400
