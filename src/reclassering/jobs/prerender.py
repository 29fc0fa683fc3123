"""Warms the web app's chart cache for measures with a conference coming up (the embedded scheduler only:
the cache lives in the server's memory, so a separate scheduler process has nothing to warm)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from sqlmodel import Session, select

from ..casefile.models import Goal


def chart_cache_warmer(app_state: Any, locale: str) -> Callable[[Session, list[int]], int]:
    """A hook for the daily attention list: renders every chart of the given measures into the cache."""

    def warm(session: Session, measure_ids: list[int]) -> int:
        from ..reports.chart_names import app_chart_cache, available, cached_chart  # loads matplotlib: only here
        from ..reports.judgement import has_judgement
        from ..reports.loader import data_version

        cache = app_chart_cache(app_state)
        rendered = 0
        for measure_id in measure_ids:  # rendering is per chart by nature; the selection above is one query
            version = data_version(session, measure_id)
            goals = list(session.exec(select(Goal).where(Goal.measure_id == measure_id)).all())
            for name in available(goals, has_judgement(session, measure_id)):
                _, cached = cached_chart(session, cache, measure_id, name, "png", locale, version)
                rendered += not cached
        return rendered

    return warm
