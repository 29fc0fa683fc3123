"""The figures of a measure computed once per data version, not once per request.

A small thread-safe in-process LRU of measures, keyed by the database and the measure: per measure the
``loader.data_version`` fingerprint its parts were computed on and the parts, each named by what is computed
and its parameters (the indicators with the series they rest on, the breach counts, the progress answer as
sent, the youth's page). The fingerprint changes with every added, changed or deleted row the parts rest on,
so a stale part is never served: a newer version drops the measure's older parts. The bound counts measures,
not parts, so a measure asked for all its parts keeps them together (a bound on parts let a team's 96 measures
of three parts each evict one another on every request). Several requests for the same part at once compute
it once: the others wait for it.
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

#: Measures kept, each with its parts of one data version.
MAX_MEASURES = 256
T = TypeVar("T")


class _Key(NamedTuple):
    #: The database's URL (a hashable ``sqlalchemy.URL``: rendering it as text for every key cost 2 % of a request).
    database: URL
    measure_id: int
    data_version: str
    #: What is computed ("progress", "breaches", …) and with which parameters.
    what: str
    parameters: tuple[Any, ...]

    @property
    def measure(self) -> tuple[URL, int]:
        return self.database, self.measure_id

    @property
    def part(self) -> tuple[str, tuple[Any, ...]]:
        return self.what, self.parameters


class _Measure(NamedTuple):
    data_version: str
    parts: dict[tuple[str, tuple[Any, ...]], Any]


_entries: OrderedDict[tuple[URL, int], _Measure] = OrderedDict()
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
    """The part for ``key``, computed by ``compute`` only when no other request has (or is doing) it."""
    with _lock:
        found = _found(key)
        if found is not None:
            return found  # type: ignore[no-any-return]
        key_lock = _computing.setdefault(key, threading.Lock())
    with key_lock:
        with _lock:
            found = _found(key)
        if found is not None:  # computed by another request while this one waited
            return found  # type: ignore[no-any-return]
        result = compute()
        with _lock:
            entry = _entries.get(key.measure)
            if entry is None or entry.data_version != key.data_version:
                entry = _entries[key.measure] = _Measure(key.data_version, {})
            entry.parts[key.part] = result
            _entries.move_to_end(key.measure)
            while len(_entries) > MAX_MEASURES:
                _entries.popitem(last=False)
            _computing.pop(key, None)
        return result


def _found(key: _Key) -> Any:
    """The part for ``key`` if the measure's entry is of its data version (call with ``_lock`` held)."""
    entry = _entries.get(key.measure)
    if entry is None or entry.data_version != key.data_version:
        return None
    _entries.move_to_end(key.measure)
    return entry.parts.get(key.part)


def clear() -> None:
    with _lock:
        _entries.clear()
