"""Prometheus metrics of this process: request counts and latencies per route (``api.metrics`` adds them through
Litestar's Prometheus middleware) and the scheduled jobs' runs by outcome."""

from __future__ import annotations

from prometheus_client import Counter, Histogram

JOB_RUNS = Counter("reclassering_job_runs_total", "Scheduled job runs by job and outcome", ["job", "outcome"])
JOB_SECONDS = Histogram("reclassering_job_seconds", "How long a scheduled job run took", ["job"])
