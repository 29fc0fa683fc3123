"""What the page of one case conference shows (``/overleg/{id}``): read from the case file and the report's own
data, shaped for the template.

The figures, their explanations and the setbacks with their reporting record come from ``reports.report_data``,
the same gathering the formal report is made from, so the page and the PDF never tell two stories. Nothing here
writes; the routes in ``pages_conference`` change the conference and show this page again.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from sqlmodel import Session, col, select

from ..casefile import checkins, conference_summary, conferences
from ..casefile import conference_decision as decision
from ..casefile.measures import get_measure
from ..casefile.models import ConferenceDeliberation, User
from ..casefile.vocab import OptionKind
from ..methods.registry import MethodRegistry
from ..reports.report import report_data
from ..settings import Settings
from .score_chart import score_chart

#: Check-ins read for the charts.
HISTORY_WEEKS = 26
#: Empty participant rows offered beside the ones already named.
EXTRA_PARTICIPANTS = 3
MAX_PARTICIPANTS = 40


@dataclass(frozen=True)
class OptionRow:
    kind: str
    weighed: bool
    description: str
    pros: str
    cons: str


def option_rows(row: ConferenceDeliberation | None) -> list[OptionRow]:
    """Every option kind once, in the vocabulary's order, with what was written about it."""
    written = {o["kind"]: o for o in (row.options if row else [])}
    return [
        OptionRow(
            kind=str(kind),
            weighed=kind in written,
            description=written.get(kind, {}).get("description", ""),
            pros=written.get(kind, {}).get("pros", ""),
            cons=written.get(kind, {}).get("cons", ""),
        )
        for kind in OptionKind
    ]


def participant_rows(row: ConferenceDeliberation | None) -> list[dict[str, str]]:
    """The participants named so far and a few empty rows to add more."""
    named = list(row.participants) if row else []
    empty = [{"name": "", "role": ""}] * min(EXTRA_PARTICIPANTS, MAX_PARTICIPANTS - len(named))
    return [*named, *empty]


def _names(db: Session, ids: set[int | None]) -> dict[int, str]:
    wanted = [i for i in ids if i is not None]
    if not wanted:
        return {}
    return dict(db.exec(select(User.id, User.display_name).where(col(User.id).in_(wanted))).all())  # type: ignore[arg-type]


def conference_page(
    db: Session,
    registry: MethodRegistry,
    settings: Settings,
    conference_id: int,
    *,
    locale: str,
    today: date,
) -> dict[str, Any]:
    """Everything the page of one conference shows."""
    conference = conferences.get_conference(db, conference_id)
    data = report_data(
        db,
        conference_id,
        locale=locale,
        sd=settings.reliable_change_sd,
        reliability=settings.reliable_change_reliability,
        timezone=settings.timezone,
        methods=registry,
    )
    views = checkins.recent_check_ins(db, conference.measure_id, limit=HISTORY_WEEKS)
    row = decision.deliberation_of(db, conference_id)
    reopenings = conferences.reopenings_of(db, [conference_id])[conference_id]
    snapshots = conferences.snapshots_of(db, conference_id)
    summaries = conference_summary.summary_digests(db, conference_id)
    names = _names(
        db,
        {conference.advice_by_id, conference.decided_by_id, row.outside_recorded_by_id if row else None}
        | {r.signed_by_id for r in reopenings}
        | {r.reopened_by_id for r in reopenings}
        | {s.created_by_id for s in snapshots},
    )
    signed = conference.advice_signed_at is not None
    decided = conference.decided_at is not None
    outside = row is not None and row.outside_outcome is not None
    return {
        "conference": conference,
        "data": data,
        "youth_id": _youth_id(db, conference.measure_id),
        "charts": {g.id: score_chart(g.id, views) for g in data.goals},
        "progress": data.progress,
        "explain": lambda indicator: getattr(indicator.explanation, "en" if locale == "en" else "nl"),
        "deliberation": row,
        "options": option_rows(row),
        "participants": participant_rows(row),
        "reopenings": reopenings,
        "snapshots": snapshots,
        "summaries": summaries,
        "names": names,
        "signed": signed,
        "decided": decided,
        "has_outside": outside,
        "can_edit_advice": not signed and not decided,
        "can_reopen": signed and not decided and not outside,
        "today": today,
    }


def _youth_id(db: Session, measure_id: int) -> int:
    return get_measure(db, measure_id).youth_id
