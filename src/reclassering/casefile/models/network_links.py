"""Tables of network links (issue 10): a personal, time-limited link for one network member and one measure.

Only the SHA-256 of a link's secret is stored; the secret itself is shown once, when the link is made.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import JSON, Column, String
from sqlmodel import Field, SQLModel

from ..types import UTCDateTime, utcnow


class NetworkLink(SQLModel, table=True):
    """A link on which one network member scores the goals of one measure they were asked about."""

    __tablename__ = "network_link"

    id: int | None = Field(default=None, primary_key=True)
    measure_id: int = Field(foreign_key="measure.id", index=True, ondelete="CASCADE")
    network_member_id: int = Field(foreign_key="network_member.id", index=True, ondelete="CASCADE")
    #: SHA-256 (hex) of the secret in the link; the secret itself is never stored.
    token_hash: str = Field(sa_type=String(64), unique=True)
    #: The goals (ids, of this measure) the member is asked about.
    goal_ids: list[int] = Field(default_factory=list, sa_column=Column(JSON, nullable=False))
    #: The language the page opens in (nl or en); the member may switch.
    locale: str = Field(default="nl", sa_type=String(8))
    created_by_id: int | None = Field(default=None, foreign_key="app_user.id", ondelete="SET NULL")
    created_at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime)
    expires_at: datetime = Field(sa_type=UTCDateTime, index=True)
    revoked_at: datetime | None = Field(default=None, sa_type=UTCDateTime, nullable=True)
    revoked_by_id: int | None = Field(default=None, foreign_key="app_user.id", ondelete="SET NULL")
    last_used_at: datetime | None = Field(default=None, sa_type=UTCDateTime, nullable=True)
    uses: int = 0
