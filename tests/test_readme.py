"""The README names only routes that exist: every backticked API path in it matches a route of the app.

The README writes routes in a short form: ``/api/v1/measures/{id}/check-ins[/{week}]`` (an optional tail),
``/api/v1/conferences/{id}[/sign-off, /decision]`` (alternatives) and, after a full path in the same cell,
a bare ``/setbacks`` for a sibling of the path before it. Each form is expanded before matching.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from reclassering.app import create_app
from reclassering.casefile.db import make_engine
from reclassering.settings import Settings

README = Path(__file__).resolve().parents[1] / "README.md"
_CELL_PATH = re.compile(r"`(/[^`\s]*)`")
_PARAM = re.compile(r"\{[^}/]+\}")


def _expand(path: str) -> list[str]:
    """``a[/b, /c]`` → ``a``, ``a/b``, ``a/c``; nested brackets are not used in the README."""
    match = re.search(r"\[([^\]]*)\]", path)
    if match is None:
        return [path]
    head, tail = path[: match.start()], path[match.end() :]
    options = [""] + [option.strip() for option in match.group(1).split(",")]
    return [expanded for option in options for expanded in _expand(head + option + tail)]


def _shape(path: str) -> str:
    """A path with every segment that holds a parameter written as ``{}`` (``{measure_id:int}``, ``{id}`` and
    ``{version}.pdf`` alike: a ``{snapshot:str}`` segment takes the name with its suffix)."""
    segments = path.rstrip("/").split("/")
    return "/".join("{}" if _PARAM.search(segment) else segment for segment in segments) or "/"


def _readme_paths() -> list[str]:
    """Every API path the README names, expanded; a bare ``/name`` after a full path is its sibling."""
    paths: list[str] = []
    for line in README.read_text(encoding="utf-8").splitlines():
        last_full: str | None = None
        for raw in _CELL_PATH.findall(line):
            if raw.startswith("/api/"):
                last_full = raw
                paths.extend(_expand(raw))
            elif last_full is not None and raw.count("/") == 1 and "[" not in raw:
                parent = _expand(last_full)[0].rsplit("/", 1)[0]
                paths.append(parent + raw)
    return paths


@pytest.fixture(scope="module")
def route_shapes() -> set[str]:
    app = create_app(Settings(secret_key="readme", cookie_secure=False), engine=make_engine("sqlite://"), migrate=False)
    return {_shape(route.path) for route in app.routes}


def test_the_readme_names_api_routes() -> None:
    assert len(_readme_paths()) >= 20


def test_every_api_path_in_the_readme_is_a_route(route_shapes: set[str]) -> None:
    missing = sorted({path for path in _readme_paths() if _shape(path) not in route_shapes})
    assert not missing, f"the README names routes the app does not have: {missing}"
