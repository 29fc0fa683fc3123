"""The success and safety plan of a measure: who does what, the warning signs, who the youth calls when it gets
hard, what the network agreed, and when to look at it again. Kept in versions: every save adds one, with who saved
it and which parts changed; nothing is overwritten.

Two people editing at once cannot overwrite each other: a save names the version it was based on, and when that
is no longer the current one it is refused (``StalePlan``, a ``Conflict``) with who saved the newer version and
when. The check and the new version happen under the lock of the plan's head row (``_claim``), so of two
simultaneous saves on the same version exactly one succeeds.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Annotated, Any

import msgspec
from msgspec import Meta, Struct
from sqlalchemy.dialects.postgresql import insert as postgresql_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlmodel import Session, col, func, select

from .errors import Conflict, Invalid, NotFound
from .fields import Contact as Reach
from .fields import Day, Name, Note, ShortNote, Title, clean
from .measures import get_measure
from .models import User
from .models.safety_plan import PARTS, SafetyPlan, SafetyPlanVersion
from .types import check_day, utcnow

MAX_TASKS = 20
MAX_SIGNS = 20
MAX_CONTACTS = 10
MAX_VERSION = 2**31 - 1


class Task(Struct, forbid_unknown_fields=True, frozen=True):
    """Who does what."""

    who: Name
    what: Title


class CallContact(Struct, forbid_unknown_fields=True, frozen=True):
    """Someone the youth calls when it gets hard, who they are to the youth, and how to reach them."""

    name: Name
    relation: ShortNote = ""
    reach: Reach = ""


#: A warning sign in plain words.
WarningSign = Title


class SafetyPlanWrite(Struct, forbid_unknown_fields=True, kw_only=True):
    """A new version of the plan: the whole plan as it should read, and the version it was based on (0 for the
    first)."""

    based_on_version: Annotated[int, Meta(ge=0, le=MAX_VERSION)]
    who_does_what: Annotated[list[Task], Meta(max_length=MAX_TASKS)] = []
    warning_signs: Annotated[list[WarningSign], Meta(max_length=MAX_SIGNS)] = []
    who_to_call: Annotated[list[CallContact], Meta(max_length=MAX_CONTACTS)] = []
    network_agreed: Note = ""
    next_review_on: Day | None = None


class StalePlan(Conflict):
    """The plan was saved by someone else after the version the writer based their changes on."""

    def __init__(self, based_on: int, current: SafetyPlanVersion, author_name: str) -> None:
        self.based_on = based_on
        self.current = current
        self.author_name = author_name
        when = current.created_at.strftime("%Y-%m-%d %H:%M UTC")
        if based_on == 0:
            start = f"a safety plan exists already: version {current.version}"
        else:
            start = f"the safety plan changed after version {based_on}: version {current.version}"
        super().__init__(
            f"{start} was saved by {author_name or 'someone'} ({current.author_role}) at {when}. Nothing was stored; "
            f"read version {current.version} and make your changes to it (based_on_version {current.version})"
        )


@dataclass(frozen=True)
class PlanView:
    """One version of a plan, with the name of who saved it."""

    row: SafetyPlanVersion
    author_name: str


def _content(data: SafetyPlanWrite) -> dict[str, Any]:
    """The plan as it will be stored: texts trimmed, empty optional texts as ""."""
    return {
        "who_does_what": [{"who": clean(t.who), "what": clean(t.what)} for t in data.who_does_what],
        "warning_signs": [clean(s) for s in data.warning_signs],
        "who_to_call": [
            {"name": clean(c.name), "relation": clean(c.relation), "reach": clean(c.reach)} for c in data.who_to_call
        ],
        "network_agreed": clean(data.network_agreed),
        "next_review_on": data.next_review_on,
    }


#: What version 1 is compared with.
EMPTY: dict[str, Any] = {
    "who_does_what": [],
    "warning_signs": [],
    "who_to_call": [],
    "network_agreed": "",
    "next_review_on": None,
}


def changed_parts(before: dict[str, Any], after: dict[str, Any]) -> list[str]:
    """The names of the parts that differ, in the plan's order."""
    return [name for name in PARTS if before.get(name) != after.get(name)]


def _claim(session: Session, measure_id: int) -> SafetyPlan:
    """The plan's head row, created if need be and locked for this transaction (the row's lock on PostgreSQL,
    the database's write lock on SQLite): simultaneous saves of one plan take turns."""
    dialect = session.get_bind().dialect.name
    insert = postgresql_insert if dialect == "postgresql" else sqlite_insert
    table = SafetyPlan.__table__  # type: ignore[attr-defined]
    now = utcnow()
    stmt = insert(table).values(measure_id=measure_id, current_version=0, created_at=now, updated_at=now)
    stmt = stmt.on_conflict_do_update(
        index_elements=[table.c.measure_id], set_={"updated_at": stmt.excluded.updated_at}
    ).returning(table.c.id)
    plan_id = session.execute(stmt).scalar_one()
    plan = session.get(SafetyPlan, plan_id, populate_existing=True)
    assert plan is not None
    return plan


