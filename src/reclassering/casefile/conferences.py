"""Case conferences (casusoverleg) on a second chance: the question, the advice, the decision, the frozen report.

The life of a conference: it is created with the question on the table; the advice is written and may change
until a supervisor signs it off; signing off freezes the report as it stood (a ``ReportSnapshot`` holding the
PDF, the data it was made from and the SHA-256 of both); after sign-off the people at the conference record
their decision with its rationale. A supervisor may sign off again while no decision is recorded (after new
data came in, say): that freezes a new version and leaves the earlier ones untouched.

This module knows nothing of how the report is made: the caller renders it and hands the bytes to
``store_snapshot``, in the same transaction as ``sign_off``.
"""

from __future__ import annotations

import hashlib
from datetime import date, datetime
from enum import StrEnum

import msgspec
from msgspec import UNSET, Struct, UnsetType
from sqlalchemy import Select, func
from sqlmodel import Session, col, select

from . import access
from .errors import Conflict, Forbidden, Invalid, NotFound
from .fields import Day, Note, Text, clean
from .measures import get_measure
from .models import Conference, Measure, ReportSnapshot, User
from .types import utcnow
from .vocab import Role


class QuestionKind(StrEnum):
    """What is on the table: carry on, adjust the plan, report back to the OM (terugmelding), or another question."""

    CARRY_ON = "carry_on"
    ADJUST_PLAN = "adjust_plan"
    REPORT_BACK = "report_back"
    OTHER = "other"


class Outcome(StrEnum):
    """What the advice proposes and what the conference decides."""

    CARRY_ON = "carry_on"
    ADJUST_PLAN = "adjust_plan"
    REPORT_BACK = "report_back"


class ConferenceCreate(Struct, forbid_unknown_fields=True):
    held_on: Day
    question_kind: QuestionKind
    #: The question on the table, in plain words.
    question: Text


class ConferenceUpdate(Struct, forbid_unknown_fields=True):
    """The date may move until the decision is recorded; the question and the advice only until sign-off."""

    held_on: Day | UnsetType = UNSET
    question_kind: QuestionKind | UnsetType = UNSET
    question: Text | UnsetType = UNSET
    advice: Note | UnsetType = UNSET
    advised_outcome: Outcome | UnsetType | None = UNSET


class DecisionCreate(Struct, forbid_unknown_fields=True):
    decision: Outcome
    #: Why: required, because a decision on a second chance must be explainable to the youth.
    rationale: Text


class SnapshotInfo(Struct):
    """A frozen report without its bytes: for listings."""

    conference_id: int
    version: int
    created_at: datetime
    created_by_id: int | None
    pdf_sha256: str
    data_sha256: str
    pdf_size: int


#: The fields that freeze when the advice is signed off.
_FROZEN_AT_SIGN_OFF = frozenset({"question_kind", "question", "advice", "advised_outcome"})


def _owner(conference_id: int) -> Select:
    return (
        select(Measure.youth_id)
        .join(Conference, col(Conference.measure_id) == Measure.id)
        .where(Conference.id == conference_id)
    )


access.register_owner("conference", _owner)


