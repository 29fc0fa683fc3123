"""The words for the domain's codes on the pages, in Dutch and English: never a raw code like
``pij_voorwaardelijk`` on a page.

The report's vocabulary (``reports.report.texts.VOCAB``, through the report's catalogue) is the source for
what it covers; this module adds the
codes only the pages show (meeting kinds, suspicion status, roles, conference outcomes, condition kinds …).
"""

from __future__ import annotations

from ..casefile.vocab import IMPOSED_BY_LABELS, MEASURE_KIND_LABELS
from ..catalogue import translations
from ..reports.loader import OUTCOME_WORDS
from ..reports.report.texts import DOMAIN as REPORT_DOMAIN
from ..reports.report.texts import VOCAB

_PAGES: dict[str, dict[str, dict[str, str]]] = {
    "nl": {
        "meeting_kind": {
            "network_meeting": "netwerkberaad",
            "individual_talk": "individueel gesprek",
            "network_review": "evaluatie met het netwerk",
        },
        "suspicion_status": {
            "suspected": "verdacht",
            "dismissed": "geseponeerd",
            "convicted": "veroordeeld",
            "acquitted": "vrijgesproken",
        },
        "role": {
            "worker": "jeugdreclasseerder",
            "supervisor": "gedragsdeskundige of teamleider",
            "expert": "gedragswetenschapper",
            "youth": "jongere",
            "admin": "beheerder",
        },
        "outcome": {k: v.lower() for k, v in OUTCOME_WORDS["nl"].items()},
        "condition_kind": {"general": "algemene voorwaarde", "special": "bijzondere voorwaarde"},
        "round_status": {"done": "gedaan", "todo": "nog doen", "overdue": "achter"},
        "outside_outcome": {
            "carry_on": "doorgaan",
            "conditions_changed": "de voorwaarden zijn veranderd",
            "probation_extended": "de proeftijd is verlengd",
            "enforced": "de straf moet alsnog worden uitgevoerd",
            "warning": "een waarschuwing",
            "no_action": "geen maatregel",
            "other": "iets anders",
        },
    },
    "en": {
        "meeting_kind": {
            "network_meeting": "network meeting",
            "individual_talk": "individual talk",
            "network_review": "review with the network",
        },
        "suspicion_status": {
            "suspected": "suspected",
            "dismissed": "dismissed",
            "convicted": "convicted",
            "acquitted": "acquitted",
        },
        "role": {
            "worker": "worker",
            "supervisor": "supervisor",
            "expert": "behavioural expert",
            "youth": "youth",
            "admin": "administrator",
        },
        "outcome": {k: v.lower() for k, v in OUTCOME_WORDS["en"].items()},
        "condition_kind": {"general": "general condition", "special": "special condition"},
        "round_status": {"done": "done", "todo": "to do", "overdue": "behind"},
        "outside_outcome": {
            "carry_on": "carry on",
            "conditions_changed": "the conditions were changed",
            "probation_extended": "the probation time was extended",
            "enforced": "the sentence is to be served after all",
            "warning": "a warning",
            "no_action": "no action",
            "other": "something else",
        },
    },
}


#: Vocabularies whose words live beside their codes in the case file.
_LABELLED = {"measure_kind": MEASURE_KIND_LABELS, "imposed_by": IMPOSED_BY_LABELS}


def vocabulary(name: str, locale: str) -> dict[str, str]:
    """Code -> words for one vocabulary, in ``locale`` (Dutch for anything but English)."""
    language = "en" if locale == "en" else "nl"
    if name in _LABELLED:
        return {code: words[language] for code, words in _LABELLED[name].items()}
    if name in _PAGES[language]:  # the pages' own wording wins where both have the vocabulary
        return _PAGES[language][name]
    words = VOCAB[name]
    catalogue = translations(language, REPORT_DOMAIN)
    return {code: catalogue.gettext(text) for code, text in words.items()}


def label(name: str, code: str | None, locale: str) -> str:
    """The words for ``code`` in vocabulary ``name``; "–" for none. An unknown code (a value added to a
    vocabulary without words here) is shown with its underscores as spaces rather than failing the page."""
    if code is None or code == "":
        return "–"
    return vocabulary(name, locale).get(code, code.replace("_", " "))


def choices(name: str, locale: str) -> list[tuple[str, str]]:
    """(code, words) pairs of a vocabulary, for a select box, in the vocabulary's own order."""
    return list(vocabulary(name, locale).items())
