"""Method definitions as data: msgspec Structs decoded from TOML, cross-field validation and the loader.

One TOML file describes one method (DESIGN §4). ``load_methods`` reads the built-in files shipped next to
this module, then every ``*.toml`` in the organisation's folder. A broken definition raises
``DefinitionError``, whose message names the file, the field (``phases[2].requires[0].kind``) and what is
wrong in plain English, so that start-up stops with a message an administrator can act on.
"""

from __future__ import annotations

import re
import tomllib
from collections.abc import Iterable, Iterator, Mapping, Sequence
from enum import StrEnum
from importlib import resources
from itertools import chain
from pathlib import Path
from typing import Annotated, Any, NamedTuple, Protocol

import msgspec
from msgspec import Meta
from msgspec import inspect as mi

from reclassering.casefile.vocab import LifeDomain

#: Ids of methods, phases, scales, prompts and tools: lower-case letters, digits and underscores.
SLUG_PATTERN = r"^[a-z][a-z0-9_]*$"
#: Goal scores are stored as whole numbers in this range (see ``casefile.models.Score``).
SCORE_MIN, SCORE_MAX = 0, 10
#: The youth tool a ``three_houses`` requirement refers to.
THREE_HOUSES_TOOL = "three_houses"

_BUILTIN_PACKAGE = "reclassering.methods"
_LANGUAGES = {"nl": "Dutch", "en": "English"}

Slug = Annotated[str, Meta(pattern=SLUG_PATTERN)]
Count = Annotated[int, Meta(ge=1)]


class RequirementKind(StrEnum):
    """What a phase asks for before the measure moves on; the service checks each against stored records.

    A requirement is met when at least ``count`` matching records exist. Records count over the whole
    measure, except where ``Requirement.counted_from`` says to count from the start of a phase.
    """

    #: Mapping sessions (worries / working well / next steps) recorded for the measure.
    MAPPING_SESSION = "mapping_session"
    #: Success goals that carry a non-empty worry statement.
    WORRY_STATEMENT_GOAL = "worry_statement_goal"
    #: Network members of the youth.
    NETWORK_MEMBERS = "network_members"
    #: Two network members named as the coach pair (met or not met; ``count`` stays 1).
    COACH_PAIR = "coach_pair"
    #: Network meetings held (the youth, the network and the worker together).
    NETWORK_MEETING = "network_meeting"
    #: Individual talks with the youth.
    INDIVIDUAL_TALK = "individual_talk"
    #: Negative interaction patterns named together with a strength that breaks them.
    PATTERN_NAMED = "pattern_named"
    #: Weekly check-ins; by default only those of weeks since the phase began.
    CHECK_INS = "check_ins"
    #: The youth's three houses (worries, good things, dreams) filled in (met or not met).
    THREE_HOUSES = "three_houses"
    #: Reviews held with the network.
    NETWORK_REVIEW = "network_review"
    #: A closing summary written (met or not met).
    CLOSING_SUMMARY = "closing_summary"


#: Kinds that are met or not: their count must stay 1.
FLAG_KINDS = frozenset({RequirementKind.COACH_PAIR, RequirementKind.THREE_HOUSES, RequirementKind.CLOSING_SUMMARY})
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


# --- loading ------------------------------------------------------------------------------------------------


def load_definition(path: Path) -> MethodDefinition:
    """Read, decode and validate one definition file; errors name the file by the path given."""
    source = str(path)
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise DefinitionError(source, [Problem("", f"cannot read the file ({exc.strerror or exc})")]) from exc
    return parse_definition(data, source)


def parse_definition(data: bytes | str, source: str) -> MethodDefinition:
    """Decode and validate a definition from TOML text; ``source`` names it in error messages."""
    definition = _convert(_parse_toml(data, source), source)
    problems = validate(definition)
    if problems:
        raise DefinitionError(source, problems)
    return definition


def load_methods(extra_dir: Path | None = None) -> dict[str, MethodDefinition]:
    """The built-in definitions, then every ``*.toml`` in ``extra_dir``, by method id.

    A method id used twice is an error naming both files: to tune a built-in method, copy its file and
    give the copy its own id.
    """
    methods: dict[str, MethodDefinition] = {}
    origins: dict[str, str] = {}
    for source, origin, definition in chain(_builtin_definitions(), _extra_definitions(extra_dir)):
        if definition.id in methods:
            message = (
                f'the method id "{definition.id}" is already used by {origins[definition.id]}; '
                "give this method its own id"
            )
            raise DefinitionError(source, [Problem("id", message)])
        methods[definition.id] = definition
        origins[definition.id] = origin
    return methods


