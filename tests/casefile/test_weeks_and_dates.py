"""Weeks are ASCII, whole-string and stored one way; dates outside 1990-2100 are refused wherever they are written."""

from __future__ import annotations

from datetime import date, timedelta

import msgspec
import pytest
from sqlalchemy import Engine
from sqlmodel import select

from reclassering.casefile import checkins, measures
from reclassering.casefile.db import unit_of_work
from reclassering.casefile.errors import Invalid
from reclassering.casefile.models import Measure
from reclassering.casefile.weeks import canonical_week, parse_week

from ..world import World


@pytest.mark.parametrize(
    "text",
    [
        "٢٠٢٦-W47",
        "２０２６-W47",
        "2026-W４７",
        "2026-W47\n",
        "\n2026-W47",
        " 2026-W47",
        "2026-w47",
        "2026W47",
        "1989-W10",
    ],
)
def test_only_ascii_whole_string_weeks_in_range(text: str) -> None:
    with pytest.raises(Invalid):
        parse_week(text)


@pytest.mark.parametrize("text", ["٢٠٢٦-W01", "2026-W01\n", "２０２６-W01"])
def test_the_week_type_refuses_lookalikes(text: str) -> None:
    with pytest.raises(msgspec.ValidationError):
        msgspec.convert({"week": text}, checkins.CheckInPost)


def test_weeks_are_stored_canonically() -> None:
    assert canonical_week("2026-W01") == "2026-W01"
    assert canonical_week("1990-W01") == "1990-W01"
    assert canonical_week("2100-W52") == "2100-W52"


@pytest.mark.parametrize("start", [date(735, 6, 1), date(1989, 12, 31), date(2101, 1, 1)])
def test_a_measure_out_of_range_is_refused_outside_the_api_too(engine: Engine, world: World, start: date) -> None:
    """The command line and the pages write through the same sessions: the range holds there as well."""
    case = world.cases["y1"]
    with unit_of_work(engine) as session:
        data = measures.MeasureCreate(
            kind="gbm",  # type: ignore[arg-type]
            imposed_by="om",  # type: ignore[arg-type]
            start_date=start,
            planned_end=max(start, date(2026, 1, 1)) + timedelta(days=30),
        )
        with pytest.raises(Invalid, match="outside the dates this service keeps"):
            measures.create_measure(session, case.youth_id, data)
        session.rollback()
    with unit_of_work(engine) as session:
        assert session.exec(select(Measure).where(Measure.start_date == start)).first() is None


def test_an_edit_that_writes_no_date_is_not_checked(engine: Engine, world: World) -> None:
    """Only the dates being written are checked: an edit of something else passes."""
    case = world.cases["y1"]
    with unit_of_work(engine) as session:
        measure = session.get(Measure, case.measure_id)
        assert measure is not None
        measure.legal_basis = "art. 77w Sr"
    with unit_of_work(engine) as session:
        assert session.get(Measure, case.measure_id).legal_basis == "art. 77w Sr"  # type: ignore[union-attr]
