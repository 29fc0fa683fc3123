"""The access log in plain words (Dutch and English, through the Babel catalogue), for the API and the pages.

"Wessel de Vries (jeugdreclasseerder) bekeek je doelen (3 keer)." Parts of the record a youth cannot read
themselves (case conferences, their report, deliberation, breach reporting) are named as "a team document about
your measure", so the log says that staff worked on them without telling more than the youth may read.
"""

from __future__ import annotations

from datetime import date, datetime

from msgspec import Struct

from ..casefile.audit import NETWORK_ROLE, AccessLogEntry
from .i18n import LOCALES, translations


def N_(message: str) -> str:
    """Marks a message for the catalogue; translated where it is shown."""
    return message


class AccessLogOut(Struct):
    day: date
    who: str
    role: str
    action: str
    object_type: str
    outcome: str
    times: int
    first_at: datetime
    last_at: datetime
    #: The entry as one sentence in the reader's language.
    text: str


ROLES = {
    "worker": N_("youth probation officer"),
    "supervisor": N_("team leader"),
    "expert": N_("behavioural expert"),
    "admin": N_("administrator"),
}
NOBODY_BY_NAME = {
    "youth": N_("Another young person"),
    "system": N_("The system (a scheduled job)"),
    "cli": N_("An administrator on the server"),
    "anonymous": N_("Someone who was not logged in"),
}
FORMER_STAFF = N_("A former staff member")
NETWORK_MEMBER = N_("%(name)s (from your network)")
SOMEONE_FROM_NETWORK = N_("Someone from your network")
TEAM_DOCUMENT = N_("a team document about your measure")
PARTS = {
    "youth": N_("your details"),
    "record": N_("your whole record"),
    "network_member": N_("your network"),
    "network_link": N_("the links for your network"),
    "measure": N_("your measure"),
    "condition": N_("the conditions of your measure"),
    "condition_assessment": N_("the conditions of your measure"),
    "goal": N_("your goals"),
    "check_in": N_("your weekly check-ins"),
    "success": N_("your successes"),
    "setback": N_("your setbacks"),
    "progress": N_("your progress"),
    "progress_page": N_("your progress"),
    "chart": N_("your charts"),
    "method_enrolment": N_("the method you follow"),
    "mapping_session": N_("your mapping sessions"),
    "worry_statement": N_("the worry statements"),
    "meeting": N_("your meetings"),
    "interaction_pattern": N_("your patterns"),
    "pattern_break": N_("your pattern breaks"),
    "three_houses": N_("your three houses"),
    "safety_plan": N_("your safety plan"),
    "coach_pair": N_("your coaches"),
    "youth_account": N_("your account"),
    "password": N_("your account"),
    "password_reset": N_("your account"),
    "notification": N_("reminders about you"),
    "access_log": N_("who looked at your record"),
    "audit_trail": N_("who looked at your record"),
}
OTHER_PART = N_("your record")
#: What staff work on that the youth does not read themselves (see ``casefile.export.SECTIONS``).
TEAM_DOCUMENTS = frozenset(
    {"conference", "conference_report", "report_snapshot", "deliberation", "breach_report", "suspicion_status"}
)
DEEDS = {
    "read": N_("%(who)s looked at %(what)s"),
    "create": N_("%(who)s added to %(what)s"),
    "update": N_("%(who)s changed %(what)s"),
    "delete": N_("%(who)s removed something from %(what)s"),
    "export": N_("%(who)s exported %(what)s"),
    "print": N_("%(who)s printed %(what)s"),
    "execute": N_("%(who)s processed %(what)s"),
}
REFUSED = N_("%(who)s tried to open %(what)s; this was refused")
FAILED = N_("%(who)s tried to reach %(what)s; this did not work")


def describe(entry: AccessLogEntry, locale: str) -> str:
    """One sentence: who (role), did what to which part of the record, and how often that day."""
    catalogue = translations(locale if locale in LOCALES else "nl")
    _ = catalogue.gettext
    if entry.role in ROLES:
        name = entry.who or _(FORMER_STAFF)
        who = f"{name} ({_(ROLES[entry.role])})"
    elif entry.role == NETWORK_ROLE:
        who = _(NETWORK_MEMBER) % {"name": entry.who} if entry.who else _(SOMEONE_FROM_NETWORK)
    else:
        who = _(NOBODY_BY_NAME.get(entry.role, NOBODY_BY_NAME["anonymous"]))
    if entry.object_type in PARTS:
        what = _(PARTS[entry.object_type])
    else:
        what = _(TEAM_DOCUMENT if entry.object_type in TEAM_DOCUMENTS else OTHER_PART)
    if entry.outcome == "denied":
        template = REFUSED
    elif entry.outcome == "failed":
        template = FAILED
    else:
        template = DEEDS.get(entry.action, DEEDS["read"])
    sentence = _(template) % {"who": who, "what": what}
    if entry.times > 1:
        sentence += " (" + catalogue.ngettext("%(n)s time", "%(n)s times", entry.times) % {"n": entry.times} + ")"
    return sentence + "."


def out(entry: AccessLogEntry, locale: str) -> AccessLogOut:
    return AccessLogOut(
        day=entry.day,
        who=entry.who,
        role=entry.role,
        action=entry.action,
        object_type=entry.object_type,
        outcome=entry.outcome,
        times=entry.times,
        first_at=entry.first_at,
        last_at=entry.last_at,
        text=describe(entry, locale),
    )
