"""The scheduler: an APScheduler 3.x interval job ("the tick") that holds the lease and runs what is due.

On every tick the scheduler renews (or tries to take) the database lease. Only the holder runs jobs: for each
job it asks which key is due now (this week's round, today's list, tonight's retention) and runs it unless
that key is done. So a missed or failed run is simply done on a later tick, a second scheduler stays idle
until the first one's lease runs out, and no APScheduler job store is shared between processes (its FAQ
warns against that): each process keeps only its own in-memory tick.

Embedded: ``embedded(app)`` starts a background scheduler with the web server (``scheduler_embedded``).
Own process: ``reclassering scheduler`` runs ``serve_forever``.

After the jobs, each tick of the active scheduler sends the notification mails that wait (``mail``), when
SMTP settings are given.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import datetime
from typing import Any

from apscheduler.schedulers.background import BackgroundScheduler
from apscheduler.schedulers.base import BaseScheduler
from apscheduler.schedulers.blocking import BlockingScheduler
from sqlalchemy import Engine

from ..casefile.types import use_day_zone, utcnow
from ..settings import Settings
from . import lease, mail, runner
from .base import JobContext
from .registry import JOBS

log = logging.getLogger(__name__)


class Ticker:
    """What one scheduler process does on each tick."""

    def __init__(self, engine: Engine, settings: Settings, *, holder: str | None = None, hooks: Any = None) -> None:
        self.engine = engine
        self.settings = settings
        use_day_zone(settings.timezone)  # the jobs' writes judge "today" as the pages do
        self.holder = holder or lease.new_holder()
        self.hooks = dict(hooks or {})
        self.active = False
        self._lock = threading.Lock()

    def tick(self, now: datetime | None = None) -> list[runner.Outcome]:
        """Renew or take the lease; when held, run every job whose due key is not done yet."""
        if not self._lock.acquire(blocking=False):  # the previous tick is still busy
            return []
        try:
            now = now or utcnow()
            try:
                held = lease.acquire(self.engine, self.holder, self.settings.scheduler_lease_seconds, now=now)
            except Exception:
                log.exception("scheduler %s could not reach the lease; trying again next tick", self.holder)
                held = False
            if held != self.active:
                log.info("scheduler %s is %s", self.holder, "active" if held else "standing by")
                self.active = held
            if not held:
                return []
            outcomes = []
            for job in JOBS.values():
                ctx = JobContext(engine=self.engine, settings=self.settings, now=now, hooks=self.hooks)
                outcome = runner.run(job, ctx, holder=self.holder)
                if outcome.status != "skipped":
                    log.info("job %s for %s: %s %s", job.name, outcome.key, outcome.status, outcome.summary)
                outcomes.append(outcome)
            self._mail(now)
            return outcomes
        finally:
            self._lock.release()

    def _mail(self, now: datetime) -> None:
        """Notification mails, when SMTP is configured: after the jobs, so a mail server never holds them up."""
        if not self.settings.smtp_host:
            return
        try:
            run = mail.send_pending(self.engine, self.settings, now)
        except Exception:
            log.exception("notification mails could not be prepared; trying again next tick")
            return
        if run.sent or run.failed:
            log.info("notification mails: %d sent, %d wait for the next tick", run.sent, run.failed)

    def stop(self) -> None:
        if self.active:
            try:
                lease.release(self.engine, self.holder)
            except Exception:
                log.exception("scheduler %s could not release the lease", self.holder)
            self.active = False


def _schedule(scheduler: BaseScheduler, ticker: Ticker) -> None:
    scheduler.add_job(
        ticker.tick,
        "interval",
        seconds=ticker.settings.scheduler_tick_seconds,
        id="tick",
        max_instances=1,
        coalesce=True,
        next_run_time=datetime.now(scheduler.timezone),
        misfire_grace_time=None,
    )


def serve_forever(engine: Engine, settings: Settings) -> None:
    """Run the scheduler in this process until interrupted (``reclassering scheduler``)."""
    ticker = Ticker(engine, settings)
    scheduler = BlockingScheduler(timezone=settings.timezone)
    _schedule(scheduler, ticker)
    log.info(
        "scheduler %s started (tick %ss, lease %ss)",
        ticker.holder,
        settings.scheduler_tick_seconds,
        settings.scheduler_lease_seconds,
    )
    try:
        scheduler.start()
    except (KeyboardInterrupt, SystemExit):
        pass
    finally:
        ticker.stop()


@contextmanager
def embedded(engine: Engine, settings: Settings, hooks: Any = None) -> Iterator[Ticker | None]:
    """The in-server scheduler for the lifetime of the web app, when ``scheduler_embedded`` is on."""
    if not settings.scheduler_embedded:
        yield None
        return
    ticker = Ticker(engine, settings, hooks=hooks)
    scheduler = BackgroundScheduler(timezone=settings.timezone, daemon=True)
    _schedule(scheduler, ticker)
    scheduler.start()
    try:
        yield ticker
    finally:
        scheduler.shutdown(wait=True)  # let a running tick finish its transaction before the engine goes
        ticker.stop()


@contextmanager
def embedded_for_app(app: Any) -> Iterator[Ticker | None]:
    """``embedded`` for a Litestar app: its engine and settings, and its chart cache to warm."""
    from .prerender import chart_cache_warmer

    settings: Settings = app.state.settings
    hooks = {"prerender_measures": chart_cache_warmer(app.state, settings.default_locale)}
    with embedded(app.state.engine, settings, hooks=hooks) as ticker:
        yield ticker