def _builtin_definitions() -> Iterator[tuple[str, str, MethodDefinition]]:
    entries = sorted(resources.files(_BUILTIN_PACKAGE).iterdir(), key=lambda entry: entry.name)
    for entry in entries:
        if entry.is_file() and entry.name.endswith(".toml"):
            yield entry.name, f"the built-in {entry.name}", parse_definition(entry.read_bytes(), entry.name)


def _extra_definitions(extra_dir: Path | None) -> Iterator[tuple[str, str, MethodDefinition]]:
    if extra_dir is None:
        return
    if not extra_dir.is_dir():
        raise DefinitionError(str(extra_dir), [Problem("", "the methods folder does not exist")])
    for path in sorted(extra_dir.glob("*.toml")):
        if path.is_file():
            yield str(path), str(path), load_definition(path)


class MethodRegistry:
    """The loaded methods, looked up by id; built once at start-up and shared (the definitions are frozen)."""

    def __init__(self, methods: Mapping[str, MethodDefinition]) -> None:
        self._methods = dict(methods)

    @classmethod
    def load(cls, extra_dir: Path | None = None) -> MethodRegistry:
        return cls(load_methods(extra_dir))

    def __contains__(self, method_id: object) -> bool:
        return method_id in self._methods

    def __iter__(self) -> Iterator[MethodDefinition]:
        return iter(self._methods.values())

    def __len__(self) -> int:
        return len(self._methods)

    def ids(self) -> tuple[str, ...]:
        return tuple(self._methods)

    def get(self, method_id: str) -> MethodDefinition:
        try:
            return self._methods[method_id]
        except KeyError:
            known = ", ".join(self._methods) or "none"
            raise MethodLookupError(f'unknown method "{method_id}" (known: {known})') from None

    def phase(self, method_id: str, phase_id: str) -> Phase:
        return self.get(method_id).phase(phase_id)

    def next_phase(self, method_id: str, phase_id: str) -> Phase | None:
        """The phase after ``phase_id``, or ``None`` when ``phase_id`` is the final phase."""
        return self.get(method_id).next_phase(phase_id)


# --- decoding and translating decode errors -----------------------------------------------------------------

_TOML_POSITION = re.compile(r"^(?P<what>.*?) \((?:at line (?P<line>\d+), column (?P<column>\d+)|at end of document)\)$")
_AT_PATH = re.compile(r"^(?P<what>.*?)(?: - at `\$(?P<path>[^`]*)`)?$")
_PATH_PART = re.compile(r"\.(?P<name>[A-Za-z_][A-Za-z0-9_]*)|\[(?P<index>\d+)\]")
_UNKNOWN_FIELD = re.compile(r"^Object contains unknown field `(?P<name>[^`]+)`$")
_MISSING_FIELD = re.compile(r"^Object missing required field `(?P<name>[^`]+)`$")
_INVALID_ENUM = re.compile(r"^Invalid enum value (?P<value>.+)$")
_WRONG_TYPE = re.compile(r"^Expected `(?P<expected>[^`]+)`, got `(?P<got>[^`]+)`$")
_CONSTRAINT = re.compile(r"^Expected `(?P<expected>[^`]+)` (?P<constraint>.+)$")
_BOUND = re.compile(r"^(?P<op>[<>]=?) (?P<limit>-?\d+)$")
_LENGTH = re.compile(r"^of length (?P<op>[<>]=?) (?P<limit>\d+)$")
_PATTERN = re.compile(r"^matching regex '(?P<pattern>.*)'$")

_TYPE_NAMES = {
    "int": "a whole number",
    "float": "a number",
    "str": "text",
    "bool": "true or false",
    "array": "a list",
    "object": "a table",
    "datetime": "a date and time",
    "date": "a date",
    "time": "a time",
}
_SLUG_HINT = 'must be an id of lower-case letters, digits and underscores, starting with a letter (like "week_2")'
_BOUND_WORDS = {">=": "of at least", "<=": "of at most", ">": "greater than", "<": "less than"}
_CHOICE_NOUNS: dict[type, str] = {
    RequirementKind: "requirement kind",
    LifeDomain: "life domain",
    Audience: "audience",
    ScaleUse: "scale use",
}

