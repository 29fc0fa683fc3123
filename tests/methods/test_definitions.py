"""Method definitions: the built-in files load, broken files fail with messages naming file and field."""

from __future__ import annotations

import re
from importlib import resources
from pathlib import Path

import pytest

from reclassering.methods.definition_schema import (
    Audience,
    DefinitionError,
    MethodDefinition,
    MethodLookupError,
    RequirementKind,
    ScaleUse,
    Translated,
)
from reclassering.methods.registry import MethodRegistry, load_definition, load_methods, parse_definition

REQUIREMENT_KINDS = (
    "mapping_session, worry_statement_goal, network_members, coach_pair, network_meeting, individual_talk, "
    "pattern_named, check_ins, network_review, closing_summary"
)
LIFE_DOMAINS = "family, school_work, free_time, friends, substance_use, thinking_behaviour, finances, housing, health"

VALID = """\
id = "mini"
version = 1
name = { nl = "Mini", en = "Mini" }
summary = { nl = "Korte methode", en = "Short method" }
source = { nl = "Voor de tests", en = "For the tests" }
life_domains = ["family", "school_work"]

[[phases]]
id = "start"
name = { nl = "Begin", en = "Start" }
description = { nl = "Kennismaken", en = "Getting to know" }

[[phases.requires]]
kind = "network_members"
count = 1
description = { nl = "Voeg iemand toe", en = "Add someone" }

[[phases]]
id = "work"
name = { nl = "Werk", en = "Work" }
description = { nl = "Elke week", en = "Every week" }

[[phases.requires]]
kind = "check_ins"
count = 2
description = { nl = "Twee check-ins", en = "Two check-ins" }

[[phases]]
id = "end"
final = true
name = { nl = "Einde", en = "End" }
description = { nl = "Afsluiten", en = "Closing" }

[[phases.requires]]
kind = "closing_summary"
description = { nl = "Schrijf de samenvatting", en = "Write the summary" }

[[scales]]
id = "goal"
applies_to = "goal"
name = { nl = "Doel", en = "Goal" }
min = 0
max = 10

[scales.anchors]
low = { nl = "niets", en = "nothing" }
high = { nl = "alles", en = "everything" }

[[weekly_prompts]]
id = "went_well"
audience = "both"
text = { nl = "Wat ging goed?", en = "What went well?" }
"""

THREE_HOUSES_TOOL = """
[[youth_tools]]
id = "three_houses"
name = { nl = "Drie huizen", en = "Three houses" }
description = { nl = "Zorgen, goede dingen, dromen", en = "Worries, good things, dreams" }
phases = ["end"]

[[youth_tools.parts]]
id = "dreams"
name = { nl = "Dromen", en = "Dreams" }
prompt = { nl = "Wat droom je?", en = "What do you dream of?" }
"""


def edited(*replacements: tuple[str, str], append: str = "") -> str:
    """The valid definition with each ``old`` text replaced once by ``new`` (failing if ``old`` is absent)."""
    text = VALID
    for old, new in replacements:
        assert old in text, f"test setup: {old!r} not in the valid definition"
        text = text.replace(old, new, 1)
    return text + append


def write(folder: Path, name: str, text: str) -> Path:
    path = folder / name
    path.write_text(text, encoding="utf-8")
    return path


def load_error(tmp_path: Path, text: str) -> tuple[Path, str]:
    path = write(tmp_path, "broken.toml", text)
    with pytest.raises(DefinitionError) as caught:
        load_definition(path)
    return path, str(caught.value)


def builtin_text(name: str) -> str:
    return resources.files("reclassering.methods").joinpath(name).read_text(encoding="utf-8")


# --- the built-in definitions --------------------------------------------------------------------------


def test_builtin_methods_load_and_validate() -> None:
    methods = load_methods()

    assert sorted(methods) == ["safe_path", "signs_of_success"]
    assert all(isinstance(method, MethodDefinition) for method in methods.values())


