"""The report in two versions: the formal report answers on page 1 and lists every reporting record and view;
the one-page summary speaks plainly to the youth and the parents. No text breaks either of them."""

from __future__ import annotations

import io
from datetime import timedelta

import pytest
from pypdf import PdfReader
from sqlalchemy import Engine
from sqlmodel import Session

from reclassering.casefile import conferences, events, goals
from reclassering.casefile.db import unit_of_work
from reclassering.casefile.fields import today as service_today
from reclassering.casefile.models import Goal, User
from reclassering.reports.charts import scores_chart
from reclassering.reports.loader import load_series
from reclassering.reports.report import render_report, render_summary, report_charts, report_data

from ..world import World
from .second_chance import (
    ADVICE,
    CASE_NUMBER,
    EXPERT,
    NOT_REPORTED_REASON,
    OFFENCE,
    PARENTS_VIEW,
    TODAY,
    YOUTH_VIEW,
    build_second_chance,
)

#: Words of the indicators that a youth or a parent should never have to read.
JARGON = ("Theil", "T-score", "T-Score", "reliable change", "betrouwbare verandering", "baseline", "Jacobson", "GAS")


def _pages(pdf: bytes) -> list[str]:
    return [" ".join(page.extract_text().split()) for page in PdfReader(io.BytesIO(pdf)).pages]


def _report(engine: Engine, conference_id: int, locale: str = "nl") -> tuple[list[str], bytes]:
    with Session(engine) as session:
        data = report_data(session, conference_id, locale=locale)
    return _pages(render_report(data, report_charts(data))), render_summary(data)


@pytest.fixture
def conference_id(engine: Engine, world: World) -> int:
    return build_second_chance(engine, world)


def test_page_one_answers_the_question_and_the_details_hold_every_record(engine: Engine, conference_id: int) -> None:
    pages, _ = _report(engine, conference_id)
    first, text = pages[0], " ".join(pages)
    assert "Rapportage casusoverleg" in first
    assert "advies aan het Openbaar Ministerie (OM)" in first and "Gericht aan het Openbaar Ministerie (OM)" in first
    assert ADVICE in first and "Advies: Doorgaan." in first
    assert f"Ondertekend door Xandra de Wit op {service_today().day}" in first  # a moment, shown in Amsterdam
    assert "Figuur 1." in first  # the one chart of page 1
    assert "Teruggemeld aan het OM op" in first and f"Reden: {NOT_REPORTED_REASON}" in first
    assert "laatst gescoord in week" in first
    # the frame, the reporting record of every breach, the suspicion never called guilt, the method's work
    assert CASE_NUMBER in text and OFFENCE in text and "Einde van de proeftijd" in text
    assert "Algemene voorwaarden" in text and "Bijzondere voorwaarden" in text
    assert f"Gedragswetenschapper geraadpleegd: {EXPERT}" in text and "door Wessel de Vries" in text
    assert "verdacht" in text and "geseponeerd (sepot)" in text
    assert "Er is nog geen besluit over terugmelden vastgelegd." in text  # the suspicion's record is missing
    assert "schaalvraag 0-10: Amir (jongere) 6, Moeder (moeder) 4" in text
    # the mapping whole: the harm, the danger statement and the judgement scale with its question
    assert "Schade (wat er gebeurd is):" in text and "winkeldiefstal" in text
    assert "Gevarenzin (als er niets verandert):" in text and "krijgt Amir een nieuwe zaak" in text
    assert "Schaalvraag (0-10), aan iedereen gesteld:" in text and "Op een schaal van 0 tot 10" in text
    assert "netwerkbijeenkomst" in text and "Ik liep even weg en kwam terug" in text
    # the views in their own words, the options with pros and cons, who took part
    assert f"“{YOUTH_VIEW}”" in text and f"“{PARENTS_VIEW}”" in text
    assert "Zet de vooruitgang op school op het spel" in text and "Steun van moeder en de voetbalclub." in text
    assert f"{EXPERT}, gedragswetenschapper" in text
    # statistics in words a judge reads: never a bare method name
    assert "Zo leest u dit:" in text and "één afwijkende week telt nauwelijks mee" in text
    assert "jeugdreclasseerde r" not in text and "jeugdreclasseerde\nr" not in text


