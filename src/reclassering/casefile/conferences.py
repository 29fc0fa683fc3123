"""Case conferences (casusoverleg) on a second chance: the question, the advice, the decision, the frozen report.

The life of a conference: it is created with the question on the table; the advice is written and may change
until a supervisor signs it off; signing off freezes the report as it stood (a ``ReportSnapshot`` holding the
PDF, the data it was made from and the SHA-256 of both); after sign-off the people at the conference record
their decision with its rationale.

A version is signed off once. A signed-off advice is a fact that was shown to a conference: a second sign-off
is refused (409), also when two supervisors sign at the same moment. To change it, a supervisor (or the
behavioural expert) reopens it with a reason while no decision and no outside outcome is recorded; the
reopening is kept (``ConferenceReopening``), the conference's ``edition`` goes up by one, the advice may be
edited again, and the next sign-off freezes that edition as the next version. Earlier versions stay as they
were frozen.

Every change that depends on the conference's state is one conditional ``UPDATE`` whose ``WHERE`` restates
the rule (not signed off, this edition, no decision …), so two requests racing each other cannot both pass a
check made before either wrote: the database serialises the two ``UPDATE`` s and the loser finds no row.

This module knows nothing of how the report is made: the caller renders it and hands the bytes to
``store_snapshot``, in the same transaction as ``sign_off``.
"""

from __future__ import annotations

import hashlib
from datetime import date, datetime
from enum import StrEnum
from typing import Any

import msgspec
from msgspec import UNSET, Struct, UnsetType
from sqlalchemy import ColumnElement, Select, exists, func, update
from sqlalchemy.orm import aliased
from sqlmodel import Session, col, select

from . import access
from .errors import Conflict, DomainError, Forbidden, Invalid, NotFound
from .fields import Day, Note, Reason, Text, clean
from .measures import get_measure
from .models import Conference, ConferenceDeliberation, ConferenceReopening, Measure, ReportSnapshot, User
from .types import day_of, utcnow
from .vocab import Role

#: Who signs the advice off and who may reopen it.
SIGNERS = frozenset({Role.SUPERVISOR, Role.EXPERT})


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


class ReopenCreate(Struct, forbid_unknown_fields=True):
    #: Why the signed-off advice is reopened: required, it is read by everyone who later sees version 2.
    reason: Reason


class ReopeningInfo(Struct):
    """One reopening of a signed-off advice: which version it set aside, who signed that, who reopened it, why."""

    version: int
    signed_by_id: int | None
    signed_at: datetime | None
    reopened_by_id: int | None
    reopened_at: datetime
    reason: str


class SnapshotInfo(Struct):
    """A frozen report without its bytes: for listings."""

    conference_id: int
    version: int
    created_at: datetime
    created_by_id: int | None
    pdf_sha256: str
    data_sha256: str
    pdf_size: int
    #: Whether this is the version that stands now (signed off and not reopened).
    current: bool = False
    #: The reopening that set this version aside, if it was reopened.
    reopened: ReopeningInfo | None = None


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
    return day_of(conference.advice_signed_at).isoformat()


def _changed(
    session: Session, conference: Conference, where: list[ColumnElement[bool]], values: dict[str, Any]
) -> bool:
    """``UPDATE conference SET values WHERE id = … AND where``; whether the row matched. The conference is
    read again either way, so the caller sees what the database holds now (also what a racing request wrote)."""
    result = session.execute(
        update(Conference)
        .where(col(Conference.id) == conference.id, *where)
        .values(**values)
        .execution_options(synchronize_session=False)
    )
    session.refresh(conference)
    return result.rowcount == 1  # type: ignore[attr-defined]


def _raced() -> Conflict:
    return Conflict("the conference changed while this request ran; reload it and try again")


def _update_refusal(conference: Conference, changes: dict[str, object]) -> DomainError | None:
    if conference.decided_at is not None and changes:
        return Conflict("the decision has been recorded; this conference can no longer change")
    frozen = sorted(_FROZEN_AT_SIGN_OFF & changes.keys())
    if conference.advice_signed_at is not None and frozen:
        return Conflict(
            f"the advice was signed off on {_signed_on(conference)}; {', '.join(frozen)} can no longer change "
            "(a supervisor may reopen it, with a reason)"
        )
    return None


def update_conference(session: Session, conference_id: int, data: ConferenceUpdate) -> Conference:
    """Change the date, the question or the advice; refused (409) for what sign-off or the decision froze."""
    conference = get_conference(session, conference_id)
    changes = {name: value for name, value in msgspec.structs.asdict(data).items() if value is not UNSET}
    refusal = _update_refusal(conference, changes)
    if refusal is not None:
        raise refusal
    if "held_on" in changes:
        _check_held_on(get_measure(session, conference.measure_id), changes["held_on"])
    where: list[ColumnElement[bool]] = []
    if changes:
        where.append(col(Conference.decided_at).is_(None))
    if _FROZEN_AT_SIGN_OFF & changes.keys():
        where += [col(Conference.advice_signed_at).is_(None), col(Conference.edition) == conference.edition]
    values = {name: clean(value) if isinstance(value, str) else value for name, value in changes.items()}
    if not _changed(session, conference, where, {**values, "updated_at": utcnow()}):
        raise _update_refusal(conference, changes) or _raced()
    return conference


