"""The charts the report embeds, at print resolution, and the JSON a frozen report keeps beside its PDFs."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import msgspec

from ..charts import Chart, events_chart, gas_chart, scores_chart, timeline_chart
from ..series import MeasureSeries
from .data import ReportChart, ReportData

CHART_DPI = 150


#: How ``report_charts`` gets a chart: ``through(name, draw)`` returns ``draw()`` or a stored copy of it.
Through = Callable[[str, Callable[[], Chart]], Chart]


def _draw(name: str, draw: Callable[[], Chart]) -> Chart:
    return draw()


def chart_series(data: ReportData) -> MeasureSeries:
    """The series as the report shows it: scores and events up to the reference date, and the conferences up to
    and including the one the report is made for, even when it is dated after the data's cut-off."""
    series = data.series.up_to(data.as_of)
    held = data.conference.held_on
    return msgspec.structs.replace(series, conferences=tuple(c for c in data.series.conferences if c.day <= held))


def report_charts(data: ReportData, *, dpi: int = CHART_DPI, through: Through = _draw) -> list[ReportChart]:
    """The charts of the report at print resolution: one per goal with scores, events, GAS (if any goal has
    GAS levels) and the timeline, all from the series as it stood on the reference date.

    ``through`` lets a caller serve charts from a cache; the names it gets are unique per measure, reference
    date, conference date and resolution (``print-150-2026-11-23-2026-11-30-scores-12``), and the locale is
    ``data.locale``."""
    series = chart_series(data)
    size: dict[str, Any] = {
        "locale": data.locale,
        "fmt": "png",
        "width": int(6.4 * dpi),
        "height": int(3.6 * dpi),
        "dpi": dpi,
    }
    scored = {s.goal_id for s in series.scores}
    plans: list[tuple[str, Callable[[], Chart]]] = [
        (f"scores-{goal.id}", lambda goal_id=goal.id: scores_chart(series, goal_id, **size))  # type: ignore[misc]
        for goal in series.goals
        if goal.id in scored
    ]
    plans.append(("events", lambda: events_chart(series, **size)))
    if any(goal.has_gas for goal in series.goals):
        plans.append(("gas", lambda: gas_chart(series, **size)))
    plans.append(("timeline", lambda: timeline_chart(series, **size)))
    prefix = f"print-{dpi}-{data.as_of.isoformat()}-{data.conference.held_on.isoformat()}-"
    return [ReportChart(name=name, chart=through(prefix + name, draw)) for name, draw in plans]


def encode_data(data: ReportData) -> str:
    """The JSON a frozen report keeps beside its PDF."""
    return msgspec.json.encode(data).decode("utf-8")
