"""A national-scale synthetic database for load tests and benchmarks (``reclassering national-data``).

Unlike the hand-made demo world (``world.py``, a dozen youths built through the domain operations), this writes
tens of thousands of youths straight into the tables: rows are generated as tuples and stored with the driver's
``executemany`` (SQLite) or ``COPY`` (PostgreSQL) in large transactions (a chunk of youths per transaction). Ids are
given here (the database must be empty), so no statement needs ``RETURNING``; PostgreSQL's sequences are moved
past them at the end. Audit events go through ``audit_chain.append`` so the hash chain verifies.

Everything is invented: a first name from a short list and an initial, ``w00001``-style usernames, stock
sentences. Every account has the password ``PASSWORD``. The same sizes and seed give the same database.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta
from random import Random
from typing import Any

from sqlalchemy import Connection, Engine, text
from sqlmodel import Session

from ..casefile import audit_chain
from ..casefile.fields import today as service_today
from ..casefile.users import hash_password
from ..casefile.vocab import LifeDomain, MeasureKind, SetbackKind, SetbackResponse, Severity

PASSWORD = "nationaal-wachtwoord-2026"
FIRST_NAMES = (
    "Aziz", "Bram", "Chaima", "Daan", "Elif", "Finn", "Gaia", "Hamza", "Ilse", "Jesse", "Kenza", "Lars", "Mila",
    "Noah", "Oumaima", "Pim", "Quinty", "Rayan", "Sanne", "Tijn", "Ulla", "Vince", "Wessel", "Yara", "Zoë",
)  # fmt: skip
INITIALS = "ABCDEFGHJKLMNPRSTVWZ"
GOAL_TITLES = (
    "Elke dag naar school",
    "Rustig blijven als iemand me uitdaagt",
    "Op tijd thuis zijn",
    "Een bijbaan vinden en houden",
    "Minder blowen",
    "Mijn schulden afbetalen",
    "Sporten met mijn team",
)
SENTENCES = (
    "Het ging goed deze week.",
    "Afspraken nagekomen.",
    "Wat onrustig thuis.",
    "Op school weer meegedaan.",
    "Samen een plan gemaakt voor volgende week.",
)
#: The tables written, in the order they are filled (parents first).
TABLES = (
    "team",
    "app_user",
    "youth",
    "network_member",
    "measure",
    "condition",
    "method_enrolment",
    "goal",
    "check_in",
    "score",
    "success",
    "setback",
    "conference",
    "audit_event",
)


@dataclass(frozen=True)
class Sizes:
    """What to generate. The defaults give about 5,000 workers for 40,000 youths."""

    youths: int = 40_000
    youths_per_worker: int = 8
    workers_per_team: int = 12
    weeks: int = 104
    #: Audit events per youth (the record's creation, then reads and writes spread over the weeks).
    audit_per_youth: int = 4
    #: Youths per transaction.
    chunk: int = 500
    seed: int = 7

    @property
    def workers(self) -> int:
        return max(1, -(-self.youths // self.youths_per_worker))

    @property
    def teams(self) -> int:
        return max(1, -(-self.workers // self.workers_per_team))


@dataclass
class Counts:
    rows: dict[str, int] = field(default_factory=lambda: dict.fromkeys(TABLES, 0))

    def add(self, table: str, n: int) -> None:
        self.rows[table] += n


class _Writer:
    """Inserts tuples inside the connection's transaction: the driver's ``executemany`` on SQLite, ``COPY … FROM
    STDIN`` on PostgreSQL."""

    def __init__(self, conn: Connection, counts: Counts) -> None:
        self.conn = conn
        self.counts = counts
        self.sqlite = conn.dialect.name == "sqlite"
        self.mark = "?" if self.sqlite else "%s"
        self.cursor = conn.connection.dbapi_connection.cursor()  # type: ignore[union-attr]

    def ts(self, moment: datetime) -> Any:
        return moment.strftime("%Y-%m-%d %H:%M:%S.%f") if self.sqlite else moment

    def day(self, d: date) -> Any:
        return d.isoformat() if self.sqlite else d

    def insert(self, table: str, columns: Sequence[str], rows: list[tuple[Any, ...]]) -> None:
        if not rows:
            return
        if self.sqlite:
            marks = ", ".join([self.mark] * len(columns))
            self.cursor.executemany(f'INSERT INTO "{table}" ({", ".join(columns)}) VALUES ({marks})', rows)
        else:  # PostgreSQL: COPY streams the rows in one go, where executemany waits on a round trip per batch
            with self.cursor.copy(f'COPY "{table}" ({", ".join(columns)}) FROM STDIN') as copy:
                for row in rows:
                    copy.write_row(row)
        self.counts.add(table, len(rows))


def generate(
    engine: Engine, sizes: Sizes, *, today: date | None = None, progress: Callable[[int], None] | None = None
) -> Counts:
    """Fill an empty, migrated database; ``progress`` is called with the number of youths each chunk stored."""
    today = today or service_today()
    first_monday = today - timedelta(days=today.weekday()) - timedelta(weeks=sizes.weeks)
    counts = Counts()
    password_hash = hash_password(PASSWORD)
    with engine.begin() as conn:
        _staff(_Writer(conn, counts), sizes, password_hash)
    ids = _Ids(sizes)
    skip_row_checks = _may_skip_row_checks(engine)
    for start in range(0, sizes.youths, sizes.chunk):
        stop = min(start + sizes.chunk, sizes.youths)
        with Session(engine) as session, session.begin():
            conn = session.connection()
            with _bulk(conn, skip_row_checks):
                _youths(_Writer(conn, counts), sizes, range(start, stop), first_monday, password_hash, ids)
            events = _audit_rows(sizes, range(start, stop), first_monday, ids)
            audit_chain.append(session, events)
            counts.add("audit_event", len(events))
        if progress is not None:
            progress(stop - start)
    if engine.dialect.name == "postgresql":
        with engine.begin() as conn:
            for table in TABLES:  # past the ids given here
                sequence = f"pg_get_serial_sequence('\"{table}\"', 'id')"
                conn.execute(text(f'SELECT setval({sequence}, COALESCE(MAX(id), 1)) FROM "{table}"'))
            # planner statistics now, not whenever autovacuum gets to it: without them the caseload's latest-week
            # query hash-joins every check-in (183 ms instead of 9 ms for a team caseload of 4,000 youths)
            conn.execute(text("ANALYZE"))
    return counts


def _may_skip_row_checks(engine: Engine) -> bool:
    """Whether this PostgreSQL login may leave out the per-row foreign-key checks of the rows written here
    (``session_replication_role``: a superuser, or a login granted SET on it)."""
    if engine.dialect.name != "postgresql":
        return False
    with engine.connect() as conn:
        allowed = conn.execute(text("SELECT has_parameter_privilege('session_replication_role', 'SET')")).scalar_one()
    return bool(allowed)


@contextmanager
def _bulk(conn: Connection, skip_row_checks: bool) -> Iterator[None]:
    """On PostgreSQL, the youths' rows of one chunk written as a bulk load, for this transaction only:

    - without waiting for the commit's flush to disk (``synchronous_commit = off``): a crash loses at most the
      last chunks, never the database's consistency, and the database was empty before;
    - where the login may (``skip_row_checks``), without a foreign-key check per row
      (``session_replication_role = replica``): every id here is given by the generator and points at a row
      written before it (``_Ids``), and 29 M scores × 4 references checked one by one were two thirds of the
      time (2,000 youths: 29.7 → 9.5 s). ``tests/test_demo_national.py`` checks every reference afterwards.

    The audit events after it go through their triggers as usual (the who-looked fold)."""
    if conn.dialect.name != "postgresql":
        yield
        return
    conn.execute(text("SET LOCAL synchronous_commit = off"))
    if skip_row_checks:
        conn.execute(text("SET LOCAL session_replication_role = replica"))
    yield
    if skip_row_checks:
        conn.execute(text("SET LOCAL session_replication_role = origin"))


def _staff(w: _Writer, sizes: Sizes, password_hash: str) -> None:
    now = w.ts(datetime.now(UTC))
    w.insert(
        "team",
        ("id", "name", "shares_caseload", "created_at"),
        [(t + 1, f"Team {t + 1:04d}", t % 4 == 3, now) for t in range(sizes.teams)],
    )
    columns = ("id", "username", "display_name", "password_hash", "role", "team_id", "active", "locale", "created_at")
    workers = [
        (
            i + 1,
            f"w{i + 1:05d}",
            f"Werker {i + 1}",
            password_hash,
            "worker",
            i // sizes.workers_per_team + 1,
            True,
            "nl",
            now,
        )
        for i in range(sizes.workers)
    ]
    supervisors = [
        (
            sizes.workers + t + 1,
            f"s{t + 1:04d}",
            f"Teamleider {t + 1}",
            password_hash,
            "supervisor",
            t + 1,
            True,
            "nl",
            now,
        )
        for t in range(sizes.teams)
    ]
    w.insert("app_user", columns, workers + supervisors)


class _Ids:
    """Where each youth's rows start: fixed strides, so every id is known without asking the database."""

    def __init__(self, sizes: Sizes) -> None:
        self.first_youth_user = sizes.workers + sizes.teams + 1
        self.goals_per_youth = 5
        self.weeks = sizes.weeks
        self.next_score = 1
        self.next_success = 1
        self.next_setback = 1
        self.next_conference = 1

    def youth_user(self, y: int) -> int:
        return self.first_youth_user + y

    def goal(self, y: int, g: int) -> int:
        return y * self.goals_per_youth + g + 1

    def check_in(self, y: int, week: int) -> int:
        return y * self.weeks + week + 1

    def condition(self, y: int, c: int) -> int:
        return y * 2 + c + 1


