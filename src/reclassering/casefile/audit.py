"""The audit trail (NEN 7513): one function writes events; the trail is append-only in the database and
hash-chained (``audit_chain``), so a changed or removed event shows."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime

from msgspec import Struct
from sqlalchemy import inspect as sa_inspect
from sqlmodel import Session, col, func, select

from . import audit_chain
from .models import AuditEvent, User
from .types import utcnow
from .vocab import AuditAction, AuditOutcome

#: Key in a logged-in user's ``sqlalchemy.inspect(user).info``: the password reset their login follows.
VIA_RESET = "via_password_reset"


class Actor(Struct, frozen=True):
    """Who acts, as the trail records it (a snapshot: the user may be renamed or removed later)."""

    user_id: int | None
    username: str
    role: str
    on_behalf_of: str = ""
    #: The administrator's password reset the login follows, if any (written into each event's detail).
    via_reset: int | None = None

    @classmethod
    def of(cls, user: User | None, on_behalf_of: str = "") -> Actor:
        if user is None:
            return cls(user_id=None, username="", role="anonymous", on_behalf_of=on_behalf_of)
        state = sa_inspect(user, raiseerr=False)
        via_reset = state.info.get(VIA_RESET) if state is not None else None
        return cls(
            user_id=user.id, username=user.username, role=user.role, on_behalf_of=on_behalf_of, via_reset=via_reset
        )


class Access(Struct, frozen=True):
    """One access to (part of) a youth's record."""

    youth_id: int | None
    action: AuditAction
    object_type: str
    object_id: int | None = None
    #: This access's own detail, in place of the one ``record`` is given for all (e.g. the rule an erasure follows).
    detail: str = ""


def record(
    session: Session,
    actor: Actor,
    accesses: Iterable[Access],
    *,
    access_point: str,
    outcome: AuditOutcome,
    status_code: int | None = None,
    detail: str = "",
    at: datetime | None = None,
) -> int:
    """Append one event per access at the end of the hash chain (three small statements). Returns how many."""
    when = at or utcnow()
    rows = [
        {
            "at": when,
            "user_id": actor.user_id,
            "username": actor.username,
            "role": actor.role,
            "on_behalf_of": actor.on_behalf_of,
            "youth_id": a.youth_id,
            "action": str(a.action),
            "object_type": a.object_type,
            "object_id": a.object_id,
            "access_point": access_point[:300],
            "outcome": str(outcome),
            "status_code": status_code,
            "detail": _with_reset(a.detail or detail, actor.via_reset),
        }
        for a in accesses
    ]
    audit_chain.append(session, rows)
    return len(rows)


def _with_reset(detail: str, via_reset: int | None) -> str:
    if via_reset is None:
        return detail[:500]
    note = f"via password reset {via_reset}"
    return f"{detail[: 500 - len(note) - 2]}; {note}" if detail else note


def trail(session: Session, youth_id: int, *, limit: int = 50, offset: int = 0) -> tuple[list[AuditEvent], int]:
    """The youth's trail, newest first, and its total length."""
    where = AuditEvent.youth_id == youth_id
    total = session.exec(select(func.count()).select_from(AuditEvent).where(where)).one()
    rows = session.exec(
        select(AuditEvent)
        .where(where)
        .order_by(col(AuditEvent.at).desc(), col(AuditEvent.id).desc())
        .offset(offset)
        .limit(limit)
    ).all()
    return list(rows), total
