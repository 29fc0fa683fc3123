"""Where a case conference's advice goes and what it weighed: the second-chance decision as practice runs it.

The team advises; the OM, the Raad or the judge decides (DESIGN §4). Beside the conference's question, advice
and internal decision (``conferences``), this records its addressee, the options weighed with their pros and
cons, the risks and protective factors discussed, who took part, the youth's and the parents' own views
(zienswijze, given or declined), and, once the advice is signed off, the outside outcome when it comes back.

The deliberation and the views may change until the conference's decision is recorded; the outside outcome
may be recorded only after sign-off (and corrected later).
"""

from __future__ import annotations

from datetime import date
from typing import Annotated

from msgspec import Meta, Struct
from sqlmodel import Session, select

from .conferences import get_conference
from .errors import Conflict, Invalid
from .fields import Name, Note, clean
from .models import Conference, ConferenceDeliberation, User
from .types import utcnow
from .vocab import Addressee, OptionKind, OutsideBody, OutsideOutcome, ViewStatus

ShortText = Annotated[str, Meta(max_length=120)]


class OptionIn(Struct, forbid_unknown_fields=True):
    kind: OptionKind
    #: What the option means here; required for "other".
    description: Note = ""
    pros: Note = ""
    cons: Note = ""


class ParticipantIn(Struct, forbid_unknown_fields=True):
    name: Name
    #: Their role at the table, in words: jeugdreclasseerder, gedragswetenschapper, moeder, leerplichtambtenaar…
    role: Name


class DeliberationWrite(Struct, forbid_unknown_fields=True):
    addressee: Addressee
    options: Annotated[list[OptionIn], Meta(max_length=10)] = []
    risks: Note = ""
    protective_factors: Note = ""
    participants: Annotated[list[ParticipantIn], Meta(max_length=40)] = []


class ViewIn(Struct, forbid_unknown_fields=True):
    status: ViewStatus
    #: In their own words; required when the view was given.
    text: Note = ""


class ViewsWrite(Struct, forbid_unknown_fields=True):
    youth: ViewIn | None = None
    parents: ViewIn | None = None


class OutsideOutcomeWrite(Struct, forbid_unknown_fields=True):
    decided_by: OutsideBody
    outcome: OutsideOutcome
    decided_on: date
    note: Note = ""


def deliberation_of(session: Session, conference_id: int) -> ConferenceDeliberation | None:
    return session.exec(
        select(ConferenceDeliberation).where(ConferenceDeliberation.conference_id == conference_id)
    ).first()


def _open_for_change(session: Session, conference_id: int) -> tuple[Conference, ConferenceDeliberation]:
    conference = get_conference(session, conference_id)
    if conference.decided_at is not None:
        raise Conflict("the decision has been recorded; this conference can no longer change")
    row = deliberation_of(session, conference_id) or ConferenceDeliberation(conference_id=conference_id)
    return conference, row


def _save(session: Session, actor: User, row: ConferenceDeliberation) -> ConferenceDeliberation:
    row.updated_by_id = actor.id
    row.updated_at = utcnow()
    session.add(row)
    session.flush()
    return row


def write_deliberation(
    session: Session, actor: User, conference_id: int, data: DeliberationWrite
) -> ConferenceDeliberation:
    """The addressee, the options weighed, the risks and protective factors, and who took part (replaces)."""
    _, row = _open_for_change(session, conference_id)
    for index, option in enumerate(data.options, start=1):
        if option.kind is OptionKind.OTHER and not option.description.strip():
            raise Invalid(f"option {index} is 'other': describe it")
    kinds = [o.kind for o in data.options if o.kind is not OptionKind.OTHER]
    if len(kinds) != len(set(kinds)):
        raise Invalid("each option is weighed once; put all pros and cons of an option together")
    row.addressee = data.addressee
    row.options = [
        {"kind": str(o.kind), "description": clean(o.description), "pros": clean(o.pros), "cons": clean(o.cons)}
        for o in data.options
    ]
    row.risks = clean(data.risks)
    row.protective_factors = clean(data.protective_factors)
    row.participants = [{"name": clean(p.name), "role": clean(p.role)} for p in data.participants]
    return _save(session, actor, row)


def _view(view: ViewIn | None, whose: str) -> tuple[str | None, str]:
    if view is None:
        return None, ""
    if view.status is ViewStatus.GIVEN and not view.text.strip():
        raise Invalid(f"the {whose} view is marked as given: write it in their own words")
    return str(view.status), clean(view.text)


def write_views(session: Session, actor: User, conference_id: int, data: ViewsWrite) -> ConferenceDeliberation:
    """The youth's and the parents' own views (zienswijze), each given or declined (replaces both)."""
    _, row = _open_for_change(session, conference_id)
    row.youth_view_status, row.youth_view = _view(data.youth, "youth's")
    row.parents_view_status, row.parents_view = _view(data.parents, "parents'")
    return _save(session, actor, row)


def record_outside_outcome(
    session: Session, actor: User, conference_id: int, data: OutsideOutcomeWrite, *, today: date
) -> ConferenceDeliberation:
    """What the OM, the Raad or the judge decided, and when: only after the advice is signed off."""
    conference = get_conference(session, conference_id)
    if conference.advice_signed_at is None:
        raise Conflict("the outside outcome follows the signed-off advice; the advice is not signed off yet")
    if data.decided_on > today:
        raise Invalid(f"the day of the outside decision ({data.decided_on.isoformat()}) lies in the future")
    if data.decided_on < conference.held_on:
        raise Invalid(
            f"the day of the outside decision ({data.decided_on.isoformat()}) lies before the conference "
            f"({conference.held_on.isoformat()})"
        )
    row = deliberation_of(session, conference_id) or ConferenceDeliberation(conference_id=conference_id)
    row.outside_body = data.decided_by
    row.outside_outcome = data.outcome
    row.outside_decided_on = data.decided_on
    row.outside_note = clean(data.note)
    row.outside_recorded_by_id = actor.id
    row.outside_recorded_at = utcnow()
    return _save(session, actor, row)
