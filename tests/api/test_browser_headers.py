"""Headers a browser needs: a strict Content-Security-Policy, no framing, no sniffing, no referrer, and no
storing of answers that may hold case data; the API documentation loads nothing from elsewhere."""

from __future__ import annotations

import re
from typing import Any

import pytest

from ..world import World
from .test_pages import _log_in

CSP = (
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; font-src 'self'; "
    "connect-src 'self'; object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'"
)


def _assert_safe(response: Any, *, stored: bool = False) -> None:
    headers = response.headers
    assert headers["content-security-policy"] == CSP
    assert headers["x-frame-options"] == "DENY"
    assert headers["x-content-type-options"] == "nosniff"
    assert headers["referrer-policy"] == "no-referrer"
    if not stored:
        assert headers["cache-control"] == "no-store"


def test_a_page_carries_the_headers_and_no_inline_style_or_script(client: Any, world: World) -> None:
    _log_in(client, "amir")
    page = client.get("/mijn")
    assert page.status_code == 200 and page.headers["content-type"].startswith("text/html")
    _assert_safe(page)
    assert "<style" not in page.text and "style=" not in page.text and "<script" not in page.text
    assert '<link rel="stylesheet" href="/static/pages.css">' in page.text
    for url in ("/login", "/caseload", "/nergens"):
        _assert_safe(client.get(url))  # also refusals and a page that does not exist


def test_json_and_pdf_answers_with_case_data_are_not_stored(client: Any, world: World) -> None:
    case = world.cases["y1"]
    headers = world["w1"].headers
    youth = client.get(f"/api/v1/youths/{case.youth_id}", headers=headers)
    assert youth.status_code == 200 and youth.headers["content-type"] == "application/json"
    _assert_safe(youth)
    report = client.get(f"/api/v1/conferences/{case.conference_id}/report.pdf", headers=headers)
    assert report.status_code == 200 and report.headers["content-type"] == "application/pdf"
    _assert_safe(report)
    chart = client.get(f"/api/v1/measures/{case.measure_id}/charts/scores-{case.goal_ids[0]}.png", headers=headers)
    assert chart.status_code == 200 and chart.headers["content-type"] == "image/png"
    _assert_safe(chart)
    _assert_safe(client.get(f"/api/v1/youths/{case.youth_id}"))  # the refusal as well


@pytest.mark.parametrize("path", ["/schema/swagger", "/schema"])
def test_the_api_documentation_loads_nothing_from_elsewhere(client: Any, path: str) -> None:
    page = client.get(path)
    assert page.status_code == 200 and page.headers["content-type"].startswith("text/html")
    _assert_safe(page)
    html = page.text
    assert not re.search(r"(src|href)=[\"']?(https?:)?//", html), html  # no other host
    assert "<script>" not in html and "<style" not in html and "style=" not in html  # nothing inline
    for asset in re.findall(r'(?:src|href)="([^"]+)"', html):
        served = client.get(asset)
        assert served.status_code == 200, asset
        _assert_safe(served, stored=True)
        assert served.headers["cache-control"] == "no-cache"
    spec_url = re.search(r'data-spec-url="([^"]+)"', html)
    assert spec_url and client.get(spec_url.group(1)).json()["info"]["title"] == "reclassering"


def test_the_static_assets_have_their_types(client: Any) -> None:
    css = client.get("/static/pages.css")
    assert css.status_code == 200 and css.headers["content-type"].startswith("text/css")
    js = client.get("/static/swagger-ui/swagger-ui-bundle.js")
    assert js.status_code == 200 and "javascript" in js.headers["content-type"]
    assert client.get("/static/../app.py").status_code == 404
