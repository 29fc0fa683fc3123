"""The ``reclassering`` command: run the server, migrate the database, manage accounts, load demo data.

The web application and uvicorn are imported inside ``serve`` only, so ``--help`` and the administrative
commands start quickly; matplotlib is never imported here.
"""

from __future__ import annotations

import os
import re
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import click
import msgspec
from sqlalchemy import Engine
from sqlalchemy.engine import make_url
from sqlalchemy.exc import ArgumentError, OperationalError
from sqlmodel import Session, select

from . import __version__, demo
from .casefile import audit, db, users
from .casefile.errors import DomainError
from .casefile.models import Team, User
from .casefile.vocab import AuditAction, AuditOutcome, Role
from .settings import PREFIX, Settings, SettingsError, load_settings

#: Exit status of a refused command (bad input, a domain rule, a broken setting), as click uses for bad usage.
EXIT_REFUSED = 2
ROLES = ", ".join(r.value for r in Role)


class Refused(click.ClickException):
    """Printed as one line on stderr; exit status 2, never a traceback."""

    exit_code = EXIT_REFUSED


class ReclasseringGroup(click.Group):
    """Turns the errors a person can cause into ``Refused``, for every command below it."""

    def invoke(self, ctx: click.Context) -> Any:
        try:
            return super().invoke(ctx)
        except DomainError as exc:
            raise Refused(exc.message) from None
        except SettingsError as exc:
            raise Refused(str(exc)) from None
        except msgspec.ValidationError as exc:
            raise Refused(describe_validation_error(exc)) from None
        except ArgumentError as exc:  # a database URL that does not parse
            raise Refused(f"{PREFIX}DATABASE_URL does not parse as a database URL: {exc}") from None
        except OperationalError as exc:  # the database cannot be reached or opened
            reason = str(exc.orig).strip().splitlines()[0] if exc.orig else type(exc).__name__
            raise Refused(f"the database cannot be reached: {reason} (check {PREFIX}DATABASE_URL)") from None
        except OSError as exc:  # the data folder (or a file in it) cannot be made or written
            where = exc.filename or "the data folder"
            raise Refused(f"cannot write {where}: {exc.strerror or exc} (check {PREFIX}DATA_DIR)") from None


_AT_PATH = re.compile(r"^(?P<message>.*?)(?: - at `\$\.(?P<field>[\w.\[\]]+)`)?$", re.DOTALL)


def describe_validation_error(exc: msgspec.ValidationError, options: dict[str, str] | None = None) -> str:
    """One line naming the option: ``Expected `str` of length <= 120 - at `$.display_name``` becomes
    ``--display-name: expected `str` of length <= 120``."""
    match = _AT_PATH.match(str(exc))
    message, field = (match.group("message"), match.group("field")) if match else (str(exc), None)
    message = message[:1].lower() + message[1:]
    if field is None:
        return f"invalid input: {message}"
    name = (options or {}).get(field, f"--{field.replace('_', '-')}")
    return f"{name}: {message}"


@contextmanager
def _engine(settings: Settings) -> Iterator[Engine]:
    engine = db.make_engine(settings.resolved_database_url)
    try:
        yield engine
    finally:
        engine.dispose()


def _database_label(settings: Settings) -> str:
    return make_url(settings.resolved_database_url).render_as_string(hide_password=True)


def _require_schema(engine: Engine) -> None:
    """Refuse to work on a database whose schema is missing or out of date."""
    current, head = db.current_revision(engine), db.head_revision()
    if current != head:
        found = f"schema revision {current}" if current else "no schema yet"
        raise Refused(f"the database has {found} (this version needs {head}); run 'reclassering db upgrade' first")


@click.group(cls=ReclasseringGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="reclassering")
def cli() -> None:
    """Progress tracker for youth probation (jeugdreclassering).

    Configuration comes from RECLASSERING_* environment variables (for example RECLASSERING_DATA_DIR,
    RECLASSERING_DATABASE_URL); command-line options override them.
    """


# ------------------------------------------------------------------------------------------------------------
# serve


@cli.command()
@click.option(
    "--demo",
    "demo_mode",
    is_flag=True,
    help="Try it out: load synthetic demo data into an empty database, print the demo accounts and "
    "let the session cookie travel over plain HTTP.",
)
@click.option(
    "--host", default=None, metavar="HOST", help="Address to listen on [default: RECLASSERING_HOST, else 127.0.0.1]."
)
@click.option(
    "--port",
    default=None,
    type=click.IntRange(1, 65535),
    metavar="PORT",
    help="Port to listen on [default: RECLASSERING_PORT, else 8000].",
)
@click.option("--reload", is_flag=True, help="Restart when the source changes (development only).")
def serve(demo_mode: bool, host: str | None, port: int | None, reload: bool) -> None:
    """Run the web service.

    Serves the API, the pages and the Swagger docs at /schema; applies pending database migrations first.
    """
    overrides: dict[str, object] = {"host": host, "port": port}
    if demo_mode:
        overrides["cookie_secure"] = False
    settings = load_settings(**overrides)
    with _engine(settings) as engine:
        db.upgrade(engine)
        if demo_mode:
            _prepare_demo(engine, settings)
    _run_server(settings, overrides, reload=reload)