def test_signs_of_success_follows_the_design_phases() -> None:
    method = load_methods()["signs_of_success"]

    requirements = [
        (phase.id, [(req.kind.value, req.count) for req in phase.requires], phase.final) for phase in method.phases
    ]
    assert requirements == [
        ("getting_to_know", [("network_members", 1)], False),
        ("mapping", [("mapping_session", 1)], False),
        ("goals", [("worry_statement_goal", 1)], False),
        ("weekly_work", [("check_ins", 4)], False),
        ("network_review", [("network_review", 1)], False),
        ("closure", [("closing_summary", 1)], True),
    ]
    assert [(scale.id, scale.applies_to, scale.min, scale.max) for scale in method.scales] == [
        ("overall", ScaleUse.OVERALL, 0, 10),
        ("goal", ScaleUse.GOAL, 0, 10),
    ]
    # The mapping phase asks for a danger statement; the overall scale carries the judgement question.
    assert method.danger_statement_phase("mapping") and not method.danger_statement_phase("goals")
    assert method.judgement_question is not None and "0 tot 10" in method.judgement_question.nl
    assert "0 to 10" in method.judgement_question.en
    assert [part.id for part in method.youth_tools[0].parts] == ["worries", "good_things", "dreams"]
    assert len(method.life_domains) == 9


def test_safe_path_follows_the_design_phases() -> None:
    method = load_methods()["safe_path"]

    requirements = [
        (phase.id, [(req.kind.value, req.count) for req in phase.requires], phase.final) for phase in method.phases
    ]
    assert requirements == [
        ("team_forming", [("network_members", 2), ("coach_pair", 1)], False),
        ("first_network_meeting", [("network_meeting", 1)], False),
        ("patterns", [("pattern_named", 1), ("individual_talk", 1)], False),
        ("weekly_work", [("check_ins", 4), ("network_meeting", 2)], False),
        ("closure", [("closing_summary", 1)], True),
    ]
    weekly = method.phase("weekly_work")
    assert weekly.requires[0].counted_from("weekly_work") == "weekly_work"
    assert weekly.requires[1].counted_from("weekly_work") is None  # meetings count over the whole measure
    assert "public descriptions" in method.source.en


def test_every_phase_has_prompts_for_worker_and_youth() -> None:
    for method in load_methods().values():
        for phase in method.phases:
            assert phase.prompts.worker, f"{method.id}.{phase.id} has no worker prompts"
            assert phase.prompts.youth, f"{method.id}.{phase.id} has no youth prompts"


def test_a_broken_builtin_is_named_by_its_file_name() -> None:
    text = builtin_text("signs_of_success.toml").replace(
        'name = { nl = "Elke week aan de slag", en = "Weekly work" }',
        'name = { nl = "Elke week aan de slag" }',
    )

    with pytest.raises(DefinitionError) as caught:
        parse_definition(text, "signs_of_success.toml")

    assert str(caught.value) == 'signs_of_success.toml: phases[3].name: missing the English ("en") text'


# --- broken definitions ----------------------------------------------------------------------------------


def test_valid_minimal_definition_loads(tmp_path: Path) -> None:
    method = load_definition(write(tmp_path, "mini.toml", VALID))

    assert [phase.id for phase in method.phases] == ["start", "work", "end"]
    assert method.youth_tools == ()


