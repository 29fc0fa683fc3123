"""The case-conference report: a real PDF that shows the question, the goals and the same figures as the API."""

from __future__ import annotations

import io
from datetime import UTC, datetime, timedelta

import msgspec
import pytest
from pypdf import PdfReader
from sqlalchemy import Engine
from sqlmodel import Session

from reclassering.casefile import checkins, conferences, events, measures
from reclassering.casefile.db import unit_of_work
from reclassering.casefile.fields import today as service_today
from reclassering.casefile.models import User
from reclassering.casefile.weeks import week_of
from reclassering.reports import loader
from reclassering.reports.indicators import progress
from reclassering.reports.report import (
    ReportData,
    encode_data,
    format_number,
    render_report,
    report_charts,
    report_data,
)

from ..world import World

TODAY = service_today()
QUESTION = "Amir miste een afspraak & kwam <b>twee</b> keer te laat: krijgt hij een tweede kans?"
YOUTH_WORDS = "Ik ben zelf op tijd opgestaan, élke dag"
NOW = datetime(2026, 11, 23, 17, 30, tzinfo=UTC)


def _history(engine: Engine, world: World) -> int:
    """Six more weeks of scores on Amir's first goal, his own success, a breach with a response; a new
    conference on the question above. Returns the conference id."""
    case = world.cases["y1"]
    with unit_of_work(engine) as session:
        worker = session.get(User, world["w1"].id)
        youth = session.get(User, world["y1"].id)
        assert worker is not None and youth is not None
        for i, (mine, theirs) in enumerate([(4, 3), (5, 4), (5, 4), (6, 5), (7, 5), (8, 6)]):
            week = week_of(TODAY - timedelta(weeks=8 - i))
            scores = [
                checkins.ScoreEntry(goal_id=case.goal_ids[0], rater="youth", value=mine),  # type: ignore[arg-type]
                checkins.ScoreEntry(goal_id=case.goal_ids[0], rater="worker", value=theirs),  # type: ignore[arg-type]
            ]
            checkins.record_check_in(session, worker, case.measure_id, week, checkins.CheckInWrite(scores=scores))
        events.record_success(
            session,
            youth,
            case.measure_id,
            events.SuccessCreate(occurred_on=TODAY - timedelta(days=5), text=YOUTH_WORDS),
        )
        events.record_setback(
            session,
            worker,
            case.measure_id,
            events.SetbackCreate(
                occurred_on=TODAY - timedelta(days=20),
                kind="condition_breach",  # type: ignore[arg-type]
                severity="serious",  # type: ignore[arg-type]
                text="Een week niet naar school",
                condition_id=case.condition_id,
                response="warning",  # type: ignore[arg-type]
                response_note="Gesprek met moeder erbij",
            ),
        )
        measures.assess_condition(
            session,
            worker,
            case.condition_id,
            measures.AssessmentCreate(assessed_on=TODAY - timedelta(days=2), compliance="partly"),  # type: ignore[arg-type]
        )
        conference = conferences.create_conference(
            session,
            worker,
            case.measure_id,
            conferences.ConferenceCreate(
                held_on=TODAY, question_kind=conferences.QuestionKind.REPORT_BACK, question=QUESTION
            ),
        )
        return conference.id  # type: ignore[return-value]


def _render(engine: Engine, conference_id: int, locale: str = "nl") -> tuple[ReportData, bytes]:
    with Session(engine) as session:
        data = report_data(session, conference_id, locale=locale, now=NOW)
    return data, render_report(data, report_charts(data))


def _text(pdf: bytes) -> tuple[int, str]:
    reader = PdfReader(io.BytesIO(pdf))
    return len(reader.pages), "\n".join(page.extract_text() for page in reader.pages)


@pytest.fixture
def conference_id(engine: Engine, world: World) -> int:
    return _history(engine, world)


def test_the_report_shows_question_goals_voice_and_the_figures(
    engine: Engine, world: World, conference_id: int
) -> None:
    data, pdf = _render(engine, conference_id)
    pages, text = _text(pdf)
    assert pdf.startswith(b"%PDF-")
    assert 4 <= pages <= 9
    flat = " ".join(text.split())
    assert QUESTION in flat  # printed literally: the markup in people's words is not interpreted
    assert "Ik ga elke dag naar school" in flat and "Minder ruzie thuis" in flat
    assert f"“{YOUTH_WORDS}”" in flat
    youth_trend = next(
        t for t in data.progress.trends.items if t.goal_id == world.cases["y1"].goal_ids[0] and t.rater == "youth"
    )
    assert youth_trend.slope is not None and youth_trend.points == 7
    assert f"{format_number(youth_trend.slope, 'nl', digits=2, signed=True)} (7 wk)" in flat
    threshold = format_number(data.progress.reliable_change.threshold, "nl", digits=2)
    assert f"meer dan {threshold} punt verschillen" in flat  # the threshold explained in words
    assert "De vraag" in flat and "Het advies" in flat and "6. De zienswijze van de jongere en de ouders" in flat
    assert "Een week niet naar school" in flat and "waarschuwing: Gesprek met moeder erbij" in flat
    assert "Moeder" in flat
    assert f"Pagina 1 van {pages}" in flat and f"Pagina {pages} van {pages}" in flat
    assert f"gegevensversie {data.data_version}" in flat and f"maatregel {world.cases['y1'].measure_id}" in flat
    assert "gemaakt op 23 november 2026 18:30" in flat  # shown in Europe/Amsterdam
    assert "Handtekening gedragswetenschapper / teamleider" in flat  # not signed yet: lines to write on


