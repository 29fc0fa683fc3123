"""``column IN (subquery)`` that PostgreSQL can answer from an index when it is one branch of an OR.

PostgreSQL plans ``a = 1 OR b = 2 OR id IN (SELECT …)`` as a sequential scan with a hashed subplan per row: an
``IN (subquery)`` cannot be a branch of a BitmapOr. Written ``id = ANY(ARRAY(SELECT …))``, the subquery runs once
(an InitPlan) and its array becomes an index condition, so the three branches combine the indexes instead
(the reach filter of a 96-youth caseload: a scan of every youth, against index lookups). SQLite, which has no
arrays, gets the plain ``IN (SELECT …)`` and plans it as a list subquery in its own multi-index OR.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import Boolean, ColumnElement, Select
from sqlalchemy.ext.compiler import compiles
from sqlalchemy.sql.visitors import InternalTraversal


class InSubquery(ColumnElement[bool]):
    type = Boolean()
    inherit_cache = True
    _is_implicitly_boolean = True  # a comparison: no "= 1" after it on databases without a boolean type
    _traverse_internals = [
        ("column", InternalTraversal.dp_clauseelement),
        ("subquery", InternalTraversal.dp_clauseelement),
    ]

    def __init__(self, column: ColumnElement[Any], subquery: Select[Any]) -> None:
        self.column = column
        self.subquery = subquery.scalar_subquery()


def in_subquery(column: Any, subquery: Select[Any]) -> ColumnElement[bool]:
    """``column IN (subquery)``, as ``= ANY(ARRAY(subquery))`` on PostgreSQL."""
    return InSubquery(column, subquery)


@compiles(InSubquery)
def _in_subquery(element: InSubquery, compiler: Any, **kw: Any) -> str:
    return f"{compiler.process(element.column, **kw)} IN {compiler.process(element.subquery, **kw)}"


@compiles(InSubquery, "postgresql")
def _any_of_array(element: InSubquery, compiler: Any, **kw: Any) -> str:
    return f"{compiler.process(element.column, **kw)} = ANY(ARRAY{compiler.process(element.subquery, **kw)})"
