"""Rendering a page: the template in the visitor's language with the helpers every template uses, and the
small pieces every page form shares (the form body type, refusals of the case file, ids from form fields)."""

from __future__ import annotations

import logging
from collections.abc import Mapping
from datetime import date, datetime
from typing import Annotated, Any
from urllib.parse import urlencode

from babel.numbers import format_decimal
from litestar import MediaType, Request
from litestar.datastructures import Cookie
from litestar.enums import RequestEncodingType
from litestar.params import Body
from litestar.response import Template

from ..casefile.types import day_of
from ..settings import Settings
from .forms import WHOLE_FORM, Message, Refused, field_helpers
from .i18n import LANG_COOKIE, LOCALES, choose_locale, long_date, short_date, translations, week_label
from .labels import choices, label
from .navigation import unread_notifications

log = logging.getLogger(__name__)

#: A submitted HTML form: field name -> value.
Form = Annotated[dict[str, str], Body(media_type=RequestEncodingType.URL_ENCODED)]

#: Said when a form fails on something the page itself cannot point at (a changed hidden field, a rule of
#: the case file); the details go to the log.
NOT_SAVED = "This could not be saved. Reload the page and try again."
#: The neutral word after a save: no praise for every score.
SAVED = "Saved"


def page_locale(request: Request, default: str | None = None) -> str:
    """The visitor's language: the one they chose, else their account's, else ``default`` or the setting's."""
    settings: Settings = request.app.state.settings
    return choose_locale(request, default or settings.default_locale)


def render(
    request: Request,
    template: str,
    title: str,
    status_code: int = 200,
    *,
    errors: Mapping[str, Message] | None = None,
    typed: Mapping[str, str] | None = None,
    here: str | None = None,
    default_locale: str | None = None,
    **context: Any,
) -> Template:
    """A page in the visitor's language, with the helpers every template uses.

    ``errors`` (by element id) and ``typed`` (what was typed, by element id) make a refused form: the
    messages sit next to their fields and the fields keep their text. ``here`` is the page's own address
    when the request went elsewhere (a form's action), for the language link. ``default_locale`` is the
    language when the visitor chose none (e.g. the one a network link was made in)."""
    locale = page_locale(request, default_locale)
    gettext = translations(locale).gettext

    def _(message: str, **values: Any) -> str:
        text = gettext(message)
        return text % values if values else text

    def ngettext(singular: str, plural: str, n: int, **values: Any) -> str:
        return translations(locale).ngettext(singular, plural, n) % {"n": n, **values}

    shown = {field: _(text, **values) for field, (text, values) in (errors or {}).items()}
    refused = typed is not None

    def typed_or(field: str, default: Any = "") -> Any:
        """What was typed in ``field`` when the form came back refused, else ``default``."""
        return (typed or {}).get(field, "") if refused else default

    cookies = []
    if request.query_params.get("lang") in LOCALES:
        cookies.append(Cookie(key=LANG_COOKIE, value=locale, max_age=365 * 86400, samesite="lax", path="/"))
    return Template(
        template_name=template,
        context={
            "_": _,
            "ngettext": ngettext,
            "number": lambda value: format_decimal(value, format="#,##0.#", locale=locale),
            "locale": locale,
            "me": request.scope.get("user"),
            "title": _(title),
            "errors": shown,
            "typed_or": typed_or,
            "refused": refused,
            "other_language": _language_link(request, here, "en" if locale == "nl" else "nl"),
            "unread": unread_notifications(request),
            "label": lambda vocabulary, code: label(vocabulary, code, locale),
            "vocabulary": lambda name: choices(name, locale),
            "week_label": lambda week: week_label(week, locale),
            "short_date": lambda day: short_date(_day(day), locale) if isinstance(day, date) else "–",
            "long_date": lambda day: long_date(_day(day), locale) if isinstance(day, date) else "–",
            **field_helpers(shown),
            **context,
        },
        status_code=status_code,
        media_type=MediaType.HTML,
        cookies=cookies,
    )


def _day(value: date) -> date:
    """A date as given; a stored moment as the service's day it fell on (its time zone's, not UTC's)."""
    return day_of(value) if isinstance(value, datetime) else value


def _language_link(request: Request, here: str | None, locale: str) -> str:
    """This page in the other language, keeping its query (a refused form links to the page it came from)."""
    if here is not None:
        return f"{here}?{urlencode({'lang': locale})}"
    query = [(k, v) for k, v in request.query_params.multi_items() if k not in ("lang", "saved")]
    return f"{request.url.path}?{urlencode([*query, ('lang', locale)])}"


def saved_notice(request: Request) -> str | None:
    """ "Saved" in the page's language after a form came back with ``?saved=…``."""
    if not request.query_params.get("saved"):
        return None
    return translations(page_locale(request)).gettext(SAVED)


def not_saved(exc: Exception) -> Refused:
    """A refusal from the case file (or a form field the page never offers): said plainly, logged in full."""
    log.info("page form refused: %s", exc)
    return Refused({WHOLE_FORM: (NOT_SAVED, {})})


def form_id(value: str | None) -> int | None:
    """A record id from a form field, or None when it is no id at all."""
    value = (value or "").strip()
    return int(value) if value.isdigit() and 1 <= int(value) <= 2**31 - 1 else None
