"""Reporting back (terugmelding) of breaches and new suspicions, and the team's list of unreported ones."""

from __future__ import annotations

from datetime import date, datetime

from litestar import Controller, get, post, put
from litestar.params import FromPath, JSONBody, Parameter
from msgspec import Struct
from sqlmodel import Session

from ..casefile import breaches
from ..casefile.errors import NotFound
from ..casefile.fields import today
from ..casefile.vocab import AuditAction
from ..settings import Settings
from .deps import AppSettings, Audit, CurrentUser, DbSession
from .guards import STAFF, rule
from .schemas import out

R, U = AuditAction.READ, AuditAction.UPDATE
AS_OF = Parameter(
    default=None,
    description="The day to judge deadlines on (default: today in the configured time zone); a later day looks ahead",
)


class BreachReportOut(Struct):
    om_informed: bool
    om_informed_on: date | None
    raad_informed: bool
    raad_informed_on: date | None
    reported_by_id: int | None
    expert_consulted: bool
    expert_consulted_on: date | None
    expert_name: str
    not_reported_reason: str
    note: str
    recorded_by_id: int | None
    created_at: datetime
    updated_at: datetime


class SuspicionStepOut(Struct):
    status: str
    on: date
    note: str
    recorded_by_id: int | None
    created_at: datetime


class ReportingOut(Struct):
    """A setback's reporting record (null while undecided), its deadline and, for a new suspicion, its history."""

    setback_id: int
    kind: str
    occurred_on: date
    reported: bool
    report: BreachReportOut | None
    due: breaches.BreachDue
    suspicion_status: str | None
    suspicion_history: list[SuspicionStepOut]


def _reporting(db: Session, settings: Settings, setback_id: int) -> ReportingOut:
    setback = breaches.get_setback(db, setback_id)
    report = breaches.report_of(db, setback_id)
    return ReportingOut(
        setback_id=setback_id,
        kind=setback.kind,
        occurred_on=setback.occurred_on,
        reported=report is not None and (report.om_informed or report.raad_informed),
        report=out(report, BreachReportOut) if report else None,
        due=breaches.due(setback, report, today=today(), working_days=settings.breach_report_working_days),
        suspicion_status=setback.suspicion_status,
        suspicion_history=[
            out(step, SuspicionStepOut, on=step.status_on) for step in breaches.suspicion_history(db, setback_id)
        ],
    )


class BreachReportController(Controller):
    path = "/api/v1/setbacks/{setback_id:int}"
    tags = ["breaches and report-back"]

    @get("/report", opt=rule(STAFF, scope="setback", action=R, object_type="breach_report"), sync_to_thread=False)
    def read_report(self, db: DbSession, settings: AppSettings, setback_id: FromPath[int]) -> ReportingOut:
        """Whether the setback was reported back to the OM and the Raad, when and by whom, or why not."""
        return _reporting(db, settings, setback_id)

    @put("/report", opt=rule(STAFF, scope="setback", action=U, object_type="breach_report"), sync_to_thread=False)
    def write_report(
        self,
        db: DbSession,
        actor: CurrentUser,
        settings: AppSettings,
        setback_id: FromPath[int],
        data: JSONBody[breaches.BreachReportWrite],
    ) -> ReportingOut:
        """Record (or correct) the reporting: the OM and/or the Raad informed (with dates), who reported it,
        whether the behavioural expert was consulted; when nobody was informed, the reason is required."""
        breaches.record_report(db, actor, setback_id, data, today=today())
        return _reporting(db, settings, setback_id)

    @post(
        "/suspicion-status",
        opt=rule(STAFF, scope="setback", action=U, object_type="suspicion_status"),
        sync_to_thread=False,
        status_code=200,
    )
    def change_suspicion_status(
        self,
        db: DbSession,
        actor: CurrentUser,
        settings: AppSettings,
        setback_id: FromPath[int],
        data: JSONBody[breaches.SuspicionStatusWrite],
    ) -> ReportingOut:
        """Where a new suspicion now stands: suspected, dismissed (sepot), convicted or acquitted, and since when."""
        breaches.change_suspicion_status(db, actor, setback_id, data, today=today())
        return _reporting(db, settings, setback_id)


class UnreportedBreaches(Struct):
    team_id: int
    as_of: date
    working_days: int
    items: list[breaches.UnreportedBreach]


class TeamBreachesController(Controller):
    path = "/api/v1/teams/{team_id:int}"
    tags = ["breaches and report-back"]

    @get("/unreported-breaches", opt=rule(STAFF, action=R, object_type="breach_report"), sync_to_thread=False)
    def unreported(
        self,
        db: DbSession,
        actor: CurrentUser,
        audit: Audit,
        settings: AppSettings,
        team_id: FromPath[int],
        as_of: date | None = AS_OF,
    ) -> UnreportedBreaches:
        """The team's breaches and new suspicions with no reporting decision a set number of working days
        (Monday to Friday, Dutch public holidays left out) after they happened; only youths within your reach."""
        if actor.team_id != team_id:
            raise NotFound(f"there is no team {team_id} of yours")
        day = as_of or today()
        items = breaches.unreported_breaches(
            db, actor, team_id, today=day, working_days=settings.breach_report_working_days
        )
        audit.set_youths(sorted({i.youth_id for i in items}), "breach_report")
        return UnreportedBreaches(
            team_id=team_id, as_of=day, working_days=settings.breach_report_working_days, items=items
        )


CONTROLLERS: list[type[Controller]] = [BreachReportController, TeamBreachesController]
