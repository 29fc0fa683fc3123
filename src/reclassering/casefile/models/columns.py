"""Column helpers shared by the tables: timestamps in UTC and short vocabulary codes."""

from __future__ import annotations

from typing import Any

from sqlalchemy import String
from sqlmodel import Field

from ..types import UTCDateTime, utcnow


def _ts(*, nullable: bool = False, index: bool = False) -> Any:
    return Field(default_factory=utcnow, sa_type=UTCDateTime, nullable=nullable, index=index)


def _code(default: str | None = None, *, length: int = 32, index: bool = False) -> Any:
    return Field(default=default, sa_type=String(length), nullable=False, index=index)
