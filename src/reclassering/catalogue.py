"""The Babel catalogues of every user-facing text: English message ids, Dutch in ``locale/nl/LC_MESSAGES``.

One catalogue per domain: ``messages`` for the pages, ``reports`` for the report, the summary and the charts.
The ``.po`` files are compiled in memory on first use; English needs no catalogue (the ids are English).
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
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


LOCALES = ("nl", "en")


class Translated(Mapping[str, str]):
    """A table of English message ids, read in one language through a catalogue domain: ``table[key]``."""

    def __init__(self, english: Mapping[str, str], locale: str, domain: str) -> None:
        self.english, self.locale, self.domain = english, locale, domain

    def __getitem__(self, key: str) -> str:
        return translations(self.locale, self.domain).gettext(self.english[key])

    def __iter__(self) -> Iterator[str]:
        return iter(self.english)

    def __len__(self) -> int:
        return len(self.english)


class TranslatedNouns(Mapping[str, tuple[str, str]]):
    """Singular and plural of English nouns, read in one language: ``nouns[key] == (singular, plural)``."""

    def __init__(self, english: Mapping[str, tuple[str, str]], locale: str, domain: str) -> None:
        self.english, self.locale, self.domain = english, locale, domain

    def __getitem__(self, key: str) -> tuple[str, str]:
        singular, plural = self.english[key]
        words = translations(self.locale, self.domain)
        return words.ngettext(singular, plural, 1), words.ngettext(singular, plural, 2)

    def __iter__(self) -> Iterator[str]:
        return iter(self.english)

    def __len__(self) -> int:
        return len(self.english)


def per_locale(english: Mapping[str, str], domain: str) -> dict[str, Translated]:
    """``{"nl": …, "en": …}`` over one table of English message ids."""
    return {locale: Translated(english, locale, domain) for locale in LOCALES}


class ByLocale(Mapping[str, Mapping[str, str]]):
    """Labels of codes as English message ids, read per code and language: ``labels[code][locale]``."""

    def __init__(self, english: Mapping[str, str], domain: str) -> None:
        self.english, self.domain = english, domain

    def __getitem__(self, code: str) -> Mapping[str, str]:
        message = self.english[code]
        return {locale: translations(locale, self.domain).gettext(message) for locale in LOCALES}

    def __iter__(self) -> Iterator[str]:
        return iter(self.english)

    def __len__(self) -> int:
        return len(self.english)
