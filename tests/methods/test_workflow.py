"""Method workflows in the domain: enrolment, requirement counting, refused and accepted advances, closure."""

from __future__ import annotations

from datetime import datetime, timedelta

import pytest
from sqlalchemy import Engine
from sqlmodel import Session, select

from reclassering.casefile import access, checkins, measures, network
from reclassering.casefile.errors import Conflict, Invalid, NotFound
from reclassering.casefile.fields import today as service_today
from reclassering.casefile.models import Goal, PhaseTransition, User
from reclassering.casefile.types import utcnow
from reclassering.casefile.vocab import ImposedBy, LifeDomain, MeasureKind, MeasureStatus, NetworkRole
from reclassering.casefile.weeks import week_of
from reclassering.methods import artefacts, coach_pair, mapping, workflow
from reclassering.methods.artefacts import MeetingKind
from reclassering.methods.definition_schema import Audience, RequirementKind
from reclassering.methods.registry import MethodRegistry
from reclassering.methods.workflow import Locale, PhaseState, RequirementsUnmet

from ..conftest import count_queries
from ..world import World

TODAY = service_today()
REGISTRY = MethodRegistry.load()


class Clock:
    """The workflow's notion of now, set back so that phases can begin weeks ago."""

    def __init__(self) -> None:
        self.now: datetime = utcnow()

    def weeks_ago(self, weeks: int) -> None:
        self.now = utcnow() - timedelta(weeks=weeks)


@pytest.fixture
def clock(monkeypatch: pytest.MonkeyPatch) -> Clock:
    clock = Clock()
    monkeypatch.setattr(workflow, "utcnow", lambda: clock.now)
    return clock


def _user(session: Session, world: World, key: str) -> User:
    user = session.get(User, world[key].id)
    assert user is not None
    return user


def _fresh_measure(session: Session, youth_id: int) -> int:
    """A measure of the youth that started twelve weeks ago and follows no method yet."""
    start = TODAY - timedelta(weeks=12)
    measure = measures.create_measure(
        session,
        youth_id,
        measures.MeasureCreate(
            kind=MeasureKind.GBM, imposed_by=ImposedBy.OM, start_date=start, planned_end=start + timedelta(days=300)
        ),
    )
    return measure.id  # type: ignore[return-value]


def _check_in(session: Session, worker: User, measure_id: int, weeks_ago: int) -> None:
    week = week_of(TODAY - timedelta(weeks=weeks_ago))
    checkins.record_check_in(session, worker, measure_id, week, checkins.CheckInWrite(went_well="Goede week"))


def _meeting(session: Session, worker: User, measure_id: int, kind: MeetingKind, days_ago: int = 1) -> None:
    artefacts.record_meeting(
        session,
        worker,
        measure_id,
        artefacts.MeetingCreate(
            kind=kind, held_on=TODAY - timedelta(days=days_ago), participants=["Amir", "Moeder"], summary="Gesprek"
        ),
    )


def _have(session: Session, measure_id: int) -> dict[str, tuple[int, int, bool]]:
    return {str(r.kind): (r.have, r.need, r.met) for r in workflow.status(session, measure_id, REGISTRY).requirements}


# --- enrolment ------------------------------------------------------------------------------------------------


def test_enrolment_starts_in_the_first_phase_and_records_the_step(session: Session, world: World) -> None:
    worker = _user(session, world, "w1")
    measure_id = _fresh_measure(session, world.cases["y1"].youth_id)

    enrolment, created = workflow.enrol(session, worker, measure_id, "safe_path", REGISTRY)

    assert created is True
    assert (enrolment.method_id, enrolment.method_version, enrolment.current_phase) == ("safe_path", 2, "team_forming")
    steps = session.exec(select(PhaseTransition).where(PhaseTransition.enrolment_id == enrolment.id)).all()
    assert [(s.from_phase, s.to_phase, s.by_user_id) for s in steps] == [("", "team_forming", worker.id)]


def test_enrolling_again_in_the_same_method_changes_nothing(session: Session, world: World) -> None:
    worker = _user(session, world, "w1")
    measure_id = world.cases["y1"].measure_id  # the world enrols every measure in Signs of Success

    enrolment, created = workflow.enrol(session, worker, measure_id, "signs_of_success", REGISTRY)

    assert created is False
    assert enrolment.current_phase == "getting_to_know"
    assert len(workflow.status(session, measure_id, REGISTRY).history) == 1


