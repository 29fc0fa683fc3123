"""A goal's scores over the weeks as a small inline SVG: the youth's line beside the worker's, and each network
member who scored on a line of their own.

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

    @property
    def left(self) -> int:
        return LEFT

    @property
    def right(self) -> int:
        return WIDTH - RIGHT


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
