"""Loading the method definitions (the built-in files, then the organisation's folder) and the registry.

``load_methods`` reads the built-in files shipped next to this module, then every ``*.toml`` in the
organisation's folder. A broken definition raises ``DefinitionError`` so that start-up stops with a message
an administrator can act on.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from importlib import resources
from itertools import chain
from pathlib import Path

from .definition_checks import validate
from .definition_decode import convert, parse_toml
from .definition_schema import DefinitionError, MethodDefinition, MethodLookupError, Phase, Problem

_BUILTIN_PACKAGE = "reclassering.methods"


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
    definition = convert(parse_toml(data, source), source)
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