def test_a_measure_follows_one_method(session: Session, world: World) -> None:
    worker = _user(session, world, "w1")

    with pytest.raises(Conflict) as caught:
        workflow.enrol(session, worker, world.cases["y1"].measure_id, "safe_path", REGISTRY)

    assert caught.value.message == (
        f'measure {world.cases["y1"].measure_id} already follows "signs_of_success"; a measure follows one method'
    )


def test_an_unknown_method_is_refused_naming_the_known_ones(session: Session, world: World) -> None:
    measure_id = _fresh_measure(session, world.cases["y1"].youth_id)

    with pytest.raises(Invalid) as caught:
        workflow.enrol(session, _user(session, world, "w1"), measure_id, "solution_focused", REGISTRY)

    assert caught.value.message == 'unknown method "solution_focused" (known: safe_path, signs_of_success)'


def test_an_ended_measure_follows_no_new_method(session: Session, world: World) -> None:
    measure_id = _fresh_measure(session, world.cases["y1"].youth_id)
    measures.update_measure(session, measure_id, measures.MeasureUpdate(status=MeasureStatus.COMPLETED))

    with pytest.raises(Invalid, match="has ended"):
        workflow.enrol(session, _user(session, world, "w1"), measure_id, "safe_path", REGISTRY)


# --- counting what a phase asks for ---------------------------------------------------------------------------


TRAINED = TODAY - timedelta(days=200)


def _pair(session: Session, world: World, measure_id: int, worker: str = "w1") -> coach_pair.CoachPairView:
    """A colleague of the youth's worker and an external coach: two trained professionals."""
    return coach_pair.set_coach_pair(
        session,
        _user(session, world, worker),
        measure_id,
        coach_pair.CoachPairSet(
            coaches=[
                coach_pair.CoachIn(user_id=world["w2"].id, trained_on=TRAINED),
                coach_pair.CoachIn(name="Ilse Vermeer", organisation="Stichting Samen Verder", trained_on=TRAINED),
            ],
            worker_joins=True,
        ),
    )


def test_the_coach_pair_is_met_with_two_professional_coaches(session: Session, world: World) -> None:
    """The coach pair counts professional coaches from the coach pair, never network members."""
    case = world.cases["y1"]
    measure_id = _fresh_measure(session, case.youth_id)
    workflow.enrol(session, _user(session, world, "w1"), measure_id, "safe_path", REGISTRY)
    network.add_member(session, case.youth_id, network.NetworkMemberCreate(name="Oom", role=NetworkRole.RELATIVE))
    assert _have(session, measure_id) == {"network_members": (2, 2, True), "coach_pair": (0, 2, False)}

    view = _pair(session, world, measure_id)

    assert _have(session, measure_id)["coach_pair"] == (2, 2, True)
    assert [(c.kind, c.name, c.organisation, c.trained_on) for c in view.coaches] == [
        ("user", "Wendy Bakker", "", TRAINED),
        ("external", "Ilse Vermeer", "Stichting Samen Verder", TRAINED),
    ]
    assert view.worker_joins and view.complete
    dissolved = coach_pair.set_coach_pair(
        session, _user(session, world, "w1"), measure_id, coach_pair.CoachPairSet(coaches=[])
    )
    assert dissolved.coaches == [] and _have(session, measure_id)["coach_pair"] == (0, 2, False)


@pytest.mark.parametrize(
    ("coaches", "message"),
    [
        pytest.param([{"user_id": "w2"}], "a coach pair is two trained professional coaches", id="one-coach"),
        pytest.param([{"user_id": "w2"}, {"user_id": "w2"}], "the same coach is named twice", id="same-twice"),
        pytest.param([{"user_id": "w1"}, {"user_id": "w2"}], "they join where needed", id="the-youths-own-worker"),
        pytest.param([{"user_id": "y1"}, {"user_id": "w2"}], "is not an active professional", id="a-youth"),
        pytest.param(
            [{"user_id": "w2"}, {"name": "Ilse"}], "missing: organisation, trained_on", id="external-without-training"
        ),
        pytest.param([{"user_id": "w2", "name": "Wendy"}, {"user_id": "s1"}], "not both", id="user-and-name-at-once"),
    ],
)
def test_a_coach_pair_is_two_trained_professionals(
    session: Session, world: World, coaches: list[dict[str, str]], message: str
) -> None:
    chosen = [
        coach_pair.CoachIn(**{k: world[v].id if k == "user_id" else v for k, v in c.items()})  # type: ignore[arg-type]
        for c in coaches
    ]

    with pytest.raises(Invalid, match=message):
        coach_pair.set_coach_pair(
            session, _user(session, world, "w1"), world.cases["y1"].measure_id, coach_pair.CoachPairSet(coaches=chosen)
        )
    assert coach_pair.coach_pair(session, world.cases["y1"].measure_id).coaches == []


