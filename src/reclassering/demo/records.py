"""One youth's weekly record: the youth, the measure, goals and network, then months of weekly check-ins with
scores, successes, setbacks and judgements of the conditions. Built through the casefile's own operations."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from random import Random
from typing import cast

from sqlmodel import Session

from ..casefile import checkins, events, goals, measures, network, youths
from ..casefile.models import Goal, NetworkMember, User
from ..casefile.vocab import Compliance, LifeDomain, MeasureKind, RaterKind, SetbackKind, SetbackResponse, Severity
from ..casefile.weeks import week_of
from .accounts import youth_account
from .common import Case, PlannedSetback, lower_first, monday, row_id, shuffled
from .frames import NO_NEW_OFFENCE, create_measure
from .texts import (
    ASSESSMENT_NOTES,
    GENERAL_SUCCESSES,
    GOALS,
    NEXT_STEPS,
    NO_NEW_OFFENCE_NOTES,
    OTHER_MEMBERS,
    PARENTS,
    RESPONSE_NOTES,
    SETBACKS,
    SEVERITY_PENALTY,
    SUCCESS_TEXTS,
    WENT_WELL,
    WORRIES,
    GoalTemplate,
)

MIN_WEEKS, MAX_WEEKS = 10, 30


def open_case(
    session: Session,
    rng: Random,
    index: int,
    worker: User,
    name: str,
    kind: MeasureKind,
    method_id: str,
    today: date,
    *,
    with_account: bool,
    pair_statements: bool,
    others_in_network: int | None = None,
) -> Case:
    """The youth, their measure with its frame and conditions, their network and goals; the check-in weeks it
    will span. Goals carry their worry statement right away unless ``pair_statements`` (the method pairs each
    worry statement with its goal later)."""
    youth = youths.create_youth(
        session, worker, youths.YouthCreate(display_name=name, birth_year=today.year - rng.randint(14, 20))
    )
    youth_user = youth_account(session, youth) if with_account else None
    last_monday = monday(today) - timedelta(weeks=1)
    n_weeks = rng.randint(MIN_WEEKS, MAX_WEEKS)
    mondays = [last_monday - timedelta(weeks=n_weeks - 1 - i) for i in range(n_weeks)]
    start = mondays[0] + timedelta(days=rng.randint(0, 3))
    measure = create_measure(session, rng, row_id(youth.id), kind, start, today)
    conditions, _ = measures.conditions_of(session, [row_id(measure.id)])
    first_name = name.split()[0]
    templates = _choose_goals(rng)
    return Case(
        index=index,
        youth=youth,
        worker=worker,
        youth_user=youth_user,
        measure=measure,
        conditions=conditions,
        goals=_create_goals(session, rng, worker, row_id(measure.id), first_name, templates, pair_statements),
        goal_texts=templates,
        members=_add_network(session, rng, row_id(youth.id), others_in_network),
        mondays=mondays,
        method_id=method_id,
    )


def _add_network(session: Session, rng: Random, youth_id: int, others: int | None) -> list[NetworkMember]:
    parent = rng.choice(PARENTS)
    chosen = rng.sample(OTHER_MEMBERS, others if others is not None else rng.randint(1, 2))
    return [
        network.add_member(
            session,
            youth_id,
            network.NetworkMemberCreate(
                name=m.name, role=m.role, contact=m.contact, trusted_by_youth=rng.random() > 0.15
            ),
        )
        for m in (parent, *chosen)
    ]


def _choose_goals(rng: Random) -> list[GoalTemplate]:
    """3-4 goals over different life domains; the first carries a full set of GAS levels."""
    chosen = [rng.choice([g for g in GOALS if g.gas])]
    wanted = rng.randint(3, 4)
    for template in shuffled(rng, GOALS):
        if len(chosen) == wanted:
            break
        if template.domain not in {c.domain for c in chosen}:
            chosen.append(template)
    return chosen


def _create_goals(
    session: Session,
    rng: Random,
    worker: User,
    measure_id: int,
    first_name: str,
    templates: list[GoalTemplate],
    pair_statements: bool,
) -> list[Goal]:
    return [
        goals.create_goal(
            session,
            worker,
            measure_id,
            goals.GoalCreate(
                title=template.title,
                life_domain=template.domain,
                worry_statement="" if pair_statements else template.worry_statement(first_name),
                sustain_weeks=rng.choice((6, 8, 10, 12)),
                gas_levels=_gas_levels(template) if position == 0 else {},
            ),
        )
        for position, template in enumerate(templates)
    ]


def _gas_levels(template: GoalTemplate) -> dict[goals.GasKey, str]:
    return cast(dict[goals.GasKey, str], dict(zip(goals.GAS_KEYS, template.gas, strict=True)))


def plan_setbacks(rng: Random, case: Case) -> None:
    """A few setbacks of different kinds, spread over the weeks. A breach names a condition it broke (never the
    one against new offences: that is for a court to say)."""
    n_weeks = len(case.mondays)
    count = rng.randint(2, 4)
    weeks = sorted(rng.sample(range(1, n_weeks), count))
    breakable = [c for c in case.conditions if c.text != NO_NEW_OFFENCE]
    for week_index, template in zip(weeks, rng.sample(SETBACKS, count), strict=True):
        condition = rng.choice(breakable) if template.kind is SetbackKind.CONDITION_BREACH else None
        text = rng.choice(template.texts).format(condition=lower_first(condition.text) if condition else "")
        severity, response = rng.choice(template.severities), rng.choice(template.responses)
        case.setbacks.append(PlannedSetback(week_index, template.kind, severity, response, text, condition))


# --- weekly check-ins with scores ----------------------------------------------------------------------------


@dataclass(frozen=True)
class Trajectory:
    """How a rater's score of a goal runs over the weeks, before noise and setbacks."""

    start: float
    low: float
    low_at: float
    end: float

    def at(self, t: float) -> float:
        if t <= self.low_at:
            return self.start + (self.low - self.start) * t / self.low_at
        return self.low + (self.end - self.low) * (t - self.low_at) / (1 - self.low_at)


