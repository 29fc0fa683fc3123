"""Request-scoped dependencies: the unit of work, the current user, the audit context, paging."""

from __future__ import annotations

from collections.abc import AsyncIterator
from typing import Annotated, TypeAlias

from litestar import Request
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


async def provide_db(request: Request) -> AsyncIterator[Session]:
    """The request's one session (``unit_of_work.request_session``, shared with authentication and the guard):
    committed with its audit events and closed when the handler succeeds (the answer is made by then), rolled
    back (storing nothing) when anything fails; ``unit_of_work.SessionClosing`` closes whatever is still open.
    Like the database work of authentication, the guard and most handlers, commit and rollback run on the event
    loop: see ``docs/architecture.md``, "Where the work runs"."""
    session = request_session(request)
    try:
        yield session
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