def test_patterns_count_only_with_a_strength_and_meetings_by_kind(session: Session, world: World) -> None:
    worker = _user(session, world, "w1")
    measure_id = _fresh_measure(session, world.cases["y1"].youth_id)
    named_on = TODAY - timedelta(days=3)
    artefacts.name_pattern(
        session, worker, measure_id, artefacts.PatternCreate(pattern="Schreeuwen", named_on=named_on)
    )
    _meeting(session, worker, measure_id, MeetingKind.NETWORK_MEETING)

    def have(kind: RequirementKind) -> int:
        return workflow.count_records(session, kind, measure_id)

    assert (have(RequirementKind.PATTERN_NAMED), have(RequirementKind.INDIVIDUAL_TALK)) == (0, 0)
    assert have(RequirementKind.NETWORK_MEETING) == 1

    artefacts.name_pattern(
        session,
        worker,
        measure_id,
        artefacts.PatternCreate(pattern="Weglopen", breaking_strength="  Humor  ", named_on=named_on),
    )
    _meeting(session, worker, measure_id, MeetingKind.INDIVIDUAL_TALK)

    assert (have(RequirementKind.PATTERN_NAMED), have(RequirementKind.INDIVIDUAL_TALK)) == (1, 1)
    assert have(RequirementKind.NETWORK_REVIEW) == 0


def test_only_worry_statements_paired_with_a_goal_count(session: Session, world: World) -> None:
    worker = _user(session, world, "w1")
    case = world.cases["y1"]
    statement = artefacts.WorryStatementCreate(
        who_is_worried="Moeder",
        about_what="Amir komt 's nachts laat thuis",
        if_nothing_changes="Hij komt weer in aanraking met de politie",
        goal=artefacts.SuccessGoal(title="Ik ben om 23:00 thuis", life_domain=LifeDomain.FAMILY, sustain_weeks=6),
    )

    paired = artefacts.record_worry_statement(session, worker, case.measure_id, statement)

    goal = session.get(Goal, paired.goal.id)
    assert goal is not None
    assert (goal.title, goal.sustain_weeks, goal.measure_id) == ("Ik ben om 23:00 thuis", 6, case.measure_id)
    assert goal.worry_statement == (
        "Moeder: Amir komt 's nachts laat thuis — Hij komt weer in aanraking met de politie"
    )
    assert workflow.count_records(session, RequirementKind.WORRY_STATEMENT_GOAL, case.measure_id) == 1

    with pytest.raises(Conflict, match=f"goal {goal.id} already answers worry statement"):
        artefacts.record_worry_statement(
            session,
            worker,
            case.measure_id,
            artefacts.WorryStatementCreate("School", "Spijbelen", "Geen diploma", goal.id),
        )


@pytest.mark.parametrize("pairing", ["neither", "both", "foreign goal"])
def test_a_worry_statement_is_paired_with_exactly_one_goal_of_the_measure(
    session: Session, world: World, pairing: str
) -> None:
    case, foreign = world.cases["y1"], world.cases["y3"]
    new_goal = artefacts.SuccessGoal(title="Naar school", life_domain=LifeDomain.SCHOOL_WORK, sustain_weeks=4)
    goal_id, goal = {
        "neither": (None, None),
        "both": (case.goal_ids[0], new_goal),
        "foreign goal": (foreign.goal_ids[0], None),
    }[pairing]
    goals_before = session.exec(select(Goal.id)).all()

    with pytest.raises(Invalid) as caught:
        artefacts.record_worry_statement(
            session,
            _user(session, world, "w1"),
            case.measure_id,
            artefacts.WorryStatementCreate("School", "Spijbelen", "Geen diploma", goal_id=goal_id, goal=goal),
        )

    expected = "not a goal of this measure" if pairing == "foreign goal" else "either an existing goal (goal_id)"
    assert expected in caught.value.message
    assert session.exec(select(Goal.id)).all() == goals_before


