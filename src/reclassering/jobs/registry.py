"""The jobs by name, in the order an operator reads them."""

from __future__ import annotations

from .base import Job
from .daily_attention import DailyAttention
from .retention import Retention
from .weekly_round import WeeklyRound

JOBS: dict[str, Job] = {job.name: job for job in (WeeklyRound(), DailyAttention(), Retention())}
