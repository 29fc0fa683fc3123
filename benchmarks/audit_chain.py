"""Benchmark: what the audit trail's hash chain costs: an append against a bare insert, appends from several threads,
and ``audit verify`` over a long trail.

    python benchmarks/audit_chain.py                     # SQLite file in a temporary folder
    python benchmarks/audit_chain.py --database-url postgresql+psycopg://postgres@127.0.0.1/bench_audit

The PostgreSQL database must exist and be empty; the script migrates it. Prints figures, asserts nothing.
"""

from __future__ import annotations

import argparse
import statistics
import tempfile
import threading
import time
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import Engine, insert

from reclassering.casefile import audit, audit_chain
from reclassering.casefile.db import make_engine, unit_of_work, upgrade
from reclassering.casefile.models import AuditEvent
from reclassering.casefile.vocab import AuditAction, AuditOutcome

ACTOR = audit.Actor(user_id=1, username="wessel", role="worker")


def _accesses(n: int) -> list[audit.Access]:
    return [audit.Access(youth_id=1, action=AuditAction.READ, object_type="goal", object_id=i) for i in range(n)]


def chained(engine: Engine, n: int) -> None:
    with unit_of_work(engine) as session:
        audit.record(session, ACTOR, _accesses(n), access_point="127.0.0.1 GET /x", outcome=AuditOutcome.SUCCESS)


def bare(engine: Engine, n: int) -> None:
    """The write as it was before the chain: one insert (ids from the sequence; chain fields left empty).
    Run against its own table copy so the chain stays whole: a temporary table of the same shape."""
    rows = [
        {
            "at": datetime.now(UTC),
            "user_id": 1,
            "username": "wessel",
            "role": "worker",
            "on_behalf_of": "",
            "youth_id": 1,
            "action": "read",
            "object_type": "goal",
            "object_id": i,
            "access_point": "127.0.0.1 GET /x",
            "outcome": "success",
            "status_code": None,
            "detail": "",
            "prev_hash": "",
            "hash": "",
        }
        for i in range(n)
    ]
    with unit_of_work(engine) as session:
        session.execute(insert(BARE), rows)


BARE: Any = None


def median_ms(fn: Any, engine: Engine, n: int, repeat: int) -> float:
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        fn(engine, n)
        times.append((time.perf_counter() - start) * 1000)
    return statistics.median(times)


def threads(engine: Engine, workers: int, each: int) -> float:
    barrier = threading.Barrier(workers)

    def work() -> None:
        barrier.wait()
        for _ in range(each):
            chained(engine, 1)

    pool = [threading.Thread(target=work) for _ in range(workers)]
    start = time.perf_counter()
    for t in pool:
        t.start()
    for t in pool:
        t.join()
    return workers * each / (time.perf_counter() - start)


def main() -> None:
    global BARE
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--database-url", default="")
    parser.add_argument("--events", type=int, default=100_000, help="trail length for the verify run")
    parser.add_argument("--repeat", type=int, default=200)
    args = parser.parse_args()
    url = args.database_url or f"sqlite:///{tempfile.mkdtemp()}/bench.sqlite3"
    engine = make_engine(url)
    upgrade(engine)
    from sqlalchemy import Column, MetaData, Table

    columns = AuditEvent.__table__.columns  # type: ignore[attr-defined]
    BARE = Table("audit_event_bare", MetaData(), *(Column(c.name, c.type, primary_key=c.primary_key) for c in columns))
    BARE.create(engine)
    print(f"database: {engine.dialect.name}")
    for n in (1, 20):
        b, c = median_ms(bare, engine, n, args.repeat), median_ms(chained, engine, n, args.repeat)
        print(
            f"append {n:>2} event(s) per transaction: bare insert {b:6.2f} ms, chained {c:6.2f} ms, ratio {c / b:4.2f}"
        )
    for workers in (1, 4, 8):
        print(f"{workers} thread(s) appending one event per transaction: {threads(engine, workers, 100):7.0f} events/s")
    batch = 1000
    start = time.perf_counter()
    for _ in range(args.events // batch):
        chained(engine, batch)
    print(f"appended {args.events} events in batches of {batch}: {time.perf_counter() - start:5.1f} s")
    from sqlmodel import Session

    with Session(engine) as session:
        start = time.perf_counter()
        verdict = audit_chain.verify(session)
        spent = time.perf_counter() - start
    rate = verdict.events / spent
    print(f"verify: {verdict.events} events in {spent:5.2f} s ({rate:,.0f} events/s), broken: {verdict.broken}")
    engine.dispose()


if __name__ == "__main__":
    main()
