"""The judgement scale chart: one line per participant, rendered for real as PNG and SVG, its data in the
alt text and in the drawing."""

from __future__ import annotations

import io
import xml.etree.ElementTree as ET
from datetime import date

from PIL import Image

from reclassering.reports.judgement import JudgementLine, judgement_chart

SVG = "{http://www.w3.org/2000/svg}"
LINES = [
    JudgementLine(name="Amir", role="jongere", points=((date(2026, 9, 1), 4), (date(2026, 11, 2), 7))),
    JudgementLine(name="Moeder", role="moeder", points=((date(2026, 9, 1), 2), (date(2026, 11, 2), 5))),
    JudgementLine(name="Meester Jan", role="mentor", points=((date(2026, 11, 2), 6),)),
]


def test_the_judgement_chart_renders_as_png_with_its_data_in_the_alt_text() -> None:
    chart = judgement_chart(LINES, locale="en", fmt="png")

    with Image.open(io.BytesIO(chart.data)) as image:
        assert (image.format, image.size) == ("PNG", (640, 360))
        rgb = image.convert("RGB")
        colours = {rgb.getpixel((x, y)) for x in range(0, 640, 2) for y in range(0, 360, 2)}
    assert (0x00, 0x72, 0xB2) in colours and (0xE6, 0x9F, 0x00) in colours  # the first two participants' lines
    assert chart.alt_text == (
        "Judgement scale (0-10) of 3 participants over 2 sessions, from 1 Sep 2026 to 2 Nov 2026: "
        "Amir (jongere) from 4 to 7; Moeder (moeder) from 2 to 5; Meester Jan (mentor) 6."
    )


def test_the_judgement_svg_draws_one_line_per_participant_with_its_name() -> None:
    chart = judgement_chart(LINES, locale="nl", fmt="svg")

    root = ET.fromstring(chart.data)
    text = chart.data.decode("utf-8")
    assert root.find(f"{SVG}title").text == "Schaalvraag per deelnemer"
    assert root.get("aria-label") == chart.alt_text and "Amir (jongere) van 4 naar 7" in chart.alt_text
    for label in ("Amir (jongere)", "Moeder (moeder)", "Meester Jan (mentor)"):
        assert label in text  # the legend names each participant's own line
    lines = [g for g in root.iter(f"{SVG}g") if (g.get("id") or "").startswith("line2d_")]
    assert len([g for g in lines if g.find(f"{SVG}path") is not None]) >= 3


def test_without_scores_the_chart_says_so() -> None:
    chart = judgement_chart([], locale="nl", fmt="svg")

    assert "Nog geen gegevens" in chart.data.decode("utf-8")
    assert chart.alt_text == "Schaalvraag: nog geen cijfers vastgelegd (0 gesprekken met een cijfer)."
