"""successes and setbacks: corrections and withdrawals, with their history

Revision ID: 0006
Revises: 0004
Create Date: 2026-12-01 11:30:00
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op
from alembic.operations import BatchOperations

from reclassering.casefile.types import UTCDateTime

revision: str = "0006"
down_revision: str | None = "0004"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def _withdrawal_columns(batch_op: BatchOperations, table: str) -> None:
    batch_op.add_column(sa.Column("withdrawn_at", UTCDateTime(), nullable=True))
    batch_op.add_column(sa.Column("withdrawn_by_id", sa.Integer(), nullable=True))
    batch_op.add_column(sa.Column("withdrawal_reason", sa.Text(), nullable=False, server_default=""))
    batch_op.create_foreign_key(f"fk_{table}_withdrawn_by_id_app_user", "app_user", ["withdrawn_by_id"], ["id"])


def upgrade() -> None:
    op.create_table(
        "event_revision",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("measure_id", sa.Integer(), nullable=False),
        sa.Column("object_type", sa.String(length=16), nullable=False),
        sa.Column("object_id", sa.Integer(), nullable=False),
        sa.Column("change", sa.String(length=16), nullable=False),
        sa.Column("before", sa.JSON(), nullable=False),
        sa.Column("reason", sa.Text(), nullable=False),
        sa.Column("changed_by_id", sa.Integer(), nullable=True),
        sa.Column("changed_at", UTCDateTime(), nullable=False),
        sa.ForeignKeyConstraint(["changed_by_id"], ["app_user.id"]),
        sa.ForeignKeyConstraint(["measure_id"], ["measure.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("event_revision", schema=None) as batch_op:
        batch_op.create_index("ix_event_revision_object", ["object_type", "object_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_event_revision_measure_id"), ["measure_id"], unique=False)

    with op.batch_alter_table("success", schema=None) as batch_op:
        # Successes recorded before this revision were last changed when they were recorded.
        batch_op.add_column(
            sa.Column("updated_at", UTCDateTime(), nullable=False, server_default=sa.text("CURRENT_TIMESTAMP"))
        )
        _withdrawal_columns(batch_op, "success")
    op.execute("UPDATE success SET updated_at = created_at")

    with op.batch_alter_table("setback", schema=None) as batch_op:
        _withdrawal_columns(batch_op, "setback")


def downgrade() -> None:
    for table in ("setback", "success"):
        with op.batch_alter_table(table, schema=None) as batch_op:
            batch_op.drop_constraint(f"fk_{table}_withdrawn_by_id_app_user", type_="foreignkey")
            batch_op.drop_column("withdrawal_reason")
            batch_op.drop_column("withdrawn_by_id")
            batch_op.drop_column("withdrawn_at")
            if table == "success":
                batch_op.drop_column("updated_at")
    with op.batch_alter_table("event_revision", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_event_revision_measure_id"))
        batch_op.drop_index("ix_event_revision_object")
    op.drop_table("event_revision")
