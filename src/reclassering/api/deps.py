"""Request-scoped dependencies: the unit of work, the current user, the audit context, paging."""

from __future__ import annotations

import functools
from collections.abc import AsyncIterator, Awaitable, Callable
from typing import Annotated, Any, TypeAlias, TypeVar

from litestar import Request
from litestar.concurrency import sync_to_thread
from litestar.di import NamedDependency, Provide
from litestar.exceptions import NotAuthorizedException
from litestar.params import Parameter
from msgspec import Struct
from sqlmodel import Session

from ..casefile.models import User
from ..casefile.vocab import AuditOutcome
from ..settings import Settings
from .audit_hook import AuditContext, context_of
from .unit_of_work import request_session

T = TypeVar("T")


#: ``Session.info`` key: the request the session belongs to (for ``in_thread``'s commit).
REQUEST_KEY = "reclassering.request"
#: ``Session.info`` key: set when ``in_thread`` has committed the request in its worker thread.
COMMITTED_KEY = "reclassering.committed"


async def provide_db(request: Request) -> AsyncIterator[Session]:
    """The request's one session (``unit_of_work.request_session``, shared with authentication and the guard):
    committed with its audit events and closed when the handler succeeds (the answer is made by then), rolled
    back (storing nothing) when anything fails; ``unit_of_work.SessionClosing`` closes whatever is still open.
    Like the database work of authentication, the guard and most handlers, commit and rollback run on the event
    loop: see ``docs/architecture.md``, "Where the work runs"."""
    session = request_session(request)
    session.info[REQUEST_KEY] = request
    try:
        yield session
        if not session.info.pop(COMMITTED_KEY, False):
            _commit(session, request)
    except BaseException:
        session.rollback()
        raise


def _commit(session: Session, request: Request) -> None:
    """Write the request's audit events, commit, and give the connection back."""
    context = context_of(request)
    if context is not None:
        status = context.status_code or request.route_handler.status_code or 200  # type: ignore[attr-defined]
        context.write(session, AuditOutcome.SUCCESS, status)
    session.commit()
    session.close()


def in_thread(handler: Callable[..., T]) -> Callable[..., Awaitable[T]]:
    """Run a handler that renders, hashes a password or reads without a bound in a worker thread, **with its
    commit**: the handler, its audit events and the commit are one job in that thread.

    The commit must not wait for the event loop. Between the handler's first write and its commit, the
    transaction holds SQLite's write lock (on PostgreSQL, row locks such as the audit chain's head). If the loop
    had to schedule the commit, a request running on the loop could meanwhile wait for that lock, blocking the
    loop and so the commit it waits for. Use it instead of ``sync_to_thread=True``; the handler takes the
    session as ``db``."""

    @functools.wraps(handler)
    async def run(*args: Any, **kwargs: Any) -> T:
        def job() -> T:
            result = handler(*args, **kwargs)
            session: Session | None = kwargs.get("db")
            if session is not None:
                _commit(session, session.info[REQUEST_KEY])
                session.info[COMMITTED_KEY] = True
            return result

        return await sync_to_thread(job)

    return run


def provide_actor(request: Request) -> User:
    user = request.user
    if user is None:
        raise NotAuthorizedException("log in first")
    return user


class AuditNotOpened(RuntimeError):
    pass


def provide_audit(request: Request) -> AuditContext:
    context = context_of(request)
    if context is None:
        raise AuditNotOpened(f"route {request.url.path} records no audit context; give its rule an action")
    return context


def provide_settings(request: Request) -> Settings:
    return request.app.state.settings


class Page(Struct):
    limit: int
    offset: int


def provide_page(
    limit: Annotated[int, Parameter(ge=1, le=200, description="How many items at most (1-200)")] = 50,
    offset: Annotated[int, Parameter(ge=0, le=10_000_000, description="How many items to skip")] = 0,
) -> Page:
    return Page(limit=limit, offset=offset)


DEPENDENCIES = {
    "db": Provide(provide_db),
    "actor": Provide(provide_actor, sync_to_thread=False),
    "audit": Provide(provide_audit, sync_to_thread=False),
    "settings": Provide(provide_settings, sync_to_thread=False),
    "page": Provide(provide_page, sync_to_thread=False),
}


# Explicit markers for handler parameters (Litestar 3 no longer infers dependencies by name alone).
# A handler writes ``db: DbSession`` instead of ``db: Session``; the parameter's name picks the provider.
DbSession: TypeAlias = NamedDependency[Session]
CurrentUser: TypeAlias = NamedDependency[User]
Audit: TypeAlias = NamedDependency[AuditContext]
AppSettings: TypeAlias = NamedDependency[Settings]
Paging: TypeAlias = NamedDependency[Page]
