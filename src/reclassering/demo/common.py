"""What the parts of the demo builder share: one youth's case as it is being built, and the demo's clock."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta
from enum import Enum
from random import Random
from typing import TypeVar
from zoneinfo import ZoneInfo

from sqlmodel import Session

from ..casefile.models import Condition, Goal, Measure, NetworkMember, Setback, User, Youth
from ..casefile.vocab import SetbackKind, SetbackResponse, Severity
from ..methods.registry import MethodRegistry
from ..settings import Settings
from .texts import GoalTemplate

T = TypeVar("T")
Progress = Callable[[str], object]
#: The demo's world lives in this time zone: its backdated moments are local office hours.
LOCAL = ZoneInfo("Europe/Amsterdam")


def row_id(value: int | None) -> int:
    """The id of a flushed row (the database has assigned it by then)."""
    if value is None:
        raise RuntimeError("row has no id; flush the session first")
    return value


def monday(day: date) -> date:
    return day - timedelta(days=day.weekday())


def stamp(day: date, hour: int, minute: int = 0) -> datetime:
    """A moment on ``day`` at local office time, in UTC, never later than now.

    The domain operations stamp their steps with the present moment; the demo places the steps of a history
    (a phase entered, advice signed off, a decision recorded) back on the days they belong to.
    """
    moment = datetime.combine(day, time(hour, minute), tzinfo=LOCAL).astimezone(UTC)
    return min(moment, datetime.now(UTC))


def shuffled(rng: Random, items: Sequence[T]) -> list[T]:
    copy = list(items)
    rng.shuffle(copy)
    return copy


def lower_first(text: str) -> str:
    return text[:1].lower() + text[1:]


class Reporting(Enum):
    """What becomes of a breach's reporting record (terugmelding)."""

    #: Decided by its weight: serious ones and those met with a report-back are reported, others are not.
    AUTO = "auto"
    REPORTED = "reported"
    NOT_REPORTED = "not_reported"
    #: Left undecided past the deadline: it shows on the team's list of unreported breaches.
    UNDECIDED = "undecided"


@dataclass
class PlannedSetback:
    week_index: int
    kind: SetbackKind
    severity: Severity
    response: SetbackResponse
    text: str
    condition: Condition | None = None
    #: A fixed day (the scripted setbacks); otherwise a day of check-in week ``week_index``.
    day: date | None = None
    reporting: Reporting = Reporting.AUTO
    #: The stored setback, once recorded.
    stored: Setback | None = None


@dataclass
class Case:
    """One youth's record as it is being built."""

    index: int
    youth: Youth
    worker: User
    youth_user: User | None
    measure: Measure
    conditions: list[Condition]
    goals: list[Goal]
    #: The goal templates the goals were made from (same order): their worry statements and texts.
    goal_texts: list[GoalTemplate]
    members: list[NetworkMember]
    #: The Monday of every check-in week, oldest first (ending last week).
    mondays: list[date]
    method_id: str
    setbacks: list[PlannedSetback] = field(default_factory=list)

    @property
    def measure_id(self) -> int:
        return row_id(self.measure.id)

    @property
    def youth_id(self) -> int:
        return row_id(self.youth.id)

    @property
    def first_name(self) -> str:
        return self.youth.display_name.split()[0]

    def week_index(self, day: date) -> int:
        """The check-in week ``day`` falls in (the last one for days after it)."""
        index = (monday(day) - self.mondays[0]).days // 7
        return max(0, min(index, len(self.mondays) - 1))


@dataclass(frozen=True)
class Context:
    """What every step of the build needs besides the session: the day, the settings and the methods."""

    session: Session
    today: date
    settings: Settings
    methods: MethodRegistry
    supervisor: User
    expert: User
    seed: int

    def rng(self, part: str, index: int = 0) -> Random:
        """A random generator of its own for one part of one case: the parts do not shift each other."""
        return Random(f"{self.seed}:{part}:{index}")