def sha256_hex(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def _check_held_on(measure: Measure, held_on: date) -> None:
    if held_on < measure.start_date:
        raise Invalid(
            f"the conference date ({held_on.isoformat()}) lies before the measure started "
            f"({measure.start_date.isoformat()})"
        )


def create_conference(session: Session, actor: User, measure_id: int, data: ConferenceCreate) -> Conference:
    measure = get_measure(session, measure_id)
    _check_held_on(measure, data.held_on)
    conference = Conference(
        measure_id=measure_id,
        held_on=data.held_on,
        question_kind=data.question_kind,
        question=clean(data.question),
        created_by_id=actor.id,
    )
    session.add(conference)
    session.flush()
    return conference


def get_conference(session: Session, conference_id: int) -> Conference:
    conference = session.get(Conference, conference_id)
    if conference is None:
        raise NotFound(f"there is no conference {conference_id}")
    return conference


def _signed_on(conference: Conference) -> str:
    assert conference.advice_signed_at is not None
    return conference.advice_signed_at.date().isoformat()


def update_conference(session: Session, conference_id: int, data: ConferenceUpdate) -> Conference:
    """Change the date, the question or the advice; refused (409) for what sign-off or the decision froze."""
    conference = get_conference(session, conference_id)
    changes = {name: value for name, value in msgspec.structs.asdict(data).items() if value is not UNSET}
    if conference.decided_at is not None and changes:
        raise Conflict("the decision has been recorded; this conference can no longer change")
    frozen = sorted(_FROZEN_AT_SIGN_OFF & changes.keys())
    if conference.advice_signed_at is not None and frozen:
        raise Conflict(
            f"the advice was signed off on {_signed_on(conference)}; {', '.join(frozen)} can no longer change"
        )
    if "held_on" in changes:
        _check_held_on(get_measure(session, conference.measure_id), changes["held_on"])
    for name, value in changes.items():
        setattr(conference, name, clean(value) if isinstance(value, str) else value)
    conference.updated_at = utcnow()
    session.flush()
    return conference


def sign_off(session: Session, actor: User, conference_id: int) -> Conference:
    """The supervisor signs off the advice. The caller then freezes the report with ``store_snapshot``."""
    if actor.role not in (Role.SUPERVISOR, Role.EXPERT):
        raise Forbidden("only a supervisor or the behavioural expert signs off the advice")
    conference = get_conference(session, conference_id)
    if conference.decided_at is not None:
        raise Conflict("the decision has been recorded; the advice can no longer be signed off")
    if not conference.advice.strip() or conference.advised_outcome is None:
        raise Invalid("write the advice and the advised outcome before signing off")
    conference.advice_by_id = actor.id
    conference.advice_signed_at = utcnow()
    conference.updated_at = conference.advice_signed_at
    session.flush()
    return conference


def store_snapshot(session: Session, conference_id: int, actor: User, pdf: bytes, data_json: str) -> ReportSnapshot:
    """Freeze the report of a signed-off conference as the next version, with the SHA-256 of PDF and data."""
    conference = get_conference(session, conference_id)
    if conference.advice_signed_at is None:
        raise Conflict("a report is frozen when the advice is signed off; sign off first")
    if not pdf.startswith(b"%PDF-"):
        raise Invalid("the report to freeze is not a PDF")
    latest = session.exec(
        select(func.max(ReportSnapshot.version)).where(ReportSnapshot.conference_id == conference_id)
    ).one()
    data = data_json.encode("utf-8")
    snapshot = ReportSnapshot(
        conference_id=conference_id,
        version=(latest or 0) + 1,
        created_by_id=actor.id,
        data=data_json,
        pdf=pdf,
        pdf_sha256=sha256_hex(pdf),
        data_sha256=sha256_hex(data),
    )
    session.add(snapshot)
    session.flush()
    return snapshot


def record_decision(session: Session, actor: User, conference_id: int, data: DecisionCreate) -> Conference:
    """The conference's decision and why; only after sign-off, and only once."""
    conference = get_conference(session, conference_id)
    if conference.advice_signed_at is None:
        raise Conflict("the decision follows the signed-off advice; the supervisor signs off first")
    if conference.decided_at is not None:
        raise Conflict(f"the decision was recorded on {conference.decided_at.date().isoformat()}; it stands")
    conference.decision = data.decision
    conference.rationale = clean(data.rationale)
    conference.decided_at = utcnow()
    conference.decided_by_id = actor.id
    conference.updated_at = conference.decided_at
    session.flush()
    return conference


def conferences_of(session: Session, measure_id: int) -> list[Conference]:
    """The measure's conferences, newest first: the history of second-chance decisions."""
    return list(
        session.exec(
            select(Conference)
            .where(Conference.measure_id == measure_id)
            .order_by(col(Conference.held_on).desc(), col(Conference.id).desc())
        )
    )


def snapshots_of(session: Session, conference_id: int) -> list[SnapshotInfo]:
    """The frozen reports of a conference, oldest version first (without loading the PDFs)."""
    rows = session.exec(
        select(
            ReportSnapshot.version,
            ReportSnapshot.created_at,
            ReportSnapshot.created_by_id,
            ReportSnapshot.pdf_sha256,
            ReportSnapshot.data_sha256,
            func.length(ReportSnapshot.pdf),
        )
        .where(ReportSnapshot.conference_id == conference_id)
        .order_by(col(ReportSnapshot.version))
    )
    return [
        SnapshotInfo(
            conference_id=conference_id,
            version=version,
            created_at=created_at,
            created_by_id=created_by_id,
            pdf_sha256=pdf_sha256,
            data_sha256=data_sha256,
            pdf_size=size,
        )
        for version, created_at, created_by_id, pdf_sha256, data_sha256, size in rows
    ]


def get_snapshot(session: Session, conference_id: int, version: int) -> ReportSnapshot:
    snapshot = session.exec(
        select(ReportSnapshot).where(ReportSnapshot.conference_id == conference_id, ReportSnapshot.version == version)
    ).first()
    if snapshot is None:
        raise NotFound(f"there is no snapshot {version} of conference {conference_id}")
    return snapshot