def _sign_off_refusal(session: Session, conference: Conference) -> DomainError | None:
    if conference.decided_at is not None:
        return Conflict("the decision has been recorded; the advice can no longer be signed off")
    if conference.advice_signed_at is not None:
        signer = session.get(User, conference.advice_by_id) if conference.advice_by_id else None
        by = f" by {signer.display_name}" if signer else ""
        return Conflict(
            f"version {conference.edition} of the advice was signed off on {_signed_on(conference)}{by}; it is "
            "signed off once. To change it, a supervisor reopens it with a reason"
        )
    if not conference.advice.strip() or conference.advised_outcome is None:
        return Invalid("write the advice and the advised outcome before signing off")
    return None


def sign_off(session: Session, actor: User, conference_id: int) -> Conference:
    """The supervisor signs off the advice, once per edition. The caller then freezes the report with
    ``store_snapshot``. Of two supervisors signing at the same moment, one signs and the other gets 409."""
    if actor.role not in SIGNERS:
        raise Forbidden("only a supervisor or the behavioural expert signs off the advice")
    conference = get_conference(session, conference_id)
    refusal = _sign_off_refusal(session, conference)
    if refusal is not None:
        raise refusal
    now = utcnow()
    signable = [
        col(Conference.advice_signed_at).is_(None),
        col(Conference.decided_at).is_(None),
        col(Conference.edition) == conference.edition,
        func.trim(Conference.advice) != "",
        col(Conference.advised_outcome).is_not(None),
    ]
    if not _changed(
        session, conference, signable, {"advice_by_id": actor.id, "advice_signed_at": now, "updated_at": now}
    ):
        raise _sign_off_refusal(session, conference) or _raced()
    return conference


def store_snapshot(session: Session, conference_id: int, actor: User, pdf: bytes, data_json: str) -> ReportSnapshot:
    """Freeze the report of a signed-off conference as the version of its edition, with the SHA-256 of PDF
    and data (one snapshot per version: the table's unique key refuses a second)."""
    conference = get_conference(session, conference_id)
    if conference.advice_signed_at is None:
        raise Conflict("a report is frozen when the advice is signed off; sign off first")
    if not pdf.startswith(b"%PDF-"):
        raise Invalid("the report to freeze is not a PDF")
    data = data_json.encode("utf-8")
    snapshot = ReportSnapshot(
        conference_id=conference_id,
        version=conference.edition,
        created_by_id=actor.id,
        data=data_json,
        pdf=pdf,
        pdf_sha256=sha256_hex(pdf),
        data_sha256=sha256_hex(data),
    )
    session.add(snapshot)
    session.flush()
    return snapshot


def _has_outside_outcome(conference_id: int) -> ColumnElement[bool]:
    return exists().where(
        col(ConferenceDeliberation.conference_id) == conference_id,
        col(ConferenceDeliberation.outside_outcome).is_not(None),
    )


def _reopen_refusal(session: Session, conference: Conference) -> DomainError | None:
    if conference.decided_at is not None:
        return Conflict(
            f"the decision was recorded on {day_of(conference.decided_at).isoformat()}; the advice it followed "
            "can no longer be reopened"
        )
    if conference.advice_signed_at is None:
        return Conflict(
            f"version {conference.edition} of the advice is not signed off; there is nothing to reopen, "
            "it can still be edited"
        )
    if session.exec(select(_has_outside_outcome(conference.id))).one():  # type: ignore[arg-type]
        return Conflict(
            "the outside outcome (OM, Raad or judge) on the signed-off advice has been recorded; "
            "the advice can no longer be reopened"
        )
    return None


def reopen(session: Session, actor: User, conference_id: int, data: ReopenCreate) -> ConferenceReopening:
    """Reopen the signed-off advice for a reason: its version stays frozen, the next sign-off freezes the
    next version. Only by a supervisor or the behavioural expert, and only while no decision and no outside
    outcome is recorded."""
    if actor.role not in SIGNERS:
        raise Forbidden("only a supervisor or the behavioural expert reopens a signed-off advice")
    conference = get_conference(session, conference_id)
    refusal = _reopen_refusal(session, conference)
    if refusal is not None:
        raise refusal
    version, signed_by_id, signed_at = conference.edition, conference.advice_by_id, conference.advice_signed_at
    now = utcnow()
    reopenable = [
        col(Conference.advice_signed_at).is_not(None),
        col(Conference.decided_at).is_(None),
        col(Conference.edition) == version,
        ~_has_outside_outcome(conference.id),  # type: ignore[arg-type]
    ]
    values = {"advice_signed_at": None, "advice_by_id": None, "edition": version + 1, "updated_at": now}
    if not _changed(session, conference, reopenable, values):
        raise _reopen_refusal(session, conference) or _raced()
    reopening = ConferenceReopening(
        conference_id=conference_id,
        version=version,
        signed_by_id=signed_by_id,
        signed_at=signed_at,
        reopened_by_id=actor.id,
        reopened_at=now,
        reason=clean(data.reason),
    )
    session.add(reopening)
    session.flush()
    return reopening


