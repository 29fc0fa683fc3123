"""The audit trail in plain words for the administrator's search page (Dutch and English, through the Babel
catalogue): who (name and role), did what (the action vocabulary), to which part of which youth's record, when,
and with what outcome. Never a raw code on the page: a code without words here is said as "another part of the
record" (and a test keeps every code the app writes covered)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from ..casefile.models import AuditEvent
from .access_log import N_

ACTIONS = {
    "read": N_("looked at"),
    "create": N_("added"),
    "update": N_("changed"),
    "delete": N_("removed"),
    "execute": N_("processed"),
    "export": N_("exported"),
    "print": N_("printed"),
}
OUTCOMES = {"success": N_("succeeded"), "denied": N_("refused"), "failed": N_("did not work")}
ROLES = {
    "worker": N_("youth probation officer"),
    "supervisor": N_("team leader"),
    "expert": N_("behavioural expert"),
    "admin": N_("administrator"),
    "youth": N_("youth"),
    "system": N_("the system (a scheduled job)"),
    "cli": N_("an administrator on the server"),
    "anonymous": N_("not logged in"),
    "network": N_("someone from the network, through their personal link"),
}
OBJECTS = {
    "youth": N_("the youth's details"),
    "record": N_("the whole record"),
    "network_member": N_("the network"),
    "measure": N_("the measure"),
    "condition": N_("the conditions"),
    "condition_assessment": N_("compliance with a condition"),
    "goal": N_("the goals"),
    "check_in": N_("the weekly check-ins"),
    "success": N_("the successes"),
    "setback": N_("the setbacks"),
    "progress": N_("the progress"),
    "progress_page": N_("the progress"),
    "chart": N_("the charts"),
    "method_enrolment": N_("the method"),
    "mapping_session": N_("the mapping sessions"),
    "worry_statement": N_("the worry statements"),
    "meeting": N_("the meetings"),
    "interaction_pattern": N_("the patterns"),
    "pattern_break": N_("the pattern breaks"),
    "three_houses": N_("the three houses"),
    "youth_account": N_("the login account"),
    "password": N_("the password"),
    "password_reset": N_("a password reset"),
    "notification": N_("the reminders"),
    "access_log": N_("who looked at the record"),
    "audit_trail": N_("the audit trail"),
    "conference": N_("the case conference"),
    "conference_reopening": N_("the reopening of an advice"),
    "conference_report": N_("the conference report"),
    "conference_summary": N_("the conference summary for the youth"),
    "report_snapshot": N_("a signed report"),
    "deliberation": N_("the deliberation"),
    "breach_report": N_("the reporting of a breach"),
    "suspicion_status": N_("the status of a new suspicion"),
    "network_link": N_("the personal links for the network"),
    "safety_plan": N_("the success and safety plan"),
    "coach_pair": N_("the coach pair"),
}
OTHER_OBJECT = N_("another part of the record")
JOB = N_("a scheduled job")


def describe(event: AuditEvent, display_name: str, gettext: Callable[[str], str]) -> dict[str, Any]:
    """One event as the page shows it: every code in words in the page's language."""
    role = gettext(ROLES.get(event.role, ROLES["anonymous"]))
    name = display_name or event.username
    if event.object_type.startswith("job:"):
        what = gettext(JOB)
    else:
        what = gettext(OBJECTS.get(event.object_type, OTHER_OBJECT))
    return {
        "id": event.id,
        "at": event.at,
        "who": f"{name} ({role})" if name else role,
        "username": event.username,
        "action": gettext(ACTIONS.get(event.action, ACTIONS["read"])),
        "what": what,
        "object_id": event.object_id,
        "youth_id": event.youth_id,
        "outcome": gettext(OUTCOMES.get(event.outcome, OUTCOMES["failed"])),
        "refused": event.outcome != "success",
    }
