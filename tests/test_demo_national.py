"""The national-scale generator: the sizes given are the rows stored, and the app works on what it wrote."""

from __future__ import annotations

from click.testing import CliRunner
from litestar.testing import TestClient
from sqlalchemy import Engine, and_, exists, func, text
from sqlmodel import Session, SQLModel, select

from reclassering.casefile import audit_chain
from reclassering.cli import cli
from reclassering.demo import national

YOUTHS, WEEKS, PER_WORKER, PER_TEAM, AUDIT = 20, 6, 4, 2, 3


def _generate(engine: Engine) -> None:
    url = engine.url.render_as_string(hide_password=False)
    result = CliRunner().invoke(
        cli,
        ["national-data", "--youths", str(YOUTHS), "--weeks", str(WEEKS), "--youths-per-worker", str(PER_WORKER),
         "--workers-per-team", str(PER_TEAM), "--audit-per-youth", str(AUDIT), "--chunk", "7", "--database-url", url],
    )  # fmt: skip
    assert result.exit_code == 0, result.output


def _count(session: Session, table: str) -> int:
    return session.execute(text(f'SELECT count(*) FROM "{table}"')).scalar_one()


def test_the_counts_per_table_are_what_the_options_say(engine: Engine) -> None:
    _generate(engine)
    workers, teams = YOUTHS // PER_WORKER, YOUTHS // PER_WORKER // PER_TEAM + (YOUTHS // PER_WORKER) % PER_TEAM
    with Session(engine) as session:
        assert _count(session, "team") == teams
        assert _count(session, "app_user") == workers + teams + YOUTHS
        assert session.execute(text("SELECT count(*) FROM app_user WHERE role = 'worker'")).scalar_one() == workers
        for table in ("youth", "measure", "method_enrolment"):
            assert _count(session, table) == YOUTHS
        assert _count(session, "check_in") == YOUTHS * WEEKS
        assert _count(session, "audit_event") == YOUTHS * AUDIT
        goals = session.execute(text("SELECT count(*) FROM goal GROUP BY measure_id")).scalars().all()
        assert len(goals) == YOUTHS and set(goals) <= {3, 4, 5}
        raters = session.execute(text("SELECT count(DISTINCT rater_key) FROM score GROUP BY check_in_id")).scalars()
        assert set(raters) <= {1, 2, 3}  # the worker every week; the youth and a network member most weeks
        assert _count(session, "score") >= YOUTHS * WEEKS * 3
        assert _count(session, "success") > 0 and _count(session, "setback") > 0
        verdict = audit_chain.verify(session)
        assert verdict.broken is None and verdict.events == YOUTHS * AUDIT
        # the workers' caseloads: every youth has one, PER_WORKER each
        per_worker = session.execute(text("SELECT count(*) FROM youth GROUP BY worker_id")).scalars().all()
        assert set(per_worker) == {PER_WORKER}


def test_every_reference_points_at_a_row_and_the_trail_is_folded(engine: Engine) -> None:
    """On PostgreSQL the generator leaves out the per-row foreign-key checks where it may (``national._bulk``):
    every reference it wrote must still hold, and the audit events still go through the who-looked fold."""
    _generate(engine)
    with Session(engine) as session:
        for table in SQLModel.metadata.sorted_tables:
            for fk in table.foreign_key_constraints:
                pairs = [(element.parent, element.column) for element in fk.elements]
                orphans = (
                    select(func.count())
                    .select_from(table)
                    .where(
                        *(child.is_not(None) for child, _ in pairs),
                        ~exists().where(and_(*(parent == child for child, parent in pairs))),
                    )
                )
                assert session.execute(orphans).scalar_one() == 0, f"{table.name}: {fk.column_keys} point nowhere"
        assert _count(session, "record_look") > 0


def test_it_refuses_a_database_that_holds_users(engine: Engine) -> None:
    _generate(engine)
    url = engine.url.render_as_string(hide_password=False)
    result = CliRunner().invoke(cli, ["national-data", "--youths", "2", "--database-url", url])
    assert result.exit_code != 0 and "already holds users" in result.output


def test_the_app_answers_for_the_generated_users(engine: Engine, client: TestClient) -> None:
    _generate(engine)
    with Session(engine) as session:
        youth_id, youth_user, measure_id = session.execute(
            text(
                "SELECT y.id, u.username, m.id FROM youth y JOIN app_user u ON u.id = y.user_id"
                " JOIN measure m ON m.youth_id = y.id ORDER BY y.id LIMIT 1"
            )
        ).one()  # fmt: skip
        worker = session.exec(
            select(func.min(text("username"))).select_from(text("app_user WHERE role = 'worker'"))
        ).one()
    login = client.post("/api/v1/auth/login", json={"username": worker, "password": national.PASSWORD})
    assert login.status_code == 200, login.text
    bearer = {"Authorization": f"Bearer {login.json()['token']}"}
    caseload = client.get("/api/v1/youths", headers=bearer)
    assert caseload.status_code == 200 and youth_id in [y["id"] for y in caseload.json()["items"]]
    progress = client.get(f"/api/v1/measures/{measure_id}/progress", headers=bearer)
    assert progress.status_code == 200 and len(progress.json()["series"]["scores"]) >= WEEKS * 3
    client.cookies.clear()
    assert (
        client.post("/api/v1/auth/login", json={"username": youth_user, "password": national.PASSWORD}).status_code
        == 200
    )
    page = client.get("/mijn")
    assert page.status_code == 200, page.text
