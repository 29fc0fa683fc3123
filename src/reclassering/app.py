"""Builds the Litestar application from settings: ``create_app(settings)``."""

from __future__ import annotations

import logging
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path
from typing import Any

from litestar import Litestar
from litestar.config.compression import CompressionConfig
from litestar.config.csrf import CSRFConfig
from litestar.datastructures import CacheControlHeader
from litestar.logging import LoggingConfig
from litestar.middleware import DefineMiddleware
from litestar.openapi import OpenAPIConfig
from litestar.openapi.spec import Components, SecurityScheme
from litestar.plugins.jinja import JinjaTemplateEngine
from litestar.static_files import create_static_files_router
from litestar.template.config import TemplateConfig
from sqlalchemy import Engine

from . import __version__
from .api.admin import TeamController, UserController
from .api.audit_hook import after_exception
from .api.auth import AuthController, TokenAuthMiddleware
from .api.bench import BENCH_HANDLERS
from .api.breaches import CONTROLLERS as BREACH_CONTROLLERS
from .api.browser import STATIC, STATIC_PATH, SWAGGER_ASSETS, SWAGGER_ASSETS_PATH, LocalSwagger, add_security_headers
from .api.checkins import CheckInController
from .api.conference_decision import CONTROLLERS as CONFERENCE_DECISION_CONTROLLERS
from .api.deps import DEPENDENCIES
from .api.errors import EXCEPTION_HANDLERS
from .api.events import EventsController, SetbackController, SuccessController
from .api.goals import GoalController, MeasureGoalsController
from .api.guards import access_guard, check_rules
from .api.health import HEALTH_HANDLERS
from .api.measures import ConditionController, MeasureController, YouthMeasuresController
from .api.methods import CONTROLLERS as METHOD_CONTROLLERS
from .api.metrics import PROMETHEUS, metrics
from .api.network_links import NetworkLinkController
from .api.notifications import CONTROLLERS as NOTIFICATION_CONTROLLERS
from .api.pages import PagesController
from .api.pages_admin import AdminPages
from .api.pages_attention import AttentionPagesController
from .api.pages_audit import AuditPages
from .api.pages_conference import ConferencePagesController
from .api.pages_links import NetworkLinkRecordPages
from .api.pages_method_work import MethodWorkPagesController
from .api.pages_network import NetworkLinkPages, install_log_redaction
from .api.pages_notifications import NotificationPages
from .api.pages_password import PasswordPages
from .api.pages_record import RecordPagesController
from .api.pages_retention import RetentionPages
from .api.pages_safety_plan import SafetyPlanPages
from .api.pages_worker import WorkerPagesController
from .api.pages_youth import YouthPagesController
from .api.progress import ProgressController
from .api.reports import CONTROLLERS as REPORT_CONTROLLERS
from .api.request_log import RequestLog
from .api.safety_plan import CONTROLLERS as SAFETY_PLAN_CONTROLLERS
from .api.unit_of_work import SessionClosing
from .api.youths import NetworkMemberController, YouthController
from .casefile.db import make_engine, upgrade
from .casefile.types import use_day_zone
from .jobs.scheduler import embedded_for_app
from .methods.registry import MethodRegistry
from .settings import Settings

log = logging.getLogger(__name__)
TEMPLATES = Path(__file__).parent / "api" / "templates"

ROUTE_HANDLERS: list[type] = [
    AuthController,
    YouthController,
    NetworkMemberController,
    YouthMeasuresController,
    MeasureController,
    ConditionController,
    MeasureGoalsController,
    GoalController,
    CheckInController,
    EventsController,
    SetbackController,
    SuccessController,
    *METHOD_CONTROLLERS,
    UserController,
    TeamController,
    ProgressController,
    *REPORT_CONTROLLERS,
    *NOTIFICATION_CONTROLLERS,
    *BREACH_CONTROLLERS,
    *CONFERENCE_DECISION_CONTROLLERS,
    NetworkLinkController,
    *SAFETY_PLAN_CONTROLLERS,
]

#: The server-rendered pages.
PAGE_CONTROLLERS: list[type] = [
    PagesController,
    WorkerPagesController,
    RecordPagesController,
    YouthPagesController,
    AttentionPagesController,
    ConferencePagesController,
    NetworkLinkPages,
    NetworkLinkRecordPages,
    MethodWorkPagesController,
]


