"""Every demo measure follows a method, at the phase its weeks make plausible, with the records that phase
asked for: Signs of Success (mapping sessions with the harm, the danger statement and everyone's judgement
score, worry statements paired with success goals, the three houses, the review with the network) or Safe Path
Jeugdzorg (a coach pair of two professional coaches, a network trained in the method, network meetings,
individual talks, interaction patterns with the strengths that break them, and the breaks week by week).

The measure moves from phase to phase through ``methods.workflow.advance``, so each step is refused unless the
records it asks for are there. The workflow stamps a step with the present moment; the demo then places it on
the day it belongs to in the youth's history (see ``common.stamp``), so that the weekly check-ins count from the
weeks they were held in.
"""

from __future__ import annotations

from datetime import date, timedelta
from random import Random

from sqlmodel import col, select

from ..casefile.models import InteractionPattern, MethodEnrolment, NetworkMember, User
from ..casefile.vocab import Role
from ..methods import artefacts, coach_pair, mapping, workflow
from .common import Case, Context, row_id, stamp
from .method_texts import (
    CLOSING_SUMMARY,
    EXTERNAL_COACHES,
    HOUSE_DREAMS,
    HOUSE_GOOD_THINGS,
    HOUSE_WORRIES,
    HOUSES_PAPER_NOTE,
    INDIVIDUAL_TALKS,
    MAPPING_COMPLICATING,
    MAPPING_DANGER,
    MAPPING_HARM,
    MAPPING_NEXT_STEPS,
    MAPPING_SAFETY,
    NETWORK_MEETING_FIRST,
    NETWORK_MEETING_LATER,
    NETWORK_REVIEW,
    PATTERNS,
    SECOND_MAPPING_WELL,
    SECOND_MAPPING_WORRIES,
    WORKING_WELL,
    PatternTemplate,
)
from .records import scale
from .texts import ROLE_WORDS

SIGNS_OF_SUCCESS = "signs_of_success"
SAFE_PATH = "safe_path"
METHODS = (SIGNS_OF_SUCCESS, SAFE_PATH)
#: A measure ending within this many days has started its closure.
CLOSING_WITHIN_DAYS = 35
#: A Signs of Success measure this many weeks in looks back with the network.
REVIEW_AFTER_WEEKS = 20


class Journey:
    """A measure's way through its method's phases, each step placed on its day."""

    def __init__(self, ctx: Context, case: Case) -> None:
        self.ctx, self.case = ctx, case
        enrolment, _ = workflow.enrol(ctx.session, case.worker, case.measure_id, case.method_id, ctx.methods)
        self.enrolment: MethodEnrolment = enrolment
        self.day = case.measure.start_date
        moment = stamp(self.day, 10)
        enrolment.enrolled_at = enrolment.phase_entered_at = moment
        for step in workflow.status(ctx.session, case.measure_id, ctx.methods).history:
            step.at = moment
        ctx.session.flush()

    def advance(self, day: date, note: str = "") -> None:
        """Move on to the next phase on ``day`` (refused, as always, while the current phase misses records)."""
        day = min(max(day, self.day), self.ctx.today - timedelta(days=1))
        status = workflow.advance(self.ctx.session, self.case.worker, self.case.measure_id, self.ctx.methods, note)
        moment = stamp(day, 9)
        status.history[-1].at = moment
        if status.enrolment.closed_at is None:
            status.enrolment.phase_entered_at = moment
        self.day = day
        self.ctx.session.flush()

    def closing(self) -> bool:
        """Whether the measure ends soon enough to start its closure."""
        return (self.case.measure.planned_end - self.ctx.today).days <= CLOSING_WITHIN_DAYS

    def close_draft(self, members: list[NetworkMember]) -> None:
        """Enter the closure phase and draft the closing summary (the enrolment stays open until it is done);
        not while the current phase still misses records."""
        if not workflow.status(self.ctx.session, self.case.measure_id, self.ctx.methods).can_advance:
            return
        self.advance(self.ctx.today - timedelta(days=self.ctx.rng("closing", self.case.index).randint(2, 6)))
        text = CLOSING_SUMMARY.format(name=self.case.first_name, members=", ".join(m.name for m in members))
        workflow.write_closing_summary(self.ctx.session, self.case.measure_id, workflow.ClosingSummaryWrite(text=text))


