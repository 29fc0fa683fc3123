"""Every text of the report, the summary and the charts has its Dutch in the Babel catalogue ``reports``."""

from __future__ import annotations

from importlib import resources

from babel.messages.extract import extract_from_file

from reclassering.catalogue import translations
from reclassering.reports import chart_texts, edition
from reclassering.reports.report.texts import VOCAB, Words

SAME_IN_DUTCH = {"Status", "Per week", "Trend per week", "coach", "mentor", "open"}
SAME_IN_DUTCH |= {"{score} (week {week})", "{slope} ({weeks} wk)", "{who} {score} ({week})", "{n} week"}
SAME_IN_DUTCH |= {"Score (0-10)", "T-score", "{who} {first}", "week"}


def _message_ids() -> tuple[set[str], set[tuple[str, str]]]:
    folder = resources.files("reclassering") / "reports" / "report"
    ids: set[str] = set()
    plurals: set[tuple[str, str]] = set()
    for entry in folder.iterdir():
        if entry.name.endswith(".py"):
            for _, message, _, _ in extract_from_file("python", str(entry), keywords={"_": None, "count": (2, 3)}):
                if isinstance(message, tuple):
                    plurals.add(message)
                else:
                    ids.add(message)
    ids |= {label for words in VOCAB.values() for label in words.values()}
    ids |= set(chart_texts._LABELS.values()) | set(chart_texts._SENTENCES.values()) | set(edition._SENTENCES.values())
    return ids, plurals | set(chart_texts._NOUNS.values())


def test_every_report_text_has_its_dutch() -> None:
    dutch = translations("nl", "reports")
    ids, plurals = _message_ids()
    assert len(ids) > 250 and len(plurals) >= 4
    missing = sorted(i for i in ids if dutch.gettext(i) == i and i not in SAME_IN_DUTCH)
    missing += sorted(p for s, p in plurals if dutch.ngettext(s, p, 2) == p and s not in SAME_IN_DUTCH)
    assert missing == []


def test_words_format_counts_and_labels() -> None:
    _ = Words("nl")
    assert _.count(1, "{n} week", "{n} weeks") == "1 week" and _.count(3, "{n} week", "{n} weeks") == "3 weken"
    assert _.label("setback_kind", "new_suspicion") == "nieuwe verdenking"
    assert _.label("measure_kind", "itb_criem") == "Individuele Trajectbegeleiding CRIEM"
    assert _.week("2026-W47") == "laatst gescoord in week 47"
    assert Words("en").week("2026-W47") == "last scored in week 47"