def static_routers() -> list[Any]:
    """The pages' style sheet and scripts, and Swagger UI's files from its package: public, revalidated."""
    revalidate = CacheControlHeader(no_cache=True)
    return [
        create_static_files_router(
            SWAGGER_ASSETS_PATH, directories=[SWAGGER_ASSETS], name="swagger-ui", cache_control=revalidate
        ),
        create_static_files_router(STATIC_PATH, directories=[STATIC], name="static", cache_control=revalidate),
    ]


def create_app(settings: Settings, *, engine: Engine | None = None, migrate: bool = True) -> Litestar:
    """The application for ``settings``. Applies pending migrations at start unless ``migrate`` is False."""
    engine = engine or make_engine(settings.resolved_database_url)
    use_day_zone(settings.timezone)  # the service's day (this week, the future) is the team's, not UTC's
    install_log_redaction()  # the secret of a network link is in its path: never in a log line

    @asynccontextmanager
    async def lifespan(app: Litestar) -> AsyncIterator[None]:
        if migrate:
            upgrade(app.state.engine)
        try:
            with embedded_for_app(app):  # scheduled jobs; off with RECLASSERING_SCHEDULER_EMBEDDED=false
                yield
        finally:
            app.state.engine.dispose()

    app = Litestar(
        route_handlers=[
            *ROUTE_HANDLERS,
            *PAGE_CONTROLLERS,
            NotificationPages,
            RetentionPages,
            AdminPages,
            AuditPages,
            PasswordPages,
            SafetyPlanPages,
            *HEALTH_HANDLERS,
            metrics,
            *static_routers(),
            *(BENCH_HANDLERS if settings.bench_bare else ()),
        ],
        template_config=TemplateConfig(directory=TEMPLATES, engine=JinjaTemplateEngine),
        csrf_config=CSRFConfig(
            secret=settings.resolved_secret_key(),
            cookie_secure=settings.cookie_secure,
            cookie_httponly=True,
            # the API is not cookie-authenticated for changes (see api.auth.token_of), so needs no CSRF token
            exclude=["^/api/", "^/schema", "^/health"],
        ),
        dependencies=DEPENDENCIES,
        guards=[access_guard],
        middleware=[
            RequestLog(),
            PROMETHEUS.middleware,
            # the static files need no login: no token lookup, no database session and no connection slot
            SessionClosing(skip_prefix=f"{STATIC_PATH}/"),
            DefineMiddleware(TokenAuthMiddleware, exclude=[f"^{STATIC_PATH}/"]),
        ],
        exception_handlers=EXCEPTION_HANDLERS,  # type: ignore[arg-type]
        after_exception=[after_exception],
        before_send=[add_security_headers],
        lifespan=[lifespan],
        openapi_config=OpenAPIConfig(
            title="reclassering",
            version=__version__,
            description="Progress tracking for youth probation (jeugdreclassering) with strengths-based methods.",
            path="/schema",
            render_plugins=[LocalSwagger()],
            components=Components(security_schemes={"bearer": SecurityScheme(type="http", scheme="bearer")}),
            security=[{"bearer": []}],
        ),
        # PNG and PDF are compressed formats already: gzip would cost time and save nothing. Level 5, not
        # Litestar's default 9: a progress answer of 123 KiB takes 0.5 ms instead of 4 ms (more than all the rest
        # of the request) and grows by 7 % (9.6 against 8.9 KiB); a page of 74 KiB 0.5 ms instead of 1.2 ms.
        compression_config=CompressionConfig(
            backend="gzip", minimum_size=1024, gzip_compress_level=5, exclude=[r"\.(png|pdf)$"]
        ),
        logging_config=LoggingConfig(log_exceptions="debug"),
        request_max_body_size=settings.max_body_kib * 1024,
        debug=False,
    )
    app.state.settings = settings
    app.state.engine = engine
    app.state.methods = MethodRegistry.load(settings.methods_dir)
    check_rules(h for route in app.routes for h in route.route_handlers)  # type: ignore[union-attr]
    return app
