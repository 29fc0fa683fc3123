"""The formal case-conference report for its addressee (OM, Raad, judge or the team), as an A4 PDF.

Page 1 answers the question (``front``); the details follow in numbered sections: the frame, the conditions and
their compliance, setbacks with the reporting record of every breach and new suspicion, goals and scores, the
method's work, the views of the youth and the parents, successes, the network, the success and safety plan, the
options weighed, the advice with who took part and the outcome, what the figures mean in plain words, the charts
and earlier conferences.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from .data import ReportChart, ReportData
from .front import Story
from .layout import build_pdf, bullet, image, labelled, pairs, para, table
from .method_data import judgement_by_participant
from .plan_pdf import plan_section


class FormalReport(Story):
    def build(self) -> list[Any]:
        from reportlab.platypus import PageBreak

        self.front_page()
        self.add(PageBreak())
        for section in (
            self.frame,
            self.conditions,
            self.setbacks,
            self.goals,
            self.method,
            self.views,
            self.successes,
            self.network,
            self.safety_plan,
            self.options,
            self.advice_and_decision,
            self.about_the_figures,
            self.chart_pages,
            self.earlier,
        ):
            section()
        return self.story

    def h1(self, title: str) -> None:
        self.add(para(title, self.s.h1))

    def frame(self) -> None:
        from reportlab.lib.units import mm

        m, _ = self.data.measure, self._
        self.h1(_("1. The frame"))
        rows = [
            (_("Measure"), _.label("measure_kind", m.kind)),
            (_("Case number (parketnummer)"), m.case_number or _("none recorded")),
            (_("Index offence"), m.index_offence or _("not recorded")),
            (_("Legal basis"), m.legal_basis or _("not recorded")),
            (_("Imposed by"), _.label("imposed_by", m.imposed_by)),
            (_("Period"), _("{start} to {end}", start=_.date(m.start_date), end=_.date(m.planned_end))),
            (_("End of the probation time"), _.date(m.probation_end) if m.probation_end else _("not applicable")),
            (_("Status"), _.label("measure_status", m.status)),
        ]
        if m.ended_on:
            rows.append((_("Ended on"), _.date(m.ended_on)))
        self.add(pairs(rows, self.s, 52 * mm))

    def conditions(self) -> None:
        _, s = self._, self.s
        self.h1(_("2. Conditions and compliance"))
        if not self.data.conditions:
            self.add(para(_("No conditions have been recorded."), s.body))
            return
        for kind in ("general", "special"):
            listed = [c for c in self.data.conditions if c.kind == kind]
            if not listed:
                continue
            self.add(para(_("General conditions") if kind == "general" else _("Special conditions"), s.h2))
            for c in listed:
                judged = "; ".join(
                    f"{_.day(a.assessed_on)}: {_.label('compliance', a.compliance)}"
                    + (f" ({a.note})" if a.note else "")
                    for a in c.assessments
                )
                responses = ", ".join(f"{n}× {_.label('response', code)}" for code, n in c.responses.items() if n)
                line = _(
                    "Compliance: {judged}. Setbacks linked to it: {breaches}{responses}.",
                    judged=judged or _("not assessed yet"),
                    breaches=c.breaches,
                    responses=f" ({responses})" if responses else "",
                )
                if not c.active:
                    line += " " + _("No longer in force.")
                self.add(labelled(f"{c.text}:", line, s.body))

    def setbacks(self) -> None:
        _, s = self._, self.s
        self.h1(_("3. Setbacks, breaches and reporting back"))
        counts = [x for x in self.data.setbacks if x.reportable]
        reported = sum(1 for x in counts if x.report and (x.report.om_informed or x.report.raad_informed))
        undecided = sum(1 for x in counts if x.report is None)
        self.add(
            para(
                _(
                    "Of {total} breaches and new suspicions, {reported} were reported back, {not_reported} were not "
                    "(with the reason) and on {undecided} no decision has been recorded yet.",
                    total=len(counts),
                    reported=reported,
                    not_reported=len(counts) - reported - undecided,
                    undecided=undecided,
                ),
                s.body,
            )
        )
        if not self.data.setbacks:
            self.add(para(_("No setbacks have been recorded."), s.body))
        for x in self.data.setbacks:
            head = " · ".join([_.day(x.occurred_on), _.label("setback_kind", x.kind), _.label("severity", x.severity)])
            self.add(para(head, s.h2), para(x.text, s.body))
            if x.condition_text:
                self.add(
                    labelled(_.label("condition_kind", x.condition_kind or "special") + ":", x.condition_text, s.small)
                )
            response = _.label("response", x.response) + (f": {x.response_note}" if x.response_note else "")
            self.add(
                labelled(_("Response:"), response + " (" + (_("closed") if x.resolved else _("open")) + ")", s.small)
            )
            if x.suspicion_history:
                steps = " → ".join(
                    f"{_.label('suspicion_status', step.status)} ({_.day(step.status_on)})"
                    for step in x.suspicion_history
                )
                self.add(labelled(_("Where the suspicion stands:"), steps, s.small))
            record = self.reporting(x)
            if record:
                self.add(labelled(_("Reporting back:"), record, s.small))

    def goals(self) -> None:
        from reportlab.lib.units import mm

        _, s = self._, self.s
        self.h1(_("4. Goals and scores"))
        if not self.data.goals:
            self.add(para(_("No goals have been recorded yet."), s.body))
            return
        rows = []
        for goal in self.data.goals:
            if not goal.raters:
                rows.append([goal.title, _("no scores yet"), "–", "–", "–", "–"])
            for i, r in enumerate(goal.raters):
                rows.append(
                    [
                        goal.title if i == 0 else "",
                        _.rater(r.rater, r.who),
                        _(
                            "{score} (week {week})",
                            score=_.score(r.latest),
                            week=(r.latest_week or "").rsplit("W", 1)[-1],
                        ),
                        f"{_.score(r.baseline)} → {_.score(r.current)}",
                        _("{slope} ({weeks} wk)", slope=_.num(r.slope, 2, signed=True), weeks=r.points),
                        _.label("direction", r.direction) if r.direction else _("too early to say"),
                    ]
                )
        self.add(
            table(
                [_("Goal"), _("Who scores"), _("Latest score"), _("Start → now"), _("Per week"), _("Change")],
                rows,
                [42 * mm, 36 * mm, 25 * mm, 21 * mm, 22 * mm, 28 * mm],
                s,
            ),
            para(self.trend_words(), s.small),
        )
        for goal in self.data.goals:
            sustain = _(" · must last {weeks} weeks", weeks=goal.sustain_weeks) if goal.sustain_weeks else ""
            meta = f"{_.label('life_domain', goal.life_domain)} · {_.label('goal_status', goal.status)}{sustain}"
            self.add(labelled(f"{goal.title}:", meta, s.small))
            if goal.worry_statement:
                self.add(para(_("The worry this goal answers: {text}", text=goal.worry_statement), s.small))

    def trend_words(self) -> str:
        p, _ = self.data.progress, self._
        return _(
            "How to read this: the latest score names the week it was given. Start → now compares the mean of the "
            "first {span} weeks with a score with the mean of the last {span}. Per week is the typical rise or fall "
            "of the score per week over the last {window} weeks with a score (one odd week hardly counts). A change "
            "is called reliable only when start and now differ by more than {threshold} points, the margin within "
            "which scores move even when nothing really changed.",
            span=p.baselines.span,
            window=p.trends.window,
            threshold=_.num(p.reliable_change.threshold, 2),
        )

    def method(self) -> None:
        _, s, m = self._, self.s, self.data.method
        self.h1(_("5. The method's work"))
        if m is None:
            self.add(para(_("The measure does not follow a method in this tool."), s.body))
            return
        self.add(
            para(
                _(
                    "{method}, phase “{phase}” since {day}.",
                    method=m.method_name,
                    phase=m.phase_name,
                    day=_.date(m.phase_since),
                ),
                s.body,
            )
        )
        self.add(para(_("Mapping sessions"), s.h2))
        if not m.mapping_sessions:
            self.add(para(_("No mapping session has been recorded yet."), s.body))
        if m.judgement_question and m.mapping_sessions:
            self.add(labelled(_("Judgement scale (0-10), asked of everyone:"), m.judgement_question, s.body))
            for who, scores in judgement_by_participant(m.mapping_sessions):
                self.add(bullet(" → ".join(f"{score} ({_.day(day)})" for day, score in scores), s.item, label=who))
        for session in m.mapping_sessions:
            scores = ", ".join(
                f"{p.name} ({p.role}) {p.score if p.score is not None else '–'}" for p in session.participants
            )
            kind = _("review") if session.kind == "review" else _("mapping")
            self.add(
                labelled(
                    f"{_.day(session.held_on)} ({kind}):", _("judgement scale 0-10: {scores}", scores=scores), s.body
                )
            )
            for label, text in (
                (_("Harm (what happened):"), session.harm),
                (_("Danger statement (if nothing changes):"), session.danger_statement),
                (_("Worries:"), session.worries),
                (_("Complicating factors:"), session.complicating_factors),
                (_("Working well:"), session.working_well),
                (_("Existing safety:"), session.existing_safety),
                (_("Next steps:"), session.next_steps),
            ):
                if text:
                    self.add(labelled(label, text, s.item))
        self.add(para(_("Meetings with the network"), s.h2))
        if not m.meetings:
            self.add(para(_("No meeting has been recorded yet."), s.body))
        for meeting in m.meetings:
            who = ", ".join(meeting.participants)
            head = f"{_.day(meeting.held_on)}, {_.label('meeting_kind', meeting.kind)} ({who}):"
            self.add(labelled(head, meeting.summary, s.body))
            if meeting.outcomes:
                self.add(labelled(_("Agreed:"), meeting.outcomes, s.item))
        self.add(para(_("Patterns and the strengths that break them"), s.h2))
        if not m.patterns:
            self.add(para(_("No pattern has been named yet."), s.body))
        for pattern in m.patterns:
            state = _("named on {day}", day=_.day(pattern.named_on)) + (
                "" if pattern.active else ", " + _("no longer at play")
            )
            self.add(labelled(_("Pattern ({state}):", state=state), pattern.pattern, s.body))
            self.add(labelled(_("What breaks it:"), pattern.breaking_strength or _("not found yet"), s.item))
            self.add(
                para(_.count(len(pattern.breaks), "Broken {n} time:", "Broken {n} times:"), s.small)
                if pattern.breaks
                else para(_("Not broken yet."), s.small)
            )
            for moment in pattern.breaks:
                who = _.label("author_role", moment.author_role)
                self.add(bullet(f"{moment.text} ({who})", s.item, label=f"{_.day(moment.occurred_on)}:"))

    def views(self) -> None:
        _, s, d = self._, self.s, self.data
        self.h1(_("6. The views of the youth and the parents"))
        deliberation = d.deliberation
        for title, view in (
            (_("The youth's view (zienswijze)"), deliberation.youth_view if deliberation else None),
            (_("The parents' view (zienswijze)"), deliberation.parents_view if deliberation else None),
        ):
            self.add(para(title, s.h2))
            if view is None:
                self.add(para(_("Not recorded: the view has not been asked yet."), s.body))
            elif view.status == "declined":
                self.add(
                    para(_("Declined: they chose not to give a view.") + (f" {view.text}" if view.text else ""), s.body)
                )
            else:
                self.add(para(f"“{view.text}”", s.quote))
        self.add(para(_("How the youth scores themself"), s.h2))
        own = [(g, r) for g in d.goals for r in g.raters if r.rater == "youth"]
        if not own:
            self.add(para(_("The youth has not given scores of their own yet."), s.body))
        for goal, r in own:
            line = _(
                "{score} ({week}), from {start} at the start to {now} now",
                score=_.score(r.latest),
                week=_.week(r.latest_week),
                start=_.score(r.baseline),
                now=_.score(r.current),
            )
            if goal.recent_gap is not None:
                line += "; " + _(
                    "differs from the worker's score by {gap} points on average lately", gap=_.num(goal.recent_gap)
                )
            self.add(labelled(f"{goal.title}:", line, s.body))
        self.add(para(_("Successes in the youth's own words"), s.h2))
        words = [x for x in d.successes if x.author_role == "youth" or x.noticed_by == "youth"]
        if not words:
            self.add(para(_("No successes have been recorded by the youth themself yet."), s.body))
        for x in words:
            noticed = "" if x.author_role == "youth" else " " + _("(noticed by the youth)")
            self.add(para(f"{_.date(x.occurred_on)}: “{x.text}”{noticed}", s.quote))
        houses = d.three_houses
        if houses is not None:
            who = _("the youth themself") if houses.author_role == "youth" else _("the probation service")
            self.add(para(_("The three houses"), s.h2))
            self.add(para(_("filled in by {who} on {day}", who=who, day=_.date(houses.filled_in_on)), s.small))
            for label, text in (
                (_("House of worries:"), houses.worries),
                (_("House of good things:"), houses.good_things),
                (_("House of dreams:"), houses.dreams),
            ):
                self.add(labelled(label, f"“{text}”" if text else "–", s.body))

    def successes(self) -> None:
        _, s = self._, self.s
        self.h1(_("7. Successes"))
        if not self.data.successes:
            self.add(para(_("No successes have been recorded yet."), s.body))
        for x in self.data.successes:
            about = f" ({x.goal_title})" if x.goal_title else ""
            head = (
                f"{_.day(x.occurred_on)}, "
                + _("noticed by {who}", who=_.label("noticed_by", x.noticed_by))
                + about
                + ":"
            )
            self.add(bullet(x.text, s.item, label=head))

    def network(self) -> None:
        from reportlab.lib.units import mm

        _, s = self._, self.s
        self.h1(_("8. The network"))
        if not self.data.network:
            self.add(para(_("No network has been recorded yet."), s.body))
            return
        rows = [
            [m.name, _.label("network_role", m.role), _.yes_no(m.trusted_by_youth), _.yes_no(m.trained_in_method)]
            for m in self.data.network
        ]
        self.add(
            table(
                [_("Name"), _("Role"), _("Trusted by the youth"), _("Trained in the method")],
                rows,
                [62 * mm, 40 * mm, 40 * mm, 32 * mm],
                s,
            )
        )

    def safety_plan(self) -> None:
        plan_section(self, self._("9. The success and safety plan"))

    def options(self) -> None:
        _, s, deliberation = self._, self.s, self.data.deliberation
        self.h1(_("10. The options weighed"))
        if deliberation is None or not deliberation.options:
            self.add(para(_("No options have been recorded."), s.body))
        else:
            for option in deliberation.options:
                name = _.label("option", option.kind) + (f": {option.description}" if option.description else "")
                self.add(para(name, s.h2))
                self.add(
                    labelled(_("For:"), option.pros or "–", s.item), labelled(_("Against:"), option.cons or "–", s.item)
                )
        if deliberation is not None:
            self.add(labelled(_("Risks discussed:"), deliberation.risks or "–", s.body))
            self.add(labelled(_("Protective factors:"), deliberation.protective_factors or "–", s.body))

    def advice_and_decision(self) -> None:
        from reportlab.platypus import KeepTogether

        _, s, d = self._, self.s, self.data
        c = d.conference
        self.h1(_("11. Advice, decision and who took part"))
        self.add(labelled(_("Addressed to:"), self.addressee(), s.body), para(_("Advice"), s.h2))
        self.add(*([para(c.advice, s.body)] if c.advice.strip() else self.blank_lines(5)))
        outcomes = {code: _.label("outcome", code) for code in ("carry_on", "adjust_plan", "report_back")}
        self.add(para(_("Advised outcome"), s.h2), self.choices(outcomes, c.advised_outcome))
        if c.advice_signed_at and c.advice_by:
            self.add(
                para(
                    _("Signed off by {who} on {at}.", who=c.advice_by, at=_.moment(c.advice_signed_at, d.timezone)),
                    s.body,
                )
            )
        else:
            self.add(self.signature(_("Signature of the supervisor or behavioural expert")))
        decision: list[Any] = [
            para(_("Decision of the case conference"), s.h2),
            self.choices(outcomes, c.decision),
            para(_("Rationale of the decision"), s.h2),
        ]
        decision += [para(c.rationale, s.body)] if c.rationale.strip() else self.blank_lines(3)
        if c.decided_at and c.decided_by:
            decision.append(
                para(_("Recorded by {who} on {at}.", who=c.decided_by, at=_.moment(c.decided_at, d.timezone)), s.body)
            )
        else:
            decision.append(self.signature(_("Chair of the case conference")))
        self.add(KeepTogether(decision))
        outside = d.deliberation.outside if d.deliberation else None
        self.add(para(_("The outside outcome"), s.h2))
        if outside is None:
            self.add(para(_("Not known yet: the OM, the Raad or the judge decides after this advice."), s.body))
        else:
            line = _(
                "{body} decided on {day}: {outcome}.",
                body=_.label("outside_body", outside.decided_by),
                day=_.date(outside.decided_on),
                outcome=_.label("outside_outcome", outside.outcome),
            )
            self.add(para(line + (f" {outside.note}" if outside.note else ""), s.body))
        self.add(para(_("Who took part"), s.h2))
        people = d.deliberation.participants if d.deliberation else ()
        if not people:
            self.add(para(_("Not recorded."), s.body))
        for person in people:
            self.add(bullet(person.role, s.item, label=f"{person.name},"))

    def about_the_figures(self) -> None:
        p, _, s = self.data.progress, self._, self.s
        self.h1(_("12. What the figures say and do not say"))
        self.add(para(getattr(p.explanation, self.data.locale), s.note))
        for title, text in (
            (_("Trend per week"), getattr(p.trends.explanation, self.data.locale)),
            (_("The youth's own start"), getattr(p.baselines.explanation, self.data.locale)),
            (_("Reliable change"), getattr(p.reliable_change.explanation, self.data.locale)),
            (_("Goal attainment (GAS)"), getattr(p.gas.explanation, self.data.locale)),
            (_("Successes and setbacks per week"), getattr(p.events.explanation, self.data.locale)),
            (_("Weeks since the last serious setback"), getattr(p.since_serious.explanation, self.data.locale)),
            (_("Setbacks per condition"), getattr(p.breaches.explanation, self.data.locale)),
            (_("Agreement between youth and worker"), getattr(p.agreement.explanation, self.data.locale)),
        ):
            self.add(labelled(f"{title}:", text, s.small))

    def chart_pages(self) -> None:
        from reportlab.lib.units import mm
        from reportlab.platypus import KeepTogether

        if not self.charts:
            return
        self.h1(self._("13. Charts"))
        width = 165 * mm
        for n, item in enumerate(self.charts, start=2):
            chart = item.chart
            caption = para(self._("Figure {n}.", n=n) + " " + chart.alt_text, self.s.caption)
            self.add(KeepTogether([image(chart.data, width, width * chart.height / chart.width), caption]))

    def earlier(self) -> None:
        from reportlab.lib.units import mm

        _, s = self._, self.s
        if not self.data.earlier:
            return
        rows = [
            [
                _.day(c.held_on),
                f"{_.label('question_kind', c.question_kind)}: {c.question}",
                _.label("outcome", c.decision) if c.decision else "–",
                c.rationale or "–",
            ]
            for c in self.data.earlier
        ]
        self.h1(_("14. Earlier case conferences"))
        self.add(
            table(
                [_("Date"), _("Question"), _("Decision"), _("Rationale")], rows, [24 * mm, 66 * mm, 28 * mm, 56 * mm], s
            )
        )

    # form parts

    def blank_lines(self, count: int) -> list[Any]:
        from reportlab.lib import colors
        from reportlab.platypus import HRFlowable, Spacer

        lines: list[Any] = []
        for _ in range(count):
            lines += [Spacer(1, 16), HRFlowable(width="100%", thickness=0.5, color=colors.HexColor("#888888"))]
        return lines

    def choices(self, vocabulary: dict[str, str], chosen: str | None) -> Any:
        from xml.sax.saxutils import escape

        from reportlab.platypus import Paragraph

        marks = [f"{'☒' if code == chosen else '☐'} {escape(label)}" for code, label in vocabulary.items()]
        return Paragraph("&nbsp;&nbsp;&nbsp;&nbsp;".join(marks), self.s.body)

    def signature(self, who: str) -> Any:
        from reportlab.lib.units import mm
        from reportlab.platypus import Table, TableStyle

        grid = Table(
            [["", ""], [para(who, self.s.small), para(self._("Date"), self.s.small)]],
            colWidths=[100 * mm, 60 * mm],
            rowHeights=[14 * mm, None],
            hAlign="LEFT",
        )
        grid.setStyle(
            TableStyle(
                [
                    ("LINEBELOW", (0, 0), (0, 0), 0.5, "#888888"),
                    ("LINEBELOW", (1, 0), (1, 0), 0.5, "#888888"),
                    ("LEFTPADDING", (0, 0), (-1, -1), 0),
                ]
            )
        )
        return grid


def render_report(data: ReportData, charts: Sequence[ReportChart]) -> bytes:
    """The formal report as an A4 PDF. The same data and charts always give the same bytes."""
    writer = FormalReport(data, charts)
    _ = writer._
    generated = _.moment(data.generated_at, data.timezone)
    title = _("Case conference report")
    return build_pdf(
        writer.build(),
        title=title,
        subject=f"{title} {data.conference.id}",
        locale=data.locale,
        header=(f"{title} · {data.youth_name}", _("Confidential: contains personal data of a young person")),
        footer=lambda page, pages: _(
            "Page {page} of {pages} · measure {measure} · data version {version} · generated at {at}",
            page=page,
            pages=pages,
            measure=data.measure.id,
            version=data.data_version,
            at=generated,
        ),
    )
