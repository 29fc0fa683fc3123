"""The formal report shows the current success and safety plan in its own section (version, who saved it, when)."""

from __future__ import annotations

import io
from datetime import date

import msgspec
from pypdf import PdfReader
from sqlalchemy import Engine
from sqlmodel import Session

from reclassering.casefile import safety_plan
from reclassering.casefile.db import unit_of_work
from reclassering.casefile.models import User
from reclassering.reports.report import ReportData, encode_data, render_report, report_data

from ..world import World


def _save(engine: Engine, user_id: int, measure_id: int, based_on: int, signs: list[str]) -> None:
    with unit_of_work(engine) as session:
        actor = session.get(User, user_id)
        assert actor is not None
        body = safety_plan.SafetyPlanWrite(
            based_on_version=based_on,
            who_does_what=[safety_plan.Task(who="Moeder", what="Belt de school als Amir er niet is")],
            warning_signs=signs,
            who_to_call=[safety_plan.CallContact(name="Oom Karim", relation="oom", reach="06-12345678")],
            network_agreed="Op vrijdag eet de familie samen.",
            next_review_on=date(2030, 1, 15),
        )
        safety_plan.save_plan(session, actor, measure_id, body)


def _flat(pdf: bytes) -> str:
    return " ".join(" ".join(p.extract_text() for p in PdfReader(io.BytesIO(pdf)).pages).split())


def test_the_report_shows_the_current_plan_in_its_own_section(engine: Engine, world: World) -> None:
    case = world.cases["y1"]
    _save(engine, world["w1"].id, case.measure_id, 0, ["Laat thuiskomen"])
    _save(engine, world["s1"].id, case.measure_id, 1, ["Laat thuiskomen", "Telefoon uit"])
    with Session(engine) as session:
        data = report_data(session, case.conference_id)
        english = report_data(session, case.conference_id, locale="en")
    assert data.safety_plan is not None and data.safety_plan.version == 2
    assert msgspec.json.decode(encode_data(data), type=ReportData) == data  # frozen with the snapshot's data
    flat = _flat(render_report(data, []))
    assert "9. Het succes- en veiligheidsplan" in flat and "10. De afgewogen mogelijkheden" in flat
    assert "Versie 2, opgeslagen door Sanne Visser (de teamleider) op" in flat
    for words in ("Telefoon uit", "Oom Karim (oom): 06-12345678", "Belt de school als Amir er niet is"):
        assert words in flat, words
    assert "Op vrijdag eet de familie samen." in flat and "15 januari 2030" in flat
    flat_en = _flat(render_report(english, []))
    assert "9. The success and safety plan" in flat_en
    assert "Version 2, saved by Sanne Visser (the supervisor)" in flat_en


def test_without_a_plan_the_section_says_so(engine: Engine, world: World) -> None:
    with Session(engine) as session:
        data = report_data(session, world.cases["y2"].conference_id)
    assert data.safety_plan is None
    assert "Er is nog geen succes- en veiligheidsplan gemaakt." in _flat(render_report(data, []))