def test_the_three_houses_are_written_or_drawn_on_paper(session: Session, world: World) -> None:
    case = world.cases["y1"]
    youth = _user(session, world, "y1")

    half = artefacts.save_three_houses(
        session, youth, case.measure_id, artefacts.ThreeHousesCreate(worries="Geld", dreams="Eigen kamer")
    )
    drawn = artefacts.save_three_houses(
        session,
        youth,
        case.measure_id,
        artefacts.ThreeHousesCreate(drawn_on_paper=True, paper_note="Tekening in de map"),
    )

    assert (drawn.author_id, drawn.author_role, drawn.drawn_on_paper, drawn.paper_note) == (
        youth.id,
        "youth",
        True,
        "Tekening in de map",
    )
    assert [h.id for h in artefacts.three_houses_history(session, case.measure_id)] == [drawn.id, half.id]
    with pytest.raises(Invalid, match="fill in at least one of the three houses"):
        artefacts.save_three_houses(session, youth, case.measure_id, artefacts.ThreeHousesCreate(worries="  "))
    with pytest.raises(Invalid, match="a paper_note needs drawn_on_paper: true"):
        artefacts.save_three_houses(session, youth, case.measure_id, artefacts.ThreeHousesCreate(paper_note="Map"))


def test_check_ins_count_from_the_week_their_phase_began(session: Session, world: World, clock: Clock) -> None:
    """Weekly work asks for four check-ins in that phase: the weeks before it began do not count."""
    worker = _user(session, world, "w1")
    case = world.cases["y1"]
    measure_id = _fresh_measure(session, case.youth_id)
    clock.weeks_ago(10)
    workflow.enrol(session, worker, measure_id, "signs_of_success", REGISTRY)
    workflow.advance(session, worker, measure_id, REGISTRY)  # the youth's mother is in the network
    mapping.record_mapping_session(
        session,
        worker,
        measure_id,
        mapping.MappingSessionCreate(
            held_on=TODAY - timedelta(weeks=9),
            participants=[mapping.Participant("Amir", "jongere", 5), mapping.Participant("Moeder", "moeder")],
            harm="Winkeldiefstal",
            danger_statement="Nieuwe zaak als er niets verandert",
            worries="Spijbelen",
            working_well="Voetbal",
            next_steps="Rooster",
        ),
        REGISTRY,
    )
    clock.weeks_ago(8)
    workflow.advance(session, worker, measure_id, REGISTRY)
    artefacts.record_worry_statement(
        session,
        worker,
        measure_id,
        artefacts.WorryStatementCreate(
            "School", "Spijbelen", "Geen diploma", goal=artefacts.SuccessGoal("Naar school", LifeDomain.SCHOOL_WORK, 8)
        ),
    )
    clock.weeks_ago(5)
    workflow.advance(session, worker, measure_id, REGISTRY)
    for weeks_ago in (7, 6, 5, 4):
        _check_in(session, worker, measure_id, weeks_ago)

    view = workflow.status(session, measure_id, REGISTRY)

    check_ins = view.requirements[0]
    assert (check_ins.kind, check_ins.have, check_ins.need, check_ins.met) == ("check_ins", 2, 4, False)
    assert check_ins.counted_from == "weekly_work"
    assert [(s.phase.id, s.state) for s in view.phases] == [
        ("getting_to_know", PhaseState.DONE),
        ("mapping", PhaseState.DONE),
        ("goals", PhaseState.DONE),
        ("weekly_work", PhaseState.CURRENT),
        ("network_review", PhaseState.TODO),
        ("closure", PhaseState.TODO),
    ]
    for weeks_ago in (3, 2):
        _check_in(session, worker, measure_id, weeks_ago)
    assert _have(session, measure_id)["check_ins"] == (4, 4, True)


