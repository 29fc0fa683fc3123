"""The overall judgement scale over time: every participant's 0-10 answer per mapping session or review, one
line per participant (never averaged), as PNG or SVG with an alt text that carries the data."""

from __future__ import annotations

from datetime import date

import msgspec
from sqlmodel import Session, col, select

from ..casefile.models import MappingSession
from .chart_legend import legend_beside
from .chart_texts import SENTENCES
from .charts import HEIGHT, OKABE_ITO, WIDTH, Chart, _count, _finish, _labels, _long_date, _new_figure, _no_data, _title
from .formatting import format_short_date

#: Line colours and markers, in turn per participant (Okabe & Ito; black last).
_COLOURS = ("blue", "orange", "green", "vermillion", "purple", "sky_blue", "yellow", "black")
_MARKERS = ("o", "s", "D", "^", "v", "P", "X", "*")


class JudgementLine(msgspec.Struct, frozen=True, kw_only=True):
    """One participant's answers, oldest first."""

    name: str
    role: str
    points: tuple[tuple[date, int], ...]

    @property
    def label(self) -> str:
        return f"{self.name} ({self.role})" if self.role else self.name


def judgement_lines(sessions: list[MappingSession]) -> list[JudgementLine]:
    """One line per participant (by name and role) in the order they first answered; a participant without a
    score in a session has no point there."""
    points: dict[tuple[str, str], list[tuple[date, int]]] = {}
    for row in sorted(sessions, key=lambda s: (s.held_on, s.id or 0)):
        for participant in row.participants:
            if participant.get("score") is None:
                continue
            key = (str(participant.get("name", "")), str(participant.get("role", "")))
            points.setdefault(key, []).append((row.held_on, int(participant["score"])))
    return [JudgementLine(name=name, role=role, points=tuple(line)) for (name, role), line in points.items()]


def load_judgement(session: Session, measure_id: int) -> list[JudgementLine]:
    rows = session.exec(select(MappingSession).where(MappingSession.measure_id == measure_id))
    return judgement_lines(list(rows))


def has_judgement(session: Session, measure_id: int) -> bool:
    """Whether the measure has a mapping session or review (the judgement chart is listed once it has one)."""
    found = session.exec(select(col(MappingSession.id)).where(MappingSession.measure_id == measure_id).limit(1))
    return found.first() is not None


def judgement_chart(
    lines: list[JudgementLine],
    *,
    locale: str = "nl",
    fmt: str = "png",
    width: int = WIDTH,
    height: int = HEIGHT,
    dpi: int = 100,
) -> Chart:
    words = _labels(locale, fmt)
    title = words["judgement_title"]
    fig, ax = _new_figure(width, height, dpi)
    _title(ax, title)
    if not lines:
        _no_data(ax, words)
        return _finish(fig, fmt, title, SENTENCES[locale]["judgement_empty"], width, height)
    days = sorted({day for line in lines for day, _ in line.points})
    for index, line in enumerate(lines):
        ax.plot(
            [day.toordinal() for day, _ in line.points],
            [score for _, score in line.points],
            label=line.label,
            color=OKABE_ITO[_COLOURS[index % len(_COLOURS)]],
            marker=_MARKERS[index % len(_MARKERS)],
            linewidth=1.8,
            markersize=5,
        )
    ax.set_ylim(-0.5, 10.5)
    ax.set_yticks(range(0, 11, 2))
    ax.set_ylabel(words["judgement_axis"], fontsize=9)
    ax.set_xticks([day.toordinal() for day in days])
    ax.set_xticklabels([format_short_date(day, locale) for day in days])
    pad = max(7, (days[-1] - days[0]).days // 20)
    ax.set_xlim(days[0].toordinal() - pad, days[-1].toordinal() + pad)
    ax.set_xlabel(words["session_axis"], fontsize=9)
    legend_beside(fig, *ax.get_legend_handles_labels())
    return _finish(fig, fmt, title, _alt(lines, days, locale), width, height)


def _alt(lines: list[JudgementLine], days: list[date], locale: str) -> str:
    sentences = SENTENCES[locale]
    described = [
        sentences["judgement_line" if len(line.points) > 1 else "judgement_single"].format(
            who=line.label, first=line.points[0][1], last=line.points[-1][1]
        )
        for line in lines
    ]
    return sentences["judgement"].format(
        participants=_count(len(lines), "participant", locale),
        sessions=_count(len(days), "session", locale),
        first=_long_date(days[0], locale),
        last=_long_date(days[-1], locale),
        lines="; ".join(described),
    )


__all__ = ["JudgementLine", "has_judgement", "judgement_chart", "judgement_lines", "load_judgement"]
