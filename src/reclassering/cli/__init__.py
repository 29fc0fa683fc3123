"""The ``reclassering`` command: run the server, migrate the database, manage accounts, load demo data, run
the scheduled jobs, back up and restore, verify the audit trail.

The web application and uvicorn are imported inside ``serve`` only, so ``--help`` and the administrative
commands start quickly; matplotlib is never imported here.
"""

from __future__ import annotations

from . import accounts, data, national, scheduling, serve, trail  # noqa: F401  (each registers its commands)
from .common import Refused, describe_validation_error
from .group import cli, main
from .serve import app_from_environment

__all__ = ["Refused", "app_from_environment", "cli", "describe_validation_error", "main"]