BROKEN = [
    pytest.param(
        [('kind = "check_ins"', 'kind = "check_in"')],
        "",
        f'phases[1].requires[0].kind: "check_in" is not a known requirement kind; use one of: {REQUIREMENT_KINDS}',
        id="unknown-requirement-kind",
    ),
    pytest.param(
        [("count = 2", 'count = 2\nsince = "later"')],
        "",
        'phases[1].requires[0].since: there is no phase "later" in this method (phases: start, work, end)',
        id="unknown-phase-in-since",
    ),
    pytest.param(
        [("count = 2", 'count = 2\nsince = "end"')],
        "",
        'phases[1].requires[0].since: "end" comes after this phase; count from this phase or an earlier one',
        id="since-a-later-phase",
    ),
    pytest.param(
        [],
        THREE_HOUSES_TOOL.replace('phases = ["end"]', 'phases = ["end", "middle"]'),
        'youth_tools[0].phases[1]: there is no phase "middle" in this method (phases: start, work, end)',
        id="unknown-phase-in-youth-tool",
    ),
    pytest.param(
        [('id = "work"', 'id = "start"')],
        "",
        'phases[1].id: the id "start" is already used by phases[0]',
        id="duplicate-phase-id",
    ),
    pytest.param(
        [("min = 0", "min = 10")],
        "",
        "scales[0].min: min (10) must be lower than max (10)",
        id="scale-min-equals-max",
    ),
    pytest.param(
        [("min = 0\nmax = 10", "min = 7\nmax = 3")],
        "",
        "scales[0].min: min (7) must be lower than max (3)",
        id="scale-min-above-max",
    ),
    pytest.param(
        [('name = { nl = "Werk", en = "Work" }', 'name = { nl = "Werk" }')],
        "",
        'phases[1].name: missing the English ("en") text',
        id="missing-english",
    ),
    pytest.param(
        [
            (
                'description = { nl = "Elke week", en = "Every week" }',
                'description = { nl = "", en = "Every week" }',
            )
        ],
        "",
        'phases[1].description: the Dutch ("nl") text is empty',
        id="empty-dutch",
    ),
    pytest.param(
        [('high = { nl = "alles", en = "everything" }', 'high = { nl = "alles", en = "   " }')],
        "",
        'scales[0].anchors.high: the English ("en") text is empty',
        id="blank-english",
    ),
    pytest.param(
        [('name = { nl = "Werk", en = "Work" }', 'name = { nl = "Werk", en = "Work", de = "Arbeit" }')],
        "",
        "phases[1].name.de: unknown field; the fields allowed here are: nl, en",
        id="unknown-language",
    ),
    pytest.param(
        [('life_domains = ["family", "school_work"]', 'life_domains = ["family", "school"]')],
        "",
        f'life_domains[1]: "school" is not a known life domain; use one of: {LIFE_DOMAINS}',
        id="unknown-life-domain",
    ),
    pytest.param(
        [('life_domains = ["family", "school_work"]', 'life_domains = ["family", "family"]')],
        "",
        'life_domains[1]: "family" is listed twice',
        id="life-domain-twice",
    ),
    pytest.param(
        [("final = true\n", "")],
        "",
        'phases[2].final: the last phase ("end") must be the closing phase: set final = true',
        id="no-final-phase",
    ),
    pytest.param(
        [("final = true\n", ""), ('id = "work"', 'id = "work"\nfinal = true')],
        "",
        (
            'phases[1].final: only the last phase can be final, but "work" is phase 2 of 3',
            'phases[2].final: the last phase ("end") must be the closing phase: set final = true',
        ),
        id="final-not-last",
    ),
    pytest.param(
        [("count = 2", 'count = "2"')],
        "",
        "phases[1].requires[0].count: expected a whole number, but got text",
        id="string-where-int",
    ),
    pytest.param(
        [("version = 1", "version = 0")],
        "",
        "version: must be a whole number of at least 1",
        id="version-zero",
    ),
    pytest.param(
        [('id = "work"', 'id = "work"\ncolour = "red"')],
        "",
        "phases[1].colour: unknown field; the fields allowed here are: "
        "id, name, description, requires, prompts, weekly_prompts, final",
        id="unknown-field",
    ),
    pytest.param(
        [("version = 1\n", "")],
        "",
        "version: missing; this field is required",
        id="missing-field",
    ),
    pytest.param(
        [('id = "work"', 'id = "Weekly work"')],
        "",
        "phases[1].id: must be an id of lower-case letters, digits and underscores, starting with a letter "
        '(like "week_2")',
        id="id-not-a-slug",
    ),
    pytest.param(
        [('kind = "closing_summary"', 'kind = "closing_summary"\ncount = 2')],
        "",
        'phases[2].requires[0].count: "closing_summary" is met or not; leave count out',
        id="count-on-a-flag-kind",
    ),
    pytest.param(
        [
            (
                "count = 2\n",
                'count = 2\ndescription = { nl = "x", en = "x" }\n\n[[phases.requires]]\nkind = "check_ins"\n'
                "count = 3\n",
            )
        ],
        "",
        'phases[1].requires[1].kind: "check_ins" is already required by phases[1].requires[0]',
        id="kind-twice-in-one-phase",
    ),
    pytest.param(
        [('kind = "check_ins"', 'kind = "three_houses"'), ("count = 2\n", "")],
        THREE_HOUSES_TOOL,
        'phases[1].requires[0].kind: "three_houses" can no longer be required: the three houses are a tool the '
        "worker may offer, never a requirement that blocks a phase",
        id="three-houses-are-never-a-gate",
    ),
    pytest.param(
        [("count = 2\n", "count = 2\nwith_danger_statement = true\n")],
        "",
        'phases[1].requires[0].with_danger_statement: only a "mapping_session" requirement asks for a danger '
        'statement, not "check_ins"',
        id="danger-statement-on-another-kind",
    ),
    pytest.param(
        [('applies_to = "goal"', 'applies_to = "overall"')],
        "",
        'scales: a method needs one scale with applies_to = "goal" to score goals',
        id="no-goal-scale",
    ),
    pytest.param(
        [("max = 10", "max = 100")],
        "",
        "scales[0]: a goal scale must lie within 0..10, the range scores are stored in",
        id="goal-scale-beyond-stored-range",
    ),
    pytest.param(
        [('audience = "both"', 'audience = "worker"')],
        "",
        'weekly_prompts: no prompt for the youth; add one with audience = "youth" or "both"',
        id="no-weekly-prompt-for-the-youth",
    ),
    pytest.param(
        [('audience = "both"', 'audience = "everyone"')],
        "",
        'weekly_prompts[0].audience: "everyone" is not a known audience; use one of: worker, youth, both',
        id="unknown-audience",
    ),
    pytest.param(
        [('life_domains = ["family", "school_work"]', 'life_domains = "family"')],
        "",
        "life_domains: expected a list, but got text",
        id="text-where-list",
    ),
]


