"""Charts of one measure as PNG or SVG bytes, each with an alt text for screen readers.

Only matplotlib's object-oriented API is used: every call builds its own ``Figure`` on a ``FigureCanvasAgg``
and touches no global state (no pyplot, no rcParams), so charts may be rendered from several threads.
matplotlib is imported inside the functions that draw, so importing this module stays cheap.
"""

from __future__ import annotations

import io
import math
import textwrap
from collections import Counter
from collections.abc import Sequence
from datetime import date, timedelta
from typing import TYPE_CHECKING

import msgspec

from .chart_canvas import attach_canvas
from .chart_files import label_svg, png_bytes
from .chart_layout import fit
from .chart_legend import legend_below, legend_beside
from .chart_raters import is_member, rater_names, rater_style
from .chart_texts import LABELS, NOUNS, SENTENCES
from .formatting import format_day, format_short, format_short_date
from .indicators import gas_series, weekly_events, weekly_scores
from .series import RESPONSES, MeasureSeries, SetbackPoint, monday_of, rater_keys, week_of

if TYPE_CHECKING:
    from matplotlib.axes import Axes
    from matplotlib.figure import Figure

FORMATS = ("png", "svg")
LOCALES = ("nl", "en")
WIDTH, HEIGHT, DPI = 640, 360, 100

#: Okabe & Ito (2008), a palette that stays distinguishable with the common forms of colour blindness.
OKABE_ITO = {
    "black": "#000000",
    "orange": "#E69F00",
    "sky_blue": "#56B4E9",
    "green": "#009E73",
    "yellow": "#F0E442",
    "blue": "#0072B2",
    "vermillion": "#D55E00",
    "purple": "#CC79A7",
}
#: The style of each line of a score chart is in ``chart_raters``.

_MARKER_SUCCESS = 10.7
_MARKER_SETBACK = -0.7


class Chart(msgspec.Struct, frozen=True, kw_only=True):
    """A rendered chart: ``data`` holds PNG or SVG bytes as ``fmt`` says; ``alt_text`` describes its data."""

    fmt: str
    data: bytes
    alt_text: str
    width: int
    height: int

    @property
    def media_type(self) -> str:
        return "image/png" if self.fmt == "png" else "image/svg+xml"


# --- the charts ----------------------------------------------------------------------------------------


def scores_chart(
    series: MeasureSeries,
    goal_id: int,
    *,
    locale: str = "nl",
    fmt: str = "png",
    width: int = WIDTH,
    height: int = HEIGHT,
    dpi: int = DPI,
) -> Chart:
    """One goal's scores per week by youth, worker and each network member, with successes and setbacks."""
    words = _labels(locale, fmt)
    goal = series.goal(goal_id)
    lines = {rater: weekly_scores(series, goal_id, rater) for rater in rater_keys(series)}
    names = rater_names(series, locale)
    successes = [s.day for s in series.successes if s.goal_id == goal_id]
    setbacks = list(series.setbacks)
    fig, ax = _new_figure(width, height, dpi)
    _title(ax, _shorten(goal.title, 70), parse_math=False)  # "$20 … $5" is text, not a formula
    if not any(lines.values()) and not successes and not setbacks:
        _no_data(ax, words)
        alt = SENTENCES[locale]["scores_empty"].format(title=goal.title)
        return _finish(fig, fmt, goal.title, alt, width, height)
    if not any(lines.values()):
        _no_data_text(ax, words)
    _score_lines(ax, lines, names)
    _event_markers(ax, successes, setbacks, words)
    ax.set_ylim(-1.3, 11.3)
    ax.set_yticks(range(0, 11, 2))
    ax.set_ylabel(words["score_axis"], fontsize=9)
    days = [monday_of(week) for points in lines.values() for week, _ in points] + successes
    days += [s.day for s in setbacks]
    _date_axis(ax, min(days), max(days), locale)
    ax.set_xlabel(words["week_axis"], fontsize=9)
    legend_beside(fig, *ax.get_legend_handles_labels())
    alt = _scores_alt(locale, goal.title, lines, names, successes, setbacks)
    return _finish(fig, fmt, goal.title, alt, width, height)