def test_the_report_in_english(engine: Engine, conference_id: int) -> None:
    data, pdf = _render(engine, conference_id, locale="en")
    pages, text = _text(pdf)
    flat = " ".join(text.split())
    for heading in (
        "Case conference report",
        "The question",
        "The advice",
        "4. Goals and scores",
        "6. The views of the youth and the parents",
        "12. What the figures say and do not say",
        "11. Advice, decision and who took part",
        f"Page 1 of {pages}",
    ):
        assert heading in flat
    assert "Rapportage casusoverleg" not in flat
    assert data.progress.explanation.en in flat


def test_the_numbers_are_those_of_the_progress_indicators(engine: Engine, conference_id: int) -> None:
    with Session(engine) as session:
        data = report_data(session, conference_id, now=NOW)
        series = loader.load_series(session, data.measure.id)
    assert data.as_of == TODAY
    assert data.progress == progress(series, as_of=TODAY)
    assert data.series == series
    goal = data.goals[0]
    youth = next(r for r in goal.raters if r.rater == "youth")
    change = next(c for c in data.progress.reliable_change.items if c.goal_id == goal.id and c.rater == "youth")
    assert (youth.baseline, youth.current, youth.direction) == (change.baseline, change.current, change.direction)
    assert youth.latest == 6.0  # the world's own score last week comes after the six added weeks


def test_same_data_gives_the_same_bytes_and_the_data_round_trips(engine: Engine, conference_id: int) -> None:
    data, pdf = _render(engine, conference_id)
    assert render_report(data, report_charts(data)) == pdf
    assert msgspec.json.decode(encode_data(data), type=ReportData) == data


def test_signed_advice_and_decision_are_printed(engine: Engine, world: World, conference_id: int) -> None:
    with unit_of_work(engine) as session:
        supervisor = session.get(User, world["s1"].id)
        conferences.update_conference(
            session,
            conference_id,
            conferences.ConferenceUpdate(advice="Niet terugmelden; school pakt het op.", advised_outcome="adjust_plan"),  # type: ignore[arg-type]
        )
        conferences.sign_off(session, supervisor, conference_id)  # type: ignore[arg-type]
        conferences.record_decision(
            session,
            supervisor,  # type: ignore[arg-type]
            conference_id,
            conferences.DecisionCreate(decision="adjust_plan", rationale="Extra begeleiding op school"),  # type: ignore[arg-type]
        )
    with Session(engine) as session:
        data = report_data(session, conference_id, now=NOW)
    _, text = _text(render_report(data, []))
    flat = " ".join(text.split())
    assert "Niet terugmelden; school pakt het op." in flat
    assert "Ondertekend door Sanne Visser op" in flat and "Vastgelegd door Sanne Visser op" in flat
    assert "☒ Plan aanpassen" in flat and "Extra begeleiding op school" in flat
    assert "Handtekening gedragswetenschapper" not in flat
    # the world's earlier conference of the same day is listed as history
    assert [c.id for c in data.earlier] == [world.cases["y1"].conference_id]


def test_charts_follow_the_goals_and_gas_levels(engine: Engine, conference_id: int) -> None:
    with Session(engine) as session:
        data = report_data(session, conference_id, now=NOW)
    charts = report_charts(data)
    assert [c.name for c in charts] == [f"scores-{data.goals[0].id}", "events", "timeline"]
    assert all(c.chart.data.startswith(b"\x89PNG") and c.chart.width == 960 for c in charts)


def test_the_youths_three_houses_are_in_their_own_voice(engine: Engine, world: World, conference_id: int) -> None:
    from reclassering.casefile.db import unit_of_work
    from reclassering.casefile.models import User
    from reclassering.methods import artefacts
    from reclassering.reports.loader import data_version

    case = world.cases["y1"]
    with Session(engine) as session:
        before = data_version(session, case.measure_id)
    with unit_of_work(engine) as session:
        youth = session.get(User, world["y1"].id)
        houses = artefacts.ThreeHousesCreate(worries="Boos op <school>", good_things="Voetbal", dreams="")
        artefacts.save_three_houses(session, youth, case.measure_id, houses)  # type: ignore[arg-type]
    with Session(engine) as session:
        assert data_version(session, case.measure_id) != before  # the report and charts know it changed
    data, pdf = _render(engine, conference_id)
    assert data.three_houses is not None and data.three_houses.author_role == "youth"
    flat = " ".join(_text(pdf)[1].split())
    assert "De drie huizen" in flat and "ingevuld door de jongere zelf" in flat
    assert "Huis van zorgen: “Boos op <school>”" in flat and "Huis van dromen: –" in flat
