"""The charts render to real PNG and SVG files of the agreed size, with alt texts that describe the data."""

from __future__ import annotations

import io
import subprocess
import sys
import xml.etree.ElementTree as ET
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from datetime import date, timedelta

import pytest
from PIL import Image

from reclassering.reports.charts import (
    LABELS,
    Chart,
    events_chart,
    gas_chart,
    scores_chart,
    timeline_chart,
)
from reclassering.reports.series import (
    ConditionInfo,
    ConferencePoint,
    GoalInfo,
    MeasureSeries,
    ScorePoint,
    SetbackPoint,
    SuccessPoint,
    week_of,
)

PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"
SVG = "{http://www.w3.org/2000/svg}"
TITLE = "Elke dag naar school gaan"
START = date(2025, 10, 27)
GAS = {str(level): f"niveau {level}" for level in range(-2, 3)}


def rich_series() -> MeasureSeries:
    """Ten scored weeks (two missing in between), successes, setbacks on conditions, a conference."""
    weeks = [week_of(START + timedelta(weeks=i)) for i in range(12) if i not in (4, 5)]
    youth = [6, 5, 4, 5, 6, 6, 7, 7, 8, 8]
    worker = [3, 4, 4, 4, 5, 5, 6, 6, 6, 7]
    scores: list[ScorePoint] = []
    for i, week in enumerate(weeks):
        scores.append(ScorePoint(week=week, goal_id=1, rater="youth", value=youth[i]))
        scores.append(ScorePoint(week=week, goal_id=1, rater="worker", value=worker[i], gas_level=min(2, i // 3 - 1)))
        if i % 3 == 0:
            scores.append(ScorePoint(week=week, goal_id=1, rater="network", value=youth[i] + 1))
    return MeasureSeries(
        measure_id=7,
        kind="voorwaardelijk",
        start_date=START,
        planned_end=date(2026, 4, 27),
        goals=(
            GoalInfo(id=1, title=TITLE, life_domain="school_work", gas_levels=GAS, gas_weight=2.0),
            GoalInfo(id=2, title="Werk vinden", life_domain="school_work"),
        ),
        scores=tuple(scores),
        successes=tuple(SuccessPoint(day=START + timedelta(days=9 + 9 * i), goal_id=1) for i in range(6)),
        setbacks=(
            SetbackPoint(day=date(2025, 11, 12), kind="missed_appointment", severity="minor", response="talk"),
            SetbackPoint(
                day=date(2025, 12, 2),
                kind="condition_breach",
                severity="serious",
                condition_id=1,
                response="report_back",
            ),
            SetbackPoint(
                day=date(2025, 12, 20),
                kind="school_absence",
                severity="moderate",
                condition_id=1,
                response="warning",
            ),
        ),
        conditions=(
            ConditionInfo(id=1, text="Dagelijks naar school"),
            ConditionInfo(id=2, text="Geen contact met medeverdachten"),
        ),
        conferences=(ConferencePoint(day=date(2025, 12, 10), label="doorgaan"),),
    )


def empty_series() -> MeasureSeries:
    return MeasureSeries(
        measure_id=8,
        kind="gbm",
        start_date=date(2026, 1, 5),
        planned_end=date(2026, 6, 1),
        goals=(GoalInfo(id=1, title=TITLE, life_domain="school_work"),),
    )


CHARTS: dict[str, Callable[..., Chart]] = {
    "scores": lambda series, **kw: scores_chart(series, 1, **kw),
    "events": events_chart,
    "gas": gas_chart,
    "timeline": timeline_chart,
}


def assert_png(chart: Chart, size: tuple[int, int] = (640, 360)) -> None:
    assert chart.fmt == "png" and chart.media_type == "image/png"
    assert chart.data.startswith(PNG_SIGNATURE)
    with Image.open(io.BytesIO(chart.data)) as image:
        assert image.format == "PNG"
        assert image.size == size
    assert (chart.width, chart.height) == size


def svg_root(chart: Chart) -> ET.Element:
    assert chart.fmt == "svg" and chart.media_type == "image/svg+xml"
    root = ET.fromstring(chart.data)
    assert root.tag == f"{SVG}svg"
    return root


@pytest.mark.parametrize("name", CHARTS)
@pytest.mark.parametrize("locale", ["nl", "en"])
def test_every_chart_renders_as_png_of_640_by_360(name: str, locale: str) -> None:
    chart = CHARTS[name](rich_series(), locale=locale, fmt="png")
    assert_png(chart)
    assert len(chart.alt_text) > 40 and chart.alt_text.endswith(".")


@pytest.mark.parametrize("name", CHARTS)
def test_every_chart_renders_as_svg_with_its_alt_text_as_description(name: str) -> None:
    chart = CHARTS[name](rich_series(), fmt="svg")
    root = svg_root(chart)
    assert root.get("role") == "img"
    assert root.get("aria-label") == chart.alt_text
    assert root.find(f"{SVG}desc").text == chart.alt_text
    assert root.get("viewBox") == "0 0 460.8 259.2"  # 640 x 360 px at 100 dpi, in points


def test_scores_svg_carries_the_goal_title() -> None:
    chart = scores_chart(rich_series(), 1, fmt="svg")
    assert svg_root(chart).find(f"{SVG}title").text == TITLE
    assert TITLE in chart.data.decode("utf-8")


def test_scores_alt_text_names_the_goal_the_weeks_and_the_events() -> None:
    nl = scores_chart(rich_series(), 1).alt_text
    assert f'"{TITLE}"' in nl
    assert "10 weken met een score" in nl
    assert "van 27 okt 2025 tot 12 jan 2026" in nl
    assert "jongere van 6 naar 8" in nl and "jeugdreclasseerder van 3 naar 7" in nl
    assert "6 successen bij dit doel en 3 terugvallen" in nl and "1 ernstig" in nl
    en = scores_chart(rich_series(), 1, locale="en").alt_text
    assert TITLE in en and "10 weeks with a score" in en and "from 27 Oct 2025 to 12 Jan 2026" in en


def test_other_alt_texts_describe_their_data() -> None:
    series = rich_series()
    assert (
        "12 weken" in events_chart(series).alt_text and "6 successen en 3 terugvallen" in events_chart(series).alt_text
    )
    gas = gas_chart(series).alt_text
    # the ten weeks a level was scored in: the two weeks without a check-in carry no T-score
    assert "10 weken" in gas and "van 40 in de week van 27 okt 2025 naar 70" in gas
    timeline = timeline_chart(series, locale="en").alt_text
    assert "from 27 Oct 2025 to its planned end on 27 Apr 2026 (26 weeks)" in timeline
    assert "1 talk, 1 warning, 1 report-back" in timeline and "1 case conference" in timeline


@pytest.mark.parametrize("name", CHARTS)
@pytest.mark.parametrize("fmt", ["png", "svg"])
def test_an_empty_measure_still_renders(name: str, fmt: str) -> None:
    chart = CHARTS[name](empty_series(), fmt=fmt)
    if fmt == "png":
        assert_png(chart)
    else:
        svg_root(chart)
    assert chart.alt_text


def test_empty_charts_say_there_is_no_data_yet() -> None:
    series = empty_series()
    assert "nog geen" in scores_chart(series, 1).alt_text and "0 weken" in scores_chart(series, 1).alt_text
    assert "nog niets vastgelegd" in events_chart(series).alt_text
    assert "no data yet" in gas_chart(series, locale="en").alt_text
    assert "0 terugvallen" in timeline_chart(series).alt_text
    # The "no data yet" text is drawn as glyph paths; matplotlib keeps the string as an SVG comment.
    assert "Nog geen gegevens" in scores_chart(series, 1, fmt="svg").data.decode("utf-8")


def test_a_goal_without_scores_still_shows_the_measures_setbacks() -> None:
    chart = scores_chart(rich_series(), 2, fmt="svg")
    assert "0 weken met een score" in chart.alt_text and "3 terugvallen" in chart.alt_text
    assert "Nog geen gegevens" in chart.data.decode("utf-8")


def test_size_can_be_chosen() -> None:
    assert_png(events_chart(rich_series(), width=800, height=400, dpi=100), size=(800, 400))


def test_unknown_goal_locale_or_format_is_refused() -> None:
    with pytest.raises(KeyError):
        scores_chart(rich_series(), 99)
    with pytest.raises(ValueError, match="locale"):
        events_chart(rich_series(), locale="de")
    with pytest.raises(ValueError, match="format"):
        gas_chart(rich_series(), fmt="jpg")


def test_both_locales_have_every_label() -> None:
    assert LABELS["nl"].keys() == LABELS["en"].keys()


def test_rendering_from_four_threads_at_once_gives_the_same_images() -> None:
    series = rich_series()
    jobs = [(name, fmt) for name in CHARTS for fmt in ("png", "png", "svg")]
    expected = {name: CHARTS[name](series).data for name in CHARTS}
    with ThreadPoolExecutor(max_workers=4) as pool:
        charts = list(pool.map(lambda job: (job[0], CHARTS[job[0]](series, fmt=job[1])), jobs))
    assert len(charts) == len(jobs)
    for name, chart in charts:
        if chart.fmt == "png":
            assert chart.data == expected[name]
        else:
            svg_root(chart)


def test_charts_import_matplotlib_lazily_and_never_pyplot() -> None:
    code = (
        "import sys\n"
        "from reclassering.reports import charts\n"
        "assert 'matplotlib' not in sys.modules\n"
        "from datetime import date\n"
        "from reclassering.reports.series import GoalInfo, MeasureSeries, ScorePoint\n"
        "goal = GoalInfo(id=1, title='Sporten', life_domain='free_time')\n"
        "score = ScorePoint(week='2026-W02', goal_id=1, rater='youth', value=6)\n"
        "series = MeasureSeries(measure_id=1, kind='gbm', start_date=date(2026, 1, 5),\n"
        "                       planned_end=date(2026, 6, 1), goals=(goal,), scores=(score,))\n"
        "charts.scores_chart(series, 1)\n"
        "assert 'matplotlib' in sys.modules and 'matplotlib.pyplot' not in sys.modules\n"
    )
    subprocess.run([sys.executable, "-c", code], check=True)