def events_chart(
    series: MeasureSeries,
    *,
    locale: str = "nl",
    fmt: str = "png",
    width: int = WIDTH,
    height: int = HEIGHT,
    dpi: int = DPI,
) -> Chart:
    """Bars of successes (left) and setbacks (right, serious ones hatched) per ISO week."""
    words = _labels(locale, fmt)
    title = words["events_title"]
    fig, ax = _new_figure(width, height, dpi)
    _title(ax, title)
    if not series.successes and not series.setbacks:
        _no_data(ax, words)
        return _finish(fig, fmt, title, SENTENCES[locale]["events_empty"], width, height)
    weeks = weekly_events(series).items
    mid = [monday_of(w.week).toordinal() + 3 for w in weeks]
    serious = [w.by_severity["serious"] for w in weeks]
    other = [w.setbacks - s for w, s in zip(weeks, serious, strict=True)]
    successes = [(x - 1.4, 0, w.successes) for x, w in zip(mid, weeks, strict=True)]
    _bars(ax, successes, facecolor=OKABE_ITO["green"], label=words["successes"])
    _bars(
        ax,
        [(x + 1.4, 0, n) for x, n in zip(mid, other, strict=True)],
        facecolor=OKABE_ITO["vermillion"],
        label=words["setbacks"],
    )
    _bars(
        ax,
        [(x + 1.4, n, s) for x, n, s in zip(mid, other, serious, strict=True)],
        facecolor=OKABE_ITO["vermillion"],
        hatch="///",
        edgecolor=OKABE_ITO["black"],
        linewidth=0.8,
        label=words["serious"],
    )
    tallest = max(max(w.successes, w.setbacks) for w in weeks)
    _integer_y(ax, top=tallest + max(1, tallest // 5))
    ax.set_ylabel(words["count_axis"], fontsize=9)
    first, last = monday_of(weeks[0].week), monday_of(weeks[-1].week) + timedelta(days=6)
    _date_axis(ax, first, last, locale)
    ax.set_xlabel(words["week_axis"], fontsize=9)
    legend_beside(fig, *ax.get_legend_handles_labels())
    alt = SENTENCES[locale]["events"].format(
        weeks=_count(len(weeks), "week", locale),
        first=_long_date(first, locale),
        last=_long_date(last, locale),
        successes=_count(len(series.successes), "success", locale),
        setbacks=_count(len(series.setbacks), "setback", locale),
        serious=sum(serious),
    )
    return _finish(fig, fmt, title, alt, width, height)


def gas_chart(
    series: MeasureSeries,
    *,
    rater: str = "worker",
    locale: str = "nl",
    fmt: str = "png",
    width: int = WIDTH,
    height: int = HEIGHT,
    dpi: int = DPI,
) -> Chart:
    """The GAS T-score per week (from ``rater``'s levels) with a reference line at the expected level 50."""
    words = _labels(locale, fmt)
    title = words["gas_title"]
    gas = gas_series(series, rater=rater)
    scored = [(p.week, p.t) for p in gas.items if p.t is not None]
    fig, ax = _new_figure(width, height, dpi)
    _title(ax, title)
    if not scored:
        _no_data(ax, words)
        return _finish(fig, fmt, title, SENTENCES[locale]["gas_empty"], width, height)
    # Only the weeks a GAS level was scored in: a week without a score shows no figure.
    xs = [monday_of(week).toordinal() for week, _ in scored]
    ys = [t for _, t in scored]
    ax.axhline(50, color=OKABE_ITO["black"], linestyle="--", linewidth=1, label=words["gas_reference"])
    ax.plot(xs, ys, color=OKABE_ITO["blue"], marker="o", markersize=4, linewidth=1.8, label=words["gas_line"])
    values = [t for _, t in scored]
    ax.set_ylim(min(25.0, min(values) - 5), max(75.0, max(values) + 5))
    ax.set_ylabel(words["gas_axis"], fontsize=9)
    _date_axis(ax, monday_of(gas.items[0].week), monday_of(gas.items[-1].week), locale)
    ax.set_xlabel(words["week_axis"], fontsize=9)
    legend_beside(fig, *ax.get_legend_handles_labels())
    alt = SENTENCES[locale]["gas"].format(
        weeks=_count(len(scored), "week", locale),
        goals=_count(gas.goals_with_levels, "goal", locale),
        t_first=_number(scored[0][1], locale),
        first=_long_date(monday_of(scored[0][0]), locale),
        t_last=_number(scored[-1][1], locale),
        last=_long_date(monday_of(scored[-1][0]), locale),
    )
    return _finish(fig, fmt, title, alt, width, height)


def timeline_chart(
    series: MeasureSeries,
    *,
    locale: str = "nl",
    fmt: str = "png",
    width: int = WIDTH,
    height: int = HEIGHT,
    dpi: int = DPI,
) -> Chart:
    """The measure from start to planned end, one row per condition with its setbacks and the responses taken,
    a row for setbacks outside the conditions, and the case conferences as vertical lines."""
    words = _labels(locale, fmt)
    title = words["timeline_title"]
    fig, ax = _new_figure(width, height, dpi)
    _title(ax, title)
    rows = _timeline_rows(series, words)
    ax.barh(
        0,
        (series.planned_end - series.start_date).days or 1,
        left=series.start_date.toordinal(),
        height=0.35,
        color=OKABE_ITO["sky_blue"],
    )
    days = [series.start_date, series.planned_end, *(s.day for s in series.setbacks)]
    days += [c.day for c in series.conferences]
    # Days per typographic point along the x axis (the plot is about three quarters of the figure wide).
    days_per_point = ((max(days) - min(days)).days + 8) / (width / dpi * 72 * 0.75)
    for row, (_, setbacks) in enumerate(rows[1:], start=1):
        _setback_row(ax, row, setbacks, words, days_per_point)
    _conference_lines(ax, [(c.day, c.label or words["conference"]) for c in series.conferences], days_per_point)
    ax.set_yticks(range(len(rows)), [label for label, _ in rows], fontsize=8, parse_math=False)
    ax.set_ylim(len(rows) - 0.4, -1.2)
    _date_axis(ax, min(days), max(days), locale)
    _timeline_legend(fig, words, has_conferences=bool(series.conferences))
    alt = _timeline_alt(series, locale)
    return _finish(fig, fmt, title, alt, width, height)


# --- drawing helpers -----------------------------------------------------------------------------------


def _new_figure(width: int, height: int, dpi: int) -> tuple[Figure, Axes]:
    from matplotlib.figure import Figure

    fig = Figure(figsize=(width / dpi, height / dpi), dpi=dpi)
    attach_canvas(fig)
    ax = fig.add_subplot()
    ax.tick_params(labelsize=8)
    ax.grid(axis="y", color="#DDDDDD", linewidth=0.6)
    ax.set_axisbelow(True)
    return fig, ax


def _title(ax: Axes, text: str, **kwargs: object) -> None:
    """The title above the plot; an explicit ``y`` spares matplotlib measuring the axes to place it."""
    ax.set_title(text, fontsize=11, y=1.0, **kwargs)  # type: ignore[arg-type]


def _bars(ax: Axes, bars: Sequence[tuple[float, float, float]], **style: object) -> None:
    """Bars 2.6 days wide as one collection: (middle, bottom, height) each; bars of height 0 are left out."""
    from matplotlib.collections import PolyCollection

    half = 1.3
    shapes = [
        [(x - half, bottom), (x - half, bottom + size), (x + half, bottom + size), (x + half, bottom)]
        for x, bottom, size in bars
        if size
    ]
    ax.add_collection(PolyCollection(shapes, closed=True, **style), autolim=False)  # type: ignore[arg-type]


def _no_data(ax: Axes, words: dict[str, str]) -> None:
    """An empty chart that says so, without axes ticks that would suggest values."""
    _no_data_text(ax, words)
    ax.set_xticks([])
    ax.set_yticks([])


def _no_data_text(ax: Axes, words: dict[str, str]) -> None:
    ax.text(
        0.5,
        0.5,
        words["no_data"],
        transform=ax.transAxes,
        ha="center",
        va="center",
        fontsize=14,
        color="#444444",
    )


def _score_lines(ax: Axes, lines: dict[str, list[tuple[str, float]]], names: dict[str, str]) -> None:
    order = list(lines)
    for rater, points in lines.items():
        if points:
            xs = [monday_of(week).toordinal() for week, _ in points]
            ys = [value for _, value in points]
            ax.plot(xs, ys, label=names[rater], linewidth=1.8, markersize=4, **rater_style(rater, order))  # type: ignore[arg-type]


def _event_markers(ax: Axes, successes: list[date], setbacks: list[SetbackPoint], words: dict[str, str]) -> None:
    if successes:
        ax.plot(
            [d.toordinal() for d in successes],
            [_MARKER_SUCCESS] * len(successes),
            linestyle="none",
            marker="^",
            markersize=8,
            color=OKABE_ITO["green"],
            label=words["success"],
        )
    plain = [s.day.toordinal() for s in setbacks if s.severity != "serious"]
    serious = [s.day.toordinal() for s in setbacks if s.severity == "serious"]
    if plain:
        ax.plot(
            plain,
            [_MARKER_SETBACK] * len(plain),
            linestyle="none",
            marker="v",
            markersize=8,
            color=OKABE_ITO["vermillion"],
            label=words["setback"],
        )
    if serious:
        ax.plot(
            serious,
            [_MARKER_SETBACK] * len(serious),
            linestyle="none",
            marker="v",
            markersize=12,
            color=OKABE_ITO["vermillion"],
            markeredgecolor=OKABE_ITO["black"],
            markeredgewidth=1.5,
            label=words["serious"],
        )


def _timeline_rows(series: MeasureSeries, words: dict[str, str]) -> list[tuple[str, list[SetbackPoint]]]:
    """(row label, setbacks on that row): the measure, one row per condition, then the other setbacks."""
    rows: list[tuple[str, list[SetbackPoint]]] = [(words["measure"], [])]
    for condition in series.conditions:
        linked = [s for s in series.setbacks if s.condition_id == condition.id]
        rows.append((_shorten(condition.text, 28), linked))
    unlinked = [s for s in series.setbacks if s.condition_id is None]
    if unlinked:
        rows.append((words["other_setbacks"], unlinked))
    return rows


def _setback_row(
    ax: Axes, row: int, setbacks: Sequence[SetbackPoint], words: dict[str, str], days_per_point: float
) -> None:
    """The setbacks of one row as markers, each labelled with its response above or below it where the label
    fits beside its neighbours; a label that would overlap another is left out (the report lists them all)."""
    ordered = sorted(setbacks, key=lambda s: s.day)
    labels = [words[s.response] for s in ordered]
    slots = _label_slots([s.day.toordinal() for s in ordered], labels, days_per_point, slots=2, centred=True)
    for serious in (False, True):
        xs = [s.day.toordinal() for s in ordered if (s.severity == "serious") is serious]
        if xs:
            ax.plot(
                xs,
                [row] * len(xs),
                linestyle="none",
                marker="v",
                color=OKABE_ITO["vermillion"],
                markersize=11 if serious else 7,
                markeredgecolor=OKABE_ITO["black"] if serious else "none",
                markeredgewidth=1.5,
            )
    for setback, label, slot in zip(ordered, labels, slots, strict=True):
        if slot is not None:
            x = setback.day.toordinal()
            ax.text(x, row + (0.32, -0.3)[slot], label, ha="center", va="center", fontsize=7, color=OKABE_ITO["black"])


def _label_slots(
    xs: Sequence[int], labels: Sequence[str], days_per_point: float, *, slots: int, centred: bool
) -> list[int | None]:
    """For labels at ``xs`` (in order), the first of ``slots`` heights where a label keeps clear of the one before
    it at that height, or None where none does. A 7-point label is about 3.9 points a character wide."""
    right = [-math.inf] * slots
    chosen: list[int | None] = []
    for x, label in zip(xs, labels, strict=True):
        width = (len(label) * 3.9 + 4) * days_per_point
        left = x - width / 2 if centred else x
        for slot in range(slots):
            if left >= right[slot]:
                right[slot] = left + width
                chosen.append(slot)
                break
        else:
            chosen.append(None)
    return chosen


def _timeline_legend(fig: Figure, words: dict[str, str], *, has_conferences: bool) -> None:
    from matplotlib.lines import Line2D

    handles = [
        Line2D([], [], color=OKABE_ITO["sky_blue"], linewidth=6, label=words["measure"]),
        Line2D(
            [],
            [],
            linestyle="none",
            marker="v",
            markersize=7,
            color=OKABE_ITO["vermillion"],
            label=words["setback"],
        ),
        Line2D(
            [],
            [],
            linestyle="none",
            marker="v",
            markersize=11,
            color=OKABE_ITO["vermillion"],
            markeredgecolor=OKABE_ITO["black"],
            markeredgewidth=1.5,
            label=words["serious"],
        ),
    ]
    if has_conferences:
        handles.append(Line2D([], [], color=OKABE_ITO["purple"], linestyle="--", label=words["conference"]))
    legend_below(fig, handles, [handle.get_label() for handle in handles])


def _conference_lines(ax: Axes, conferences: Sequence[tuple[date, str]], days_per_point: float) -> None:
    """A dashed line per case conference, its caption at the top on one of three heights so captions of
    conferences close together do not overlap (a caption that still would is left out)."""
    captions = [f" {_shorten(label, 24)}" for _, label in conferences]
    xs = [day.toordinal() for day, _ in conferences]
    slots = _label_slots(xs, captions, days_per_point, slots=3, centred=False)
    for x, caption, slot in zip(xs, captions, slots, strict=True):
        ax.axvline(x, color=OKABE_ITO["purple"], linestyle="--", linewidth=1.2)
        if slot is not None:
            ax.text(
                x,
                0.98 - 0.08 * slot,
                caption,
                transform=ax.get_xaxis_transform(),
                ha="left",
                va="top",
                fontsize=7,
                color=OKABE_ITO["black"],
                parse_math=False,
            )


def _integer_y(ax: Axes, *, top: int) -> None:
    from matplotlib.ticker import MaxNLocator

    ax.yaxis.set_major_locator(MaxNLocator(integer=True))
    ax.set_ylim(0, top)


def _date_axis(ax: Axes, first: date, last: date, locale: str) -> None:
    """Ticks on Mondays from ``first``'s week to ``last``'s week (at most about 7), labelled like "3 nov"."""
    from matplotlib.ticker import FixedLocator, FuncFormatter

    start = monday_of(week_of(first))
    count = (monday_of(week_of(last)) - start).days // 7 + 1
    step = math.ceil(count / 7)
    ticks = [(start + timedelta(weeks=i)).toordinal() for i in range(0, count, step)]
    ax.xaxis.set_major_locator(FixedLocator(ticks))
    ax.xaxis.set_major_formatter(FuncFormatter(lambda x, _pos: _short_date(date.fromordinal(round(x)), locale)))
    pad = max(4, (last - first).days // 40)
    ax.set_xlim(first.toordinal() - pad, last.toordinal() + pad)


def _finish(fig: Figure, fmt: str, title: str, alt: str, width: int, height: int) -> Chart:
    fit(fig, fig.axes[0])
    buffer = io.BytesIO()
    if fmt == "png":
        data = png_bytes(fig, {"Title": title, "Description": alt})
    else:
        fig.savefig(buffer, format="svg", dpi=fig.dpi, metadata={"Title": title, "Description": alt, "Date": None})
        data = label_svg(buffer.getvalue(), title, alt)
    return Chart(fmt=fmt, data=data, alt_text=alt, width=width, height=height)


# --- text helpers --------------------------------------------------------------------------------------


def _labels(locale: str, fmt: str) -> dict[str, str]:
    if locale not in LOCALES:
        raise ValueError(f"locale {locale!r} is not one of {', '.join(LOCALES)}")
    if fmt not in FORMATS:
        raise ValueError(f"format {fmt!r} is not one of {', '.join(FORMATS)}")
    return LABELS[locale]


def _short_date(day: date, locale: str) -> str:
    return format_short_date(day, locale)


def _long_date(day: date, locale: str) -> str:
    return format_day(day, locale)


def _count(n: int, noun: str, locale: str) -> str:
    singular, plural = NOUNS[locale][noun]
    return f"{n} {singular if n == 1 else plural}"


def _number(value: float, locale: str) -> str:
    return format_short(value, locale)


def _shorten(text: str, width: int) -> str:
    return textwrap.shorten(text, width=width, placeholder="…")


def _scores_alt(
    locale: str,
    title: str,
    lines: dict[str, list[tuple[str, float]]],
    names: dict[str, str],
    successes: list[date],
    setbacks: list[SetbackPoint],
) -> str:
    sentences, words = SENTENCES[locale], LABELS[locale]
    weeks = sorted({week for points in lines.values() for week, _ in points}, key=monday_of)
    raters = [
        sentences["rater_change" if len(points) > 1 else "rater_single"].format(
            who=names[rater] if is_member(rater) else names[rater].lower(),
            first=_number(points[0][1], locale),
            last=_number(points[-1][1], locale),
        )
        for rater, points in lines.items()
        if points
    ]
    return sentences["scores"].format(
        title=title,
        weeks=_count(len(weeks), "week", locale),
        first=_long_date(monday_of(weeks[0]), locale) if weeks else "-",
        last=_long_date(monday_of(weeks[-1]), locale) if weeks else "-",
        raters=", ".join(raters) or words["no_data"].lower(),
        successes=_count(len(successes), "success", locale),
        setbacks=_count(len(setbacks), "setback", locale),
        serious=sum(s.severity == "serious" for s in setbacks),
    )


def _timeline_alt(series: MeasureSeries, locale: str) -> str:
    sentences, words = SENTENCES[locale], LABELS[locale]
    responses = Counter(s.response for s in series.setbacks)
    listed = ", ".join(f"{responses[r]} {words[r]}" for r in RESPONSES if responses[r])
    return sentences["timeline"].format(
        start=_long_date(series.start_date, locale),
        end=_long_date(series.planned_end, locale),
        weeks=_count((series.planned_end - series.start_date).days // 7, "week", locale),
        conditions=_count(len(series.conditions), "condition", locale),
        setbacks=_count(len(series.setbacks), "setback", locale),
        responses=sentences["responses"].format(list=listed) if listed else "",
        conferences=_count(len(series.conferences), "conference", locale),
    )
