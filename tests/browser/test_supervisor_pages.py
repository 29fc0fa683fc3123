"""The supervisor in a real browser: sees what needs attention, plans a case conference, prepares the advice (views,
options, advice), signs it off, downloads both PDFs, records the decision and the outside outcome; a second sign-off
is a page naming who signed; every page passes axe-core, on a phone and on a desktop."""

from __future__ import annotations

from typing import Any

from sqlalchemy import text

from reclassering.casefile.fields import today as service_today

from .conftest import LiveServer


def _no_sideways_scroll(page: Any) -> None:
    overflow = page.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth")
    assert overflow <= 1, f"{page.url} scrolls sideways by {overflow}px"


def _write(live_server: LiveServer, statement: str, **params: Any) -> None:
    with live_server.engine.begin() as connection:
        connection.execute(text(statement), params)


def _save(page: Any, button: str) -> None:
    with page.expect_navigation():
        page.get_by_role("button", name=button).click()
    assert page.get_by_role("status").inner_text() == "Opgeslagen", page.url


def test_the_supervisor_prepares_signs_off_and_records_the_decision(
    desktop: Any, phone: Any, log_in: Any, axe_check: Any, screenshot: Any, live_server: LiveServer
) -> None:
    youth_id = live_server.add_case("overleg", "Daan <b>V.</b>", "w1")
    supervisor = live_server.world["s1"].username
    page = desktop
    log_in(page, supervisor)
    page.get_by_role("link", name="Casusoverleggen").click()
    assert page.url.endswith("/overleg")
    assert page.get_by_role("heading", name="Casusoverleggen", level=1).is_visible()
    axe_check(page)
    screenshot(page, "overleg")

    page.goto(f"/jongeren/{youth_id}")
    page.get_by_role("link", name="Plan een casusoverleg").click()
    page.fill("#conference-held_on", service_today().isoformat())
    page.select_option("#conference-question_kind", "report_back")
    page.fill("#conference-question", "Na een nieuwe verdenking: terugmelden of doorgaan?")
    axe_check(page)
    with page.expect_navigation():
        page.get_by_role("button", name="Plan het overleg").click()
    url = page.url.split("?")[0]
    assert "/overleg/" in url and page.get_by_role("status").inner_text() == "Opgeslagen"
    assert page.locator("svg.score-chart").count() >= 1 and "Zo lees je deze cijfers" in page.content()

    page.check("input[name=youth_status][value=given]")
    page.fill("#view-youth-text", "Ik wil laten zien dat het lukt, ik ga elke dag naar school.")
    page.check("input[name=parents_status][value=declined]")
    _save(page, "Bewaar de zienswijzen")

    page.select_option("#addressee", "raad")
    page.check("input[name=option_carry_on_weighed]")
    page.fill("#option-carry_on-pros", "School gaat goed; hij houdt zich aan de afspraken.")
    page.check("input[name=option_report_back_weighed]")
    page.fill("#option-report_back-cons", "Hij verliest zijn stageplek.")
    page.fill("#participant-1-name", "Sanne Visser")
    page.fill("#participant-1-role", "teamleider")
    page.fill("#participant-2-name", "Xandra de Wit")
    page.fill("#participant-2-role", "gedragswetenschapper")
    _save(page, "Bewaar de afweging")

    page.fill("#advice-text", "Doorgaan met de maatregel; de school en het netwerk dragen het plan.")
    page.select_option("#advice-outcome", "carry_on")
    _save(page, "Bewaar het advies")
    axe_check(page)
    screenshot(page, "conference-prepared")

    with page.expect_navigation():
        page.get_by_role("button", name="Teken het advies").click()
    signed = page.locator("#aftekenen + section").inner_text()
    assert "Versie 1 is getekend door Sanne Visser" in signed
    for name in ("Formeel rapport (PDF)", "Samenvatting voor de jongere (PDF)"):
        with page.expect_download() as download:
            page.get_by_role("link", name=name).first.click()
        path = download.value.path()
        with open(path, "rb") as handle:
            assert handle.read(5) == b"%PDF-", name

    page.select_option("#decision-outcome", "carry_on")
    page.fill("#decision-rationale", "De school en het netwerk dragen het plan; de jongere wil door.")
    _save(page, "Leg het besluit vast")
    page.select_option("#outside-decided_by", "raad")
    page.select_option("#outside-outcome", "warning")
    page.fill("#outside-decided_on", service_today().isoformat())
    _save(page, "Bewaar de uitkomst")
    text = page.content()
    assert "een waarschuwing" in text and "De school en het netwerk dragen het plan" in text
    axe_check(page)
    screenshot(page, "conference-decided")

    log_in(phone, supervisor)  # the same pages on a narrow screen
    phone.goto("/overleg")
    axe_check(phone)
    _no_sideways_scroll(phone)
    screenshot(phone, "overleg")
    phone.goto(url)
    axe_check(phone)
    _no_sideways_scroll(phone)
    screenshot(phone, "conference-decided")
    conference_id = int(url.rsplit("/", 1)[1])
    assert live_server.sql("SELECT decision FROM conference WHERE id = :c", c=conference_id) == [("carry_on",)]


def test_a_second_sign_off_is_a_page_naming_who_signed(
    desktop: Any, log_in: Any, axe_check: Any, screenshot: Any, live_server: LiveServer
) -> None:
    live_server.add_case("tweemaal", "Eva T.", "w1")
    case = live_server.world.cases["tweemaal"]
    # the case's conference is signed off; open it again (version 2) so two signers find it unsigned
    _write(
        live_server,
        "UPDATE conference SET advice_signed_at = NULL, advice_by_id = NULL, edition = 2 WHERE id = :c",
        c=case.conference_id,
    )
    page = desktop
    log_in(page, live_server.world["x1"].username)  # the behavioural expert opens the page
    page.goto(f"/overleg/{case.conference_id}")
    # meanwhile the supervisor signs off
    _write(
        live_server,
        "UPDATE conference SET advice_signed_at = CURRENT_TIMESTAMP, advice_by_id = :s WHERE id = :c",
        s=live_server.world["s1"].id,
        c=case.conference_id,
    )
    with page.expect_navigation():
        page.get_by_role("button", name="Teken het advies").click()
    alert = page.get_by_role("alert").inner_text()
    assert "al getekend door Sanne Visser" in alert
    axe_check(page)
    screenshot(page, "conference-second-sign-off")
