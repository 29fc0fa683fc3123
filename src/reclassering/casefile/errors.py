"""Domain errors. The API maps them to HTTP answers; the CLI prints them."""

from __future__ import annotations


class DomainError(Exception):
    """Base class: ``message`` is written for a person, not a programmer."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


class NotFound(DomainError):
    """The record does not exist, or not for this user (the two are deliberately indistinguishable)."""


class Invalid(DomainError):
    """The input is well-formed but breaks a domain rule (end before start, a goal of another measure…)."""


class Forbidden(DomainError):
    """The user is known and may reach the record, but not do this to it."""


class Conflict(DomainError):
    """The change clashes with what is stored (a username taken…)."""
