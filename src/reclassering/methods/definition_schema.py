"""Method definitions as data: the msgspec Structs one TOML file decodes into, and the errors naming a problem.

One TOML file describes one method (DESIGN §4). ``registry`` reads and decodes the files, ``definition_checks``
validates a decoded definition across fields and ``definition_decode`` turns msgspec's decode errors into
plain messages; a broken definition raises ``DefinitionError``, whose message names the file, the field
(``phases[2].requires[0].kind``) and what is wrong in plain English.
"""

from __future__ import annotations

from collections.abc import Sequence
from enum import StrEnum
from typing import Annotated, NamedTuple

import msgspec
from msgspec import Meta

from reclassering.casefile.vocab import LifeDomain

#: Ids of methods, phases, scales, prompts and tools: lower-case letters, digits and underscores.
SLUG_PATTERN = r"^[a-z][a-z0-9_]*$"
#: Goal scores are stored as whole numbers in this range (see ``casefile.models.Score``).
SCORE_MIN, SCORE_MAX = 0, 10
#: Requirement kinds no longer accepted, with why: the three houses are offered at the worker's choice.
RETIRED_KINDS = {
    "three_houses": "the three houses are a tool the worker may offer, never a requirement that blocks a phase",
}

LANGUAGES = {"nl": "Dutch", "en": "English"}

Slug = Annotated[str, Meta(pattern=SLUG_PATTERN)]
Count = Annotated[int, Meta(ge=1)]


class RequirementKind(StrEnum):
    """What a phase asks for before the measure moves on; the service checks each against stored records.

    A requirement is met when at least ``count`` matching records exist. Records count over the whole
    measure, except where ``Requirement.counted_from`` says to count from the start of a phase.
    """

    #: Mapping sessions (harm, danger statement, worries / working well / next steps, the judgement scale).
    MAPPING_SESSION = "mapping_session"
    #: Success goals that carry a non-empty worry statement.
    WORRY_STATEMENT_GOAL = "worry_statement_goal"
    #: Network members of the youth.
    NETWORK_MEMBERS = "network_members"
    #: Safe Path: two trained professional coaches named as the coach pair (met or not; ``count`` stays 1).
    COACH_PAIR = "coach_pair"
    #: Network meetings held (the youth, the network and the worker together).
    NETWORK_MEETING = "network_meeting"
    #: Individual talks with the youth.
    INDIVIDUAL_TALK = "individual_talk"
    #: Negative interaction patterns named together with a strength that breaks them.
    PATTERN_NAMED = "pattern_named"
    #: Weekly check-ins; by default only those of weeks since the phase began.
    CHECK_INS = "check_ins"
    #: Reviews held with the network.
    NETWORK_REVIEW = "network_review"
    #: A closing summary written (met or not met).
    CLOSING_SUMMARY = "closing_summary"


#: Kinds that are met or not: their count must stay 1.
FLAG_KINDS = frozenset({RequirementKind.COACH_PAIR, RequirementKind.CLOSING_SUMMARY})
#: Kinds counted from the start of the phase that holds them unless ``since`` says otherwise.
PHASE_SCOPED_KINDS = frozenset({RequirementKind.CHECK_INS})


class Audience(StrEnum):
    """Who a weekly prompt is shown to."""

    WORKER = "worker"
    YOUTH = "youth"
    BOTH = "both"


class ScaleUse(StrEnum):
    """What a scale scores: each goal in the weekly check-in, or how things go overall."""

    GOAL = "goal"
    OVERALL = "overall"


class _Definition(msgspec.Struct, frozen=True, forbid_unknown_fields=True, kw_only=True):
    """Base of every definition Struct: immutable, and an unknown (misspelt) field is an error."""


class Translated(_Definition):
    """A text in Dutch and English; both are required and must not be empty."""

    nl: str
    en: str

    def get(self, locale: str) -> str:
        """The text for a locale such as ``nl``, ``en`` or ``en-GB``; Dutch for anything else."""
        return self.en if locale.lower().startswith("en") else self.nl


class Requirement(_Definition):
    """Something a phase asks for, with the text shown while it is still missing."""

    kind: RequirementKind
    description: Translated
    count: Count = 1
    #: Count only records made since the measure entered this phase (this phase or an earlier one).
    since: Slug | None = None
    #: ``mapping_session`` only: count sessions with a danger statement, and refuse recording a session
    #: without one while the measure is in this phase.
    with_danger_statement: bool = False

    def counted_from(self, phase_id: str) -> str | None:
        """The phase from whose start records count when phase ``phase_id`` holds this requirement.

        ``None`` means over the whole measure. ``since`` wins when given; otherwise check-ins count from
        the start of the holding phase and every other kind counts over the whole measure.
        """
        if self.since is not None:
            return self.since
        return phase_id if self.kind in PHASE_SCOPED_KINDS else None


class PhasePrompts(_Definition):
    """Questions shown during a phase: to the worker and to the youth."""

    worker: tuple[Translated, ...] = ()
    youth: tuple[Translated, ...] = ()


class Prompt(_Definition):
    """A weekly check-in question."""

    id: Slug
    audience: Audience
    text: Translated

    def shown_to(self, audience: Audience) -> bool:
        return self.audience in (Audience.BOTH, audience)


