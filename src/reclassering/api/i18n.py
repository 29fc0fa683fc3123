"""Dutch and English for the pages: gettext catalogs (Babel), compiled from the .po files at start-up.

Message ids are English; ``locale/nl/LC_MESSAGES/messages.po`` holds the Dutch. The language of a page is
the one the visitor chose (``?lang=``, remembered in a cookie), else the user's own, else the default.
"""

from __future__ import annotations

from datetime import date, timedelta
from functools import cache
from importlib import resources
from io import BytesIO

from babel.dates import format_date
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po
from babel.support import NullTranslations, Translations
from litestar.connection import ASGIConnection

from ..casefile.weeks import parse_week

LOCALES = ("nl", "en")
LANG_COOKIE = "reclassering_lang"


@cache
def translations(locale: str) -> NullTranslations:
    if locale == "en":
        return NullTranslations()
    source = resources.files("reclassering") / "locale" / locale / "LC_MESSAGES" / "messages.po"
    with source.open("rb") as handle:
        catalog = read_po(handle, locale=locale)
    compiled = BytesIO()
    write_mo(compiled, catalog)
    compiled.seek(0)
    return Translations(compiled)


def choose_locale(connection: ASGIConnection, default: str) -> str:
    wanted = connection.query_params.get("lang") or connection.cookies.get(LANG_COOKIE)
    if wanted in LOCALES:
        return wanted  # type: ignore[return-value]
    user = connection.scope.get("user")
    if user is not None and user.locale in LOCALES:
        return user.locale
    return default if default in LOCALES else "nl"


def short_date(day: date, locale: str) -> str:
    return format_date(day, format="d MMM", locale=locale)


def long_date(day: date, locale: str) -> str:
    return format_date(day, format="long", locale=locale)


def week_label(week: str, locale: str) -> str:
    """An ISO week as people say it: "week 47 (17-23 nov)"; across months "week 49 (30 nov-6 dec)"."""
    monday = parse_week(week)
    sunday = monday + timedelta(days=6)
    number = monday.isocalendar().week
    if monday.month == sunday.month:
        days = f"{monday.day}-{sunday.day} {format_date(sunday, format='MMM', locale=locale)}"
    else:
        days = f"{short_date(monday, locale)}-{short_date(sunday, locale)}"
    return f"{translations(locale).gettext('week')} {number} ({days})"
