"""The ``reclassering`` command, run through click's CliRunner against a SQLite file in tmp_path."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path
from typing import Any

import click
import pytest
from click.testing import CliRunner, Result
from sqlalchemy import Engine, func, inspect
from sqlmodel import Session, select

from reclassering import demo
from reclassering.casefile import users
from reclassering.casefile.db import current_revision, make_engine
from reclassering.casefile.models import AuditEvent, Team, User, Youth
from reclassering.cli import cli

PASSWORD = "een-lang-wachtwoord"


@pytest.fixture
def database(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """The configured database for the commands: a SQLite file that does not exist yet."""
    path = tmp_path / "cli.sqlite3"
    monkeypatch.setenv("RECLASSERING_DATA_DIR", str(tmp_path / "data"))
    monkeypatch.setenv("RECLASSERING_DATABASE_URL", f"sqlite:///{path}")
    return path


@pytest.fixture
def engine(database: Path) -> Any:
    engine = make_engine(f"sqlite:///{database}")
    yield engine
    engine.dispose()


def run(*args: str, input: str | None = None) -> Result:
    return CliRunner().invoke(cli, list(args), input=input, prog_name="reclassering")


def refused(result: Result, message: str) -> None:
    """Exit status 2, the message as the one line on stderr, and no traceback anywhere."""
    assert result.exit_code == 2, result.output
    assert result.stderr.splitlines() == [f"Error: {message}"]
    assert "Traceback" not in result.output
    assert result.exception is None or isinstance(result.exception, SystemExit)


def count(engine: Engine, model: type) -> int:
    with Session(engine) as session:
        return session.exec(select(func.count()).select_from(model)).one()


@pytest.fixture
def migrated(database: Path) -> Path:
    assert run("db", "upgrade").exit_code == 0
    return database


# ------------------------------------------------------------------------------------------------------------
# help


def _commands(group: click.Group, path: tuple[str, ...] = ()) -> list[tuple[str, ...]]:
    found = [path]
    for name, command in group.commands.items():
        if isinstance(command, click.Group):
            found += _commands(command, (*path, name))
        else:
            found.append((*path, name))
    return found


ALL_COMMANDS = _commands(cli)


def test_the_command_tree_is_complete():
    assert sorted(ALL_COMMANDS) == sorted(
        [
            (),
            ("serve",),
            ("db",),
            ("db", "upgrade"),
            ("db", "current"),
            ("team",),
            ("team", "create"),
            ("user",),
            ("user", "create"),
            ("demo-data",),
            ("national-data",),
            ("scheduler",),
            ("jobs",),
            ("jobs", "list"),
            ("jobs", "run"),
            ("backup",),
            ("restore",),
            ("audit",),
            ("audit", "verify"),
        ]
    )


@pytest.mark.parametrize("path", ALL_COMMANDS, ids=lambda p: " ".join(p) or "reclassering")
def test_every_command_and_group_explains_itself(path):
    result = run(*path, "--help")
    assert result.exit_code == 0, result.output
    assert result.output.startswith(f"Usage: {' '.join(('reclassering', *path))} ")
    command: click.Command = cli
    for name in path:
        command = command.commands[name]  # type: ignore[attr-defined]
    assert command.help and command.help.strip()
    assert command.help.split("\n")[0].strip() in " ".join(result.output.split())
    for param in command.params:
        if isinstance(param, click.Option) and param.name != "help":
            assert param.help, f"{param.name} of {path} has no help text"


@pytest.mark.parametrize(
    ("path", "expected"),
    [
        (
            ("user", "create"),
            [
                "--role ROLE",
                "worker, supervisor, expert, youth, admin",
                "--password-stdin",
                "--team TEAMNAME",
                "--youth-id N",
                "--display-name",
            ],
        ),
        (("team", "create"), ["NAME", "--shares-caseload"]),
        (("demo-data",), ["--youths N", "[default: 8; 2<=x<=12]", "--seed N", "[default: 7]"]),
        (("db",), ["upgrade", "current"]),
    ],
)
def test_help_names_the_options(path, expected):
    output = run(*path, "--help").output
    for text in expected:
        assert text in output


def test_serve_help():
    result = run("serve", "--help")
    assert result.exit_code == 0
    for text in (
        "Usage: reclassering serve [OPTIONS]",
        "--demo",
        "--host HOST",
        "--port PORT",
        "--reload",
        "/schema",
        "migrations",
    ):
        assert text in result.output


def test_cli_start_up_imports_neither_matplotlib_nor_the_web_stack():
    code = (
        "import sys, reclassering.cli\n"
        "print(sorted(m for m in ('matplotlib', 'litestar', 'uvicorn') if m in sys.modules))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.strip() == "[]"


# ------------------------------------------------------------------------------------------------------------
# db


def test_db_upgrade_creates_the_schema_and_reports_the_revisions(database, engine):
    result = run("db", "upgrade")
    assert result.exit_code == 0, result.output
    revision = current_revision(engine)
    assert revision
    assert f"sqlite:///{database}" in result.output
    assert "Revision before: none (empty database)" in result.output
    assert f"Revision after:  {revision}" in result.output
    assert {"app_user", "team", "youth", "measure", "check_in", "score", "audit_event"} <= set(
        inspect(engine).get_table_names()
    )

    again = run("db", "upgrade")
    assert f"Revision before: {revision}" in again.output
    assert "Already up to date." in again.output


def test_db_current_tells_an_empty_database_from_a_migrated_one(database, engine):
    assert "Revision: none (empty database); run 'reclassering db upgrade'" in run("db", "current").output
    run("db", "upgrade")
    result = run("db", "current")
    assert result.exit_code == 0
    assert f"Revision: {current_revision(engine)} (newest)" in result.output


def test_a_broken_setting_exits_2_with_one_line(database, monkeypatch):
    monkeypatch.setenv("RECLASSERING_SESSION_HOURS", "twelve")
    result = run("db", "current")
    assert result.exit_code == 2
    assert len(result.stderr.splitlines()) == 1
    assert result.stderr.startswith("Error: invalid setting RECLASSERING_SESSION_HOURS:")


@pytest.mark.parametrize(
    ("variable", "value", "words"),
    [
        ("TIMEZONE", "Europe/Amsterdm", "RECLASSERING_TIMEZONE: 'Europe/Amsterdm' is not a time zone"),
        ("SESSION_HOURS", "-3", "RECLASSERING_SESSION_HOURS: expected `int` >= 1"),
        ("DEFAULT_LOCALE", "fr", "RECLASSERING_DEFAULT_LOCALE: 'fr' is not one of nl, en"),
        ("WEEKLY_ROUND_AT", "7 uur", "RECLASSERING_WEEKLY_ROUND_AT: write a time of day as HH:MM"),
        ("PORT", "70000", "RECLASSERING_PORT: expected `int` <= 65535"),
        ("TRUSTED_PROXIES", "10.0.0.0/33", "RECLASSERING_TRUSTED_PROXIES: '10.0.0.0/33'"),
        ("RETENTION_MODE", "shred", "RECLASSERING_RETENTION_MODE: 'shred' is not one of erase, pseudonymise"),
    ],
)
def test_every_setting_is_checked_at_start_and_named(database, monkeypatch, variable, value, words):
    monkeypatch.setenv(f"RECLASSERING_{variable}", value)
    result = run("db", "current")
    assert result.exit_code == 2
    assert len(result.stderr.splitlines()) == 1, result.stderr
    assert words in result.stderr
    assert "Traceback" not in result.output


@pytest.mark.parametrize(
    ("url", "words"),
    [
        ("not a url", "RECLASSERING_DATABASE_URL does not parse"),
        ("postgresql+psycopg://postgres@127.0.0.1:9/none", "the database cannot be reached"),
    ],
)
def test_a_database_that_cannot_be_used_is_one_line_and_exit_2(database, monkeypatch, url, words):
    monkeypatch.setenv("RECLASSERING_DATABASE_URL", url)
    for command in (("db", "current"), ("db", "upgrade")):
        result = run(*command)
        assert result.exit_code == 2, result.output
        assert len(result.stderr.splitlines()) == 1, result.stderr
        assert words in result.stderr
        assert "Traceback" not in result.output


def test_a_data_folder_that_cannot_be_made_is_one_line_and_exit_2(tmp_path, monkeypatch):
    # a file where the folder should be: refused for root too (a read-only mode would not stop root)
    (tmp_path / "taken").write_text("not a folder")
    monkeypatch.setenv("RECLASSERING_DATA_DIR", str(tmp_path / "taken" / "data"))
    monkeypatch.delenv("RECLASSERING_DATABASE_URL", raising=False)
    result = run("db", "upgrade")
    assert result.exit_code == 2, result.output
    assert len(result.stderr.splitlines()) == 1, result.stderr
    assert "cannot write" in result.stderr
    assert "RECLASSERING_DATA_DIR" in result.stderr
    assert "Traceback" not in result.output


# ------------------------------------------------------------------------------------------------------------
# team and user


def test_team_create(migrated, engine):
    result = run("team", "create", "Team Oost", "--shares-caseload")
    assert result.exit_code == 0, result.output
    assert result.output == "Created team 'Team Oost' (id 1; shares its caseload).\n"
    west = run("team", "create", "Team West")
    assert west.output == "Created team 'Team West' (id 2; does not share its caseload).\n"
    with Session(engine) as session:
        teams = session.exec(select(Team.name, Team.shares_caseload).order_by(Team.id)).all()
    assert [tuple(t) for t in teams] == [("Team Oost", True), ("Team West", False)]
    refused(run("team", "create", "Team Oost"), "a team called 'Team Oost' already exists")


def test_user_create_with_password_on_stdin_can_log_in(migrated, engine):
    run("team", "create", "Team Oost")
    result = run(
        "user",
        "create",
        "--role",
        "worker",
        "--username",
        "Karin",
        "--display-name",
        "Karin de Wit",
        "--team",
        "Team Oost",
        "--password-stdin",
        input=f"{PASSWORD}\n",
    )
    assert result.exit_code == 0, result.output
    assert result.output == "Created user 'karin' (worker, team 'Team Oost', id 1).\n"
    with Session(engine) as session:
        user = users.authenticate(session, "karin", PASSWORD, "test")
        assert user is not None
        assert (user.role, user.display_name, user.team_id) == ("worker", "Karin de Wit", 1)
        assert users.authenticate(session, "karin", "wrong-password-x", "test") is None


def test_user_create_prompts_twice_for_a_hidden_password(migrated, engine):
    result = run("user", "create", "--role", "admin", "--username", "beheer", input=f"{PASSWORD}\n{PASSWORD}\n")
    assert result.exit_code == 0, result.output
    assert "Repeat for confirmation" in result.output
    assert PASSWORD not in result.output
    with Session(engine) as session:
        assert users.authenticate(session, "beheer", PASSWORD, "test") is not None


def test_too_short_password_exits_2_and_stores_nothing(migrated, engine):
    run("team", "create", "Team Oost")
    result = run(
        "user",
        "create",
        "--role",
        "worker",
        "--username",
        "karin",
        "--team",
        "Team Oost",
        "--password-stdin",
        input="kort\n",
    )
    refused(result, "the password needs at least 10 characters")
    assert count(engine, User) == 0


def test_unknown_role_exits_2(migrated, engine):
    result = run("user", "create", "--role", "boss", "--username", "karin", "--password-stdin", input=f"{PASSWORD}\n")
    refused(result, "--role: unknown role 'boss'; choose one of worker, supervisor, expert, youth, admin")
    assert count(engine, User) == 0


def test_unknown_team_exits_2_and_creates_no_team(migrated, engine):
    run("team", "create", "Team Oost")
    result = run(
        "user",
        "create",
        "--role",
        "worker",
        "--username",
        "karin",
        "--team",
        "Team Noord",
        "--password-stdin",
        input=f"{PASSWORD}\n",
    )
    refused(
        result,
        "there is no team called 'Team Noord' (existing teams: 'Team Oost'); "
        "create it with: reclassering team create 'Team Noord'",
    )
    assert count(engine, Team) == 1


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--role", "worker", "--username", "karin"], "workers and supervisors belong to a team"),
        (
            ["--role", "admin", "--username", "jan piet"],
            "--username: expected `str` matching regex '^[A-Za-z0-9._-]+$'",
        ),
        (
            ["--role", "admin", "--username", "beheer", "--display-name", "x" * 121],
            "--display-name: expected `str` of length <= 120",
        ),
        (
            ["--role", "youth", "--username", "daan"],
            "a youth account names its youth record (youth_id), and only a youth account does",
        ),
        (["--role", "youth", "--username", "daan", "--youth-id", "99"], "there is no youth 99"),
    ],
)
def test_the_rules_of_the_api_apply(migrated, engine, args, message):
    refused(run("user", "create", *args, "--password-stdin", input=f"{PASSWORD}\n"), message)
    assert count(engine, User) == 0


def test_a_taken_username_exits_2(migrated):
    assert (
        run(
            "user", "create", "--role", "admin", "--username", "beheer", "--password-stdin", input=f"{PASSWORD}\n"
        ).exit_code
        == 0
    )
    refused(
        run("user", "create", "--role", "admin", "--username", "BEHEER", "--password-stdin", input=f"{PASSWORD}\n"),
        "the username 'beheer' is taken",
    )


def test_no_password_on_stdin_exits_2(migrated):
    refused(
        run("user", "create", "--role", "admin", "--username", "beheer", "--password-stdin", input=""),
        "no password on standard input (expected it as one line)",
    )


def test_user_create_asks_for_migrations_first(database):
    result = run("user", "create", "--role", "admin", "--username", "beheer", "--password-stdin", input=f"{PASSWORD}\n")
    assert result.exit_code == 2
    assert result.stderr.startswith("Error: the database has no schema yet")
    assert result.stderr.rstrip().endswith("run 'reclassering db upgrade' first")


def test_a_youth_account_opens_its_youth_record_and_the_trail_shows_it(database, engine):
    assert run("demo-data", "--youths", "3").exit_code == 0
    result = run(
        "user",
        "create",
        "--role",
        "youth",
        "--username",
        "milan",
        "--display-name",
        "Milan S.",
        "--youth-id",
        "3",
        "--password-stdin",
        input=f"{PASSWORD}\n",
    )
    assert result.exit_code == 0, result.output
    with Session(engine) as session:
        user = session.exec(select(User).where(User.username == "milan")).one()
        youth = session.get(Youth, 3)
        events = session.exec(select(AuditEvent).where(AuditEvent.access_point == "cli:user create")).all()
    assert youth is not None and youth.user_id == user.id
    assert [(e.youth_id, e.action, e.object_type, e.object_id, e.outcome) for e in events] == [
        (3, "update", "youth_account", user.id, "success")
    ]
    refused(
        run(
            "user",
            "create",
            "--role",
            "youth",
            "--username",
            "milan2",
            "--youth-id",
            "3",
            "--password-stdin",
            input=f"{PASSWORD}\n",
        ),
        "youth 3 already has an account",
    )


# ------------------------------------------------------------------------------------------------------------
# demo-data


def test_demo_data_loads_once_and_refuses_the_second_time(database, engine):
    first = run("demo-data")
    assert first.exit_code == 0, first.output
    assert "Loaded the demo data: 8 youths in 'Team Utrecht-Noord'" in first.output
    assert f"one password for all: {demo.DEMO_PASSWORD}" in first.output
    for username in ("femke", "bram", "ilse", "anouk", "beheer", "daan", "noor"):
        assert f"  {username} " in first.output
    assert (count(engine, Youth), count(engine, User)) == (8, 7)

    second = run("demo-data")
    refused(
        second,
        "the database already holds 7 user(s), so no demo data was loaded: it only goes into an empty "
        "database (point RECLASSERING_DATA_DIR or RECLASSERING_DATABASE_URL at a fresh one)",
    )
    assert (count(engine, Youth), count(engine, User)) == (8, 7)


def test_demo_data_takes_the_number_of_youths_and_refuses_too_many(database, engine):
    assert run("demo-data", "--youths", "2", "--seed", "3").exit_code == 0
    assert count(engine, Youth) == 2
    result = run("demo-data", "--youths", "13")
    assert result.exit_code == 2
    assert "13 is not in the range 2<=x<=12" in result.output


# ------------------------------------------------------------------------------------------------------------
# serve


@pytest.fixture
def served(monkeypatch: pytest.MonkeyPatch) -> list[dict[str, Any]]:
    """Replaces uvicorn.run: records what the server would have been started with."""
    import uvicorn

    calls: list[dict[str, Any]] = []
    monkeypatch.setattr(uvicorn, "run", lambda app, **kwargs: calls.append({"app": app, **kwargs}))
    return calls


def test_serve_demo_loads_the_demo_once_prints_how_to_log_in_and_serves_plain_http(database, engine, served):
    from litestar.testing import TestClient

    result = run("serve", "--demo", "--port", "8123")
    assert result.exit_code == 0, result.output
    assert "cookie_secure=False" in result.output
    assert "femke   worker      Femke Jansen" in result.output
    assert "noor    youth       Noor B." in result.output
    assert "http://127.0.0.1:8123/schema" in result.output
    assert (
        "curl -X POST http://127.0.0.1:8123/api/v1/auth/login -H 'Content-Type: application/json' "
        '-d \'{"username":"femke","password":"demo-wachtwoord-2026"}\''
    ) in result.output
    assert (count(engine, Youth), count(engine, User)) == (8, 7)

    [call] = served
    assert (call["host"], call["port"]) == ("127.0.0.1", 8123)
    settings = call["app"].state.settings
    assert settings.cookie_secure is False
    with TestClient(call["app"]) as client:
        response = client.post("/api/v1/auth/login", json={"username": "daan", "password": demo.DEMO_PASSWORD})
        assert response.status_code == 200, response.text
        assert "secure" not in response.headers["set-cookie"].lower()
        token = response.json()["token"]
        own = client.get("/api/v1/youths", headers={"Authorization": f"Bearer {token}"}).json()
        assert [y["display_name"] for y in own["items"]] == ["Daan V."]

    again = run("serve", "--demo", "--port", "8123")
    assert again.exit_code == 0, again.output
    assert "already holds 7 user(s); no demo data added" in again.output
    assert "femke   worker      Femke Jansen" in again.output
    assert (count(engine, Youth), count(engine, User)) == (8, 7)


def test_serve_applies_migrations_and_takes_host_and_port_over_the_environment(database, engine, served, monkeypatch):
    monkeypatch.setenv("RECLASSERING_PORT", "9000")
    monkeypatch.setenv("RECLASSERING_HOST", "127.0.0.2")
    result = run("serve", "--port", "9001")
    assert result.exit_code == 0, result.output
    assert current_revision(engine) is not None
    [call] = served
    assert (call["host"], call["port"]) == ("127.0.0.2", 9001)
    assert call["app"].state.settings.cookie_secure is True
    assert count(engine, User) == 0
