"""Weekly check-ins: one per ISO week per measure, with 0-10 scores per goal and rater."""

from __future__ import annotations

from collections import defaultdict
from functools import lru_cache
from typing import Annotated, Any

from msgspec import UNSET, Meta, Struct, UnsetType
from sqlalchemy import bindparam, func
from sqlalchemy.dialects.postgresql import insert as postgresql_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlmodel import Session, col, select

from .errors import Forbidden, Invalid, NotFound
from .fields import GasLevel, Id, IsoWeek, Note, ScaleValue, clean, today
from .measures import get_measure
from .models import CheckIn, Goal, NetworkMember, Score, User
from .types import utcnow
from .vocab import RaterKind, Role
from .weeks import canonical_week, parse_week, week_of


class ScoreEntry(Struct, forbid_unknown_fields=True):
    goal_id: Id
    rater: RaterKind
    value: ScaleValue
    #: Required when ``rater`` is "network": which network member gave the score.
    network_member_id: Id | None = None
    gas_level: GasLevel | None = None


class CheckInWrite(Struct, forbid_unknown_fields=True):
    """A week's check-in. Fields left out keep what was stored; scores are merged by goal and rater."""

    went_well: Note | UnsetType = UNSET
    worries: Note | UnsetType = UNSET
    next_steps: Note | UnsetType = UNSET
    scores: Annotated[list[ScoreEntry], Meta(max_length=200)] = []


class CheckInPost(CheckInWrite, forbid_unknown_fields=True):
    """The same as ``CheckInWrite`` with the week in the body (for POST on the collection)."""

    week: IsoWeek = ""


class ScoreRow(Struct, frozen=True):
    """A score as the pages read it (``recent_check_ins``): the columns they show, no ORM entity."""

    goal_id: int
    rater_kind: str
    rater_key: str
    value: int
    gas_level: int | None


class CheckInView(Struct):
    check_in: CheckIn
    scores: list[Score] | list[ScoreRow]


def _rater_key(entry: ScoreEntry) -> str:
    if entry.rater is RaterKind.NETWORK:
        return f"network:{entry.network_member_id}"
    return str(entry.rater)


def _validate_scores(session: Session, actor: User, youth_id: int, measure_id: int, scores: list[ScoreEntry]) -> None:
    goal_ids = {s.goal_id for s in scores}
    own_goals = (
        set(session.exec(select(Goal.id).where(col(Goal.id).in_(goal_ids), Goal.measure_id == measure_id)))
        if goal_ids
        else set()
    )
    unknown = sorted(goal_ids - own_goals)
    if unknown:
        raise Invalid(f"goal {', '.join(map(str, unknown))} is not a goal of this measure")
    member_ids = {s.network_member_id for s in scores if s.network_member_id is not None}
    own_members = (
        set(
            session.exec(
                select(NetworkMember.id).where(
                    col(NetworkMember.id).in_(member_ids), NetworkMember.youth_id == youth_id
                )
            )
        )
        if member_ids
        else set()
    )
    seen: set[tuple[int, str]] = set()
    for s in scores:
        if actor.role == Role.YOUTH and s.rater is not RaterKind.YOUTH:
            raise Forbidden("a youth records only their own scores")
        if s.rater is RaterKind.NETWORK:
            if s.network_member_id is None:
                raise Invalid("a network score says which network member gave it (network_member_id)")
            if s.network_member_id not in own_members:
                raise Invalid(f"network member {s.network_member_id} is not in this youth's network")
        elif s.network_member_id is not None:
            raise Invalid("network_member_id belongs only with rater 'network'")
        key = (s.goal_id, _rater_key(s))
        if key in seen:
            raise Invalid(f"goal {s.goal_id} is scored twice by the same rater in one check-in")
        seen.add(key)