PathParts = list[str | int]


def _parse_toml(data: bytes | str, source: str) -> dict[str, Any]:
    try:
        text = data.decode("utf-8") if isinstance(data, bytes) else data
    except UnicodeDecodeError as exc:
        raise DefinitionError(source, [Problem("", "the file is not UTF-8 text")]) from exc
    try:
        return tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise DefinitionError(source, [_toml_problem(str(exc))]) from exc


def _toml_problem(message: str) -> Problem:
    match = _TOML_POSITION.match(message)
    if match is None:
        return Problem("", f"not valid TOML: {_lower_first(message)}")
    where = f"line {match['line']}, column {match['column']}" if match["line"] else "end of file"
    return Problem(where, f"not valid TOML: {_lower_first(match['what'])}")


def _convert(document: dict[str, Any], source: str) -> MethodDefinition:
    try:
        return msgspec.convert(document, MethodDefinition)
    except msgspec.ValidationError as exc:
        raise DefinitionError(source, [_decode_problem(str(exc))]) from exc


def _decode_problem(message: str) -> Problem:
    """Turn a msgspec message (``Expected `int`, got `str` - at `$.version```) into a plain ``Problem``."""
    match = _AT_PATH.match(message)
    what = match["what"] if match else message
    parts = _path_parts(match["path"] or "") if match else []
    path = _format_path(parts)
    if found := _UNKNOWN_FIELD.match(what):
        return _unknown_field(parts, found["name"])
    if found := _MISSING_FIELD.match(what):
        return _missing_field(parts, found["name"])
    if found := _INVALID_ENUM.match(what):
        return Problem(path, _invalid_choice(parts, found["value"].strip("'\"")))
    if found := _WRONG_TYPE.match(what):
        return Problem(path, f"expected {_describe(found['expected'])}, but got {_describe(found['got'])}")
    if found := _CONSTRAINT.match(what):
        return Problem(path, _constraint(found["expected"], found["constraint"]))
    return Problem(path, _lower_first(what))


def _unknown_field(parts: PathParts, name: str) -> Problem:
    struct = _type_at(parts)
    allowed = [field.name for field in struct.fields] if isinstance(struct, mi.StructType) else []
    hint = f"; the fields allowed here are: {', '.join(allowed)}" if allowed else ""
    return Problem(_format_path([*parts, name]), f"unknown field{hint}")


def _missing_field(parts: PathParts, name: str) -> Problem:
    struct = _type_at(parts)
    if isinstance(struct, mi.StructType) and struct.cls is Translated and name in _LANGUAGES:
        return Problem(_format_path(parts), f'missing the {_LANGUAGES[name]} ("{name}") text')
    return Problem(_format_path([*parts, name]), "missing; this field is required")


def _invalid_choice(parts: PathParts, value: str) -> str:
    choice = _type_at(parts)
    if isinstance(choice, mi.EnumType):
        noun = _CHOICE_NOUNS.get(choice.cls, "value")
        allowed = ", ".join(str(member.value) for member in choice.cls)
        return f'"{value}" is not a known {noun}; use one of: {allowed}'
    if isinstance(choice, mi.LiteralType):
        return f'"{value}" is not allowed here; use one of: {", ".join(map(str, choice.values))}'
    return f'"{value}" is not allowed here'


def _constraint(expected: str, constraint: str) -> str:
    if found := _BOUND.match(constraint):
        return f"must be {_describe(expected)} {_BOUND_WORDS[found['op']]} {found['limit']}"
    if found := _PATTERN.match(constraint):
        if found["pattern"] == SLUG_PATTERN:
            return _SLUG_HINT
        return f"must match the pattern {found['pattern']}"
    if (found := _LENGTH.match(constraint)) and found["op"] == ">=" and found["limit"] == "1":
        return "must not be empty"
    return f"expected {_describe(expected)} {constraint}"


def _describe(type_names: str) -> str:
    names = [name.strip() for name in type_names.split("|") if name.strip() != "null"]
    return " or ".join(_TYPE_NAMES.get(name, name) for name in names) or "nothing"


def _path_parts(raw: str) -> PathParts:
    return [int(m["index"]) if m["index"] is not None else m["name"] for m in _PATH_PART.finditer(raw)]


def _format_path(parts: Iterable[str | int]) -> str:
    path = ""
    for part in parts:
        if isinstance(part, int):
            path += f"[{part}]"
        else:
            path = f"{path}.{part}" if path else part
    return path


