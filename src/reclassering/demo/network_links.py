"""Network links in the demo: in every third case the first network member (a parent, as a rule) was sent a
personal link and has scored the first goals themselves for the last weeks, noting what went well, so the charts
show that member's own line beside the youth's and the worker's. The secrets are not kept (only their hashes are
stored, as always); a worker makes a new link on the youth's page to try the form."""

from __future__ import annotations

from datetime import UTC, datetime, time, timedelta

from ..casefile import network_links
from ..casefile.vocab import MeasureStatus
from ..casefile.weeks import week_of
from .common import Case, Context, row_id

WEEKS = 4
NOTICED = (
    "Hij hielp zonder te mopperen met de boodschappen.",
    "Ze was op tijd thuis, drie avonden achter elkaar.",
    "Hij vertelde uit zichzelf over school.",
    "Ze bleef rustig toen haar broer haar uitdaagde.",
)


def invite_network(ctx: Context, case: Case) -> None:
    """A link for the case's first network member about its first two goals, used for the last ``WEEKS`` weeks."""
    if case.index % 3 or not case.members or not case.goals or case.measure.status != MeasureStatus.ACTIVE:
        return
    rng = ctx.rng("network-link", case.index)
    mondays = case.mondays[-WEEKS:]
    if not mondays:
        return
    member = case.members[0]
    asked = [row_id(goal.id) for goal in case.goals[:2]]
    made = datetime.combine(mondays[0] - timedelta(days=1), time(19, 0), tzinfo=UTC)
    data = network_links.NetworkLinkCreate(member_id=row_id(member.id), goal_ids=asked)
    _, secret = network_links.create_link(
        ctx.session, case.worker, case.measure_id, data, default_days=WEEKS * 7 + 7, now=made
    )
    start = rng.randint(3, 6)
    for index, monday in enumerate(mondays):
        used = datetime.combine(monday + timedelta(days=3), time(20, 0), tzinfo=UTC)
        page = network_links.resolve(ctx.session, secret, now=used)
        if page is None:  # a goal was paused or the measure closed in the meantime
            return
        values = {goal.id: min(10, start + index + rng.choice((-1, 0, 0, 1))) for goal in page.goals}
        notes = {page.goals[0].id: NOTICED[(case.index + index) % len(NOTICED)]} if index % 2 else {}
        network_links.submit(
            ctx.session,
            page,
            week_of(monday),
            values,
            notes,
            today=monday + timedelta(days=3),
            now=used,  # type: ignore[misc]
        )
