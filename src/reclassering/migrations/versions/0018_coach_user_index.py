"""coach.user_id indexed: the caseload's coach branch starts from the coach, not from every active measure

Revision ID: 0018
Revises: 0017
Create Date: 2026-12-02 17:20:00

Without it, the reach filter's third branch (``youth.id IN (measures whose coach pair holds this user)``)
read every active measure: 3.5 ms of a 96-youth caseload's count and page each at 40,000 youths.
"""

from __future__ import annotations

from collections.abc import Sequence

from alembic import op

revision: str = "0018"
down_revision: str | None = "0017"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_index("ix_coach_user_id", "coach", ["user_id"])


def downgrade() -> None:
    op.drop_index("ix_coach_user_id", table_name="coach")