def _prepare_demo(engine: Engine, settings: Settings) -> None:
    """Load the demo world into an empty database (never twice) and say how to log in."""
    with db.unit_of_work(engine) as session:
        existing = demo.count_users(session)
        accounts = demo.existing_demo_accounts(session)
    if existing:
        click.echo(f"The database already holds {existing} user(s); no demo data added.")
    else:
        click.echo("Loading the demo data (synthetic youths and staff) …")
        accounts = demo.load_demo(engine, settings=settings)
    click.echo(
        "Demo mode: the session cookie is also sent over plain HTTP (cookie_secure=False). "
        "Do not use demo mode on a server others can reach."
    )
    if accounts.accounts:
        _print_accounts(accounts)
        _print_login_help(settings, accounts)


def _print_accounts(accounts: demo.DemoAccounts) -> None:
    click.echo("")
    click.echo(f"Demo accounts (one password for all: {accounts.password}):")
    width = max(len(a.username) for a in accounts.accounts)
    for account in accounts.accounts:
        click.echo(f"  {account.username:<{width}}  {account.role!s:<10}  {account.display_name}")


def _print_login_help(settings: Settings, accounts: demo.DemoAccounts) -> None:
    base = _base_url(settings)
    credentials = {"username": accounts.accounts[0].username, "password": accounts.password}
    body = msgspec.json.encode(credentials).decode()
    click.echo("")
    click.echo(f"API docs (Swagger UI): {base}/schema")
    click.echo("Log in for a bearer token:")
    click.echo(f"  curl -X POST {base}/api/v1/auth/login -H 'Content-Type: application/json' -d '{body}'")
    click.echo("Then send the token along:")
    click.echo(f"  curl {base}/api/v1/youths -H 'Authorization: Bearer <token>'")
    click.echo("")


def _base_url(settings: Settings) -> str:
    host = settings.host
    if host in ("", "0.0.0.0", "::"):
        host = "127.0.0.1"
    elif ":" in host:
        host = f"[{host}]"
    return f"http://{host}:{settings.port}"


def _run_server(settings: Settings, overrides: dict[str, object], *, reload: bool) -> None:
    import uvicorn

    if reload:
        # The reloading worker is a fresh process that reads its settings from the environment,
        # so the command-line overrides travel there as RECLASSERING_* variables.
        for name, value in overrides.items():
            if value is not None:
                text = str(value).lower() if isinstance(value, bool) else str(value)
                os.environ[f"{PREFIX}{name.upper()}"] = text
        uvicorn.run(
            "reclassering.cli:app_from_environment",
            factory=True,
            reload=True,
            reload_dirs=[str(Path(__file__).parent)],
            host=settings.host,
            port=settings.port,
        )
        return
    from .app import create_app

    uvicorn.run(create_app(settings, migrate=False), host=settings.host, port=settings.port)


def app_from_environment() -> Any:
    """The application for the settings in the environment (the factory behind ``serve --reload``)."""
    from .app import create_app

    return create_app(load_settings())


# ------------------------------------------------------------------------------------------------------------
# db


@cli.group("db")
def db_group() -> None:
    """Database schema: apply migrations, show the revision."""


@db_group.command("upgrade")
def db_upgrade() -> None:
    """Apply all pending migrations (creates the schema in an empty database)."""
    settings = load_settings()
    with _engine(settings) as engine:
        before = db.current_revision(engine)
        db.upgrade(engine)
        after = db.current_revision(engine)
    click.echo(f"Database: {_database_label(settings)}")
    click.echo(f"Revision before: {before or 'none (empty database)'}")
    click.echo(f"Revision after:  {after}")
    if before == after:
        click.echo("Already up to date.")


@db_group.command("current")
def db_current() -> None:
    """Show the schema revision of the database and whether it is the newest."""
    settings = load_settings()
    with _engine(settings) as engine:
        current, head = db.current_revision(engine), db.head_revision()
    click.echo(f"Database: {_database_label(settings)}")
    if current is None:
        click.echo("Revision: none (empty database); run 'reclassering db upgrade'")
    elif current == head:
        click.echo(f"Revision: {current} (newest)")
    else:
        click.echo(f"Revision: {current} (newest is {head}; run 'reclassering db upgrade')")