def _type_at(parts: PathParts) -> mi.Type | None:
    """The msgspec type found by following a field path from ``MethodDefinition``."""
    info: mi.Type | None = mi.type_info(MethodDefinition)
    for part in parts:
        info = _without_none(info)
        if isinstance(part, str) and isinstance(info, mi.StructType):
            info = next((field.type for field in info.fields if field.name == part), None)
        elif isinstance(part, int) and isinstance(info, mi.VarTupleType | mi.ListType):
            info = info.item_type
        else:
            return None
    return _without_none(info)


def _without_none(info: mi.Type | None) -> mi.Type | None:
    if isinstance(info, mi.Metadata):
        info = info.type
    if isinstance(info, mi.UnionType):
        others = [member for member in info.types if not isinstance(member, mi.NoneType)]
        if len(others) == 1:
            return others[0]
    return info


def _lower_first(text: str) -> str:
    return text[:1].lower() + text[1:]


# --- validation after decoding ------------------------------------------------------------------------------


def validate(definition: MethodDefinition) -> list[Problem]:
    """Every cross-field problem of a decoded definition; empty when it can be used."""
    checks = (
        _check_texts,
        _check_phases,
        _check_requirements,
        _check_scales,
        _check_weekly_prompts,
        _check_life_domains,
        _check_youth_tools,
    )
    return [problem for check in checks for problem in check(definition)]


def _check_texts(definition: MethodDefinition) -> Iterator[Problem]:
    return _text_problems(definition, "")


def _text_problems(value: object, path: str) -> Iterator[Problem]:
    if isinstance(value, Translated):
        for language, label in _LANGUAGES.items():
            if not getattr(value, language).strip():
                yield Problem(path, f'the {label} ("{language}") text is empty')
    elif isinstance(value, msgspec.Struct):
        for name in value.__struct_fields__:
            yield from _text_problems(getattr(value, name), f"{path}.{name}" if path else name)
    elif isinstance(value, tuple):
        for index, item in enumerate(value):
            yield from _text_problems(item, f"{path}[{index}]")


def _check_phases(definition: MethodDefinition) -> Iterator[Problem]:
    phases = definition.phases
    if not phases:
        yield Problem("phases", "a method needs at least one phase")
        return
    yield from _duplicate_ids(phases, "phases")
    last = len(phases) - 1
    for index, phase in enumerate(phases[:-1]):
        if phase.final:
            yield Problem(
                f"phases[{index}].final",
                f'only the last phase can be final, but "{phase.id}" is phase {index + 1} of {last + 1}',
            )
    if not phases[last].final:
        yield Problem(
            f"phases[{last}].final",
            f'the last phase ("{phases[last].id}") must be the closing phase: set final = true',
        )


def _check_requirements(definition: MethodDefinition) -> Iterator[Problem]:
    positions = _phase_positions(definition)
    for phase_index, phase in enumerate(definition.phases):
        first_of_kind: dict[RequirementKind, int] = {}
        for index, requirement in enumerate(phase.requires):
            path = f"phases[{phase_index}].requires[{index}]"
            if requirement.kind in first_of_kind:
                earlier = f"phases[{phase_index}].requires[{first_of_kind[requirement.kind]}]"
                yield Problem(f"{path}.kind", f'"{requirement.kind}" is already required by {earlier}')
            first_of_kind.setdefault(requirement.kind, index)
            if requirement.kind in FLAG_KINDS and requirement.count != 1:
                yield Problem(f"{path}.count", f'"{requirement.kind}" is met or not; leave count out')
            yield from _since_problems(requirement, phase_index, positions, path)
            if requirement.kind is RequirementKind.THREE_HOUSES:
                yield from _three_houses_problems(definition, phase_index, positions, path)


def _since_problems(
    requirement: Requirement, phase_index: int, positions: Mapping[str, int], path: str
) -> Iterator[Problem]:
    since = requirement.since
    if since is None:
        return
    if since not in positions:
        yield Problem(f"{path}.since", _unknown_phase(since, positions))
    elif positions[since] > phase_index:
        message = f'"{since}" comes after this phase; count from this phase or an earlier one'
        yield Problem(f"{path}.since", message)


