"""The one-page summary for the youth and the parents, in plain words (Dutch at B1 level, or English).

What the meeting was about, what goes well, what worries, the advice in plain words and to whom it goes, what
happens next and whom to ask. No figures' jargon: no trends, baselines or scores on a scale. It always fits one
A4 page: long texts are shortened and lists kept short, and if the page still overflows the lists shrink.
"""

from __future__ import annotations

import textwrap

from ...casefile.types import day_of
from .data import ReportData
from .front import Story
from .layout import Styles, build_pdf, bullet, labelled, page_count, para

#: (items per list, characters per text, type scale), tried in turn until the summary fits one page.
_FITS = ((3, 320, 1.0), (2, 220, 0.95), (2, 140, 0.9), (1, 100, 0.85), (1, 60, 0.8))


def _short(text: str, width: int) -> str:
    return textwrap.shorten(" ".join(text.split()), width=width, placeholder=" …") if text.strip() else ""


class Summary(Story):
    def build(self, items: int, chars: int) -> list:
        d, _, s = self.data, self._, self.s
        c = d.conference
        self.add(
            para(_("What we talked about, for {youth}", youth=d.youth_name), s.title),
            para(
                _(
                    "On {day} the team talked about how things are going with you, at a meeting called a case "
                    "conference (casusoverleg).",
                    day=_.date(c.held_on),
                ),
                s.body,
            ),
        )
        self.add(para(_("The question"), s.h2), para(_short(c.question, chars), s.body))
        self.add(para(_("What is going well"), s.h2))
        good = [x.text for x in reversed(d.successes)][:items]
        better = [g.title for g in d.goals for r in g.raters if r.rater == "youth" and r.direction == "improved"]
        for text in good:
            self.add(bullet(_short(text, chars), s.item))
        for title in better[:items]:
            self.add(bullet(_("You are getting closer to your goal: {goal}", goal=_short(title, chars)), s.item))
        if not good and not better:
            self.add(para(_("Nothing has been written down yet. Tell your worker what went well."), s.body))
        self.add(para(_("What we are worried about"), s.h2))
        worries = [x for x in reversed(self.recent_setbacks())][:items]
        for x in worries:
            self.add(bullet(_short(x.text, chars), s.item, label=f"{_.label('setback_kind', x.kind)}:"))
        if d.deliberation and d.deliberation.risks:
            self.add(bullet(_short(d.deliberation.risks, chars), s.item))
        if not worries and not (d.deliberation and d.deliberation.risks):
            self.add(para(_("Nothing new went wrong since the last time."), s.body))
        self.add(para(_("Our advice"), s.h2))
        self.add(para(self.plain_advice(), s.answer))
        if c.advice.strip():
            self.add(labelled(_("In the words of the advice:"), _short(c.advice, chars * 2), s.body))
        self.add(para(_("What happens next"), s.h2), para(self.next_step(), s.body))
        self.add(para(_("Questions?"), s.h2))
        self.add(
            para(
                _(
                    "Ask your worker {worker}. You may always say what you think of the advice; your own view is "
                    "sent with it.",
                    worker=d.worker_name,
                ),
                s.body,
            )
        )
        return self.story

    def plain_advice(self) -> str:
        _, c = self._, self.data.conference
        addressee = self.data.deliberation.addressee if self.data.deliberation else ""
        plain = {
            "carry_on": _("We advise to carry on as we do now."),
            "adjust_plan": _("We advise to change the plan, so that it fits better."),
            "report_back": _(
                "We advise to tell the public prosecutor or the court what happened. They then decide what happens."
            ),
        }
        text = plain.get(c.advised_outcome or "", _("The advice is not ready yet."))
        to = {
            "om": _("This advice goes to the public prosecutor (OM)."),
            "raad": _("This advice goes to the Child Protection Board (Raad voor de Kinderbescherming)."),
            "kinderrechter": _("This advice goes to the juvenile judge."),
            "internal": _("This advice stays within our team."),
        }.get(addressee, "")
        return f"{text} {to}".strip()

    def next_step(self) -> str:
        _, d = self._, self.data
        outside = d.deliberation.outside if d.deliberation else None
        if outside is not None:
            return _(
                "{body} decided on {day}: {outcome}. Your worker will talk with you about what this means.",
                body=_.label("outside_body", outside.decided_by),
                day=_.date(outside.decided_on),
                outcome=_.label("outside_outcome", outside.outcome),
            )
        if d.conference.decision:
            return _(
                "The team decided: {decision}. Your worker will talk with you about what this means for you.",
                decision=_.label("outcome", d.conference.decision).lower(),
            )
        return _("Your worker will tell you what was decided and what it means for you.")


def render_summary(data: ReportData) -> bytes:
    """The summary as a one-page A4 PDF (the same data always give the same bytes)."""
    pdf = b""
    for items, chars, scale in _FITS:
        writer = Summary(data, (), Styles(scale))
        _ = writer._
        title = _("Summary of the case conference")
        made = _("Made on {day}", day=_.date(day_of(data.generated_at)))
        pdf = build_pdf(
            writer.build(items, chars),
            title=title,
            subject=f"{title} {data.conference.id}",
            locale=data.locale,
            header=(f"{title} · {data.youth_name}", _("Only for you and your parents")),
            footer=lambda _page, _pages, made=made: made,
        )
        if page_count(pdf) == 1:
            return pdf
    return pdf
