"""The audit trail (NEN 7513): one function writes events; the trail is append-only in the database and
hash-chained (``audit_chain``), so a changed or removed event shows."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import UTC, date, datetime
from typing import Any
from zoneinfo import ZoneInfo

from msgspec import Struct
from sqlalchemy import inspect as sa_inspect
from sqlmodel import Session, col, func, select

from . import audit_chain
from .models import AuditEvent, NetworkMember, User, Youth
from .types import utcnow
from .vocab import STAFF_ROLES, AuditAction, AuditOutcome

#: The role the trail records for a network member acting through their personal link (no account); their
#: username is ``network:<member id>``. Only the values change, never the columns or the chain's encoding.
NETWORK_ROLE = "network"

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

    @classmethod
    def network_member(cls, member_id: int) -> Actor:
        """A network member using their link: no account, named by their member id."""
        return cls(user_id=None, username=f"{NETWORK_ROLE}:{member_id}", role=NETWORK_ROLE)


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
    audit_chain.append(session, rows)  # the database folds them into the youths' looks (casefile.record_looks)
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


def search(
    session: Session,
    *,
    youth_id: int | None = None,
    username: str | None = None,
    since: datetime | None = None,
    until: datetime | None = None,
    limit: int = 50,
    offset: int = 0,
) -> tuple[list[tuple[AuditEvent, str]], int]:
    """Events of the trail by youth, by user (the username the event recorded) and by period (``since`` up to,
    not including, ``until``), newest first, each with the actor's display name as it is now ("" for a removed
    account); and how many match."""
    where = []
    if youth_id is not None:
        where.append(AuditEvent.youth_id == youth_id)
    if username:
        where.append(AuditEvent.username == username.strip().lower())
    if since is not None:
        where.append(AuditEvent.at >= since)
    if until is not None:
        where.append(AuditEvent.at < until)
    total = session.exec(select(func.count()).select_from(AuditEvent).where(*where)).one()
    rows = session.exec(
        select(AuditEvent, User.display_name)
        .outerjoin(User, col(User.id) == AuditEvent.user_id)
        .where(*where)
        .order_by(col(AuditEvent.at).desc(), col(AuditEvent.id).desc())
        .offset(offset)
        .limit(limit)
    ).all()
    return [(event, name or "") for event, name in rows], total


# --- "who looked at my record": the trail as a youth may see it ------------------------------------------------


class AccessLogEntry(Struct, frozen=True):
    """Who reached which part of a youth's record on one day, how often, and whether it was let through.

    Staff are named by display name and role, a network member by their name in the youth's network; another
    youth, the system, the command line and people who were not logged in by their kind alone. Never a username
    of a youth, never an address.
    """

    day: date
    #: Staff: the display name (the username if it has none); a network member: their name; empty for everyone else
    #: and for removed accounts or members.
    who: str
    #: worker, supervisor, expert, admin; youth (another youth), system, cli or anonymous.
    role: str
    action: str
    object_type: str
    outcome: str
    times: int
    first_at: datetime
    last_at: datetime


def access_log(
    session: Session,
    youth_id: int,
    *,
    zone: ZoneInfo = ZoneInfo("Europe/Amsterdam"),
    limit: int | None = None,
    offset: int = 0,
) -> tuple[list[AccessLogEntry], int]:
    """Who reached the youth's record, grouped per person, per part of the record, per local day; newest first.

    The youth's own accesses are left out. One query groups the trail per UTC hour (whole hours map onto the local
    day exactly); the hours are then merged into local days here. Returns a page of entries and their total.
    """
    own = select(Youth.user_id).where(Youth.id == youth_id).scalar_subquery()
    if session.get_bind().dialect.name == "postgresql":
        hour: Any = func.date_trunc("hour", func.timezone("UTC", AuditEvent.at))
    else:
        hour = func.strftime("%Y-%m-%d %H:00:00", AuditEvent.at)
    person = (
        AuditEvent.user_id,
        AuditEvent.username,
        AuditEvent.role,
        AuditEvent.action,
        AuditEvent.object_type,
        AuditEvent.outcome,
    )
    rows = session.execute(
        select(
            *person,
            User.display_name,
            User.username,
            hour,
            func.count(),
            func.min(AuditEvent.at),
            func.max(AuditEvent.at),
        )
        .outerjoin(User, col(User.id) == AuditEvent.user_id)
        .where(AuditEvent.youth_id == youth_id, func.coalesce(AuditEvent.user_id, -1) != func.coalesce(own, -2))
        .group_by(*person, User.display_name, User.username, hour)
    ).all()
    members = _network_names(session, youth_id, {username for _, username, role, *_ in rows if role == NETWORK_ROLE})
    days: dict[tuple[Any, ...], list[Any]] = {}
    for (
        user_id,
        username,
        role,
        action,
        object_type,
        outcome,
        display_name,
        account,
        hour_start,
        times,
        first,
        last,
    ) in rows:
        start = hour_start if isinstance(hour_start, datetime) else datetime.fromisoformat(hour_start)
        day = start.replace(tzinfo=UTC).astimezone(zone).date()
        member = username if role == NETWORK_ROLE else ""
        key = (day, user_id, member, role, action, object_type, outcome)
        who = (display_name or account or "") if role in STAFF_ROLES else members.get(member, "")
        merged = days.setdefault(key, [who, 0, first, last])
        merged[1] += times
        merged[2], merged[3] = min(merged[2], first), max(merged[3], last)
    entries = sorted(
        (
            AccessLogEntry(day, who, role, action, object_type, outcome, times, first, last)
            for (day, _, _, role, action, object_type, outcome), (who, times, first, last) in days.items()
        ),
        key=lambda e: (e.last_at, e.role, e.who, e.object_type),
        reverse=True,
    )
    end = None if limit is None else offset + limit
    return entries[offset:end], len(entries)


def _network_names(session: Session, youth_id: int, usernames: set[str]) -> dict[str, str]:
    """``network:<id>`` -> the member's name, for the youth's own network members still on record."""
    ids = {int(u.partition(":")[2]) for u in usernames if u.partition(":")[2].isdigit()}
    if not ids:
        return {}
    rows = session.exec(
        select(NetworkMember.id, NetworkMember.name).where(
            col(NetworkMember.id).in_(ids), NetworkMember.youth_id == youth_id
        )
    ).all()
    return {f"{NETWORK_ROLE}:{member_id}": name for member_id, name in rows}
