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
from litestar.di import Provide
from litestar.params import HeaderParameter, Parameter
from msgspec import Struct
from sqlmodel import Session

from .. import __version__
from ..casefile import conferences, goals
from ..casefile.breaches import BreachCounts, breach_counts
from ..casefile.errors import NotFound
from ..casefile.fields import not_in_future, today
from ..casefile.models import Goal, User
from ..casefile.vocab import AuditAction, Role
from ..reports import charts as chart_kinds
from ..reports.cache import ChartCache, ChartKey
from ..reports.charts import Chart
from ..reports.indicators import Progress, progress
from ..reports.loader import data_version, load_series
from ..reports.report import ReportData, encode_data, render_report, report_charts, report_data
from ..reports.series import MeasureSeries
from ..settings import Settings
from .audit_hook import AuditContext
from .guards import CASE_READERS, STAFF, rule
from .schemas import out

log = logging.getLogger(__name__)

R, C, U, EXPORT = AuditAction.READ, AuditAction.CREATE, AuditAction.UPDATE, AuditAction.EXPORT
SUPERVISORS = frozenset({Role.SUPERVISOR, Role.EXPERT})
Locale = Literal["nl", "en"]
LOCALE = Parameter(default=None, description="Language of texts and labels: nl or en (default: your own)")
CHART_CACHE_CONTROL = "private, no-cache"
_CHART_NAME = re.compile(r"^(?:scores-(?P<goal>\d{1,10})|(?P<kind>events|gas|timeline))\.(?P<fmt>png|svg)$")
_SNAPSHOT_NAME = re.compile(r"^(?P<version>\d{1,9})\.pdf$")


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


class SnapshotOut(Struct):
    version: int
    created_at: datetime
    created_by_id: int | None
    pdf_sha256: str
    data_sha256: str
    pdf_size: int
    url: str


class SignedOff(Struct):
    conference: ConferenceOut
    snapshot: SnapshotOut


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
) -> conferences.SnapshotInfo:
    """Render the report of a signed-off conference as the data stand now and store it as the next snapshot
    version (PDF and data, with their SHA-256). The sign-off route calls this right after
    ``conferences.sign_off``, in the same transaction; so does the demo loader. ``now`` is the moment the
    report says it was made (default: now)."""
    data, pdf = _report_pdf(db, cache or ChartCache(), actor, settings, conference_id, locale, now)
    snapshot = conferences.store_snapshot(db, conference_id, actor, pdf, encode_data(data))
    return conferences.SnapshotInfo(
        conference_id=conference_id,
        version=snapshot.version,
        created_at=snapshot.created_at,
        created_by_id=snapshot.created_by_id,
        pdf_sha256=snapshot.pdf_sha256,
        data_sha256=snapshot.data_sha256,
        pdf_size=len(pdf),
    )


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


def _snapshot_out(conference_id: int, info: conferences.SnapshotInfo) -> SnapshotOut:
    return out(info, SnapshotOut, url=f"/api/v1/conferences/{conference_id}/snapshots/{info.version}.pdf")


def _pdf(data: bytes, filename: str, headers: dict[str, str] | None = None) -> Response[bytes]:
    return Response(
        data,
        media_type="application/pdf",
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
        db: Session,
        actor: User,
        settings: Settings,
        measure_id: int,
        as_of: date | None = Parameter(default=None, description="Reference date (default: today)"),
        locale: Locale | None = LOCALE,
    ) -> ProgressOut:
        """Every indicator of the measure with the weekly series it rests on. The figures describe; people
        decide. Each indicator carries a plain explanation in Dutch and English."""
        if as_of is not None:
            not_in_future(as_of, "the reference date")
        version = data_version(db, measure_id)
        series = load_series(db, measure_id, locale=_locale(locale, actor, settings))
        figures = progress(
            series,
            as_of=as_of or today(),
            sd=settings.reliable_change_sd,
            reliability=settings.reliable_change_reliability,
        )
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
        db: Session,
        actor: User,
        settings: Settings,
        chart_cache: ChartCache,
        measure_id: int,
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
        db: Session,
        actor: User,
        settings: Settings,
        chart_cache: ChartCache,
        audit: AuditContext,
        measure_id: int,
        chart: str,
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
        self, db: Session, actor: User, audit: AuditContext, measure_id: int, data: conferences.ConferenceCreate
    ) -> ConferenceOut:
        """Put a question on the table of a case conference: carry on, adjust the plan, report back, or other."""
        conference = conferences.create_conference(db, actor, measure_id, data)
        audit.set_object(conference.id)
        return out(conference, ConferenceOut)

    @get("/", opt=rule(STAFF, scope="measure", action=R, object_type="conference"), sync_to_thread=True)
    def list_conferences(self, db: Session, measure_id: int) -> list[ConferenceOut]:
        """The measure's case conferences, newest first: its history of second-chance decisions."""
        return [out(c, ConferenceOut) for c in conferences.conferences_of(db, measure_id)]


