"""The reach filter's coach branch: ``IN (subquery)`` on SQLite, ``= ANY(ARRAY(subquery))`` on PostgreSQL (an OR
branch PostgreSQL can answer from an index), cached like any statement; what it selects is proven by the coach
reach tests (tests/api/test_coach_reach.py) on both databases."""

from __future__ import annotations

import warnings

from sqlalchemy.dialects import postgresql, sqlite

from reclassering.casefile import access
from reclassering.casefile.vocab import Role


def _sql(dialect: object) -> str:
    statement = access._reach_statement(Role.WORKER, access.Purpose.CASE)
    return " ".join(str(statement.compile(dialect=dialect)).split())  # type: ignore[arg-type]


def test_postgresql_gets_an_array_the_bitmap_or_can_use() -> None:
    assert "youth.id = ANY(ARRAY(SELECT measure.youth_id FROM measure JOIN coach_pair" in _sql(postgresql.dialect())


def test_sqlite_gets_a_plain_in_without_a_boolean_comparison_after_it() -> None:
    sql = _sql(sqlite.dialect())
    assert "youth.id IN (SELECT measure.youth_id FROM measure JOIN coach_pair" in sql
    assert not sql.endswith("= 1")


def test_the_statement_has_a_cache_key_so_it_is_compiled_once() -> None:
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # SQLAlchemy warns when a construct cannot be cached
        assert access._reach_statement(Role.WORKER, access.Purpose.CASE)._generate_cache_key() is not None
