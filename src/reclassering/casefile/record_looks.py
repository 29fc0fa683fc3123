"""The audit trail folded per youth, hour, staff member, action and part of the record (``RecordLook``): what the
youth's page "who looked at my record" is made of.

The database folds each appended event itself, in the transaction that appends it: a trigger on ``audit_event``
(migration 0020) inserts the successful staff events' hours with ``ON CONFLICT DO NOTHING`` (``OR IGNORE`` on
SQLite), so a caseload of 96 youths listed a hundred times an hour leaves 96 rows, not 9,600, and no request sends
a statement more for it. A row is written only while its youth exists (an event may name a youth being erased).
Here: ``latest`` reads a youth's newest rows from the unique index's first columns; ``forget_before`` removes the
rows of the hours retention purged from the trail.
"""

from __future__ import annotations

from datetime import UTC, datetime

from sqlalchemy import delete, select
from sqlmodel import Session, col

from .models import RecordLook, User


def hour_of(moment: datetime) -> datetime:
    """The start of the hour (UTC) ``moment`` falls in."""
    return moment.astimezone(UTC).replace(minute=0, second=0, microsecond=0)


def latest(session: Session, youth_id: int, limit: int) -> list[tuple[datetime, int, str, str, str, str | None]]:
    """The youth's ``limit`` newest looks: (moment, user id, role, action, part, the user's display name now)."""
    rows = session.execute(
        select(RecordLook.at, RecordLook.user_id, RecordLook.role, RecordLook.action, RecordLook.object_type)
        .add_columns(User.display_name)
        .join(User, col(User.id) == RecordLook.user_id, isouter=True)
        .where(RecordLook.youth_id == youth_id)
        .order_by(col(RecordLook.hour).desc(), col(RecordLook.at).desc())
        .limit(limit)
    ).all()
    return [tuple(row) for row in rows]  # type: ignore[misc]


def forget_before(session: Session, moment: datetime) -> int:
    """Remove the looks of the hours before the one ``moment`` falls in (the trail before it was purged)."""
    return session.execute(delete(RecordLook).where(col(RecordLook.hour) < hour_of(moment))).rowcount  # type: ignore[attr-defined]