class ConferenceController(Controller):
    path = "/api/v1/conferences/{conference_id:int}"
    tags = ["case conferences"]
    dependencies = {"chart_cache": Provide(provide_chart_cache, sync_to_thread=False)}

    @get("/", opt=rule(STAFF, scope="conference", action=R), sync_to_thread=True)
    def read_conference(self, db: Session, conference_id: int) -> ConferenceOut:
        return out(conferences.get_conference(db, conference_id), ConferenceOut)

    @patch("/", opt=rule(STAFF, scope="conference", action=U), sync_to_thread=True)
    def update_conference(self, db: Session, conference_id: int, data: conferences.ConferenceUpdate) -> ConferenceOut:
        """Write the advice and advised outcome, or change the question, until the advice is signed off
        (409 after); the date may move until the decision is recorded."""
        return out(conferences.update_conference(db, conference_id, data), ConferenceOut)

    @post("/sign-off", opt=rule(SUPERVISORS, scope="conference", action=U), sync_to_thread=True)
    def sign_off(
        self,
        db: Session,
        actor: User,
        settings: Settings,
        chart_cache: ChartCache,
        conference_id: int,
        locale: Locale | None = LOCALE,
    ) -> SignedOff:
        """The supervisor signs off the advice; the report is frozen as it stands now (PDF and data, with their
        SHA-256) as the next snapshot version. Only a supervisor may do this."""
        conference = conferences.sign_off(db, actor, conference_id)
        info = freeze_report(db, actor, settings, conference_id, locale=locale, cache=chart_cache)
        return SignedOff(conference=out(conference, ConferenceOut), snapshot=_snapshot_out(conference_id, info))

    @post("/decision", opt=rule(STAFF, scope="conference", action=U), sync_to_thread=True, status_code=200)
    def record_decision(
        self, db: Session, actor: User, conference_id: int, data: conferences.DecisionCreate
    ) -> ConferenceOut:
        """The conference's decision (carry on, adjust the plan, report back) and its rationale; only after the
        advice is signed off, and only once."""
        return out(conferences.record_decision(db, actor, conference_id, data), ConferenceOut)

    @get(
        "/report.pdf",
        opt=rule(STAFF, scope="conference", action=EXPORT, object_type="conference_report"),
        sync_to_thread=True,
        media_type="application/pdf",
    )
    def live_report(
        self,
        db: Session,
        actor: User,
        audit: AuditContext,
        settings: Settings,
        chart_cache: ChartCache,
        conference_id: int,
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
    def list_snapshots(self, db: Session, conference_id: int) -> list[SnapshotOut]:
        """The frozen reports of the conference, oldest version first, with the SHA-256 of PDF and data."""
        return [_snapshot_out(conference_id, s) for s in conferences.snapshots_of(db, conference_id)]

    @get(
        "/snapshots/{snapshot:str}",
        opt=rule(STAFF, scope="conference", action=EXPORT, object_type="report_snapshot"),
        sync_to_thread=True,
        media_type="application/pdf",
    )
    def read_snapshot(self, db: Session, audit: AuditContext, conference_id: int, snapshot: str) -> Response[bytes]:
        """A frozen report exactly as stored (``<version>.pdf``); ``X-Content-SHA256`` and ``Repr-Digest``
        carry its SHA-256."""
        match = _SNAPSHOT_NAME.match(snapshot)
        if match is None:
            raise NotFound(f"there is no snapshot '{snapshot}'; ask for <version>.pdf, for example 1.pdf")
        stored = conferences.get_snapshot(db, conference_id, int(match.group("version")))
        digest = hashlib.sha256(stored.pdf).digest()
        if digest.hex() != stored.pdf_sha256:
            log.error("snapshot %s of conference %s does not match its SHA-256", stored.version, conference_id)
            raise SnapshotDamaged(f"snapshot {stored.version} of conference {conference_id} fails its SHA-256 check")
        audit.set_object(stored.id)
        return _pdf(
            stored.pdf,
            f"casusoverleg-{conference_id}-v{stored.version}.pdf",
            {
                "X-Content-SHA256": stored.pdf_sha256,
                "Repr-Digest": f"sha-256=:{base64.b64encode(digest).decode('ascii')}:",
                "ETag": f'"{stored.pdf_sha256}"',
            },
        )


CONTROLLERS: list[type[Controller]] = [ProgressController, MeasureConferencesController, ConferenceController]
