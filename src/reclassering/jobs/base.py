"""What a job is: a name, when it is due (its key for a moment in time) and set-based work on one key."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from typing import Any, Protocol
from zoneinfo import ZoneInfo

from sqlalchemy import Engine, literal_column
from sqlalchemy.sql.elements import ColumnElement
from sqlmodel import Session, func

from ..settings import Settings

#: A callback for long runs: (done, total, what) - the CLI draws a progress bar with it.
Progress = Callable[[int, int, str], None]


@dataclass
class JobContext:
    engine: Engine
    settings: Settings
    #: The moment the run is for (aware, UTC). Tests pass a fixed one; nothing in a job reads the clock.
    now: datetime
    dry_run: bool = False
    progress: Progress | None = None
    #: Extra work the embedded scheduler can do with the web app's state (e.g. warm the chart cache).
    hooks: dict[str, Any] = field(default_factory=dict)

    @property
    def zone(self) -> ZoneInfo:
        return ZoneInfo(self.settings.timezone)

    @property
    def local_now(self) -> datetime:
        return self.now.astimezone(self.zone)

    def step(self, done: int, total: int, what: str) -> None:
        if self.progress is not None:
            self.progress(done, total, what)


class Job(Protocol):
    name: str
    description: str

    def due_key(self, now: datetime, settings: Settings) -> str:
        """The key of the newest run that is due at ``now`` (its week or day)."""
        ...

    def run(self, session: Session, ctx: JobContext, key: str) -> dict[str, Any]:
        """Do the work for ``key`` in ``session`` (committed by the caller); returns what was done."""
        ...


def at_time(text: str) -> time:
    hours, _, minutes = text.partition(":")
    return time(int(hours), int(minutes or 0))


def due_day(now: datetime, settings: Settings, at: str) -> date:
    """The newest local day whose ``at`` time has passed at ``now``."""
    local = now.astimezone(ZoneInfo(settings.timezone))
    return local.date() if local.time() >= at_time(at) else local.date() - timedelta(days=1)


def json_params(session: Session, **values: ColumnElement[Any]) -> ColumnElement[Any]:
    """A JSON object built in SQL from columns (``json_object`` on SQLite, ``json_build_object`` on PostgreSQL)."""
    args: list[Any] = []
    for name, value in values.items():
        args.extend([literal_column(f"'{name}'"), value])  # names are ours, never user input
    if session.get_bind().dialect.name == "postgresql":
        return func.json_build_object(*args)
    return func.json_object(*args)
