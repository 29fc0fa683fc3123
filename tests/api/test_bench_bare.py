"""The benchmark-only bare endpoint exists only when RECLASSERING_BENCH_BARE switches it on."""

from __future__ import annotations

from pathlib import Path

from litestar.testing import TestClient

from reclassering.app import create_app
from reclassering.casefile.db import make_engine
from reclassering.settings import Settings, load_settings


def _app(tmp_path: Path, **extra: object) -> object:
    settings = Settings(data_dir=tmp_path, secret_key="s", cookie_secure=False, scheduler_embedded=False, **extra)
    return create_app(settings, engine=make_engine(f"sqlite:///{tmp_path}/x.sqlite3"), migrate=False)


def _paths(app: object) -> set[str]:
    return {route.path for route in app.routes}  # type: ignore[attr-defined]


def test_the_bare_endpoint_is_absent_by_default(tmp_path: Path) -> None:
    assert load_settings({}).bench_bare is False
    app = _app(tmp_path)
    assert not any(path.startswith("/bench") for path in _paths(app))
    with TestClient(app) as client:  # type: ignore[arg-type]
        assert client.get("/bench/bare/json/100").status_code == 404


def test_the_environment_switches_it_on_and_it_answers_the_size_asked(tmp_path: Path) -> None:
    settings = load_settings({"RECLASSERING_BENCH_BARE": "1"})
    assert settings.bench_bare is True
    with TestClient(_app(tmp_path, bench_bare=True)) as client:  # type: ignore[arg-type]
        answer = client.get("/bench/bare/json/5000", headers={"Accept-Encoding": "identity"})
        assert answer.status_code == 200 and len(answer.content) == 5000
        assert answer.headers["content-type"] == "application/json" and answer.json()["x"]
        png = client.get("/bench/bare/png/777")
        assert png.headers["content-type"] == "image/png" and len(png.content) == 777
        assert client.get("/bench/bare/exe/10").status_code == 400
