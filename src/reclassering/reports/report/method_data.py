"""The method's work in the case-conference report: the method and phase, the mapping sessions (harm, danger
statement, judgement scale), the meetings with the network, and the patterns with their breaks."""

from __future__ import annotations

from datetime import date

import msgspec

from ...casefile.types import day_of
from ...methods.registry import MethodRegistry
from ..case_work import CaseWork


class ScoredPerson(msgspec.Struct, frozen=True, kw_only=True):
    name: str
    role: str
    score: int | None


class MappingLine(msgspec.Struct, frozen=True, kw_only=True):
    held_on: date
    #: Each participant's score is their answer to the overall judgement scale (0-10).
    participants: tuple[ScoredPerson, ...]
    worries: str
    working_well: str
    next_steps: str
    kind: str = "mapping"
    harm: str = ""
    danger_statement: str = ""
    complicating_factors: str = ""
    existing_safety: str = ""


class MeetingLine(msgspec.Struct, frozen=True, kw_only=True):
    kind: str
    held_on: date
    participants: tuple[str, ...]
    summary: str
    outcomes: str


class PatternBreakLine(msgspec.Struct, frozen=True, kw_only=True):
    occurred_on: date
    text: str
    author_role: str


class PatternLine(msgspec.Struct, frozen=True, kw_only=True):
    pattern: str
    breaking_strength: str
    named_on: date
    active: bool
    breaks: tuple[PatternBreakLine, ...]


class MethodLine(msgspec.Struct, frozen=True, kw_only=True):
    """The method the measure follows and its work up to the reference date."""

    method_id: str
    method_name: str
    phase_id: str
    phase_name: str
    phase_since: date
    mapping_sessions: tuple[MappingLine, ...]
    meetings: tuple[MeetingLine, ...]
    patterns: tuple[PatternLine, ...]
    #: The method's judgement scale question in the report's language; empty when the method has none.
    judgement_question: str = ""


def method_line(work: CaseWork, as_of: date, locale: str, methods: MethodRegistry) -> MethodLine | None:
    enrolment = work.enrolment
    if enrolment is None:
        return None
    method_name, phase_name, question = enrolment.method_id, enrolment.current_phase, ""
    if enrolment.method_id in methods:
        definition = methods.get(enrolment.method_id)
        method_name = definition.name.get(locale)
        question = definition.judgement_question.get(locale) if definition.judgement_question else ""
        phase_name = next(
            (p.name.get(locale) for p in definition.phases if p.id == enrolment.current_phase), phase_name
        )
    return MethodLine(
        method_id=enrolment.method_id,
        method_name=method_name,
        phase_id=enrolment.current_phase,
        phase_name=phase_name,
        phase_since=day_of(enrolment.phase_entered_at),
        judgement_question=question,
        mapping_sessions=tuple(
            MappingLine(
                held_on=m.held_on,
                participants=tuple(
                    ScoredPerson(name=p.get("name", ""), role=p.get("role", ""), score=p.get("score"))
                    for p in m.participants
                ),
                worries=m.worries,
                working_well=m.working_well,
                next_steps=m.next_steps,
                kind=m.kind,
                harm=m.harm,
                danger_statement=m.danger_statement,
                complicating_factors=m.complicating_factors,
                existing_safety=m.existing_safety,
            )
            for m in work.mapping_sessions
            if m.held_on <= as_of
        ),
        meetings=tuple(
            MeetingLine(
                kind=m.kind,
                held_on=m.held_on,
                participants=tuple(m.participants),
                summary=m.summary,
                outcomes=m.outcomes,
            )
            for m in work.meetings
            if m.held_on <= as_of
        ),
        patterns=tuple(
            PatternLine(
                pattern=p.pattern,
                breaking_strength=p.breaking_strength,
                named_on=p.named_on,
                active=p.active,
                breaks=tuple(
                    PatternBreakLine(occurred_on=b.occurred_on, text=b.text, author_role=b.author_role)
                    for b in work.pattern_breaks.get(p.id, [])  # type: ignore[arg-type]
                    if b.occurred_on <= as_of
                ),
            )
            for p in work.patterns
            if p.named_on <= as_of
        ),
    )


def judgement_by_participant(sessions: tuple[MappingLine, ...]) -> list[tuple[str, list[tuple[date, int]]]]:
    """Each participant's judgement scores, oldest first, in the order they first answered."""
    lines: dict[str, list[tuple[date, int]]] = {}
    for session in sorted(sessions, key=lambda s: s.held_on):
        for person in session.participants:
            if person.score is not None:
                lines.setdefault(f"{person.name} ({person.role})", []).append((session.held_on, person.score))
    return list(lines.items())
