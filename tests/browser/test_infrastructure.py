"""The browser infrastructure itself: the live server answers, logins work per role, axe and screenshots run."""

from __future__ import annotations

from typing import Any

from .conftest import LiveServer


def test_the_login_page_passes_axe_at_both_widths(phone: Any, desktop: Any, axe_check: Any, screenshot: Any) -> None:
    for page in (phone, desktop):
        page.goto("/login")
        assert page.locator("h1").inner_text() == "Inloggen"
        axe_check(page)
        assert screenshot(page, "login").stat().st_size > 1000


def test_each_role_lands_on_its_start_page(desktop: Any, log_in: Any, live_server: LiveServer) -> None:
    world = live_server.world
    for key, path in (("w1", "/caseload"), ("y1", "/mijn"), ("admin", "/beheer")):
        desktop.context.clear_cookies()
        log_in(desktop, world[key].username)
        assert desktop.url == f"{live_server.url}{path}"


def test_the_pages_run_under_the_strict_content_security_policy(
    desktop: Any, log_in: Any, live_server: LiveServer
) -> None:
    refused: list[str] = []

    def listen(message: Any) -> None:
        if "Content Security Policy" in message.text:
            refused.append(message.text)

    desktop.on("console", listen)
    log_in(desktop, live_server.world["y1"].username)
    desktop.goto("/mijn")
    assert refused == []
