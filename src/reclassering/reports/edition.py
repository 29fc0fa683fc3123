"""Which version of the advice a report belongs to, and why the version before it was reopened.

A signed-off advice is frozen once; a supervisor may reopen it with a reason, and the next sign-off freezes
the next version (``casefile.conferences``). Each report says on its first page which version it is and, from
version 2 on, who reopened the previous version, when and why, so a reader holding version 2 knows that
version 1 exists and what changed the team's mind.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime

import msgspec
from sqlmodel import Session

from ..casefile.conferences import last_reopening
from ..casefile.models import Conference
from ..catalogue import per_locale


class Edition(msgspec.Struct, frozen=True, kw_only=True):
    """The version of the advice a report shows; for version 2 on, the reopening of the version before."""

    version: int
    reopened_at: datetime | None = None
    reopened_by: str | None = None
    reopen_reason: str | None = None


#: The sentences of an edition, as English message ids of the ``reports`` catalogue.
_SENTENCES: dict[str, str] = {
    "version": "Version {version} of this report.",
    "reopened": (
        "Version {previous} was reopened on {at} by {who}, for this reason: {reason} Earlier versions are "
        "kept as they were signed off."
    ),
    "someone": "a supervisor or behavioural expert",
}
SENTENCES = per_locale(_SENTENCES, "reports")


def edition_of(session: Session, conference: Conference) -> Edition:
    """The edition the conference's advice is at now (the version its next or current report carries)."""
    last = last_reopening(session, conference.id)  # type: ignore[arg-type]
    if last is None:
        return Edition(version=conference.edition)
    reopening, reopened_by = last
    return Edition(
        version=conference.edition,
        reopened_at=reopening.reopened_at,
        reopened_by=reopened_by,
        reopen_reason=reopening.reason,
    )


def edition_sentence(edition: Edition, locale: str, moment: Callable[[datetime], str]) -> str:
    """The report's words for ``edition``; ``moment`` writes a date and time as the report does."""
    words = SENTENCES[locale]
    text = words["version"].format(version=edition.version)
    if edition.reopened_at is None:
        return text
    reason = (edition.reopen_reason or "").strip()
    if reason and reason[-1] not in ".!?":
        reason += "."
    reopened = words["reopened"].format(
        previous=edition.version - 1,
        at=moment(edition.reopened_at),
        who=edition.reopened_by or words["someone"],
        reason=reason,
    )
    return f"{text} {reopened}"
