"""mapping whole and Safe Path's professional coach pair (issue 10)

Revision ID: 0016
Revises: 0015

- ``mapping_session``: ``kind`` (mapping / review), ``harm``, ``danger_statement``, ``complicating_factors`` and
  ``existing_safety``; existing sessions become mappings with these texts empty. The participants' scores stay
  where they are: they are each participant's answer to the overall judgement scale.
- ``worry_statement``: ``disagreement`` and ``disagreement_note`` (family and professionals disagree).
- ``three_houses``: ``drawn_on_paper`` and ``paper_note`` (a drawing stays on paper; no file is stored).
- ``network_member``: ``coach`` is dropped, ``trained_in_method`` added. The coach pair is two professional
  coaches in the new ``coach_pair`` and ``coach`` tables; a network member marked as coach before cannot be
  turned into a professional coach, so existing pairs are not carried over (the workflow asks for a new pair).
  A downgrade brings the column back, unset.

Create Date: 2026-12-02 11:00:00
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

from reclassering.casefile.types import UTCDateTime

revision: str = "0016"
down_revision: str | None = "0015"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def _text(name: str) -> sa.Column:
    return sa.Column(name, sa.Text(), nullable=False, server_default="")


def _flag(name: str) -> sa.Column:
    return sa.Column(name, sa.Boolean(), nullable=False, server_default=sa.false())


def upgrade() -> None:
    with op.batch_alter_table("mapping_session", schema=None) as batch_op:
        batch_op.add_column(sa.Column("kind", sa.String(length=32), nullable=False, server_default="mapping"))
        for name in ("harm", "danger_statement", "complicating_factors", "existing_safety"):
            batch_op.add_column(_text(name))
    with op.batch_alter_table("worry_statement", schema=None) as batch_op:
        batch_op.add_column(_flag("disagreement"))
        batch_op.add_column(_text("disagreement_note"))
    with op.batch_alter_table("three_houses", schema=None) as batch_op:
        batch_op.add_column(_flag("drawn_on_paper"))
        batch_op.add_column(_text("paper_note"))
    with op.batch_alter_table("network_member", schema=None) as batch_op:
        batch_op.add_column(_flag("trained_in_method"))
        batch_op.drop_column("coach")

    op.create_table(
        "coach_pair",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("measure_id", sa.Integer(), nullable=False),
        sa.Column("worker_joins", sa.Boolean(), nullable=False),
        sa.Column("set_by_id", sa.Integer(), nullable=True),
        sa.Column("updated_at", UTCDateTime(), nullable=False),
        sa.ForeignKeyConstraint(["measure_id"], ["measure.id"], ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["set_by_id"], ["app_user.id"]),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("measure_id"),
    )
    op.create_table(
        "coach",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("pair_id", sa.Integer(), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=True),
        sa.Column("name", sa.String(length=120), nullable=False),
        sa.Column("organisation", sa.String(length=120), nullable=False),
        sa.Column("trained_on", sa.Date(), nullable=True),
        sa.ForeignKeyConstraint(["pair_id"], ["coach_pair.id"], ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["user_id"], ["app_user.id"], ondelete="SET NULL"),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("pair_id", "position", name="uq_coach_position"),
    )
    with op.batch_alter_table("coach", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_coach_pair_id"), ["pair_id"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("coach", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_coach_pair_id"))
    op.drop_table("coach")
    op.drop_table("coach_pair")
    with op.batch_alter_table("network_member", schema=None) as batch_op:
        batch_op.add_column(_flag("coach"))
        batch_op.drop_column("trained_in_method")
    with op.batch_alter_table("three_houses", schema=None) as batch_op:
        batch_op.drop_column("paper_note")
        batch_op.drop_column("drawn_on_paper")
    with op.batch_alter_table("worry_statement", schema=None) as batch_op:
        batch_op.drop_column("disagreement_note")
        batch_op.drop_column("disagreement")
    with op.batch_alter_table("mapping_session", schema=None) as batch_op:
        for name in ("existing_safety", "complicating_factors", "danger_statement", "harm", "kind"):
            batch_op.drop_column(name)
