"""Decoding a method definition from TOML, and turning TOML and msgspec errors into plain ``Problem``s."""

from __future__ import annotations

import re
import tomllib
from collections.abc import Iterable
from typing import Any

import msgspec
from msgspec import inspect as mi

from reclassering.casefile.vocab import LifeDomain

from .definition_schema import (
    LANGUAGES,
    RETIRED_KINDS,
    SLUG_PATTERN,
    Audience,
    DefinitionError,
    MethodDefinition,
    Problem,
    RequirementKind,
    ScaleUse,
    Translated,
)

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


def parse_toml(data: bytes | str, source: str) -> dict[str, Any]:
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


def convert(document: dict[str, Any], source: str) -> MethodDefinition:
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
    if isinstance(struct, mi.StructType) and struct.cls is Translated and name in LANGUAGES:
        return Problem(_format_path(parts), f'missing the {LANGUAGES[name]} ("{name}") text')
    return Problem(_format_path([*parts, name]), "missing; this field is required")


def _invalid_choice(parts: PathParts, value: str) -> str:
    choice = _type_at(parts)
    if isinstance(choice, mi.EnumType):
        if choice.cls is RequirementKind and value in RETIRED_KINDS:
            return f'"{value}" can no longer be required: {RETIRED_KINDS[value]}'
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
