"""The audit trail as a hash chain: every event holds a SHA-256 over its own content and the previous event's hash.

**Canonical encoding** (version 1). The hash of an event is the lower-case hex SHA-256 of the JSON array

    ["reclassering-audit-v1", prev_hash, id, at, user_id, username, role, on_behalf_of, youth_id, action,
     object_type, object_id, access_point, outcome, status_code, detail]

written by msgspec: UTF-8, no whitespace, numbers as integers, absent values as ``null``, non-ASCII text as
UTF-8 (only ``"``, ``\\`` and control characters are escaped). ``at`` is the moment in UTC written
``YYYY-MM-DDTHH:MM:SS.ffffffZ`` (always six fractional digits: both databases keep microseconds). ``prev_hash``
is the previous event's ``hash`` (64 zeros before the first event). Nothing depends on the database: the same
row read from SQLite or PostgreSQL gives the same bytes, and anyone can check the chain with a few lines of code.

**Appending** (``append``). The head row ``audit_chain_head`` hands out the ids: one ``UPDATE … RETURNING``
moves it forward by the number of new events and, as an update, locks it until the transaction ends. Appends
from any number of threads or processes therefore line up one after another and never fork the chain (on
PostgreSQL through the row lock; on SQLite the update is the transaction's first write, which takes the
database's single write lock before the head is read). Then one ``INSERT`` of the events and one ``UPDATE`` of
the head's hash: two small statements per request beyond the insert, never a scan.

**Removing old events** (``purge``) is possible only for the retention job: a permit row the triggers check,
set and removed inside one transaction (on PostgreSQL by the ``SECURITY DEFINER`` function
``audit_event_purge``, so the runtime role needs no DELETE right), and never for events younger than
``FLOOR_YEARS`` by the database's own clock. A purge removes a prefix of the chain and the job then appends a
**checkpoint** event naming the last removed event and its hash; ``verify`` starts from it.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import UTC, datetime
from functools import lru_cache
from typing import Any

import msgspec
from sqlalchemy import Integer, bindparam, func, insert, literal, literal_column, select, text, update
from sqlalchemy.engine import Connection, Dialect
from sqlmodel import Session

from .db import run_core
from .models import AuditChainHead, AuditEvent, AuditPurgePermit
from .vocab import AuditAction

VERSION = "reclassering-audit-v1"
GENESIS = "0" * 64
#: Audit events younger than this are never removed, whatever the setting says (NEN 7513: five years).
FLOOR_YEARS = 5
#: The checkpoint a purge leaves: an event on the trail itself (object type and action).
CHECKPOINT_OBJECT = "audit_trail"
CHECKPOINT_ACTION = AuditAction.DELETE
#: The columns a hash covers, in their order in the canonical array (after the version and ``prev_hash``).
FIELDS = (
    "id",
    "at",
    "user_id",
    "username",
    "role",
    "on_behalf_of",
    "youth_id",
    "action",
    "object_type",
    "object_id",
    "access_point",
    "outcome",
    "status_code",
    "detail",
)
_TABLE = AuditEvent.__table__  # type: ignore[attr-defined]
_HEAD = AuditChainHead.__table__  # type: ignore[attr-defined]
_LAST_HASH = re.compile(r"last hash ([0-9a-f]{64})$")


class ChainHeadMissing(RuntimeError):
    """The head row is gone: nothing can be appended until an operator has looked (``reclassering audit verify``)."""


@lru_cache(maxsize=256)  # the events of one request share their moment: written out once, not once per event
def utc_iso(at: datetime) -> str:
    if at.tzinfo is None:
        raise ValueError("naive datetime given where an aware UTC timestamp is required")
    return at.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%S.%fZ")


def canonical(prev_hash: str, event: Mapping[str, Any]) -> bytes:
    """The bytes an event's hash covers (see the module's documentation)."""
    values = [utc_iso(event["at"]) if name == "at" else event[name] for name in FIELDS]
    return msgspec.json.encode([VERSION, prev_hash, *values])


def event_hash(prev_hash: str, event: Mapping[str, Any]) -> str:
    return hashlib.sha256(canonical(prev_hash, event)).hexdigest()


def link(rows: list[dict[str, Any]], first_id: int, prev_hash: str) -> str:
    """Give ``rows`` the ids from ``first_id`` on, chain them after ``prev_hash``; returns the last hash."""
    for offset, row in enumerate(rows):
        row["id"] = first_id + offset
        row["prev_hash"] = prev_hash
        row["hash"] = prev_hash = event_hash(prev_hash, row)
    return prev_hash


def append(session: Session, rows: list[dict[str, Any]]) -> None:
    """Insert ``rows`` (AuditEvent columns without id and hashes) at the end of the chain, in this transaction."""
    if not rows:
        return
    moved = run_core(session, _MOVE_HEAD, {"count": len(rows)}).first()
    if moved is None:
        raise ChainHeadMissing(
            "the audit chain head (audit_chain_head, row 1) is missing, so no event can be written; "
            "run 'reclassering audit verify' and restore the head from a backup"
        )
    last_id, prev_hash = moved
    last_hash = link(rows, last_id - len(rows) + 1, prev_hash)
    connection = session.connection()
    if connection.dialect.name == "sqlite":
        _insert_sqlite(connection, rows)
    else:  # Core: one INSERT of all rows (insertmanyvalues), so the fold trigger fires once per statement
        session.execute(_INSERT, rows)
    run_core(session, _SET_HASH, {"hash": last_hash})


def _insert_sqlite(connection: Connection, rows: list[dict[str, Any]]) -> None:
    """The rows through the driver's ``executemany``, their moments converted once: SQLAlchemy's per-row parameter
    processing was half the cost of a caseload's 96 events, inside the write lock every writer waits for."""
    sql, columns, at_of = _sqlite_insert(connection.dialect)
    stored: dict[datetime, Any] = {}  # the events of one request share their moment
    values = []
    for row in rows:
        at = row["at"]
        if at not in stored:
            stored[at] = at_of(at)
        values.append(tuple(stored[at] if name == "at" else row[name] for name in columns))
    connection.exec_driver_sql(sql, values)


