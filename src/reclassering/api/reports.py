"""Progress indicators, charts and case conferences with their report: thin controllers over reports/casefile.

Progress and charts are readable by the youth for their own measure; conferences and their reports are staff
business. Charts are rendered off the event loop (``sync_to_thread``), cached by data version, and served with
an ETag so an unchanged chart costs the browser no download.
"""

from __future__ import annotations

import base64
import hashlib
import logging
import re
import threading
from collections.abc import Callable
from datetime import date, datetime
from typing import Annotated, Literal
from urllib.parse import quote

from litestar import Controller, Request, Response, get, patch, post
from litestar.di import NamedDependency, Provide
from litestar.params import FromPath, HeaderParameter, JSONBody, Parameter, PathParameter
from msgspec import Struct
from sqlmodel import Session

from .. import __version__
from ..casefile import conference_summary, conferences, goals
from ..casefile.breaches import BreachCounts, breach_counts
from ..casefile.errors import NotFound
from ..casefile.fields import not_in_future, today
from ..casefile.models import Conference, Goal, ReportSnapshot, User
from ..casefile.vocab import AuditAction, Role
from ..reports import charts as chart_kinds
from ..reports.cache import ChartCache, ChartKey
from ..reports.charts import Chart
from ..reports.indicators import Progress
from ..reports.loader import data_version, load_series
from ..reports.memo import measure_progress
from ..reports.report import ReportData, encode_data, render_report, render_summary, report_charts, report_data
from ..reports.series import MeasureSeries
from ..settings import Settings
from .deps import AppSettings, Audit, CurrentUser, DbSession
from .guards import CASE_READERS, STAFF, rule
from .schemas import out

log = logging.getLogger(__name__)

R, C, U, EXPORT = AuditAction.READ, AuditAction.CREATE, AuditAction.UPDATE, AuditAction.EXPORT
SUPERVISORS = frozenset({Role.SUPERVISOR, Role.EXPERT})
Locale = Literal["nl", "en"]
LOCALE = Parameter(default=None, description="Language of texts and labels: nl or en (default: your own)")
CHART_CACHE_CONTROL = "private, no-cache"
_CHART_NAME = re.compile(r"^(?:scores-(?P<goal>\d{1,10})|(?P<kind>events|gas|timeline))\.(?P<fmt>png|svg)$")
_SNAPSHOT_NAME = re.compile(r"^(?P<version>\d{1,9})\.(?P<fmt>pdf|json)$")


# --- response schemas ----------------------------------------------------------------------------------


class ProgressOut(Struct):
    measure_id: int
    data_version: str
    as_of: date
    progress: Progress
    series: MeasureSeries
    #: Breaches and new suspicions and where their reporting back stands (casefile.breaches.breach_counts).
    breaches: BreachCounts | None = None


class ChartInfo(Struct):
    name: str
    title: str
    alt_text: str
    png: str
    svg: str


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

_cache_lock = threading.Lock()


def provide_chart_cache(request: Request) -> ChartCache:
    """The application's chart cache (one per app, made on first use)."""
    state = request.app.state
    with _cache_lock:
        cache = state.get("chart_cache")
        if cache is None:
            cache = state["chart_cache"] = ChartCache()
    return cache


def _locale(requested: str | None, actor: User, settings: Settings) -> str:
    for candidate in (requested, actor.locale, settings.default_locale):
        if candidate in chart_kinds.LOCALES:
            return candidate  # type: ignore[return-value]
    return "nl"


def _chart_url(measure_id: int, name: str, locale: str) -> str:
    return f"/api/v1/measures/{measure_id}/charts/{name}?locale={locale}"


def _available(measure_goals: list[Goal]) -> list[str]:
    """The charts a measure has, by name without extension: one per goal, events, GAS if used, timeline."""
    names = [f"scores-{g.id}" for g in measure_goals] + ["events"]
    if any(g.gas_levels for g in measure_goals):
        names.append("gas")
    return [*names, "timeline"]


def _render(series: MeasureSeries, name: str, fmt: str, locale: str) -> Chart:
    if name.startswith("scores-"):
        return chart_kinds.scores_chart(series, int(name.removeprefix("scores-")), locale=locale, fmt=fmt)
    draw = {"events": chart_kinds.events_chart, "gas": chart_kinds.gas_chart, "timeline": chart_kinds.timeline_chart}
    return draw[name](series, locale=locale, fmt=fmt)


def _title(name: str, measure_goals: list[Goal], locale: str) -> str:
    if name.startswith("scores-"):
        return next(g.title for g in measure_goals if f"scores-{g.id}" == name)
    return chart_kinds.LABELS[locale][f"{name}_title"]


