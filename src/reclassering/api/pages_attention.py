"""The supervisor's list (``/overleg``): the team's measures that need attention before a case conference, and
the page to plan a new conference for a measure.

A supervisor or behavioural expert sees the team; a worker their own caseload (the same reach as everywhere,
``casefile.access``). Planning a conference calls the same ``conferences.create_conference`` as the API.
"""

from __future__ import annotations

from typing import Any

import msgspec
from litestar import Controller, Request, get, post
from litestar.params import FromPath
from litestar.response import Redirect, Template
from sqlmodel import Session

from ..casefile import conferences, measures, youths
from ..casefile.attention import SERIOUS_DAYS, attention
from ..casefile.errors import DomainError
from ..casefile.fields import today
from ..casefile.vocab import AuditAction
from ..casefile.weekly_round import HORIZON_DAYS
from .deps import AppSettings, Audit, CurrentUser, DbSession
from .forms import Checker, Refused
from .guards import STAFF, rule
from .rendering import Form, not_saved, render, saved_notice

R, C = AuditAction.READ, AuditAction.CREATE
QUESTION_FIELDS = ("held_on", "question_kind", "question")


def read_question(data: dict[str, str], typed: dict[str, str], prefix: str = "conference") -> dict[str, Any]:
    """The date and the question of a conference as typed (fields ``held_on``, ``question_kind``, ``question``);
    element ids ``<prefix>-held_on`` …. Every message at once; the fields as the case file takes them."""
    for name in QUESTION_FIELDS:
        typed[f"{prefix}-{name}"] = data.get(name, "")
    check = Checker()
    held_on = check.day(f"{prefix}-held_on", typed[f"{prefix}-held_on"], required=True, past=False)
    kind = check.choice(
        f"{prefix}-question_kind", typed[f"{prefix}-question_kind"], conferences.QuestionKind, required=True
    )
    question = check.text(
        f"{prefix}-question", typed[f"{prefix}-question"], required=True, empty="Write the question on the table."
    )
    check.done()
    return {"held_on": held_on, "question_kind": kind, "question": question}


class AttentionPagesController(Controller):
    include_in_schema = False

    @get("/overleg", opt=rule(STAFF, action=R, object_type="youth"), sync_to_thread=False)
    def overview(
        self, request: Request, db: DbSession, actor: CurrentUser, audit: Audit, settings: AppSettings
    ) -> Template:
        """The measures that need attention: serious setbacks in the last weeks, breaches not reported yet,
        conferences coming up and conferences waiting for sign-off or the decision."""
        rows, looked_at = attention(db, actor, today=today(), working_days=settings.breach_report_working_days)
        audit.set_youths(looked_at, "youth")
        waiting = [(row, c) for row in rows for c in row.conferences if c.waiting]
        coming = [(row, c) for row in rows for c in row.conferences if not c.waiting]
        return render(
            request,
            "overleg.html",
            "Case conferences",
            rows=rows,
            waiting=sorted(waiting, key=lambda rc: (rc[1].held_on, rc[1].id)),
            coming=sorted(coming, key=lambda rc: (rc[1].held_on, rc[1].id)),
            serious=[row for row in rows if row.serious_setbacks],
            breached=[row for row in rows if row.undecided_breaches],
            serious_weeks=SERIOUS_DAYS // 7,
            horizon_weeks=HORIZON_DAYS // 7,
            notice=saved_notice(request),
            wide=True,
        )

    @get(
        "/maatregelen/{measure_id:int}/overleg/nieuw",
        opt=rule(STAFF, scope="measure", action=R, object_type="measure"),
        sync_to_thread=False,
    )
    def plan_page(self, request: Request, db: DbSession, measure_id: FromPath[int]) -> Template:
        """The form to plan a case conference for the measure: its date and the question on the table."""
        return _plan(request, db, measure_id)

    @post(
        "/maatregelen/{measure_id:int}/overleg",
        opt=rule(STAFF, scope="measure", action=C, object_type="conference"),
        sync_to_thread=False,
    )
    def plan(
        self, request: Request, db: DbSession, actor: CurrentUser, audit: Audit, measure_id: FromPath[int], data: Form
    ) -> Any:
        typed: dict[str, str] = {}
        try:
            fields = read_question(data, typed)
            try:
                created = conferences.create_conference(
                    db, actor, measure_id, msgspec.convert(fields, conferences.ConferenceCreate)
                )
            except DomainError as exc:
                if "before the measure started" in str(exc):
                    raise Refused({"conference-held_on": ("This date lies before the measure started.", {})}) from exc
                raise not_saved(exc) from exc
            except (msgspec.ValidationError, ValueError) as exc:
                raise not_saved(exc) from exc
        except Refused as refused:
            db.rollback()
            audit.status_code = 422
            here = f"/maatregelen/{measure_id}/overleg/nieuw"
            return _plan(request, db, measure_id, 422, errors=refused.errors, typed=typed, here=here)
        audit.set_object(created.id)
        return Redirect(f"/overleg/{created.id}?saved=planned", status_code=303)


def _plan(request: Request, db: Session, measure_id: int, status: int = 200, **extra: Any) -> Template:
    measure = measures.get_measure(db, measure_id)
    return render(
        request,
        "conference_new.html",
        "Plan a case conference",
        status,
        measure=measure,
        youth=youths.get_youth(db, measure.youth_id),
        kinds=list(conferences.QuestionKind),
        today=today(),
        **extra,
    )
