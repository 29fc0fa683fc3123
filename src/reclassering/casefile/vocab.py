"""The closed vocabularies of the domain (stored as plain strings, validated at the edges)."""

from __future__ import annotations

from enum import StrEnum

from ..catalogue import ByLocale


class Role(StrEnum):
    WORKER = "worker"
    SUPERVISOR = "supervisor"
    #: A behavioural expert (gedragswetenschapper): a supervisor's reach, may sign off advice as a supervisor does.
    EXPERT = "expert"
    YOUTH = "youth"
    ADMIN = "admin"


#: The roles of staff accounts: named by their display name on a youth's access log and "who looked".
STAFF_ROLES = frozenset({Role.WORKER, Role.SUPERVISOR, Role.EXPERT, Role.ADMIN})


class MeasureKind(StrEnum):
    """The frame of the work (labels in ``MEASURE_KIND_LABELS``)."""

    TOEZICHT_BEGELEIDING = "toezicht_begeleiding"
    ITB_HARDE_KERN = "itb_harde_kern"
    #: Individuele Trajectbegeleiding CRIEM.
    ITB_CRIEM = "itb_criem"
    GBM = "gbm"
    VOORWAARDELIJK = "voorwaardelijk"
    PIJ_VOORWAARDELIJK = "pij_voorwaardelijk"
    #: Scholings- en trainingsprogramma: a phase granted under the youth custody rules, not imposed by a judge.
    STP = "stp"
    #: Supervision on school absence (Leerplichtwet), after a referral by the leerplichtambtenaar.
    LEERPLICHT = "leerplicht"
    #: Voluntary probation the Raad voor de Kinderbescherming started (vrijwillige jeugdreclassering).
    VRIJWILLIG_RAAD = "vrijwillig_raad"
    #: Suspension of pre-trial detention with conditions (schorsing voorlopige hechtenis).
    SCHORSING_VH = "schorsing_vh"


#: The name of every measure kind: English message ids of the catalogue (Dutch in ``messages.po``);
#: ``MEASURE_KIND_LABELS[code][locale]``.
MEASURE_KIND_LABELS = ByLocale(
    {
        "toezicht_begeleiding": "Supervision and guidance",
        "itb_harde_kern": "Intensive guidance, hard core (ITB Harde Kern)",
        "itb_criem": "Individual guidance, CRIEM (ITB CRIEM)",
        "gbm": "Behaviour-influencing measure (GBM)",
        "voorwaardelijk": "Suspended sentence with special conditions",
        "pij_voorwaardelijk": "Conditional PIJ order",
        "stp": "Education and training programme (STP), a phase of youth custody",
        "leerplicht": "School-absence supervision (Compulsory Education Act)",
        "vrijwillig_raad": "Voluntary probation started by the Child Protection Board",
        "schorsing_vh": "Suspension of pre-trial detention with conditions",
    },
    "messages",
)


class ImposedBy(StrEnum):
    OM = "om"
    KINDERRECHTER = "kinderrechter"
    #: The Raad voor de Kinderbescherming (voluntary probation it started).
    RAAD = "raad"
    #: The youth custody institution (STP, a phase granted under the custody rules).
    JJI = "jji"
    #: The school-attendance officer's referral (Leerplichtwet).
    LEERPLICHT = "leerplicht"


#: Who imposed or granted the frame, read as ``IMPOSED_BY_LABELS[code][locale]`` (Dutch in ``messages.po``).
IMPOSED_BY_LABELS = ByLocale(
    {
        "om": "Public Prosecution Service (OM)",
        "kinderrechter": "Juvenile court judge",
        "raad": "Child Protection Board (Raad)",
        "jji": "Youth custody institution",
        "leerplicht": "School attendance officer",
    },
    "messages",
)


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
    #: A new police matter: a suspicion, never called an offence before a court says so.
    NEW_SUSPICION = "new_suspicion"
    SUBSTANCE_USE = "substance_use"
    SCHOOL_ABSENCE = "school_absence"
    OTHER = "other"


#: Setbacks that call for a decision on reporting back (terugmelding) to the OM and the Raad.
REPORTABLE_SETBACK_KINDS = frozenset({SetbackKind.CONDITION_BREACH, SetbackKind.NEW_SUSPICION})


class SuspicionStatus(StrEnum):
    """Where a new suspicion stands: guilty only once a court says so."""

    SUSPECTED = "suspected"
    #: Sepot: the OM dropped the case.
    DISMISSED = "dismissed"
    CONVICTED = "convicted"
    ACQUITTED = "acquitted"


class ConditionKind(StrEnum):
    """General conditions (algemene voorwaarden) hold for every conditional frame; special ones are set per youth."""

    GENERAL = "general"
    SPECIAL = "special"


class Addressee(StrEnum):
    """Where a case conference's advice goes."""

    OM = "om"
    RAAD = "raad"
    KINDERRECHTER = "kinderrechter"
    INTERNAL = "internal"


class OptionKind(StrEnum):
    """An option weighed at a case conference."""

    CARRY_ON = "carry_on"
    ADJUST = "adjust"
    EXTEND_PROBATION = "extend_probation"
    REPORT_BACK = "report_back"
    OTHER = "other"


class ViewStatus(StrEnum):
    """Whether a zienswijze was given or declined."""

    GIVEN = "given"
    DECLINED = "declined"


class OutsideBody(StrEnum):
    """Who decides outside the team."""

    OM = "om"
    RAAD = "raad"
    KINDERRECHTER = "kinderrechter"


class OutsideOutcome(StrEnum):
    """What the OM, the Raad or the judge decided."""

    CARRY_ON = "carry_on"
    CONDITIONS_CHANGED = "conditions_changed"
    PROBATION_EXTENDED = "probation_extended"
    #: Tenuitvoerlegging: the suspended part is enforced.
    ENFORCED = "enforced"
    WARNING = "warning"
    NO_ACTION = "no_action"
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
    """NEN 7513 actions, as words: create, read, update, delete, execute (a job); plus export and print.

    Until migration 0013 the first five were stored as the letters C, R, U, D and E; it rewrote them."""

    CREATE = "create"
    READ = "read"
    UPDATE = "update"
    DELETE = "delete"
    EXECUTE = "execute"
    EXPORT = "export"
    PRINT = "print"


class AuditOutcome(StrEnum):
    SUCCESS = "success"
    DENIED = "denied"
    FAILED = "failed"
