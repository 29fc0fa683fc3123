"""Alembic environment: runs against the engine handed over in ``config.attributes['engine']``."""

from __future__ import annotations

from typing import Any

from alembic import context
from sqlmodel import SQLModel

import reclassering.casefile.models
import reclassering.casefile.models_coaches  # noqa: F401
from reclassering.casefile.types import UTCDateTime

config = context.config
target_metadata = SQLModel.metadata


def render_item(type_: str, obj: Any, autogen_context: Any) -> str | bool:
    if type_ == "type" and isinstance(obj, UTCDateTime):
        autogen_context.imports.add("from reclassering.casefile.types import UTCDateTime")
        return "UTCDateTime()"
    return False


def run_migrations() -> None:
    engine = config.attributes.get("engine")
    if engine is None:
        raise RuntimeError("run migrations through 'reclassering db upgrade', which supplies the database")
    with engine.connect() as connection:
        context.configure(
            connection=connection,
            target_metadata=target_metadata,
            render_as_batch=connection.dialect.name == "sqlite",
            render_item=render_item,
            compare_type=True,
        )
        with context.begin_transaction():
            context.run_migrations()
        connection.commit()


run_migrations()
