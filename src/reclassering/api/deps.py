"""Request-scoped dependencies: the unit of work, the current user, the audit context, paging."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Annotated

from litestar import Request
from litestar.di import Provide
from litestar.exceptions import NotAuthorizedException
from litestar.params import Parameter
from msgspec import Struct
from sqlmodel import Session

from ..casefile.models import User
from ..casefile.vocab import AuditOutcome
from ..settings import Settings
from .audit_hook import AuditContext, context_of


def provide_db(request: Request) -> Iterator[Session]:
    """One transaction per request: committed with its audit events when the handler succeeds,
    rolled back (storing nothing) when anything fails."""
    session = Session(request.app.state.engine, expire_on_commit=False)
    try:
        yield session
        context = context_of(request)
        if context is not None:
            context.write(session, AuditOutcome.SUCCESS, request.route_handler.status_code or 200)  # type: ignore[attr-defined]
        session.commit()
    except BaseException:
        session.rollback()
        raise
    finally:
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
