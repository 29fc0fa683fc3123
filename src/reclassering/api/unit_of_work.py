"""One database session per request.

Authentication, the access guard, the handler, the audit hook and the page's navigation all use the same
session: one connection checked out of the pool (one pre-ping on PostgreSQL) per request. The handler's
dependency (``deps.provide_db``) commits it with the request's audit events, or rolls it back; a refusal's
audit event is written on it after a rollback (``audit_hook.record_refusal``). ``SessionClosing`` closes it
when the response has been sent, whatever happened.
"""

from __future__ import annotations

from anyio import to_thread
from litestar.connection import ASGIConnection
from litestar.middleware import ASGIMiddleware
from litestar.types import ASGIApp, Receive, Scope, Send
from sqlmodel import Session

SESSION_KEY = "reclassering.db_session"


def request_session(connection: ASGIConnection) -> Session:
    """The request's session, opened on first use."""
    state = connection.scope.setdefault("state", {})  # type: ignore[typeddict-item]
    session: Session | None = state.get(SESSION_KEY)
    if session is None:
        session = state[SESSION_KEY] = Session(connection.app.state.engine, expire_on_commit=False)
    return session


def session_in(scope: Scope) -> Session | None:
    """The request's session when one was opened, else None."""
    return (scope.get("state") or {}).get(SESSION_KEY)  # type: ignore[return-value]


class SessionClosing(ASGIMiddleware):
    """The outermost middleware: closes the request's session (rolling back anything uncommitted)."""

    async def handle(self, scope: Scope, receive: Receive, send: Send, next_app: ASGIApp) -> None:
        try:
            await next_app(scope, receive, send)
        finally:
            session = (scope.get("state") or {}).pop(SESSION_KEY, None)  # type: ignore[union-attr]
            if session is not None:
                await to_thread.run_sync(session.close)
