"""snapshot summary: the one-page summary for the youth and the parents beside the frozen report

Revision ID: 0012
Revises: 0011
Create Date: 2026-12-02 09:00:00.000000
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0012"
down_revision: str | None = "0011"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    # Nullable: snapshots frozen before this revision keep their report and have no summary.
    with op.batch_alter_table("report_snapshot") as batch_op:
        batch_op.add_column(sa.Column("summary_pdf", sa.LargeBinary(), nullable=True))
        batch_op.add_column(sa.Column("summary_sha256", sa.String(length=64), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("report_snapshot") as batch_op:
        batch_op.drop_column("summary_sha256")
        batch_op.drop_column("summary_pdf")
