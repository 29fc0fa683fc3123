"""audit chain: actions as words, a hash chain over the trail, stronger append-only guards, retention's purge

Revision ID: 0013
Revises: 0014

- ``audit_event.action``: the letters C, R, U, D, E become create, read, update, delete, execute.
- ``audit_event.prev_hash`` and ``hash``: every existing event is chained in id order (after the rename),
  and ``audit_chain_head`` holds the end of the chain (see ``casefile/audit_chain.py`` for the encoding).
- The triggers now also refuse ``INSERT OR REPLACE`` over an existing event (SQLite) and ``TRUNCATE``
  (PostgreSQL); a delete passes only inside the retention job's purge (a row in ``audit_purge_permit``) and
  only for events older than five years by the database's clock. The head only moves forward.
- PostgreSQL: ``audit_event_purge(cutoff)``, a ``SECURITY DEFINER`` function, is the purge's one way in, so the
  runtime role needs no DELETE right on the trail; EXECUTE on it is not granted to PUBLIC.

Create Date: 2026-12-02 09:00:00
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

from reclassering.casefile.audit_chain import FIELDS, FLOOR_YEARS, GENESIS, link
from reclassering.casefile.types import UTCDateTime

revision: str = "0013"
down_revision: str | None = "0014"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

WORDS = {"C": "create", "R": "read", "U": "update", "D": "delete", "E": "execute"}
BATCH = 2000

_events = sa.table(
    "audit_event",
    sa.column("id", sa.Integer()),
    sa.column("at", UTCDateTime()),
    *(sa.column(name, sa.Integer()) for name in ("user_id", "youth_id", "object_id", "status_code")),
    *(
        sa.column(name, sa.String())
        for name in (
            "username",
            "role",
            "on_behalf_of",
            "action",
            "object_type",
            "access_point",
            "outcome",
            "detail",
            "prev_hash",
            "hash",
        )
    ),
)


def upgrade() -> None:
    sqlite = op.get_bind().dialect.name == "sqlite"
    _drop_0001_guards(sqlite)
    with op.batch_alter_table("audit_event", schema=None) as batch_op:
        batch_op.add_column(sa.Column("prev_hash", sa.String(length=64), nullable=False, server_default=""))
        batch_op.add_column(sa.Column("hash", sa.String(length=64), nullable=False, server_default=""))
    op.create_table(
        "audit_chain_head",
        sa.Column("id", sa.Integer(), autoincrement=False, nullable=False),
        sa.Column("last_id", sa.Integer(), nullable=False),
        sa.Column("last_hash", sa.String(length=64), nullable=False),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_table(
        "audit_purge_permit",
        sa.Column("id", sa.Integer(), autoincrement=False, nullable=False),
        sa.Column("through_id", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("id"),
    )
    _rename_actions(WORDS)
    last_id, last_hash = _chain_existing_events()
    op.execute(sa.text(f"INSERT INTO audit_chain_head (id, last_id, last_hash) VALUES (1, {last_id}, '{last_hash}')"))
    if sqlite:
        _sqlite_guards()
    else:
        _postgres_guards()


def downgrade() -> None:
    sqlite = op.get_bind().dialect.name == "sqlite"
    if sqlite:
        for name in ("no_update", "no_delete", "no_replace"):
            op.execute(f"DROP TRIGGER IF EXISTS audit_event_{name}")
        for name in ("no_delete", "no_replace", "forward_only"):
            op.execute(f"DROP TRIGGER IF EXISTS audit_chain_head_{name}")
    else:
        op.execute("DROP FUNCTION IF EXISTS audit_event_purge(timestamptz)")
        op.execute("DROP TRIGGER IF EXISTS audit_event_guard_row ON audit_event")
        op.execute("DROP TRIGGER IF EXISTS audit_event_guard_truncate ON audit_event")
        op.execute("DROP FUNCTION IF EXISTS audit_event_guard()")
        op.execute("DROP TRIGGER IF EXISTS audit_chain_head_guard_row ON audit_chain_head")
        op.execute("DROP TRIGGER IF EXISTS audit_chain_head_guard_truncate ON audit_chain_head")
        op.execute("DROP FUNCTION IF EXISTS audit_chain_head_guard()")
    _rename_actions({word: letter for letter, word in WORDS.items()})
    op.drop_table("audit_purge_permit")
    op.drop_table("audit_chain_head")
    with op.batch_alter_table("audit_event", schema=None) as batch_op:
        batch_op.drop_column("hash")
        batch_op.drop_column("prev_hash")
    _restore_0001_guards(sqlite)


def _rename_actions(mapping: dict[str, str]) -> None:
    whens = " ".join(f"WHEN '{old}' THEN '{new}'" for old, new in mapping.items())
    quoted = ", ".join(f"'{old}'" for old in mapping)
    op.execute(f"UPDATE audit_event SET action = CASE action {whens} END WHERE action IN ({quoted})")


def _chain_existing_events() -> tuple[int, str]:
    """Chain every event in id order, ``BATCH`` at a time; returns the last id and hash (0 and zeros if none)."""
    connection = op.get_bind()
    columns = [_events.c[name] for name in FIELDS]
    after, prev_hash = 0, GENESIS
    while True:
        rows = [
            dict(row)
            for row in connection.execute(
                sa.select(*columns).where(_events.c.id > after).order_by(_events.c.id).limit(BATCH)
            ).mappings()
        ]
        if not rows:
            return after, prev_hash
        for row in rows:  # keep each event's own id: ``link`` numbers from the first, so chain one by one
            prev_hash = link([row], row["id"], prev_hash)
        connection.execute(
            _events.update()
            .where(_events.c.id == sa.bindparam("event_id"))
            .values(prev_hash=sa.bindparam("new_prev"), hash=sa.bindparam("new_hash")),
            [{"event_id": r["id"], "new_prev": r["prev_hash"], "new_hash": r["hash"]} for r in rows],
        )
        after = rows[-1]["id"]


def _sqlite_guards() -> None:
    floor = f"strftime('%Y-%m-%d %H:%M:%f', 'now', '-{FLOOR_YEARS} years')"
    op.execute(
        "CREATE TRIGGER audit_event_no_update BEFORE UPDATE ON audit_event "
        "BEGIN SELECT RAISE(ABORT, 'audit_event is append-only'); END"
    )
    op.execute(
        "CREATE TRIGGER audit_event_no_delete BEFORE DELETE ON audit_event "
        "WHEN NOT (EXISTS (SELECT 1 FROM audit_purge_permit WHERE OLD.id <= through_id) "
        f"AND OLD.at < {floor}) "
        "BEGIN SELECT RAISE(ABORT, 'audit_event is append-only'); END"
    )
    op.execute(
        "CREATE TRIGGER audit_event_no_replace BEFORE INSERT ON audit_event "
        "WHEN EXISTS (SELECT 1 FROM audit_event WHERE id = NEW.id) "
        "BEGIN SELECT RAISE(ABORT, 'audit_event is append-only: an event with this id exists'); END"
    )
    op.execute(
        "CREATE TRIGGER audit_chain_head_no_delete BEFORE DELETE ON audit_chain_head "
        "BEGIN SELECT RAISE(ABORT, 'the audit chain head cannot be removed'); END"
    )
    op.execute(
        "CREATE TRIGGER audit_chain_head_no_replace BEFORE INSERT ON audit_chain_head "
        "WHEN EXISTS (SELECT 1 FROM audit_chain_head) "
        "BEGIN SELECT RAISE(ABORT, 'the audit chain head only moves forward: it exists already'); END"
    )
    op.execute(
        "CREATE TRIGGER audit_chain_head_forward_only BEFORE UPDATE ON audit_chain_head "
        "WHEN NEW.last_id < OLD.last_id OR NEW.id != OLD.id "
        "BEGIN SELECT RAISE(ABORT, 'the audit chain head only moves forward'); END"
    )


def _postgres_guards() -> None:
    schema = op.get_bind().execute(sa.text("SELECT current_schema()")).scalar_one()
    op.execute(
        f"""
        CREATE FUNCTION audit_event_guard() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN
          IF TG_OP = 'DELETE' AND OLD.at < now() - interval '{FLOOR_YEARS} years'
             AND EXISTS (SELECT 1 FROM audit_purge_permit p WHERE OLD.id <= p.through_id) THEN
            RETURN OLD;
          END IF;
          RAISE EXCEPTION 'audit_event is append-only (% refused)', TG_OP;
        END $$
        """
    )
    op.execute(
        "CREATE TRIGGER audit_event_guard_row BEFORE UPDATE OR DELETE ON audit_event "
        "FOR EACH ROW EXECUTE FUNCTION audit_event_guard()"
    )
    op.execute(
        "CREATE TRIGGER audit_event_guard_truncate BEFORE TRUNCATE ON audit_event "
        "FOR EACH STATEMENT EXECUTE FUNCTION audit_event_guard()"
    )
    op.execute(
        """
        CREATE FUNCTION audit_chain_head_guard() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN
          IF TG_OP = 'UPDATE' AND NEW.id = OLD.id AND NEW.last_id >= OLD.last_id THEN
            RETURN NEW;
          END IF;
          RAISE EXCEPTION 'the audit chain head only moves forward (% refused)', TG_OP;
        END $$
        """
    )
    op.execute(
        "CREATE TRIGGER audit_chain_head_guard_row BEFORE UPDATE OR DELETE ON audit_chain_head "
        "FOR EACH ROW EXECUTE FUNCTION audit_chain_head_guard()"
    )
    op.execute(
        "CREATE TRIGGER audit_chain_head_guard_truncate BEFORE TRUNCATE ON audit_chain_head "
        "FOR EACH STATEMENT EXECUTE FUNCTION audit_chain_head_guard()"
    )
    op.execute(
        f"""
        CREATE FUNCTION audit_event_purge(cutoff timestamptz)
        RETURNS TABLE (removed integer, first_removed integer, last_removed integer, last_hash varchar)
        LANGUAGE plpgsql SECURITY DEFINER SET search_path = "{schema}", pg_temp AS $$
        #variable_conflict use_column
        DECLARE
          keep_from integer;
        BEGIN
          PERFORM 1 FROM audit_chain_head h WHERE h.id = 1 FOR UPDATE;
          SELECT min(e.id) INTO keep_from FROM audit_event e
           WHERE e.at >= least(cutoff, now() - interval '{FLOOR_YEARS} years');
          SELECT count(*)::integer, min(e.id), max(e.id) INTO removed, first_removed, last_removed
            FROM audit_event e WHERE keep_from IS NULL OR e.id < keep_from;
          IF removed > 0 THEN
            SELECT e.hash INTO last_hash FROM audit_event e WHERE e.id = last_removed;
            INSERT INTO audit_purge_permit (id, through_id) VALUES (1, last_removed);
            DELETE FROM audit_event e WHERE e.id <= last_removed;
            DELETE FROM audit_purge_permit p WHERE p.id = 1;
          END IF;
          RETURN NEXT;
        END $$
        """
    )
    op.execute("REVOKE ALL ON FUNCTION audit_event_purge(timestamptz) FROM PUBLIC")


def _drop_0001_guards(sqlite: bool) -> None:
    if sqlite:
        op.execute("DROP TRIGGER IF EXISTS audit_event_no_update")
        op.execute("DROP TRIGGER IF EXISTS audit_event_no_delete")
    else:
        op.execute("DROP TRIGGER IF EXISTS audit_event_append_only ON audit_event")
        op.execute("DROP FUNCTION IF EXISTS audit_event_append_only()")


def _restore_0001_guards(sqlite: bool) -> None:
    """The triggers of migration 0001, as they were."""
    if sqlite:
        for verb in ("UPDATE", "DELETE"):
            op.execute(
                f"CREATE TRIGGER audit_event_no_{verb.lower()} BEFORE {verb} ON audit_event "
                "BEGIN SELECT RAISE(ABORT, 'audit_event is append-only'); END"
            )
    else:
        op.execute(
            "CREATE FUNCTION audit_event_append_only() RETURNS trigger LANGUAGE plpgsql AS "
            "$$ BEGIN RAISE EXCEPTION 'audit_event is append-only'; END $$"
        )
        op.execute(
            "CREATE TRIGGER audit_event_append_only BEFORE UPDATE OR DELETE ON audit_event "
            "FOR EACH ROW EXECUTE FUNCTION audit_event_append_only()"
        )
