"""The administrator's search of the audit trail (``/beheer/audit``): by youth (the record's number), by user
(the username the trail recorded) and by period, a page at a time, in plain words in the page's language.

The search itself is in the trail: one event per youth whose trail it showed (or one without a youth when it
showed none), its detail naming what was searched for.
"""

from __future__ import annotations

from datetime import date, datetime, time, timedelta
from typing import Annotated, Any
from urllib.parse import urlencode
from zoneinfo import ZoneInfo

from litestar import Controller, Request, get
from litestar.params import QueryParameter
from litestar.response import Template

from ..casefile import audit as audit_trail
from ..casefile.audit import Access
from ..casefile.vocab import AuditAction
from .audit_words import describe
from .deps import AppSettings, Audit, DbSession, Paging, in_thread
from .forms import Checker
from .guards import ADMINS, rule
from .i18n import moment, translations
from .rendering import form_id, page_locale, render

R = AuditAction.READ
FIELDS = ("youth", "user", "from", "to")


def _start_of(day: date, zone: ZoneInfo) -> datetime:
    """Local midnight at the start of ``day``, as the trail stores moments (UTC)."""
    return datetime.combine(day, time(0), tzinfo=zone).astimezone(ZoneInfo("UTC"))


class AuditPages(Controller):
    include_in_schema = False

    @get("/beheer/audit", opt=rule(ADMINS, action=R, object_type="audit_trail"))
    @in_thread
    def search(
        self,
        request: Request,
        db: DbSession,
        audit: Audit,
        settings: AppSettings,
        page: Paging,
        youth: Annotated[str, QueryParameter(max_length=20)] = "",
        user: Annotated[str, QueryParameter(max_length=64)] = "",
        since: Annotated[str, QueryParameter(name="from", max_length=20)] = "",
        until: Annotated[str, QueryParameter(name="to", max_length=20)] = "",
    ) -> Template:
        """The form, and with something to search for the events that match, newest first."""
        typed = {"youth": youth, "user": user, "from": since, "to": until}
        asked = any(v.strip() for v in typed.values())
        check = Checker()
        youth_id = form_id(youth)
        if youth.strip() and youth_id is None:
            check.add("youth", "Fill in the number of the youth's record.")
        check.text("user", user, required=False, max_length=64)
        # the days are Amsterdam's (below), a day ahead of UTC's for an hour each night: a day after today finds
        # nothing rather than being refused
        first = check.day("from", since, required=False, past=False)
        last = check.day("to", until, required=False, past=False)
        if first and last and last < first:
            check.add("to", "The end of the period lies before its start.")
        if "search" in request.query_params and not asked:
            check.add("youth", "Fill in at least one: a youth, a user or a period.")
        context: dict[str, Any] = {"events": None, "total": 0}
        detail = "search form"
        if asked and not check.errors:
            zone = ZoneInfo(settings.timezone)
            rows, total = audit_trail.search(
                db,
                youth_id=youth_id,
                username=user.strip() or None,
                since=_start_of(first, zone) if first else None,
                until=_start_of(last + timedelta(days=1), zone) if last else None,
                limit=page.limit,
                offset=page.offset,
            )
            locale = page_locale(request)
            gettext = translations(locale).gettext
            events = []
            for event, name in rows:
                shown = describe(event, name, gettext)
                shown["when"] = moment(event.at, locale, settings.timezone)
                events.append(shown)
            context = {
                "events": events,
                "total": total,
                "newer": max(page.offset - page.limit, 0) if page.offset else None,
                "older": page.offset + page.limit if page.offset + page.limit < total else None,
                "query": urlencode({k: v.strip() for k, v in typed.items() if v.strip()}),
            }
            detail = "search: " + ", ".join(f"{k} {v.strip()!r}" for k, v in typed.items() if v.strip())
            detail += f"; offset {page.offset}"
        shown_youths = sorted({e["youth_id"] for e in context["events"] or [] if e["youth_id"] is not None})
        targets = [youth_id] if youth_id is not None and asked else shown_youths
        audit.accesses = [Access(y, R, "audit_trail", y, detail=detail) for y in targets] or [
            Access(None, R, "audit_trail", None, detail=detail)
        ]
        status = 422 if check.errors else 200
        if check.errors:
            audit.status_code = 422
        return render(
            request,
            "beheer_audit.html",
            "Audit trail",
            status,
            errors=check.errors,
            typed=typed,
            limit=page.limit,
            wide=True,
            **context,
        )
