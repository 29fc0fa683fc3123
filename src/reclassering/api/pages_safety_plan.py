"""The worker's form for the success and safety plan on the youth's page (``/jongeren/{id}``).

"Save" stores the plan as a new version of the current measure's plan; "another row" shows the page again with
one more empty row and what was typed, storing nothing. A refused form, or a save on a version someone else has
meanwhile replaced, shows the page again with the messages next to the fields and everything typed kept.
"""

from __future__ import annotations

import logging
from typing import Any
from zoneinfo import ZoneInfo

import msgspec
from litestar import Controller, Request, post
from litestar.params import FromPath
from litestar.response import Redirect

from ..casefile import measures, safety_plan
from ..casefile.audit import Access
from ..casefile.errors import DomainError, Invalid
from ..casefile.types import day_of
from ..casefile.vocab import AuditAction
from .deps import AppSettings, Audit, CurrentUser, DbSession
from .forms import Refused
from .guards import STAFF, rule
from .i18n import long_date
from .pages_worker import show_youth
from .rendering import Form, not_saved, page_locale
from .safety_plan_view import ROWS, WHOLE_PLAN, check_form, typed_form

log = logging.getLogger(__name__)
ANCHOR = "veiligheidsplan"


class SafetyPlanPages(Controller):
    include_in_schema = False

    @post(
        "/jongeren/{youth_id:int}/veiligheidsplan",
        opt=rule(STAFF, scope="youth", action=AuditAction.UPDATE, object_type="safety_plan"),
        sync_to_thread=False,
    )
    def save_plan(
        self,
        request: Request,
        db: DbSession,
        actor: CurrentUser,
        audit: Audit,
        settings: AppSettings,
        youth_id: FromPath[int],
        data: Form,
    ) -> Any:
        """Save the plan of the youth's current measure as a new version, or show the form with another row."""
        form = typed_form(data)
        here = f"/jongeren/{youth_id}"
        more = data.get("more", "")
        if more in ROWS:  # another row: nothing is stored, so the trail says the page was read
            audit.accesses = [Access(a.youth_id, AuditAction.READ, a.object_type, None) for a in audit.accesses]
            return show_youth(request, db, settings, youth_id, plan_form=form.with_spare_rows(more), here=here)
        try:
            try:
                measure = measures.current_measure(db, youth_id)
                if measure is None:
                    raise Invalid("there is no measure to make a safety plan for")
                view = safety_plan.save_plan(db, actor, measure.id, check_form(form))  # type: ignore[arg-type]
            except safety_plan.StalePlan as stale:
                form.based_on = stale.current.version  # saving again is a deliberate choice, after reading it
                stamp = stale.current.created_at.astimezone(ZoneInfo(settings.timezone))
                day = long_date(day_of(stamp), page_locale(request))
                message = (
                    "Meanwhile %(name)s saved version %(version)s of the plan (%(day)s). What you typed is still "
                    "below: compare it with the plan above, then save again."
                )
                values = {"name": stale.author_name, "version": stale.current.version, "day": day}
                raise Refused({WHOLE_PLAN: (message, values)}) from stale
            except Invalid as exc:
                if exc.message.startswith("nothing changed"):
                    raise Refused({WHOLE_PLAN: ("Nothing changed compared with the current plan.", {})}) from exc
                raise not_saved(exc) from exc
            except (DomainError, msgspec.ValidationError, ValueError) as exc:
                raise not_saved(exc) from exc
        except Refused as refused:
            db.rollback()
            audit.status_code = 422
            log.info("safety plan form refused: %s", refused)
            return show_youth(
                request,
                db,
                settings,
                youth_id,
                422,
                errors=refused.errors,
                typed={},
                plan_form=form.with_spare_rows(),
                here=here,
            )
        audit.set_object(view.row.id, youth_id=youth_id)
        return Redirect(f"/jongeren/{youth_id}?saved=plan#{ANCHOR}", status_code=303)
