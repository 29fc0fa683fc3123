"""The ``reclassering`` command group; the command modules register their commands on it."""

from __future__ import annotations

import click

from .. import __version__
from .common import ReclasseringGroup


@click.group(cls=ReclasseringGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="reclassering")
def cli() -> None:
    """Progress tracker for youth probation (jeugdreclassering).

    Configuration comes from RECLASSERING_* environment variables (for example RECLASSERING_DATA_DIR,
    RECLASSERING_DATABASE_URL); command-line options override them.
    """


def main() -> None:
    """Entry point of the ``reclassering`` console script."""
    cli(prog_name="reclassering")
