"""The figures of a measure computed once per data version, not once per request.

A small thread-safe in-process LRU keyed by the database, the measure, its ``loader.data_version`` fingerprint,
what is computed and the parameters of the computation: the indicators with the series they rest on, and the
breach counts beside them. The fingerprint changes with every added, changed or deleted row the figures rest
on, so a stale entry is never served; entries of an older version of the same measure are dropped when a newer
one is stored. Several requests for the same key at once compute it once: the others wait for it.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Callable, Iterable
from datetime import date
from typing import Any, NamedTuple, TypeVar

from sqlalchemy import URL
from sqlmodel import Session

from ..casefile.breaches import BreachCounts, breach_counts
from .indicators import Progress, progress
from .loader import load_series
from .series import MeasureSeries

MAX_ENTRIES = 256
T = TypeVar("T")


class _Key(NamedTuple):
    #: The database's URL (a hashable ``sqlalchemy.URL``: rendering it as text for every key cost 2 % of a request).
    database: URL
    measure_id: int
    data_version: str
    #: What is computed ("progress", "breaches") and with which parameters.
    what: str
    parameters: tuple[Any, ...]


_entries: OrderedDict[_Key, Any] = OrderedDict()
_lock = threading.Lock()
_computing: dict[_Key, threading.Lock] = {}


def measure_progress(
    session: Session, measure_id: int, version: str, *, as_of: date, locale: str, sd: float, reliability: float
) -> tuple[MeasureSeries, Progress]:
    """The measure's series and its indicators as of ``as_of``, from the cache when ``version`` is current."""

    def compute() -> tuple[MeasureSeries, Progress]:
        series = load_series(session, measure_id, locale=locale)
        return series, progress(series, as_of=as_of, sd=sd, reliability=reliability)

    key = _key(session, measure_id, version, "progress", (as_of, locale, sd, reliability))
    return _once(key, compute)


def measure_breaches(
    session: Session, measure_id: int, version: str, *, today: date, working_days: int
) -> BreachCounts:
    """How the measure's breaches and new suspicions stand on ``today`` (``casefile.breaches.breach_counts``),
    from the cache when ``version`` is current: the setbacks, their reporting records and suspicion statuses are
    all in the data version."""
    key = _key(session, measure_id, version, "breaches", (today, working_days))
    return _once(key, lambda: breach_counts(session, measure_id, today=today, working_days=working_days))


def per_version(
    session: Session, measure_id: int, version: str, what: str, parameters: tuple[Any, ...], compute: Callable[[], T]
) -> T:
    """Any other part of a page drawn from the measure's data alone, once per data version: ``what`` names it and
    ``parameters`` (the locale, say) complete the key. ``compute`` must read nothing outside the data version
    (``loader.data_version``) and return values no request changes; ORM rows in it must be detached from the
    session (``detached``), so a rollback of the request that computed them does not expire them for the next."""
    return _once(_key(session, measure_id, version, what, parameters), compute)


def detached(session: Session, rows: Iterable[Any]) -> None:
    """Take ``rows`` out of ``session``: as loaded, shared read-only by the requests that find them here."""
    for row in rows:
        if row is not None and row in session:
            session.expunge(row)


def _key(session: Session, measure_id: int, version: str, what: str, parameters: tuple[Any, ...]) -> _Key:
    return _Key(session.get_bind().url, measure_id, version, what, parameters)


def _once(key: _Key, compute: Callable[[], T]) -> T:
    """The entry for ``key``, computed by ``compute`` only when no other request has (or is doing) it."""
    with _lock:
        found = _entries.get(key)
        if found is not None:
            _entries.move_to_end(key)
            return found  # type: ignore[no-any-return]
        key_lock = _computing.setdefault(key, threading.Lock())
    with key_lock:
        with _lock:
            found = _entries.get(key)
        if found is not None:  # computed by another request while this one waited
            return found  # type: ignore[no-any-return]
        result = compute()
        with _lock:
            for old in [k for k in _entries if k[:2] == key[:2] and k.data_version != key.data_version]:
                del _entries[old]
            _entries[key] = result
            while len(_entries) > MAX_ENTRIES:
                _entries.popitem(last=False)
            _computing.pop(key, None)
        return result


def clear() -> None:
    with _lock:
        _entries.clear()
