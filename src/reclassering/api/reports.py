"""Case conferences with their report: thin controllers over reports/casefile. Staff business, except the
youth's own one-page summary of their last conference. The report's print charts come through the same chart
cache as ``api.progress``."""

from __future__ import annotations

import base64
import hashlib
import logging
import re
from collections.abc import Callable
from datetime import date, datetime
from typing import Annotated

from litestar import Controller, Response, get, patch, post
from litestar.di import NamedDependency, Provide
from litestar.params import FromPath, JSONBody, PathParameter
from msgspec import Struct
from sqlmodel import Session

from ..casefile import conference_summary, conferences
from ..casefile.errors import NotFound
from ..casefile.models import Conference, ReportSnapshot, User
from ..casefile.vocab import AuditAction, Role
from ..reports.cache import ChartCache, ChartKey
from ..reports.charts import Chart
from ..reports.report import ReportData, encode_data, render_report, render_summary, report_charts, report_data
from ..settings import Settings
from .deps import AppSettings, Audit, CurrentUser, DbSession, Paging, in_thread
from .guards import CASE_READERS, STAFF, rule
from .progress import LOCALE, Locale, locale_for, provide_chart_cache
from .schemas import Paged, out, page_of

log = logging.getLogger(__name__)

R, C, U, EXPORT = AuditAction.READ, AuditAction.CREATE, AuditAction.UPDATE, AuditAction.EXPORT
SUPERVISORS = frozenset({Role.SUPERVISOR, Role.EXPERT})
_SNAPSHOT_NAME = re.compile(r"^(?P<version>\d{1,9})\.(?P<fmt>pdf|json)$")


# --- response schemas ----------------------------------------------------------------------------------


class ConferenceOut(Struct):
    id: int
    measure_id: int
    held_on: date
    question_kind: str
    question: str
    advice: str
    advised_outcome: str | None
    advice_by_id: int | None
    advice_signed_at: datetime | None
    decision: str | None
    rationale: str
    decided_at: datetime | None
    decided_by_id: int | None
    created_by_id: int | None
    created_at: datetime
    updated_at: datetime
    #: The version of the advice being written or signed off (1, and one more after each reopening).
    edition: int = 1
    #: The signed-off version that stands now; null while the advice is written or after a reopening.
    current_version: int | None = None
    #: Each reopening of a signed-off version, oldest first: which version, who signed it, who reopened it, why.
    reopenings: list[conferences.ReopeningInfo] = []


class SnapshotOut(Struct):
    version: int
    created_at: datetime
    created_by_id: int | None
    pdf_sha256: str
    data_sha256: str
    pdf_size: int
    #: The frozen PDF (the same as ``pdf_url``; kept for clients written before ``json_url``).
    url: str
    pdf_url: str
    #: The frozen data the report was made from; its SHA-256 is ``data_sha256``.
    json_url: str
    #: Whether this is the version that stands now (signed off and not reopened).
    current: bool
    #: The reopening that set this version aside, if it was reopened.
    reopened: conferences.ReopeningInfo | None
    #: The one-page summary for the youth and the parents frozen with it, and its SHA-256 (if it has one).
    summary_sha256: str | None = None
    summary_url: str | None = None


class SignedOff(Struct):
    conference: ConferenceOut
    snapshot: SnapshotOut


class Reopened(Struct):
    conference: ConferenceOut
    reopening: conferences.ReopeningInfo


# --- helpers -------------------------------------------------------------------------------------------


def _report_pdf(
    db: Session,
    cache: ChartCache,
    actor: User,
    settings: Settings,
    conference_id: int,
    locale: str | None,
    now: datetime | None = None,
) -> tuple[ReportData, bytes]:
    """The report as the data stand now; its print charts come through the chart cache."""
    data = report_data(
        db,
        conference_id,
        locale=locale_for(locale, actor, settings),
        sd=settings.reliable_change_sd,
        reliability=settings.reliable_change_reliability,
        timezone=settings.timezone,
        now=now,
    )

    def through(name: str, draw: Callable[[], Chart]) -> Chart:
        return cache.get_or_render(ChartKey(data.measure.id, data.data_version, name, "png", data.locale), draw)[0]

    return data, render_report(data, report_charts(data, through=through))


