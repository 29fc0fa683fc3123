"""Validation of a decoded method definition across fields: every problem, each naming its field."""

from __future__ import annotations

from collections.abc import Iterator, Mapping, Sequence
from typing import Protocol

import msgspec

from reclassering.casefile.vocab import LifeDomain

from .definition_schema import (
    FLAG_KINDS,
    LANGUAGES,
    SCORE_MAX,
    SCORE_MIN,
    Audience,
    MethodDefinition,
    Problem,
    Prompt,
    Requirement,
    RequirementKind,
    ScaleUse,
    Translated,
)


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
        for language, label in LANGUAGES.items():
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
            if requirement.with_danger_statement and requirement.kind is not RequirementKind.MAPPING_SESSION:
                message = f'only a "mapping_session" requirement asks for a danger statement, not "{requirement.kind}"'
                yield Problem(f"{path}.with_danger_statement", message)


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
