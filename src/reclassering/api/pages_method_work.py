"""The worker's forms for the method's work on a youth's page: a mapping session (the harm, the danger
statement, worries and strengths, and every participant's judgement score) and Safe Path's coach pair.

Each form reads what was typed field by field (``forms.Checker``), then calls the method's own operation; a
refused form comes back with the messages next to its fields and what was typed still in place.
"""

from __future__ import annotations

from typing import Any

import msgspec
from litestar import Controller, Request, post
from litestar.params import FromPath

from ..casefile import measures
from ..casefile.errors import NotFound
from ..casefile.vocab import AuditAction
from ..methods import coach_pair, mapping
from .deps import AppSettings, Audit, CurrentUser, DbSession
from .forms import Checker
from .guards import STAFF, rule
from .pages_record import on_youth_page, refusing
from .rendering import Form, form_id

C, U = AuditAction.CREATE, AuditAction.UPDATE
#: Rows for participants on the mapping form.
PARTICIPANT_ROWS = 6
MAPPING_TEXTS = {
    "harm": "harm",
    "danger": "danger_statement",
    "complicating": "complicating_factors",
    "safety": "existing_safety",
    "worries": "worries",
    "well": "working_well",
    "next": "next_steps",
}
REQUIRED_TEXTS = ("worries", "well", "next")
COACH_FIELDS = ("user", "name", "org", "trained")


def _measure_id(db: Any, youth_id: int) -> int:
    measure = measures.current_measure(db, youth_id)
    if measure is None or measure.id is None:
        raise NotFound("there is no measure")
    return measure.id


class MethodWorkPagesController(Controller):
    include_in_schema = False

    @post(
        "/jongeren/{youth_id:int}/in-kaart",
        opt=rule(STAFF, scope="youth", action=C, object_type="mapping_session"),
        sync_to_thread=False,
    )
    def record_mapping(
        self,
        request: Request,
        db: DbSession,
        actor: CurrentUser,
        audit: Audit,
        settings: AppSettings,
        youth_id: FromPath[int],
        data: Form,
    ) -> Any:
        """A mapping session or review: the harm, the danger statement, the three columns beside complicating
        factors and existing safety, and the judgement score of each participant."""
        names = ["held_on", "kind", *MAPPING_TEXTS]
        names += [f"p{i}-{part}" for i in range(PARTICIPANT_ROWS) for part in ("name", "role", "score")]
        typed = {f"mapping-{name}": data.get(name, "") for name in names}
        measure_id = _measure_id(db, youth_id)
        registry = request.app.state.methods

        def write() -> tuple[int | None, str]:
            check = Checker()
            held_on = check.day("mapping-held_on", typed["mapping-held_on"], required=True)
            kind = check.choice("mapping-kind", typed["mapping-kind"], list(mapping.SessionKind), required=True)
            for short in MAPPING_TEXTS:
                check.text(f"mapping-{short}", typed[f"mapping-{short}"], required=short in REQUIRED_TEXTS)
            needs = mapping.danger_statement_phase(db, measure_id, registry)
            if needs is not None and not typed["mapping-danger"].strip():
                check.add(
                    "mapping-danger",
                    "This phase asks for a danger statement: what could happen if nothing changes.",
                )
            participants = _participants(check, typed)
            check.done()
            fields = {
                "held_on": held_on.isoformat(),  # type: ignore[union-attr]
                "kind": kind,
                "participants": participants,
                **{field: typed[f"mapping-{short}"] for short, field in MAPPING_TEXTS.items()},
            }
            row = refusing(
                lambda: mapping.record_mapping_session(
                    db, actor, measure_id, msgspec.convert(fields, mapping.MappingSessionCreate), registry
                )
            )
            return row.id, "gesprekken"

        return on_youth_page(request, db, settings, audit, youth_id, typed, write)

    @post(
        "/jongeren/{youth_id:int}/coachkoppel",
        opt=rule(STAFF, scope="youth", action=U, object_type="coach_pair"),
        sync_to_thread=False,
    )
    def set_coach_pair(
        self,
        request: Request,
        db: DbSession,
        actor: CurrentUser,
        audit: Audit,
        settings: AppSettings,
        youth_id: FromPath[int],
        data: Form,
    ) -> Any:
        """Safe Path's coach pair: two trained professional coaches, each a colleague or an external coach."""
        names = [f"coach{i}-{part}" for i in range(coach_pair.PAIR_SIZE) for part in COACH_FIELDS] + ["worker_joins"]
        typed = {f"pair-{name}": data.get(name, "") for name in names}
        measure_id = _measure_id(db, youth_id)

        def write() -> tuple[int | None, str]:
            check = Checker()
            coaches = [_coach(check, typed, i) for i in range(coach_pair.PAIR_SIZE)]
            check.done()
            body = {"coaches": coaches, "worker_joins": typed["pair-worker_joins"] == "yes"}
            refusing(
                lambda: coach_pair.set_coach_pair(db, actor, measure_id, msgspec.convert(body, coach_pair.CoachPairSet))
            )
            return measure_id, "coachkoppel"

        return on_youth_page(request, db, settings, audit, youth_id, typed, write)


def _participants(check: Checker, typed: dict[str, str]) -> list[dict[str, Any]]:
    """The rows that hold anything: each needs a name and a role; the score (0-10) may stay empty."""
    rows = []
    for i in range(PARTICIPANT_ROWS):
        prefix = f"mapping-p{i}"
        name, role, score = (typed[f"{prefix}-{part}"] for part in ("name", "role", "score"))
        if not (name.strip() or role.strip() or score.strip()):
            continue
        check.text(f"{prefix}-name", name, required=True, max_length=120, empty="Fill in a name.")
        check.text(f"{prefix}-role", role, required=True, max_length=120, empty="Fill in how they relate to the youth.")
        value = check.score(f"{prefix}-score", score, required=False)
        rows.append({"name": name, "role": role, "score": value})
    if not rows:
        check.add("mapping-p0-name", "Name at least one participant.")
    return rows


def _coach(check: Checker, typed: dict[str, str], index: int) -> dict[str, Any]:
    """A colleague (chosen from the list) or an external coach with organisation and training date."""
    prefix = f"pair-coach{index}"
    user = typed[f"{prefix}-user"].strip()
    trained = check.day(f"{prefix}-trained", typed[f"{prefix}-trained"], required=not user)
    if user:
        user_id = form_id(user)
        if user_id is None:
            check.add(f"{prefix}-user", "Choose one of the options.")
        return {"user_id": user_id, "trained_on": trained.isoformat() if trained else None}
    name = check.text(f"{prefix}-name", typed[f"{prefix}-name"], required=True, max_length=120, empty="Fill in a name.")
    organisation = check.text(
        f"{prefix}-org", typed[f"{prefix}-org"], required=True, max_length=120, empty="Fill in the organisation."
    )
    return {"name": name, "organisation": organisation, "trained_on": trained.isoformat() if trained else None}
