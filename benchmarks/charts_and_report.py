"""How long charts and the case-conference report take, on a full year of weekly data.

Builds, on a temporary SQLite file and through the domain functions, one measure with 52 weekly check-ins of
5 goals (2 with GAS levels) scored by 3 raters (the youth, the worker and one network member), with successes,
setbacks on conditions and a case conference. Then it measures, in one run:

- each chart rendered cold (not cached) by ``reports.charts``, against a bare matplotlib ``Figure`` drawing
  the same data points in the same size, as a ratio;
- a chart through the HTTP API with the Litestar ``TestClient``: the first (cold) request, then the median of
  N cached requests (the ratio cold / cached) and of N requests answered 304 via ``If-None-Match``;
- the report: gathering its data, rendering its charts at print resolution, and laying out the PDF.

Run ``python benchmarks/charts_and_report.py`` (add ``--quick`` for a fast run). Times are wall-clock
``time.perf_counter`` on this machine; nothing is asserted.
"""

from __future__ import annotations

import argparse
import io
import logging
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from datetime import timedelta
from pathlib import Path
from typing import Any

from sqlmodel import Session

from reclassering.casefile import checkins, conferences, events, goals, measures, network
from reclassering.casefile.db import make_engine, unit_of_work, upgrade
from reclassering.casefile.fields import today as service_today
from reclassering.casefile.models import Team, User, Youth
from reclassering.casefile.users import issue_token
from reclassering.casefile.vocab import RaterKind
from reclassering.casefile.weeks import week_of
from reclassering.reports import charts
from reclassering.reports.indicators import gas_series, weekly_events, weekly_scores
from reclassering.reports.loader import load_series
from reclassering.reports.report import render_report, report_charts, report_data
from reclassering.reports.series import RATERS, MeasureSeries, monday_of

WEEKS, GOALS = 52, 5


