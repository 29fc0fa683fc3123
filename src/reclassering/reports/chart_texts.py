"""The words of the charts: axis labels, legends and the alt-text sentences, as English message ids of the
``reports`` catalogue (Dutch in ``locale/nl/LC_MESSAGES/reports.po``). ``LABELS[locale][key]`` reads one in a
language. Dates and numbers inside them are formatted by ``formatting`` (Babel); these tables hold only words.
"""

from __future__ import annotations

from ..catalogue import LOCALES, TranslatedNouns, per_locale

DOMAIN = "reports"

_LABELS: dict[str, str] = {
    "no_data": "No data yet",
    "week_axis": "Week (Monday)",
    "score_axis": "Score (0-10)",
    "count_axis": "Count",
    "youth": "Youth",
    "worker": "Worker",
    "network": "Network",
    "success": "Success",
    "successes": "Successes",
    "setback": "Setback",
    "setbacks": "Setbacks",
    "serious": "Serious setback",
    "events_title": "Successes and setbacks per week",
    "gas_title": "Goal attainment (GAS T-score)",
    "gas_axis": "T-score",
    "gas_line": "T-score",
    "gas_reference": "Expected level (T = 50)",
    "timeline_title": "Measure timeline",
    "measure": "Measure",
    "other_setbacks": "Other setbacks",
    "conference": "Case conference",
    "none_yet": "no response yet",
    "talk": "talk",
    "warning": "warning",
    "plan_change": "plan change",
    "report_back": "report-back",
    "judgement_title": "Judgement scale per participant",
    "judgement_axis": "Judgement scale (0-10)",
    "session_axis": "Date of the session",
}

#: Singular and plural of the nouns the alt texts count.
_NOUNS: dict[str, tuple[str, str]] = {
    "week": ("week", "weeks"),
    "success": ("success", "successes"),
    "setback": ("setback", "setbacks"),
    "condition": ("special condition", "special conditions"),
    "conference": ("case conference", "case conferences"),
    "goal": ("goal", "goals"),
    "session": ("session", "sessions"),
    "participant": ("participant", "participants"),
}

#: Alt-text sentences; fields are filled with ``str.format``.
_SENTENCES: dict[str, str] = {
    "scores": (
        'Scores for the goal "{title}" over {weeks} with a score, from {first} to {last}: {raters}; '
        "{successes} for this goal and {setbacks} in the measure, {serious} of them serious."
    ),
    "scores_empty": (
        'No scores, successes or setbacks have been recorded yet for the goal "{title}" (0 weeks with a score).'
    ),
    "rater_change": "{who} from {first} to {last}",
    "rater_single": "{who} {first}",
    "events": (
        "Bar chart of successes and setbacks per week over {weeks}, from {first} to {last}: {successes} and "
        "{setbacks}, {serious} of them serious."
    ),
    "events_empty": "Bar chart of successes and setbacks per week: nothing recorded yet (0 weeks with data).",
    "gas": (
        "GAS T-score over {weeks} for {goals} with GAS levels: from {t_first} in the week of {first} to "
        "{t_last} in the week of {last}; 50 is the expected level."
    ),
    "gas_empty": "GAS T-score: no data yet, no goal has been scored on a GAS level (0 weeks).",
    "timeline": (
        "Timeline of the measure from {start} to its planned end on {end} ({weeks}), with {conditions}, "
        "{setbacks}{responses} and {conferences}."
    ),
    "responses": " (responses: {list})",
    "judgement": "Judgement scale (0-10) of {participants} over {sessions}, from {first} to {last}: {lines}.",
    "judgement_empty": "Judgement scale: no scores recorded yet (0 sessions with a score).",
    "judgement_line": "{who} from {first} to {last}",
    "judgement_single": "{who} {first}",
}

LABELS = per_locale(_LABELS, DOMAIN)
NOUNS = {locale: TranslatedNouns(_NOUNS, locale, DOMAIN) for locale in LOCALES}
SENTENCES = per_locale(_SENTENCES, DOMAIN)
