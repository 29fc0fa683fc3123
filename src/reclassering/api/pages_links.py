"""The network links on the worker's page of a youth: make one for a network member (shown once, to copy), and
revoke one. The list of links (status, expiry, last use) is part of the page itself (``case_view``)."""

from __future__ import annotations

from typing import Any

from litestar import Controller, Request, post
from litestar.params import FromPath
from litestar.response import Redirect

from ..casefile import measures, network_links
from ..casefile.errors import NotFound
from ..casefile.models import NetworkMember
from ..casefile.models.network_links import NetworkLink
from ..casefile.vocab import AuditAction
from .deps import AppSettings, Audit, CurrentUser, DbSession
from .forms import Checker, Refused
from .guards import rule
from .network_links import LINK_MANAGERS, link_url
from .pages_record import refusing
from .pages_worker import show_youth
from .rendering import Form, form_id, not_saved

OBJECT = "network_link"
LOCALES = ("nl", "en")


class NetworkLinkRecordPages(Controller):
    include_in_schema = False

    @post(
        "/jongeren/{youth_id:int}/netwerklinks",
        opt=rule(LINK_MANAGERS, scope="youth", action=AuditAction.CREATE, object_type=OBJECT),
        sync_to_thread=False,
    )
    def create_link(
        self,
        request: Request,
        db: DbSession,
        actor: CurrentUser,
        audit: Audit,
        settings: AppSettings,
        youth_id: FromPath[int],
        data: Form,
    ) -> Any:
        """A personal link for a network member about the goals they are asked about; the page shows it once."""
        typed = {f"link-{k}": data.get(k, "") for k in ("member_id", "days", "locale")}
        asked = [key for key, value in data.items() if key.startswith("goal_") and value == "yes"]
        typed.update({f"link-{key}": "yes" for key in asked})
        here = f"/jongeren/{youth_id}"
        try:
            check = Checker()
            member_id = form_id(typed["link-member_id"])
            if member_id is None:
                check.add("link-member_id", "Choose who the link is for.")
            goal_ids = [form_id(key.removeprefix("goal_")) for key in asked]
            if not goal_ids:
                check.add("link-goals", "Choose at least one goal to ask about.")
            days = typed["link-days"].strip()
            if days and not (days.isdigit() and 1 <= int(days) <= network_links.MAX_DAYS):
                check.add("link-days", "Fill in a number of days from 1 to %(max)s.", max=network_links.MAX_DAYS)
            locale = check.choice("link-locale", typed["link-locale"] or "nl", LOCALES, required=True)
            check.done()
            measure = measures.current_measure(db, youth_id)
            if measure is None or None in goal_ids:
                raise not_saved(NotFound("no measure, or a goal field names no goal"))
            fields = {"member_id": member_id, "goal_ids": goal_ids, "days": int(days) if days else None}
            link, secret = refusing(
                lambda: network_links.create_link(
                    db,
                    actor,
                    measure.id,  # type: ignore[arg-type]
                    network_links.NetworkLinkCreate(**fields, locale=locale),  # type: ignore[arg-type]
                    default_days=settings.network_link_days,
                )
            )
        except Refused as refused:
            db.rollback()
            audit.status_code = 422
            return show_youth(request, db, settings, youth_id, 422, errors=refused.errors, typed=typed, here=here)
        audit.set_object(link.id, youth_id=youth_id)
        member = db.get(NetworkMember, link.network_member_id)
        new_link = {"url": link_url(request, settings, secret), "name": member.name if member else ""}
        return show_youth(request, db, settings, youth_id, 200, new_link=new_link, here=here)

    @post(
        "/netwerklinks/{network_link_id:int}/intrekken",
        opt=rule(LINK_MANAGERS, scope="network_link", action=AuditAction.UPDATE),
        sync_to_thread=False,
    )
    def revoke_link(
        self, db: DbSession, actor: CurrentUser, audit: Audit, network_link_id: FromPath[int], data: Form
    ) -> Redirect:
        """Revoke a link: from now on it answers like any link that does not exist."""
        link = db.get(NetworkLink, network_link_id)
        if link is None:
            raise NotFound(f"there is no network link {network_link_id}")
        network_links.revoke_link(db, actor, link.measure_id, network_link_id)
        youth_id = measures.get_measure(db, link.measure_id).youth_id
        audit.set_object(network_link_id, youth_id=youth_id)
        return Redirect(f"/jongeren/{youth_id}?saved=link#netwerk", status_code=303)
