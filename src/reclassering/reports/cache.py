"""A small thread-safe in-process LRU of rendered charts.

Keys name the measure, the fingerprint of its data (``loader.data_version``), the chart, the format and the
locale, so a change to the data makes new keys and old renders are never served for new data; entries of an
older data version of the same measure are dropped as soon as a newer one is stored. The cache is bounded by
the number of entries and by their total size. A chart that several requests ask for at once is rendered once:
the others wait for it.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Callable
from typing import NamedTuple

from .charts import Chart

DEFAULT_ENTRIES = 512
DEFAULT_BYTES = 64 * 1024 * 1024


class ChartKey(NamedTuple):
    measure_id: int
    data_version: str
    chart: str
    fmt: str
    locale: str


class CacheStats(NamedTuple):
    entries: int
    size: int
    hits: int
    misses: int


class ChartCache:
    def __init__(self, max_entries: int = DEFAULT_ENTRIES, max_bytes: int = DEFAULT_BYTES) -> None:
        if max_entries < 1 or max_bytes < 1:
            raise ValueError("a cache holds at least one entry and one byte")
        self.max_entries = max_entries
        self.max_bytes = max_bytes
        self._entries: OrderedDict[ChartKey, Chart] = OrderedDict()
        self._size = 0
        self._hits = 0
        self._misses = 0
        self._lock = threading.Lock()
        self._rendering: dict[ChartKey, threading.Lock] = {}

    def get(self, key: ChartKey) -> Chart | None:
        with self._lock:
            chart = self._entries.get(key)
            if chart is None:
                self._misses += 1
                return None
            self._entries.move_to_end(key)
            self._hits += 1
            return chart

    def hit(self, key: ChartKey) -> Chart | None:
        """The cached chart, counted as a hit; None (not counted) when absent, for a caller that goes on to
        ``get_or_render``, which counts the miss."""
        with self._lock:
            chart = self._entries.get(key)
            if chart is not None:
                self._entries.move_to_end(key)
                self._hits += 1
            return chart

    def put(self, key: ChartKey, chart: Chart) -> None:
        """Store ``chart``; drops older data versions of the same measure, then the least recently used."""
        with self._lock:
            stale = [k for k in self._entries if k.measure_id == key.measure_id and k.data_version != key.data_version]
            for old in stale:
                self._drop(old)
            if key in self._entries:
                self._drop(key)
            if len(chart.data) > self.max_bytes:
                return
            self._entries[key] = chart
            self._size += len(chart.data)
            while len(self._entries) > self.max_entries or self._size > self.max_bytes:
                self._drop(next(iter(self._entries)))

    def get_or_render(self, key: ChartKey, render: Callable[[], Chart]) -> tuple[Chart, bool]:
        """The cached chart, or ``render()``'s, stored; and whether it came from the cache."""
        chart = self.get(key)
        if chart is not None:
            return chart, True
        with self._lock:
            key_lock = self._rendering.setdefault(key, threading.Lock())
        with key_lock:
            try:
                with self._lock:
                    chart = self._entries.get(key)
                if chart is not None:  # another request rendered it while this one waited
                    return chart, True
                chart = render()
                self.put(key, chart)
                return chart, False
            finally:
                with self._lock:
                    self._rendering.pop(key, None)

    def clear(self) -> None:
        with self._lock:
            self._entries.clear()
            self._size = 0

    def stats(self) -> CacheStats:
        with self._lock:
            return CacheStats(entries=len(self._entries), size=self._size, hits=self._hits, misses=self._misses)

    def _drop(self, key: ChartKey) -> None:
        chart = self._entries.pop(key)
        self._size -= len(chart.data)
