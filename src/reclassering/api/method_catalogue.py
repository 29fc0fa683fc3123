"""The method catalogue: every loaded method with its phases, requirements, prompts, scales and youth tools,
in both languages; and the method registry and caller's language shared by the method routes."""

from __future__ import annotations

import msgspec
from litestar import Controller, Request, get
from litestar.di import NamedDependency, Provide
from litestar.params import FromPath, Parameter
from msgspec import Struct

from ..casefile.errors import NotFound
from ..casefile.models import User
from ..methods.definition_schema import MethodDefinition
from ..methods.registry import MethodRegistry
from ..methods.workflow import Locale
from .deps import Paging
from .guards import EVERYONE, rule
from .schemas import Paged, page_of

LOCALE = Parameter(default=None, description="Language of the texts, nl or en; defaults to your own setting")


def provide_methods(request: Request) -> MethodRegistry:
    """The method definitions loaded at start-up."""
    return request.app.state.methods


DEPENDENCIES = {"methods": Provide(provide_methods, sync_to_thread=False)}


def caller_locale(actor: User, locale: Locale | None) -> Locale:
    if locale is not None:
        return locale
    return Locale.EN if actor.locale.lower().startswith("en") else Locale.NL


# --- the catalogue: both languages ----------------------------------------------------------------------------


class TextOut(Struct):
    nl: str
    en: str


class RequirementOut(Struct):
    kind: str
    count: int
    description: TextOut
    since: str | None = None
    #: mapping_session only: count (and accept, in this phase) only sessions with a danger statement.
    with_danger_statement: bool = False


class PhasePromptsOut(Struct):
    worker: list[TextOut]
    youth: list[TextOut]


class PromptOut(Struct):
    id: str
    audience: str
    text: TextOut


class PhaseOut(Struct):
    id: str
    name: TextOut
    description: TextOut
    requires: list[RequirementOut]
    prompts: PhasePromptsOut
    final: bool
    #: The phase's own weekly prompts, replacing the method's; None keeps the method's.
    weekly_prompts: list[PromptOut] | None = None


class ScaleAnchorsOut(Struct):
    low: TextOut
    high: TextOut
    mid: TextOut | None = None


class ScaleOut(Struct):
    id: str
    name: TextOut
    applies_to: str
    min: int
    max: int
    anchors: ScaleAnchorsOut
    #: The question asked of every participant; the overall scale's is the judgement scale.
    question: TextOut | None = None


class ToolPartOut(Struct):
    id: str
    name: TextOut
    prompt: TextOut


class YouthToolOut(Struct):
    id: str
    name: TextOut
    description: TextOut
    parts: list[ToolPartOut]
    #: Phases in which the tool is offered; empty means all.
    phases: list[str]


class MethodOut(Struct):
    id: str
    version: int
    name: TextOut
    summary: TextOut
    source: TextOut
    #: Whether the phases are the method owner's official text; the built-in methods' are not.
    official_text: bool
    #: What the phase model is: this project's reading of public descriptions, not an official text.
    phase_model_note: TextOut
    phases: list[PhaseOut]
    scales: list[ScaleOut]
    life_domains: list[str]
    weekly_prompts: list[PromptOut]
    youth_tools: list[YouthToolOut]


#: Said of a method whose file gives no note of its own.
DEFAULT_PHASE_MODEL_NOTE = TextOut(
    nl="De fasen zijn een lezing van openbare beschrijvingen van de methode, geen officiële tekst.",
    en="The phases are a reading of public descriptions of the method, not an official text.",
)


def method_out(method: MethodDefinition) -> MethodOut:
    body = msgspec.to_builtins(method)
    if body.get("phase_model_note") is None:
        body["phase_model_note"] = msgspec.to_builtins(DEFAULT_PHASE_MODEL_NOTE)
    return msgspec.convert(body, MethodOut)


class MethodCatalogueController(Controller):
    path = "/api/v1/methods"
    tags = ["methods"]
    dependencies = DEPENDENCIES

    @get("/", opt=rule(EVERYONE), sync_to_thread=False)
    def list_methods(self, methods: NamedDependency[MethodRegistry], page: Paging) -> Paged[MethodOut]:
        """The methods a measure can follow: phases, what each asks for, prompts, scales and youth tools."""
        return page_of([method_out(m) for m in methods], page)

    @get("/{method_id:str}", opt=rule(EVERYONE), sync_to_thread=False)
    def read_method(self, methods: NamedDependency[MethodRegistry], method_id: FromPath[str]) -> MethodOut:
        if method_id not in methods:
            raise NotFound(f'there is no method "{method_id}" (methods: {", ".join(methods.ids())})')
        return method_out(methods.get(method_id))
