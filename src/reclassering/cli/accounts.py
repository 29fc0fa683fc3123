"""The database schema, teams and user accounts: ``db``, ``team`` and ``user``."""

from __future__ import annotations

import sys

import click
import msgspec
from sqlmodel import Session, select

from ..casefile import audit, db, users
from ..casefile.models import Team, User
from ..casefile.vocab import AuditAction, AuditOutcome, Role
from ..settings import load_settings
from .common import (
    ROLES,
    Refused,
    database_label,
    describe_validation_error,
    open_engine,
    require_schema,
)
from .group import cli


@cli.group("db")
def db_group() -> None:
    """Database schema: apply migrations, show the revision."""


@db_group.command("upgrade")
def db_upgrade() -> None:
    """Apply all pending migrations (creates the schema in an empty database)."""
    settings = load_settings()
    with open_engine(settings) as engine:
        before = db.current_revision(engine)
        db.upgrade(engine)
        after = db.current_revision(engine)
    click.echo(f"Database: {database_label(settings)}")
    click.echo(f"Revision before: {before or 'none (empty database)'}")
    click.echo(f"Revision after:  {after}")
    if before == after:
        click.echo("Already up to date.")


@db_group.command("current")
def db_current() -> None:
    """Show the schema revision of the database and whether it is the newest."""
    settings = load_settings()
    with open_engine(settings) as engine:
        current, head = db.current_revision(engine), db.head_revision()
    click.echo(f"Database: {database_label(settings)}")
    if current is None:
        click.echo("Revision: none (empty database); run 'reclassering db upgrade'")
    elif current == head:
        click.echo(f"Revision: {current} (newest)")
    else:
        click.echo(f"Revision: {current} (newest is {head}; run 'reclassering db upgrade')")


@cli.group("team")
def team_group() -> None:
    """Teams of workers and supervisors."""


@team_group.command("create")
@click.argument("name")
@click.option(
    "--shares-caseload", is_flag=True, help="Workers of this team reach each other's youths (a team caseload)."
)
def team_create(name: str, shares_caseload: bool) -> None:
    """Create a team called NAME."""
    settings = load_settings()
    with open_engine(settings) as engine:
        require_schema(engine)
        with db.unit_of_work(engine) as session:
            team = users.create_team(session, name, shares_caseload=shares_caseload)
    sharing = "shares its caseload" if team.shares_caseload else "does not share its caseload"
    click.echo(f"Created team '{team.name}' (id {team.id}; {sharing}).")


@cli.group("user")
def user_group() -> None:
    """User accounts."""


#: UserCreate field -> how the command line names it, for error messages.
USER_OPTIONS = {
    "username": "--username",
    "password": "the password",
    "role": "--role",
    "display_name": "--display-name",
    "team_id": "--team",
    "youth_id": "--youth-id",
}


@user_group.command("create")
@click.option("--role", required=True, metavar="ROLE", help=f"One of: {ROLES}.")
@click.option(
    "--username",
    required=True,
    metavar="NAME",
    help="Login name: letters, digits, '.', '_' or '-' (stored in lower case).",
)
@click.option("--display-name", default="", metavar="TEXT", help="Name shown in the application.")
@click.option(
    "--team",
    "team_name",
    default=None,
    metavar="TEAMNAME",
    help="Name of an existing team (workers and supervisors belong to one).",
)
@click.option(
    "--youth-id", type=int, default=None, metavar="N", help="For a youth account: the id of the youth record it opens."
)
@click.option(
    "--password-stdin", is_flag=True, help="Read the password as one line from standard input instead of prompting."
)
def user_create(
    role: str, username: str, display_name: str, team_name: str | None, youth_id: int | None, password_stdin: bool
) -> None:
    """Create a user account, under the same rules as accounts made in the application.

    Without --password-stdin the password is asked for twice, hidden.
    """
    role = _check_role(role)
    password = _read_password(password_stdin)
    settings = load_settings()
    with open_engine(settings) as engine:
        require_schema(engine)
        with db.unit_of_work(engine) as session:
            team_id = _team_id(session, team_name) if team_name is not None else None
            data = _user_create(
                {
                    "role": role,
                    "username": username,
                    "display_name": display_name,
                    "team_id": team_id,
                    "youth_id": youth_id,
                    "password": password,
                }
            )
            user = users.register_user(session, data)
            if data.youth_id is not None:
                _audit_youth_account(session, user, data.youth_id)
    team = f", team '{team_name}'" if team_name else ""
    click.echo(f"Created user '{user.username}' ({user.role}{team}, id {user.id}).")


def _check_role(role: str) -> str:
    value = role.strip().lower()
    if value not in {r.value for r in Role}:
        raise Refused(f"--role: unknown role '{role}'; choose one of {ROLES}")
    return value


def _read_password(from_stdin: bool) -> str:
    if from_stdin:
        password = sys.stdin.readline().rstrip("\r\n")
        if not password:
            raise Refused("no password on standard input (expected it as one line)")
    else:
        password = str(click.prompt("Password", hide_input=True, confirmation_prompt=True))
    if len(password) < users.MIN_PASSWORD_LENGTH:
        raise Refused(f"the password needs at least {users.MIN_PASSWORD_LENGTH} characters")
    return password


def _team_id(session: Session, name: str) -> int:
    team = session.exec(select(Team).where(Team.name == name.strip())).first()
    if team is None or team.id is None:
        known = ", ".join(f"'{t.name}'" for t in users.list_teams(session)) or "none yet"
        raise Refused(
            f"there is no team called '{name}' (existing teams: {known}); "
            f"create it with: reclassering team create '{name}'"
        )
    return team.id


def _user_create(fields: dict[str, object]) -> users.UserCreate:
    """Validate exactly as the API does (msgspec), naming the offending option on failure."""
    try:
        return msgspec.convert({k: v for k, v in fields.items() if v is not None}, users.UserCreate)
    except msgspec.ValidationError as exc:
        raise Refused(describe_validation_error(exc, USER_OPTIONS)) from None


def _audit_youth_account(session: Session, user: User, youth_id: int) -> None:
    """Linking an account to a youth's record changes that record: the trail shows it, as in the API."""
    actor = audit.Actor(user_id=None, username="", role="cli")
    access = audit.Access(youth_id=youth_id, action=AuditAction.UPDATE, object_type="youth_account", object_id=user.id)
    audit.record(session, actor, [access], access_point="cli:user create", outcome=AuditOutcome.SUCCESS)