# ------------------------------------------------------------------------------------------------------------
# team and user


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
    with _engine(settings) as engine:
        _require_schema(engine)
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
    with _engine(settings) as engine:
        _require_schema(engine)
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


# ------------------------------------------------------------------------------------------------------------
# demo-data


@cli.command("demo-data")
@click.option(
    "--youths",
    default=8,
    show_default=True,
    type=click.IntRange(demo.MIN_YOUTHS, demo.MAX_YOUTHS),
    metavar="N",
    help="How many synthetic youths to create.",
)
@click.option(
    "--seed",
    default=7,
    show_default=True,
    type=int,
    metavar="N",
    help="Seed of the random generator: the same seed gives the same data.",
)
def demo_data(youths: int, seed: int) -> None:
    """Load synthetic demo data into an empty database.

    Creates a team, its staff and youths with months of history, all invented. Applies pending migrations
    first. Refuses when the database already holds users, so demo records never mix with real ones.
    """
    from rich.console import Console
    from rich.progress import Progress

    settings = load_settings()
    with _engine(settings) as engine:
        db.upgrade(engine)
        with db.unit_of_work(engine) as session:
            demo.ensure_empty(session)
        with Progress(console=Console(stderr=True)) as progress:
            task = progress.add_task("Building the youths' records", total=youths)
            accounts = demo.load_demo(
                engine, youths=youths, seed=seed, progress=_advance(progress, task), settings=settings
            )
    click.echo(f"Loaded the demo data: {youths} youths in '{demo.TEAM_NAME}' ({_database_label(settings)}).")
    _print_accounts(accounts)


def _advance(progress: Any, task: Any) -> Callable[[str], None]:
    def advance(name: str) -> None:
        progress.update(task, advance=1, description=f"Built {name}")

    return advance


# ------------------------------------------------------------------------------------------------------------
# backup and restore


@cli.command("backup")
@click.argument("path", type=click.Path(dir_okay=False, path_type=Path))
def backup_command(path: Path) -> None:
    """Write a consistent backup of the whole database to PATH, while the service runs.

    SQLite: the online backup API (a plain copy of a live SQLite file misses the writes still in its -wal
    file). PostgreSQL: pg_dump in its custom format (the PostgreSQL client tools must be installed).
    """
    from .casefile import backup

    settings = load_settings()
    with _engine(settings) as engine, _page_progress("Backing up") as progress:
        _require_schema(engine)
        backup.backup(engine, path, progress)
    click.echo(f"Backed up {_database_label(settings)} to {path} ({path.stat().st_size:,} bytes).")


@cli.command("restore")
@click.argument("path", type=click.Path(dir_okay=False, exists=True, path_type=Path))
def restore_command(path: Path) -> None:
    """Restore the backup PATH into the configured database, which must be empty.

    Make the new database first (a new SQLite file name, or createdb on PostgreSQL); a restore never mixes a
    backup with records already there. Then start the service on it.
    """
    from .casefile import backup

    settings = load_settings()
    with _engine(settings) as engine, _page_progress("Restoring") as progress:
        backup.restore(engine, path, progress)
        revision = db.current_revision(engine)
    click.echo(f"Restored {path} into {_database_label(settings)} (schema revision {revision}).")


@contextmanager
def _page_progress(what: str) -> Iterator[Callable[[int, int], None]]:
    from rich.console import Console
    from rich.progress import Progress

    with Progress(console=Console(stderr=True), transient=True) as bar:
        task = bar.add_task(what, total=None)

        def step(done: int, total: int) -> None:
            bar.update(task, completed=done, total=total)

        yield step


# ------------------------------------------------------------------------------------------------------------
# scheduled jobs


@cli.command("scheduler")
def scheduler_command() -> None:
    """Run the scheduled jobs in this process (for deployments with several API servers).

    Switch the in-server scheduler off there (RECLASSERING_SCHEDULER_EMBEDDED=false). Several may be started:
    a database lease keeps one active, and another takes over within a minute when the active one dies.
    """
    import logging

    from .jobs.scheduler import serve_forever

    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s: %(message)s")
    logging.getLogger("apscheduler").setLevel(logging.WARNING)  # not a line per tick
    settings = load_settings()
    with _engine(settings) as engine:
        _require_schema(engine)
        serve_forever(engine, settings)


@cli.group("jobs")
def jobs_group() -> None:
    """The scheduled jobs: list them, run one by hand."""


@jobs_group.command("list")
def jobs_list() -> None:
    """The jobs, what each does, the key due now and its last run."""
    from .jobs.registry import JOBS
    from .jobs.runner import last_runs

    settings = load_settings()
    with _engine(settings) as engine:
        _require_schema(engine)
        runs = last_runs(engine)
    now = _now(None, settings)
    for name, job in JOBS.items():
        last = runs.get(name)
        seen = f"last run {last[0]} {last[1]}" if last else "never run"
        click.echo(f"{name:<16} due now: {job.due_key(now, settings):<12} {seen}")
        click.echo(f"{'':<16} {job.description}")


