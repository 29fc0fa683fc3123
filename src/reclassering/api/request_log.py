"""Every request gets an id (the caller's ``X-Request-ID`` when it is a sensible token, else a new one), sent back
in the answer's ``X-Request-ID`` header and carried by every log line written while it is handled; one access
line per request names the route (its template, never the ids in the path), the status and the time taken.

The answer's ``Server-Timing: app;dur=<ms>`` header says how long the server worked on it until the answer
started (authentication, access check, handler, commit with the audit events): what a browser's developer
tools show and ``benchmarks/load.py`` reports as server time, apart from the network and the client."""

from __future__ import annotations

import logging
import re
import time
import uuid

from litestar.datastructures import MutableScopeHeaders
from litestar.middleware import ASGIMiddleware
from litestar.types import ASGIApp, Message, Receive, Scope, Send

from ..logs import request_id

log = logging.getLogger("reclassering.access")
HEADER = "x-request-id"
TIMING = "server-timing"
_SENSIBLE = re.compile(r"[A-Za-z0-9._-]{8,64}")


def _incoming(scope: Scope) -> str | None:
    for name, value in scope.get("headers", []):
        if name == HEADER.encode():
            text = value.decode("latin-1")
            return text if _SENSIBLE.fullmatch(text) else None
    return None


def route_of(scope: Scope) -> str:
    """The route's path template (``/api/v1/youths/{youth_id}``), or "unmatched"."""
    handler = scope.get("route_handler")
    paths = getattr(handler, "paths", None)
    if paths:
        path = scope.get("path_template") or sorted(paths)[0]
        return str(path)
    return "unmatched"


class RequestLog(ASGIMiddleware):
    async def handle(self, scope: Scope, receive: Receive, send: Send, next_app: ASGIApp) -> None:
        rid = _incoming(scope) or uuid.uuid4().hex
        token = request_id.set(rid)
        started = time.perf_counter()
        status = 500

        async def send_with_id(message: Message) -> None:
            nonlocal status
            if message["type"] == "http.response.start":
                status = message["status"]
                headers = MutableScopeHeaders.from_message(message)
                headers[HEADER] = rid
                headers[TIMING] = f"app;dur={(time.perf_counter() - started) * 1000:.2f}"
            await send(message)

        try:
            await next_app(scope, receive, send_with_id)
        finally:
            method, route = scope.get("method", ""), route_of(scope)
            log.info(
                "%s %s %s",
                method,
                route,
                status,
                extra={
                    "method": method,
                    "route": route,
                    "status": status,
                    "duration_ms": round((time.perf_counter() - started) * 1000, 2),
                },
            )
            request_id.reset(token)
