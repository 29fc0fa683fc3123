"""Safe Path's coach pair, as the pilot ran it: two trained professional coaches per measure, not network
members. A coach is a user of this app (a worker, supervisor or behavioural expert) or a named external
coach with their organisation and the date they were trained in the method. The youth's own worker is not
one of the two: they join where needed (``worker_joins``).
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Annotated

from msgspec import Meta, Struct
from sqlmodel import Session, col, delete, select

from ..casefile.errors import Invalid
from ..casefile.fields import PLAIN_TEXT, Day, Id, clean, not_in_future
from ..casefile.measures import get_measure
from ..casefile.models import User as AppUser
from ..casefile.models import Youth
from ..casefile.models.coaches import Coach, CoachPair
from ..casefile.types import utcnow
from ..casefile.vocab import Role

#: A coach pair is exactly this many coaches.
PAIR_SIZE = 2
#: Roles of users who can be a professional coach.
COACH_ROLES = frozenset({Role.WORKER, Role.SUPERVISOR, Role.EXPERT})

OptionalName = Annotated[str, Meta(max_length=120, pattern=PLAIN_TEXT)]


class CoachIn(Struct, forbid_unknown_fields=True, kw_only=True):
    """A user of this app (``user_id``), or an external coach (``name``, ``organisation``, ``trained_on``)."""

    user_id: Id | None = None
    name: OptionalName = ""
    organisation: OptionalName = ""
    #: When the coach was trained in the method; required for an external coach.
    trained_on: Day | None = None


class CoachPairSet(Struct, forbid_unknown_fields=True, kw_only=True):
    """Two coaches, or an empty list to dissolve the pair."""

    coaches: Annotated[list[CoachIn], Meta(max_length=PAIR_SIZE)]
    #: The youth's own worker joins the coaches where needed.
    worker_joins: bool = False


class CoachView(Struct, frozen=True):
    position: int
    kind: str
    user_id: int | None
    name: str
    organisation: str
    trained_on: date | None


class CoachPairView(Struct, frozen=True):
    measure_id: int
    coaches: list[CoachView]
    worker_joins: bool
    set_by_id: int | None
    updated_at: datetime | None

    @property
    def complete(self) -> bool:
        return len(self.coaches) == PAIR_SIZE


def _own_worker(session: Session, measure_id: int) -> int:
    measure = get_measure(session, measure_id)
    youth = session.get(Youth, measure.youth_id)
    assert youth is not None
    return youth.worker_id


def _check_coach(session: Session, index: int, coach: CoachIn, own_worker: int) -> None:
    where = f"coaches[{index}]"
    if coach.trained_on is not None:
        not_in_future(coach.trained_on, f"{where}.trained_on")
    if coach.user_id is not None:
        if clean(coach.name):
            raise Invalid(f"{where}: give either user_id (a user of this app) or name (an external coach), not both")
        user = session.get(AppUser, coach.user_id)
        if user is None or not user.active or user.role not in COACH_ROLES:
            raise Invalid(
                f"{where}.user_id: user {coach.user_id} is not an active professional (worker, supervisor or expert)"
            )
        if user.id == own_worker:
            raise Invalid(
                f"{where}.user_id: the youth's own worker is not one of the coaches; "
                "they join where needed (worker_joins: true)"
            )
        return
    missing = [name for name in ("name", "organisation") if not clean(getattr(coach, name))]
    if coach.trained_on is None:
        missing.append("trained_on")
    if missing:
        raise Invalid(
            f"{where}: an external coach needs a name, an organisation and the date they were trained in the "
            f"method (missing: {', '.join(missing)}); a user of this app is given by user_id"
        )


def set_coach_pair(session: Session, actor: AppUser, measure_id: int, data: CoachPairSet) -> CoachPairView:
    """Name the two coaches of the measure (replacing an earlier pair); an empty list dissolves the pair."""
    own_worker = _own_worker(session, measure_id)
    if len(data.coaches) not in (0, PAIR_SIZE):
        raise Invalid(
            "a coach pair is two trained professional coaches (coaches: [a, b]), not network members; "
            "send an empty list to dissolve the pair"
        )
    for index, coach in enumerate(data.coaches):
        _check_coach(session, index, coach, own_worker)
    keys = [
        coach.user_id or (clean(coach.name).casefold(), clean(coach.organisation).casefold()) for coach in data.coaches
    ]
    if len(set(keys)) != len(keys):
        raise Invalid("a coach pair is two different coaches; the same coach is named twice")
    pair = session.exec(select(CoachPair).where(CoachPair.measure_id == measure_id)).first()
    if not data.coaches:
        if pair is not None:
            session.delete(pair)
            session.flush()
        return coach_pair(session, measure_id)
    if pair is None:
        pair = CoachPair(measure_id=measure_id)
        session.add(pair)
    pair.worker_joins = data.worker_joins
    pair.set_by_id = actor.id
    pair.updated_at = utcnow()
    session.flush()
    session.exec(delete(Coach).where(col(Coach.pair_id) == pair.id))  # type: ignore[call-overload]
    for position, coach in enumerate(data.coaches, start=1):
        session.add(
            Coach(
                pair_id=pair.id,  # type: ignore[arg-type]
                position=position,
                user_id=coach.user_id,
                name="" if coach.user_id else clean(coach.name),
                organisation=clean(coach.organisation),
                trained_on=coach.trained_on,
            )
        )
    session.flush()
    return coach_pair(session, measure_id)


def coach_pair(session: Session, measure_id: int) -> CoachPairView:
    """The measure's coach pair; no coaches when none is named."""
    get_measure(session, measure_id)
    pair = session.exec(select(CoachPair).where(CoachPair.measure_id == measure_id)).first()
    if pair is None:
        return CoachPairView(measure_id=measure_id, coaches=[], worker_joins=False, set_by_id=None, updated_at=None)
    rows = session.exec(
        select(Coach, AppUser.display_name)
        .outerjoin(AppUser, col(AppUser.id) == col(Coach.user_id))
        .where(Coach.pair_id == pair.id)
        .order_by(col(Coach.position))
    )
    coaches = [
        CoachView(
            position=coach.position,
            kind="user" if coach.user_id is not None else "external",
            user_id=coach.user_id,
            name=display or coach.name,
            organisation=coach.organisation,
            trained_on=coach.trained_on,
        )
        for coach, display in rows
    ]
    return CoachPairView(
        measure_id=measure_id,
        coaches=coaches,
        worker_joins=pair.worker_joins,
        set_by_id=pair.set_by_id,
        updated_at=pair.updated_at,
    )
