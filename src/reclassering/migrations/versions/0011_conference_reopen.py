"""conference reopen: the advice's edition and the history of reopenings

Revision ID: 0011
Revises: 0010
Create Date: 2026-12-03 10:05:12.418203

A conference gets ``edition``: the version of its advice (1 at the start, one more after each reopening).
Existing conferences carry over: a conference with frozen reports is at the newest version it froze (before
this revision a second sign-off froze a new version without a reopening), one without is at version 1.
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

from reclassering.casefile.types import UTCDateTime

revision: str = "0011"
down_revision: str | None = "0010"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    # Plain ALTER TABLE on both databases, never a batch copy of ``conference``: on SQLite a copy drops the old
    # table, and with foreign keys on that drop cascades into the snapshots and deliberations.
    op.add_column("conference", sa.Column("edition", sa.Integer(), server_default="1", nullable=False))
    op.execute(
        "UPDATE conference SET edition = (SELECT max(report_snapshot.version) FROM report_snapshot "
        "WHERE report_snapshot.conference_id = conference.id) "
        "WHERE EXISTS (SELECT 1 FROM report_snapshot WHERE report_snapshot.conference_id = conference.id)"
    )

    op.create_table(
        "conference_reopening",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("conference_id", sa.Integer(), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("signed_by_id", sa.Integer(), nullable=True),
        sa.Column("signed_at", UTCDateTime(), nullable=True),
        sa.Column("reopened_by_id", sa.Integer(), nullable=True),
        sa.Column("reopened_at", UTCDateTime(), nullable=False),
        sa.Column("reason", sa.Text(), nullable=False),
        sa.ForeignKeyConstraint(["conference_id"], ["conference.id"], ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["reopened_by_id"], ["app_user.id"]),
        sa.ForeignKeyConstraint(["signed_by_id"], ["app_user.id"]),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("conference_id", "version", name="uq_conference_reopening_version"),
    )
    with op.batch_alter_table("conference_reopening", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_conference_reopening_conference_id"), ["conference_id"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("conference_reopening", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_conference_reopening_conference_id"))
    op.drop_table("conference_reopening")
    op.drop_column("conference", "edition")  # SQLite 3.35+ drops a column in place (see upgrade)
