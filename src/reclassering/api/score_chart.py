"""A goal's scores over the weeks as a small inline SVG: the youth's line beside the worker's.

Drawn by the page itself (no script, no image request: the Content-Security-Policy allows neither inline
script nor foreign images), readable on a phone, and told in words for a screen reader: the SVG carries a title
and a description, and the template adds the scores as a table. The two lines differ in colour (colour-blind
safe), dash and marker shape, so colour is never the only cue.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from ..casefile.checkins import CheckInView
from ..casefile.vocab import RaterKind
from ..casefile.weeks import weeks_between

WIDTH, HEIGHT = 320, 150
LEFT, RIGHT, TOP, BOTTOM = 30, 10, 10, 28
#: At most this many weeks are drawn (the newest).
MAX_WEEKS = 12
RATERS = (RaterKind.YOUTH, RaterKind.WORKER)


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

    @property
    def empty(self) -> bool:
        return not any(line.points for line in self.lines.values())

    def value(self, rater: str, week: str) -> int | None:
        return next((p.value for p in self.lines[rater].points if p.week == week), None)

    def grid(self) -> list[tuple[int, float]]:
        """The scale's lines: (score, y) for 0, 5 and 10."""
        return [(v, _y(v)) for v in (0, 5, 10)]

    @property
    def left(self) -> int:
        return LEFT

    @property
    def right(self) -> int:
        return WIDTH - RIGHT


def _y(value: float) -> float:
    return TOP + (10 - value) / 10 * (HEIGHT - TOP - BOTTOM)


def score_chart(goal_id: int, views: list[CheckInView]) -> ScoreChart:
    """The chart of one goal from check-ins (any order): the newest ``MAX_WEEKS`` weeks with a youth or
    worker score, placed by real time (a missed week leaves a gap in the spacing)."""
    scored: dict[str, dict[str, int]] = {}
    for view in views:
        for score in view.scores:
            if score.goal_id == goal_id and score.rater_kind in RATERS:
                scored.setdefault(view.check_in.week, {})[score.rater_kind] = score.value
    weeks = sorted(scored)[-MAX_WEEKS:]
    lines = {rater: Line(rater) for rater in RATERS}
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
                lines[rater].points.append(Point(week, value, x, _y(value)))
    return ScoreChart(goal_id=goal_id, weeks=weeks, lines=lines, ticks=_thin(ticks))


def _thin(ticks: list[tuple[float, int]], min_gap: float = 22.0) -> list[tuple[float, int]]:
    """Week numbers far enough apart to be read (the last always shown)."""
    kept: list[tuple[float, int]] = []
    for tick in reversed(ticks):
        if not kept or kept[-1][0] - tick[0] >= min_gap:
            kept.append(tick)
    return list(reversed(kept))