def test_a_refused_advance_lists_exactly_what_is_missing(session: Session, world: World, clock: Clock) -> None:
    worker = _user(session, world, "w1")
    measure_id = _fresh_measure(session, world.cases["y1"].youth_id)
    clock.weeks_ago(3)
    workflow.enrol(session, worker, measure_id, "safe_path", REGISTRY)

    with pytest.raises(RequirementsUnmet) as caught:
        workflow.advance(session, worker, measure_id, REGISTRY)

    assert caught.value.message == (
        'the phase "Forming the team" is not finished yet; still missing: '
        "network members: 1 of 2 (Record at least two people in the youth's team.); "
        "professional coaches in the coach pair: 0 of 2 (Name the coach pair: two trained professional coaches.)"
    )
    assert [(m.kind, m.have, m.need) for m in caught.value.missing] == [
        ("network_members", 1, 2),
        ("coach_pair", 0, 2),
    ]
    assert workflow.status(session, measure_id, REGISTRY).enrolment.current_phase == "team_forming"


def test_a_refusal_names_the_phase_check_ins_count_from(session: Session, world: World, clock: Clock) -> None:
    worker = _user(session, world, "w1")
    case = world.cases["y1"]
    measure_id = _fresh_measure(session, case.youth_id)
    clock.weeks_ago(6)
    workflow.enrol(session, worker, measure_id, "safe_path", REGISTRY)
    network.add_member(session, case.youth_id, network.NetworkMemberCreate(name="Oom", role=NetworkRole.RELATIVE))
    _pair(session, world, measure_id)
    workflow.advance(session, worker, measure_id, REGISTRY)
    _meeting(session, worker, measure_id, MeetingKind.NETWORK_MEETING, days_ago=40)
    workflow.advance(session, worker, measure_id, REGISTRY)
    artefacts.name_pattern(
        session,
        worker,
        measure_id,
        artefacts.PatternCreate(pattern="Schreeuwen", breaking_strength="Humor", named_on=TODAY - timedelta(weeks=5)),
    )
    _meeting(session, worker, measure_id, MeetingKind.INDIVIDUAL_TALK, days_ago=35)
    clock.weeks_ago(2)
    workflow.advance(session, worker, measure_id, REGISTRY)
    _check_in(session, worker, measure_id, 3)  # before weekly work began
    _check_in(session, worker, measure_id, 1)

    with pytest.raises(RequirementsUnmet) as caught:
        workflow.advance(session, worker, measure_id, REGISTRY)

    assert caught.value.message == (
        'the phase "Weekly work" is not finished yet; still missing: '
        'weekly check-ins since the phase "Weekly work" began: 1 of 4 '
        "(Complete at least four weekly check-ins in this phase.); "
        "network meetings: 1 of 2 (Hold at least two network meetings in all (the first one counts).)"
    )


def test_checking_costs_one_query_per_requirement(session: Session, world: World, engine: Engine, clock: Clock) -> None:
    worker = _user(session, world, "w1")
    measure_id = _fresh_measure(session, world.cases["y1"].youth_id)
    clock.weeks_ago(9)
    enrolment, _ = workflow.enrol(session, worker, measure_id, "safe_path", REGISTRY)
    for weeks_ago in range(8):
        _check_in(session, worker, measure_id, weeks_ago)
    for _ in range(3):
        _meeting(session, worker, measure_id, MeetingKind.NETWORK_MEETING)
    session.commit()
    weekly_work = REGISTRY.phase("safe_path", "weekly_work")
    history = session.exec(select(PhaseTransition).where(PhaseTransition.enrolment_id == enrolment.id)).all()

    with count_queries(engine) as counter:
        checks = workflow.check_requirements(session, enrolment, weekly_work, list(history))

    assert [(c.kind, c.have) for c in checks] == [("check_ins", 8), ("network_meeting", 3)]
    assert counter.count == 2


# --- closure --------------------------------------------------------------------------------------------------


def _at_closure(session: Session, worker: User, measure_id: int) -> None:
    """A Safe Path enrolment whose history has reached the final phase (the steps before are tested above)."""
    enrolment, _ = workflow.enrol(session, worker, measure_id, "safe_path", REGISTRY)
    for phase in ("first_network_meeting", "patterns", "weekly_work", "closure"):
        session.add(PhaseTransition(enrolment_id=enrolment.id, from_phase=enrolment.current_phase, to_phase=phase))  # type: ignore[arg-type]
        enrolment.current_phase = phase
    session.flush()


