"""users: an e-mail address for notification mails (empty: none)

Revision ID: 0014
Revises: 0012
Create Date: 2026-12-02 08:00:00
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0014"
down_revision: str | None = "0012"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


# Plain ALTER TABLE on both databases (SQLite adds and, since 3.35, drops a column in place): no batch copy of
# app_user, whose copy-and-drop the foreign keys of every table that points at a user would refuse.


def upgrade() -> None:
    # existing accounts get no address (the empty string), so nobody is mailed who was not asked for
    op.add_column("app_user", sa.Column("email", sa.String(length=254), nullable=False, server_default=""))


def downgrade() -> None:
    op.drop_column("app_user", "email")