def freeze_report(
    db: Session,
    actor: User,
    settings: Settings,
    conference_id: int,
    *,
    locale: str | None = None,
    cache: ChartCache | None = None,
    now: datetime | None = None,
) -> tuple[conferences.SnapshotInfo, str | None]:
    """Render the report of a signed-off conference as the data stand now and store it as the snapshot of the
    advice's version (PDF, data and the one-page summary, each with its SHA-256); returns the snapshot and the
    summary's SHA-256. The sign-off route calls this right after
    ``conferences.sign_off``, in the same transaction; so does the demo loader. ``now`` is the moment the
    report says it was made (default: now)."""
    data, pdf = _report_pdf(db, cache or ChartCache(), actor, settings, conference_id, locale, now)
    snapshot = conferences.store_snapshot(db, conference_id, actor, pdf, encode_data(data))
    conference_summary.attach_summary(db, snapshot, render_summary(data))
    info = conferences.SnapshotInfo(
        conference_id=conference_id,
        version=snapshot.version,
        created_at=snapshot.created_at,
        created_by_id=snapshot.created_by_id,
        pdf_sha256=snapshot.pdf_sha256,
        data_sha256=snapshot.data_sha256,
        pdf_size=len(pdf),
        current=True,
    )
    return info, snapshot.summary_sha256


def _snapshot_out(conference_id: int, info: conferences.SnapshotInfo, summary_sha256: str | None = None) -> SnapshotOut:
    base = f"/api/v1/conferences/{conference_id}/snapshots/{info.version}"
    return out(
        info,
        SnapshotOut,
        url=f"{base}.pdf",
        pdf_url=f"{base}.pdf",
        json_url=f"{base}.json",
        summary_sha256=summary_sha256,
        summary_url=f"{base}/summary.pdf" if summary_sha256 else None,
    )


def _conference_outs(db: Session, rows: list[Conference]) -> list[ConferenceOut]:
    """Conferences with their reopenings (one query for the reopenings of all of them)."""
    reopenings = conferences.reopenings_of(db, [c.id for c in rows])  # type: ignore[misc]
    return [
        out(
            c,
            ConferenceOut,
            current_version=conferences.current_version(c),
            reopenings=reopenings[c.id],  # type: ignore[index]
        )
        for c in rows
    ]


def _conference_out(db: Session, conference: Conference) -> ConferenceOut:
    return _conference_outs(db, [conference])[0]


def _pdf(data: bytes, filename: str, headers: dict[str, str] | None = None) -> Response[bytes]:
    return _file(data, "application/pdf", filename, headers)


def _file(data: bytes, media_type: str, filename: str, headers: dict[str, str] | None = None) -> Response[bytes]:
    return Response(
        data,
        media_type=media_type,
        headers={
            "Content-Disposition": f'inline; filename="{filename}"',
            "Cache-Control": "private, no-store",
            **(headers or {}),
        },
    )


class SnapshotDamaged(RuntimeError):
    """A frozen report's bytes no longer match the SHA-256 stored with them."""


# --- conferences ---------------------------------------------------------------------------------------


class MeasureConferencesController(Controller):
    path = "/api/v1/measures/{measure_id:int}/conferences"
    tags = ["case conferences"]

    @post("/", opt=rule(STAFF, scope="measure", action=C, object_type="conference"), sync_to_thread=False)
    def create_conference(
        self,
        db: DbSession,
        actor: CurrentUser,
        audit: Audit,
        measure_id: FromPath[int],
        data: JSONBody[conferences.ConferenceCreate],
    ) -> ConferenceOut:
        """Put a question on the table of a case conference: carry on, adjust the plan, report back, or other."""
        conference = conferences.create_conference(db, actor, measure_id, data)
        audit.set_object(conference.id)
        return _conference_out(db, conference)

    @get("/", opt=rule(STAFF, scope="measure", action=R, object_type="conference"), sync_to_thread=False)
    def list_conferences(self, db: DbSession, measure_id: FromPath[int], page: Paging) -> Paged[ConferenceOut]:
        """The measure's case conferences, newest first: its history of second-chance decisions."""
        return page_of(_conference_outs(db, conferences.conferences_of(db, measure_id)), page)


