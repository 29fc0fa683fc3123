"""Migration 0009 carries the old new-offence setbacks over as new suspicions, still only suspected."""

from __future__ import annotations

from alembic import command
from sqlalchemy import Engine, text

from reclassering.casefile.db import alembic_config, upgrade

NOW = "CURRENT_TIMESTAMP"


def test_old_new_offences_become_suspected_new_suspicions(engine: Engine) -> None:
    command.downgrade(alembic_config(engine), "0004")
    with engine.begin() as c:
        c.execute(text(f"INSERT INTO team (name, shares_caseload, created_at) VALUES ('t', false, {NOW})"))
        c.execute(
            text(
                "INSERT INTO app_user (username, display_name, password_hash, role, team_id, active, locale,"
                f" created_at) VALUES ('w', 'W', 'x', 'worker', 1, true, 'nl', {NOW})"
            )
        )
        c.execute(
            text(
                "INSERT INTO youth (display_name, birth_year, worker_id, team_id, created_at, updated_at)"
                f" VALUES ('Y', 2010, 1, 1, {NOW}, {NOW})"
            )
        )
        c.execute(
            text(
                "INSERT INTO measure (youth_id, kind, legal_basis, imposed_by, start_date, planned_end, status,"
                f" created_at, updated_at) VALUES (1, 'itb_criem', '', 'om', '2026-01-05', '2026-12-31', 'active',"
                f" {NOW}, {NOW})"
            )
        )
        c.execute(
            text("INSERT INTO condition (measure_id, text, active, created_at) VALUES (1, 'School', true, " + NOW + ")")
        )
        c.execute(
            text(
                "INSERT INTO setback (measure_id, occurred_on, kind, severity, text, response, response_note, resolved,"
                f" author_id, created_at, updated_at) VALUES (1, '2026-02-02', 'new_offence', 'serious', 'x',"
                f" 'report_back', '', false, 1, {NOW}, {NOW})"
            )
        )
    upgrade(engine)
    with engine.connect() as c:
        assert tuple(c.execute(text("SELECT kind, suspicion_status FROM setback")).one()) == (
            "new_suspicion",
            "suspected",
        )
        history = c.execute(text("SELECT status, status_on FROM suspicion_status_change")).one()
        assert history[0] == "suspected" and str(history[1]) == "2026-02-02"
        assert c.execute(text("SELECT kind FROM condition")).scalar_one() == "special"
        assert tuple(c.execute(text("SELECT kind, case_number FROM measure")).one()) == ("itb_criem", "")
