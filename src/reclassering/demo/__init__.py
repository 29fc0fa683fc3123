"""Demo data: a plausible, entirely synthetic caseload to try the service (``reclassering serve --demo``).

Everything is built through the domain operations of ``casefile`` and ``methods`` (so the same rules apply as
in the API) inside one unit of work: the demo world is stored completely or not at all. The people are
invented: youths carry a first name and an initial only, and no text describes a real case. The same ``seed``
and ``today`` always give the same world.

The world shows every feature on the first start: each measure with its frame (case number, probation time,
index offence) and its general and special conditions; months of weekly check-ins, successes and setbacks;
each measure following a method at a plausible phase with the records that phase asked for
(``method_work``); breaches reported back or deliberately not, one still undecided past the deadline, and a
new suspicion with its status history (``reporting``); a case conference walked from question to outside
outcome, and one coming up (``conferences``).

The parts: ``accounts`` (the people and their accounts), ``frames`` (measures and conditions), ``texts`` and
``method_texts`` (the words), ``records`` (the weekly record), ``reporting``, ``method_work``, ``conferences``
and ``world`` (putting it together).
"""

from __future__ import annotations

from .accounts import (
    DEMO_PASSWORD,
    MAX_YOUTHS,
    MIN_YOUTHS,
    STAFF,
    TEAM_NAME,
    YOUTH_ACCOUNTS,
    YOUTH_NAMES,
    DemoAccount,
    DemoAccounts,
    count_users,
    demo_accounts,
    ensure_empty,
    existing_demo_accounts,
)
from .frames import MEASURES
from .method_work import METHODS
from .world import load_demo

__all__ = [
    "DEMO_PASSWORD",
    "MAX_YOUTHS",
    "MEASURES",
    "METHODS",
    "MIN_YOUTHS",
    "STAFF",
    "TEAM_NAME",
    "YOUTH_ACCOUNTS",
    "YOUTH_NAMES",
    "DemoAccount",
    "DemoAccounts",
    "count_users",
    "demo_accounts",
    "ensure_empty",
    "existing_demo_accounts",
    "load_demo",
]