class ConferenceController(Controller):
    path = "/api/v1/conferences/{conference_id:int}"
    tags = ["case conferences"]
    dependencies = {"chart_cache": Provide(provide_chart_cache, sync_to_thread=False)}

    @get("/", opt=rule(STAFF, scope="conference", action=R), sync_to_thread=False)
    def read_conference(self, db: DbSession, conference_id: FromPath[int]) -> ConferenceOut:
        """The conference with its version (``edition``), the version that stands (``current_version``) and
        its reopenings."""
        return _conference_out(db, conferences.get_conference(db, conference_id))

    @patch("/", opt=rule(STAFF, scope="conference", action=U), sync_to_thread=False)
    def update_conference(
        self, db: DbSession, conference_id: FromPath[int], data: JSONBody[conferences.ConferenceUpdate]
    ) -> ConferenceOut:
        """Write the advice and advised outcome, or change the question, until the advice is signed off
        (409 after, until a supervisor reopens it); the date may move until the decision is recorded."""
        return _conference_out(db, conferences.update_conference(db, conference_id, data))

    @post("/sign-off", opt=rule(SUPERVISORS, scope="conference", action=U))
    @in_thread
    def sign_off(
        self,
        db: DbSession,
        actor: CurrentUser,
        settings: AppSettings,
        chart_cache: NamedDependency[ChartCache],
        conference_id: FromPath[int],
        locale: Locale | None = LOCALE,
    ) -> SignedOff:
        """The supervisor signs off the advice; the report is frozen as it stands now (PDF and data, with their
        SHA-256) as the snapshot of the advice's version. Only a supervisor or the behavioural expert may do
        this, and once per version: a second sign-off answers 409, also when two sign at the same moment. A new
        version needs a reopening first (``POST …/reopen`` with a reason)."""
        conference = conferences.sign_off(db, actor, conference_id)
        info, summary_sha256 = freeze_report(db, actor, settings, conference_id, locale=locale, cache=chart_cache)
        return SignedOff(
            conference=_conference_out(db, conference),
            snapshot=_snapshot_out(conference_id, info, summary_sha256),
        )

    @post(
        "/reopen",
        opt=rule(SUPERVISORS, scope="conference", action=C, object_type="conference_reopening"),
        sync_to_thread=False,
    )
    def reopen(
        self,
        db: DbSession,
        actor: CurrentUser,
        audit: Audit,
        conference_id: FromPath[int],
        data: JSONBody[conferences.ReopenCreate],
    ) -> Reopened:
        """Reopen the signed-off advice, with the reason why: the advice can be edited again and the next
        sign-off freezes the next version; the earlier snapshots stay as they are. Only a supervisor or the
        behavioural expert, and only while no decision (and no outside outcome) is recorded: 409 otherwise."""
        reopening = conferences.reopen(db, actor, conference_id, data)
        audit.set_object(reopening.id)
        conference = _conference_out(db, conferences.get_conference(db, conference_id))
        return Reopened(conference=conference, reopening=conference.reopenings[-1])

    @post("/decision", opt=rule(STAFF, scope="conference", action=U), sync_to_thread=False, status_code=200)
    def record_decision(
        self,
        db: DbSession,
        actor: CurrentUser,
        conference_id: FromPath[int],
        data: JSONBody[conferences.DecisionCreate],
    ) -> ConferenceOut:
        """The conference's decision (carry on, adjust the plan, report back) and its rationale; only after the
        advice is signed off, and only once."""
        return _conference_out(db, conferences.record_decision(db, actor, conference_id, data))

    @get(
        "/report.pdf",
        opt=rule(STAFF, scope="conference", action=EXPORT, object_type="conference_report"),
        media_type="application/pdf",
    )
    @in_thread
    def live_report(
        self,
        db: DbSession,
        actor: CurrentUser,
        audit: Audit,
        settings: AppSettings,
        chart_cache: NamedDependency[ChartCache],
        conference_id: FromPath[int],
        locale: Locale | None = LOCALE,
    ) -> Response[bytes]:
        """The report as the data stand now (it changes with the data; a signed-off snapshot never does)."""
        audit.set_object(conference_id)
        data, pdf = _report_pdf(db, chart_cache, actor, settings, conference_id, locale)
        return _pdf(pdf, f"casusoverleg-{conference_id}.pdf", {"X-Data-Version": data.data_version})

    @get(
        "/snapshots",
        opt=rule(STAFF, scope="conference", action=R, object_type="report_snapshot"),
        sync_to_thread=False,
    )
    def list_snapshots(self, db: DbSession, conference_id: FromPath[int], page: Paging) -> Paged[SnapshotOut]:
        """The frozen reports of the conference, oldest version first, with the SHA-256 of PDF and data, where
        to fetch each (``pdf_url``, ``json_url``, ``summary_url``), which one stands now and the reopening that set
        each other one aside."""
        summaries = conference_summary.summary_digests(db, conference_id)
        return page_of(
            [
                _snapshot_out(conference_id, s, summaries.get(s.version))
                for s in conferences.snapshots_of(db, conference_id)
            ],
            page,
        )

    @get(
        "/snapshots/{snapshot:str}",
        opt=rule(STAFF, scope="conference", action=EXPORT, object_type="report_snapshot"),
        sync_to_thread=False,
        media_type="application/pdf",
    )
    def read_snapshot(
        self, db: DbSession, audit: Audit, conference_id: FromPath[int], snapshot: FromPath[str]
    ) -> Response[bytes]:
        """A frozen report exactly as stored: ``<version>.pdf`` the PDF, ``<version>.json`` the data it was
        made from (the bytes ``data_sha256`` covers). ``X-Content-SHA256``, ``Repr-Digest`` and ``ETag`` carry
        the SHA-256 of the bytes served."""
        match = _SNAPSHOT_NAME.match(snapshot)
        if match is None:
            raise NotFound(
                f"there is no snapshot '{snapshot}'; ask for <version>.pdf or <version>.json, for example 1.pdf"
            )
        stored = conferences.get_snapshot(db, conference_id, int(match.group("version")))
        fmt = match.group("fmt")
        body, expected = (stored.pdf, stored.pdf_sha256) if fmt == "pdf" else (stored.data.encode(), stored.data_sha256)
        digest = hashlib.sha256(body).digest()
        if digest.hex() != expected:
            log.error(
                "snapshot %s of conference %s (%s) does not match its SHA-256", stored.version, conference_id, fmt
            )
            raise SnapshotDamaged(
                f"snapshot {stored.version} of conference {conference_id} ({fmt}) fails its SHA-256 check"
            )
        audit.set_object(stored.id)
        return _file(
            body,
            "application/pdf" if fmt == "pdf" else "application/json",
            f"casusoverleg-{conference_id}-v{stored.version}.{fmt}",
            {
                "X-Content-SHA256": expected,
                "Repr-Digest": f"sha-256=:{base64.b64encode(digest).decode('ascii')}:",
                "ETag": f'"{expected}"',
            },
        )

    @get(
        "/snapshots/{version:int}/summary.pdf",
        opt=rule(STAFF, scope="conference", action=EXPORT, object_type="conference_summary"),
        sync_to_thread=False,
        media_type="application/pdf",
    )
    def read_snapshot_summary(
        self,
        db: DbSession,
        audit: Audit,
        conference_id: FromPath[int],
        version: Annotated[int, PathParameter(ge=1, le=2**31 - 1, description="The snapshot's version")],
    ) -> Response[bytes]:
        """The one-page summary for the youth and the parents, frozen with snapshot ``version``; its SHA-256 in
        ``X-Content-SHA256``."""
        stored = conference_summary.snapshot_summary(db, conference_id, version)
        audit.set_object(stored.id)
        return _summary_pdf(stored, f"samenvatting-{conference_id}-v{stored.version}.pdf")