def _claim_week(session: Session, recorded_by_id: int | None, measure_id: int, week: str) -> CheckIn:
    """The check-in row of ``week``, created if need be and locked for this transaction.

    One statement, ``INSERT … ON CONFLICT DO UPDATE``, on SQLite and PostgreSQL alike: it never clashes with
    a simultaneous writer of the same week, and it takes the row's write lock (PostgreSQL) or the database's
    (SQLite), so simultaneous writers of one week take turns and each one's whole write (notes and scores)
    lands in one piece."""
    dialect = session.get_bind().dialect.name
    insert = postgresql_insert if dialect == "postgresql" else sqlite_insert
    now = utcnow()
    table = CheckIn.__table__  # type: ignore[attr-defined]
    stmt = insert(table).values(
        measure_id=measure_id, week=week, recorded_by_id=recorded_by_id, created_at=now, updated_at=now
    )
    stmt = stmt.on_conflict_do_update(
        index_elements=[table.c.measure_id, table.c.week], set_={"updated_at": stmt.excluded.updated_at}
    ).returning(table.c.id)
    check_in_id = session.execute(stmt).scalar_one()
    check_in = session.get(CheckIn, check_in_id, populate_existing=True)
    assert check_in is not None
    return check_in


def record_check_in(session: Session, actor: User, measure_id: int, week: str, data: CheckInWrite) -> CheckInView:
    """Create or update the check-in of ``week``; recording the same week again never duplicates it.

    An idempotent upsert: simultaneous writers of one week all succeed, one after the other."""
    monday = parse_week(week)
    week = week_of(monday)  # the one canonical spelling
    measure = get_measure(session, measure_id)
    if monday > today():
        raise Invalid(f"week {week} has not begun yet")
    if week < week_of(measure.start_date):
        raise Invalid(f"week {week} lies before the measure started ({measure.start_date.isoformat()})")
    notes = {k: getattr(data, k) for k in ("went_well", "worries", "next_steps") if getattr(data, k) is not UNSET}
    if actor.role == Role.YOUTH and notes:
        raise Forbidden("the weekly notes are written by the worker; a youth adds scores and successes")
    _validate_scores(session, actor, measure.youth_id, measure_id, data.scores)

    check_in = _claim_week(session, actor.id, measure_id, week)
    for name, value in notes.items():
        setattr(check_in, name, clean(value))
    check_in.updated_at = utcnow()
    session.flush()
    return _merge_scores(session, check_in, data.scores, actor.id, actor.role)


def _merge_scores(
    session: Session, check_in: CheckIn, entries: list[ScoreEntry], user_id: int | None, author_role: str
) -> CheckInView:
    """Store ``entries`` in ``check_in``: a rater's score of a goal replaces their earlier one of that week."""
    existing = {
        (s.goal_id, s.rater_key): s for s in session.exec(select(Score).where(Score.check_in_id == check_in.id))
    }
    for entry in entries:
        key = (entry.goal_id, _rater_key(entry))
        score = existing.get(key)
        if score is None:
            score = Score(
                check_in_id=check_in.id,
                goal_id=entry.goal_id,
                rater_kind=entry.rater,
                rater_key=key[1],  # type: ignore[arg-type]
                value=entry.value,
            )
            session.add(score)
            existing[key] = score
        score.value = entry.value
        score.gas_level = entry.gas_level
        score.network_member_id = entry.network_member_id
        score.rater_user_id = user_id if entry.rater is not RaterKind.NETWORK else None
        score.author_role = author_role
        score.recorded_at = utcnow()
    session.flush()
    return CheckInView(check_in=check_in, scores=sorted(existing.values(), key=lambda s: (s.goal_id, s.rater_key)))


def record_network_scores(
    session: Session, measure_id: int, week: str, member_id: int, values: dict[int, int]
) -> CheckInView:
    """A network member's own scores (goal id -> 0-10) for ``week``, entered through their link (no account).

    The same upsert as ``record_check_in``: the week's check-in is made if need be (opened by nobody, so the
    worker's round still counts the week as missing) and the member's earlier scores of that week are replaced.
    The caller has checked that the goals and the member belong to the measure."""
    week = canonical_week(week)
    check_in = _claim_week(session, None, measure_id, week)
    entries = [
        ScoreEntry(goal_id=goal_id, rater=RaterKind.NETWORK, value=value, network_member_id=member_id)
        for goal_id, value in sorted(values.items())
    ]
    return _merge_scores(session, check_in, entries, None, RaterKind.NETWORK)


