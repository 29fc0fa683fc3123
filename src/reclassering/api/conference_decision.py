"""A case conference's addressee, options, risks, participants, views and the outside outcome."""

from __future__ import annotations

from datetime import date, datetime

from litestar import Controller, get, put
from litestar.params import FromPath, JSONBody
from msgspec import Struct
from sqlmodel import Session

from ..casefile import conference_decision as decision
from ..casefile.conferences import get_conference
from ..casefile.fields import today
from ..casefile.vocab import AuditAction
from .deps import CurrentUser, DbSession
from .guards import STAFF, rule

R, U = AuditAction.READ, AuditAction.UPDATE


class OptionOut(Struct):
    kind: str
    description: str
    pros: str
    cons: str


class ParticipantOut(Struct):
    name: str
    role: str


class ViewOut(Struct):
    status: str
    text: str


class OutsideOutcomeOut(Struct):
    decided_by: str
    outcome: str
    decided_on: date
    note: str
    recorded_by_id: int | None
    recorded_at: datetime | None


class InternalDecisionOut(Struct):
    advised_outcome: str | None
    advice_signed_at: datetime | None
    decision: str | None
    rationale: str
    decided_at: datetime | None


class DeliberationOut(Struct):
    conference_id: int
    addressee: str | None
    options: list[OptionOut]
    risks: str
    protective_factors: str
    participants: list[ParticipantOut]
    youth_view: ViewOut | None
    parents_view: ViewOut | None
    internal: InternalDecisionOut
    outside: OutsideOutcomeOut | None


def _deliberation(db: Session, conference_id: int) -> DeliberationOut:
    conference = get_conference(db, conference_id)
    row = decision.deliberation_of(db, conference_id)
    internal = InternalDecisionOut(
        advised_outcome=conference.advised_outcome,
        advice_signed_at=conference.advice_signed_at,
        decision=conference.decision,
        rationale=conference.rationale,
        decided_at=conference.decided_at,
    )
    if row is None:
        return DeliberationOut(conference_id, None, [], "", "", [], None, None, internal, None)
    outside = None
    if row.outside_outcome is not None:
        outside = OutsideOutcomeOut(
            decided_by=row.outside_body or "",
            outcome=row.outside_outcome,
            decided_on=row.outside_decided_on,  # type: ignore[arg-type]
            note=row.outside_note,
            recorded_by_id=row.outside_recorded_by_id,
            recorded_at=row.outside_recorded_at,
        )
    return DeliberationOut(
        conference_id=conference_id,
        addressee=row.addressee or None,
        options=[OptionOut(**o) for o in row.options],
        risks=row.risks,
        protective_factors=row.protective_factors,
        participants=[ParticipantOut(**p) for p in row.participants],
        youth_view=ViewOut(row.youth_view_status, row.youth_view) if row.youth_view_status else None,
        parents_view=ViewOut(row.parents_view_status, row.parents_view) if row.parents_view_status else None,
        internal=internal,
        outside=outside,
    )


class ConferenceDecisionController(Controller):
    path = "/api/v1/conferences/{conference_id:int}"
    tags = ["case conferences"]

    @get(
        "/deliberation", opt=rule(STAFF, scope="conference", action=R, object_type="deliberation"), sync_to_thread=False
    )
    def read_deliberation(self, db: DbSession, conference_id: FromPath[int]) -> DeliberationOut:
        """Addressee, options weighed, risks, protective factors, participants, views, and both decisions:
        the conference's own and the outside one (OM, Raad or judge)."""
        return _deliberation(db, conference_id)

    @put(
        "/deliberation", opt=rule(STAFF, scope="conference", action=U, object_type="deliberation"), sync_to_thread=False
    )
    def write_deliberation(
        self,
        db: DbSession,
        actor: CurrentUser,
        conference_id: FromPath[int],
        data: JSONBody[decision.DeliberationWrite],
    ) -> DeliberationOut:
        """Name the addressee (om, raad, kinderrechter, internal), the options weighed with pros and cons, the
        risks and protective factors, and who took part; until the decision is recorded (409 after)."""
        decision.write_deliberation(db, actor, conference_id, data)
        return _deliberation(db, conference_id)

    @put("/views", opt=rule(STAFF, scope="conference", action=U, object_type="deliberation"), sync_to_thread=False)
    def write_views(
        self, db: DbSession, actor: CurrentUser, conference_id: FromPath[int], data: JSONBody[decision.ViewsWrite]
    ) -> DeliberationOut:
        """The youth's and the parents' view (zienswijze) in their own words, each given or declined."""
        decision.write_views(db, actor, conference_id, data)
        return _deliberation(db, conference_id)

    @put(
        "/outside-outcome",
        opt=rule(STAFF, scope="conference", action=U, object_type="deliberation"),
        sync_to_thread=False,
    )
    def record_outside_outcome(
        self,
        db: DbSession,
        actor: CurrentUser,
        conference_id: FromPath[int],
        data: JSONBody[decision.OutsideOutcomeWrite],
    ) -> DeliberationOut:
        """What the OM, the Raad or the judge decided and when; only after the advice is signed off (409 before)."""
        decision.record_outside_outcome(db, actor, conference_id, data, today=today())
        return _deliberation(db, conference_id)


CONTROLLERS: list[type[Controller]] = [ConferenceDecisionController]
