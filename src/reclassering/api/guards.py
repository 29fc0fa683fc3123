"""The one access guard: role per route, and caseload reach per youth record.

Every route declares a ``Rule`` in its ``opt`` (``opt=rule(...)``); ``create_app`` refuses to start when a
route has none. The guard answers 401 without a login, 403 when the role may not use the route at all,
and 404 when the record is outside the user's reach (a youth asking for another youth's record learns
nothing about whether it exists). Every refusal on a youth's record is written to the audit trail.
"""

from __future__ import annotations

from collections.abc import Iterable

from litestar.connection import ASGIConnection
from litestar.exceptions import ClientException, NotAuthorizedException, NotFoundException, PermissionDeniedException
from litestar.handlers import BaseRouteHandler
from msgspec import Struct
from sqlmodel import Session

from ..casefile import access
from ..casefile.access import Purpose
from ..casefile.audit import Access, Actor
from ..casefile.models import User
from ..casefile.vocab import AuditAction, Role
from .audit_hook import AuditContext, has_control, open_context, record_refusal
from .unit_of_work import request_session

RULE_KEY = "rule"
MAX_ID = 2**31 - 1

EVERYONE = frozenset(Role)
CASE_READERS = frozenset({Role.WORKER, Role.SUPERVISOR, Role.EXPERT, Role.YOUTH})
CASE_WRITERS = frozenset({Role.WORKER, Role.SUPERVISOR, Role.EXPERT})
STAFF = CASE_WRITERS
ADMINS = frozenset({Role.ADMIN})


class Rule(Struct, frozen=True):
    """Who may use a route and, for routes on a youth's record, how the record is found and logged."""

    roles: frozenset[Role]
    #: The kind of record the path parameter points to ("youth", "measure", "goal" …), or None.
    scope: str | None = None
    #: The path parameter holding the record's id.
    param: str = ""
    #: What the route does to the record, for the audit trail; None for routes outside any record.
    action: AuditAction | None = None
    #: What part of the record the route reads or changes (defaults to ``scope``).
    object_type: str = ""
    purpose: Purpose = Purpose.CASE
    public: bool = False


def rule(
    roles: Iterable[Role] = (),
    *,
    scope: str | None = None,
    param: str = "",
    action: AuditAction | None = None,
    object_type: str = "",
    purpose: Purpose = Purpose.CASE,
    public: bool = False,
) -> dict[str, Rule]:
    """``opt`` for a route handler: ``@get(..., opt=rule(CASE_READERS, scope="measure", ...))``."""
    return {
        RULE_KEY: Rule(
            roles=frozenset(roles),
            scope=scope,
            param=param or (f"{scope}_id" if scope else ""),
            action=action,
            object_type=object_type or scope or "",
            purpose=purpose,
            public=public,
        )
    }


def _resolve(session: Session, user: User | None, rule_: Rule, object_id: int) -> tuple[int | None, bool]:
    """The owning youth of the record, and whether ``user`` may reach it."""
    if object_id > MAX_ID or object_id < 1:
        return None, False
    youth_id = access.youth_id_of(session, rule_.scope, object_id)  # type: ignore[arg-type]
    if youth_id is None or user is None:
        return youth_id, False
    return youth_id, access.can_reach(session, user, youth_id, rule_.purpose)


async def access_guard(connection: ASGIConnection, handler: BaseRouteHandler) -> None:
    rule_: Rule | None = handler.opt.get(RULE_KEY)
    if rule_ is None:
        if not is_ours(handler):  # the framework's own routes: CORS preflight, the OpenAPI documents
            return
        raise PermissionDeniedException("this route has no access rule")  # create_app refuses such apps
    if rule_.public:
        return
    user: User | None = connection.user
    actor = Actor.of(user)
    session = request_session(connection)

    youth_id: int | None = None
    reachable = True
    object_id: int | None = None
    if rule_.scope is not None:
        object_id = int(connection.path_params[rule_.param])
        youth_id, reachable = _resolve(session, user, rule_, object_id)

    context: AuditContext | None = None
    if rule_.action is not None:
        in_range = object_id is not None and 1 <= object_id <= MAX_ID
        own_object = object_id if rule_.object_type == rule_.scope and in_range else None
        context = open_context(connection, actor, [Access(youth_id, rule_.action, rule_.object_type, own_object)])

    def refuse(exc: Exception, status: int) -> None:
        if context is not None:
            record_refusal(session, context, status, str(exc), discard_changes=False)
        raise exc

    if user is None:
        refuse(NotAuthorizedException("log in first"), 401)
    assert user is not None
    if has_control(connection.url.path):
        refuse(ClientException("the address holds a control character (such as NUL); check the link"), 400)
    if Role(user.role) not in rule_.roles:
        refuse(PermissionDeniedException(f"a {user.role} may not use this"), 403)
    if not reachable:
        refuse(NotFoundException(f"there is no {rule_.scope} {object_id}"), 404)


def is_ours(handler: BaseRouteHandler) -> bool:
    """Whether the handler is one of ours (not the framework's OPTIONS or OpenAPI routes)."""
    fn = getattr(handler.fn, "func", handler.fn)  # handlers run in a thread are wrapped
    return getattr(fn, "__module__", "").startswith("reclassering.")


def check_rules(handlers: Iterable[BaseRouteHandler]) -> None:
    """Refuse to build an app with a route of ours that has no access rule."""
    missing = [
        f"{sorted(h.http_methods)} {h.paths}"
        for h in handlers  # type: ignore[attr-defined]
        if is_ours(h) and RULE_KEY not in h.opt
    ]
    if missing:
        raise RuntimeError(f"routes without an access rule: {missing}")
