"""The Babel catalogues of every user-facing text: English message ids, Dutch in ``locale/nl/LC_MESSAGES``.

One catalogue per domain: ``messages`` for the pages, ``reports`` for the report, the summary and the charts.
The ``.po`` files are compiled in memory on first use; English needs no catalogue (the ids are English).
"""

from __future__ import annotations

from functools import cache
from importlib import resources
from io import BytesIO

from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po
from babel.support import NullTranslations, Translations


@cache
def translations(locale: str, domain: str = "messages") -> NullTranslations:
    if locale == "en":
        return NullTranslations()
    source = resources.files("reclassering") / "locale" / locale / "LC_MESSAGES" / f"{domain}.po"
    with source.open("rb") as handle:
        catalog = read_po(handle, locale=locale)
    compiled = BytesIO()
    write_mo(compiled, catalog)
    compiled.seek(0)
    return Translations(compiled)
