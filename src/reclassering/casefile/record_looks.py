"""The audit trail folded per youth, hour, staff member, action and part of the record (``RecordLook``): what the
youth's page "who looked at my record" is made of.

``fold`` runs inside ``audit.record``, in the transaction of the events themselves, for the events that succeeded:
an ``INSERT … SELECT … ON CONFLICT DO NOTHING`` per person, action, part and hour, so a caseload of 96 youths listed
a hundred times an hour leaves 96 rows, not 9,600. A row is written only while its youth exists (an event may name
a youth that is being erased). ``latest`` reads a youth's newest rows from the unique index's first columns;
``forget_before`` removes the rows of the hours retention purged from the trail.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import UTC, datetime
from functools import lru_cache
from typing import Any

from sqlalchemy import bindparam, delete, select
from sqlalchemy.dialects import postgresql, sqlite
from sqlmodel import Session, col

from .models import RecordLook, User, Youth
from .vocab import STAFF_ROLES

_TABLE = RecordLook.__table__  # type: ignore[attr-defined]
_FOLDED = ("hour", "user_id", "role", "action", "object_type", "at")


def hour_of(moment: datetime) -> datetime:
    """The start of the hour (UTC) ``moment`` falls in."""
    return moment.astimezone(UTC).replace(minute=0, second=0, microsecond=0)


def fold(session: Session, events: Iterable[dict[str, Any]]) -> None:
    """Fold successful audit events (``AuditEvent`` columns) into the youths' looks; staff events only. One
    statement per person, action, part and hour, naming all its youths (a caseload's 96 rows are one insert)."""
    groups: dict[tuple[Any, ...], tuple[datetime, set[int]]] = {}
    for event in events:
        if event["youth_id"] is None or event["user_id"] is None or event["role"] not in STAFF_ROLES:
            continue
        at = event["at"]
        key = (hour_of(at), event["user_id"], event["role"], event["action"], event["object_type"])
        first, youth_ids = groups.setdefault(key, (at, set()))
        youth_ids.add(event["youth_id"])
        if at < first:
            groups[key] = (at, youth_ids)
    statement = _insert(session.get_bind().dialect.name) if groups else None
    for (hour, user_id, role, action, object_type), (at, youth_ids) in groups.items():
        session.execute(
            statement,  # type: ignore[arg-type]
            {
                "youth_ids": sorted(youth_ids),
                "hour": hour,
                "user_id": user_id,
                "role": role,
                "action": action,
                "object_type": object_type,
                "at": at,
            },
        )


@lru_cache(maxsize=2)
def _insert(dialect: str) -> Any:
    """``INSERT INTO record_look … SELECT youth.id, … FROM youth WHERE youth.id IN (…) ON CONFLICT DO NOTHING``:
    only youths that exist (an event may name one being erased), and an hour already folded is left as it is."""
    source = select(col(Youth.id), *(bindparam(name, type_=_TABLE.c[name].type) for name in _FOLDED)).where(
        col(Youth.id).in_(bindparam("youth_ids", expanding=True))
    )
    insert = postgresql.insert if dialect == "postgresql" else sqlite.insert
    return insert(_TABLE).from_select(["youth_id", *_FOLDED], source).on_conflict_do_nothing()


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
