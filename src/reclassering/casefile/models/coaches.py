"""Safe Path's coach pair: two trained professional coaches per measure, not network members.

A coach is a user of this app (a worker or supervisor) or a named external coach with their organisation
and the date they were trained in the method. The youth's own worker joins where needed (a flag on the pair).
Kept beside ``models`` because that module is full; imported wherever the tables are gathered.
"""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import String, UniqueConstraint
from sqlmodel import Field, SQLModel

from ..types import UTCDateTime, utcnow


class CoachPair(SQLModel, table=True):
    """The coach pair of one measure."""

    __tablename__ = "coach_pair"

    id: int | None = Field(default=None, primary_key=True)
    measure_id: int = Field(foreign_key="measure.id", unique=True, ondelete="CASCADE")
    #: The youth's own worker joins the coaches where needed.
    worker_joins: bool = False
    set_by_id: int | None = Field(default=None, foreign_key="app_user.id")
    updated_at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime, nullable=False)


class Coach(SQLModel, table=True):
    """One of the two coaches: a user of this app, or a named external coach."""

    __tablename__ = "coach"
    __table_args__ = (UniqueConstraint("pair_id", "position", name="uq_coach_position"),)

    id: int | None = Field(default=None, primary_key=True)
    pair_id: int = Field(foreign_key="coach_pair.id", index=True, ondelete="CASCADE")
    #: 1 or 2.
    position: int
    user_id: int | None = Field(default=None, foreign_key="app_user.id", nullable=True, ondelete="SET NULL", index=True)
    #: An external coach's name; empty for a user (their display name is shown).
    name: str = Field(default="", sa_type=String(120))
    organisation: str = Field(default="", sa_type=String(120))
    #: When the coach was trained in the method (required for an external coach).
    trained_on: date | None = None