def build(engine: Any) -> tuple[int, int, str]:
    """The measure; returns its id, its conference's id and a worker's bearer token."""
    today = service_today()
    start = today - timedelta(weeks=WEEKS + 1)
    with unit_of_work(engine) as session:
        team = Team(name="Benchmark")
        session.add(team)
        session.flush()
        worker = User(username="werker", display_name="Werker", password_hash="-", role="worker", team_id=team.id)
        session.add(worker)
        session.flush()
        token, _ = issue_token(session, worker, timedelta(hours=2))
        youth = Youth(display_name="Jongere B.", birth_year=today.year - 17, worker_id=worker.id, team_id=team.id)  # type: ignore[arg-type]
        session.add(youth)
        session.flush()
        measure = measures.create_measure(
            session,
            youth.id,  # type: ignore[arg-type]
            measures.MeasureCreate(
                kind="voorwaardelijk",  # type: ignore[arg-type]
                imposed_by="kinderrechter",  # type: ignore[arg-type]
                start_date=start,
                planned_end=start + timedelta(weeks=60),
                conditions=[
                    measures.ConditionCreate(text=t) for t in ("Naar school", "Om 22:00 thuis", "Geen alcohol")
                ],
            ),
        )
        conditions, _ = measures.conditions_of(session, [measure.id])  # type: ignore[list-item]
        levels = {str(level): f"niveau {level}" for level in range(-2, 3)}
        goal_ids = [
            goals.create_goal(
                session,
                worker,
                measure.id,  # type: ignore[arg-type]
                goals.GoalCreate(
                    title=f"Doel {i + 1} in mijn eigen woorden",
                    life_domain="school_work",  # type: ignore[arg-type]
                    gas_levels=levels if i < 2 else {},  # type: ignore[arg-type]
                ),
            ).id
            for i in range(GOALS)
        ]
        member = network.add_member(session, youth.id, network.NetworkMemberCreate(name="Oom", role="relative"))  # type: ignore[arg-type]
        for w in range(WEEKS):
            monday = start + timedelta(weeks=w + 1)
            scores = [
                checkins.ScoreEntry(
                    goal_id=goal_id,  # type: ignore[arg-type]
                    rater=rater,
                    value=min(10, 3 + (w + 2 * i + offset) // 8),
                    network_member_id=member.id if rater is RaterKind.NETWORK else None,
                    gas_level=max(-2, min(2, w // 12 - 2)) if i < 2 and rater is RaterKind.WORKER else None,
                )
                for i, goal_id in enumerate(goal_ids)
                for offset, rater in enumerate(RaterKind)
            ]
            checkins.record_check_in(session, worker, measure.id, week_of(monday), checkins.CheckInWrite(scores=scores))  # type: ignore[arg-type]
            events.record_success(
                session,
                worker,
                measure.id,  # type: ignore[arg-type]
                events.SuccessCreate(
                    occurred_on=monday + timedelta(days=2), text="Iets ging goed", goal_id=goal_ids[w % GOALS]
                ),  # type: ignore[arg-type]
            )
            if w % 5 == 0:
                events.record_setback(
                    session,
                    worker,
                    measure.id,  # type: ignore[arg-type]
                    events.SetbackCreate(
                        occurred_on=monday + timedelta(days=3),
                        kind="condition_breach",  # type: ignore[arg-type]
                        severity="serious" if w % 20 == 0 else "minor",  # type: ignore[arg-type]
                        text="Voorwaarde niet gehaald",
                        condition_id=conditions[w % 3].id,
                        response="talk",  # type: ignore[arg-type]
                    ),
                )
        conference = conferences.create_conference(
            session,
            worker,
            measure.id,  # type: ignore[arg-type]
            conferences.ConferenceCreate(held_on=today, question_kind="carry_on", question="Doorgaan?"),  # type: ignore[arg-type]
        )
        return measure.id, conference.id, token  # type: ignore[return-value]


# --- the bare matplotlib baseline ----------------------------------------------------------------------


def _figure() -> tuple[Any, Any]:
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure

    fig = Figure(figsize=(charts.WIDTH / charts.DPI, charts.HEIGHT / charts.DPI), dpi=charts.DPI)
    FigureCanvasAgg(fig)
    return fig, fig.add_subplot()


def _png(fig: Any) -> bytes:
    buffer = io.BytesIO()
    fig.savefig(buffer, format="png", dpi=fig.dpi)
    return buffer.getvalue()


def bare(series: MeasureSeries, name: str) -> Callable[[], bytes]:
    """A plain Figure with the same data points as chart ``name``, no styling, labels or alt text."""

    def scores(goal_id: int) -> bytes:
        fig, ax = _figure()
        for rater in RATERS:
            points = weekly_scores(series, goal_id, rater)
            ax.plot([monday_of(w).toordinal() for w, _ in points], [v for _, v in points])
        return _png(fig)

    def events_() -> bytes:
        fig, ax = _figure()
        weeks = weekly_events(series).items
        xs = [monday_of(w.week).toordinal() for w in weeks]
        ax.bar(xs, [w.successes for w in weeks])
        ax.bar(xs, [w.setbacks for w in weeks])
        return _png(fig)

    def gas() -> bytes:
        fig, ax = _figure()
        items = [p for p in gas_series(series).items if p.t is not None]
        ax.plot([monday_of(p.week).toordinal() for p in items], [p.t for p in items])
        return _png(fig)

    def timeline() -> bytes:
        fig, ax = _figure()
        ax.barh(0, (series.planned_end - series.start_date).days, left=series.start_date.toordinal())
        ax.plot(
            [s.day.toordinal() for s in series.setbacks], [1 + (s.condition_id or 0) % 3 for s in series.setbacks], "v"
        )
        return _png(fig)

    if name.startswith("scores-"):
        return lambda: scores(int(name.removeprefix("scores-")))
    return {"events": events_, "gas": gas, "timeline": timeline}[name]


def ours(series: MeasureSeries, name: str) -> Callable[[], bytes]:
    if name.startswith("scores-"):
        return lambda: charts.scores_chart(series, int(name.removeprefix("scores-"))).data
    draw = {"events": charts.events_chart, "gas": charts.gas_chart, "timeline": charts.timeline_chart}[name]
    return lambda: draw(series).data


# --- measuring -----------------------------------------------------------------------------------------


def timed(run: Callable[[], object], repeats: int) -> float:
    """Median wall time of ``repeats`` runs, in milliseconds."""
    times = []
    for _ in range(repeats):
        start = time.perf_counter()
        run()
        times.append((time.perf_counter() - start) * 1000)
    return statistics.median(times)


def row(*cells: object) -> None:
    print(f"{cells[0]!s:<34}" + "".join(f"{c!s:>14}" for c in cells[1:]))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--quick", action="store_true", help="fewer repeats, for a fast run")
    args = parser.parse_args(argv)
    logging.getLogger("httpx").setLevel(logging.WARNING)
    repeats, requests = (1, 20) if args.quick else (5, 200)

    with tempfile.TemporaryDirectory() as folder:
        engine = make_engine(f"sqlite:///{Path(folder) / 'benchmark.sqlite3'}")
        upgrade(engine)
        started = time.perf_counter()
        measure_id, conference_id, token = build(engine)
        print(f"built {WEEKS} weeks x {GOALS} goals x 3 raters in {time.perf_counter() - started:.1f} s\n")

        started = time.perf_counter()
        import matplotlib.figure  # noqa: F401  (the one-off import cost, kept out of the render times)

        print(f"import matplotlib: {(time.perf_counter() - started) * 1000:.0f} ms")
        with Session(engine) as session:
            load_ms = timed(lambda: load_series(session, measure_id), repeats)
            series = load_series(session, measure_id)
        print(f"load the series from the database: {load_ms:.1f} ms ({len(series.scores)} scores)\n")
        _png(_figure()[0])  # warm up the Agg renderer and font cache for both sides alike

        names = [f"scores-{g.id}" for g in series.goals] + ["events", "gas", "timeline"]
        row("chart (cold, PNG 640x360)", "ours ms", "bare ms", "ratio")
        for name in names:
            mine, plain = timed(ours(series, name), repeats), timed(bare(series, name), repeats)
            row(name, f"{mine:.1f}", f"{plain:.1f}", f"{mine / plain:.2f}")

        http(engine, folder, measure_id, token, requests)
        report(engine, conference_id, repeats)
        engine.dispose()
    return 0


def http(engine: Any, folder: str, measure_id: int, token: str, requests: int) -> None:
    from litestar.testing import TestClient

    from reclassering.app import create_app
    from reclassering.settings import Settings

    app = create_app(Settings(data_dir=Path(folder), secret_key="benchmark"), engine=engine, migrate=False)
    headers = {"Authorization": f"Bearer {token}"}
    url = f"/api/v1/measures/{measure_id}/charts/timeline.png?locale=nl"
    with TestClient(app) as client:
        client.get("/health")
        start = time.perf_counter()
        first = client.get(url, headers=headers)
        cold = (time.perf_counter() - start) * 1000
        assert first.status_code == 200, first.text
        cached = timed(lambda: client.get(url, headers=headers), requests)
        etag = {**headers, "If-None-Match": first.headers["etag"]}
        not_modified = timed(lambda: client.get(url, headers=etag), requests)
    print()
    row("HTTP timeline.png", "ms", "cold/this")
    row("first request (renders)", f"{cold:.1f}", "1.00")
    row(f"cached, median of {requests}", f"{cached:.1f}", f"{cold / cached:.1f}")
    row(f"304 If-None-Match, median of {requests}", f"{not_modified:.1f}", f"{cold / not_modified:.1f}")


def report(engine: Any, conference_id: int, repeats: int) -> None:
    from pypdf import PdfReader

    with Session(engine) as session:
        gather = timed(lambda: report_data(session, conference_id), repeats)
        data = report_data(session, conference_id)
    draw = timed(lambda: report_charts(data), repeats)
    rendered = report_charts(data)
    layout = timed(lambda: render_report(data, rendered), repeats)
    pdf = render_report(data, rendered)
    pages = len(PdfReader(io.BytesIO(pdf)).pages)
    print()
    row(f"case-conference report ({pages} pages)", "ms")
    row("gather the data (report_data)", f"{gather:.1f}")
    row(f"render {len(rendered)} charts at 150 dpi", f"{draw:.1f}")
    row(f"lay out the PDF ({len(pdf) // 1024} KiB)", f"{layout:.1f}")
    row("total", f"{gather + draw + layout:.1f}")


if __name__ == "__main__":
    sys.exit(main())
