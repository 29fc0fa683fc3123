"""Migration 0014 gives every account an e-mail column; existing accounts keep everything and get none."""

from __future__ import annotations

from alembic import command
from sqlalchemy import Engine, inspect, text

from reclassering.casefile.db import alembic_config, upgrade


def test_existing_accounts_get_an_empty_address_and_downgrade_drops_the_column(engine: Engine) -> None:
    config = alembic_config(engine)
    command.downgrade(config, "0010")
    assert "email" not in {c["name"] for c in inspect(engine).get_columns("app_user")}
    with engine.begin() as c:
        c.execute(text("INSERT INTO team (name, shares_caseload, created_at) VALUES ('t', false, CURRENT_TIMESTAMP)"))
        c.execute(
            text(
                "INSERT INTO app_user (username, display_name, password_hash, role, team_id, active, locale,"
                " created_at) VALUES ('w', 'W', 'x', 'worker', 1, true, 'en', CURRENT_TIMESTAMP)"
            )
        )
    upgrade(engine)
    with engine.connect() as c:
        row = c.execute(text("SELECT username, locale, active, email FROM app_user")).one()
    assert tuple(row) == ("w", "en", True, "")
    command.downgrade(config, "0010")
    with engine.connect() as c:
        assert c.execute(text("SELECT username FROM app_user")).scalar_one() == "w"
    assert "email" not in {c["name"] for c in inspect(engine).get_columns("app_user")}
    upgrade(engine)