def worker_of(sizes: Sizes, y: int) -> int:
    """The user id of youth ``y``'s worker (youths are dealt out over the workers in turn)."""
    return y % sizes.workers + 1


def _youths(w: _Writer, sizes: Sizes, which: range, monday: date, password_hash: str, ids: _Ids) -> None:
    created = w.ts(datetime.combine(monday, time(9), tzinfo=UTC))
    users, youths, network, measures, conditions, enrolments, goals = [], [], [], [], [], [], []
    check_ins: list[tuple[Any, ...]] = []
    scores: list[tuple[Any, ...]] = []
    successes: list[tuple[Any, ...]] = []
    setbacks: list[tuple[Any, ...]] = []
    conferences: list[tuple[Any, ...]] = []
    kinds = list(MeasureKind)
    domains = list(LifeDomain)
    setback_kinds, severities, responses = list(SetbackKind), list(Severity), list(SetbackResponse)[1:]
    week_days = [monday + timedelta(weeks=k) for k in range(sizes.weeks)]
    week_codes = [f"{d.isocalendar().year}-W{d.isocalendar().week:02d}" for d in week_days]
    week_ts = [w.ts(datetime.combine(d + timedelta(days=2), time(14), tzinfo=UTC)) for d in week_days]
    for y in which:
        rng = Random(sizes.seed * 1_000_003 + y)
        uid, worker, team = (
            ids.youth_user(y),
            worker_of(sizes, y),
            (worker_of(sizes, y) - 1) // sizes.workers_per_team + 1,
        )
        name = f"{FIRST_NAMES[y % len(FIRST_NAMES)]} {INITIALS[(y // len(FIRST_NAMES)) % len(INITIALS)]}."
        users.append((uid, f"j{y + 1:06d}", name, password_hash, "youth", None, True, "nl", created))
        youths.append((y + 1, name, 2026 - rng.randint(13, 22), uid, worker, team, created, created))
        raters = rng.choice((2, 3))
        if raters == 3:
            network.append((y + 1, y + 1, "Ouder", "parent", "", True, False, created))
        start = w.day(monday)
        measures.append(
            (y + 1, y + 1, rng.choice(kinds).value, "", "om", start, w.day(monday + timedelta(weeks=sizes.weeks + 26)),
             "active", "", "", created, created)
        )  # fmt: skip
        for c in range(2):
            conditions.append(
                (ids.condition(y, c), y + 1, ("Naar school gaan", "Op tijd thuis")[c], "special", True, created)
            )
        enrolments.append((y + 1, y + 1, "signs_of_success", 1, "weekly_work", created, created, ""))
        goal_ids = [ids.goal(y, g) for g in range(rng.randint(3, 5))]
        for g, goal_id in enumerate(goal_ids):
            goals.append(
                (goal_id, y + 1, GOAL_TITLES[(y + g) % len(GOAL_TITLES)], domains[(y + g) % len(domains)].value, "",
                 "active", "{}", 1.0, worker, created, created)
            )  # fmt: skip
        level = rng.uniform(2, 6)
        for k in range(sizes.weeks):
            cid = ids.check_in(y, k)
            when = week_ts[k]
            check_ins.append((cid, y + 1, week_codes[k], SENTENCES[k % 5], "", "", worker, when, when))
            level = min(10.0, max(0.0, level + rng.uniform(-0.6, 0.8)))
            who = [("worker", "worker", worker, None, "worker")]
            if rng.random() < 0.6:
                who.append(("youth", "youth", uid, None, "youth"))
            if raters == 3 and rng.random() < 0.25:
                who.append(("network", f"network:{y + 1}", None, y + 1, "worker"))
            for goal_id in goal_ids:
                for kind, key, rater_user, member, role in who:
                    value = min(10, max(0, round(level + rng.uniform(-1.5, 1.5))))
                    scores.append((ids.next_score, cid, goal_id, kind, key, rater_user, member, value, role, when))
                    ids.next_score += 1
            if rng.random() < 0.25:
                successes.append(
                    (ids.next_success, y + 1, w.day(week_days[k] + timedelta(days=3)), rng.choice(goal_ids),
                     "Een kleine overwinning.", "worker", worker, "worker", when, when, "")
                )  # fmt: skip
                ids.next_success += 1
            if rng.random() < 0.1:
                kind_ = rng.choice(setback_kinds)
                breach = ids.condition(y, 0) if kind_ == SetbackKind.CONDITION_BREACH else None
                setbacks.append(
                    (ids.next_setback, y + 1, w.day(week_days[k] + timedelta(days=4)), kind_.value,
                     rng.choice(severities).value, breach,
                     "Afspraak gemist of ander terugval.", rng.choice(responses).value, "", True,
                     "suspected" if kind_ == SetbackKind.NEW_SUSPICION else None, worker, when, when, "")
                )  # fmt: skip
                ids.next_setback += 1
        if rng.random() < 0.25:
            held = week_days[-rng.randint(1, sizes.weeks)]
            conferences.append(
                (ids.next_conference, y + 1, w.day(held), "carry_on", "Kan de jongere doorgaan?", "Doorgaan.",
                 "carry_on", "carry_on", "Het gaat de goede kant op.", worker, worker, created, created, 1)
            )  # fmt: skip
            ids.next_conference += 1
    user_cols = ("id", "username", "display_name", "password_hash", "role", "team_id", "active", "locale", "created_at")
    w.insert("app_user", user_cols, users)
    w.insert(
        "youth",
        ("id", "display_name", "birth_year", "user_id", "worker_id", "team_id", "created_at", "updated_at"),
        youths,
    )
    w.insert(
        "network_member",
        ("id", "youth_id", "name", "role", "contact", "trusted_by_youth", "trained_in_method", "created_at"),
        network,
    )
    w.insert(
        "measure",
        ("id", "youth_id", "kind", "legal_basis", "imposed_by", "start_date", "planned_end", "status", "case_number",
         "index_offence", "created_at", "updated_at"),
        measures,
    )  # fmt: skip
    w.insert("condition", ("id", "measure_id", "text", "kind", "active", "created_at"), conditions)
    w.insert(
        "method_enrolment",
        ("id", "measure_id", "method_id", "method_version", "current_phase", "phase_entered_at", "enrolled_at",
         "closing_summary"),
        enrolments,
    )  # fmt: skip
    w.insert(
        "goal",
        ("id", "measure_id", "title", "life_domain", "worry_statement", "status", "gas_levels", "gas_weight",
         "created_by_id", "created_at", "updated_at"),
        goals,
    )  # fmt: skip
    w.insert(
        "check_in",
        (
            "id",
            "measure_id",
            "week",
            "went_well",
            "worries",
            "next_steps",
            "recorded_by_id",
            "created_at",
            "updated_at",
        ),
        check_ins,
    )
    w.insert(
        "score",
        ("id", "check_in_id", "goal_id", "rater_kind", "rater_key", "rater_user_id", "network_member_id", "value",
         "author_role", "recorded_at"),
        scores,
    )  # fmt: skip
    w.insert(
        "success",
        ("id", "measure_id", "occurred_on", "goal_id", "text", "noticed_by", "author_id", "author_role", "created_at",
         "updated_at", "withdrawal_reason"),
        successes,
    )  # fmt: skip
    w.insert(
        "setback",
        ("id", "measure_id", "occurred_on", "kind", "severity", "condition_id", "text", "response", "response_note",
         "resolved", "suspicion_status", "author_id", "created_at", "updated_at", "withdrawal_reason"),
        setbacks,
    )  # fmt: skip
    w.insert(
        "conference",
        ("id", "measure_id", "held_on", "question_kind", "question", "advice", "advised_outcome", "decision",
         "rationale", "advice_by_id", "created_by_id", "created_at", "updated_at", "edition"),
        conferences,
    )  # fmt: skip


def _audit_rows(sizes: Sizes, which: Iterable[int], monday: date, ids: _Ids) -> list[dict[str, Any]]:
    rows = []
    for y in which:
        worker = worker_of(sizes, y)
        for n in range(sizes.audit_per_youth):
            at = datetime.combine(
                monday + timedelta(weeks=n * sizes.weeks // max(sizes.audit_per_youth, 1)), time(10), tzinfo=UTC
            )
            action, obj = ("create", "youth") if n == 0 else (("read", "progress") if n % 2 else ("update", "check_in"))
            rows.append(
                {
                    "at": at,
                    "user_id": worker,
                    "username": f"w{worker:05d}",
                    "role": "worker",
                    "on_behalf_of": "",
                    "youth_id": y + 1,
                    "action": action,
                    "object_type": obj,
                    "object_id": y + 1,
                    "access_point": "cli:national-data",
                    "outcome": "success",
                    "status_code": None,
                    "detail": "",
                }
            )
    return rows