def _youth_trajectory(rng: Random) -> Trajectory:
    """Youths often score high at intake, dip once the work starts, then rise."""
    return Trajectory(
        start=rng.uniform(6, 8.5), low=rng.uniform(2.5, 4.5), low_at=rng.uniform(0.2, 0.4), end=rng.uniform(6, 9)
    )


def _worker_trajectory(rng: Random) -> Trajectory:
    """Workers start cautious and climb steadily."""
    start = rng.uniform(2, 4)
    return Trajectory(start=start, low=start, low_at=0.1, end=rng.uniform(5, 8))


def _penalties(case: Case) -> list[float]:
    """How much each week's scores drop after setbacks: fully in the week, half and a quarter after."""
    drop = [0.0] * len(case.mondays)
    for setback in case.setbacks:
        for offset, share in ((0, 1.0), (1, 0.5), (2, 0.25)):
            if setback.week_index + offset < len(drop):
                drop[setback.week_index + offset] += SEVERITY_PENALTY[setback.severity] * share
    return drop


def scale(value: float) -> int:
    return max(0, min(10, round(value)))


def _gas_level(value: int) -> int:
    return max(-2, min(2, round((value - 5) / 2)))


def record_weeks(session: Session, rng: Random, case: Case) -> None:
    youth_paths = [_youth_trajectory(rng) for _ in case.goals]
    worker_paths = [_worker_trajectory(rng) for _ in case.goals]
    drops = _penalties(case)
    last = len(case.mondays) - 1
    for index, week_monday in enumerate(case.mondays):
        t = index / last
        worker_scores, youth_scores = [], []
        for goal, youth_path, worker_path in zip(case.goals, youth_paths, worker_paths, strict=True):
            worker_value = scale(worker_path.at(t) - drops[index] + rng.gauss(0, 0.6))
            worker_scores.append(
                checkins.ScoreEntry(
                    goal_id=row_id(goal.id),
                    rater=RaterKind.WORKER,
                    value=worker_value,
                    gas_level=_gas_level(worker_value) if goal.gas_levels else None,
                )
            )
            if rng.random() < 0.92:  # now and then the youth skips the scale question
                youth_value = scale(youth_path.at(t) - 0.7 * drops[index] + rng.gauss(0, 0.8))
                youth_scores.append(
                    checkins.ScoreEntry(goal_id=row_id(goal.id), rater=RaterKind.YOUTH, value=youth_value)
                )
        network_scores = _network_scores(rng, case, worker_scores)
        week = week_of(week_monday)
        notes = _week_notes(rng, case, index)
        own_scores = youth_scores if case.youth_user is None else []
        checkins.record_check_in(
            session,
            case.worker,
            case.measure_id,
            week,
            checkins.CheckInWrite(**notes, scores=worker_scores + own_scores + network_scores),
        )
        if case.youth_user is not None and youth_scores:
            checkins.record_check_in(
                session, case.youth_user, case.measure_id, week, checkins.CheckInWrite(scores=youth_scores)
            )


def _network_scores(rng: Random, case: Case, worker_scores: list[checkins.ScoreEntry]) -> list[checkins.ScoreEntry]:
    """Now and then one network member scores the goals too, not far from the worker."""
    if rng.random() >= 0.3:
        return []
    member = rng.choice(case.members)
    return [
        checkins.ScoreEntry(
            goal_id=s.goal_id,
            rater=RaterKind.NETWORK,
            network_member_id=row_id(member.id),
            value=scale(s.value + rng.choice((-1, 0, 0, 1))),
        )
        for s in worker_scores
    ]


