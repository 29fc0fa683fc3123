"""A goal's scores over the weeks as a small inline SVG: the youth's line beside the worker's, and each network
member who scored on a line of their own.

Drawn by the page itself (no script, no image request: the Content-Security-Policy allows neither inline
script nor foreign images), readable on a phone, and told in words for a screen reader: the SVG carries a title
and a description, and the template adds the scores as a table. The two lines differ in colour (colour-blind
safe), dash and marker shape, so colour is never the only cue.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from markupsafe import Markup, escape

from ..casefile.checkins import CheckInView
from ..casefile.vocab import RaterKind
from ..casefile.weeks import weeks_between

WIDTH, HEIGHT = 320, 150
LEFT, RIGHT, TOP, BOTTOM = 30, 10, 10, 28
#: At most this many weeks are drawn (the newest).
MAX_WEEKS = 12
RATERS = (RaterKind.YOUTH, RaterKind.WORKER)
#: Network members' lines (``network:<id>``), each of its own: colour-blind safe colours taken in turn.
MEMBER_COLOURS = ("#cc79a7", "#009e73", "#56b4e9", "#000000")


@dataclass(frozen=True)
class Point:
    week: str
    value: int
    x: float
    y: float


@dataclass
class Line:
    rater: str
    points: list[Point] = field(default_factory=list)

    @property
    def path(self) -> str:
        return " ".join(f"{p.x:.1f},{p.y:.1f}" for p in self.points)


@dataclass
class ScoreChart:
    goal_id: int
    weeks: list[str]
    lines: dict[str, Line]
    #: (x, week number) under the axis.
    ticks: list[tuple[float, int]]
    width: int = WIDTH
    height: int = HEIGHT
    #: Each network member who scored the goal: their own line (key ``network:<id>``), never an average.
    members: dict[str, Line] = field(default_factory=dict)

    @property
    def empty(self) -> bool:
        return not any(line.points for line in [*self.lines.values(), *self.members.values()])

    def colour(self, key: str) -> str:
        return MEMBER_COLOURS[list(self.members).index(key) % len(MEMBER_COLOURS)]

    def spoken(self, key: str, week_word: str) -> str:
        """A line's scores as the description says them: "7 (week 3), 8 (week 4)"."""
        line = self.lines.get(key) or self.members[key]
        return ", ".join(f"{p.value} ({week_word} {int(p.week[-2:])})" for p in line.points)

    def table(self) -> list[tuple[str, list[int | None]]]:
        """The scores as table rows, newest week first: the week, then the youth's, the worker's and each network
        member's score in that week (None where they gave none). One pass, not a search per cell."""
        by_week = {key: {p.week: p.value for p in line.points} for key, line in {**self.lines, **self.members}.items()}
        keys = [*self.lines, *self.members]
        return [(week, [by_week[key].get(week) for key in keys]) for week in reversed(self.weeks)]

    def grid(self) -> list[tuple[int, float]]:
        """The scale's lines: (score, y) for 0, 5 and 10."""
        return [(v, _y(v)) for v in (0, 5, 10)]

    def marks(self) -> Markup:
        """The drawing inside the SVG: the scale's lines and numbers, the week numbers, and each rater's line and
        markers (the worker's squares under the network's diamonds under the youth's dots).

        Built here rather than in the template: a chart is a few hundred numbers, and writing each through
        Jinja's escaping was a fifth of the youth's page. Only numbers and fixed colours go in, so nothing needs
        escaping."""
        parts: list[str] = []
        left, right = LEFT, WIDTH - RIGHT
        for value, gy in self.grid():
            parts.append(
                f'<line x1="{left}" x2="{right}" y1="{gy:g}" y2="{gy:g}" stroke="#d0d0d0" stroke-width="1"/>'
                f'<text x="{left - 6}" y="{gy + 4:g}" text-anchor="end" font-size="11" fill="#444">{value}</text>'
            )
        for x, number in self.ticks:
            parts.append(
                f'<text x="{x:.1f}" y="{HEIGHT - 8}" text-anchor="middle" font-size="11" fill="#444">{number}</text>'
            )
        worker = self.lines[RaterKind.WORKER].points
        if len(worker) > 1:
            parts.append(
                f'<polyline points="{self.lines[RaterKind.WORKER].path}" fill="none" stroke="#d55e00" '
                'stroke-width="2.5" stroke-dasharray="6 4"/>'
            )
        parts.extend(f'<rect x="{p.x - 4:.1f}" y="{p.y - 4:.1f}" width="8" height="8" fill="#d55e00"/>' for p in worker)
        for key, line in self.members.items():
            colour = self.colour(key)
            if len(line.points) > 1:
                parts.append(
                    f'<polyline points="{line.path}" fill="none" stroke="{colour}" stroke-width="2" '
                    'stroke-dasharray="2 3"/>'
                )
            parts.extend(
                f'<polygon points="{p.x:.1f},{p.y - 5:.1f} {p.x + 5:.1f},{p.y:.1f} {p.x:.1f},{p.y + 5:.1f} '
                f'{p.x - 5:.1f},{p.y:.1f}" fill="{colour}"/>'
                for p in line.points
            )
        youth = self.lines[RaterKind.YOUTH]
        if len(youth.points) > 1:
            parts.append(f'<polyline points="{youth.path}" fill="none" stroke="#0072b2" stroke-width="2.5"/>')
        parts.extend(f'<circle cx="{p.x:.1f}" cy="{p.y:.1f}" r="4.5" fill="#0072b2"/>' for p in youth.points)
        return Markup("\n".join(parts))

    def table_rows(self, week_label: Callable[[str], str]) -> Markup:
        """The body of the scores table: a row per week, newest first, "–" where a rater gave no score."""
        rows = []
        for week, values in self.table():
            cells = "".join(f"<td>{'–' if value is None else value}</td>" for value in values)
            rows.append(f'<tr><th scope="row">{escape(week_label(week))}</th>{cells}</tr>')
        return Markup("\n".join(rows))


