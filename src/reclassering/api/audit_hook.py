"""The one audit hook of the HTTP layer.

The access guard opens an ``AuditContext`` on every route that touches a youth's record. The request's
unit of work (``deps.provide_db``) writes its events as *success* in the same transaction as the change
itself, so a change and its trail land together or not at all. When the request fails instead, the
``after_exception`` hook writes them as *denied* or *failed* in a transaction of their own, so the refusal
is kept even though the change was rolled back.
"""

from __future__ import annotations

import re
from typing import Any

from litestar.connection import ASGIConnection
from litestar.types import Scope
from sqlmodel import Session

from ..casefile import audit
from ..casefile.audit import Access, Actor
from ..casefile.vocab import AuditAction, AuditOutcome
from .errors import status_for
from .unit_of_work import session_in

STATE_KEY = "audit_context"


class AuditContext:
    """What one request reads or changes of which youths' records, and by whom."""

    def __init__(self, actor: Actor, access_point: str, accesses: list[Access]) -> None:
        self.actor = actor
        self.access_point = access_point
        self.accesses = accesses
        self.written = False
        #: The answer's status when the handler chooses one other than its route's default (e.g. 304).
        self.status_code: int | None = None

    def set_object(self, object_id: int | None, youth_id: int | None = None) -> None:
        """Name the object the request created or touched (e.g. the id of a new goal)."""
        self.accesses = [
            Access(
                youth_id=youth_id if youth_id is not None else a.youth_id,
                action=a.action,
                object_type=a.object_type,
                object_id=object_id,
            )
            for a in self.accesses
        ]

    def set_youths(self, youth_ids: list[int], object_type: str, action: AuditAction = AuditAction.READ) -> None:
        """For lists: one read event per youth shown."""
        self.accesses = [Access(youth_id=y, action=action, object_type=object_type, object_id=y) for y in youth_ids]

    def write(self, session: Any, outcome: AuditOutcome, status_code: int, detail: str = "") -> None:
        if self.written:
            return
        audit.record(
            session,
            self.actor,
            self.accesses,
            access_point=self.access_point,
            outcome=outcome,
            status_code=status_code,
            detail=printable(detail),
        )
        self.written = True


_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


def has_control(text: str) -> bool:
    """Whether ``text`` holds a control character other than tab, newline or carriage return (NUL …)."""
    return _CONTROL.search(text) is not None


def printable(text: str) -> str:
    """``text`` with control characters written out (``\\x00``): PostgreSQL stores no NUL in text."""
    return _CONTROL.sub(lambda m: f"\\x{ord(m.group()):02x}", text)


def access_point(connection: ASGIConnection, path: str | None = None) -> str:
    """Client address, method and path; ``path`` in place of the real one where that holds a secret."""
    client = connection.client.host if connection.client else "unknown"
    return printable(f"{client} {connection.scope.get('method', 'WS')} {path or connection.url.path}")


def open_context(connection: ASGIConnection, actor: Actor, accesses: list[Access]) -> AuditContext:
    context = AuditContext(actor, access_point(connection), accesses)
    connection.state[STATE_KEY] = context
    return context


def context_of(connection: ASGIConnection) -> AuditContext | None:
    return connection.state.get(STATE_KEY)


def record_refusal(
    session: Session, context: AuditContext, status_code: int, detail: str, *, discard_changes: bool = True
) -> None:
    """Write a refused or failed request's events on the request's session, after dropping whatever the request
    had changed: the refusal is kept, the change is not. The guard refuses before any handler ran, so it has
    nothing to drop (``discard_changes=False``) and keeps the request's one connection."""
    outcome = AuditOutcome.DENIED if status_code in (401, 403, 404) else AuditOutcome.FAILED
    if discard_changes:
        session.rollback()
    try:
        context.write(session, outcome, status_code, detail)
        session.commit()
    except BaseException:
        session.rollback()
        raise


async def after_exception(exc: Exception, scope: Scope) -> None:
    """App-level hook: a request that opened an audit context and then failed still leaves its trace."""
    state = scope.get("state") or {}
    context: AuditContext | None = state.get(STATE_KEY)
    if context is None or context.written:
        return
    status = status_for(exc)
    detail = getattr(exc, "message", None) or getattr(exc, "detail", None) or type(exc).__name__
    request_session = session_in(scope)
    session = request_session or Session(scope["app"].state.engine, expire_on_commit=False)
    try:
        record_refusal(session, context, status, str(detail))
    finally:
        if request_session is None:  # our own session; the request's is closed by SessionClosing
            session.close()
