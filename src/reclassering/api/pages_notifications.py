"""The notifications page: what the scheduled jobs left for a staff member (or administrator), unread first,
and marking them read with a form. The count in every page's navigation is ``navigation.unread_notifications``.

A notification names a youth, so listing them is an access to those youths: each youth shown is written to the
audit trail, as the API does. Marking read takes one id or "all"; someone else's id is ignored (nothing is
learnt about it). A youth has no notifications and cannot open these pages.
"""

from __future__ import annotations

from typing import Any

from litestar import Controller, Request, get, post
from litestar.params import Parameter
from litestar.response import Redirect, Template

from ..casefile import notifications
from ..casefile.vocab import AuditAction, Role
from .deps import AppSettings, Audit, CurrentUser, DbSession
from .guards import EVERYONE, STAFF, rule
from .i18n import choose_locale, moment, translations
from .rendering import Form, render
from .rendering import form_id as _id

#: Everyone but the youth: staff and administrators.
NOT_YOUTH = EVERYONE - {Role.YOUTH}
PER_PAGE = 50


class NotificationPages(Controller):
    include_in_schema = False

    @get("/meldingen", opt=rule(NOT_YOUTH, action=AuditAction.READ, object_type="notification"), sync_to_thread=False)
    def notifications_page(
        self,
        request: Request,
        db: DbSession,
        actor: CurrentUser,
        audit: Audit,
        settings: AppSettings,
        offset: int = Parameter(default=0, ge=0, le=10_000_000, description="How many to skip"),
    ) -> Template:
        """The user's notifications, unread first and newest first, fifty at a time."""
        locale = choose_locale(request, settings.default_locale)
        rows, total, unread = notifications.for_user(db, actor.id, limit=PER_PAGE, offset=offset)  # type: ignore[arg-type]
        audit.set_youths(sorted({n.youth_id for n in rows if n.youth_id is not None}), "notification")
        links = actor.role in STAFF  # an administrator reaches no case record
        items: list[dict[str, Any]] = [
            {
                "id": n.id,
                "text": notifications.text_of(n.kind, n.params, locale),
                "when": moment(n.created_at, locale, settings.timezone),
                "unread": n.read_at is None,
                "link": f"/jongeren/{n.youth_id}" if links and n.youth_id is not None else None,
            }
            for n in rows
        ]
        notice = translations(locale).gettext("Marked as read.") if request.query_params.get("gelezen") else None
        return render(
            request,
            "meldingen.html",
            "Notifications",
            notice=notice,
            items=items,
            total=total,
            unread_total=unread,
            newer=max(offset - PER_PAGE, 0) if offset else None,
            older=offset + PER_PAGE if offset + PER_PAGE < total else None,
        )

    @post("/meldingen/gelezen", opt=rule(NOT_YOUTH), sync_to_thread=False)
    def mark_read(self, request: Request, db: DbSession, actor: CurrentUser, settings: AppSettings, data: Form) -> Any:
        """Mark one notification (``id``) or all of them (``all=1``) read, then back to the list."""
        if data.get("all") == "1":
            ids = None
        else:
            notification_id = _id(data.get("id"))
            if notification_id is None:
                gettext = translations(choose_locale(request, settings.default_locale)).gettext
                return render(
                    request,
                    "error.html",
                    "Not saved",
                    422,
                    heading=gettext("Not saved"),
                    message=gettext("Choose a notification to mark as read."),
                )
            ids = [notification_id]
        notifications.mark_read(db, actor.id, ids)  # type: ignore[arg-type]
        return Redirect("/meldingen?gelezen=1", status_code=303)
