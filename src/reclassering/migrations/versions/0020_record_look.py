"""record_look: the audit trail folded per youth, hour, person, action and part, for the youth's "who looked"

Revision ID: 0020
Revises: 0019
Create Date: 2026-12-02 22:40:00

The youth's page grouped up to 2,000 of the record's latest audit events on every view (a record on a caseload
is read at each look at that list): 3 of its 12 ms at 40,000 youths. From now on the database folds every event
as it is appended, with a trigger on ``audit_event`` (no statement more for the application: one per row on
SQLite, where a trigger costs microseconds; one per statement on PostgreSQL, over its transition table); this
migration folds the events already on the trail with the same query.
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

from reclassering.casefile.types import UTCDateTime

revision: str = "0020"
down_revision: str | None = "0019"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

#: The roles whose looks are shown to the youth (``casefile.vocab.STAFF_ROLES``, as of this revision).
STAFF = "('worker', 'supervisor', 'expert', 'admin')"
#: The events folded: successes of staff on a youth that (still) exists.
FOLDED = f"e.outcome = 'success' AND e.user_id IS NOT NULL AND e.role IN {STAFF}"
COLUMNS = "youth_id, hour, user_id, role, action, object_type, at"


def _fold(events: str, hour: str) -> str:
    """The INSERT that folds ``events`` (a table aliased ``e``) into record_look; an hour already there stays."""
    return (
        f"INSERT INTO record_look ({COLUMNS}) "
        f"SELECT e.youth_id, {hour}, e.user_id, e.role, e.action, e.object_type, min(e.at) "
        f"FROM {events} e JOIN youth y ON y.id = e.youth_id WHERE {FOLDED} "
        f"GROUP BY e.youth_id, {hour}, e.user_id, e.role, e.action, e.object_type "
        "ON CONFLICT DO NOTHING"
    )


def upgrade() -> None:
    op.create_table(
        "record_look",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("youth_id", sa.Integer(), nullable=False),
        sa.Column("hour", UTCDateTime(), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("role", sa.String(length=32), nullable=False),
        sa.Column("action", sa.String(length=32), nullable=False),
        sa.Column("object_type", sa.String(length=40), nullable=False),
        sa.Column("at", UTCDateTime(), nullable=False),
        sa.ForeignKeyConstraint(["youth_id"], ["youth.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("youth_id", "hour", "user_id", "role", "action", "object_type", name="uq_record_look"),
    )
    if op.get_bind().dialect.name == "postgresql":
        hour = "timezone('UTC', date_trunc('hour', timezone('UTC', e.at)))"
        op.execute(_fold("audit_event", hour))
        op.execute(
            "CREATE FUNCTION record_look_fold() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN "
            f"{_fold('appended', hour)}; RETURN NULL; END $$"
        )
        op.execute(
            "CREATE TRIGGER audit_event_fold_looks AFTER INSERT ON audit_event REFERENCING NEW TABLE AS appended "
            "FOR EACH STATEMENT EXECUTE FUNCTION record_look_fold()"
        )
    else:
        # the text SQLAlchemy stores for a DateTime on SQLite, cut to the hour
        hour = "strftime('%Y-%m-%d %H:00:00.000000', e.at)"
        op.execute(_fold("audit_event", hour))
        new_hour = "strftime('%Y-%m-%d %H:00:00.000000', NEW.at)"
        op.execute(
            "CREATE TRIGGER audit_event_fold_look AFTER INSERT ON audit_event "
            f"WHEN NEW.outcome = 'success' AND NEW.user_id IS NOT NULL AND NEW.role IN {STAFF} BEGIN "
            f"INSERT OR IGNORE INTO record_look ({COLUMNS}) "
            f"SELECT NEW.youth_id, {new_hour}, NEW.user_id, NEW.role, NEW.action, NEW.object_type, NEW.at "
            "FROM youth WHERE youth.id = NEW.youth_id; END"
        )


def downgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        op.execute("DROP TRIGGER IF EXISTS audit_event_fold_looks ON audit_event")
        op.execute("DROP FUNCTION IF EXISTS record_look_fold()")
    else:
        op.execute("DROP TRIGGER IF EXISTS audit_event_fold_look")
    op.drop_table("record_look")