def _chart(
    db: Session, cache: ChartCache, measure_id: int, name: str, fmt: str, locale: str, version: str
) -> tuple[Chart, bool]:
    key = ChartKey(measure_id, version, name, fmt, locale)
    return cache.get_or_render(key, lambda: _render(load_series(db, measure_id, locale=locale), name, fmt, locale))


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
        locale=_locale(locale, actor, settings),
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


def _etag(version: str, chart: str, locale: str) -> str:
    digest = hashlib.sha256(f"{__version__}|{version}|{chart}|{locale}".encode()).hexdigest()[:32]
    # Weak: an SVG rendered again after eviction may differ in its internal ids, not in what it shows.
    return f'W/"{digest}"'


def _matches(if_none_match: str | None, etag: str) -> bool:
    if not if_none_match:
        return False
    wanted = etag.removeprefix("W/")
    tags = [tag.strip().removeprefix("W/") for tag in if_none_match.split(",")]
    return "*" in tags or wanted in tags


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


# --- progress and charts -------------------------------------------------------------------------------


class ProgressController(Controller):
    path = "/api/v1/measures/{measure_id:int}"
    tags = ["progress and charts"]
    dependencies = {"chart_cache": Provide(provide_chart_cache, sync_to_thread=False)}

    @get("/progress", opt=rule(CASE_READERS, scope="measure", action=R, object_type="progress"), sync_to_thread=True)
    def read_progress(
        self,
        db: DbSession,
        actor: CurrentUser,
        settings: AppSettings,
        measure_id: FromPath[int],
        as_of: date | None = Parameter(default=None, description="Reference date (default: today)"),
        locale: Locale | None = LOCALE,
    ) -> ProgressOut:
        """Every indicator of the measure with the weekly series it rests on. The figures describe; people
        decide. Each indicator carries a plain explanation in Dutch and English."""
        if as_of is not None:
            not_in_future(as_of, "the reference date")
        version, language = data_version(db, measure_id), _locale(locale, actor, settings)
        series, figures = measure_progress(
            db, measure_id, version, as_of=as_of or today(), locale=language, sd=settings.reliable_change_sd,
            reliability=settings.reliable_change_reliability,
        )  # fmt: skip
        return ProgressOut(
            measure_id=measure_id,
            data_version=version,
            as_of=figures.as_of,
            progress=figures,
            series=series,
            breaches=breach_counts(
                db, measure_id, today=figures.as_of, working_days=settings.breach_report_working_days
            ),
        )

    @get("/charts", opt=rule(CASE_READERS, scope="measure", action=R, object_type="chart"), sync_to_thread=True)
    def list_charts(
        self,
        db: DbSession,
        actor: CurrentUser,
        settings: AppSettings,
        chart_cache: NamedDependency[ChartCache],
        measure_id: FromPath[int],
        locale: Locale | None = LOCALE,
    ) -> list[ChartInfo]:
        """The measure's charts with their titles and alt texts, and where to fetch each as PNG or SVG."""
        language = _locale(locale, actor, settings)
        measure_goals = goals.goals_of(db, measure_id)
        version = data_version(db, measure_id)
        items = []
        for name in _available(measure_goals):
            chart, _ = _chart(db, chart_cache, measure_id, name, "png", language, version)
            items.append(
                ChartInfo(
                    name=name,
                    title=_title(name, measure_goals, language),
                    alt_text=chart.alt_text,
                    png=_chart_url(measure_id, f"{name}.png", language),
                    svg=_chart_url(measure_id, f"{name}.svg", language),
                )
            )
        return items

    @get(
        "/charts/{chart:str}",
        opt=rule(CASE_READERS, scope="measure", action=R, object_type="chart"),
        sync_to_thread=True,
        media_type="image/png",
    )
    def read_chart(
        self,
        db: DbSession,
        actor: CurrentUser,
        settings: AppSettings,
        chart_cache: NamedDependency[ChartCache],
        audit: Audit,
        measure_id: FromPath[int],
        chart: FromPath[str],
        locale: Locale | None = LOCALE,
        if_none_match: Annotated[str | None, HeaderParameter(name="If-None-Match", required=False)] = None,
    ) -> Response[bytes]:
        """One chart as PNG or SVG: ``scores-<goal id>``, ``events``, ``gas`` or ``timeline`` with ``.png`` or
        ``.svg``. Its alt text comes in the ``X-Alt-Text`` header (URL-encoded)."""
        match = _CHART_NAME.match(chart)
        measure_goals = goals.goals_of(db, measure_id)
        available = _available(measure_goals)
        name = chart.rsplit(".", 1)[0]
        if match is None or name not in available:
            raise NotFound(
                f"there is no chart '{chart}' for measure {measure_id}; it has "
                + ", ".join(f"{n}.png" for n in available)
                + " (or .svg)"
            )
        fmt, language = match.group("fmt"), _locale(locale, actor, settings)
        version = data_version(db, measure_id)
        etag = _etag(version, chart, language)
        headers = {"ETag": etag, "Cache-Control": CHART_CACHE_CONTROL}
        if _matches(if_none_match, etag):
            audit.status_code = 304
            return Response(b"", status_code=304, headers=headers)
        rendered, _ = _chart(db, chart_cache, measure_id, name, fmt, language, version)
        headers["X-Alt-Text"] = quote(rendered.alt_text)
        return Response(rendered.data, media_type=rendered.media_type, headers=headers)


