"""The words of the charts in Dutch and English: axis labels, legends and the alt-text sentences.

Dates and numbers inside them are formatted by ``formatting`` (Babel); these tables hold only the words.
"""

from __future__ import annotations

LABELS: dict[str, dict[str, str]] = {
    "nl": {
        "no_data": "Nog geen gegevens",
        "week_axis": "Week (maandag)",
        "score_axis": "Score (0-10)",
        "count_axis": "Aantal",
        "youth": "Jongere",
        "worker": "Jeugdreclasseerder",
        "network": "Netwerk (gemiddelde)",
        "success": "Succes",
        "successes": "Successen",
        "setback": "Terugval",
        "setbacks": "Terugvallen",
        "serious": "Ernstige terugval",
        "events_title": "Successen en terugvallen per week",
        "gas_title": "Doelrealisatie (GAS T-score)",
        "gas_axis": "T-score",
        "gas_line": "T-score",
        "gas_reference": "Verwacht niveau (T = 50)",
        "timeline_title": "Verloop van de maatregel",
        "measure": "Maatregel",
        "other_setbacks": "Overige terugvallen",
        "conference": "Casusoverleg",
        "none_yet": "nog geen reactie",
        "talk": "gesprek",
        "warning": "waarschuwing",
        "plan_change": "plan aangepast",
        "report_back": "terugmelding",
        "judgement_title": "Schaalvraag per deelnemer",
        "judgement_axis": "Schaalvraag (0-10)",
        "session_axis": "Datum van het gesprek",
    },
    "en": {
        "no_data": "No data yet",
        "week_axis": "Week (Monday)",
        "score_axis": "Score (0-10)",
        "count_axis": "Count",
        "youth": "Youth",
        "worker": "Worker",
        "network": "Network (mean)",
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
    },
}

#: Singular and plural of the nouns the alt texts count.
NOUNS: dict[str, dict[str, tuple[str, str]]] = {
    "nl": {
        "week": ("week", "weken"),
        "success": ("succes", "successen"),
        "setback": ("terugval", "terugvallen"),
        "condition": ("bijzondere voorwaarde", "bijzondere voorwaarden"),
        "conference": ("casusoverleg", "casusoverleggen"),
        "goal": ("doel", "doelen"),
        "session": ("gesprek", "gesprekken"),
        "participant": ("deelnemer", "deelnemers"),
    },
    "en": {
        "week": ("week", "weeks"),
        "success": ("success", "successes"),
        "setback": ("setback", "setbacks"),
        "condition": ("special condition", "special conditions"),
        "conference": ("case conference", "case conferences"),
        "goal": ("goal", "goals"),
        "session": ("session", "sessions"),
        "participant": ("participant", "participants"),
    },
}

#: Alt-text sentences; fields are filled with ``str.format``.
SENTENCES: dict[str, dict[str, str]] = {
    "nl": {
        "scores": 'Scores voor het doel "{title}" over {weeks} met een score, van {first} tot {last}: '
        "{raters}; {successes} bij dit doel en {setbacks} in de maatregel, waarvan {serious} ernstig.",
        "scores_empty": 'Voor het doel "{title}" zijn nog geen scores, successen of terugvallen vastgelegd '
        "(0 weken met een score).",
        "rater_change": "{who} van {first} naar {last}",
        "rater_single": "{who} {first}",
        "events": "Staafdiagram van successen en terugvallen per week over {weeks}, van {first} tot {last}: "
        "{successes} en {setbacks}, waarvan {serious} ernstig.",
        "events_empty": "Staafdiagram van successen en terugvallen per week: nog niets vastgelegd "
        "(0 weken met gegevens).",
        "gas": "GAS T-score over {weeks} voor {goals} met GAS-niveaus: van {t_first} in de week van {first} "
        "naar {t_last} in de week van {last}; 50 is het verwachte niveau.",
        "gas_empty": ("GAS T-score: nog geen gegevens, er is nog geen doel met een GAS-niveau gescoord (0 weken)."),
        "timeline": "Tijdlijn van de maatregel van {start} tot het geplande einde op {end} ({weeks}), met "
        "{conditions}, {setbacks}{responses} en {conferences}.",
        "responses": " (reacties: {list})",
        "judgement": "Schaalvraag (0-10) van {participants} over {sessions}, van {first} tot {last}: {lines}.",
        "judgement_empty": "Schaalvraag: nog geen cijfers vastgelegd (0 gesprekken met een cijfer).",
        "judgement_line": "{who} van {first} naar {last}",
        "judgement_single": "{who} {first}",
    },
    "en": {
        "scores": 'Scores for the goal "{title}" over {weeks} with a score, from {first} to {last}: '
        "{raters}; {successes} for this goal and {setbacks} in the measure, {serious} of them serious.",
        "scores_empty": 'No scores, successes or setbacks have been recorded yet for the goal "{title}" '
        "(0 weeks with a score).",
        "rater_change": "{who} from {first} to {last}",
        "rater_single": "{who} {first}",
        "events": "Bar chart of successes and setbacks per week over {weeks}, from {first} to {last}: "
        "{successes} and {setbacks}, {serious} of them serious.",
        "events_empty": ("Bar chart of successes and setbacks per week: nothing recorded yet (0 weeks with data)."),
        "gas": "GAS T-score over {weeks} for {goals} with GAS levels: from {t_first} in the week of {first} "
        "to {t_last} in the week of {last}; 50 is the expected level.",
        "gas_empty": "GAS T-score: no data yet, no goal has been scored on a GAS level (0 weeks).",
        "timeline": "Timeline of the measure from {start} to its planned end on {end} ({weeks}), with "
        "{conditions}, {setbacks}{responses} and {conferences}.",
        "responses": " (responses: {list})",
        "judgement": "Judgement scale (0-10) of {participants} over {sessions}, from {first} to {last}: {lines}.",
        "judgement_empty": "Judgement scale: no scores recorded yet (0 sessions with a score).",
        "judgement_line": "{who} from {first} to {last}",
        "judgement_single": "{who} {first}",
    },
}
