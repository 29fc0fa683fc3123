"""``GET /metrics`` in Prometheus' text format, for the monitoring system only.

It is served only when ``RECLASSERING_METRICS_TOKEN`` is set, and only to a caller that sends that token as a
bearer token (Prometheus: ``authorization: {credentials: <token>}``); anyone else, logged in or not, gets 404.
Metrics name routes by their template and carry no ids, names or case data.
"""

from __future__ import annotations

import hmac

from litestar import Request, Response, get
from litestar.exceptions import NotFoundException
from litestar.plugins.prometheus import PrometheusConfig
from prometheus_client import CONTENT_TYPE_LATEST, REGISTRY, generate_latest

from ..settings import Settings
from .guards import rule

PROMETHEUS = PrometheusConfig(
    app_name="reclassering",
    prefix="reclassering",
    group_path=True,  # the route template, not the path with its ids
    exclude=["^/metrics", "^/static", "^/schema"],
)


def _allowed(request: Request, settings: Settings) -> bool:
    if not settings.metrics_token:
        return False
    header = request.headers.get("authorization", "")
    scheme, _, token = header.partition(" ")
    return scheme.lower() == "bearer" and hmac.compare_digest(token.strip(), settings.metrics_token)


@get("/metrics", opt=rule(public=True), include_in_schema=False, sync_to_thread=False)
def metrics(request: Request) -> Response[bytes]:
    if not _allowed(request, request.app.state.settings):
        raise NotFoundException("there is nothing here")
    return Response(generate_latest(REGISTRY), media_type=CONTENT_TYPE_LATEST)
