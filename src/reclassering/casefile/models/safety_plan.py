"""SQLModel tables of the success and safety plan (issue 10): one plan per measure, kept in versions.

``SafetyPlan`` is the plan's head: which version is current. Every save claims the head row first (which locks it
for the transaction), checks that the writer based their changes on the current version, and adds a new
``SafetyPlanVersion``; a version is never changed afterwards. Both go with their measure (``ON DELETE CASCADE``),
so retention erases the plan with the record.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from sqlalchemy import JSON, CheckConstraint, Column, String, Text, UniqueConstraint
from sqlmodel import Field, SQLModel

from ..types import UTCDateTime, utcnow


class SafetyPlan(SQLModel, table=True):
    """The head of a measure's safety plan: its current version (0 while the first save is under way)."""

    __tablename__ = "safety_plan"

    id: int | None = Field(default=None, primary_key=True)
    measure_id: int = Field(foreign_key="measure.id", unique=True, ondelete="CASCADE")
    current_version: int = 0
    created_at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime, nullable=False)
    updated_at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime, nullable=False)


class SafetyPlanVersion(SQLModel, table=True):
    """One saved version of a measure's success and safety plan, with who saved it and which parts changed."""

    __tablename__ = "safety_plan_version"
    __table_args__ = (
        UniqueConstraint("measure_id", "version", name="uq_safety_plan_version"),
        CheckConstraint("version >= 1", name="ck_safety_plan_version"),
    )

    id: int | None = Field(default=None, primary_key=True)
    measure_id: int = Field(foreign_key="measure.id", index=True, ondelete="CASCADE")
    #: 1, 2, 3 … per measure.
    version: int
    #: [{"who": ..., "what": ...}]: who does what.
    who_does_what: list[dict[str, str]] = Field(default_factory=list, sa_column=Column(JSON, nullable=False))
    #: The signs that things are going wrong, in plain words.
    warning_signs: list[str] = Field(default_factory=list, sa_column=Column(JSON, nullable=False))
    #: [{"name": ..., "relation": ..., "reach": ...}]: who the youth calls when it gets hard, and how.
    who_to_call: list[dict[str, str]] = Field(default_factory=list, sa_column=Column(JSON, nullable=False))
    #: What the network agreed.
    network_agreed: str = Field(default="", sa_type=Text)
    next_review_on: date | None = None
    author_id: int | None = Field(default=None, foreign_key="app_user.id")
    author_role: str = Field(sa_type=String(32))
    #: The parts that differ from the version before (from an empty plan, for version 1).
    changed: list[str] = Field(default_factory=list, sa_column=Column(JSON, nullable=False))
    created_at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime, nullable=False)

    def content(self) -> dict[str, Any]:
        return {name: getattr(self, name) for name in PARTS}


#: The parts of a plan, in the order they are shown.
PARTS = ("who_does_what", "warning_signs", "who_to_call", "network_agreed", "next_review_on")