class Phase(_Definition):
    """A step of the method; the measure moves on once every requirement is met."""

    id: Slug
    name: Translated
    description: Translated
    requires: tuple[Requirement, ...] = ()
    prompts: PhasePrompts = PhasePrompts()
    #: Replaces the method's weekly prompts during this phase; ``None`` keeps the method's.
    weekly_prompts: tuple[Prompt, ...] | None = None
    #: The closing phase: exactly one, and it is the last.
    final: bool = False


class ScaleAnchors(_Definition):
    low: Translated
    high: Translated
    mid: Translated | None = None


class Scale(_Definition):
    id: Slug
    name: Translated
    applies_to: ScaleUse
    min: int
    max: int
    anchors: ScaleAnchors
    #: The question asked of every participant; the overall scale's question is the judgement scale.
    question: Translated | None = None


class ToolPart(_Definition):
    id: Slug
    name: Translated
    prompt: Translated


class YouthTool(_Definition):
    """An exercise the youth fills in, such as the three houses."""

    id: Slug
    name: Translated
    description: Translated
    parts: tuple[ToolPart, ...]
    #: Phases in which the tool is offered; empty means all phases.
    phases: tuple[Slug, ...] = ()


class MethodDefinition(_Definition):
    """One method, as decoded from its TOML file; ``validate`` has checked it across fields."""

    id: Slug
    #: Raised whenever the phases or requirements change, so an enrolment can say which version it follows.
    version: Count
    name: Translated
    summary: Translated
    #: Where this reading of the method comes from.
    source: Translated
    phases: tuple[Phase, ...]
    scales: tuple[Scale, ...]
    life_domains: tuple[LifeDomain, ...]
    weekly_prompts: tuple[Prompt, ...]
    youth_tools: tuple[YouthTool, ...] = ()
    #: Whether the phases are the method owner's official text; the built-in ones are not.
    official_text: bool = False
    #: What the phase model is: for the built-in methods, this project's reading of public descriptions.
    phase_model_note: Translated | None = None

    @property
    def first_phase(self) -> Phase:
        return self.phases[0]

    def phase_index(self, phase_id: str) -> int:
        for index, phase in enumerate(self.phases):
            if phase.id == phase_id:
                return index
        known = ", ".join(phase.id for phase in self.phases)
        raise MethodLookupError(f'method "{self.id}" has no phase "{phase_id}" (phases: {known})')

    def phase(self, phase_id: str) -> Phase:
        return self.phases[self.phase_index(phase_id)]

    def next_phase(self, phase_id: str) -> Phase | None:
        """The phase after ``phase_id``, or ``None`` after the final phase."""
        index = self.phase_index(phase_id) + 1
        return self.phases[index] if index < len(self.phases) else None

    def scale_for(self, use: ScaleUse) -> Scale | None:
        return next((scale for scale in self.scales if scale.applies_to is use), None)

    @property
    def judgement_question(self) -> Translated | None:
        """The overall judgement scale's question, asked of every participant of a mapping session."""
        scale = self.scale_for(ScaleUse.OVERALL)
        return scale.question if scale is not None else None

    def danger_statement_phase(self, phase_id: str) -> bool:
        """Whether phase ``phase_id`` refuses a mapping session without a danger statement."""
        return any(
            r.kind is RequirementKind.MAPPING_SESSION and r.with_danger_statement for r in self.phase(phase_id).requires
        )

    @property
    def goal_scale(self) -> Scale:
        scale = self.scale_for(ScaleUse.GOAL)
        if scale is None:  # validation guarantees one; guards definitions built by hand
            raise MethodLookupError(f'method "{self.id}" has no goal scale')
        return scale

    def weekly_prompts_for(self, phase_id: str, audience: Audience = Audience.BOTH) -> tuple[Prompt, ...]:
        """The weekly prompts during a phase (its override, else the method's) shown to ``audience``.

        ``Audience.BOTH`` returns them all, whoever they are for.
        """
        override = self.phase(phase_id).weekly_prompts
        prompts = self.weekly_prompts if override is None else override
        if audience is Audience.BOTH:
            return prompts
        return tuple(prompt for prompt in prompts if prompt.shown_to(audience))

    def youth_tools_for(self, phase_id: str) -> tuple[YouthTool, ...]:
        """The youth tools offered during a phase."""
        self.phase_index(phase_id)  # an unknown phase is an error, not an empty answer
        return tuple(tool for tool in self.youth_tools if not tool.phases or phase_id in tool.phases)


class MethodLookupError(LookupError):
    """A method or phase id that no loaded definition has."""


class Problem(NamedTuple):
    """One thing wrong with a definition: the field path (empty for the whole file) and what is wrong."""

    field: str
    message: str


class DefinitionError(ValueError):
    """A method definition that cannot be used; the message names the file, the field and the problem."""

    def __init__(self, source: str, problems: Sequence[Problem]) -> None:
        self.source = source
        self.problems = tuple(problems)
        super().__init__("\n".join(_format_problem(source, problem) for problem in self.problems))


def _format_problem(source: str, problem: Problem) -> str:
    where = f"{source}: {problem.field}" if problem.field else source
    return f"{where}: {problem.message}"
