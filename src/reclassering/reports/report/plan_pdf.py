"""The success and safety plan on paper: one A4 page for the youth, in plain words (Dutch at B1 level, or
English), and its section in the formal case-conference report.

The page says who does what, how you notice things go wrong, who you call when it gets hard and how, what was
agreed, and when the plan is looked at again. It always fits one page: long texts are shortened and lists kept
short, and if the page still overflows the lists shrink further and the type gets smaller.
"""

from __future__ import annotations

import textwrap
from datetime import date
from typing import Any

from ...casefile.types import day_of
from .layout import Styles, build_pdf, bullet, labelled, page_count, para
from .plan_data import SafetyPlanLine
from .texts import Words

#: (items per list, characters per text, type scale), tried in turn until the plan fits one page.
_FITS = ((20, 300, 1.0), (10, 200, 0.95), (8, 140, 0.9), (6, 100, 0.85), (4, 70, 0.8), (3, 50, 0.75))


def _short(text: str, width: int) -> str:
    """``text`` on one line, at most ``width`` characters: cut at a word, or inside a word longer than that."""
    flat = " ".join(text.split())
    if len(flat) <= width:
        return flat
    cut = textwrap.shorten(flat, width=width, placeholder=" …")
    return cut if len(cut) > 2 else flat[: width - 1] + "…"


def _call_line(_: Words, name: str, relation: str, reach: str, chars: int) -> tuple[str, str]:
    label = f"{_short(name, chars)} ({_short(relation, chars)})" if relation.strip() else _short(name, chars)
    return label + ":", _short(reach, chars) if reach.strip() else _("ask your worker for the number")


def _story(plan: SafetyPlanLine, youth_name: str, _: Words, s: Styles, items: int, chars: int) -> list[Any]:
    story: list[Any] = [
        para(_("My success and safety plan"), s.title),
        para(_("For {youth}: keep this page where you can find it.", youth=youth_name), s.body),
    ]
    story.append(para(_("Who do you call when things get hard?"), s.h2))
    for c in plan.who_to_call[:items]:
        label, reach = _call_line(_, c.name, c.relation, c.reach, chars)
        story.append(bullet(reach, s.item, label=label))
    if not plan.who_to_call:
        story.append(para(_("Nobody written down yet. Ask your worker who you can call."), s.body))
    story.append(para(_("In an emergency, always call 112."), s.answer))
    story.append(para(_("How do you notice things are going wrong?"), s.h2))
    for sign in plan.warning_signs[:items]:
        story.append(bullet(_short(sign, chars), s.item))
    if not plan.warning_signs:
        story.append(para(_("Nothing written down yet."), s.body))
    story.append(para(_("Who does what?"), s.h2))
    for task in plan.who_does_what[:items]:
        story.append(bullet(_short(task.what, chars), s.item, label=f"{_short(task.who, chars)}:"))
    if not plan.who_does_what:
        story.append(para(_("Nothing written down yet."), s.body))
    story.append(para(_("What we agreed together"), s.h2))
    story.append(para(_short(plan.network_agreed, chars * 3) or _("Nothing written down yet."), s.body))
    if plan.next_review_on:
        story.append(para(_("We look at this plan together again on {day}.", day=_.date(plan.next_review_on)), s.body))
    return story


def render_safety_plan(plan: SafetyPlanLine, youth_name: str, locale: str, made_on: date) -> bytes:
    """The plan as a one-page A4 PDF (the same plan always gives the same bytes)."""
    _ = Words(locale)
    title = _("My success and safety plan")
    footer = _(
        "Version {version} of {day}, saved by {who} · printed on {printed}",
        version=plan.version,
        day=_.date(day_of(plan.saved_at)),
        who=plan.saved_by or _("your worker"),
        printed=_.date(made_on),
    )
    pdf = b""
    for items, chars, scale in _FITS:
        pdf = build_pdf(
            _story(plan, youth_name, _, Styles(scale), items, chars),
            title=title,
            subject=f"{title} · {youth_name} · {plan.version}",
            locale=locale,
            header=(f"{title} · {youth_name}", _("Only for you and the people who help you")),
            footer=lambda _page, _pages: footer,
        )
        if page_count(pdf) == 1:
            return pdf
    return pdf


def plan_section(story: Any, title: str) -> None:
    """The plan's section in the formal report (``story`` is the report being built): the version that stands,
    who saved it and when, and what it says."""
    _, s, plan = story._, story.s, story.data.safety_plan
    story.add(para(title, s.h1))
    if plan is None:
        story.add(para(_("No success and safety plan has been made yet."), s.body))
        return
    story.add(
        para(
            _(
                "Version {version}, saved by {who} ({role}) on {day}.",
                version=plan.version,
                who=plan.saved_by or "–",
                role=_.label("author_role", plan.author_role),
                day=_.date(day_of(plan.saved_at)),
            ),
            s.body,
        )
    )
    story.add(para(_("Who does what"), s.h2))
    story.add(*[bullet(t.what, s.item, label=f"{t.who}:") for t in plan.who_does_what] or [para("–", s.body)])
    story.add(para(_("Warning signs"), s.h2))
    story.add(*[bullet(sign, s.item) for sign in plan.warning_signs] or [para("–", s.body)])
    story.add(para(_("Who the youth calls when it gets hard"), s.h2))
    calls = [
        bullet(c.reach or "–", s.item, label=(f"{c.name} ({c.relation}):" if c.relation else f"{c.name}:"))
        for c in plan.who_to_call
    ]
    story.add(*calls or [para("–", s.body)])
    story.add(labelled(_("What the network agreed:"), plan.network_agreed or "–", s.body))
    review = _.date(plan.next_review_on) if plan.next_review_on else _("not planned")
    story.add(labelled(_("Next review:"), review, s.body))
