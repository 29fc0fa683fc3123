"""The page a network link opens (``/netwerk/{secret}``): no account, made for a phone (issue 10).

Per goal the network member was asked about (in the youth's own words): their own 0-10 score for this week, with
the scale's anchors, and what they saw going well. Dutch by default, English through the language link or when
the link was made in English. Every bad link (expired, revoked, unknown, malformed, measure closed) answers the
same 404 page. Each use is written to the audit trail with the network member as the actor, and so is each refused
use of a link that was made (denied, with the reason); an unknown secret names no record, so it is logged as a
warning for the operator. The secret never reaches the trail or the server's logs (the path is written as
``/netwerk/…``).
"""

from __future__ import annotations

import logging
import re
from pathlib import PurePath
from typing import Any

import msgspec
from litestar import Controller, Request, get, post
from litestar.params import FromPath
from litestar.response import Redirect, Template
from sqlmodel import Session

from ..casefile import audit, network_links
from ..casefile.audit import Access, Actor
from ..casefile.errors import DomainError
from ..casefile.fields import today
from ..casefile.network_links import LinkPage
from ..casefile.types import day_of
from ..casefile.vocab import AuditAction, AuditOutcome
from ..methods import workflow
from ..methods.definition_schema import ScaleUse
from .audit_hook import STATE_KEY, AuditContext, access_point
from .deps import DbSession
from .forms import WHOLE_FORM, Checker, Refused
from .guards import rule
from .i18n import translations
from .rendering import SAVED, Form, not_saved, page_locale, render

log = logging.getLogger(__name__)

#: Every address under /netwerk/ comes here (a path parameter), so that a link with a slash in it is just as unknown.
PATH = "/netwerk/{link_path:path}"
#: How the path of a link is written wherever it is recorded: never with its secret.
REDACTED = "/netwerk/…"
#: Said for every link that does not work, whatever the reason (nothing tells a guess from an expired link).
GONE = "This link does not work (any more). Ask the youth probation officer who sent it for a new link."
_LINK_IN_PATH = re.compile(r"/netwerk/[^/?#\s\"]+")


def redact(text: str) -> str:
    """``text`` with the secret of any network link replaced."""
    return _LINK_IN_PATH.sub(REDACTED, text)


class RedactLinks(logging.Filter):
    """Keeps the secrets of network links out of log lines (the server's access log names every path)."""

    def filter(self, record: logging.LogRecord) -> bool:
        if isinstance(record.msg, str) and "/netwerk/" in record.msg:
            record.msg = redact(record.msg)
        if isinstance(record.args, tuple):
            record.args = tuple(redact(a) if isinstance(a, str) and "/netwerk/" in a else a for a in record.args)
        return True


def install_log_redaction() -> None:
    """Add the filter to the access loggers (once)."""
    for name in ("uvicorn.access", "uvicorn.error", "litestar"):
        logger = logging.getLogger(name)
        if not any(isinstance(f, RedactLinks) for f in logger.filters):
            logger.addFilter(RedactLinks())


def _anchors(request: Request, db: Session, page: LinkPage, locale: str) -> tuple[str, str] | None:
    enrolment = workflow.find_enrolment(db, page.measure.id)  # type: ignore[arg-type]
    if enrolment is None:
        return None
    try:
        scale = request.app.state.methods.get(enrolment.method_id).scale_for(ScaleUse.GOAL)
    except (KeyError, DomainError):
        return None
    return (scale.anchors.low.get(locale), scale.anchors.high.get(locale)) if scale else None


def _secret(path: PurePath) -> str:
    return str(path).lstrip("/")


def _audit(request: Request, page: LinkPage, accesses: list[Access]) -> AuditContext:
    """The use of the link on the trail, the network member as the actor, the path without its secret."""
    context = AuditContext(
        Actor.network_member(page.member.id),  # type: ignore[arg-type]
        access_point(request, REDACTED),
        accesses,
    )
    request.state[STATE_KEY] = context
    return context