def save_plan(session: Session, actor: User, measure_id: int, data: SafetyPlanWrite) -> PlanView:
    """Add a version of the measure's plan, based on ``data.based_on_version`` (0: there is no plan yet).

    ``StalePlan`` when another version was saved meanwhile; ``Invalid`` when the plan would be empty or nothing
    changed compared with the current version."""
    get_measure(session, measure_id)
    content = _content(data)
    if data.next_review_on is not None:
        check_day(data.next_review_on, "the next review date")
    if not any(content[name] for name in PARTS):
        raise Invalid(
            "a safety plan needs at least one part filled in: who does what, a warning sign, someone to call, "
            "what the network agreed or a review date"
        )
    plan = _claim(session, measure_id)
    current = _version(session, measure_id, plan.current_version) if plan.current_version else None
    if data.based_on_version != plan.current_version:
        if current is None or data.based_on_version > current.version:
            now = f"the current version is {current.version}" if current else "send based_on_version 0 for the first"
            raise Conflict(f"there is no version {data.based_on_version} of this safety plan; {now}")
        raise StalePlan(data.based_on_version, current, _name(session, current.author_id))
    changed = changed_parts(current.content() if current else EMPTY, content)
    if current is not None and not changed:
        raise Invalid(f"nothing changed compared with version {current.version}; nothing was stored")
    row = SafetyPlanVersion(
        measure_id=measure_id,
        version=plan.current_version + 1,
        author_id=actor.id,
        author_role=actor.role,
        changed=changed,
        **content,
    )
    session.add(row)
    plan.current_version = row.version
    plan.updated_at = row.created_at
    session.add(plan)
    session.flush()
    return PlanView(row, actor.display_name)


def _version(session: Session, measure_id: int, version: int) -> SafetyPlanVersion | None:
    return session.exec(
        select(SafetyPlanVersion).where(
            SafetyPlanVersion.measure_id == measure_id, SafetyPlanVersion.version == version
        )
    ).first()


def _name(session: Session, user_id: int | None) -> str:
    user = session.get(User, user_id) if user_id else None
    return user.display_name if user else ""


def _views(session: Session, rows: list[SafetyPlanVersion]) -> list[PlanView]:
    ids = {r.author_id for r in rows if r.author_id}
    found = session.exec(select(User.id, User.display_name).where(col(User.id).in_(ids))).all() if ids else []
    names = {user_id: name for user_id, name in found}
    return [PlanView(r, names.get(r.author_id, "")) for r in rows]


def current_plan(session: Session, measure_id: int) -> PlanView | None:
    """The measure's newest version, or None when it has no plan."""
    row = session.exec(
        select(SafetyPlanVersion)
        .where(SafetyPlanVersion.measure_id == measure_id)
        .order_by(col(SafetyPlanVersion.version).desc())
        .limit(1)
    ).first()
    return _views(session, [row])[0] if row else None


def get_plan(session: Session, measure_id: int) -> PlanView:
    """The current version; ``NotFound`` when the measure has no plan yet."""
    get_measure(session, measure_id)
    view = current_plan(session, measure_id)
    if view is None:
        raise NotFound(f"measure {measure_id} has no safety plan yet")
    return view


def get_version(session: Session, measure_id: int, version: int) -> PlanView:
    row = _version(session, measure_id, version)
    if row is None:
        raise NotFound(f"the safety plan of measure {measure_id} has no version {version}")
    return _views(session, [row])[0]


def list_versions(session: Session, measure_id: int, *, limit: int = 50, offset: int = 0) -> tuple[list[PlanView], int]:
    """The plan's versions, newest first, and how many there are."""
    get_measure(session, measure_id)
    where = SafetyPlanVersion.measure_id == measure_id
    total = session.exec(select(func.count()).select_from(SafetyPlanVersion).where(where)).one()
    rows = session.exec(
        select(SafetyPlanVersion)
        .where(where)
        .order_by(col(SafetyPlanVersion.version).desc())
        .limit(limit)
        .offset(offset)
    ).all()
    return _views(session, list(rows)), total


def write_of(view: PlanView | None) -> SafetyPlanWrite:
    """A plan's content as a write (based on that version): a start for the next one."""
    if view is None:
        return SafetyPlanWrite(based_on_version=0)
    return msgspec.convert({"based_on_version": view.row.version, **view.row.content()}, SafetyPlanWrite)
