"""What every command shares: one-line refusals, the engine, the schema check, progress and --now."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any

import click
import msgspec
from sqlalchemy import Engine
from sqlalchemy.engine import make_url
from sqlalchemy.exc import ArgumentError, OperationalError

from ..casefile import db
from ..casefile.errors import DomainError
from ..casefile.types import use_day_zone
from ..casefile.vocab import Role
from ..settings import PREFIX, Settings, SettingsError

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
def open_engine(settings: Settings) -> Iterator[Engine]:
    """The configured database, for a command that works on it in the service's day (``Settings.timezone``)."""
    use_day_zone(settings.timezone)
    engine = db.make_engine(settings.resolved_database_url)
    try:
        yield engine
    finally:
        engine.dispose()


def database_label(settings: Settings) -> str:
    return make_url(settings.resolved_database_url).render_as_string(hide_password=True)


def require_schema(engine: Engine) -> None:
    """Refuse to work on a database whose schema is missing or out of date."""
    current, head = db.current_revision(engine), db.head_revision()
    if current != head:
        found = f"schema revision {current}" if current else "no schema yet"
        raise Refused(f"the database has {found} (this version needs {head}); run 'reclassering db upgrade' first")


def moment(text: str | None, settings: Settings) -> Any:
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


@contextmanager
def page_progress(what: str) -> Iterator[Callable[[int, int], None]]:
    from rich.console import Console
    from rich.progress import Progress

    with Progress(console=Console(stderr=True), transient=True) as bar:
        task = bar.add_task(what, total=None)

        def step(done: int, total: int) -> None:
            bar.update(task, completed=done, total=total)

        yield step
