"""Building the whole demo world in one unit of work: stored completely or not at all."""

from __future__ import annotations

from datetime import date
from random import Random

from sqlalchemy import Engine

from ..casefile.db import unit_of_work
from ..casefile.errors import Invalid
from ..casefile.fields import today as service_today
from ..methods.registry import MethodRegistry
from ..settings import Settings
from . import conferences, method_work, network_links, records, reporting, safety_plans
from .accounts import (
    MAX_YOUTHS,
    MIN_YOUTHS,
    YOUTH_ACCOUNTS,
    YOUTH_NAMES,
    DemoAccounts,
    create_staff,
    demo_accounts,
    ensure_empty,
)
from .common import Case, Context, Progress
from .frames import MEASURES
from .reporting import Script


def load_demo(
    engine: Engine,
    *,
    youths: int = 8,
    seed: int = 7,
    today: date | None = None,
    progress: Progress | None = None,
    settings: Settings | None = None,
    methods: MethodRegistry | None = None,
) -> DemoAccounts:
    """Store the demo world in an empty database and return its accounts.

    Refuses (``Conflict``) when the database already holds users: demo data never mixes with real records.
    ``progress`` is called with each youth's display name once that youth's record is complete. ``settings``
    give the reporting deadline and how the conference report is made; ``methods`` the method definitions
    (the built-in ones by default).
    """
    if not MIN_YOUTHS <= youths <= MAX_YOUTHS:
        raise Invalid(f"the demo has between {MIN_YOUTHS} and {MAX_YOUTHS} youths, not {youths}")
    settings = settings or Settings()
    methods = methods or MethodRegistry.load(settings.methods_dir)
    rng = Random(seed)
    with unit_of_work(engine) as session:
        ensure_empty(session)
        staff = create_staff(session)
        ctx = Context(
            session=session,
            today=today or service_today(),
            settings=settings,
            methods=methods,
            supervisor=staff.supervisor,
            expert=staff.expert,
            seed=seed,
        )
        kinds = list(MEASURES)
        rng.shuffle(kinds)
        cases: list[Case] = []
        for index, name in enumerate(YOUTH_NAMES[:youths]):
            method_id = method_work.METHODS[index % len(method_work.METHODS)]
            cases.append(
                records.open_case(
                    session,
                    ctx.rng("case", index),
                    index,
                    staff.workers[index % len(staff.workers)],
                    name,
                    kinds[index % len(kinds)],
                    method_id,
                    ctx.today,
                    with_account=index < YOUTH_ACCOUNTS,
                    pair_statements=method_id == method_work.SIGNS_OF_SUCCESS,
                    others_in_network=2 if method_id == method_work.SAFE_PATH else None,
                )
            )
        scripts = _assign_scripts(rng, cases)
        for case in cases:
            _complete(ctx, case, scripts.get(case.index, []))
            if progress is not None:
                progress(case.youth.display_name)
    return demo_accounts(youths)


def _assign_scripts(rng: Random, cases: list[Case]) -> dict[int, list[Script]]:
    """Which case shows which state of reporting. The new suspicion goes, where possible, to a conditional
    frame, where it weighs most; the others to other cases while there are enough of them."""
    conditional = [c.index for c in cases if MEASURES[c.measure.kind].conditional]  # type: ignore[index]
    suspect = rng.choice(conditional or [c.index for c in cases])
    others = [c.index for c in cases if c.index != suspect]
    rng.shuffle(others)
    order = [suspect, *others]
    scripts: dict[int, list[Script]] = {}
    for position, script in enumerate(Script):
        scripts.setdefault(order[position % len(order)], []).append(script)
    return scripts


def _complete(ctx: Context, case: Case, scripts: list[Script]) -> None:
    """The case's history: setbacks planned, the weeks, successes, setbacks with their reporting, the
    conditions judged, the method's work and, where scripted, its case conferences."""
    rng = ctx.rng("weeks", case.index)
    records.plan_setbacks(rng, case)
    scripted = {
        script: reporting.plan_script(rng, case, script, ctx.today, ctx.settings.breach_report_working_days)
        for script in scripts
    }
    records.record_weeks(ctx.session, rng, case)
    network_links.invite_network(ctx, case)
    records.record_successes(ctx.session, rng, case, ctx.today)
    records.record_setbacks(ctx.session, rng, case, ctx.today)
    reporting.record_reporting(ctx, case)
    records.assess_conditions(ctx.session, rng, case)
    method_work.do_method_work(ctx, case)
    safety_plans.record_safety_plan(ctx, case)
    if Script.SUSPECT in scripted:
        conferences.walk_conference(ctx, case, scripted[Script.SUSPECT])
    if Script.REPORTED in scripted:
        conferences.plan_upcoming(ctx, case, scripted[Script.REPORTED])
