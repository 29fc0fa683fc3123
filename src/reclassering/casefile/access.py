"""Who may reach which youth: the one place that decides it (DESIGN §1).

A worker reaches the youths on their own caseload, and their team's where the team shares its caseload;
a supervisor (and a behavioural expert) reaches their team's youths; a colleague named as one of the two
professional coaches of a Safe Path coach pair reaches that youth while the measure runs; a youth reaches only
their own record; an administrator reaches no case content, only the audit trail. What a role may *do* on a
route (read, write) is the route's business (``api.guards``); this module only answers "is this youth within this
user's reach".
"""

from __future__ import annotations

from collections.abc import Callable
from enum import StrEnum
from functools import lru_cache
from typing import Any

from sqlalchemy import ColumnElement, Integer, Select, bindparam, false, true
from sqlmodel import Session, col, select

from .db import run_core
from .in_subquery import in_subquery
from .models import (
    CheckIn,
    Condition,
    Goal,
    Measure,
    NetworkMember,
    Setback,
    Success,
    Team,
    User,
    Youth,
)
from .models.coaches import Coach, CoachPair
from .vocab import MeasureStatus, Role


class Purpose(StrEnum):
    CASE = "case"  # the content of the record
    AUDIT = "audit"  # the trail of who reached the record


def youth_filter(user: User, purpose: Purpose = Purpose.CASE) -> ColumnElement[bool]:
    """A WHERE clause on ``Youth`` that keeps exactly the youths ``user`` may reach for ``purpose``."""
    if not user.active:
        return false()
    return reach(Role(user.role), purpose, user.id, user.team_id)


def reach(role: Role, purpose: Purpose, user_id: Any, team_id: Any) -> ColumnElement[bool]:
    """``youth_filter`` for an active user of ``role``; the ids are values or bound parameters (for a statement
    built once per role and run with each user's ids)."""
    if role is Role.ADMIN:
        return true() if purpose is Purpose.AUDIT else false()
    if role is Role.YOUTH:
        return col(Youth.user_id) == user_id
    coached = in_subquery(  # on PostgreSQL "= ANY(ARRAY(…))", so the OR below can still combine indexes
        col(Youth.id),
        select(Measure.youth_id)
        .join(CoachPair, col(CoachPair.measure_id) == Measure.id)
        .join(Coach, col(Coach.pair_id) == CoachPair.id)
        .where(Coach.user_id == user_id, Measure.status == MeasureStatus.ACTIVE),
    )
    if role in (Role.SUPERVISOR, Role.EXPERT):  # a behavioural expert has a supervisor's reach
        return (col(Youth.team_id) == team_id) | coached
    # "= (scalar subquery)", not "IN (subquery)": the team is at most one row (its primary key), and PostgreSQL
    # then evaluates it once and combines the worker_id and team_id indexes (a BitmapOr) instead of scanning
    # the whole youth table with a hashed subplan per row.
    sharing_team = select(Team.id).where(Team.id == team_id, col(Team.shares_caseload).is_(True))
    return (col(Youth.worker_id) == user_id) | (col(Youth.team_id) == sharing_team.scalar_subquery()) | coached


@lru_cache(maxsize=32)
def _reach_statement(role: Role, purpose: Purpose) -> Select:
    """``can_reach``'s statement for a role, built once with the ids as bound parameters: every guarded request
    asks it, and building the expression cost more than running it."""
    ids = {name: bindparam(name, type_=Integer) for name in ("youth_id", "user_id", "team_id")}
    return select(Youth.id).where(Youth.id == ids["youth_id"], reach(role, purpose, ids["user_id"], ids["team_id"]))


def can_reach(session: Session, user: User, youth_id: int, purpose: Purpose = Purpose.CASE) -> bool:
    if not user.active:
        return False
    params = {"youth_id": youth_id, "user_id": user.id, "team_id": user.team_id}
    return run_core(session, _reach_statement(Role(user.role), purpose), params).first() is not None


def _via_measure(model: type, key: str = "measure_id") -> Callable[[int], Select]:
    def stmt(object_id: int) -> Select:
        return (
            select(Measure.youth_id).join(model, getattr(model, key) == Measure.id).where(model.id == object_id)  # type: ignore[attr-defined]
        )

    return stmt


#: How to find the youth a record belongs to, by the record's kind. Modules that add record kinds
#: (methods, reports) register theirs with ``register_owner``.
_OWNERS: dict[str, Callable[[int], Select]] = {
    "youth": lambda i: select(Youth.id).where(Youth.id == i),
    "measure": lambda i: select(Measure.youth_id).where(Measure.id == i),
    "network_member": lambda i: select(NetworkMember.youth_id).where(NetworkMember.id == i),
    "goal": _via_measure(Goal),
    "condition": _via_measure(Condition),
    "check_in": _via_measure(CheckIn),
    "success": _via_measure(Success),
    "setback": _via_measure(Setback),
}


#: The owners' statements as built, with the object's id as the bound parameter ``object_id``.
_BUILT_OWNERS: dict[str, Select] = {}


def register_owner(kind: str, statement: Callable[[int], Select]) -> None:
    """Teach ``youth_id_of`` a new record kind: ``statement(id)`` selects the owning youth's id. It is called
    once, with a bound parameter in place of the id, and the statement kept."""
    _OWNERS[kind] = statement
    _BUILT_OWNERS.pop(kind, None)


def owner_kinds() -> frozenset[str]:
    return frozenset(_OWNERS)


def youth_id_of(session: Session, kind: str, object_id: int) -> int | None:
    """The id of the youth whose record holds this object, or None if there is no such object."""
    statement = _BUILT_OWNERS.get(kind)
    if statement is None:
        statement = _BUILT_OWNERS[kind] = _OWNERS[kind](bindparam("object_id", type_=Integer))  # type: ignore[arg-type]
    return run_core(session, statement, {"object_id": object_id}).scalars().first()


def reachable_youth_ids(session: Session, user: User, purpose: Purpose = Purpose.CASE) -> list[int]:
    return list(session.exec(select(Youth.id).where(youth_filter(user, purpose))))


def worker_of(session: Session, youth_id: int) -> User | None:
    youth = session.get(Youth, youth_id)
    return session.get(User, youth.worker_id) if youth else None