class NetworkLinkPages(Controller):
    include_in_schema = False

    def _gone(self, request: Request, db: Session, secret: str, action: AuditAction) -> Template:
        """The same 404 page for every bad link; a refused link that was made goes on its youth's trail."""
        refused = network_links.refused_link(db, secret)
        if refused is None:
            log.warning("an unknown network link was asked for (%s %s)", request.method, REDACTED)
        else:
            audit.record(
                db,
                Actor.network_member(refused.link.network_member_id),
                [Access(refused.youth_id, action, "network_link", refused.link.id)],
                access_point=access_point(request, REDACTED),
                outcome=AuditOutcome.DENIED,
                status_code=404,
                detail=f"link {refused.why}",
            )
        gettext = translations(page_locale(request)).gettext
        return render(request, "error.html", "Not found", 404, heading=gettext("Not found"), message=gettext(GONE))

    def _show(
        self, request: Request, db: Session, page: LinkPage, secret: str, status: int = 200, **extra: Any
    ) -> Template:
        locale = page_locale(request, page.link.locale)
        week = network_links.this_week(page, today())
        values, notes = network_links.own_entries(db, page, week)
        notice = translations(locale).gettext(SAVED) if request.query_params.get("saved") else None
        return render(
            request,
            "network_form.html",
            "Your view on this week",
            status,
            default_locale=page.link.locale,
            notice=notice,
            member=page.member,
            youth_name=page.youth.display_name.split(" ")[0],
            goals=page.goals,
            values=values,
            notes=notes,
            week=week,
            expires_on=day_of(page.link.expires_at),
            anchors=_anchors(request, db, page, locale),
            action=f"/netwerk/{secret}",
            **extra,
        )

    @get(PATH, opt=rule(public=True), sync_to_thread=False)
    def form(self, request: Request, db: DbSession, link_path: FromPath[PurePath]) -> Template:
        """The network member's form for this week, with what they entered before this week."""
        secret = _secret(link_path)
        page = network_links.resolve(db, secret)
        if page is None:
            return self._gone(request, db, secret, AuditAction.READ)
        _audit(request, page, [Access(page.measure.youth_id, AuditAction.READ, "network_link", page.link.id)])
        return self._show(request, db, page, secret)

    @post(PATH, opt=rule(public=True), sync_to_thread=False)
    def save(self, request: Request, db: DbSession, link_path: FromPath[PurePath], data: Form) -> Any:
        """Store the member's own scores and what they saw going well; the same week again replaces them."""
        secret = _secret(link_path)
        page = network_links.resolve(db, secret)
        if page is None:
            return self._gone(request, db, secret, AuditAction.UPDATE)
        youth_id = page.measure.youth_id
        context = _audit(request, page, [Access(youth_id, AuditAction.UPDATE, "check_in")])
        typed: dict[str, str] = {}
        values: dict[int, int] = {}
        notes: dict[int, str] = {}
        try:
            check = Checker()
            for goal in page.goals:
                score_field, note_field = f"score-{goal.id}", f"note-{goal.id}"
                typed[score_field] = data.get(f"score_{goal.id}", "")
                typed[note_field] = data.get(f"note_{goal.id}", "")
                value = check.score(score_field, typed[score_field], required=False)
                if value is not None:
                    values[goal.id] = value  # type: ignore[index]
                if check.text(note_field, typed[note_field], required=False).strip():
                    notes[goal.id] = typed[note_field]  # type: ignore[index]
            if not check.errors and not values and not notes:
                check.add(WHOLE_FORM, "Fill in a score or what went well for at least one goal.")
            check.done()
            week = network_links.this_week(page, today())
            try:
                changed = network_links.submit(db, page, week, values, notes, today=today())
            except (DomainError, msgspec.ValidationError, ValueError) as exc:
                raise not_saved(exc) from exc
        except Refused as refused:
            db.rollback()
            context.status_code = 422
            return self._show(request, db, page, secret, 422, errors=refused.errors, typed=typed)
        context.accesses.extend(Access(youth_id, AuditAction.CREATE, "success", s) for s in changed)
        return Redirect(f"/netwerk/{secret}?saved=1", status_code=303)
