"""network links: a personal, time-limited link per network member and measure; a success noticed by a member

Revision ID: 0015
Revises: 0013
Create Date: 2026-12-02 11:00:00
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

from reclassering.casefile.types import UTCDateTime

revision: str = "0015"
down_revision: str | None = "0013"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "network_link",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("measure_id", sa.Integer(), nullable=False),
        sa.Column("network_member_id", sa.Integer(), nullable=False),
        sa.Column("token_hash", sa.String(length=64), nullable=False),
        sa.Column("goal_ids", sa.JSON(), nullable=False),
        sa.Column("locale", sa.String(length=8), nullable=False),
        sa.Column("created_by_id", sa.Integer(), nullable=True),
        sa.Column("created_at", UTCDateTime(), nullable=False),
        sa.Column("expires_at", UTCDateTime(), nullable=False),
        sa.Column("revoked_at", UTCDateTime(), nullable=True),
        sa.Column("revoked_by_id", sa.Integer(), nullable=True),
        sa.Column("last_used_at", UTCDateTime(), nullable=True),
        sa.Column("uses", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(["measure_id"], ["measure.id"], ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["network_member_id"], ["network_member.id"], ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["created_by_id"], ["app_user.id"], ondelete="SET NULL"),
        sa.ForeignKeyConstraint(["revoked_by_id"], ["app_user.id"], ondelete="SET NULL"),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("token_hash"),
    )
    op.create_index(op.f("ix_network_link_measure_id"), "network_link", ["measure_id"], unique=False)
    op.create_index(op.f("ix_network_link_network_member_id"), "network_link", ["network_member_id"], unique=False)
    op.create_index(op.f("ix_network_link_expires_at"), "network_link", ["expires_at"], unique=False)
    # A success noticed by one network member (through their link) names that member.
    with op.batch_alter_table("success") as batch_op:
        batch_op.add_column(sa.Column("network_member_id", sa.Integer(), nullable=True))
        batch_op.create_foreign_key(
            "fk_success_network_member_id", "network_member", ["network_member_id"], ["id"], ondelete="SET NULL"
        )


def downgrade() -> None:
    with op.batch_alter_table("success") as batch_op:
        batch_op.drop_constraint("fk_success_network_member_id", type_="foreignkey")
        batch_op.drop_column("network_member_id")
    op.drop_index(op.f("ix_network_link_expires_at"), table_name="network_link")
    op.drop_index(op.f("ix_network_link_network_member_id"), table_name="network_link")
    op.drop_index(op.f("ix_network_link_measure_id"), table_name="network_link")
    op.drop_table("network_link")
