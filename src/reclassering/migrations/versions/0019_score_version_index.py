"""score indexed on (check_in_id, recorded_at, id): the data version reads a measure's scores from the index alone

Revision ID: 0019
Revises: 0018
Create Date: 2026-12-02 22:20:00

Every progress, chart and 304 request computes ``reports.loader.data_version``; its heaviest part was the
aggregate of the measure's scores (count, highest id, latest ``recorded_at``), which looked up each of a
two-year measure's 800-1,300 score rows in the table. The new index covers it (an index-only read on both
databases) and replaces ``ix_score_check_in_id``, whose lookups by check-in it serves by its first column.
"""

from __future__ import annotations

from collections.abc import Sequence

from alembic import op

revision: str = "0019"
down_revision: str | None = "0018"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_index("ix_score_check_in_recorded", "score", ["check_in_id", "recorded_at", "id"])
    op.drop_index("ix_score_check_in_id", table_name="score")


def downgrade() -> None:
    op.create_index("ix_score_check_in_id", "score", ["check_in_id"])
    op.drop_index("ix_score_check_in_recorded", table_name="score")