def do_method_work(ctx: Context, case: Case) -> None:
    rng = ctx.rng("method", case.index)
    if case.method_id == SIGNS_OF_SUCCESS:
        _signs_of_success(ctx, rng, case)
    else:
        _safe_path(ctx, rng, case)


def _latest(ctx: Context, day: date) -> date:
    """No record of the method lies after yesterday."""
    return min(day, ctx.today - timedelta(days=1))


def _role(member: NetworkMember) -> str:
    return ROLE_WORDS.get(member.name, str(member.role))


def _names(case: Case, members: list[NetworkMember]) -> list[str]:
    return [f"{case.first_name} (jongere)", *(f"{m.name} ({_role(m)})" for m in members), _worker(case)]


def _worker(case: Case) -> str:
    return f"{case.worker.display_name} (jeugdreclasseerder)"


# --- Signs of Success ----------------------------------------------------------------------------------------


def _signs_of_success(ctx: Context, rng: Random, case: Case) -> None:
    session, name = ctx.session, case.first_name
    journey = Journey(ctx, case)
    journey.advance(case.measure.start_date + timedelta(days=rng.randint(6, 9)))  # -> mapping
    first_session = journey.day + timedelta(days=rng.randint(2, 6))
    _save_houses(ctx, case, first_session, complete=False, rng=rng)
    _mapping_session(ctx, rng, case, first_session, lift=0)
    journey.advance(first_session + timedelta(days=rng.randint(1, 3)))  # -> goals
    for goal, text in zip(case.goals, case.goal_texts, strict=True):
        paired = artefacts.record_worry_statement(
            session,
            case.worker,
            case.measure_id,
            artefacts.WorryStatementCreate(
                who_is_worried=text.who,
                about_what=text.about.format(name=name),
                if_nothing_changes=text.if_nothing_changes.format(name=name),
                goal_id=row_id(goal.id),
            ),
        )
        paired.statement.created_at = stamp(journey.day, 14)
    journey.advance(journey.day + timedelta(days=rng.randint(4, 8)))  # -> weekly_work
    weekly_from = journey.day
    _save_houses(ctx, case, weekly_from + timedelta(days=rng.randint(3, 10)), complete=True, rng=rng)
    last_week = case.mondays[-1]
    if (last_week - weekly_from).days >= 8 * 7:
        _mapping_session(ctx, rng, case, weekly_from + (last_week - weekly_from) // 2, lift=rng.randint(2, 3))
    if len(case.mondays) >= REVIEW_AFTER_WEEKS:
        journey.advance(last_week - timedelta(days=rng.randint(3, 10)))  # -> network_review
        review_on = _latest(ctx, journey.day + timedelta(days=rng.randint(2, 6)))
        member = case.members[-1]
        summary, outcomes = NETWORK_REVIEW
        artefacts.record_meeting(
            session,
            case.worker,
            case.measure_id,
            artefacts.MeetingCreate(
                kind=artefacts.MeetingKind.NETWORK_REVIEW,
                held_on=review_on,
                participants=_names(case, case.members),
                summary=summary.format(name=name),
                outcomes=outcomes.format(member=member.name),
            ),
        )
        if journey.closing():
            journey.close_draft(case.members)


def _mapping_session(ctx: Context, rng: Random, case: Case, held_on: date, *, lift: int) -> None:
    """The harm, the danger statement, worries and complicating factors, what is working well and existing
    safety, next steps, and everyone's judgement score (higher by ``lift`` later on, when it is a review)."""
    name = case.first_name
    people = [(name, "jongere", rng.randint(5, 7))]
    people += [(m.name, _role(m), rng.randint(2, 5)) for m in case.members[:2]]
    people.append((case.worker.display_name, "jeugdreclasseerder", rng.randint(3, 4)))
    if lift:
        worries = SECOND_MAPPING_WORRIES.format(worry=case.goal_texts[-1].about.format(name=name))
        working_well = SECOND_MAPPING_WELL.format(name=name)
        next_steps = MAPPING_NEXT_STEPS[1].format(name=name)
    else:
        worries = " ".join(f"{t.who}: {t.about.format(name=name)}" for t in case.goal_texts)
        working_well = "; ".join(w.format(name=name) for w in rng.sample(WORKING_WELL, 3))
        next_steps = MAPPING_NEXT_STEPS[0].format(name=name)
    mapping.record_mapping_session(
        ctx.session,
        case.worker,
        case.measure_id,
        mapping.MappingSessionCreate(
            held_on=held_on,
            kind=mapping.SessionKind.REVIEW if lift else mapping.SessionKind.MAPPING,
            participants=[mapping.Participant(name=n, role=r, score=scale(s + lift)) for n, r, s in people],
            harm=rng.choice(MAPPING_HARM).format(name=name),
            danger_statement=rng.choice(MAPPING_DANGER).format(name=name),
            complicating_factors=rng.choice(MAPPING_COMPLICATING).format(name=name),
            existing_safety=rng.choice(MAPPING_SAFETY).format(name=name),
            worries=worries,
            working_well=working_well,
            next_steps=next_steps,
        ),
        ctx.methods,
    )


def _save_houses(ctx: Context, case: Case, day: date, *, complete: bool, rng: Random) -> None:
    """The three houses: a first try with the worker (worries and dreams, drawn on paper), later all three, in
    the youth's own account where the youth has one."""
    actor = case.youth_user if complete and case.youth_user is not None else case.worker
    houses = artefacts.ThreeHousesCreate(
        worries="; ".join(rng.sample(HOUSE_WORRIES, 2)),
        good_things="; ".join(rng.sample(HOUSE_GOOD_THINGS, 3)) if complete else "",
        dreams="; ".join(rng.sample(HOUSE_DREAMS, 2)),
        drawn_on_paper=not complete,
        paper_note="" if complete else HOUSES_PAPER_NOTE,
    )
    saved = artefacts.save_three_houses(ctx.session, actor, case.measure_id, houses)
    saved.created_at = stamp(_latest(ctx, day), 16)


# --- Safe Path Jeugdzorg -------------------------------------------------------------------------------------


def _safe_path(ctx: Context, rng: Random, case: Case) -> None:
    session, name = ctx.session, case.first_name
    coaches = _set_coach_pair(ctx, rng, case)
    for member in case.members:
        member.trained_in_method = True  # the network is trained in the method; its members form the team
    journey = Journey(ctx, case)
    journey.advance(case.measure.start_date + timedelta(days=rng.randint(5, 9)))  # -> first_network_meeting
    first_meeting = journey.day + timedelta(days=rng.randint(5, 10))
    _network_meeting(ctx, case, first_meeting, NETWORK_MEETING_FIRST, coaches)
    journey.advance(first_meeting + timedelta(days=rng.randint(1, 3)))  # -> patterns
    templates = rng.sample(PATTERNS, 2)
    talk_on = journey.day + timedelta(days=rng.randint(2, 5))
    _individual_talk(ctx, case, talk_on, 0)
    first = artefacts.name_pattern(
        session,
        case.worker,
        case.measure_id,
        artefacts.PatternCreate(
            pattern=templates[0].pattern.format(name=name),
            named_on=talk_on,
            breaking_strength=templates[0].strength.format(name=name),
        ),
    )
    journey.advance(talk_on + timedelta(days=rng.randint(3, 7)))  # -> weekly_work
    weekly_from = journey.day
    named = [(first, templates[0])]
    second_on = weekly_from + timedelta(weeks=rng.randint(3, 5))
    if second_on < case.mondays[-1]:
        # Named in a talk; the strength that breaks it is found a week later.
        _individual_talk(ctx, case, second_on, 1)
        second = artefacts.name_pattern(
            session,
            case.worker,
            case.measure_id,
            artefacts.PatternCreate(pattern=templates[1].pattern.format(name=name), named_on=second_on),
        )
        artefacts.update_pattern(
            session,
            row_id(second.id),
            artefacts.PatternUpdate(breaking_strength=templates[1].strength.format(name=name)),
        )
        named.append((second, templates[1]))
    later_meeting = weekly_from + timedelta(weeks=rng.randint(5, 7))
    if later_meeting < ctx.today - timedelta(days=2):
        _network_meeting(ctx, case, later_meeting, NETWORK_MEETING_LATER, coaches)
        _individual_talk(ctx, case, _latest(ctx, later_meeting + timedelta(weeks=2)), 2)
    _pattern_breaks(ctx, rng, case, named)
    if journey.closing():
        journey.close_draft(case.members)


def _set_coach_pair(ctx: Context, rng: Random, case: Case) -> list[str]:
    """Two trained professional coaches: a colleague from the team where there is one, and an external coach;
    the youth's own worker joins where needed. Returns the coaches' names."""
    colleague = ctx.session.exec(
        select(User)
        .where(User.team_id == case.worker.team_id, User.role == Role.WORKER, col(User.id) != case.worker.id)
        .order_by(col(User.id))
    ).first()
    trained = case.measure.start_date - timedelta(days=rng.randint(200, 700))
    externals = rng.sample(EXTERNAL_COACHES, 2)
    first = (
        coach_pair.CoachIn(user_id=row_id(colleague.id), trained_on=trained)
        if colleague is not None
        else coach_pair.CoachIn(name=externals[1][0], organisation=externals[1][1], trained_on=trained)
    )
    second = coach_pair.CoachIn(name=externals[0][0], organisation=externals[0][1], trained_on=trained)
    view = coach_pair.set_coach_pair(
        ctx.session,
        case.worker,
        case.measure_id,
        coach_pair.CoachPairSet(coaches=[first, second], worker_joins=rng.random() < 0.5),
    )
    return [c.name for c in view.coaches]


def _network_meeting(ctx: Context, case: Case, held_on: date, texts: tuple[str, str], coaches: list[str]) -> None:
    summary, outcomes = texts
    words = {"name": case.first_name, "coach_a": coaches[0], "coach_b": coaches[1]}
    artefacts.record_meeting(
        ctx.session,
        case.worker,
        case.measure_id,
        artefacts.MeetingCreate(
            kind=artefacts.MeetingKind.NETWORK_MEETING,
            held_on=_latest(ctx, held_on),
            participants=_names(case, case.members),
            summary=summary.format(**words),
            outcomes=outcomes.format(**words),
        ),
    )


def _individual_talk(ctx: Context, case: Case, held_on: date, which: int) -> None:
    summary, outcomes = INDIVIDUAL_TALKS[which]
    artefacts.record_meeting(
        ctx.session,
        case.worker,
        case.measure_id,
        artefacts.MeetingCreate(
            kind=artefacts.MeetingKind.INDIVIDUAL_TALK,
            held_on=_latest(ctx, held_on),
            participants=[f"{case.first_name} (jongere)", _worker(case)],
            summary=summary.format(name=case.first_name),
            outcomes=outcomes.format(name=case.first_name),
        ),
    )


def _pattern_breaks(
    ctx: Context, rng: Random, case: Case, named: list[tuple[InteractionPattern, PatternTemplate]]
) -> None:
    """Most weeks since a pattern was named, someone notices it broken; a youth with an account adds their own."""
    for pattern, template in named:
        week = pattern.named_on
        while week < ctx.today:
            day = week + timedelta(days=rng.randint(0, 6))
            if rng.random() < 0.65 and pattern.named_on <= day < ctx.today:
                by_youth = case.youth_user is not None and rng.random() < 0.5
                artefacts.record_pattern_break(
                    ctx.session,
                    case.youth_user if by_youth and case.youth_user else case.worker,
                    case.measure_id,
                    artefacts.PatternBreakCreate(
                        pattern_id=row_id(pattern.id), occurred_on=day, text=rng.choice(template.breaks)
                    ),
                )
            week += timedelta(weeks=1)
