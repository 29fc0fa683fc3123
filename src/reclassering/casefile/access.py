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

from sqlalchemy import ColumnElement, Select, false, true
from sqlmodel import Session, col, select

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
    role = Role(user.role)
    if not user.active:
        return false()
    if role is Role.ADMIN:
        return true() if purpose is Purpose.AUDIT else false()
    if role is Role.YOUTH:
        return col(Youth.user_id) == user.id
    coached = col(Youth.id).in_(
        select(Measure.youth_id)
        .join(CoachPair, col(CoachPair.measure_id) == Measure.id)
        .join(Coach, col(Coach.pair_id) == CoachPair.id)
        .where(Coach.user_id == user.id, Measure.status == MeasureStatus.ACTIVE)
    )
    if role in (Role.SUPERVISOR, Role.EXPERT):  # a behavioural expert has a supervisor's reach
        return (col(Youth.team_id) == user.team_id) | coached
    # "= (scalar subquery)", not "IN (subquery)": the team is at most one row (its primary key), and PostgreSQL
    # then evaluates it once and combines the worker_id and team_id indexes (a BitmapOr) instead of scanning
    # the whole youth table with a hashed subplan per row.
    sharing_team = select(Team.id).where(Team.id == user.team_id, col(Team.shares_caseload).is_(True))
    return (col(Youth.worker_id) == user.id) | (col(Youth.team_id) == sharing_team.scalar_subquery()) | coached


def can_reach(session: Session, user: User, youth_id: int, purpose: Purpose = Purpose.CASE) -> bool:
    found = session.exec(select(Youth.id).where(Youth.id == youth_id, youth_filter(user, purpose))).first()
    return found is not None


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


def register_owner(kind: str, statement: Callable[[int], Select]) -> None:
    """Teach ``youth_id_of`` a new record kind: ``statement(id)`` selects the owning youth's id."""
    _OWNERS[kind] = statement


def owner_kinds() -> frozenset[str]:
    return frozenset(_OWNERS)


def youth_id_of(session: Session, kind: str, object_id: int) -> int | None:
    """The id of the youth whose record holds this object, or None if there is no such object."""
    return session.exec(_OWNERS[kind](object_id)).first()  # type: ignore[call-overload]


def reachable_youth_ids(session: Session, user: User, purpose: Purpose = Purpose.CASE) -> list[int]:
    return list(session.exec(select(Youth.id).where(youth_filter(user, purpose))))


def worker_of(session: Session, youth_id: int) -> User | None:
    youth = session.get(Youth, youth_id)
    return session.get(User, youth.worker_id) if youth else None
