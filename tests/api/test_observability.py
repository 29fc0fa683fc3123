"""Operations: Prometheus metrics at /metrics for the monitoring system only, a request id on every answer and
log line, one JSON access line per request naming the route's template (never the ids in the path)."""

from __future__ import annotations

import json
import logging
from typing import Any

import pytest

from reclassering.logs import JsonFormatter

from ..world import World

METRICS_TOKEN = "scrape-token-for-tests-0123456789"


@pytest.fixture
def metrics_on(app: Any, settings: Any) -> None:
    app.state.settings = type(settings)(
        **{**{f: getattr(settings, f) for f in settings.__struct_fields__}, "metrics_token": METRICS_TOKEN}
    )


def test_metrics_are_not_served_without_a_token_setting(client: Any, world: World) -> None:
    assert client.get("/metrics").status_code == 404
    assert client.get("/metrics", headers={"Authorization": "Bearer anything"}).status_code == 404
    # a logged-in administrator is no monitoring system either
    assert client.get("/metrics", headers=world["admin"].headers).status_code == 404


def test_metrics_count_requests_per_route_template(client: Any, world: World, metrics_on: None) -> None:
    youth_id = world.cases["y1"].youth_id
    assert client.get(f"/api/v1/youths/{youth_id}", headers=world["w1"].headers).status_code == 200
    assert client.get("/metrics", headers={"Authorization": "Bearer wrong-token"}).status_code == 404
    response = client.get("/metrics", headers={"Authorization": f"Bearer {METRICS_TOKEN}"})
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("text/plain")
    body = response.text
    assert "reclassering_requests_total" in body and "reclassering_request_duration_seconds" in body
    lines = [line for line in body.splitlines() if line.startswith("reclassering_requests_total{")]
    assert any("/api/v1/youths/{youth_id}" in line for line in lines)
    assert not any(f'/api/v1/youths/{youth_id}"' in line for line in lines)  # no ids in the labels


def test_every_answer_carries_a_request_id(client: Any, world: World) -> None:
    first = client.get("/health/live").headers["x-request-id"]
    second = client.get("/health/live").headers["x-request-id"]
    assert first and second and first != second
    given = "lb-3f2a9c1e77"
    assert client.get("/health/live", headers={"X-Request-ID": given}).headers["x-request-id"] == given
    # a header that is not a sensible token is replaced, not echoed into logs
    odd = client.get("/health/live", headers={"X-Request-ID": "<script>"}).headers["x-request-id"]
    assert odd != "<script>" and len(odd) == 32


def test_every_answer_says_its_server_time(client: Any, world: World) -> None:
    """``Server-Timing: app;dur=<ms>``: the server's own time until the answer started, also on a refusal."""
    import re

    for path, headers, status in (
        ("/health/live", {}, 200),
        (f"/api/v1/measures/{world.cases['y1'].measure_id}/progress", world["w1"].headers, 200),
        (f"/api/v1/measures/{world.cases['y2'].measure_id}/progress", world["w1"].headers, 404),
    ):
        response = client.get(path, headers=headers)
        assert response.status_code == status
        found = re.fullmatch(r"app;dur=(\d+\.\d{2})", response.headers["server-timing"])
        assert found and 0 < float(found.group(1)) < 60_000, response.headers["server-timing"]


def test_access_line_is_json_with_the_request_id_and_route(
    client: Any, world: World, caplog: pytest.LogCaptureFixture
) -> None:
    youth_id = world.cases["y1"].youth_id
    with caplog.at_level(logging.INFO, logger="reclassering.access"):
        response = client.get(
            f"/api/v1/youths/{youth_id}", headers={**world["w1"].headers, "X-Request-ID": "req-000000001"}
        )
    assert response.status_code == 200
    records = [r for r in caplog.records if r.name == "reclassering.access"]
    assert records
    line = json.loads(JsonFormatter().format(records[-1]))
    assert line["route"] == "/api/v1/youths/{youth_id}"
    assert line["status"] == 200 and line["method"] == "GET"
    assert line["duration_ms"] >= 0
    assert f"/{youth_id}" not in line["route"]


def test_json_lines_carry_the_request_id_of_their_request() -> None:
    from reclassering.logs import request_id

    token = request_id.set("req-abcdef12")
    try:
        record = logging.LogRecord("reclassering.x", logging.WARNING, __file__, 1, "disk %s", ("full",), None)
        line = json.loads(JsonFormatter().format(record))
    finally:
        request_id.reset(token)
    assert line == {**line, "message": "disk full", "level": "warning", "request_id": "req-abcdef12"}
