"""Migration 0011 gives every conference its edition from the snapshots it froze, and its downgrade keeps them."""

from __future__ import annotations

import pytest
from alembic import command
from sqlalchemy import Engine, text
from sqlmodel import Session

from reclassering.casefile import conferences
from reclassering.casefile.db import alembic_config, upgrade
from reclassering.casefile.errors import Conflict
from reclassering.casefile.models import User

from ..world import World


def _editions(engine: Engine) -> dict[int, int]:
    with engine.connect() as c:
        return dict(c.execute(text("SELECT id, edition FROM conference")).all())  # type: ignore[arg-type]


def test_existing_conferences_carry_their_newest_frozen_version_over(engine: Engine, world: World) -> None:
    signed_twice, once = world.cases["y1"].conference_id, world.cases["y2"].conference_id
    command.downgrade(alembic_config(engine), "0010")
    with engine.begin() as c:
        # the downgrade left every frozen report in place (no table copy cascading into them)
        assert c.execute(text("SELECT count(*) FROM report_snapshot")).scalar_one() == 3
        # before 0011 a second sign-off froze version 2 without a reopening
        c.execute(
            text(
                "INSERT INTO report_snapshot (conference_id, version, created_at, created_by_id, data, pdf, pdf_sha256,"
                " data_sha256) SELECT conference_id, 2, created_at, created_by_id, data, pdf, pdf_sha256, data_sha256"
                " FROM report_snapshot WHERE conference_id = :c"
            ),
            {"c": signed_twice},
        )
        # and a conference whose advice was never signed off froze nothing
        c.execute(
            text(
                "INSERT INTO conference (measure_id, held_on, question_kind, question, advice, rationale, created_at,"
                " updated_at) SELECT measure_id, held_on, 'other', 'Nog open?', '', '', created_at, updated_at"
                " FROM conference WHERE id = :c"
            ),
            {"c": once},
        )
    upgrade(engine)

    editions = _editions(engine)
    assert editions[signed_twice] == 2 and editions[once] == 1
    assert sorted(editions.values()) == [1, 1, 1, 2]
    with engine.connect() as c:
        assert c.execute(text("SELECT count(*) FROM conference_reopening")).scalar_one() == 0
        assert c.execute(text("SELECT count(*) FROM report_snapshot")).scalar_one() == 4
    with Session(engine) as session:
        supervisor = session.get(User, world["s1"].id)
        assert supervisor is not None
        with pytest.raises(Conflict, match="version 2 of the advice was signed off"):
            conferences.sign_off(session, supervisor, signed_twice)