def get_check_in(session: Session, measure_id: int, week: str) -> CheckInView:
    week = canonical_week(week)
    check_in = session.exec(select(CheckIn).where(CheckIn.measure_id == measure_id, CheckIn.week == week)).first()
    if check_in is None:
        raise NotFound(f"no check-in recorded for week {week}")
    return check_ins_with_scores(session, [check_in])[0]


def check_ins_with_scores(session: Session, check_ins: list[CheckIn]) -> list[CheckInView]:
    by_id: dict[int, list[Score]] = defaultdict(list)
    if check_ins:
        for score in session.exec(
            select(Score)
            .where(col(Score.check_in_id).in_([c.id for c in check_ins]))
            .order_by(col(Score.goal_id), col(Score.rater_key))
        ):
            by_id[score.check_in_id].append(score)
    return [CheckInView(check_in=c, scores=by_id.get(c.id, [])) for c in check_ins]  # type: ignore[arg-type]


def list_check_ins(
    session: Session,
    measure_id: int,
    *,
    from_week: str | None = None,
    to_week: str | None = None,
    limit: int = 52,
    offset: int = 0,
) -> tuple[list[CheckInView], int]:
    """Check-ins of a measure, newest week first, with their scores (three queries)."""
    where = [CheckIn.measure_id == measure_id]
    if from_week:
        from_week = canonical_week(from_week)
        where.append(col(CheckIn.week) >= from_week)
    if to_week:
        to_week = canonical_week(to_week)
        where.append(col(CheckIn.week) <= to_week)
    if from_week and to_week and from_week > to_week:
        raise Invalid(f"the week range runs backwards: {from_week} comes after {to_week}")
    total = session.exec(select(func.count()).select_from(CheckIn).where(*where)).one()
    rows = list(
        session.exec(select(CheckIn).where(*where).order_by(col(CheckIn.week).desc()).offset(offset).limit(limit))
    )
    return check_ins_with_scores(session, rows), total


def recent_check_ins(session: Session, measure_id: int, *, limit: int) -> list[CheckInView]:
    """The measure's latest ``limit`` check-ins, newest week first, with their scores as plain rows: what a page
    draws its score charts and tables from. Two queries, and no ORM entity per score: a page of 26 weeks holds
    hundreds of scores, and making an entity of each cost a fifth of the youth's page."""
    rows = list(
        session.exec(
            select(CheckIn).where(CheckIn.measure_id == measure_id).order_by(col(CheckIn.week).desc()).limit(limit)
        )
    )
    by_id: dict[int, list[ScoreRow]] = defaultdict(list)
    if rows:
        for check_in_id, *fields in session.execute(_recent_scores(), {"ids": [c.id for c in rows]}):
            by_id[check_in_id].append(ScoreRow(*fields))
    return [CheckInView(check_in=c, scores=by_id.get(c.id, [])) for c in rows]  # type: ignore[arg-type]


@lru_cache(maxsize=1)
def _recent_scores() -> Any:
    table = Score.__table__  # type: ignore[attr-defined]
    columns = ("check_in_id", "goal_id", "rater_kind", "rater_key", "value", "gas_level")
    return (
        select(*(table.c[name] for name in columns))
        .where(table.c.check_in_id.in_(bindparam("ids", expanding=True)))
        .order_by(table.c.goal_id, table.c.rater_key)
    )


def latest_scores(views: list[CheckInView]) -> dict[tuple[int, str], tuple[str, int]]:
    """Per (goal, rater kind): the week and value of the newest score, from check-ins listed newest first.

    Network scores are left out (several members may score; they are shown elsewhere)."""
    latest: dict[tuple[int, str], tuple[str, int]] = {}
    for view in views:
        for score in view.scores:
            if score.rater_kind != RaterKind.NETWORK:
                latest.setdefault((score.goal_id, score.rater_kind), (view.check_in.week, score.value))
    return latest
