"""Scheduled work (APScheduler 3.x): the weekly round, the daily attention list and nightly retention.

One scheduler process is active at a time, chosen by a lease row in the database (``lease``); every job is
keyed by its week or day and runs at most once per key (``runner``), so a repeated run changes nothing.
"""
