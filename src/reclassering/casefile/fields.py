"""Constrained field types shared by the input Structs (validated by msgspec at every edge)."""

from __future__ import annotations

from datetime import date
from typing import Annotated

from msgspec import Meta

from .errors import Invalid
from .types import Day as Day  # the shared date type lives with the column types; re-exported here
from .types import today as today  # the service's day, in its time zone; re-exported here
from .weeks import WEEK_PATTERN

#: Text without control characters: tab, newline and carriage return are the only ones allowed (no NUL).
PLAIN_TEXT = r"^[^\x00-\x08\x0b\x0c\x0e-\x1f\x7f]*$"
#: The same, with at least one character that is not white space. Written without a lookahead, so that test
#: generators (hypothesis, schemathesis) can draw from it quickly; it matches exactly the same strings.
SOME_TEXT = r"^[^\x00-\x08\x0b\x0c\x0e-\x1f\x7f]*[^\x00-\x08\x0b\x0c\x0e-\x1f\x7f\s][^\x00-\x08\x0b\x0c\x0e-\x1f\x7f]*$"
#: An e-mail address, or empty for none: one @ and a dot after it, no spaces or control characters.
EMAIL = r"^$|^[^@\s\x00-\x1f\x7f]+@[^@\s\x00-\x1f\x7f]+\.[^@\s\x00-\x1f\x7f]+$"
#: What a person reads when a text breaks one of these patterns (msgspec only names the pattern).
PATTERN_MESSAGES = {
    PLAIN_TEXT: "may not contain control characters such as NUL (only tab and newline)",
    SOME_TEXT: "must hold some text, without control characters such as NUL (only tab and newline)",
    EMAIL: "is not an e-mail address; write it as name@example.nl, or leave it empty for none",
}

#: A name or short label: something other than white space, at most 120 characters.
Name = Annotated[str, Meta(min_length=1, max_length=120, pattern=SOME_TEXT)]
#: A title in someone's own words.
Title = Annotated[str, Meta(min_length=1, max_length=300, pattern=SOME_TEXT)]
#: Required free text (a success, a setback, a condition).
Text = Annotated[str, Meta(min_length=1, max_length=4000, pattern=SOME_TEXT)]
#: Optional free text (note fields).
Note = Annotated[str, Meta(max_length=4000, pattern=PLAIN_TEXT)]
ShortNote = Annotated[str, Meta(max_length=300, pattern=PLAIN_TEXT)]
#: How to reach a network member (a phone number, an address, a note): as long as its column.
Contact = Annotated[str, Meta(max_length=200, pattern=PLAIN_TEXT)]
#: A condition of a measure as the court or the OM worded it: as long as its column.
ConditionText = Annotated[str, Meta(min_length=1, max_length=500, pattern=SOME_TEXT)]
#: Why something is withdrawn: required, in a sentence or two.
Reason = Annotated[str, Meta(min_length=1, max_length=1000, pattern=SOME_TEXT)]
ScaleValue = Annotated[int, Meta(ge=0, le=10)]
GasLevel = Annotated[int, Meta(ge=-2, le=2)]
Id = Annotated[int, Meta(ge=1, le=2**31 - 1)]
IsoWeek = Annotated[str, Meta(pattern=WEEK_PATTERN, examples=["2026-W47"])]
BirthYear = Annotated[int, Meta(ge=1990, le=2100)]
Email = Annotated[str, Meta(max_length=254, pattern=EMAIL)]


def not_in_future(day: date, what: str) -> None:
    if day > today():
        raise Invalid(f"{what} ({day.isoformat()}) lies in the future")


def clean(text: str) -> str:
    return text.strip()
