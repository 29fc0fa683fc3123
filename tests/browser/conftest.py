"""Browser tests: the real server in a subprocess, Debian's Chromium driven by Playwright, axe-core.

One server and one browser per test session (per database backend), so the suite stays within minutes:

- ``live_server``: ``reclassering serve`` on a free port over a migrated database holding the test world
  (``tests/world.py``): a SQLite file, and a throwaway PostgreSQL database too when that server answers
  (``RECLASSERING_BROWSER_BACKENDS=sqlite`` limits the run to SQLite). The world is shared by the tests of a
  backend: a test that changes records makes its own youth with ``live_server.add_case(...)`` or uses
  records no other test relies on.
- ``phone`` / ``desktop``: a fresh browser context (no cookies) at 390×844 or 1280×900, its ``base_url`` the
  live server, so ``page.goto("/login")`` works.
- ``log_in(page, username)``: logs in through the login page as a person does (every world account has the
  password ``world.PASSWORD``); ``live_server.world["w1"].username`` names the accounts by role.
- ``axe_check(page)``: axe-core (the copy shipped in ``axe-playwright-python``) on the page as it is now;
  fails on any serious or critical violation, with axe's own report.
- ``screenshot(page, name)``: a full-page PNG in ``test-artifacts/screenshots/`` named
  ``<name>-<phone|desktop>-<backend>.png`` (the folder is ignored by git).

Chromium is the system browser (``apt-get install chromium``; Playwright's own browser download is not used).
Without it the browser tests are skipped with the reason, except under CI, where they fail.
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import Engine, text

from reclassering.casefile.db import make_engine, upgrade

from ..live import free_port, start_server, stop, throwaway_database, wait_until_up
from ..world import PASSWORD, World, add_case, build_world

ROOT = Path(__file__).resolve().parents[2]
SCREENSHOTS = ROOT / "test-artifacts" / "screenshots"
CHROMIUM = os.environ.get("RECLASSERING_CHROMIUM") or shutil.which("chromium") or "/usr/bin/chromium"
PHONE = {"width": 390, "height": 844}
DESKTOP = {"width": 1280, "height": 900}
#: axe-core impacts that fail a page.
FAILING_IMPACTS = ("serious", "critical")
BACKENDS = [b.strip() for b in os.environ.get("RECLASSERING_BROWSER_BACKENDS", "sqlite,postgres").split(",")]


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line("markers", "browser: drives the system Chromium against a live server")


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """Every browser test runs on one xdist worker (``--dist loadgroup``): one server and one browser."""
    here = Path(__file__).parent
    for item in items:
        if here in Path(str(item.fspath)).parents:
            item.add_marker(pytest.mark.browser)
            item.add_marker(pytest.mark.xdist_group("browser"))


def _chromium_reason() -> str | None:
    if Path(CHROMIUM).exists():
        return None
    return f"no Chromium at {CHROMIUM} (apt-get install chromium; .ci/run does)"


@pytest.fixture(scope="session", autouse=True)
def _require_chromium() -> None:
    reason = _chromium_reason()
    if reason is None:
        return
    if os.environ.get("CI"):
        pytest.fail(reason)
    pytest.skip(reason)


# --- the server --------------------------------------------------------------------------------------------


@dataclass
class LiveServer:
    """A running ``reclassering serve`` and the world in its database."""

    url: str
    backend: str
    engine: Engine
    world: World

    def add_case(self, key: str, name: str, worker: str, youth_username: str | None = None) -> int:
        """A new youth (and, with ``youth_username``, their account) of ``worker`` with the world's usual
        measure, goals and history; recorded as ``world.cases[key]``. Returns the youth's id."""
        add_case(self.engine, self.world, key, name, worker, youth_username)
        return self.world.cases[key].youth_id

    def sql(self, statement: str, **params: Any) -> list[tuple[Any, ...]]:
        """Rows of a read straight from the server's database (to check what a page stored)."""
        with self.engine.connect() as connection:
            return [tuple(row) for row in connection.execute(text(statement), params)]


