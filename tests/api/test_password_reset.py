"""An administrator resets a password without ever knowing one, and leaves a trace of it."""

from __future__ import annotations

from typing import Any

import msgspec
from sqlalchemy import Engine
from sqlmodel import Session, col, select

from reclassering.casefile.models import AuditEvent, AuthToken, PasswordReset
from reclassering.settings import Settings

from ..world import PASSWORD, World

NEW_PASSWORD = "mijn eigen nieuwe wachtwoord"


def _login(client: Any, username: str, password: str = PASSWORD) -> Any:
    return client.post("/api/v1/auth/login", json={"username": username, "password": password})


def _reset(client: Any, world: World, person: str = "w1") -> Any:
    return client.post(f"/api/v1/users/{world[person].id}/password-reset", headers=world["admin"].headers)


def _set_password(client: Any, token: str, password: str = NEW_PASSWORD) -> Any:
    return client.post("/api/v1/auth/set-password", json={"token": token, "new_password": password})


def _events(engine: Engine, *where: Any) -> list[AuditEvent]:
    with Session(engine) as session:
        return list(session.exec(select(AuditEvent).where(*where).order_by(col(AuditEvent.id))))


def test_a_reset_ends_the_old_password_and_logins_and_is_audited_with_the_admin_as_actor(
    client: Any, world: World, engine: Engine
) -> None:
    response = _reset(client, world)
    assert response.status_code == 201, response.text
    body = response.json()
    assert body["user_id"] == world["w1"].id and len(body["token"]) >= 40
    assert body["set_password_path"] == "/api/v1/auth/set-password"
    assert client.get("/api/v1/youths", headers=world["w1"].headers).status_code == 401  # logins ended
    assert _login(client, "wessel").status_code == 401  # the old password no longer works
    with Session(engine) as session:
        reset = session.get(PasswordReset, body["reset_id"])
        assert reset is not None and reset.admin_id == world["admin"].id
        assert reset.token_hash != body["token"] and body["token"] not in reset.token_hash  # only its hash
    [event] = _events(engine, AuditEvent.object_type == "password_reset")
    assert (event.user_id, event.username, event.role) == (world["admin"].id, "beheer", "admin")
    assert (event.action, event.outcome, event.object_id) == ("update", "success", body["reset_id"])
    assert event.youth_id is None


def test_the_user_sets_their_own_password_once(client: Any, world: World, engine: Engine) -> None:
    token = _reset(client, world).json()["token"]
    assert _set_password(client, token).status_code == 204
    assert _login(client, "wessel", NEW_PASSWORD).status_code == 200
    again = _set_password(client, token, "nog een ander wachtwoord")
    assert again.status_code == 422
    assert "used already or expired" in again.json()["detail"]
    assert _login(client, "wessel", NEW_PASSWORD).status_code == 200  # the second use changed nothing


def test_an_unknown_or_expired_token_is_refused(
    app: Any, client: Any, world: World, settings: Settings, engine: Engine
) -> None:
    assert _set_password(client, "verzonnen-token").status_code == 422
    app.state.settings = msgspec.structs.replace(settings, password_reset_hours=0)
    token = _reset(client, world).json()["token"]
    assert _set_password(client, token).status_code == 422
    assert _login(client, "wessel", NEW_PASSWORD).status_code == 401


def test_a_newer_reset_supersedes_an_older_token(client: Any, world: World) -> None:
    first = _reset(client, world).json()["token"]
    second = _reset(client, world).json()["token"]
    assert _set_password(client, first).status_code == 422
    assert _set_password(client, second).status_code == 204


def test_a_short_password_is_refused_and_keeps_the_token(client: Any, world: World) -> None:
    token = _reset(client, world).json()["token"]
    assert _set_password(client, token, "kort").status_code == 400
    assert _set_password(client, token).status_code == 204


def test_every_access_after_a_reset_is_traceable_to_it(client: Any, world: World, engine: Engine) -> None:
    reset = _reset(client, world).json()
    assert _set_password(client, reset["token"]).status_code == 204
    login = _login(client, "wessel", NEW_PASSWORD).json()
    with Session(engine) as session:
        row = session.exec(
            select(AuthToken).where(AuthToken.user_id == world["w1"].id).order_by(col(AuthToken.id).desc())
        ).first()
        assert row is not None and row.password_reset_id == reset["reset_id"]
    youth_id = world.cases["y1"].youth_id
    headers = {"Authorization": f"Bearer {login['token']}"}
    client.cookies.clear()
    assert client.get(f"/api/v1/youths/{youth_id}", headers=headers).status_code == 200
    note = f"via password reset {reset['reset_id']}"
    [read] = _events(
        engine, AuditEvent.youth_id == youth_id, AuditEvent.username == "wessel", AuditEvent.at >= row.created_at
    )
    assert read.detail == note and read.outcome == "success"
    # a refusal made with such a login carries the note beside its reason
    foreign = world.cases["y3"].youth_id
    assert client.get(f"/api/v1/youths/{foreign}", headers=headers).status_code == 404
    [denied] = _events(engine, AuditEvent.youth_id == foreign, AuditEvent.outcome == "denied")
    assert denied.detail.endswith(f"; {note}")
    # the password change itself is in the trail, under the user, tied to the reset
    [changed] = _events(engine, AuditEvent.object_type == "password")
    assert (changed.username, changed.detail, changed.object_id) == ("wessel", note, world["w1"].id)


def test_logins_of_other_users_carry_no_reset(client: Any, world: World, engine: Engine) -> None:
    _reset(client, world)
    token = _login(client, "wendy").json()["token"]
    youth_id = world.cases["y2"].youth_id
    client.cookies.clear()
    assert client.get(f"/api/v1/youths/{youth_id}", headers={"Authorization": f"Bearer {token}"}).status_code == 200
    assert all(e.detail == "" for e in _events(engine, AuditEvent.youth_id == youth_id, AuditEvent.username == "wendy"))


def test_a_youth_accounts_reset_is_in_that_youths_trail(client: Any, world: World, engine: Engine) -> None:
    reset = _reset(client, world, "y1").json()
    youth_id = world.cases["y1"].youth_id
    [event] = _events(engine, AuditEvent.object_type == "password_reset")
    assert (event.youth_id, event.object_id, event.username) == (youth_id, reset["reset_id"], "beheer")


def test_an_admin_can_no_longer_set_a_password_directly(client: Any, world: World) -> None:
    response = client.patch(
        f"/api/v1/users/{world['w1'].id}", headers=world["admin"].headers, json={"password": "door-de-beheerder-1"}
    )
    assert response.status_code == 400, response.text
    assert _login(client, "wessel", "door-de-beheerder-1").status_code == 401
    assert _login(client, "wessel").status_code == 200


def test_only_an_administrator_resets_and_an_unknown_user_is_404(client: Any, world: World) -> None:
    assert client.post(f"/api/v1/users/{world['w2'].id}/password-reset", headers=world["s1"].headers).status_code == 403
    assert client.post("/api/v1/users/999999/password-reset", headers=world["admin"].headers).status_code == 404
    assert _login(client, "wendy").status_code == 200
