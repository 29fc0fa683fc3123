"""Page forms: reading what a person typed, and refusing it field by field in their own language.

A refused form is the same page again (as HTML), with a message next to each field it concerns and
everything typed still in place. Messages are English message ids, translated when the page is rendered;
fields are named by the id of their element in the page, so the message can sit next to it and a screen
reader can tie the two together (``aria-describedby``).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from datetime import date
from typing import Any

from markupsafe import Markup, escape

from ..casefile.fields import today
from ..casefile.types import FIRST_DAY, LAST_DAY

#: A message id and its values, e.g. ``("Use at most %(max)s characters.", {"max": 4000})``.
Message = tuple[str, dict[str, Any]]
#: Where a message about the form as a whole goes (no single field).
WHOLE_FORM = ""

MAX_NOTE = 4000
SCALE = (0, 10)


class Refused(Exception):
    """A form that cannot be saved as typed: a message per element id."""

    def __init__(self, errors: Mapping[str, Message]) -> None:
        super().__init__(", ".join(f"{field or 'form'}: {text % values}" for field, (text, values) in errors.items()))
        self.errors = dict(errors)


def refuse(field: str, text: str, **values: Any) -> Refused:
    return Refused({field: (text, values)})


class Checker:
    """Collects the problems of one form, so that every field is told at once, not one per attempt."""

    def __init__(self) -> None:
        self.errors: dict[str, Message] = {}

    def add(self, field: str, text: str, **values: Any) -> None:
        self.errors.setdefault(field, (text, values))

    def text(self, field: str, value: str, *, required: bool, max_length: int = MAX_NOTE, empty: str = "") -> str:
        """A free text: required ones need a visible character; none may be longer than ``max_length``."""
        if required and not value.strip():
            self.add(field, empty or "Fill this in.")
        elif _CONTROL.search(value):
            self.add(field, "Remove the invisible control characters (such as NUL) from this text.")
        elif len(value) > max_length:
            self.add(field, "Use at most %(max)s characters (now %(count)s).", max=max_length, count=len(value))
        return value

    def score(self, field: str, value: str, *, required: bool) -> int | None:
        """A whole number on the 0-10 scale; an empty optional field is None."""
        value = value.strip()
        if not value:
            if required:
                self.add(field, "Fill in a number from 0 to 10.")
            return None
        if not value.isdigit() or not SCALE[0] <= int(value) <= SCALE[1]:
            self.add(field, "Fill in a whole number from 0 to 10.")
            return None
        return int(value)

    def day(self, field: str, value: str, *, required: bool, past: bool = True) -> date | None:
        """A date as a date field sends it (``YYYY-MM-DD``); with ``past``, not after today."""
        value = value.strip()
        if not value:
            if required:
                self.add(field, "Fill in a date.")
            return None
        day = _parse_day(value)
        if day is None:
            self.add(field, "Fill in a date as day-month-year, for example %(example)s.", example="17-11-2026")
            return None
        if not FIRST_DAY <= day <= LAST_DAY:
            self.add(field, "Check the year of this date.")
            return None
        if past and day > today():
            self.add(field, "This date lies in the future.")
            return None
        return day

    def choice(self, field: str, value: str, allowed: Iterable[str], *, required: bool) -> str | None:
        """One of the options the form offers; an empty optional choice is None."""
        value = value.strip()
        if not value:
            if required:
                self.add(field, "Choose one of the options.")
            return None
        if value not in set(allowed):
            self.add(field, "Choose one of the options.")
            return None
        return value

    def done(self) -> None:
        if self.errors:
            raise Refused(self.errors)


#: Control characters other than tab, newline and carriage return: no stored text may hold them.
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
_DUTCH_DAY = re.compile(r"([0-9]{1,2})[-/.]([0-9]{1,2})[-/.]([0-9]{4})", re.ASCII)


def _parse_day(value: str) -> date | None:
    """``YYYY-MM-DD`` (what a date field sends) or ``D-M-YYYY`` (what a person types where there is none)."""
    try:
        return date.fromisoformat(value)
    except ValueError:
        pass
    match = _DUTCH_DAY.fullmatch(value)
    if match is None:
        return None
    try:
        return date(int(match.group(3)), int(match.group(2)), int(match.group(1)))
    except ValueError:
        return None


def field_helpers(errors: Mapping[str, str]) -> dict[str, Any]:
    """Template helpers: ``invalid(id, hint)`` gives an input its ARIA attributes, ``field_error(id)`` the
    message to place right after it. ``errors`` holds the translated messages by element id."""

    def invalid(field: str, hint: str | None = None, also: str | None = None) -> Markup:
        """``aria-describedby`` (the hint, then the field's message, then ``also``: a message about a group
        of fields) and ``aria-invalid`` when a message concerns the field."""
        messages = [f"error-{name}" for name in (field, also) if name and name in errors]
        ids = " ".join(x for x in (hint, *messages) if x)
        parts = [f'aria-describedby="{escape(ids)}"'] if ids else []
        if messages:
            parts.append('aria-invalid="true"')
        return Markup(" ".join(parts))

    def field_error(field: str) -> Markup:
        if field not in errors:
            return Markup("")
        return Markup('<p class="field-error" id="error-{}">{}</p>').format(field, errors[field])

    return {"invalid": invalid, "field_error": field_error}


# --- the framework's validation messages in words ---------------------------------------------------------------

#: msgspec's and Litestar's validation messages (English, for programmers) and what they ask of a person, as a
#: message id for the catalogue. The first that matches says it; anything else is said as ``NOT_VALID``.
NOT_VALID = "This value is not valid here."
_VALIDATION: list[tuple[re.Pattern[str], str]] = [
    (re.compile(r"^Expected `int`, got"), "Fill in a whole number."),
    (re.compile(r"^Expected `(?:int|float)` >= (?P<min>-?[0-9.]+)"), "Use a number of at least %(min)s."),
    (re.compile(r"^Expected `(?:int|float)` > (?P<min>-?[0-9.]+)"), "Use a number greater than %(min)s."),
    (re.compile(r"^Expected `(?:int|float)` <= (?P<max>-?[0-9.]+)"), "Use a number of at most %(max)s."),
    (re.compile(r"^Expected `(?:int|float)` < (?P<max>-?[0-9.]+)"), "Use a number smaller than %(max)s."),
    (re.compile(r"^Expected `float`, got"), "Fill in a number."),
    (re.compile(r"^Expected `str` of length <= (?P<max>[0-9]+)"), "Use at most %(max)s characters."),
    (re.compile(r"^Expected `str` of length >= 1\b"), "Fill this in."),
    (re.compile(r"^Expected `str` of length >= (?P<min>[0-9]+)"), "Use at least %(min)s characters."),
    (re.compile(r"^Expected `str` matching regex"), "This text holds characters that are not allowed here."),
    (re.compile(r"^Expected `(?:array|list)` of length <= (?P<max>[0-9]+)"), "Choose at most %(max)s."),
    (re.compile(r"^Expected `(?:array|list)` of length >= (?P<min>[0-9]+)"), "Choose at least %(min)s."),
    (re.compile(r"^Invalid enum value"), "Choose one of the options."),
    (re.compile(r"^Invalid RFC3339 encoded date"), "Fill in a date as day-month-year, for example %(example)s."),
    (re.compile(r"^Invalid RFC3339 encoded datetime"), "Fill in a date and time."),
    (re.compile(r"^Expected `bool`"), "Choose yes or no."),
    (re.compile(r"^Expected `str`, got"), "Fill in a text."),
    (re.compile(r"^(?:Object missing required field|Missing required)"), "Fill this in."),
    (re.compile(r"^Object contains unknown field"), "The form holds a field it does not know; reload the page."),
]


def in_words(message: str) -> Message:
    """A framework validation message as a message id for a person (``"Expected `int` <= 10"`` becomes
    ``("Use a number of at most %(max)s.", {"max": "10"})``)."""
    for pattern, words in _VALIDATION:
        match = pattern.search(message)
        if match is not None:
            values: dict[str, Any] = dict(match.groupdict())
            if "%(example)s" in words:
                values["example"] = "17-11-2026"
            return words, values
    return NOT_VALID, {}
