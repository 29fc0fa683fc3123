"""The indicators of a measure computed once per data version, not once per request.

A small thread-safe in-process LRU of (series, progress figures), keyed by the database, the measure, its
``loader.data_version`` fingerprint and the parameters of the computation. The fingerprint changes with every
added, changed or deleted row the figures rest on, so a stale entry is never served; entries of an older
version of the same measure are dropped when a newer one is stored. Several requests for the same key at once
compute it once: the others wait for it.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from datetime import date
from typing import NamedTuple

from sqlmodel import Session

from .indicators import Progress, progress
from .loader import load_series
from .series import MeasureSeries

MAX_ENTRIES = 256


class _Key(NamedTuple):
    database: str
    measure_id: int
    data_version: str
    as_of: date
    locale: str
    sd: float
    reliability: float


_entries: OrderedDict[_Key, tuple[MeasureSeries, Progress]] = OrderedDict()
_lock = threading.Lock()
_computing: dict[_Key, threading.Lock] = {}


def measure_progress(
    session: Session, measure_id: int, version: str, *, as_of: date, locale: str, sd: float, reliability: float
) -> tuple[MeasureSeries, Progress]:
    """The measure's series and its indicators as of ``as_of``, from the cache when ``version`` is current."""
    key = _Key(str(session.get_bind().url), measure_id, version, as_of, locale, sd, reliability)
    with _lock:
        found = _entries.get(key)
        if found is not None:
            _entries.move_to_end(key)
            return found
        key_lock = _computing.setdefault(key, threading.Lock())
    with key_lock:
        with _lock:
            found = _entries.get(key)
        if found is not None:  # computed by another request while this one waited
            return found
        series = load_series(session, measure_id, locale=locale)
        result = (series, progress(series, as_of=as_of, sd=sd, reliability=reliability))
        with _lock:
            for old in [k for k in _entries if k[:2] == key[:2] and k.data_version != version]:
                del _entries[old]
            _entries[key] = result
            while len(_entries) > MAX_ENTRIES:
                _entries.popitem(last=False)
            _computing.pop(key, None)
        return result


def clear() -> None:
    with _lock:
        _entries.clear()
