"""Dutch and English for the pages: gettext catalogs (Babel), compiled from the .po files at start-up.

Message ids are English; ``locale/nl/LC_MESSAGES/messages.po`` holds the Dutch. The language of a page is
the one the visitor chose (``?lang=``, remembered in a cookie), else the user's own, else the default.
"""

from __future__ import annotations

from datetime import date, datetime, timedelta
from functools import lru_cache
from zoneinfo import ZoneInfo

from babel.dates import format_date, format_datetime
from babel.support import NullTranslations
from litestar.connection import ASGIConnection

from ..casefile.weeks import parse_week
from ..catalogue import translations as catalogue_translations

LOCALES = ("nl", "en")
LANG_COOKIE = "reclassering_lang"


def translations(locale: str) -> NullTranslations:
    return catalogue_translations(locale, "messages")


def choose_locale(connection: ASGIConnection, default: str) -> str:
    wanted = connection.query_params.get("lang") or connection.cookies.get(LANG_COOKIE)
    if wanted in LOCALES:
        return wanted  # type: ignore[return-value]
    user = connection.scope.get("user")
    if user is not None and user.locale in LOCALES:
        return user.locale
    return default if default in LOCALES else "nl"


@lru_cache(maxsize=8192)  # Babel's formatting costs more than the page's other work per date
def date_as(day: date, pattern: str, locale: str) -> str:
    """``day`` in a Babel pattern ("d MMMM y", "long"), formatted once per value."""
    return format_date(day, format=pattern, locale=locale)


def short_date(day: date, locale: str) -> str:
    return date_as(day, "d MMM", locale)


def long_date(day: date, locale: str) -> str:
    return date_as(day, "long", locale)


def moment(when: datetime, locale: str, zone: str) -> str:
    """A moment in local time, e.g. "10 nov 2026 08:30"."""
    return format_datetime(when, format="d MMM y HH:mm", tzinfo=ZoneInfo(zone), locale=locale)


@lru_cache(maxsize=8192)
def week_label(week: str, locale: str) -> str:
    """An ISO week as people say it: "week 47 (17-23 nov)"; across months "week 49 (30 nov-6 dec)"."""
    monday = parse_week(week)
    sunday = monday + timedelta(days=6)
    number = monday.isocalendar().week
    if monday.month == sunday.month:
        days = f"{monday.day}-{sunday.day} {date_as(sunday, 'MMM', locale)}"
    else:
        days = f"{short_date(monday, locale)}-{short_date(sunday, locale)}"
    return f"{translations(locale).gettext('week')} {number} ({days})"