def test_closing_needs_the_summary_and_nothing_comes_after(session: Session, world: World) -> None:
    worker = _user(session, world, "w1")
    measure_id = _fresh_measure(session, world.cases["y1"].youth_id)
    _at_closure(session, worker, measure_id)

    with pytest.raises(RequirementsUnmet) as caught:
        workflow.advance(session, worker, measure_id, REGISTRY)
    assert caught.value.message == (
        'the phase "Closure" is not finished yet; still missing: closing summary: 0 of 1 (Write the closing summary.)'
    )

    workflow.write_closing_summary(
        session, measure_id, workflow.ClosingSummaryWrite(" Doelen gehaald; oom blijft coach. ")
    )
    view = workflow.advance(session, worker, measure_id, REGISTRY, note="Afgesloten in het netwerkoverleg")

    assert view.closed and view.enrolment.closed_at is not None
    assert view.enrolment.closing_summary == "Doelen gehaald; oom blijft coach."
    assert (view.history[-1].from_phase, view.history[-1].to_phase, view.history[-1].note) == (
        "closure",
        "",
        "Afgesloten in het netwerkoverleg",
    )
    assert {s.state for s in view.phases} == {PhaseState.DONE}
    assert (view.requirements, view.can_advance) == ([], False)
    with pytest.raises(Conflict, match=r"the enrolment is closed \(since .*\); there is no phase after closure"):
        workflow.advance(session, worker, measure_id, REGISTRY)
    with pytest.raises(Conflict, match="its summary stays as it is"):
        workflow.write_closing_summary(session, measure_id, workflow.ClosingSummaryWrite("Anders"))


# --- weekly prompts -------------------------------------------------------------------------------------------


def test_weekly_prompts_follow_the_phase_audience_and_language(session: Session, world: World) -> None:
    measure_id = world.cases["y1"].measure_id

    youth_nl = workflow.weekly_prompts(session, measure_id, REGISTRY, Audience.YOUTH, Locale.NL)
    worker_en = workflow.weekly_prompts(session, measure_id, REGISTRY, Audience.WORKER, Locale.EN)

    assert (youth_nl.method_id, youth_nl.phase_id) == ("signs_of_success", "getting_to_know")
    assert [(p.id, p.text) for p in youth_nl.prompts][:4] == [
        ("went_well", "Wat ging er goed deze week?"),
        ("success_noticed", "Welk succes heb je gezien, hoe klein ook?"),
        ("scale_now", "Welk cijfer van 0 tot 10 geef je jezelf voor dit doel?"),
        ("one_step_higher", "Wat zou je doen of zien als het één cijfer hoger is?"),
    ]
    assert [p.id for p in worker_en.prompts] == [
        "went_well",
        "success_noticed",
        "one_step_higher",
        "conditions",
        "next_step",
    ]
    assert worker_en.prompts[0].text == "What went well this week?"

    enrolment = workflow.get_enrolment(session, measure_id)
    enrolment.current_phase = "network_review"  # the review replaces the method's prompts with its own
    session.flush()
    review = workflow.weekly_prompts(session, measure_id, REGISTRY, Audience.YOUTH, Locale.EN)
    assert [p.id for p in review.prompts] == ["proud_of", "scale_now", "who_helps_later"]


def test_a_measure_without_a_method_has_no_status(session: Session, world: World) -> None:
    measure_id = _fresh_measure(session, world.cases["y1"].youth_id)

    with pytest.raises(NotFound, match=f"measure {measure_id} follows no method yet; enrol it first"):
        workflow.status(session, measure_id, REGISTRY)


def test_method_records_lead_the_access_guard_to_their_youth(session: Session, world: World) -> None:
    case = world.cases["y2"]
    enrolment = workflow.get_enrolment(session, case.measure_id)
    youth = _user(session, world, "y2")
    houses = artefacts.save_three_houses(session, youth, case.measure_id, artefacts.ThreeHousesCreate(dreams="Kok"))

    owners = {
        kind: access.youth_id_of(session, kind, object_id)
        for kind, object_id in [
            ("method_enrolment", enrolment.id),
            ("interaction_pattern", case.pattern_id),
            ("three_houses", houses.id),
            ("mapping_session", 999_999),
        ]
    }

    assert owners == {
        "method_enrolment": case.youth_id,
        "interaction_pattern": case.youth_id,
        "three_houses": case.youth_id,
        "mapping_session": None,
    }
    assert set(artefacts.OWNED_KINDS) <= access.owner_kinds()
