"""Notifications the scheduled jobs leave for users: made set-based, once per key, read in the user's language.

A job writes notifications with ``insert_from_select``: one ``INSERT … SELECT`` over the whole database that
skips rows already there (the unique key is job, run key, recipient and subject), so a repeated or
overlapping run adds nothing. The text is not stored: a notification keeps its kind and parameters and is
worded when read, in Dutch by default or in English.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, datetime
from typing import Any

from sqlalchemy import Select, and_, update
from sqlalchemy.dialects import postgresql, sqlite
from sqlmodel import Session, col, func, select

from ..catalogue import translations
from .models import Notification
from .types import utcnow

COLUMNS = ("recipient_id", "job", "run_key", "kind", "subject", "youth_id", "params", "created_at")

#: kind -> its text as an English message id of the ``messages`` catalogue (Dutch in ``messages.po``);
#: ``{name}``-style fields come from the notification's parameters.
TEXTS: dict[str, str] = {
    "checkin_missing": ("The check-in of {youth} for week {week} is missing."),
    "checkin_overdue": ("Overdue: {youth} (worker {worker}) has had no check-in for two weeks ({weeks})."),
    "measure_ending": ("The measure of {youth} ends on {planned_end}."),
    "conference_upcoming": ("Case conference on {youth} on {held_on}."),
    "breach_unreported": (
        "The breach or new suspicion of {occurred_on} by {youth} has not been reported back (OM/Raad) after "
        "{days} working days, and no reason not to is recorded."
    ),
    "network_link_expiring": (
        "The personal link of {member} (network of {youth}) works until {expires_on}; make a new one if needed."
    ),
    "breach_unreported_team": (
        "Not reported back: the breach or new suspicion of {occurred_on} by {youth} (worker {worker}) has not been "
        "reported back to the OM/Raad after {days} working days."
    ),
}


def text_of(kind: str, params: dict[str, Any], locale: str = "nl") -> str:
    """The notification worded for ``locale`` (nl or en); unknown kinds fall back to the kind itself."""
    template = TEXTS.get(kind)
    if template is None:
        return kind
    worded = translations("en" if locale.startswith("en") else "nl", "messages").gettext(template)
    try:
        return worded.format(**params)
    except (KeyError, IndexError, ValueError):
        return worded


def insert_from_select(session: Session, rows: Select[Any]) -> int:
    """Insert the notifications ``rows`` selects (columns in ``COLUMNS`` order), skipping existing ones.

    One statement. Returns how many were new.
    """
    dialect = session.get_bind().dialect.name
    table = Notification.__table__  # type: ignore[attr-defined]
    if dialect == "postgresql":
        statement: Any = postgresql.insert(table).from_select(COLUMNS, rows).on_conflict_do_nothing()
    elif dialect == "sqlite":
        statement = sqlite.insert(table).from_select(COLUMNS, rows).on_conflict_do_nothing()
    else:  # pragma: no cover - the service supports SQLite and PostgreSQL only
        raise RuntimeError(f"no insert-or-skip for {dialect}")
    # RETURNING rather than rowcount: psycopg reports no row count for INSERT … SELECT … ON CONFLICT
    return len(session.execute(statement.returning(table.c.id)).all())


def for_user(
    session: Session, user_id: int, *, unread_only: bool = False, limit: int = 50, offset: int = 0
) -> tuple[list[Notification], int, int]:
    """The user's notifications, unread first and newest first within; their total and the unread count."""
    where = [Notification.recipient_id == user_id]
    if unread_only:
        where.append(col(Notification.read_at).is_(None))
    counts = session.exec(
        select(func.count(), func.count().filter(col(Notification.read_at).is_(None)))
        .select_from(Notification)
        .where(Notification.recipient_id == user_id)
    ).one()
    total, unread = int(counts[0]), int(counts[1])
    if unread_only:
        total = unread
    rows = session.exec(
        select(Notification)
        .where(*where)
        .order_by(
            col(Notification.read_at).is_not(None),
            col(Notification.created_at).desc(),
            col(Notification.id).desc(),
        )
        .offset(offset)
        .limit(limit)
    ).all()
    return list(rows), total, unread


def unread_count(session: Session, user_id: int) -> int:
    """How many of the user's notifications are unread (one indexed count, for the page navigation)."""
    return int(
        session.exec(
            select(func.count())
            .select_from(Notification)
            .where(Notification.recipient_id == user_id, col(Notification.read_at).is_(None))
        ).one()
    )


def mark_read(session: Session, user_id: int, ids: Sequence[int] | None, *, at: datetime | None = None) -> int:
    """Mark the user's notifications ``ids`` (all of them when None) read; others' ids are ignored."""
    conditions = [Notification.recipient_id == user_id, col(Notification.read_at).is_(None)]
    if ids is not None:
        if not ids:
            return 0
        conditions.append(col(Notification.id).in_(list(ids)))
    result = session.execute(update(Notification).where(and_(*conditions)).values(read_at=at or utcnow()))
    return max(result.rowcount or 0, 0)  # type: ignore[attr-defined]


def iso(day: date) -> str:
    return day.isoformat()
