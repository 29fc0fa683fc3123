"""Network links: a network member scores the goals they were asked about, without an account (issue 10).

A worker (or a supervisor of the team) makes a personal link for one network member and one measure, valid for a
limited time and revocable. The link carries a secret (``secrets.token_urlsafe(32)``); only its SHA-256 is
stored, so the secret is shown once, when the link is made. A link that is expired, revoked, unknown, malformed or
whose measure has closed resolves to nothing, all alike. On the link's page the member gives, per asked goal,
their own 0-10 score for this week and what they saw going well: a ``Score`` with rater ``network:<member id>``
(the check-in upsert of ``checkins``) and a ``Success`` noticed by that member.
"""

from __future__ import annotations

import hashlib
import secrets
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Annotated, Literal

from msgspec import Meta, Struct
from sqlmodel import Session, col, select

from .access import _via_measure, register_owner
from .checkins import record_network_scores
from .errors import Invalid, NotFound
from .fields import Id, clean
from .models import CheckIn, Goal, Measure, NetworkMember, Score, Success, User, Youth
from .models.network_links import NetworkLink
from .types import utcnow
from .vocab import GoalStatus, MeasureStatus, RaterKind, Role
from .weeks import parse_week, week_of

#: The longest a link may work, in days (the default is the setting ``network_link_days``).
MAX_DAYS = 60
MAX_GOALS = 50
#: A secret from ``token_urlsafe(32)`` is 43 characters of ``A-Z a-z 0-9 - _``; anything else is no link.
_SECRET_CHARS = frozenset("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_")
_SECRET_LENGTH = (32, 128)

ACTIVE, EXPIRED, REVOKED = "active", "expired", "revoked"
#: Who makes, lists and revokes links (and finds them in an export): the youth's worker and the team's supervisors.
LINK_MANAGERS = frozenset({Role.WORKER, Role.SUPERVISOR})

register_owner("network_link", _via_measure(NetworkLink))  # guards find the youth of a link through its measure


class NetworkLinkCreate(Struct, forbid_unknown_fields=True):
    """A new link: for which network member, about which goals of the measure, for how many days, in which language."""

    member_id: Id
    goal_ids: Annotated[list[Id], Meta(min_length=1, max_length=MAX_GOALS)]
    days: Annotated[int, Meta(ge=1, le=MAX_DAYS)] | None = None
    locale: Literal["nl", "en"] = "nl"


def hash_secret(secret: str) -> str:
    return hashlib.sha256(secret.encode("utf-8")).hexdigest()


def status_of(link: NetworkLink, now: datetime) -> str:
    if link.revoked_at is not None:
        return REVOKED
    return ACTIVE if link.expires_at > now else EXPIRED


def create_link(
    session: Session,
    actor: User,
    measure_id: int,
    data: NetworkLinkCreate,
    *,
    default_days: int,
    now: datetime | None = None,
) -> tuple[NetworkLink, str]:
    """Make a link; returns it and its secret (the only time the secret is known)."""
    now = now or utcnow()
    measure = session.get(Measure, measure_id)
    if measure is None:
        raise NotFound(f"there is no measure {measure_id}")
    if measure.status != MeasureStatus.ACTIVE:
        raise Invalid("this measure is closed; a network link is made only for a running measure")
    member = session.get(NetworkMember, data.member_id)
    if member is None or member.youth_id != measure.youth_id:
        raise Invalid(f"network member {data.member_id} is not in this youth's network")
    goal_ids = list(dict.fromkeys(data.goal_ids))
    active = set(
        session.exec(
            select(Goal.id).where(
                col(Goal.id).in_(goal_ids), Goal.measure_id == measure_id, Goal.status == GoalStatus.ACTIVE
            )
        )
    )
    unknown = [g for g in goal_ids if g not in active]
    if unknown:
        raise Invalid(f"goal {', '.join(map(str, unknown))} is not an active goal of this measure")
    secret = secrets.token_urlsafe(32)
    link = NetworkLink(
        measure_id=measure_id,
        network_member_id=member.id,  # type: ignore[arg-type]
        token_hash=hash_secret(secret),
        goal_ids=goal_ids,
        locale=data.locale,
        created_by_id=actor.id,
        created_at=now,
        expires_at=now + timedelta(days=data.days or default_days),
    )
    session.add(link)
    session.flush()
    return link, secret


def links_of(session: Session, measure_id: int) -> list[tuple[NetworkLink, NetworkMember]]:
    """The measure's links, newest first, each with its network member."""
    rows = session.exec(
        select(NetworkLink, NetworkMember)
        .join(NetworkMember, col(NetworkMember.id) == NetworkLink.network_member_id)
        .where(NetworkLink.measure_id == measure_id)
        .order_by(col(NetworkLink.created_at).desc(), col(NetworkLink.id).desc())
    )
    return [(link, member) for link, member in rows]


def revoke_link(
    session: Session, actor: User, measure_id: int, link_id: int, now: datetime | None = None
) -> NetworkLink:
    """Revoke a link of the measure; revoking it again changes nothing."""
    link = session.get(NetworkLink, link_id)
    if link is None or link.measure_id != measure_id:
        raise NotFound(f"there is no network link {link_id} of this measure")
    if link.revoked_at is None:
        link.revoked_at = now or utcnow()
        link.revoked_by_id = actor.id
        session.flush()
    return link


@dataclass(frozen=True)
class LinkPage:
    """What a working link reaches: its own measure's asked goals, and nothing else."""

    link: NetworkLink
    member: NetworkMember
    measure: Measure
    youth: Youth
    goals: list[Goal]


