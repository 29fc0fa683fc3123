"""Goals (succesdoelen) in the youth's own words, optionally with Goal Attainment Scaling levels."""

from __future__ import annotations

from typing import Annotated, Literal

import msgspec
from msgspec import UNSET, Meta, Struct, UnsetType
from sqlmodel import Session, col, select

from .errors import Invalid, NotFound
from .fields import Note, ShortNote, Title, clean
from .models import Goal, User
from .types import utcnow
from .vocab import GoalStatus, LifeDomain

GasKey = Literal["-2", "-1", "0", "1", "2"]
GAS_KEYS: tuple[str, ...] = ("-2", "-1", "0", "1", "2")
SustainWeeks = Annotated[int, Meta(ge=1, le=104)]
GasWeight = Annotated[float, Meta(gt=0, le=10)]


class GoalCreate(Struct, forbid_unknown_fields=True):
    title: Title
    life_domain: LifeDomain
    worry_statement: Note = ""
    sustain_weeks: SustainWeeks | None = None
    #: GAS level -> what that level looks like for this youth; all five levels, or none.
    gas_levels: dict[GasKey, ShortNote] = {}
    gas_weight: GasWeight = 1.0


class GoalUpdate(Struct, forbid_unknown_fields=True):
    title: Title | UnsetType = UNSET
    life_domain: LifeDomain | UnsetType = UNSET
    worry_statement: Note | UnsetType = UNSET
    sustain_weeks: SustainWeeks | UnsetType | None = UNSET
    status: GoalStatus | UnsetType = UNSET
    gas_levels: dict[GasKey, ShortNote] | UnsetType = UNSET
    gas_weight: GasWeight | UnsetType = UNSET


def _check_gas(levels: dict[str, str]) -> dict[str, str]:
    cleaned = {k: clean(v) for k, v in levels.items()}
    if cleaned and (set(cleaned) != set(GAS_KEYS) or not all(cleaned.values())):
        missing = [k for k in GAS_KEYS if not cleaned.get(k)]
        raise Invalid(
            "GAS levels come as a full set of five (-2, -1, 0, 1, 2), each described; "
            f"missing or empty: {', '.join(missing)}"
        )
    return {k: cleaned[k] for k in GAS_KEYS} if cleaned else {}


def create_goal(session: Session, actor: User, measure_id: int, data: GoalCreate) -> Goal:
    goal = Goal(
        measure_id=measure_id,
        title=clean(data.title),
        life_domain=data.life_domain,
        worry_statement=clean(data.worry_statement),
        sustain_weeks=data.sustain_weeks,
        gas_levels=_check_gas(dict(data.gas_levels)),
        gas_weight=data.gas_weight,
        created_by_id=actor.id,
    )
    session.add(goal)
    session.flush()
    return goal


def get_goal(session: Session, goal_id: int) -> Goal:
    goal = session.get(Goal, goal_id)
    if goal is None:
        raise NotFound(f"there is no goal {goal_id}")
    return goal


def update_goal(session: Session, goal_id: int, data: GoalUpdate) -> Goal:
    goal = get_goal(session, goal_id)
    for name, value in msgspec.structs.asdict(data).items():
        if value is UNSET:
            continue
        if name == "gas_levels":
            value = _check_gas(dict(value))
        elif isinstance(value, str):
            value = clean(value)
        setattr(goal, name, value)
    goal.updated_at = utcnow()
    session.flush()
    return goal


def goals_of(session: Session, measure_id: int, status: GoalStatus | None = None) -> list[Goal]:
    stmt = select(Goal).where(Goal.measure_id == measure_id)
    if status is not None:
        stmt = stmt.where(Goal.status == status)
    return list(session.exec(stmt.order_by(col(Goal.id))))
