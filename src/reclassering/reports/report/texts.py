"""The words of the report and the summary: English message ids, Dutch in the Babel catalogue ``reports.po``.

``Words(locale)`` is called like gettext (``_("Advice")``, ``_("{n} weeks", n=3)``) and also words the closed
vocabularies (``_.label("severity", "serious")``), counts (``_.count(n, "{n} week", "{n} weeks")``), numbers
and dates (through ``reports.formatting``, rounded half up).
"""

from __future__ import annotations

from datetime import date, datetime

from ...casefile.vocab import IMPOSED_BY_LABELS, MEASURE_KIND_LABELS
from ...catalogue import translations
from ..formatting import DASH, format_date, format_day, format_moment, format_number, format_short, week_label
from ..loader import OUTCOME_WORDS
from .data import check_locale

DOMAIN = "reports"

#: The closed vocabularies in English; each label is a message id of the catalogue.
VOCAB: dict[str, dict[str, str]] = {
    "measure_status": {"active": "running", "completed": "completed", "ended_early": "ended early"},
    "compliance": {"complied": "complied", "partly": "partly complied", "not_complied": "not complied"},
    "life_domain": {
        "family": "family",
        "school_work": "school and work",
        "free_time": "free time",
        "friends": "friends",
        "substance_use": "substance use",
        "thinking_behaviour": "thinking and behaviour",
        "finances": "finances",
        "housing": "housing",
        "health": "health",
    },
    "goal_status": {"active": "active", "achieved": "achieved", "paused": "paused", "dropped": "dropped"},
    "rater": {"youth": "youth", "worker": "worker", "network": "network"},
    "noticed_by": {"youth": "youth", "worker": "worker", "network": "network"},
    "setback_kind": {
        "missed_appointment": "missed appointment",
        "condition_breach": "breach of a condition",
        "police_contact": "police contact",
        "new_suspicion": "new suspicion",
        "substance_use": "substance use",
        "school_absence": "school absence",
        "other": "other",
    },
    "severity": {"minor": "minor", "moderate": "moderate", "serious": "serious"},
    "response": {
        "none_yet": "no response yet",
        "talk": "talk",
        "warning": "warning",
        "plan_change": "plan changed",
        "report_back": "reported back",
    },
    "direction": {
        "improved": "reliably better",
        "deteriorated": "reliably worse",
        "no_reliable_change": "no reliable change",
    },
    "question_kind": {
        "carry_on": "carry on with the measure",
        "adjust_plan": "adjust the plan",
        "report_back": "report back to the OM",
        "other": "another question",
    },
    "network_role": {
        "parent": "parent",
        "relative": "relative",
        "coach": "coach",
        "teacher": "teacher",
        "sports_trainer": "sports trainer",
        "mentor": "mentor",
        "other": "other",
    },
    "condition_kind": {"general": "General condition", "special": "Special condition"},
    "suspicion_status": {
        "suspected": "suspected",
        "dismissed": "dismissed (sepot)",
        "convicted": "convicted",
        "acquitted": "acquitted",
    },
    "addressee": {
        "om": "the Public Prosecution Service (OM)",
        "raad": "the Child Protection Board (Raad)",
        "kinderrechter": "the juvenile court judge",
        "internal": "the team itself (internal)",
        "": "not named yet",
    },
    "option": {
        "carry_on": "carry on",
        "adjust": "adjust the plan or the conditions",
        "extend_probation": "extend the probation time",
        "report_back": "report back (terugmelding)",
        "other": "other",
    },
    "view_status": {"given": "given", "declined": "declined"},
    "outside_body": {"om": "the OM", "raad": "the Raad", "kinderrechter": "the juvenile court judge"},
    "outside_outcome": {
        "carry_on": "carry on",
        "conditions_changed": "conditions changed",
        "probation_extended": "probation time extended",
        "enforced": "suspended part enforced",
        "warning": "warning",
        "no_action": "no action",
        "other": "other",
    },
    "meeting_kind": {
        "network_meeting": "network meeting",
        "individual_talk": "individual talk",
        "network_review": "review with the network",
    },
    "author_role": {
        "youth": "the youth",
        "worker": "the worker",
        "supervisor": "the supervisor",
        "expert": "the behavioural expert",
    },
}


class Words:
    """The texts of one locale: gettext from the ``reports`` catalogue plus the formatting of figures."""

    def __init__(self, locale: str) -> None:
        check_locale(locale)
        self.locale = locale
        catalogue = translations(locale, DOMAIN)
        self._gettext = catalogue.gettext
        self._ngettext = catalogue.ngettext

    def __call__(self, message: str, **values: object) -> str:
        text = self._gettext(message)
        return text.format(**values) if values else text

    def count(self, n: int, singular: str, plural: str) -> str:
        """``_.count(3, "{n} week", "{n} weeks")`` -> "3 weken"."""
        return self._ngettext(singular, plural, n).format(n=n)

    def rater(self, rater: str, who: tuple[str, str]) -> str:
        """A rater as the report names them: a network member by name and role, the others by kind."""
        if not rater.startswith("network:"):
            return self.label("rater", rater)
        role = self.label("network_role", who[1]) if who[1] else self._gettext("network")
        return f"{who[0] or self._gettext('network')} ({role})"

    def label(self, vocabulary: str, code: str | None) -> str:
        if code is None:
            return DASH
        if vocabulary == "measure_kind":
            return MEASURE_KIND_LABELS.get(code, {}).get(self.locale, code)
        if vocabulary == "imposed_by":
            return IMPOSED_BY_LABELS.get(code, {}).get(self.locale, code)
        if vocabulary == "outcome":
            return OUTCOME_WORDS[self.locale].get(code, code)
        english = VOCAB[vocabulary].get(code)
        return self._gettext(english) if english is not None else code

    def num(self, value: float | None, digits: int = 1, *, signed: bool = False) -> str:
        return format_number(value, self.locale, digits=digits, signed=signed)

    def score(self, value: float | None) -> str:
        """A score as people say it: "7", "6,5"."""
        return DASH if value is None else format_short(value, self.locale)

    def date(self, day: date | None) -> str:
        return format_date(day, self.locale) if day else DASH

    def day(self, day: date | None) -> str:
        return format_day(day, self.locale) if day else DASH

    def moment(self, at: datetime, timezone: str) -> str:
        return format_moment(at, self.locale, timezone)

    def week(self, week: str | None) -> str:
        """ "last scored in week 47" — a figure always names the week it was scored in."""
        _ = self
        return _("last scored in week {week}", week=week_label(week)) if week else DASH

    def yes_no(self, value: bool) -> str:
        _ = self
        return _("yes") if value else _("no")
