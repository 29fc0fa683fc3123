"""The first page of the formal report: it answers the question at a glance.

What was asked, the advice and to whom it goes, what happened since the last conference (or the start), the
few figures that matter (each naming the week it was scored in) and one chart. The details follow it.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from typing import Any

from ..edition import edition_sentence
from .data import ReportChart, ReportData, SetbackLine
from .layout import Styles, bullet, image, labelled, para
from .texts import Words


class Story:
    """The flowables of one document, with its data, words and styles at hand."""

    def __init__(self, data: ReportData, charts: Sequence[ReportChart], styles: Styles | None = None) -> None:
        self.data = data
        self.charts = charts
        self._ = Words(data.locale)
        self.s = styles or Styles()
        self.story: list[Any] = []

    def add(self, *flowables: Any) -> None:
        self.story.extend(flowables)

    # facts several parts use

    @property
    def previous(self) -> date | None:
        """The day of the last conference held before this one's day, if any."""
        held = self.data.conference.held_on
        return max((c.held_on for c in self.data.earlier if c.held_on < held), default=None)

    @property
    def since(self) -> date:
        """The start of "what happened": the previous conference, or the start of the measure."""
        return self.previous or self.data.measure.start_date

    def recent_setbacks(self) -> list[SetbackLine]:
        return [s for s in self.data.setbacks if s.occurred_on >= self.since]

    def addressee(self) -> str:
        deliberation = self.data.deliberation
        return self._.label("addressee", deliberation.addressee if deliberation else "")

    def reporting(self, setback: SetbackLine) -> str:
        """The reporting record of one breach or new suspicion in one sentence."""
        _, record = self._, setback.report
        if record is None:
            return _("No decision on reporting back has been recorded yet.") if setback.reportable else ""
        parts = []
        if record.om_informed or record.raad_informed:
            told = []
            if record.om_informed:
                told.append(_("the OM on {day}", day=_.day(record.om_informed_on)))
            if record.raad_informed:
                told.append(_("the Raad on {day}", day=_.day(record.raad_informed_on)))
            parts.append(_("Reported back to {whom}", whom=_(" and ").join(told)))
            if record.reported_by:
                parts[-1] += " " + _("by {name}", name=record.reported_by)
            parts[-1] += "."
        else:
            parts.append(_("Not reported back. Reason: {reason}", reason=record.not_reported_reason))
        if record.expert_consulted:
            who = record.expert_name or _("the behavioural expert")
            parts.append(
                _("Behavioural expert consulted: {who} on {day}.", who=who, day=_.day(record.expert_consulted_on))
            )
        else:
            parts.append(_("The behavioural expert was not consulted."))
        if record.note:
            parts.append(record.note)
        return " ".join(parts)

    # the first page

    def front_page(self) -> None:
        d, _, s = self.data, self._, self.s
        c = d.conference
        self.add(
            para(_("Case conference report"), s.title),
            para(
                _(
                    "{youth} (born {year}) · worker {worker}",
                    youth=d.youth_name,
                    year=d.birth_year,
                    worker=d.worker_name,
                ),
                s.body,
            ),
            para(
                _(
                    "Case conference on {held_on} · advice to {addressee} · figures up to and including {as_of}",
                    held_on=_.date(c.held_on),
                    addressee=self.addressee(),
                    as_of=_.date(d.as_of),
                ),
                s.body,
            ),
        )
        if d.edition is not None:
            sentence = edition_sentence(d.edition, d.locale, lambda at: _.moment(at, d.timezone))
            self.add(para(sentence, s.body))
        self.question_block()
        self.advice_block()
        self.happened_block()
        self.figures_block()
        self.add(para(_("This report describes; the people at the table decide. The details follow."), s.small))
        self.front_chart()

    def question_block(self) -> None:
        c, _, s = self.data.conference, self._, self.s
        self.add(
            para(_("The question"), s.h2),
            labelled(_("Kind of question:"), _.label("question_kind", c.question_kind), s.body),
            para(c.question, s.quote),
        )

    def advice_block(self) -> None:
        c, _, s = self.data.conference, self._, self.s
        self.add(para(_("The advice"), s.h2))
        outcome = _.label("outcome", c.advised_outcome) if c.advised_outcome else _("not chosen yet")
        head = _("Advised: {outcome}. Addressed to {addressee}.", outcome=outcome, addressee=self.addressee())
        self.add(labelled(head, c.advice if c.advice.strip() else _("The advice has not been written yet."), s.answer))
        if c.advice_signed_at and c.advice_by:
            self.add(
                para(
                    _(
                        "Signed off by {who} on {at}.",
                        who=c.advice_by,
                        at=_.moment(c.advice_signed_at, self.data.timezone),
                    ),
                    s.small,
                )
            )
        else:
            self.add(para(_("The advice has not been signed off yet."), s.small))

    def happened_block(self) -> None:
        d, _, s = self.data, self._, self.s
        self.add(
            para(
                _("What happened since the last case conference ({day})", day=_.day(self.since))
                if self.previous
                else _("What happened since the measure started ({day})", day=_.day(self.since)),
                s.h2,
            )
        )
        successes = [x for x in d.successes if x.occurred_on >= self.since]
        setbacks = self.recent_setbacks()
        serious = sum(1 for x in setbacks if x.severity == "serious")
        self.add(
            bullet(
                _(
                    "{successes} and {setbacks} recorded, {serious} of them serious.",
                    successes=_.count(len(successes), "{n} success", "{n} successes"),
                    setbacks=_.count(len(setbacks), "{n} setback", "{n} setbacks"),
                    serious=serious,
                ),
                s.item,
            )
        )
        for setback in [x for x in setbacks if x.reportable]:
            what = f"{_.day(setback.occurred_on)}, {_.label('setback_kind', setback.kind)}"
            if setback.suspicion_status:
                what += f" ({_.label('suspicion_status', setback.suspicion_status)})"
            self.add(bullet(self.reporting(setback), s.item, label=what + ":"))
        for condition in d.conditions:
            if condition.assessments:
                last = condition.assessments[-1]
                self.add(
                    bullet(
                        _(
                            "{compliance} (judged on {day})",
                            compliance=_.label("compliance", last.compliance),
                            day=_.day(last.assessed_on),
                        ),
                        s.item,
                        label=f"{condition.text}:",
                    )
                )
        deliberation = d.deliberation
        for whose, view in (
            (_("The youth's view:"), deliberation.youth_view if deliberation else None),
            (_("The parents' view:"), deliberation.parents_view if deliberation else None),
        ):
            status = _.label("view_status", view.status) if view else _("not asked yet")
            self.add(bullet(_("{status} (see section 6)", status=status), s.item, label=whose))

    def figures_block(self) -> None:
        d, _, s = self.data, self._, self.s
        self.add(para(_("The figures that matter"), s.h2))
        for goal in d.goals:
            scored = [r for r in goal.raters if r.rater in ("youth", "worker")]
            if not scored:
                continue
            parts = [
                _(
                    "{who} {score} ({week})",
                    who=_.label("rater", r.rater),
                    score=_.score(r.latest),
                    week=_.week(r.latest_week),
                )
                for r in scored
            ]
            youth = next((r for r in scored if r.rater == "youth"), scored[0])
            if youth.direction:
                parts.append(
                    _(
                        "since the start: {direction} ({start} → {now})",
                        direction=_.label("direction", youth.direction),
                        start=_.score(youth.baseline),
                        now=_.score(youth.current),
                    )
                )
            self.add(bullet("; ".join(parts), s.item, label=f"{goal.title}:"))
        since = d.progress.since_serious
        serious = (
            _(
                "{weeks} since the last serious setback ({day}).",
                weeks=_.count(since.weeks or 0, "{n} week", "{n} weeks"),
                day=_.day(since.last_serious),
            )
            if since.last_serious
            else _("No serious setback has been recorded.")
        )
        self.add(bullet(serious, s.item))
        gas = d.progress.gas
        if gas.last_t is not None:
            self.add(
                bullet(
                    _(
                        "Goal attainment: {t}, where 50 is the level agreed as expected ({week}).",
                        t=_.num(gas.last_t),
                        week=_.week(gas.last_scored_week),
                    ),
                    s.item,
                )
            )

    def front_chart(self) -> None:
        from reportlab.lib.units import mm

        chart = next((c.chart for c in self.charts if c.name == "events"), None)
        if chart is None:
            return
        width = 128 * mm
        self.add(
            image(chart.data, width, width * chart.height / chart.width),
            para(self._("Figure 1.") + " " + chart.alt_text, self.s.caption),
        )
