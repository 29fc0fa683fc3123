"""Who each line of a score chart is: the youth, the worker, and every network member on a line of their own,
named in the legend by their name and role (never averaged into one "network" line)."""

from __future__ import annotations

from ..catalogue import per_locale
from .chart_texts import LABELS
from .series import NETWORK_PREFIX, MeasureSeries

OKABE_ITO = {
    "orange": "#E69F00",
    "sky": "#56B4E9",
    "green": "#009E73",
    "blue": "#0072B2",
    "vermillion": "#D55E00",
    "purple": "#CC79A7",
    "black": "#000000",
}
FIXED_STYLE = {
    "youth": {"color": OKABE_ITO["blue"], "linestyle": "-", "marker": "o"},
    "worker": {"color": OKABE_ITO["orange"], "linestyle": "--", "marker": "s"},
    "network": {"color": OKABE_ITO["purple"], "linestyle": ":", "marker": "D"},
}
#: Network members take these in turn: colour-blind safe colours, each with its own dash and marker.
MEMBER_STYLES = [
    {"color": OKABE_ITO["purple"], "linestyle": ":", "marker": "D"},
    {"color": OKABE_ITO["green"], "linestyle": "-.", "marker": "^"},
    {"color": OKABE_ITO["vermillion"], "linestyle": (0, (5, 1)), "marker": "v"},
    {"color": OKABE_ITO["sky"], "linestyle": (0, (3, 1, 1, 1, 1, 1)), "marker": "P"},
    {"color": OKABE_ITO["black"], "linestyle": (0, (1, 2)), "marker": "X"},
]
#: The network roles' words in a legend, as English message ids of the ``reports`` catalogue.
ROLE_WORDS = per_locale(
    {
        "parent": "parent",
        "relative": "relative",
        "coach": "coach",
        "teacher": "teacher",
        "sports_trainer": "sports trainer",
        "mentor": "mentor",
        "other": "network",
    },
    "reports",
)
MEMBER = per_locale({"member": "Network member"}, "reports")


def rater_names(series: MeasureSeries, locale: str) -> dict[str, str]:
    """Legend text per rater key: "Jongere", "Jeugdreclasseerder", "Fatima (ouder)" …"""
    words, member = LABELS[locale], MEMBER[locale]["member"]
    names = {key: words[key] for key in FIXED_STYLE}
    for info in series.raters:
        role = ROLE_WORDS[locale].get(info.role, info.role)
        name = info.name or member
        names[info.key] = f"{name} ({role})" if role else name
    for score in series.scores:
        names.setdefault(score.rater, member)
    return names


def rater_style(rater: str, order: list[str]) -> dict[str, object]:
    """The line style of ``rater``; network members in ``order`` take the member styles in turn."""
    if rater in FIXED_STYLE:
        return FIXED_STYLE[rater]
    members = [r for r in order if r.startswith(NETWORK_PREFIX)]
    return MEMBER_STYLES[members.index(rater) % len(MEMBER_STYLES)] if rater in members else MEMBER_STYLES[0]


def is_member(rater: str) -> bool:
    return rater.startswith(NETWORK_PREFIX)
