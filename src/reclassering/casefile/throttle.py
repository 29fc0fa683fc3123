"""Login throttling, counted in the database so that every server process agrees.

An attempt is *reserved* (a failed attempt row, committed in a transaction of its own) before the password is
checked, and only then are the recent failures counted. Two parallel guesses therefore always see at least one
another's reservation, so no burst of parallel guesses gets more checked than the limit allows. A reservation
that turns out to be over the limit is removed again (it was not checked); one whose password was right is
marked a success.

Three limits apply:

- per username *and* client address (the pair): a few failures, then that pair waits. Someone guessing from
  another address never slows the real user down;
- per username over all addresses, and per address over all usernames: slower ceilings that keep guessing
  from many addresses (or spraying one password over many usernames) bounded. A pair that logged in
  successfully recently is exempt from these two, so an attacker cannot use them to lock the real user out.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from msgspec import Struct
from sqlalchemy import Engine, delete, func, update
from sqlmodel import Session, col, select

from .db import unit_of_work
from .models import LoginAttempt
from .types import utcnow


class LoginThrottled(Exception):
    """Too many failed logins; ``retry_after`` is in seconds."""

    def __init__(self, retry_after: int) -> None:
        super().__init__(f"too many failed logins; try again in {retry_after} seconds")
        self.retry_after = retry_after


class Limits(Struct, frozen=True, kw_only=True):
    pair_max: int = 5
    pair_window: timedelta = timedelta(minutes=15)
    account_max: int = 30
    address_max: int = 30
    ceiling_window: timedelta = timedelta(hours=1)
    known_for: timedelta = timedelta(days=30)


def _normal(username: str, client: str) -> tuple[str, str]:
    return username.strip().lower()[:64], client[:64]


def reserve(engine: Engine, username: str, client: str, limits: Limits) -> int:
    """Reserve one attempt for ``username`` from ``client`` and return its id, or raise ``LoginThrottled``."""
    username, client = _normal(username, client)
    with unit_of_work(engine) as session:
        attempt = LoginAttempt(username=username, client=client, succeeded=False)
        session.add(attempt)
        session.flush()
        attempt_id: int = attempt.id  # type: ignore[assignment]
    # committed: every attempt that counts from now on sees this one
    with unit_of_work(engine) as session:
        retry = _retry_after(session, username, client, limits)
        if retry is not None:
            session.execute(delete(LoginAttempt).where(col(LoginAttempt.id) == attempt_id))
    if retry is not None:
        raise LoginThrottled(retry)
    return attempt_id


def succeeded(engine: Engine, attempt_id: int) -> None:
    """Mark a reserved attempt as a successful login (it no longer counts as a failure)."""
    with unit_of_work(engine) as session:
        session.execute(update(LoginAttempt).where(col(LoginAttempt.id) == attempt_id).values(succeeded=True))


def _retry_after(session: Session, username: str, client: str, limits: Limits) -> int | None:
    """Seconds to wait when a limit is exceeded (counting the reservation just made), else None."""
    now = utcnow()
    by_user, by_client = LoginAttempt.username == username, LoginAttempt.client == client
    pair = ((by_user, by_client), limits.pair_max, limits.pair_window)
    checks: list[tuple[tuple[object, ...], int, timedelta]] = [pair]
    known = session.exec(
        select(LoginAttempt.id)
        .where(by_user, by_client, col(LoginAttempt.succeeded).is_(True), LoginAttempt.at >= now - limits.known_for)
        .limit(1)
    ).first()
    if known is None:
        checks.append(((by_user,), limits.account_max, limits.ceiling_window))
        checks.append(((by_client,), limits.address_max, limits.ceiling_window))
    for where, maximum, window in checks:
        count, oldest = session.exec(
            select(func.count(), func.min(LoginAttempt.at)).where(
                *where,  # type: ignore[arg-type]
                LoginAttempt.at >= now - window,
                col(LoginAttempt.succeeded).is_(False),
            )
        ).one()
        if count > maximum:  # the reservation itself is among them
            return _seconds_until(oldest, window, now)
    return None


def _seconds_until(oldest: datetime | None, window: timedelta, now: datetime) -> int:
    if oldest is None:
        return 1
    return max(int((oldest + window - now).total_seconds()) + 1, 1)
