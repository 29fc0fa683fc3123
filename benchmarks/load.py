"""Benchmark: a real server under concurrent load, next to a bare endpoint on the same server as the ceiling.

Starts ``reclassering serve`` as a subprocess on a national-scale database made by ``reclassering
national-data`` (generated once and kept in --data-dir), with ``RECLASSERING_BENCH_BARE=1`` so the server also
mounts ``/bench/bare/{kind}/{bytes}``: a bare Litestar endpoint returning a pre-built payload. Then, for each
route, --clients threads (one ``httpx.Client`` each) send requests for --seconds, and the same again against
the bare endpoint with a payload of the same size and media type. Printed per route: requests/s, p50/p95/p99
and the ratio to the ceiling, and the server's own time per answer (its ``Server-Timing`` header, p50/p95);
the server's peak RSS; the same routes with one client at a time (the server time without queueing); then the
reads' database time in-process against the raw SQL for the same rows; and, with --curve, the cost of the
reads at each size. Every request is sent with
``Accept-Encoding: identity`` so neither side pays for gzip. Stops by itself. No assertions.

    python benchmarks/load.py [--youths 4000] [--clients 8] [--seconds 8] [--curve 400,4000,40000]
    python benchmarks/load.py --database-url postgresql+psycopg://postgres@127.0.0.1/bench_load  # empty or made by it
"""

from __future__ import annotations

import argparse
import os
import socket
import statistics
import subprocess
import sys
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

import httpx
from sqlalchemy import event, text
from sqlmodel import Session

from reclassering.casefile import youths
from reclassering.casefile.db import make_engine
from reclassering.casefile.fields import today as service_today
from reclassering.casefile.models import User
from reclassering.casefile.weeks import week_of
from reclassering.demo.national import PASSWORD, Sizes, worker_of
from reclassering.reports.loader import data_version, load_series

IDENTITY = {"Accept-Encoding": "identity"}
#: A worker in a team that shares its caseload (every fourth team does): a caseload of a whole team.
SHARING_WORKER = 3 * 12 + 1


# --- the database and the server -------------------------------------------------------------------------------


def database(args: argparse.Namespace, youths_n: int) -> str:
    """The URL of a national-scale database of ``youths_n`` youths, generated when not there yet."""
    if args.database_url:
        url = args.database_url
    else:
        args.data_dir.mkdir(parents=True, exist_ok=True)
        url = f"sqlite:///{args.data_dir / f'national-{youths_n}.sqlite3'}"
    engine = make_engine(url)
    try:
        with engine.connect() as conn:
            have = conn.execute(text("SELECT count(*) FROM youth")).scalar_one()
    except Exception:
        have = 0
    finally:
        engine.dispose()
    if have != youths_n:
        if have:
            sys.exit(f"{url} holds {have} youths, not {youths_n}: use an empty database or another --data-dir")
        started = time.perf_counter()
        cmd = [sys.executable, "-m", "reclassering.cli", "national-data", "--youths", str(youths_n)]
        subprocess.run([*cmd, "--database-url", url], check=True, stdout=subprocess.DEVNULL)
        print(f"generated {youths_n:,} youths in {time.perf_counter() - started:.0f} s")
    return url