def _summary_pdf(stored: ReportSnapshot, filename: str) -> Response[bytes]:
    pdf = stored.summary_pdf or b""
    if conferences.sha256_hex(pdf) != stored.summary_sha256:
        log.error("the summary in snapshot %s does not match its SHA-256", stored.id)
        raise SnapshotDamaged(f"the summary in snapshot {stored.version} fails its SHA-256 check")
    return _pdf(pdf, filename, {"X-Content-SHA256": stored.summary_sha256 or "", "ETag": f'"{stored.summary_sha256}"'})


class YouthSummaryController(Controller):
    path = "/api/v1/youths/{youth_id:int}"
    tags = ["case conferences"]

    @get(
        "/conference-summary.pdf",
        opt=rule(CASE_READERS, scope="youth", action=EXPORT, object_type="conference_summary"),
        sync_to_thread=False,
        media_type="application/pdf",
    )
    def read_conference_summary(self, db: DbSession, audit: Audit, youth_id: FromPath[int]) -> Response[bytes]:
        """The plain one-page summary of the youth's latest signed-off case conference: what it was about, what
        goes well, what worries, the advice and what happens next. A youth reads their own; 404 when none."""
        conference, stored = conference_summary.latest_summary(db, youth_id)
        audit.set_object(stored.id)
        return _summary_pdf(stored, f"samenvatting-casusoverleg-{conference.held_on.isoformat()}.pdf")


CONTROLLERS: list[type[Controller]] = [
    MeasureConferencesController,
    ConferenceController,
    YouthSummaryController,
]