def _decision_refusal(conference: Conference) -> DomainError | None:
    if conference.decided_at is not None:
        return Conflict(f"the decision was recorded on {day_of(conference.decided_at).isoformat()}; it stands")
    if conference.advice_signed_at is None:
        return Conflict("the decision follows the signed-off advice; the supervisor signs off first")
    return None


def record_decision(session: Session, actor: User, conference_id: int, data: DecisionCreate) -> Conference:
    """The conference's decision and why; only after sign-off (of the edition still signed), and only once."""
    conference = get_conference(session, conference_id)
    refusal = _decision_refusal(conference)
    if refusal is not None:
        raise refusal
    now = utcnow()
    decidable = [
        col(Conference.advice_signed_at).is_not(None),
        col(Conference.decided_at).is_(None),
        col(Conference.edition) == conference.edition,
    ]
    values = {
        "decision": data.decision,
        "rationale": clean(data.rationale),
        "decided_at": now,
        "decided_by_id": actor.id,
        "updated_at": now,
    }
    if not _changed(session, conference, decidable, values):
        raise _decision_refusal(conference) or _raced()
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


def current_version(conference: Conference) -> int | None:
    """The signed-off version that stands now; None while the advice is being written or was reopened."""
    return conference.edition if conference.advice_signed_at is not None else None


def _reopening_info(row: ConferenceReopening) -> ReopeningInfo:
    return msgspec.convert(row, ReopeningInfo, from_attributes=True)


def reopenings_of(session: Session, conference_ids: list[int]) -> dict[int, list[ReopeningInfo]]:
    """The reopenings of each conference, oldest first (one query for any number of conferences)."""
    found: dict[int, list[ReopeningInfo]] = {conference_id: [] for conference_id in conference_ids}
    if not conference_ids:
        return found
    rows = session.exec(
        select(ConferenceReopening)
        .where(col(ConferenceReopening.conference_id).in_(conference_ids))
        .order_by(col(ConferenceReopening.conference_id), col(ConferenceReopening.version))
    )
    for row in rows:
        found[row.conference_id].append(_reopening_info(row))
    return found


def last_reopening(session: Session, conference_id: int) -> tuple[ReopeningInfo, str | None] | None:
    """The newest reopening of the conference (the one its current edition follows), with the reopener's name."""
    reopener = aliased(User)
    row = session.exec(
        select(ConferenceReopening, reopener.display_name)
        .outerjoin(reopener, col(reopener.id) == ConferenceReopening.reopened_by_id)
        .where(ConferenceReopening.conference_id == conference_id)
        .order_by(col(ConferenceReopening.version).desc())
        .limit(1)
    ).first()
    if row is None:
        return None
    reopening, name = row
    return _reopening_info(reopening), name


def snapshots_of(session: Session, conference_id: int) -> list[SnapshotInfo]:
    """The frozen reports of a conference, oldest version first (without loading the PDFs), each with whether
    it stands now and the reopening that set it aside."""
    rows = session.exec(
        select(
            ReportSnapshot.version,
            ReportSnapshot.created_at,
            ReportSnapshot.created_by_id,
            ReportSnapshot.pdf_sha256,
            ReportSnapshot.data_sha256,
            func.length(ReportSnapshot.pdf),
            Conference.edition,
            Conference.advice_signed_at,
            ConferenceReopening,
        )
        .join(Conference, col(Conference.id) == ReportSnapshot.conference_id)
        .outerjoin(
            ConferenceReopening,
            (col(ConferenceReopening.conference_id) == ReportSnapshot.conference_id)
            & (col(ConferenceReopening.version) == ReportSnapshot.version),
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
            current=signed_at is not None and version == edition,
            reopened=_reopening_info(reopening) if reopening is not None else None,
        )
        for version, created_at, created_by_id, pdf_sha256, data_sha256, size, edition, signed_at, reopening in rows
    ]


def get_snapshot(session: Session, conference_id: int, version: int) -> ReportSnapshot:
    snapshot = session.exec(
        select(ReportSnapshot).where(ReportSnapshot.conference_id == conference_id, ReportSnapshot.version == version)
    ).first()
    if snapshot is None:
        raise NotFound(f"there is no snapshot {version} of conference {conference_id}")
    return snapshot
