"""One database session per request.

Authentication, the access guard, the handler, the audit hook and the page's navigation all use the same
session: one connection checked out of the pool (one pre-ping on PostgreSQL) per request. The handler's
dependency (``deps.provide_db``) commits it with the request's audit events, or rolls it back; a refusal's
audit event is written on it after a rollback (``audit_hook.record_refusal``). ``SessionClosing`` closes it
when the response has been sent, whatever happened.
"""

from __future__ import annotations

import asyncio
import weakref
from collections.abc import Iterator
from contextlib import contextmanager

from litestar.connection import ASGIConnection
from litestar.middleware import ASGIMiddleware
from litestar.types import ASGIApp, Receive, Scope, Send
from sqlalchemy import Engine
from sqlalchemy.pool import QueuePool
from sqlmodel import Session

SESSION_KEY = "reclassering.db_session"
#: Set when ``SessionClosing`` has closed the request's session: what runs after it (the framework's exception
#: handler rendering an error page) gets a short session of its own from ``reading_session``.
FINISHED_KEY = "reclassering.db_session_closed"


def request_session(connection: ASGIConnection) -> Session:
    """The request's session, opened on first use."""
    state = connection.scope.setdefault("state", {})  # type: ignore[typeddict-item]
    session: Session | None = state.get(SESSION_KEY)
    if session is None:
        session = state[SESSION_KEY] = Session(connection.app.state.engine, expire_on_commit=False)
    return session


@contextmanager
def reading_session(connection: ASGIConnection) -> Iterator[Session]:
    """The request's session when one is open; otherwise (an error page rendered by the framework outside the
    middleware, for instance a refused CSRF token, or after ``SessionClosing``) a short session of its own,
    closed at once, so no connection is ever left in a transaction."""
    state = connection.scope.setdefault("state", {})  # type: ignore[typeddict-item]
    session = state.get(SESSION_KEY)
    if session is not None and not state.get(FINISHED_KEY):
        yield session
        return
    with Session(connection.app.state.engine) as own:
        yield own


def session_in(scope: Scope) -> Session | None:
    """The request's session when one was opened, else None."""
    return (scope.get("state") or {}).get(SESSION_KEY)  # type: ignore[return-value]


#: Pool connections kept out of the requests' reach: for the embedded scheduler's jobs and for the short
#: session an error page opens after the request's own is closed (``reading_session``).
RESERVED_CONNECTIONS = 2
_slots: weakref.WeakKeyDictionary[asyncio.AbstractEventLoop, dict[int, asyncio.Semaphore]] = weakref.WeakKeyDictionary()


def connection_slots(engine: Engine) -> asyncio.Semaphore | None:
    """How many requests of this event loop may hold a session at once: the pool's size and overflow, less the
    reserve. The database work runs on the event loop, so a request must never wait for a pooled connection
    there (the connections it waits for belong to requests that need the loop to finish); it waits for a slot
    instead, before it opens its session. None for a pool without a limit."""
    pool = engine.pool
    if not isinstance(pool, QueuePool) or pool._max_overflow < 0:
        return None
    per_engine = _slots.setdefault(asyncio.get_running_loop(), {})
    slots = per_engine.get(id(engine))
    if slots is None:
        capacity = pool.size() + pool._max_overflow
        slots = per_engine[id(engine)] = asyncio.Semaphore(max(capacity - RESERVED_CONNECTIONS, 1))
    return slots


class SessionClosing(ASGIMiddleware):
    """The outermost middleware: gives the request a connection slot (``connection_slots``) and closes the
    request's session when it is done (rolling back anything uncommitted). Paths that open no session (the
    static files) are left out with ``skip_prefix``."""

    def __init__(self, *, skip_prefix: str | None = None) -> None:
        if skip_prefix is not None:
            self.should_bypass_for_scope = lambda scope: scope["path"].startswith(skip_prefix)

    async def handle(self, scope: Scope, receive: Receive, send: Send, next_app: ASGIApp) -> None:
        slots = connection_slots(scope["litestar_app"].state.engine)
        if slots is None:
            await self._handle(scope, receive, send, next_app)
            return
        async with slots:
            await self._handle(scope, receive, send, next_app)

    async def _handle(self, scope: Scope, receive: Receive, send: Send, next_app: ASGIApp) -> None:
        try:
            await next_app(scope, receive, send)
        finally:
            state = scope.setdefault("state", {})  # type: ignore[typeddict-item]
            state[FINISHED_KEY] = True
            session = state.pop(SESSION_KEY, None)
            if session is not None:  # rolls back anything uncommitted and returns the connection
                session.close()