def _y(value: float) -> float:
    return TOP + (10 - value) / 10 * (HEIGHT - TOP - BOTTOM)


def score_chart(goal_id: int, views: list[CheckInView]) -> ScoreChart:
    """The chart of one goal from check-ins (any order): the newest ``MAX_WEEKS`` weeks with a score, placed by
    real time (a missed week leaves a gap in the spacing); each network member on a line of their own."""
    scored: dict[str, dict[str, int]] = {}
    keys: set[str] = set()
    for view in views:
        for score in view.scores:
            if score.goal_id == goal_id:
                scored.setdefault(view.check_in.week, {})[score.rater_key] = score.value
                keys.add(score.rater_key)
    weeks = sorted(scored)[-MAX_WEEKS:]
    lines = {rater: Line(rater) for rater in RATERS}
    members = {
        key: Line(key)
        for key in sorted((k for k in keys if k.startswith("network:")), key=lambda k: int(k.partition(":")[2] or 0))
    }
    ticks: list[tuple[float, int]] = []
    if weeks:
        span = max(1, weeks_between(weeks[0], weeks[-1]))
        usable = WIDTH - LEFT - RIGHT - 12

        def x_of(week: str) -> float:
            if len(weeks) == 1:
                return LEFT + 6 + usable / 2
            return LEFT + 6 + weeks_between(weeks[0], week) / span * usable

        for week in weeks:
            x = x_of(week)
            ticks.append((x, int(week[-2:])))
            for rater, value in scored[week].items():
                line = lines.get(rater) or members.get(rater)
                if line is not None:
                    line.points.append(Point(week, value, x, _y(value)))
    return ScoreChart(goal_id=goal_id, weeks=weeks, lines=lines, ticks=_thin(ticks), members=members)


def _thin(ticks: list[tuple[float, int]], min_gap: float = 22.0) -> list[tuple[float, int]]:
    """Week numbers far enough apart to be read (the last always shown)."""
    kept: list[tuple[float, int]] = []
    for tick in reversed(ticks):
        if not kept or kept[-1][0] - tick[0] >= min_gap:
            kept.append(tick)
    return list(reversed(kept))