# --- conferences ---------------------------------------------------------------------------------------


class MeasureConferencesController(Controller):
    path = "/api/v1/measures/{measure_id:int}/conferences"
    tags = ["case conferences"]

    @post("/", opt=rule(STAFF, scope="measure", action=C, object_type="conference"), sync_to_thread=True)
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

    @get("/", opt=rule(STAFF, scope="measure", action=R, object_type="conference"), sync_to_thread=True)
    def list_conferences(self, db: DbSession, measure_id: FromPath[int]) -> list[ConferenceOut]:
        """The measure's case conferences, newest first: its history of second-chance decisions."""
        return _conference_outs(db, conferences.conferences_of(db, measure_id))


class ConferenceController(Controller):
    path = "/api/v1/conferences/{conference_id:int}"
    tags = ["case conferences"]
    dependencies = {"chart_cache": Provide(provide_chart_cache, sync_to_thread=False)}

    @get("/", opt=rule(STAFF, scope="conference", action=R), sync_to_thread=True)
    def read_conference(self, db: DbSession, conference_id: FromPath[int]) -> ConferenceOut:
        """The conference with its version (``edition``), the version that stands (``current_version``) and
        its reopenings."""
        return _conference_out(db, conferences.get_conference(db, conference_id))

    @patch("/", opt=rule(STAFF, scope="conference", action=U), sync_to_thread=True)
    def update_conference(
        self, db: DbSession, conference_id: FromPath[int], data: JSONBody[conferences.ConferenceUpdate]
    ) -> ConferenceOut:
        """Write the advice and advised outcome, or change the question, until the advice is signed off
        (409 after, until a supervisor reopens it); the date may move until the decision is recorded."""
        return _conference_out(db, conferences.update_conference(db, conference_id, data))

    @post("/sign-off", opt=rule(SUPERVISORS, scope="conference", action=U), sync_to_thread=True)
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
        sync_to_thread=True,
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

    @post("/decision", opt=rule(STAFF, scope="conference", action=U), sync_to_thread=True, status_code=200)
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
        sync_to_thread=True,
        media_type="application/pdf",
    )
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
        sync_to_thread=True,
    )
    def list_snapshots(self, db: DbSession, conference_id: FromPath[int]) -> list[SnapshotOut]:
        """The frozen reports of the conference, oldest version first, with the SHA-256 of PDF and data, where
        to fetch each (``pdf_url``, ``json_url``, ``summary_url``), which one stands now and the reopening that set
        each other one aside."""
        summaries = conference_summary.summary_digests(db, conference_id)
        return [
            _snapshot_out(conference_id, s, summaries.get(s.version))
            for s in conferences.snapshots_of(db, conference_id)
        ]

    @get(
        "/snapshots/{snapshot:str}",
        opt=rule(STAFF, scope="conference", action=EXPORT, object_type="report_snapshot"),
        sync_to_thread=True,
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
        sync_to_thread=True,
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
        sync_to_thread=True,
        media_type="application/pdf",
    )
    def read_conference_summary(self, db: DbSession, audit: Audit, youth_id: FromPath[int]) -> Response[bytes]:
        """The plain one-page summary of the youth's latest signed-off case conference: what it was about, what
        goes well, what worries, the advice and what happens next. A youth reads their own; 404 when none."""
        conference, stored = conference_summary.latest_summary(db, youth_id)
        audit.set_object(stored.id)
        return _summary_pdf(stored, f"samenvatting-casusoverleg-{conference.held_on.isoformat()}.pdf")


CONTROLLERS: list[type[Controller]] = [
    ProgressController,
    MeasureConferencesController,
    ConferenceController,
    YouthSummaryController,
]