def _week_notes(rng: Random, case: Case, index: int) -> dict[str, str]:
    setbacks = [s.text for s in case.setbacks if s.week_index == index]
    worries = "; ".join(setbacks) or (rng.choice(WORRIES) if rng.random() < 0.4 else "")
    return {"went_well": rng.choice(WENT_WELL), "worries": worries, "next_steps": rng.choice(NEXT_STEPS)}


# --- successes, setbacks and condition assessments -----------------------------------------------------------


def _day_in_week(rng: Random, case: Case, index: int, today: date) -> date:
    """A day of check-in week ``index`` that lies neither before the measure started nor after today."""
    day = case.mondays[index] + timedelta(days=rng.randint(0, 6))
    return min(max(day, case.measure.start_date), today)


def record_successes(session: Session, rng: Random, case: Case, today: date) -> None:
    """About one success a week, some of them noticed by the youth."""
    for index in range(len(case.mondays)):
        for _ in range(_successes_this_week(rng)):
            goal = rng.choice(case.goals) if rng.random() < 0.85 else None
            pool = SUCCESS_TEXTS[LifeDomain(goal.life_domain)] if goal else GENERAL_SUCCESSES
            noticed_by = rng.choices((RaterKind.YOUTH, RaterKind.WORKER, RaterKind.NETWORK), (35, 50, 15))[0]
            actor = case.youth_user if noticed_by is RaterKind.YOUTH and case.youth_user else case.worker
            events.record_success(
                session,
                actor,
                case.measure_id,
                events.SuccessCreate(
                    occurred_on=_day_in_week(rng, case, index, today),
                    text=rng.choice(pool),
                    goal_id=goal.id if goal else None,
                    noticed_by=noticed_by,
                ),
            )


def _successes_this_week(rng: Random) -> int:
    roll = rng.random()
    return 0 if roll < 0.2 else 2 if roll > 0.9 else 1


def record_setbacks(session: Session, rng: Random, case: Case, today: date) -> None:
    """The planned setbacks with their responses; those older than two weeks have been dealt with."""
    case.setbacks.sort(key=lambda s: s.week_index)
    for planned in case.setbacks:
        occurred_on = planned.day or _day_in_week(rng, case, planned.week_index, today)
        recent = (today - occurred_on).days <= 14
        undecided = rng.random() < 0.5  # drawn always, so that the rest of the world does not hang on the weekday
        response = SetbackResponse.NONE_YET if recent and undecided else planned.response
        planned.stored = events.record_setback(
            session,
            case.worker,
            case.measure_id,
            events.SetbackCreate(
                occurred_on=occurred_on,
                kind=planned.kind,
                severity=planned.severity,
                text=planned.text,
                condition_id=planned.condition.id if planned.condition else None,
                response=response,
                response_note=RESPONSE_NOTES[response],
            ),
        )
        if not recent:
            events.update_setback(session, row_id(planned.stored.id), events.SetbackUpdate(resolved=True))


def assess_conditions(session: Session, rng: Random, case: Case) -> None:
    """Every few weeks the worker judges each condition; a breach since the last judgement shows. The condition
    against new offences is judged by convictions only: a suspicion leaves it complied with."""
    every = rng.randint(3, 5)
    previous = -1
    suspected = [s.week_index for s in case.setbacks if s.kind is SetbackKind.NEW_SUSPICION]
    for index in range(every - 1, len(case.mondays), every):
        assessed_on = max(case.mondays[index] + timedelta(days=4), case.measure.start_date)
        for condition in case.conditions:
            if condition.text == NO_NEW_OFFENCE:
                compliance = Compliance.COMPLIED
                note = NO_NEW_OFFENCE_NOTES[any(week <= index for week in suspected)]
            else:
                breaches = [s for s in case.setbacks if s.condition is condition and previous < s.week_index <= index]
                compliance = _compliance(rng, breaches)
                note = rng.choice(ASSESSMENT_NOTES[compliance])
            measures.assess_condition(
                session,
                case.worker,
                row_id(condition.id),
                measures.AssessmentCreate(assessed_on=assessed_on, compliance=compliance, note=note),
            )
        previous = index


def _compliance(rng: Random, breaches: list[PlannedSetback]) -> Compliance:
    if any(b.severity is Severity.SERIOUS for b in breaches):
        return Compliance.NOT_COMPLIED
    if breaches:
        return Compliance.PARTLY
    return Compliance.COMPLIED if rng.random() < 0.85 else Compliance.PARTLY
