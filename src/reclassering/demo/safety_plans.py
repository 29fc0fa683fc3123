"""Every demo measure's success and safety plan, in two versions: the worker makes it with the network a few weeks
in, and a later version (by the worker, or the supervisor after a setback) adds a warning sign and moves the review.
Invented words about no real case; the versions are placed on the days they belong to in the youth's history."""

from __future__ import annotations

from datetime import timedelta
from random import Random

from ..casefile import safety_plan
from ..casefile.safety_plan import CallContact, SafetyPlanWrite, Task
from .common import Case, Context, stamp
from .texts import ROLE_WORDS

WARNING_SIGNS = (
    "Komt na school niet meteen thuis",
    "Zet de telefoon uit en reageert niet",
    "Slaapt overdag en is 's nachts op pad",
    "Gaat weer om met de oude groep op het plein",
    "Wordt snel boos bij vragen over geld",
    "Slaat de training over",
)
TASKS = (
    "Belt de school als {name} er niet is",
    "Gaat mee naar het eerste gesprek bij de stage",
    "Vraagt elke zondag hoe de week was",
    "Haalt {name} op na de training",
    "Helpt met het rooster voor school",
)
AGREED = (
    "We bellen elkaar als {name} niet op tijd thuis is, en we spreken {name} er rustig op aan. "
    "Op vrijdag eet de familie samen."
)
LATER_AGREED = "Na de laatste terugval: de trainer belt de jeugdreclasseerder als {name} twee keer mist."


def record_safety_plan(ctx: Context, case: Case) -> None:
    """Two versions of the case's plan: the first after the third week, the second some weeks before today."""
    rng = Random(f"{ctx.seed}:plan:{case.index}")
    name = case.first_name
    members = case.members or []
    tasks = [Task(who=m.name[:120], what=rng.choice(TASKS).format(name=name)) for m in members[:2]] + [
        Task(who=name, what="Zegt het op tijd als het niet lukt")
    ]
    calls = [
        CallContact(name=m.name[:120], relation=ROLE_WORDS.get(m.name, ""), reach=m.contact[:200]) for m in members[:3]
    ]
    signs = rng.sample(WARNING_SIGNS, 3)
    first_day = case.mondays[min(2, len(case.mondays) - 1)] + timedelta(days=2)
    later_day = max(first_day + timedelta(days=7), ctx.today - timedelta(days=rng.randint(7, 21)))
    first = SafetyPlanWrite(
        based_on_version=0,
        who_does_what=tasks,
        warning_signs=signs[:2],
        who_to_call=calls,
        network_agreed=AGREED.format(name=name),
        next_review_on=first_day + timedelta(weeks=8),
    )
    view = safety_plan.save_plan(ctx.session, case.worker, case.measure_id, first)
    view.row.created_at = stamp(first_day, 14)
    author = ctx.supervisor if rng.random() < 0.4 else case.worker
    second = SafetyPlanWrite(
        based_on_version=1,
        who_does_what=tasks,
        warning_signs=signs,
        who_to_call=calls,
        network_agreed=AGREED.format(name=name) + " " + LATER_AGREED.format(name=name),
        next_review_on=later_day + timedelta(weeks=8),
    )
    view = safety_plan.save_plan(ctx.session, author, case.measure_id, second)
    view.row.created_at = stamp(later_day, 11)
    ctx.session.flush()