@jobs_group.command("run")
@click.argument("name")
@click.option("--now", "now_text", default=None, metavar="DATE", help="Run as if it were DATE (YYYY-MM-DD[THH:MM]).")
@click.option("--dry-run", is_flag=True, help="List what the job would do; change nothing.")
def jobs_run(name: str, now_text: str | None, dry_run: bool) -> None:
    """Run the job NAME for the key due now (or at --now). A key already done is skipped."""
    from rich.console import Console
    from rich.progress import Progress

    from .jobs import runner
    from .jobs.base import JobContext
    from .jobs.registry import JOBS

    job = JOBS.get(name)
    if job is None:
        raise Refused(f"there is no job '{name}' (jobs: {', '.join(JOBS)})")
    settings = load_settings()
    now = _now(now_text, settings)
    with _engine(settings) as engine, Progress(console=Console(stderr=True), transient=True) as progress:
        _require_schema(engine)
        task = progress.add_task(name, total=None)

        def step(done: int, total: int, what: str) -> None:
            progress.update(task, completed=done, total=total, description=f"{name}: {what}")

        ctx = JobContext(engine=engine, settings=settings, now=now, dry_run=dry_run, progress=step)
        outcome = runner.run(job, ctx, holder="cli")
    click.echo(f"{name} for {outcome.key}: {outcome.status.replace('_', ' ')}")
    for key, value in outcome.summary.items():
        if key != "would_go":
            click.echo(f"  {key}: {value}")
    for item in outcome.summary.get("would_go", []):  # a dry run of retention: the receipts it would leave
        ids = ", ".join(str(i) for i in item["record_ids"])
        click.echo(f"  would be {item['action']}: {item['count']} {item['object_type']} ({item['rule']}): {ids}")
    if outcome.status == "skipped":
        click.echo("  (already done for this key, or running elsewhere: nothing changed)")
    if outcome.status == "failed":
        raise click.ClickException(f"the job failed: {outcome.error}")


# ------------------------------------------------------------------------------------------------------------
# the audit trail


@cli.group("audit")
def audit_group() -> None:
    """The audit trail: check that nobody changed or removed an event."""


@audit_group.command("verify")
@click.option(
    "--batch-size",
    default=5000,
    show_default=True,
    type=click.IntRange(100, 100_000),
    metavar="N",
    help="Events read per query.",
)
def audit_verify(batch_size: int) -> None:
    """Walk the hash chain of the audit trail and report the first broken link.

    Exit status 0 when the chain is intact, 1 when an event was changed or removed (the report names it).
    """
    from rich.console import Console
    from rich.progress import Progress

    from .casefile import audit_chain

    settings = load_settings()
    with _engine(settings) as engine, Session(engine) as session:
        _require_schema(engine)
        with Progress(console=Console(stderr=True), transient=True) as progress:
            task = progress.add_task("Checking the audit trail", total=None)

            def step(done: int, total: int) -> None:
                progress.update(task, completed=done, total=total)

            verdict = audit_chain.verify(session, batch=batch_size, progress=step)
    start = f" (from the retention checkpoint after event {verdict.checkpoint})" if verdict.checkpoint else ""
    if verdict.broken is None:
        click.echo(f"{verdict.events} events, chain intact{start}.")
        click.echo(f"Head: event {verdict.head_id}, hash {verdict.head_hash} (note it elsewhere to compare later).")
        return
    where = f"event {verdict.broken.event_id}" if verdict.broken.event_id is not None else "the chain"
    click.echo(f"Broken link at {where}: {verdict.broken.problem}.")
    click.echo(f"{verdict.events} events before it checked and intact{start}.")
    sys.exit(1)


def _now(text: str | None, settings: Settings) -> Any:
    """--now as an aware UTC moment: a date means 12:00 local time that day."""
    from datetime import UTC, datetime
    from zoneinfo import ZoneInfo

    if text is None:
        return datetime.now(UTC)
    try:
        moment = datetime.fromisoformat(text if "T" in text or " " in text else f"{text}T12:00")
    except ValueError:
        raise Refused(f"--now: '{text}' is not a date; write YYYY-MM-DD or YYYY-MM-DDTHH:MM") from None
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=ZoneInfo(settings.timezone))
    return moment.astimezone(UTC)


from .cli_data import national_data  # noqa: E402 - registered last; it imports nothing from here

cli.add_command(national_data)


def main() -> None:
    """Entry point of the ``reclassering`` console script."""
    cli(prog_name="reclassering")


if __name__ == "__main__":  # python -m reclassering.cli
    main()
