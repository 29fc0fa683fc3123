"""Alembic environment: runs against the engine handed over in ``config.attributes['engine']``."""

from __future__ import annotations

from typing import Any

from alembic import context
from sqlmodel import SQLModel

import reclassering.casefile.models  # noqa: F401  (registers every table)
from reclassering.casefile.types import UTCDateTime

config = context.config
target_metadata = SQLModel.metadata


def render_item(type_: str, obj: Any, autogen_context: Any) -> str | bool:
    if type_ == "type" and isinstance(obj, UTCDateTime):
        autogen_context.imports.add("from reclassering.casefile.types import UTCDateTime")
        return "UTCDateTime()"
    return False


def next_number(existing: list[str]) -> str:
    """The next ``000N`` id after the highest numbered revision: new migrations are named in order."""
    numbers = [int(rev) for rev in existing if rev.isdigit()]
    return f"{max(numbers, default=0) + 1:04d}"


def number_the_revision(context_: Any, _revision: Any, directives: list[Any]) -> None:
    """``alembic revision`` hook: a new migration gets the next ``000N`` id (and so the file ``000N_<slug>.py``)."""
    from alembic.script import ScriptDirectory

    script = ScriptDirectory.from_config(context_.config)
    for directive in directives:
        if not (directive.rev_id or "").isdigit():
            directive.rev_id = next_number([rev.revision for rev in script.walk_revisions()])


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
            process_revision_directives=number_the_revision,
        )
        with context.begin_transaction():
            context.run_migrations()
        connection.commit()


run_migrations()
