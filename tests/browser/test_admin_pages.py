"""The administrator in a real browser: creates a worker, resets the password, and the worker chooses a password
through the one-time link and logs in; the audit search and an error page; every page passes axe-core."""

from __future__ import annotations

import uuid
from typing import Any

from .conftest import LiveServer


def _no_sideways_scroll(page: Any) -> None:
    overflow = page.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth")
    assert overflow <= 1, f"{page.url} scrolls sideways by {overflow}px"


def _choose_password(page: Any, link: str, password: str) -> None:
    page.goto(link)
    page.get_by_label("Nieuw wachtwoord").fill(password)
    page.get_by_label("Hetzelfde wachtwoord nog een keer").fill(password)
    with page.expect_navigation():
        page.get_by_role("button", name="Wachtwoord instellen").click()


def test_the_administrator_creates_a_worker_who_sets_a_password_and_logs_in(
    desktop: Any, phone: Any, log_in: Any, axe_check: Any, screenshot: Any, live_server: LiveServer
) -> None:
    username = f"femke.{uuid.uuid4().hex[:6]}"
    page = desktop
    log_in(page, live_server.world["admin"].username)
    assert page.url.endswith("/beheer")
    axe_check(page)
    screenshot(page, "admin-home")

    page.get_by_label("Gebruikersnaam").fill(username)
    page.locator("#new-display_name").fill("Femke de Boer")
    page.get_by_label("Rol").select_option("worker")
    page.locator("#new-team_id").select_option(label="Noord")
    page.get_by_label("E-mailadres (mag leeg blijven)").fill("femke@voorbeeld.nl")
    with page.expect_navigation():
        page.get_by_role("button", name="Account aanmaken").click()
    assert f"Het account {username} is aangemaakt." in page.get_by_role("status").inner_text()
    axe_check(page)
    screenshot(page, "admin-link")
    first_link = page.locator("#reset-link").inner_text().strip()

    page.get_by_role("link", name="Naar het account").click()
    axe_check(page)
    screenshot(page, "admin-account")
    with page.expect_navigation():
        page.get_by_role("button", name="Wachtwoord opnieuw instellen").click()
    link = page.locator("#reset-link").inner_text().strip()
    assert link != first_link and "/wachtwoord/" in link

    worker = phone
    worker.goto(first_link)  # superseded by the newer reset: the one neutral page
    assert worker.get_by_role("heading", level=1).inner_text() == "Niet gevonden"
    axe_check(worker)
    screenshot(worker, "password-link-gone")
    worker.goto(link)
    axe_check(worker)
    _no_sideways_scroll(worker)
    worker.get_by_label("Nieuw wachtwoord").fill("kort")
    worker.get_by_label("Hetzelfde wachtwoord nog een keer").fill("kort")
    worker.locator("#password").evaluate("e => e.removeAttribute('minlength')")
    with worker.expect_navigation():
        worker.get_by_role("button", name="Wachtwoord instellen").click()
    assert "Gebruik minstens 10 tekens." in worker.locator("#error-password").inner_text()
    axe_check(worker)
    screenshot(worker, "password-refused")
    _choose_password(worker, link, "zon zee en strand")
    assert "Je wachtwoord is ingesteld." in worker.get_by_role("status").inner_text()
    screenshot(worker, "password-set")
    log_in(worker, username, "zon zee en strand")
    assert worker.url.endswith("/caseload")
    worker.goto(link)
    assert worker.get_by_role("heading", level=1).inner_text() == "Niet gevonden"

    page.goto(f"/beheer/audit?user={username}&search=1")
    assert "Femke de Boer (jeugdreclasseerder)" in page.locator("table").inner_text()
    axe_check(page)
    screenshot(page, "admin-audit")
    page.goto("/beheer/audit?offset=-1")
    assert page.get_by_role("heading", level=1).inner_text() == "Dit kon niet worden gelezen"
    axe_check(page)
    screenshot(page, "error-400")

    log_in(phone, live_server.world["admin"].username)
    phone.goto("/beheer")
    axe_check(phone)
    _no_sideways_scroll(phone)
    screenshot(phone, "admin-home")