def test_the_english_report_and_summary(engine: Engine, conference_id: int) -> None:
    pages, summary = _report(engine, conference_id, locale="en")
    assert "Addressed to the Public Prosecution Service (OM)." in pages[0] and ADVICE in pages[0]
    assert "last scored in week" in pages[0]
    summary_text = _pages(summary)
    assert len(summary_text) == 1 and "This advice goes to the public prosecutor (OM)." in summary_text[0]


def test_the_summary_is_one_plain_page_with_the_advice(engine: Engine, conference_id: int) -> None:
    _, summary = _report(engine, conference_id)
    pages = _pages(summary)
    assert len(pages) == 1
    text = pages[0]
    assert "We raden aan om door te gaan zoals nu." in text
    assert "Dit advies gaat naar de officier van justitie (OM)." in text
    assert ADVICE in text and "Vraag het aan je jeugdreclasseerder Wessel de Vries." in text
    assert "Ik ben elke dag zelf op tijd opgestaan" in text  # what goes well, in the youth's words
    for word in JARGON:
        assert word not in text, word


def test_long_texts_flow_over_more_pages_and_the_summary_stays_one_page(
    engine: Engine, world: World, conference_id: int
) -> None:
    before, _ = _report(engine, conference_id)
    prose = ("Hij heeft de hele week zijn best gedaan op school en thuis. " * 80)[:4000]
    lines = "\n".join(f"regel {i}" for i in range(300))
    word = "x" * 4000
    case = world.cases["y1"]
    with unit_of_work(engine) as session:
        youth = session.get(User, world["y1"].id)
        worker = session.get(User, world["w1"].id)
        for text in (prose, lines, word, "<script>alert(1)</script> & <b>vet</b>"):
            events.record_success(
                session, youth, case.measure_id, events.SuccessCreate(occurred_on=TODAY - timedelta(days=1), text=text)
            )  # type: ignore[arg-type]
        events.record_setback(
            session,
            worker,  # type: ignore[arg-type]
            case.measure_id,
            events.SetbackCreate(occurred_on=TODAY, kind="other", severity="minor", text=prose),  # type: ignore[arg-type]
        )
    after, summary = _report(engine, conference_id)
    assert len(after) > len(before) + 2
    text = " ".join(after)
    assert "regel 299" in text and "<script>alert(1)</script> & <b>vet</b>" in text
    assert len(_pages(summary)) == 1


def test_a_goal_title_with_dollars_is_text_not_a_formula(engine: Engine, world: World, conference_id: int) -> None:
    case = world.cases["y1"]
    title = "Van $20 zakgeld $5 sparen"
    with unit_of_work(engine) as session:
        goals.update_goal(session, case.goal_ids[0], goals.GoalUpdate(title=title))
        goal = session.get(Goal, case.goal_ids[1])
        assert goal is not None
        goal.title = r"$\foo$ en $x^2$"
    with Session(engine) as session:
        series = load_series(session, case.measure_id)
    for goal_id, literal in ((case.goal_ids[0], title), (case.goal_ids[1], r"$\foo$ en $x^2$")):
        svg = scores_chart(series, goal_id, fmt="svg").data.decode()
        assert f"<title>{literal}</title>" in svg
        assert scores_chart(series, goal_id, fmt="png").data.startswith(b"\x89PNG")
    pages, _ = _report(engine, conference_id)
    assert title in " ".join(pages)


def test_a_conference_after_the_data_cut_off_is_counted_in_its_own_report(engine: Engine, world: World) -> None:
    case = world.cases["y1"]
    with unit_of_work(engine) as session:
        worker = session.get(User, world["w1"].id)
        ahead = conferences.create_conference(
            session,
            worker,  # type: ignore[arg-type]
            case.measure_id,
            conferences.ConferenceCreate(
                held_on=TODAY + timedelta(days=7), question_kind=conferences.QuestionKind.CARRY_ON, question="Verder?"
            ),
        )
    with Session(engine) as session:
        data = report_data(session, ahead.id)  # type: ignore[arg-type]
    assert data.as_of == TODAY
    timeline = next(c.chart for c in report_charts(data) if c.name == "timeline")
    assert "2 casusoverleggen" in timeline.alt_text and "0 casusoverleggen" not in timeline.alt_text