def _three_houses_problems(
    definition: MethodDefinition, phase_index: int, positions: Mapping[str, int], path: str
) -> Iterator[Problem]:
    tool = next((tool for tool in definition.youth_tools if tool.id == THREE_HOUSES_TOOL), None)
    if tool is None:
        yield Problem(f"{path}.kind", f'needs a youth tool with id "{THREE_HOUSES_TOOL}" in [[youth_tools]]')
    elif tool.phases and all(positions.get(phase, phase_index + 1) > phase_index for phase in tool.phases):
        yield Problem(
            f"{path}.kind",
            f'the youth tool "{THREE_HOUSES_TOOL}" is not offered in this phase or an earlier one; '
            "add one of them to the tool's phases",
        )


def _check_scales(definition: MethodDefinition) -> Iterator[Problem]:
    yield from _duplicate_ids(definition.scales, "scales")
    for index, scale in enumerate(definition.scales):
        if scale.min >= scale.max:
            yield Problem(f"scales[{index}].min", f"min ({scale.min}) must be lower than max ({scale.max})")
        elif scale.applies_to is ScaleUse.GOAL and (scale.min < SCORE_MIN or scale.max > SCORE_MAX):
            yield Problem(
                f"scales[{index}]",
                f"a goal scale must lie within {SCORE_MIN}..{SCORE_MAX}, the range scores are stored in",
            )
    for use in ScaleUse:
        indices = [index for index, scale in enumerate(definition.scales) if scale.applies_to is use]
        if len(indices) > 1:
            yield Problem(
                f"scales[{indices[1]}].applies_to",
                f'only one scale can apply to "{use}"; scales[{indices[0]}] already does',
            )
    if definition.scale_for(ScaleUse.GOAL) is None:
        yield Problem("scales", 'a method needs one scale with applies_to = "goal" to score goals')


def _check_weekly_prompts(definition: MethodDefinition) -> Iterator[Problem]:
    yield from _prompt_set_problems(definition.weekly_prompts, "weekly_prompts")
    for index, phase in enumerate(definition.phases):
        if phase.weekly_prompts is not None:
            yield from _prompt_set_problems(phase.weekly_prompts, f"phases[{index}].weekly_prompts")


def _prompt_set_problems(prompts: Sequence[Prompt], path: str) -> Iterator[Problem]:
    yield from _duplicate_ids(prompts, path)
    for audience in (Audience.WORKER, Audience.YOUTH):
        if not any(prompt.shown_to(audience) for prompt in prompts):
            message = f'no prompt for the {audience}; add one with audience = "{audience}" or "both"'
            yield Problem(path, message)


def _check_life_domains(definition: MethodDefinition) -> Iterator[Problem]:
    if not definition.life_domains:
        yield Problem("life_domains", "list at least one life domain")
    seen: set[LifeDomain] = set()
    for index, domain in enumerate(definition.life_domains):
        if domain in seen:
            yield Problem(f"life_domains[{index}]", f'"{domain}" is listed twice')
        seen.add(domain)


def _check_youth_tools(definition: MethodDefinition) -> Iterator[Problem]:
    positions = _phase_positions(definition)
    yield from _duplicate_ids(definition.youth_tools, "youth_tools")
    for index, tool in enumerate(definition.youth_tools):
        path = f"youth_tools[{index}]"
        if not tool.parts:
            yield Problem(f"{path}.parts", "a youth tool needs at least one part")
        yield from _duplicate_ids(tool.parts, f"{path}.parts")
        for phase_index, phase_id in enumerate(tool.phases):
            if phase_id not in positions:
                yield Problem(f"{path}.phases[{phase_index}]", _unknown_phase(phase_id, positions))


class _Identified(Protocol):
    @property
    def id(self) -> str: ...


def _duplicate_ids(items: Sequence[_Identified], path: str) -> Iterator[Problem]:
    first: dict[str, int] = {}
    for index, item in enumerate(items):
        if item.id in first:
            message = f'the id "{item.id}" is already used by {path}[{first[item.id]}]'
            yield Problem(f"{path}[{index}].id", message)
        first.setdefault(item.id, index)


def _phase_positions(definition: MethodDefinition) -> dict[str, int]:
    positions: dict[str, int] = {}
    for index, phase in enumerate(definition.phases):
        positions.setdefault(phase.id, index)
    return positions


def _unknown_phase(phase_id: str, positions: Mapping[str, int]) -> str:
    return f'there is no phase "{phase_id}" in this method (phases: {", ".join(positions)})'