@lru_cache(maxsize=4)
def _sqlite_insert(dialect: Dialect) -> tuple[str, tuple[str, ...], Callable[[datetime], Any]]:
    """The INSERT's SQL, its columns in order, and the column type's own conversion of ``at`` for this dialect."""
    columns = tuple(column.name for column in _TABLE.columns)
    compiled = insert(_TABLE).values({name: bindparam(name) for name in columns}).compile(dialect=dialect)
    assert compiled.positiontup == list(columns), "the INSERT's parameters are not in column order"
    return compiled.string, columns, _TABLE.c.at.type.bind_processor(dialect)


#: The three statements of ``append``, built once (every audited request runs them).
_MOVE_HEAD = (
    update(_HEAD)
    .where(_HEAD.c.id == 1)
    .values(last_id=_HEAD.c.last_id + bindparam("count", type_=Integer))
    .returning(_HEAD.c.last_id, _HEAD.c.last_hash)
)
_INSERT = insert(_TABLE)
_SET_HASH = update(_HEAD).where(_HEAD.c.id == 1).values(last_hash=bindparam("hash"))


# --- removing events past their retention ---------------------------------------------------------------------


@dataclass(frozen=True)
class Purge:
    """What a purge removed (or would remove): how many, the first and last id, and the last one's hash."""

    removed: int
    first_id: int | None = None
    last_id: int | None = None
    last_hash: str | None = None

    def checkpoint_detail(self, cutoff: datetime) -> str:
        """The checkpoint event's detail; ``verify`` reads the hash back from its end."""
        return (
            f"retention removed {self.removed} audit events, ids {self.first_id}-{self.last_id}, "
            f"older than {utc_iso(cutoff)[:10]}; last hash {self.last_hash}"
        )


def _bound(session: Session, cutoff: datetime) -> Any:
    """The cutoff, but never later than ``FLOOR_YEARS`` before now by the database's clock."""
    given = literal(cutoff, AuditEvent.__table__.c.at.type)  # type: ignore[attr-defined]
    if session.get_bind().dialect.name == "postgresql":
        return func.least(given, literal_column(f"now() - interval '{FLOOR_YEARS} years'"))
    return func.min(given, func.strftime("%Y-%m-%d %H:%M:%f", "now", f"-{FLOOR_YEARS} years"))


def purgeable(session: Session, cutoff: datetime) -> Purge:
    """What ``purge`` would remove now: the events before the first one at or after the cutoff (two selects)."""
    keep_from = select(func.min(_TABLE.c.id)).where(_TABLE.c.at >= _bound(session, cutoff)).scalar_subquery()
    count, first_id, last_id = session.execute(
        select(func.count(), func.min(_TABLE.c.id), func.max(_TABLE.c.id)).where(
            _TABLE.c.id < func.coalesce(keep_from, 2**62)
        )
    ).one()
    if not count:
        return Purge(0)
    last_hash = session.execute(select(_TABLE.c.hash).where(_TABLE.c.id == last_id)).scalar_one()
    return Purge(count, first_id, last_id, last_hash)


