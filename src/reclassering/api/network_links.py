"""Network links of a measure (issue 10): make one for a network member, list them, revoke one.

The secret is in the answer to the POST only (``url``); afterwards the list shows status, expiry and last use,
never the secret. A worker or a supervisor of the team manages the links of the youths they reach.
"""

from __future__ import annotations

from datetime import datetime
from typing import Annotated

from litestar import Controller, Request, get, post
from litestar.params import FromPath, JSONBody, PathParameter
from msgspec import Struct

from ..casefile import network_links
from ..casefile.models import NetworkMember
from ..casefile.models.network_links import NetworkLink
from ..casefile.network_links import LINK_MANAGERS
from ..casefile.types import utcnow
from ..casefile.vocab import AuditAction
from ..settings import Settings
from .deps import AppSettings, Audit, CurrentUser, DbSession, Paging
from .guards import rule
from .schemas import Paged, page_of

OBJECT = "network_link"
#: The page a link opens; the secret follows.
PAGE_PATH = "/netwerk/"


class NetworkLinkOut(Struct):
    id: int
    measure_id: int
    member_id: int
    member_name: str
    member_role: str
    goal_ids: list[int]
    locale: str
    #: active, expired or revoked
    status: str
    created_at: datetime
    expires_at: datetime
    revoked_at: datetime | None
    last_used_at: datetime | None
    uses: int


class NetworkLinkCreated(Struct):
    link: NetworkLinkOut
    #: The personal link to hand to the network member. Shown this once: only its hash is kept.
    url: str


def link_out(link: NetworkLink, member: NetworkMember, now: datetime) -> NetworkLinkOut:
    return NetworkLinkOut(
        id=link.id,  # type: ignore[arg-type]
        measure_id=link.measure_id,
        member_id=member.id,  # type: ignore[arg-type]
        member_name=member.name,
        member_role=member.role,
        goal_ids=[int(g) for g in link.goal_ids],
        locale=link.locale,
        status=network_links.status_of(link, now),
        created_at=link.created_at,
        expires_at=link.expires_at,
        revoked_at=link.revoked_at,
        last_used_at=link.last_used_at,
        uses=link.uses,
    )


def link_url(request: Request, settings: Settings, secret: str) -> str:
    """The full address of a link: on ``public_url`` when it is set, else on the address this request came to."""
    base = settings.public_url.rstrip("/") or str(request.base_url).rstrip("/")
    return f"{base}{PAGE_PATH}{secret}"


class NetworkLinkController(Controller):
    path = "/api/v1/measures/{measure_id:int}/network-links"
    tags = ["network links"]

    @get(
        "/", opt=rule(LINK_MANAGERS, scope="measure", action=AuditAction.READ, object_type=OBJECT), sync_to_thread=False
    )
    def list_links(self, db: DbSession, measure_id: FromPath[int], page: Paging) -> Paged[NetworkLinkOut]:
        """The measure's network links with their status, expiry and last use (never their secret)."""
        now = utcnow()
        return page_of([link_out(link, member, now) for link, member in network_links.links_of(db, measure_id)], page)

    @post(
        "/",
        opt=rule(LINK_MANAGERS, scope="measure", action=AuditAction.CREATE, object_type=OBJECT),
        sync_to_thread=False,
    )
    def create_link(
        self,
        request: Request,
        db: DbSession,
        actor: CurrentUser,
        audit: Audit,
        settings: AppSettings,
        measure_id: FromPath[int],
        data: JSONBody[network_links.NetworkLinkCreate],
    ) -> NetworkLinkCreated:
        """A personal link for one network member about the goals they are asked about (default
        ``network_link_days`` days, at most 60). The answer holds the link once; only its hash is kept."""
        link, secret = network_links.create_link(db, actor, measure_id, data, default_days=settings.network_link_days)
        audit.set_object(link.id)
        member = db.get(NetworkMember, link.network_member_id)
        assert member is not None
        return NetworkLinkCreated(link=link_out(link, member, utcnow()), url=link_url(request, settings, secret))

    @post(
        "/{link_id:int}/revoke",
        opt=rule(LINK_MANAGERS, scope="measure", action=AuditAction.UPDATE, object_type=OBJECT),
        sync_to_thread=False,
        status_code=200,
    )
    def revoke_link(
        self,
        db: DbSession,
        actor: CurrentUser,
        audit: Audit,
        measure_id: FromPath[int],
        link_id: Annotated[int, PathParameter(ge=1, le=2**31 - 1, description="The link's id")],
    ) -> NetworkLinkOut:
        """Revoke a link: from now on it answers like any unknown link. Revoking twice changes nothing."""
        link = network_links.revoke_link(db, actor, measure_id, link_id)
        audit.set_object(link.id)
        member = db.get(NetworkMember, link.network_member_id)
        assert member is not None
        return link_out(link, member, utcnow())
