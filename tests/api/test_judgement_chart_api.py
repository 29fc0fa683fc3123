"""The judgement scale over HTTP: listed with the charts once a mapping session exists, one line per
participant in the PNG and the SVG, readable by the youth for their own measure."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from datetime import timedelta
from typing import Any
from urllib.parse import unquote

from reclassering.casefile.fields import today as service_today

from ..world import World

PNG = b"\x89PNG\r\n\x1a\n"


def _session(days_ago: int, scores: tuple[int, int], kind: str = "mapping") -> dict[str, Any]:
    return {
        "held_on": (service_today() - timedelta(days=days_ago)).isoformat(),
        "kind": kind,
        "participants": [
            {"name": "Amir", "role": "jongere", "score": scores[0]},
            {"name": "Moeder", "role": "moeder", "score": scores[1]},
        ],
        "harm": "Winkeldiefstal",
        "danger_statement": "Een nieuwe zaak als er niets verandert",
        "worries": "Spijbelen",
        "working_well": "Voetbal",
        "next_steps": "Rooster",
    }


def test_the_judgement_chart_draws_each_participants_line(client: Any, world: World) -> None:
    case = world.cases["y1"]
    base = f"/api/v1/measures/{case.measure_id}"
    worker, youth = world["w1"].headers, world["y1"].headers
    before = client.get(f"{base}/charts", headers=worker).json()["items"]
    assert "judgement" not in [c["name"] for c in before]
    for days_ago, scores, kind in ((30, (3, 2), "mapping"), (5, (6, 5), "review")):
        assert client.post(f"{base}/mapping-sessions", headers=worker, json=_session(days_ago, scores, kind)).is_success

    listing = client.get(f"{base}/charts?locale=en", headers=youth).json()["items"]

    [judgement] = [c for c in listing if c["name"] == "judgement"]
    assert judgement["title"] == "Judgement scale per participant"
    assert "Amir (jongere) from 3 to 6; Moeder (moeder) from 2 to 5" in judgement["alt_text"]
    png = client.get(judgement["png"], headers=youth)
    assert png.status_code == 200 and png.content.startswith(PNG)
    assert unquote(png.headers["x-alt-text"]) == judgement["alt_text"]
    svg = client.get(judgement["svg"], headers=worker)
    assert svg.status_code == 200 and svg.headers["content-type"].startswith("image/svg+xml")
    root = ET.fromstring(svg.content)
    assert root.get("aria-label") == judgement["alt_text"]
    assert b"Amir (jongere)" in svg.content and b"Moeder (moeder)" in svg.content
    other = client.get(f"/api/v1/measures/{world.cases['y2'].measure_id}/charts/judgement.png", headers=youth)
    assert other.status_code == 404
    none_yet = client.get(f"/api/v1/measures/{world.cases['y3'].measure_id}/charts/judgement.svg", headers=worker)
    assert none_yet.status_code == 404  # w1 does not reach y3; and y3 has no mapping session