@pytest.fixture(scope="session", params=BACKENDS)
def live_server(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Iterator[LiveServer]:
    """``reclassering serve`` from this source tree on a free port, over the test world."""
    backend = request.param
    tmp = tmp_path_factory.mktemp(f"live-{backend}")
    databases = throwaway_database(backend, tmp, "browser")
    database_url = next(databases)
    engine = make_engine(database_url)
    upgrade(engine)
    world = build_world(engine)
    port = free_port()
    url = f"http://127.0.0.1:{port}"
    log = tmp / "server.log"
    process = start_server(database_url, tmp, port, log, secret_key="browser-test-secret")
    try:
        wait_until_up(url, process, log)
        yield LiveServer(url=url, backend=backend, engine=engine, world=world)
    finally:
        stop(process)
        engine.dispose()
        for _ in databases:  # drops the PostgreSQL database
            pass


@pytest.fixture(scope="session")
def world_live(live_server: LiveServer) -> World:
    return live_server.world


# --- the browser -------------------------------------------------------------------------------------------


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args: dict[str, Any]) -> dict[str, Any]:
    """pytest-playwright launches Debian's Chromium, not a browser of its own."""
    return {**browser_type_launch_args, "executable_path": CHROMIUM, "headless": True}


def _context(browser: Any, live_server: LiveServer, viewport: dict[str, int], **extra: Any) -> Any:
    context = browser.new_context(
        base_url=live_server.url, viewport=viewport, locale="nl-NL", timezone_id="Europe/Amsterdam", **extra
    )
    context.set_default_timeout(10_000)
    return context


@pytest.fixture
def phone(browser: Any, live_server: LiveServer) -> Iterator[Any]:
    """A page in a fresh phone-sized window (390×844, touch), logged in as nobody."""
    context = _context(browser, live_server, PHONE, is_mobile=True, has_touch=True)
    page = context.new_page()
    page.viewport_name = "phone"  # type: ignore[attr-defined]
    yield page
    context.close()


@pytest.fixture
def desktop(browser: Any, live_server: LiveServer) -> Iterator[Any]:
    """A page in a fresh desktop-sized window (1280×900), logged in as nobody."""
    context = _context(browser, live_server, DESKTOP)
    page = context.new_page()
    page.viewport_name = "desktop"  # type: ignore[attr-defined]
    yield page
    context.close()


def log_in_page(page: Any, username: str, password: str = PASSWORD) -> None:
    """Log in through the login page; ends on the role's start page."""
    page.goto("/login")
    page.get_by_label("Gebruikersnaam").fill(username)
    page.get_by_label("Wachtwoord").fill(password)
    with page.expect_navigation():
        page.locator("main form button[type=submit]").click()
    assert "/login" not in page.url, f"login as {username} failed: {page.locator('main').inner_text()}"


@pytest.fixture
def log_in() -> Callable[..., None]:
    """``log_in(page, username)``: see ``log_in_page``."""
    return log_in_page


def axe_violations(page: Any) -> tuple[list[dict[str, Any]], str]:
    """The serious and critical axe-core violations on the page now, and axe's report of them."""
    from axe_playwright_python.sync_playwright import Axe

    results = Axe().run(page)
    failing = [v for v in results.response["violations"] if v.get("impact") in FAILING_IMPACTS]
    report = "\n".join(
        f"{v['id']} ({v['impact']}): {v['help']} at "
        + "; ".join(", ".join(node["target"]) + f" <{node['html'][:160]}>" for node in v["nodes"][:5])
        for v in failing
    )
    return failing, report


@pytest.fixture
def axe_check() -> Callable[[Any], None]:
    """``axe_check(page)``: fails on any serious or critical accessibility violation on the page as it is."""

    def check(page: Any) -> None:
        failing, report = axe_violations(page)
        assert not failing, f"axe-core found on {page.url}:\n{report}"

    return check


@pytest.fixture
def screenshot(live_server: LiveServer) -> Callable[..., Path]:
    """``screenshot(page, name)``: the whole page as ``test-artifacts/screenshots/<name>-<viewport>-<db>.png``."""

    def take(page: Any, name: str) -> Path:
        SCREENSHOTS.mkdir(parents=True, exist_ok=True)
        viewport = getattr(page, "viewport_name", "page")
        path = SCREENSHOTS / f"{name}-{viewport}-{live_server.backend}.png"
        page.screenshot(path=str(path), full_page=True)
        return path

    return take