@pytest.mark.parametrize(("replacements", "append", "expected"), BROKEN)
def test_broken_definition_is_refused_with_file_and_field(
    tmp_path: Path, replacements: list[tuple[str, str]], append: str, expected: str | tuple[str, ...]
) -> None:
    path, message = load_error(tmp_path, edited(*replacements, append=append))

    lines = (expected,) if isinstance(expected, str) else expected
    assert message == "\n".join(f"{path}: {line}" for line in lines)


def test_a_requirement_kind_may_return_in_a_later_phase(tmp_path: Path) -> None:
    text = edited(('kind = "network_members"', 'kind = "check_ins"'))

    method = load_definition(write(tmp_path, "mini.toml", text))

    assert [phase.requires[0].kind for phase in method.phases[:2]] == [RequirementKind.CHECK_INS] * 2


def test_definition_error_is_a_value_error_with_each_problem(tmp_path: Path) -> None:
    path = write(tmp_path, "blank.toml", edited(('name = { nl = "Werk", en = "Work" }', 'name = { nl = "", en = "" }')))

    with pytest.raises(ValueError) as caught:
        load_definition(path)

    error = caught.value
    assert isinstance(error, DefinitionError)
    assert error.source == str(path)
    assert [(problem.field, problem.message) for problem in error.problems] == [
        ("phases[1].name", 'the Dutch ("nl") text is empty'),
        ("phases[1].name", 'the English ("en") text is empty'),
    ]


def test_toml_syntax_error_names_file_and_line(tmp_path: Path) -> None:
    text = edited(("min = 0", "min = "))
    line = text.splitlines().index("min = ") + 1

    path, message = load_error(tmp_path, text)

    assert message == f"{path}: line {line}, column 7: not valid TOML: invalid value"


def test_toml_error_at_the_end_of_the_file(tmp_path: Path) -> None:
    path, message = load_error(tmp_path, VALID + 'note = """never closed\n')

    assert message == f"{path}: end of file: not valid TOML: unterminated string"


def test_unreadable_bytes_are_refused(tmp_path: Path) -> None:
    path = tmp_path / "latin1.toml"
    path.write_bytes(VALID.replace("Kennismaken", "Kennismaken é").encode("latin-1"))

    with pytest.raises(DefinitionError) as caught:
        load_definition(path)

    assert str(caught.value) == f"{path}: the file is not UTF-8 text"


# --- extra methods from an organisation's folder -----------------------------------------------------------


def test_extra_folder_adds_methods(tmp_path: Path) -> None:
    write(tmp_path, "mini.toml", VALID)
    write(tmp_path, "other.toml", VALID.replace('id = "mini"', 'id = "other"', 1))
    write(tmp_path, "notes.txt", "not a definition")

    methods = load_methods(tmp_path)

    assert list(methods) == ["safe_path", "signs_of_success", "mini", "other"]


def test_duplicate_method_id_across_builtin_and_extra_names_both_files(tmp_path: Path) -> None:
    path = write(tmp_path, "my_signs.toml", VALID.replace('id = "mini"', 'id = "signs_of_success"', 1))

    with pytest.raises(DefinitionError) as caught:
        load_methods(tmp_path)

    assert str(caught.value) == (
        f'{path}: id: the method id "signs_of_success" is already used by the built-in '
        "signs_of_success.toml; give this method its own id"
    )


