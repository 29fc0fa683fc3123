"""Which charts a measure has, by name, and one chart drawn by its name through the chart cache.

One place for the names (``scores-<goal id>``, ``events``, ``gas``, ``timeline``) that the API lists and serves,
the pages link to and the daily attention job pre-renders.
"""

from __future__ import annotations

import threading
from collections.abc import MutableMapping
from typing import Any

from sqlmodel import Session

from ..casefile.models import Goal
from . import charts as chart_kinds
from .cache import ChartCache, ChartKey
from .charts import Chart
from .judgement import judgement_chart, load_judgement
from .loader import load_series
from .series import MeasureSeries

_cache_lock = threading.Lock()


def app_chart_cache(state: MutableMapping[str, Any]) -> ChartCache:
    """The application's one chart cache, kept in its state and made on first use."""
    with _cache_lock:
        cache = state.get("chart_cache")
        if cache is None:
            cache = state["chart_cache"] = ChartCache()
    return cache


def available(measure_goals: list[Goal], judgement: bool = False) -> list[str]:
    """The charts a measure has, by name without extension: one per goal, events, GAS if used, timeline, and
    the judgement scale once a mapping session is recorded (``judgement.has_judgement``)."""
    names = [f"scores-{g.id}" for g in measure_goals] + ["events"]
    if any(g.gas_levels for g in measure_goals):
        names.append("gas")
    return [*names, "timeline", *(["judgement"] if judgement else [])]


def title(name: str, measure_goals: list[Goal], locale: str) -> str:
    if name.startswith("scores-"):
        return next(g.title for g in measure_goals if f"scores-{g.id}" == name)
    return chart_kinds.LABELS[locale][f"{name}_title"]


def draw(series: MeasureSeries, name: str, fmt: str, locale: str) -> Chart:
    if name.startswith("scores-"):
        return chart_kinds.scores_chart(series, int(name.removeprefix("scores-")), locale=locale, fmt=fmt)
    kinds = {"events": chart_kinds.events_chart, "gas": chart_kinds.gas_chart, "timeline": chart_kinds.timeline_chart}
    return kinds[name](series, locale=locale, fmt=fmt)


def cached_chart(
    db: Session, cache: ChartCache, measure_id: int, name: str, fmt: str, locale: str, version: str
) -> tuple[Chart, bool]:
    """The chart from the cache, or drawn (once, however many ask at the same time); True when it was cached."""
    key = ChartKey(measure_id, version, name, fmt, locale)
    if name == "judgement":
        return cache.get_or_render(key, lambda: judgement_chart(load_judgement(db, measure_id), locale=locale, fmt=fmt))
    return cache.get_or_render(key, lambda: draw(load_series(db, measure_id, locale=locale), name, fmt, locale))
