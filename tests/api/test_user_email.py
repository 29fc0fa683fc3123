"""An administrator gives an account an e-mail address for notification mails, changes and removes it;
anything that is not an address is refused with a message and stores nothing."""

from __future__ import annotations

from typing import Any

import pytest
from sqlalchemy import Engine, text

from ..world import World


def _email_of(engine: Engine, username: str) -> str:
    with engine.connect() as connection:
        return connection.execute(text("SELECT email FROM app_user WHERE username = :u"), {"u": username}).scalar_one()


def test_the_address_is_set_at_creation_changed_and_removed(client: Any, world: World, engine: Engine) -> None:
    admin = world["admin"].headers
    created = client.post(
        "/api/v1/users",
        headers=admin,
        json={
            "username": "willem",
            "password": "lang genoeg wachtwoord",
            "role": "worker",
            "team_id": world.team_ids["noord"],
            "email": "willem@example.nl",
        },
    )
    assert created.status_code == 201, created.text
    assert created.json()["email"] == "willem@example.nl"
    assert _email_of(engine, "willem") == "willem@example.nl"

    user_id = created.json()["id"]
    changed = client.patch(f"/api/v1/users/{user_id}", headers=admin, json={"email": "w.devries@example.org"})
    assert changed.status_code == 200 and changed.json()["email"] == "w.devries@example.org"
    untouched = client.patch(f"/api/v1/users/{user_id}", headers=admin, json={"display_name": "Willem"})
    assert untouched.json()["email"] == "w.devries@example.org"
    removed = client.patch(f"/api/v1/users/{user_id}", headers=admin, json={"email": ""})
    assert removed.status_code == 200 and _email_of(engine, "willem") == ""
    listed = client.get("/api/v1/users", headers=admin).json()["items"]
    assert {u["username"]: u["email"] for u in listed}["wessel"] == ""


@pytest.mark.parametrize(
    "email",
    [
        "geen-adres",
        "twee@@example.nl",
        "met spatie@example.nl",
        "kop@example.nl\r\nBcc: x@example.nl",
        "a@b",
        "x" * 250 + "@e.nl",
    ],
)
def test_a_bad_address_is_refused_and_stores_nothing(client: Any, world: World, engine: Engine, email: str) -> None:
    response = client.patch(f"/api/v1/users/{world['w1'].id}", headers=world["admin"].headers, json={"email": email})
    assert response.status_code == 400, response.text
    assert "email" in response.text
    assert "e-mail address" in response.text or "length" in response.text
    assert _email_of(engine, "wessel") == ""


def test_only_an_administrator_sets_an_address(client: Any, world: World, engine: Engine) -> None:
    response = client.patch(f"/api/v1/users/{world['w1'].id}", headers=world["w1"].headers, json={"email": "w@x.nl"})
    assert response.status_code == 403
    assert _email_of(engine, "wessel") == ""