def test_duplicate_method_id_between_two_extra_files_names_both(tmp_path: Path) -> None:
    first = write(tmp_path, "a.toml", VALID)
    second = write(tmp_path, "b.toml", VALID)

    with pytest.raises(DefinitionError) as caught:
        load_methods(tmp_path)

    assert str(caught.value) == (
        f'{second}: id: the method id "mini" is already used by {first}; give this method its own id'
    )


def test_broken_extra_file_stops_loading(tmp_path: Path) -> None:
    path = write(tmp_path, "mini.toml", edited(("min = 0", "min = 10")))

    with pytest.raises(DefinitionError, match=re.escape("scales[0].min: min (10)")) as caught:
        load_methods(tmp_path)

    assert str(caught.value).startswith(f"{path}: ")


def test_missing_extra_folder_is_an_error(tmp_path: Path) -> None:
    folder = tmp_path / "absent"

    with pytest.raises(DefinitionError) as caught:
        load_methods(folder)

    assert str(caught.value) == f"{folder}: the methods folder does not exist"


# --- lookups -----------------------------------------------------------------------------------------------


def test_registry_finds_methods_phases_and_next_phases() -> None:
    registry = MethodRegistry.load()

    assert "signs_of_success" in registry
    assert registry.ids() == ("safe_path", "signs_of_success")
    assert registry.get("signs_of_success").first_phase.id == "getting_to_know"
    assert registry.phase("signs_of_success", "mapping").requires[0].kind is RequirementKind.MAPPING_SESSION
    assert registry.next_phase("signs_of_success", "mapping").id == "goals"  # type: ignore[union-attr]
    assert registry.next_phase("signs_of_success", "closure") is None


def test_registry_refuses_unknown_ids() -> None:
    registry = MethodRegistry.load()

    unknown = re.escape('unknown method "nope" (known: safe_path, signs_of_success)')
    with pytest.raises(MethodLookupError, match=unknown):
        registry.get("nope")
    with pytest.raises(MethodLookupError, match='method "safe_path" has no phase "mapping"'):
        registry.phase("safe_path", "mapping")


def test_phase_weekly_prompts_override_the_method_prompts() -> None:
    method = load_methods()["signs_of_success"]

    during_work = method.weekly_prompts_for("weekly_work", Audience.YOUTH)
    during_review = method.weekly_prompts_for("network_review", Audience.YOUTH)

    assert [prompt.id for prompt in during_work] == [
        "went_well",
        "success_noticed",
        "scale_now",
        "one_step_higher",
        "hard_this_week",
        "next_step",
    ]
    assert [prompt.id for prompt in during_review] == ["proud_of", "scale_now", "who_helps_later"]
    assert "conditions" in [prompt.id for prompt in method.weekly_prompts_for("weekly_work", Audience.WORKER)]


def test_youth_tools_are_offered_in_their_phases() -> None:
    method = load_methods()["signs_of_success"]

    assert [tool.id for tool in method.youth_tools_for("mapping")] == ["three_houses"]
    assert method.youth_tools_for("closure") == ()


def test_requirement_counts_over_the_measure_unless_scoped(tmp_path: Path) -> None:
    text = edited(('kind = "network_members"', 'kind = "network_members"\nsince = "start"'))
    method = load_definition(write(tmp_path, "mini.toml", text))

    assert method.phase("start").requires[0].counted_from("start") == "start"
    assert method.phase("work").requires[0].counted_from("work") == "work"  # check-ins: this phase
    assert method.phase("end").requires[0].counted_from("end") is None


def test_translated_text_picks_the_locale() -> None:
    text = Translated(nl="Wat ging goed?", en="What went well?")

    assert text.get("nl") == "Wat ging goed?"
    assert text.get("en-GB") == "What went well?"
    assert text.get("fy") == "Wat ging goed?"


@pytest.mark.parametrize("method_id", ["signs_of_success", "safe_path"])
def test_builtin_methods_say_their_phases_are_not_an_official_text(method_id: str) -> None:
    method = load_methods()[method_id]

    assert method.official_text is False
    assert method.phase_model_note is not None
    assert "geen officiële tekst" in method.phase_model_note.nl and "not an official text" in method.phase_model_note.en


def test_no_builtin_phase_requires_the_three_houses() -> None:
    """Offering the houses is the worker's choice: no phase of any built-in method waits for them."""
    for method in load_methods().values():
        for phase in method.phases:
            assert all(requirement.kind.value != "three_houses" for requirement in phase.requires), phase.id
