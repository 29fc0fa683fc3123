"""The safety plan on the pages: what the worker's and the youth's pages show of it, and the worker's form.

The form is plain repeated fields that work without JavaScript: one row per task, warning sign and person to call
(``task-0-who``, ``task-0-what``, ``sign-0``, ``call-0-name`` …), with an empty row to add one, a "remove" box per
row, and an "another row" button that shows the form again with one more row (nothing is saved until "Save").
Fields are checked one by one, and a refused form comes back with each message next to its field.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any
from zoneinfo import ZoneInfo

import msgspec
from sqlmodel import Session

from ..casefile import safety_plan
from ..casefile.safety_plan import MAX_CONTACTS, MAX_SIGNS, MAX_TASKS, PlanView, SafetyPlanWrite
from .forms import Checker

#: Versions listed under the plan on the worker's page.
VERSIONS_SHOWN = 20
TASK, SIGN, CALL = "task", "sign", "call"
#: Per kind of row: its fields, the most rows, and each field's longest text.
ROWS: dict[str, tuple[tuple[str, ...], int, tuple[int, ...]]] = {
    TASK: (("who", "what"), MAX_TASKS, (120, 300)),
    SIGN: (("text",), MAX_SIGNS, (300,)),
    CALL: (("name", "relation", "reach"), MAX_CONTACTS, (120, 300, 200)),
}
#: The field of a row that must be filled once any field of it is.
REQUIRED = {TASK: ("who", "what"), SIGN: ("text",), CALL: ("name",)}
WHOLE_PLAN = "plan"


@dataclass
class PlanForm:
    """The form as shown: the rows of each kind (values by field), the agreement, the review day, the version."""

    based_on: int
    rows: dict[str, list[dict[str, str]]] = field(default_factory=dict)
    agreed: str = ""
    review_on: str = ""

    def with_spare_rows(self, extra: str | None = None) -> PlanForm:
        """One empty row of each kind to add to (two of ``extra``), within each kind's limit."""
        for kind, (names, most, _) in ROWS.items():
            rows = self.rows.setdefault(kind, [])
            for _n in range(2 if kind == extra else 1):
                if len(rows) < most:
                    rows.append(dict.fromkeys(names, ""))
        return self

    def full(self, kind: str) -> bool:
        return len(self.rows.get(kind, [])) >= ROWS[kind][1]


def form_of(view: PlanView | None) -> PlanForm:
    """The form filled in with the current version (empty without one), with a spare row of each kind."""
    if view is None:
        return PlanForm(based_on=0).with_spare_rows()
    row = view.row
    return PlanForm(
        based_on=row.version,
        rows={
            TASK: [dict(t) for t in row.who_does_what],
            SIGN: [{"text": s} for s in row.warning_signs],
            CALL: [dict(c) for c in row.who_to_call],
        },
        agreed=row.network_agreed,
        review_on=row.next_review_on.isoformat() if row.next_review_on else "",
    ).with_spare_rows()


def typed_form(data: dict[str, str]) -> PlanForm:
    """The form as typed: rows ticked "remove" and rows left empty are dropped, the rest kept in order."""
    based_on = data.get("based_on", "0").strip()
    form = PlanForm(
        based_on=int(based_on) if based_on.isdigit() and len(based_on) < 10 else -1,
        agreed=data.get("agreed", ""),
        review_on=data.get("review_on", ""),
    )
    for kind, (names, most, _) in ROWS.items():
        rows = []
        for i in range(most):
            values = {name: data.get(f"{kind}-{i}-{name}", "") for name in names}
            if data.get(f"{kind}-{i}-remove") == "yes" or not any(v.strip() for v in values.values()):
                continue
            rows.append(values)
        form.rows[kind] = rows
    return form


def element(kind: str, index: int, name: str) -> str:
    """The id of a row's field in the page (and the key of its message)."""
    return f"plan-{kind}-{index}" if kind == SIGN else f"plan-{kind}-{index}-{name}"


def check_form(form: PlanForm) -> SafetyPlanWrite:
    """Every field checked (all messages at once, by element id); the write the case file takes."""
    check = Checker()
    for kind, (names, _, limits) in ROWS.items():
        for index, row in enumerate(form.rows[kind]):
            for name, limit in zip(names, limits, strict=True):
                required = name in REQUIRED[kind]
                empty = "Fill this in, or tick remove." if required else ""
                check.text(element(kind, index, name), row[name], required=required, max_length=limit, empty=empty)
    check.text("plan-agreed", form.agreed, required=False)
    review = check.day("plan-review_on", form.review_on, required=False, past=False)
    if form.based_on < 0:
        check.add(WHOLE_PLAN, "This could not be saved. Reload the page and try again.")
    if not any(form.rows.values()) and not form.agreed.strip() and not form.review_on.strip():
        check.add(WHOLE_PLAN, "Fill in at least one part of the plan.")
    check.done()
    fields = {
        "based_on_version": form.based_on,
        "who_does_what": form.rows[TASK],
        "warning_signs": [row["text"] for row in form.rows[SIGN]],
        "who_to_call": form.rows[CALL],
        "network_agreed": form.agreed,
        "next_review_on": review,
    }
    return msgspec.convert(fields, SafetyPlanWrite)


def saved_on(view: PlanView, zone: str) -> Any:
    """The local day a version was saved."""
    return view.row.created_at.astimezone(ZoneInfo(zone)).date()


def plan_context(db: Session, measure_id: int, zone: str = "Europe/Amsterdam") -> dict[str, Any]:
    """What the worker's page shows of the plan: the current version, the versions before, the form."""
    versions, _ = safety_plan.list_versions(db, measure_id, limit=VERSIONS_SHOWN)
    current = versions[0] if versions else None
    return {
        "plan": current,
        "plan_versions": [(v, saved_on(v, zone)) for v in versions],
        "plan_saved_on": saved_on(current, zone) if current else None,
        "plan_form_default": form_of(current),
    }


def youth_plan_context(db: Session, measure_id: int, zone: str) -> dict[str, Any]:
    """What the youth's own page shows: the current plan and the day it was saved."""
    current = safety_plan.current_plan(db, measure_id)
    return {"safety_plan": current, "safety_plan_saved_on": saved_on(current, zone) if current else None}