def purge(session: Session, cutoff: datetime) -> Purge:
    """Remove the prefix of the trail older than ``cutoff`` (see ``purgeable``), in the caller's transaction.

    Only the retention job calls this; the caller appends the checkpoint (``Purge.checkpoint_detail``).
    """
    if session.get_bind().dialect.name == "postgresql":
        removed, first_id, last_id, last_hash = session.execute(
            text("SELECT removed, first_removed, last_removed, last_hash FROM audit_event_purge(:cutoff)"),
            {"cutoff": cutoff},
        ).one()
        return Purge(removed, first_id, last_id, last_hash) if removed else Purge(0)
    # SQLite: the head update takes the write lock first, so no append slips in between the count and the delete
    session.execute(update(_HEAD).where(_HEAD.c.id == 1).values(last_id=_HEAD.c.last_id))
    found = purgeable(session, cutoff)
    if found.removed:
        permit = AuditPurgePermit.__table__  # type: ignore[attr-defined]
        session.execute(insert(permit).values(id=1, through_id=found.last_id))
        session.execute(_TABLE.delete().where(_TABLE.c.id <= found.last_id))
        session.execute(permit.delete().where(permit.c.id == 1))
    return found


# --- checking the chain ---------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Break:
    """The first broken link: at which event (None: the chain as a whole) and what is wrong, in plain words."""

    event_id: int | None
    problem: str


@dataclass(frozen=True)
class Verdict:
    events: int
    head_id: int
    head_hash: str
    #: The last removed event the walk started after (a retention checkpoint), if any.
    checkpoint: int | None = None
    broken: Break | None = None


def _start(session: Session, first_id: int) -> tuple[str, int | None]:
    """The hash the first remaining event must link to, and the checkpoint it comes from (None: the genesis)."""
    details = session.execute(
        select(_TABLE.c.object_id, _TABLE.c.detail)
        .where(
            _TABLE.c.object_type == CHECKPOINT_OBJECT,
            _TABLE.c.action == CHECKPOINT_ACTION.value,
            _TABLE.c.object_id < first_id,
        )
        .order_by(_TABLE.c.object_id.desc(), _TABLE.c.id.desc())
        .limit(1)
    ).first()
    if details is not None and (found := _LAST_HASH.search(details.detail)):
        return found.group(1), details.object_id
    return GENESIS, None


def verify(session: Session, *, batch: int = 5000, progress: Callable[[int, int], None] | None = None) -> Verdict:
    """Walk the whole trail in id order, ``batch`` events a query, and report the first broken link."""
    head = session.execute(select(_HEAD.c.last_id, _HEAD.c.last_hash).where(_HEAD.c.id == 1)).first()
    if head is None:
        return Verdict(0, 0, "", broken=Break(None, "the chain head (audit_chain_head) is missing"))
    # the walk ends at the head as it is now: events appended meanwhile are the next run's
    in_reach = _TABLE.c.id <= head.last_id
    total, first_id = session.execute(select(func.count(), func.min(_TABLE.c.id)).where(in_reach)).one()
    if first_id is None:
        empty = Break(None, f"the trail is empty, but the chain head names event {head.last_id}")
        return Verdict(0, head.last_id, head.last_hash, broken=empty if head.last_id else None)
    expected, checkpoint = _start(session, first_id)
    columns = [_TABLE.c[name] for name in (*FIELDS, "prev_hash", "hash")]
    seen, previous_id = 0, checkpoint
    while True:
        where = _TABLE.c.id > previous_id if previous_id is not None else _TABLE.c.id >= first_id
        rows = (
            session.execute(select(*columns).where(where, in_reach).order_by(_TABLE.c.id).limit(batch)).mappings().all()
        )
        for row in rows:
            if row["prev_hash"] != expected:
                return Verdict(seen, head.last_id, head.last_hash, checkpoint, _broken_link(row["id"], previous_id))
            if event_hash(expected, row) != row["hash"]:
                problem = "its content does not match its hash: it was changed after it was written"
                return Verdict(seen, head.last_id, head.last_hash, checkpoint, Break(row["id"], problem))
            expected, previous_id = row["hash"], row["id"]
            seen += 1
        if progress is not None:
            progress(seen, total)
        if len(rows) < batch:
            break
    if (previous_id, expected) != (head.last_id, head.last_hash):
        problem = (
            f"the trail ends at event {previous_id}, but the chain head names event {head.last_id}: "
            "events at the end were removed (or the head was changed)"
        )
        return Verdict(seen, head.last_id, head.last_hash, checkpoint, Break(previous_id, problem))
    return Verdict(seen, head.last_id, head.last_hash, checkpoint)


def _broken_link(event_id: int, previous_id: int | None) -> Break:
    if previous_id is None:
        return Break(event_id, "events before it were removed without a retention checkpoint")
    if event_id != previous_id + 1:
        what = f"events {previous_id + 1}-{event_id - 1} are missing, or event {previous_id} was changed"
    else:
        what = f"event {previous_id} before it was removed or changed (its hash was recomputed)"
    return Break(event_id, f"it does not link to the event before it: {what}")
