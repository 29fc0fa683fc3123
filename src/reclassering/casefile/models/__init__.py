"""SQLModel tables of the domain core (DESIGN §3), one module per part of the domain; all are named here.

Vocabularies are stored as short strings (see ``vocab``) rather than database enums, so that adding a value
needs no schema migration on PostgreSQL; the edges (msgspec schemas, domain operations) validate them.
Timestamps use ``UTCDateTime``; calendar dates are plain ``date``; weeks are ISO strings ``YYYY-Www``.
"""

from __future__ import annotations

from . import coaches, network_links, safety_plan  # noqa: F401  (their tables join the metadata)
from .audit import AuditChainHead, AuditEvent, AuditPurgePermit, RecordLook
from .conference import (
    BreachReport,
    Conference,
    ConferenceDeliberation,
    ConferenceReopening,
    ReportSnapshot,
    SuspicionStatusChange,
)
from .jobs import JobRun, Notification, RetentionReceipt, RetentionRemainder, SchedulerLease
from .method import (
    InteractionPattern,
    MappingSession,
    Meeting,
    MethodEnrolment,
    PatternBreak,
    PhaseTransition,
    ThreeHouses,
    WorryStatement,
)
from .people import AuthToken, LoginAttempt, PasswordReset, Team, User
from .record import (
    CheckIn,
    Condition,
    ConditionAssessment,
    EventRevision,
    Goal,
    Measure,
    NetworkMember,
    Score,
    Setback,
    Success,
    Youth,
)

__all__ = [
    "AuditChainHead",
    "AuditEvent",
    "AuditPurgePermit",
    "AuthToken",
    "BreachReport",
    "CheckIn",
    "Condition",
    "ConditionAssessment",
    "Conference",
    "ConferenceDeliberation",
    "ConferenceReopening",
    "EventRevision",
    "Goal",
    "InteractionPattern",
    "JobRun",
    "LoginAttempt",
    "MappingSession",
    "Measure",
    "Meeting",
    "MethodEnrolment",
    "NetworkMember",
    "Notification",
    "PasswordReset",
    "PatternBreak",
    "PhaseTransition",
    "RecordLook",
    "ReportSnapshot",
    "RetentionReceipt",
    "RetentionRemainder",
    "SchedulerLease",
    "Score",
    "Setback",
    "Success",
    "SuspicionStatusChange",
    "Team",
    "ThreeHouses",
    "User",
    "WorryStatement",
    "Youth",
]
