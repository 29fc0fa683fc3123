"""Health checks for load balancers, orchestrators and monitoring: public, cheap, never audited.

- ``/health`` and ``/health/live``: the process answers (no database touched), with the version.
- ``/health/ready``: the database answers and its schema is at the revision this version needs; otherwise
  ``503`` with the reason, so a load balancer sends no traffic to a server that cannot serve it.
"""

from __future__ import annotations

from litestar import Request, Response, get
from litestar.status_codes import HTTP_200_OK, HTTP_503_SERVICE_UNAVAILABLE
from msgspec import Struct
from sqlalchemy import Engine, text
from sqlalchemy.exc import SQLAlchemyError

from .. import __version__
from ..casefile import db
from .guards import rule


class Health(Struct):
    status: str
    version: str


class Readiness(Struct):
    status: str
    version: str
    database: str
    schema_revision: str | None
    needed_revision: str | None
    reason: str = ""


def _readiness(engine: Engine) -> Readiness:
    needed = db.head_revision()
    try:
        with engine.connect() as connection:
            connection.execute(text("SELECT 1"))
        current = db.current_revision(engine)
    except SQLAlchemyError as exc:
        return Readiness(
            status="unavailable",
            version=__version__,
            database="unreachable",
            schema_revision=None,
            needed_revision=needed,
            reason=f"the database does not answer ({type(exc).__name__})",
        )
    if current != needed:
        found = f"revision {current}" if current else "no schema"
        return Readiness(
            status="unavailable",
            version=__version__,
            database="ok",
            schema_revision=current,
            needed_revision=needed,
            reason=f"the database has {found}; this version needs {needed} (run 'reclassering db upgrade')",
        )
    return Readiness(status="ok", version=__version__, database="ok", schema_revision=current, needed_revision=needed)


@get("/health", opt=rule(public=True), sync_to_thread=False, tags=["service"])
def health() -> Health:
    """Liveness check for load balancers and monitoring (the same as ``/health/live``)."""
    return Health(status="ok", version=__version__)


@get("/health/live", opt=rule(public=True), sync_to_thread=False, tags=["service"])
def live() -> Health:
    """The process answers. Touches no database: restart the process only when this fails."""
    return Health(status="ok", version=__version__)


@get("/health/ready", opt=rule(public=True), sync_to_thread=False, tags=["service"])
def ready(request: Request) -> Response[Readiness]:
    """Ready for traffic: the database answers and its schema is at head; ``503`` with the reason otherwise."""
    readiness = _readiness(request.app.state.engine)
    status = HTTP_200_OK if readiness.status == "ok" else HTTP_503_SERVICE_UNAVAILABLE
    return Response(readiness, status_code=status)


HEALTH_HANDLERS = [health, live, ready]
