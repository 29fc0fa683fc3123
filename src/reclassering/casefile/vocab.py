"""The closed vocabularies of the domain (stored as plain strings, validated at the edges)."""

from __future__ import annotations

from enum import StrEnum


class Role(StrEnum):
    WORKER = "worker"
    SUPERVISOR = "supervisor"
    YOUTH = "youth"
    ADMIN = "admin"


class MeasureKind(StrEnum):
    TOEZICHT_BEGELEIDING = "toezicht_begeleiding"
    ITB_HARDE_KERN = "itb_harde_kern"
    ITB_CRIEM = "itb_criem"
    GBM = "gbm"
    VOORWAARDELIJK = "voorwaardelijk"
    PIJ_VOORWAARDELIJK = "pij_voorwaardelijk"
    STP = "stp"


class ImposedBy(StrEnum):
    OM = "om"
    KINDERRECHTER = "kinderrechter"


class MeasureStatus(StrEnum):
    ACTIVE = "active"
    COMPLETED = "completed"
    ENDED_EARLY = "ended_early"


class Compliance(StrEnum):
    COMPLIED = "complied"
    PARTLY = "partly"
    NOT_COMPLIED = "not_complied"


class LifeDomain(StrEnum):
    FAMILY = "family"
    SCHOOL_WORK = "school_work"
    FREE_TIME = "free_time"
    FRIENDS = "friends"
    SUBSTANCE_USE = "substance_use"
    THINKING_BEHAVIOUR = "thinking_behaviour"
    FINANCES = "finances"
    HOUSING = "housing"
    HEALTH = "health"


class GoalStatus(StrEnum):
    ACTIVE = "active"
    ACHIEVED = "achieved"
    PAUSED = "paused"
    DROPPED = "dropped"


class RaterKind(StrEnum):
    YOUTH = "youth"
    WORKER = "worker"
    NETWORK = "network"


class NetworkRole(StrEnum):
    PARENT = "parent"
    RELATIVE = "relative"
    COACH = "coach"
    TEACHER = "teacher"
    SPORTS_TRAINER = "sports_trainer"
    MENTOR = "mentor"
    OTHER = "other"


class SetbackKind(StrEnum):
    MISSED_APPOINTMENT = "missed_appointment"
    CONDITION_BREACH = "condition_breach"
    POLICE_CONTACT = "police_contact"
    NEW_OFFENCE = "new_offence"
    SUBSTANCE_USE = "substance_use"
    SCHOOL_ABSENCE = "school_absence"
    OTHER = "other"


class Severity(StrEnum):
    MINOR = "minor"
    MODERATE = "moderate"
    SERIOUS = "serious"


class SetbackResponse(StrEnum):
    NONE_YET = "none_yet"
    TALK = "talk"
    WARNING = "warning"
    PLAN_CHANGE = "plan_change"
    REPORT_BACK = "report_back"


class AuditAction(StrEnum):
    """NEN 7513 actions: create, read, update, delete, execute; plus export and print."""

    CREATE = "C"
    READ = "R"
    UPDATE = "U"
    DELETE = "D"
    EXECUTE = "E"
    EXPORT = "export"
    PRINT = "print"


class AuditOutcome(StrEnum):
    SUCCESS = "success"
    DENIED = "denied"
    FAILED = "failed"
