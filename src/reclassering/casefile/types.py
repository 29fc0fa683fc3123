"""Column types shared by the tables."""

from __future__ import annotations

from datetime import UTC, date, datetime
from typing import Annotated, Any
from zoneinfo import ZoneInfo

from msgspec import Meta
from sqlalchemy import Date, DateTime, event, inspect
from sqlalchemy.engine import Dialect
from sqlalchemy.orm import Session
from sqlalchemy.types import TypeDecorator

from .errors import Invalid

#: The calendar dates this service keeps: a measure, goal or event outside them is a typing error.
FIRST_DAY = date(1990, 1, 1)
LAST_DAY = date(2100, 12, 31)

#: A calendar date in a request (``YYYY-MM-DD``), between ``FIRST_DAY`` and ``LAST_DAY``. msgspec cannot bound a
#: date, so the bound is enforced where every date is stored (``refuse_dates_out_of_range``) and documented here.
Day = Annotated[
    date,
    Meta(
        description=f"A date from {FIRST_DAY.isoformat()} to {LAST_DAY.isoformat()}",
        examples=["2026-11-16"],
        extra_json_schema={"formatMinimum": FIRST_DAY.isoformat(), "formatMaximum": LAST_DAY.isoformat()},
    ),
]


def check_day(day: date, what: str) -> None:
    """``Invalid`` with a readable message when ``day`` lies outside the dates this service keeps."""
    if not FIRST_DAY <= day <= LAST_DAY:
        raise Invalid(
            f"{what} ({day.isoformat()}) lies outside the dates this service keeps "
            f"({FIRST_DAY.isoformat()} to {LAST_DAY.isoformat()}); check the year"
        )


class UTCDateTime(TypeDecorator[datetime]):
    """A timestamp stored in UTC and always returned timezone-aware, on SQLite and PostgreSQL alike.

    SQLite has no timezone-aware type and hands back naive values; this type normalises both ways so the
    rest of the code only ever sees aware UTC datetimes.
    """

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("naive datetime given where an aware UTC timestamp is required")
        value = value.astimezone(UTC)
        return value.replace(tzinfo=None) if dialect.name == "sqlite" else value

    def process_result_value(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            return value.replace(tzinfo=UTC)
        return value.astimezone(UTC)


def utcnow() -> datetime:
    """Now, in UTC, to the microsecond."""
    return datetime.now(UTC)


#: The time zone of the service's day (``Settings.timezone``): set once at start by ``use_day_zone``.
_day_zone: list[ZoneInfo] = [ZoneInfo("Europe/Amsterdam")]


def use_day_zone(name: str) -> None:
    """Make ``name`` (``Settings.timezone``) the time zone of the service's day; ``create_app`` and the scheduler
    call it with their settings."""
    _day_zone[0] = ZoneInfo(name)


def day_of(moment: datetime) -> date:
    """The service's day ``moment`` falls on: its date in the service's time zone, not in UTC."""
    return moment.astimezone(_day_zone[0]).date()


def today() -> date:
    """The service's day: today in its time zone (Europe/Amsterdam by default), not in UTC. It decides which week
    is this week and what lies in the future; from midnight there until midnight UTC it is a day ahead of UTC's."""
    return day_of(utcnow())


@event.listens_for(Session, "before_flush")
def refuse_dates_out_of_range(session: Session, _context: Any, _instances: Any) -> None:
    """Every calendar date written to any table, by the API, the pages or the command line, lies in range."""
    for obj in (*session.new, *session.dirty):
        state = inspect(obj)
        for column in state.mapper.columns:
            if not isinstance(column.type, Date) or isinstance(column.type, DateTime):
                continue
            key = state.mapper.get_property_by_column(column).key
            values = [getattr(obj, key)] if obj in session.new else state.attrs[key].history.added
            for value in values:
                if isinstance(value, date) and not isinstance(value, datetime):
                    check_day(value, column.name)
