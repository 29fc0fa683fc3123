"""Progress and charts of a measure: the indicators as JSON, and each chart as PNG or SVG.

Readable by the youth for their own measure. Charts are rendered off the event loop (``sync_to_thread``),
cached by data version (``reports.cache``), and served with an ETag so an unchanged chart costs no download.
"""

from __future__ import annotations

import hashlib
import logging
import re
from datetime import date
from typing import Annotated, Literal
from urllib.parse import quote

import msgspec
from litestar import Controller, MediaType, Request, Response, get
from litestar.concurrency import sync_to_thread
from litestar.di import NamedDependency, Provide
from litestar.params import FromPath, HeaderParameter, Parameter
from msgspec import Struct
from sqlmodel import Session

from .. import __version__
from ..casefile import goals
from ..casefile.breaches import BreachCounts
from ..casefile.errors import NotFound
from ..casefile.fields import not_in_future, today
from ..casefile.models import User
from ..casefile.vocab import AuditAction
from ..reports import chart_names
from ..reports import charts as chart_kinds
from ..reports.cache import ChartCache, ChartKey
from ..reports.charts import Chart
from ..reports.indicators import Progress
from ..reports.judgement import has_judgement
from ..reports.loader import data_version
from ..reports.memo import measure_breaches, measure_progress, per_version
from ..reports.series import MeasureSeries
from ..settings import Settings
from .deps import AppSettings, Audit, CurrentUser, DbSession, Paging
from .guards import CASE_READERS, rule
from .schemas import Paged, page_of

log = logging.getLogger(__name__)

R = AuditAction.READ
_JSON = msgspec.json.Encoder()
Locale = Literal["nl", "en"]
LOCALE = Parameter(default=None, description="Language of texts and labels: nl or en (default: your own)")
CHART_CACHE_CONTROL = "private, no-cache"
_CHART_NAME = re.compile(
    r"^(?:scores-(?P<goal>\d{1,10})|(?P<kind>events|gas|timeline|judgement))(?:\.(?P<fmt>png|svg))?$"
)


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


def provide_chart_cache(request: Request) -> ChartCache:
    """The application's chart cache (one per app, made on first use)."""
    return chart_names.app_chart_cache(request.app.state)


def locale_for(requested: str | None, actor: User, settings: Settings) -> str:
    for candidate in (requested, actor.locale, settings.default_locale):
        if candidate in chart_kinds.LOCALES:
            return candidate  # type: ignore[return-value]
    return "nl"


def _chart_url(measure_id: int, name: str, locale: str) -> str:
    return f"/api/v1/measures/{measure_id}/charts/{name}?locale={locale}"


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


async def drawn_chart(db: Session, cache: ChartCache, key: ChartKey) -> Chart:
    """The chart from the cache; otherwise drawn in a worker thread. Database work runs on the event loop (it is
    short), but a render is 50-100 ms of matplotlib that would hold up every other request of this process."""
    cached = cache.hit(key)
    if cached is not None:
        return cached
    measure_id, version, name, fmt, locale = key
    chart, _ = await sync_to_thread(chart_names.cached_chart, db, cache, measure_id, name, fmt, locale, version)
    return chart


