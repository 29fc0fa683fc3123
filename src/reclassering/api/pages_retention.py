"""The administrator's retention page: the rules in force, the receipts of what the nightly retention removed
(which records, under which rule, when, how many, on what basis), and a dry run of what would go now.

Receipts name records by number only, never by name or content: an administrator reaches no case record.
The dry run is the retention job itself with ``dry_run`` set (it reads, and changes nothing).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

from litestar import Controller, Request, get
from litestar.params import Parameter
from litestar.response import Template
from sqlmodel import col, func, select

from ..casefile.models import RetentionReceipt
from ..casefile.types import utcnow
from ..jobs import retention, runner
from ..jobs.base import JobContext
from ..jobs.registry import JOBS
from ..settings import Settings
from .deps import AppSettings, DbSession, in_thread
from .guards import ADMINS, rule
from .i18n import choose_locale, moment, translations
from .rendering import render

PER_PAGE = 50
#: Record numbers shown per receipt; the API (``GET /api/v1/retention/receipts``) has them all.
SHOWN_IDS = 40
_MEASURE_RULE = re.compile(r"^measure_closed:(?P<kind>[a-z0-9_]+):(?P<years>\d+)y$")
_DAYS_RULE = re.compile(r"^(?P<what>login_expired|login_attempt_older_than):(?P<days>\d+)d$")
ACTIONS = {"erased": "erased", "pseudonymised": "pseudonymised", "purged": "purged"}
OBJECTS = {
    "youth": "youth records",
    "measure": "measures",
    "app_user": "youth login accounts",
    "auth_token": "logins",
    "login_attempt": "login attempts",
}


def describe_rule(rule_name: str, gettext: Callable[[str], str]) -> str:
    """A receipt's rule in words (the rule names are those ``jobs.retention`` writes)."""
    if match := _MEASURE_RULE.match(rule_name):
        return gettext("Measure of kind %(kind)s closed more than %(years)s years ago") % match.groupdict()
    if match := _DAYS_RULE.match(rule_name):
        text = {
            "login_expired": "Logins expired or ended more than %(days)s days ago",
            "login_attempt_older_than": "Login attempts older than %(days)s days",
        }[match["what"]]
        return gettext(text) % {"days": match["days"]}
    fixed = {
        "youth_record_closed": "Every measure of the youth closed past its retention period",
        "youth_account_of_erased_record": "The login account of a youth whose record was erased",
    }
    return gettext(fixed[rule_name]) if rule_name in fixed else rule_name


def _rows(receipts: list[dict[str, Any]], gettext: Callable[[str], str]) -> list[dict[str, Any]]:
    shown = []
    for r in receipts:
        ids = list(r["record_ids"])
        shown.append(
            {
                **r,
                "rule_text": describe_rule(r["rule"], gettext),
                "action_text": gettext(ACTIONS.get(r["action"], r["action"])),
                "object_text": gettext(OBJECTS.get(r["object_type"], r["object_type"])),
                "ids": ", ".join(str(i) for i in ids[:SHOWN_IDS]),
                "more": max(len(ids) - SHOWN_IDS, 0),
            }
        )
    return shown


def _rules(settings: Settings) -> dict[str, Any]:
    """The retention rules in force, for the page."""
    rules: dict[str, Any] = {
        "settings_mode": settings.retention_mode,
        "token_days": settings.auth_token_retention_days,
        "attempt_days": settings.login_attempt_retention_days,
        "periods": [],
        "rules_error": "",
    }
    try:
        by_years: dict[int, list[str]] = {}
        for kind, years in sorted(retention.years_by_kind(settings).items()):
            by_years.setdefault(years, []).append(kind)
        rules["periods"] = sorted(by_years.items())
    except ValueError as exc:  # a malformed RECLASSERING_RETENTION_YEARS_BY_KIND: say so on the page
        rules["rules_error"] = str(exc)
    return rules


class RetentionPages(Controller):
    include_in_schema = False

    @get("/beheer/bewaartermijnen", opt=rule(ADMINS), sync_to_thread=False)
    def receipts_page(
        self,
        request: Request,
        db: DbSession,
        settings: AppSettings,
        offset: int = Parameter(default=0, ge=0, le=10_000_000, description="How many to skip"),
    ) -> Template:
        """The rules in force and the receipts, newest first, fifty at a time."""
        locale = choose_locale(request, settings.default_locale)
        gettext = translations(locale).gettext
        total = db.exec(select(func.count()).select_from(RetentionReceipt)).one()
        stored = db.exec(
            select(RetentionReceipt)
            .order_by(col(RetentionReceipt.at).desc(), col(RetentionReceipt.id).desc())
            .offset(offset)
            .limit(PER_PAGE)
        ).all()
        receipts = [
            {**r.model_dump(), "when": moment(r.at, locale, settings.timezone)}
            for r in stored  # type: ignore[union-attr]
        ]
        return render(
            request,
            "bewaartermijnen.html",
            "Retention",
            receipts=_rows(receipts, gettext),
            total=total,
            preview=None,
            newer=max(offset - PER_PAGE, 0) if offset else None,
            older=offset + PER_PAGE if offset + PER_PAGE < total else None,
            **_rules(settings),
        )

    @get("/beheer/bewaartermijnen/proefrun", opt=rule(ADMINS))
    @in_thread
    def dry_run_page(self, request: Request, settings: AppSettings) -> Template:
        """What the retention job would remove if it ran now, as the receipts would say it; removes nothing."""
        locale = choose_locale(request, settings.default_locale)
        gettext = translations(locale).gettext
        ctx = JobContext(engine=request.app.state.engine, settings=settings, now=utcnow(), dry_run=True)
        outcome = runner.run(JOBS[retention.NAME], ctx)
        return render(
            request,
            "bewaartermijnen.html",
            "Retention: dry run",
            receipts=[],
            total=0,
            preview=_rows(outcome.summary.get("would_go", []), gettext),
            preview_key=outcome.key,
            preview_error=outcome.error,
            newer=None,
            older=None,
            **_rules(settings),
        )
