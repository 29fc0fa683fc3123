"""The one-page summary of a signed-off conference, kept in its snapshot, and what a youth may read of it.

At sign-off the caller renders the plain summary for the youth and the parents and attaches it to the snapshot
it froze, with its SHA-256. The youth reads the summary of their own latest signed-off conference: the one piece
of a conference shared with them on purpose (the formal report stays staff business).
"""

from __future__ import annotations

from sqlmodel import Session, col, select

from .conferences import sha256_hex
from .errors import Invalid, NotFound
from .models import Conference, Measure, ReportSnapshot


def attach_summary(session: Session, snapshot: ReportSnapshot, pdf: bytes) -> ReportSnapshot:
    """Keep the summary beside the frozen report, with its SHA-256 (in the sign-off's transaction)."""
    if not pdf.startswith(b"%PDF-"):
        raise Invalid("the summary to freeze is not a PDF")
    snapshot.summary_pdf = pdf
    snapshot.summary_sha256 = sha256_hex(pdf)
    session.add(snapshot)
    session.flush()
    return snapshot


def summary_digests(session: Session, conference_id: int) -> dict[int, str]:
    """Snapshot version -> SHA-256 of its summary, for the snapshots that have one."""
    rows = session.exec(
        select(ReportSnapshot.version, ReportSnapshot.summary_sha256).where(
            ReportSnapshot.conference_id == conference_id, col(ReportSnapshot.summary_sha256).is_not(None)
        )
    )
    return {version: digest for version, digest in rows if digest}


def snapshot_summary(session: Session, conference_id: int, version: int) -> ReportSnapshot:
    """The snapshot ``version`` of the conference, if it holds a summary."""
    snapshot = session.exec(
        select(ReportSnapshot).where(ReportSnapshot.conference_id == conference_id, ReportSnapshot.version == version)
    ).first()
    if snapshot is None or snapshot.summary_pdf is None:
        raise NotFound(f"there is no summary in snapshot {version} of conference {conference_id}")
    return snapshot


def latest_summary(session: Session, youth_id: int) -> tuple[Conference, ReportSnapshot]:
    """The youth's latest signed-off conference (over all their measures) and its newest snapshot with a
    summary; ``NotFound`` when there is none yet."""
    found = session.exec(
        select(Conference, ReportSnapshot)
        .join(Measure, col(Measure.id) == Conference.measure_id)
        .join(ReportSnapshot, col(ReportSnapshot.conference_id) == Conference.id)
        .where(
            Measure.youth_id == youth_id,
            col(Conference.advice_signed_at).is_not(None),
            col(ReportSnapshot.summary_sha256).is_not(None),
        )
        .order_by(
            col(Conference.held_on).desc(),
            col(Conference.id).desc(),
            col(ReportSnapshot.version).desc(),
        )
        .limit(1)
    ).first()
    if found is None:
        raise NotFound(f"there is no summary of a signed-off case conference for youth {youth_id} yet")
    return found