class Server:
    def __init__(self, url: str, data_dir: Path) -> None:
        with socket.socket() as s:
            s.bind(("127.0.0.1", 0))
            self.port = s.getsockname()[1]
        env = {
            **os.environ,
            "RECLASSERING_DATABASE_URL": url,
            "RECLASSERING_BENCH_BARE": "1",
            "RECLASSERING_SCHEDULER_EMBEDDED": "false",
            "RECLASSERING_COOKIE_SECURE": "false",
            "RECLASSERING_SECRET_KEY": "benchmark-secret",
            "RECLASSERING_DATA_DIR": str(data_dir),
            "RECLASSERING_PORT": str(self.port),
            "RECLASSERING_LOGIN_MAX_FAILURES": "1000",
        }
        cmd = [sys.executable, "-m", "reclassering.cli", "serve"]
        self.process = subprocess.Popen(cmd, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        self.base = f"http://127.0.0.1:{self.port}"
        deadline = time.monotonic() + 120
        while time.monotonic() < deadline:
            try:
                if httpx.get(f"{self.base}/health/live").status_code == 200:
                    return
            except httpx.TransportError:
                time.sleep(0.2)
        self.stop()
        raise RuntimeError("the server did not start within 120 s")

    def rss_mib(self) -> tuple[float, float]:
        """The resident memory of the server, in all (its process and, with ``--workers``, its worker
        processes) and of its largest process."""
        sizes = [_rss_kib(pid) / 1024 for pid in [self.process.pid, *_children(self.process.pid)]]
        return sum(sizes), max(sizes)

    def stop(self) -> None:
        self.process.terminate()
        try:
            self.process.wait(10)
        except subprocess.TimeoutExpired:
            self.process.kill()


def _children(pid: int) -> list[int]:
    try:
        with open(f"/proc/{pid}/task/{pid}/children") as children:
            return [int(child) for child in children.read().split()]
    except OSError:
        return []


def _rss_kib(pid: int) -> int:
    try:
        with open(f"/proc/{pid}/status") as status:
            for line in status:
                if line.startswith("VmRSS:"):
                    return int(line.split()[1])
    except OSError:
        pass
    return 0


# --- load -----------------------------------------------------------------------------------------------------


@dataclass
class Result:
    latencies: list[float] = field(default_factory=list)
    #: The server's own time per answer (its ``Server-Timing: app;dur=`` header), in seconds.
    server: list[float] = field(default_factory=list)
    errors: int = 0
    seconds: float = 0.0

    @property
    def rate(self) -> float:
        return len(self.latencies) / self.seconds if self.seconds else 0.0

    def pct(self, q: float, of: str = "latencies") -> float:
        values = getattr(self, of)
        if not values:
            return float("nan")
        ordered = sorted(values)
        return ordered[min(len(ordered) - 1, int(q * len(ordered)))] * 1000


def server_time(response: httpx.Response) -> float | None:
    """The server's ``Server-Timing: app;dur=<ms>`` in seconds, if it sent one."""
    timing = response.headers.get("server-timing", "")
    _, found, duration = timing.partition("app;dur=")
    return float(duration) / 1000 if found else None


Request = Callable[[httpx.Client, int], httpx.Response]


def hammer(clients: list[httpx.Client], request: Request, seconds: float, ok: tuple[int, ...] = (200,)) -> Result:
    result = Result()
    lock = threading.Lock()
    start = time.perf_counter()
    deadline = start + seconds

    def run(client: httpx.Client) -> None:
        mine: list[float] = []
        server: list[float] = []
        errors = n = 0
        while time.perf_counter() < deadline:
            t0 = time.perf_counter()
            response = request(client, n)
            mine.append(time.perf_counter() - t0)
            if (spent := server_time(response)) is not None:
                server.append(spent)
            errors += response.status_code not in ok
            n += 1
        with lock:
            result.latencies += mine
            result.server += server
            result.errors += errors

    threads = [threading.Thread(target=run, args=(c,)) for c in clients]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    result.seconds = time.perf_counter() - start
    return result


class RssSampler(threading.Thread):
    def __init__(self, server: Server) -> None:
        super().__init__(daemon=True)
        self.server, self.peak, self.largest, self.done = server, 0.0, 0.0, threading.Event()

    def run(self) -> None:
        while not self.done.wait(0.2):
            total, largest = self.server.rss_mib()
            self.peak, self.largest = max(self.peak, total), max(self.largest, largest)


def login(base: str, username: str) -> httpx.Client:
    client = httpx.Client(base_url=base, headers=IDENTITY, timeout=60)
    answer = client.post("/api/v1/auth/login", json={"username": username, "password": PASSWORD})
    answer.raise_for_status()
    client.headers["Authorization"] = f"Bearer {answer.json()['token']}"
    return client


def _row(name: str, real: Result, bare: Result | None) -> str:
    p50, p95, p99 = real.pct(0.5), real.pct(0.95), real.pct(0.99)
    cells = f"{name:<22} {real.rate:>8.1f} {p50:>7.1f} {p95:>7.1f} {p99:>7.1f} {real.errors:>4}"
    cells += f" | {real.pct(0.5, 'server'):>6.2f} {real.pct(0.95, 'server'):>6.2f}"
    if bare is None:
        return cells
    ratio = real.rate / bare.rate if bare.rate else float("nan")
    return f"{cells} | {bare.rate:>8.1f} {bare.pct(0.5):>6.1f} {bare.pct(0.95):>6.1f} | {ratio:>6.3f}"


HEADER = (
    f"{'route':<22} {'req/s':>8} {'p50 ms':>7} {'p95 ms':>7} {'p99 ms':>7} {'err':>4} | "
    f"{'srv p50':>6} {'p95':>6} | {'bare r/s':>8} {'p50':>6} {'p95':>6} | {'ratio':>6}"
)


def run_routes(server: Server, sizes: Sizes, args: argparse.Namespace, *, reads_only: bool = False) -> None:
    base = server.base
    workers = [login(base, f"w{SHARING_WORKER + i % 12:05d}") for i in range(args.clients)]
    caseload = workers[0].get("/api/v1/youths", params={"limit": 200}).json()["items"]
    youth_ids = [y["id"] for y in caseload]
    measures = [m for m in youth_ids]  # the generator gives youth n measure n
    mine = [y for y in range(sizes.youths) if worker_of(sizes, y) in range(SHARING_WORKER, SHARING_WORKER + 12)]
    youth_clients = [login(base, f"j{mine[i % len(mine)] + 1:06d}") for i in range(args.clients)]
    bare_clients = [httpx.Client(base_url=base, headers=IDENTITY, timeout=60) for _ in range(args.clients)]
    for m in measures[:8]:  # warm the chart cache
        workers[0].get(f"/api/v1/measures/{m}/charts/timeline.png")

    def size(client: httpx.Client, path: str) -> int:
        return len(client.get(path).content)

    week = week_of(service_today())
    goals = {m: [g["id"] for g in workers[0].get(f"/api/v1/measures/{m}/goals").json()["items"]] for m in measures[:32]}
    write_measures = list(goals)

    def write(c: httpx.Client, n: int) -> httpx.Response:
        m = write_measures[(n + 7 * workers.index(c)) % len(write_measures)]
        body = {
            "went_well": f"week {n}",
            "scores": [{"goal_id": g, "rater": "worker", "value": n % 11} for g in goals[m]],
        }
        return c.put(f"/api/v1/measures/{m}/check-ins/{week}", json=body)

    def progress(c: httpx.Client, n: int) -> httpx.Response:
        return c.get(f"/api/v1/measures/{measures[n % len(measures)]}/progress")

    def chart(c: httpx.Client, n: int) -> httpx.Response:
        return c.get(f"/api/v1/measures/{measures[n % 8]}/charts/timeline.png")

    routes: list[tuple[str, list[httpx.Client], Request, str, tuple[int, ...]]] = [
        ("caseload (API)", workers, lambda c, n: c.get("/api/v1/youths", params={"limit": 200}), "json", (200,)),
        ("progress JSON", workers, progress, "json", (200,)),
        ("youth page /mijn", youth_clients, lambda c, n: c.get("/mijn"), "html", (200,)),
        ("cached chart", workers, chart, "png", (200,)),
    ]
    if not reads_only:
        routes.append(("check-in write (PUT)", workers, write, "json", (200,)))
    print(HEADER)
    sampler = RssSampler(server)
    sampler.start()
    for name, clients, request, kind, ok in routes:
        sample = request(clients[0], 0)
        nbytes = len(sample.content)
        real = hammer(clients, request, args.seconds, ok)
        bare = hammer(bare_clients, lambda c, n, k=kind, b=nbytes: c.get(f"/bench/bare/{k}/{b}"), args.seconds)
        print(_row(f"{name} {nbytes // 1024}K", real, bare))
    if not reads_only:
        chart = f"/api/v1/measures/{measures[0]}/charts/timeline.png"
        etag = workers[0].get(chart).headers.get("etag", "")
        cond = hammer(workers, lambda c, n: c.get(chart, headers={"If-None-Match": etag}), args.seconds, (304,))
        print(_row("chart 304", cond, None))
        routes.append(("chart 304", workers, lambda c, n: c.get(chart, headers={"If-None-Match": etag}), "", (304,)))
    sampler.done.set()
    print(f"server peak RSS under load: {sampler.peak:.0f} MiB in all, {sampler.largest:.0f} MiB its largest process")
    print(f"\none client at a time, {args.seconds / 2:.1f} s per route: the server's own time (Server-Timing)")
    print(f"{'route':<22} {'req/s':>8} {'p50 ms':>7} {'p95 ms':>7} | {'srv p50':>7} {'srv p95':>7}")
    for name, clients, request, _, ok in routes:
        alone = hammer(clients[:1], request, args.seconds / 2, ok)
        print(
            f"{name:<22} {alone.rate:>8.1f} {alone.pct(0.5):>7.2f} {alone.pct(0.95):>7.2f} | "
            f"{alone.pct(0.5, 'server'):>7.2f} {alone.pct(0.95, 'server'):>7.2f}"
        )
    for c in workers + youth_clients + bare_clients:
        c.close()


# --- database time against raw SQL -------------------------------------------------------------------------------


def db_time(url: str, sizes: Sizes, repeat: int = 20) -> None:
    engine = make_engine(url)
    spent = [0.0]

    def before(conn: Any, cursor: Any, *a: Any) -> None:
        conn.info["t0"] = time.perf_counter()

    def after(conn: Any, cursor: Any, *a: Any) -> None:
        spent[0] += time.perf_counter() - conn.info.pop("t0")

    event.listen(engine, "before_cursor_execute", before)
    event.listen(engine, "after_cursor_execute", after)
    measure = 1 + (SHARING_WORKER - 1)  # a youth of the sharing worker's (youth n has measure n)
    raw = {
        "progress": [
            ("SELECT s.goal_id, s.rater_kind, s.value, s.gas_level, c.week FROM score s JOIN check_in c"
             " ON c.id = s.check_in_id WHERE c.measure_id = :m", {"m": measure}),
            ("SELECT id, title, gas_levels FROM goal WHERE measure_id = :m", {"m": measure}),
            ("SELECT id, occurred_on, goal_id FROM success WHERE measure_id = :m", {"m": measure}),
            ("SELECT id, occurred_on, kind, severity FROM setback WHERE measure_id = :m", {"m": measure}),
        ],
        "caseload": [
            ("SELECT y.id, y.display_name, u.display_name FROM youth y JOIN app_user u ON u.id = y.worker_id"
             " WHERE y.worker_id = :w OR y.team_id = :t ORDER BY y.display_name, y.id LIMIT 200",
             {"w": SHARING_WORKER, "t": 4}),
        ],
    }  # fmt: skip

    def app_progress(session: Session) -> None:
        data_version(session, measure)
        load_series(session, measure)

    def app_caseload(session: Session) -> None:
        user = session.get(User, SHARING_WORKER)
        youths.caseload(session, user, limit=200)  # type: ignore[arg-type]

    print(f"{'read':<10} {'app execute ms':>14} {'app total ms':>13} {'raw SQL+fetch ms':>17} {'total/raw':>9}")
    for name, app_call in (("progress", app_progress), ("caseload", app_caseload)):
        db_ms, total_ms, raw_ms = [], [], []
        for _ in range(repeat):
            with Session(engine) as session:
                spent[0] = 0.0
                t0 = time.perf_counter()
                app_call(session)
                total_ms.append((time.perf_counter() - t0) * 1000)
                db_ms.append(spent[0] * 1000)
                # ends the transaction as a request does: a rollback would make psycopg drop its prepared
                # statements, and PostgreSQL would plan every statement again on the next round
                session.commit()
            with engine.connect() as conn:
                t0 = time.perf_counter()
                for sql, params in raw[name]:
                    conn.execute(text(sql), params).fetchall()
                raw_ms.append((time.perf_counter() - t0) * 1000)
                conn.commit()
        a, total, b = statistics.median(db_ms), statistics.median(total_ms), statistics.median(raw_ms)
        print(f"{name:<10} {a:>14.2f} {total:>13.2f} {b:>17.2f} {total / b:>9.1f}")
    engine.dispose()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--youths", type=int, default=4000)
    parser.add_argument("--clients", type=int, default=8)
    parser.add_argument("--seconds", type=float, default=8.0)
    parser.add_argument("--curve", default="", help="sizes for the cost curve, e.g. 400,4000,40000")
    parser.add_argument("--data-dir", type=Path, default=Path("/tmp/reclassering-bench"))
    parser.add_argument("--database-url", default="")
    args = parser.parse_args()
    print(f"{date.today()}  load average {os.getloadavg()[0]:.2f} {os.getloadavg()[1]:.2f}  cores {os.cpu_count()}")
    url = database(args, args.youths)
    sizes = Sizes(youths=args.youths)
    print(
        f"\n== {args.youths:,} youths, {args.clients} clients, {args.seconds:.0f} s per route ({url.split('://')[0]})"
    )
    server = Server(url, args.data_dir)
    try:
        run_routes(server, sizes, args)
    finally:
        server.stop()
    print("\n== database time of the reads, in-process, against the raw SQL for the same rows (median of 20)")
    db_time(url, sizes)
    for n in [int(s) for s in args.curve.split(",") if s.strip()]:
        if args.database_url:
            print("--curve needs SQLite files (one database per size); skipped")
            break
        curve_url = database(args, n)
        print(f"\n== cost curve: {n:,} youths (reads only)")
        server = Server(curve_url, args.data_dir)
        try:
            run_routes(server, Sizes(youths=n), args, reads_only=True)
        finally:
            server.stop()
        db_time(curve_url, Sizes(youths=n))


if __name__ == "__main__":
    main()
