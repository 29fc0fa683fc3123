"""Constrained field types shared by the input Structs (validated by msgspec at every edge)."""

from __future__ import annotations

from datetime import date
from typing import Annotated

from msgspec import Meta

from .errors import Invalid
from .types import utcnow

#: A name or short label: something other than white space, at most 120 characters.
Name = Annotated[str, Meta(min_length=1, max_length=120, pattern=r"\S")]
#: A title in someone's own words.
Title = Annotated[str, Meta(min_length=1, max_length=300, pattern=r"\S")]
#: Required free text (a success, a setback, a condition).
Text = Annotated[str, Meta(min_length=1, max_length=4000, pattern=r"\S")]
#: Optional free text (note fields).
Note = Annotated[str, Meta(max_length=4000)]
ShortNote = Annotated[str, Meta(max_length=300)]
ScaleValue = Annotated[int, Meta(ge=0, le=10)]
GasLevel = Annotated[int, Meta(ge=-2, le=2)]
Id = Annotated[int, Meta(ge=1, le=2**31 - 1)]
IsoWeek = Annotated[str, Meta(pattern=r"^\d{4}-W\d{2}$", examples=["2026-W47"])]
BirthYear = Annotated[int, Meta(ge=1990, le=2100)]


def today() -> date:
    return utcnow().date()


def not_in_future(day: date, what: str) -> None:
    if day > today():
        raise Invalid(f"{what} ({day.isoformat()}) lies in the future")


def clean(text: str) -> str:
    return text.strip()