class ProgressController(Controller):
    path = "/api/v1/measures/{measure_id:int}"
    tags = ["progress and charts"]
    dependencies = {"chart_cache": Provide(provide_chart_cache, sync_to_thread=False)}

    @get("/progress", opt=rule(CASE_READERS, scope="measure", action=R, object_type="progress"), sync_to_thread=False)
    def read_progress(
        self,
        db: DbSession,
        actor: CurrentUser,
        settings: AppSettings,
        measure_id: FromPath[int],
        as_of: date | None = Parameter(default=None, description="Reference date (default: today)"),
        locale: Locale | None = LOCALE,
    ) -> Response[ProgressOut]:
        """Every indicator of the measure with the weekly series it rests on. The figures describe; people
        decide. Each indicator carries a plain explanation in Dutch and English."""
        if as_of is not None:
            not_in_future(as_of, "the reference date")
        version, language = data_version(db, measure_id), locale_for(locale, actor, settings)
        day = as_of or today()

        def answer() -> bytes:
            series, figures = measure_progress(
                db,
                measure_id,
                version,
                as_of=day,
                locale=language,
                sd=settings.reliable_change_sd,
                reliability=settings.reliable_change_reliability,
            )
            breaches = measure_breaches(
                db, measure_id, version, today=figures.as_of, working_days=settings.breach_report_working_days
            )
            progress = ProgressOut(
                measure_id=measure_id,
                data_version=version,
                as_of=figures.as_of,
                progress=figures,
                series=series,
                breaches=breaches,
            )
            return _JSON.encode(progress)

        # The answer is computed and encoded once per data version (reports.memo): 125 KB of JSON for two years of
        # weekly scores took a twentieth of the request to encode again on every read.
        parameters = (
            day,
            language,
            settings.reliable_change_sd,
            settings.reliable_change_reliability,
            settings.breach_report_working_days,
        )
        body = per_version(db, measure_id, version, "progress_json", parameters, answer)
        return Response(content=body, media_type=MediaType.JSON)  # type: ignore[arg-type]

    @get("/charts", opt=rule(CASE_READERS, scope="measure", action=R, object_type="chart"))
    async def list_charts(
        self,
        db: DbSession,
        actor: CurrentUser,
        settings: AppSettings,
        chart_cache: NamedDependency[ChartCache],
        measure_id: FromPath[int],
        page: Paging,
        locale: Locale | None = LOCALE,
    ) -> Paged[ChartInfo]:
        """The measure's charts with their titles and alt texts, and where to fetch each as PNG or SVG."""
        language = locale_for(locale, actor, settings)
        measure_goals = goals.goals_of(db, measure_id)
        version = data_version(db, measure_id)
        items = []
        for name in chart_names.available(measure_goals, has_judgement(db, measure_id)):
            chart = await drawn_chart(db, chart_cache, ChartKey(measure_id, version, name, "png", language))
            items.append(
                ChartInfo(
                    name=name,
                    title=chart_names.title(name, measure_goals, language),
                    alt_text=chart.alt_text,
                    png=_chart_url(measure_id, f"{name}.png", language),
                    svg=_chart_url(measure_id, f"{name}.svg", language),
                )
            )
        return page_of(items, page)

    @get(
        "/charts/{chart:str}",
        opt=rule(CASE_READERS, scope="measure", action=R, object_type="chart"),
        media_type="image/png",
    )
    async def read_chart(
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
        """One chart by the name ``/charts`` lists (``scores-<goal id>``, ``events``, ``gas``, ``timeline`` or
        ``judgement``, the judgement scale per participant):
        PNG, or SVG with ``.svg`` (``.png`` may be written too). Its alt text comes in the ``X-Alt-Text`` header
        (URL-encoded)."""
        match = _CHART_NAME.match(chart)
        name = chart.rsplit(".", 1)[0]
        fmt, language = (match and match.group("fmt")) or "png", locale_for(locale, actor, settings)
        version = data_version(db, measure_id)
        key = ChartKey(measure_id, version, name, fmt, language)
        cached = chart_cache.hit(key) if match else None
        # A chart in the cache exists at this data version (the version covers the goals): the hot path of a
        # cached chart and of its 304 asks no more than the version. Otherwise check the name against the goals
        # (and, for the judgement chart alone, whether mapping sessions exist).
        if cached is None:
            measure_goals = goals.goals_of(db, measure_id)
            judgement = name == "judgement" and has_judgement(db, measure_id)
            if match is None or name not in chart_names.available(measure_goals, judgement):
                raise NotFound(
                    f"there is no chart '{chart}' for measure {measure_id}; it has "
                    + ", ".join(chart_names.available(measure_goals, has_judgement(db, measure_id)))
                    + " (PNG; add .svg for SVG)"
                )
        etag = _etag(version, f"{name}.{fmt}", language)
        headers = {"ETag": etag, "Cache-Control": CHART_CACHE_CONTROL}
        if _matches(if_none_match, etag):
            audit.status_code = 304
            return Response(b"", status_code=304, headers=headers)
        rendered = cached or await drawn_chart(db, chart_cache, key)
        headers["X-Alt-Text"] = quote(rendered.alt_text)
        return Response(rendered.data, media_type=rendered.media_type, headers=headers)