def resolve(session: Session, secret: str, now: datetime | None = None) -> LinkPage | None:
    """The page a secret opens, or None for every bad link alike (expired, revoked, unknown, malformed, closed)."""
    now = now or utcnow()
    if not _SECRET_LENGTH[0] <= len(secret) <= _SECRET_LENGTH[1] or not set(secret) <= _SECRET_CHARS:
        return None
    link = session.exec(select(NetworkLink).where(NetworkLink.token_hash == hash_secret(secret))).first()
    if link is None or status_of(link, now) != ACTIVE:
        return None
    measure = session.get(Measure, link.measure_id)
    member = session.get(NetworkMember, link.network_member_id)
    if measure is None or member is None or measure.status != MeasureStatus.ACTIVE:
        return None
    youth = session.get(Youth, measure.youth_id)
    asked = [int(g) for g in link.goal_ids]
    goals = {
        g.id: g
        for g in session.exec(
            select(Goal).where(col(Goal.id).in_(asked), Goal.measure_id == measure.id, Goal.status == GoalStatus.ACTIVE)
        )
    }
    shown = [goals[g] for g in asked if g in goals]
    if youth is None or not shown:
        return None
    return LinkPage(link=link, member=member, measure=measure, youth=youth, goals=shown)


@dataclass(frozen=True)
class RefusedLink:
    """A secret ``resolve`` refused that names a link: which, whose record, and why it no longer opens."""

    link: NetworkLink
    youth_id: int
    #: "expired", "revoked", "measure closed" or "no goals left".
    why: str


def refused_link(session: Session, secret: str, now: datetime | None = None) -> RefusedLink | None:
    """For a secret ``resolve`` refused: the link it names and why it is refused, so the attempt can go on that
    youth's trail; None for an unknown or malformed secret (there is no record to attach it to)."""
    if not _SECRET_LENGTH[0] <= len(secret) <= _SECRET_LENGTH[1] or not set(secret) <= _SECRET_CHARS:
        return None
    link = session.exec(select(NetworkLink).where(NetworkLink.token_hash == hash_secret(secret))).first()
    measure = session.get(Measure, link.measure_id) if link is not None else None
    if link is None or measure is None:
        return None
    status = status_of(link, now or utcnow())
    if status != ACTIVE:
        why = status
    elif measure.status != MeasureStatus.ACTIVE:
        why = "measure closed"
    else:
        why = "no goals left"
    return RefusedLink(link=link, youth_id=measure.youth_id, why=why)


def this_week(page: LinkPage, today: date) -> str:
    """The week a member scores: the current ISO week (never before the measure started)."""
    week = week_of(today)
    return max(week, week_of(page.measure.start_date))


def own_entries(session: Session, page: LinkPage, week: str) -> tuple[dict[int, int], dict[int, str]]:
    """The member's own scores and "going well" notes of ``week`` (goal id -> value / text), to show again."""
    key = f"{RaterKind.NETWORK}:{page.member.id}"
    values = dict(
        session.exec(
            select(Score.goal_id, Score.value)
            .join(CheckIn, col(CheckIn.id) == Score.check_in_id)
            .where(CheckIn.measure_id == page.measure.id, CheckIn.week == week, Score.rater_key == key)
        ).all()
    )
    notes = {s.goal_id: s.text for s in _own_successes(session, page, week) if s.goal_id is not None}
    return values, notes  # type: ignore[return-value]


def _own_successes(session: Session, page: LinkPage, week: str) -> list[Success]:
    monday = parse_week(week)
    return list(
        session.exec(
            select(Success).where(
                Success.measure_id == page.measure.id,
                Success.network_member_id == page.member.id,
                col(Success.occurred_on) >= monday,
                col(Success.occurred_on) <= monday + timedelta(days=6),
                col(Success.withdrawn_at).is_(None),
            )
        )
    )


def submit(
    session: Session,
    page: LinkPage,
    week: str,
    values: dict[int, int],
    notes: dict[int, str],
    *,
    today: date,
    now: datetime | None = None,
) -> list[int]:
    """Store the member's scores and notes for ``week`` (re-sending the week replaces their own earlier ones).

    Only the link's own asked goals are taken. Returns the ids of the successes written or changed."""
    asked = {g.id for g in page.goals}
    stray = sorted((set(values) | set(notes)) - asked)
    if stray:
        raise Invalid(f"goal {', '.join(map(str, stray))} is not asked on this link")
    if values:
        record_network_scores(session, page.measure.id, week, page.member.id, values)  # type: ignore[arg-type]
    existing = {s.goal_id: s for s in _own_successes(session, page, week)}
    changed: list[int] = []
    for goal_id, text in sorted(notes.items()):
        text = clean(text)
        success = existing.get(goal_id)
        if success is None:
            if not text:
                continue
            success = Success(
                measure_id=page.measure.id,  # type: ignore[arg-type]
                occurred_on=max(today, page.measure.start_date),
                goal_id=goal_id,
                text=text,
                noticed_by=RaterKind.NETWORK,
                author_id=None,
                author_role=RaterKind.NETWORK,
                network_member_id=page.member.id,
            )
            session.add(success)
        elif not text or success.text == text:
            continue  # an emptied note keeps what was noticed; staff withdraw a success
        else:
            success.text, success.updated_at = text, now or utcnow()
        session.flush()
        changed.append(success.id)  # type: ignore[arg-type]
    page.link.last_used_at = now or utcnow()
    page.link.uses += 1
    session.flush()
    return changed
