"""The youth in a real browser on a phone: sees the worker's new scores in their chart, adds a score (by keyboard
only) and a success, sees who looked at their record, and cannot open another youth's record by link or id."""

from __future__ import annotations

import re
from typing import Any

from .conftest import LiveServer


def _desc(page: Any, goal_id: int) -> str:
    return " ".join((page.locator(f"#chart-{goal_id}-desc").text_content() or "").split())


def test_the_youth_follows_their_progress_on_a_phone(
    desktop: Any, phone: Any, log_in: Any, axe_check: Any, screenshot: Any, live_server: LiveServer
) -> None:
    live_server.add_case("noor", "Noor S.", "w1", youth_username="noor")
    case = live_server.world.cases["noor"]
    goal = case.goal_ids[0]
    # the worker enters this week's scores first
    log_in(desktop, live_server.world["w1"].username)
    desktop.goto(f"/jongeren/{case.youth_id}")
    desktop.fill(f"#w-{goal}", "7")
    with desktop.expect_navigation():
        desktop.get_by_role("button", name="Week opslaan").click()

    page = phone
    log_in(page, "noor")
    assert page.locator("h1").inner_text() == "Hoi Noor"
    description = _desc(page, goal)
    assert re.search(r"Je begeleider: 5 \(week \d+\), 7 \(week \d+\)", description), description
    assert page.locator(f"#anchors-{goal}").inner_text().startswith("0 = er is nog niets van dit doel gelukt")
    axe_check(page)
    screenshot(page, "youth-page")

    page.fill(f"#score-{goal}", "8")
    with page.expect_navigation():
        page.locator(f"#score-{goal}").press("Enter")
    assert page.get_by_role("status").inner_text() == "Opgeslagen"
    assert re.search(r"Jij: 6 \(week \d+\), 8 \(week \d+\)", _desc(page, goal))

    page.fill("#success-text", "Mijn broertje naar school gebracht")
    with page.expect_navigation():
        page.get_by_role("button", name="Succes toevoegen").click()
    successes = page.locator("#successen ~ ul.plain").first.inner_text()
    assert "Mijn broertje naar school gebracht" in successes and "door jou toegevoegd" in successes

    looked = page.locator("#bekeken + section").inner_text()
    assert "Je jeugdreclasseerder Wessel bekeek je dossier op" in looked
    assert "Je jeugdreclasseerder Wessel veranderde je cijfers op" in looked
    assert live_server.world["w1"].username not in looked and "127.0.0.1" not in looked
    measure = page.locator("#maatregel + section").inner_text()
    assert "Toezicht en begeleiding" in measure and "Je hebt recht op een advocaat" in measure
    assert page.get_by_role("link", name="De samenvatting voor jou (pdf)").is_visible()
    overflow = page.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth")
    assert overflow <= 1
    screenshot(page, "youth-page-after")
    assert live_server.sql(
        "SELECT s.value FROM score s JOIN check_in c ON c.id = s.check_in_id "
        "WHERE s.goal_id = :g AND s.rater_kind = 'youth' ORDER BY c.week DESC",
        g=goal,
    )[0] == (8,)

    # another youth's record, by link and by id: refused, and nothing of them shown
    other = live_server.world.cases["y2"]
    answer = page.goto(f"/jongeren/{other.youth_id}")
    assert answer.status == 403 and "Bo de J." not in page.content()
    answer = page.goto(f"/api/v1/youths/{other.youth_id}")
    assert answer.status == 404 and "Bo de J." not in page.content()
    answer = page.goto(f"/api/v1/measures/{other.measure_id}/charts/scores-{other.goal_ids[0]}.svg")
    assert answer.status == 404


def test_the_youth_scores_a_goal_with_the_keyboard_only(
    phone: Any, log_in: Any, live_server: LiveServer, axe_check: Any
) -> None:
    live_server.add_case("keys", "Kai D.", "w2", youth_username="kai")
    goal = live_server.world.cases["keys"].goal_ids[1]
    log_in(phone, "kai")
    phone.goto("/mijn")
    target = f"score-{goal}"
    for _ in range(80):  # Tab through the page until the second goal's score field has the focus
        phone.keyboard.press("Tab")
        if phone.evaluate("document.activeElement.id") == target:
            break
    assert phone.evaluate("document.activeElement.id") == target, "the score field is not reachable by Tab"
    outline = phone.evaluate("getComputedStyle(document.activeElement).outlineStyle")
    assert outline != "none"  # the focus can be seen
    phone.keyboard.type("3")
    phone.keyboard.press("Tab")
    assert phone.evaluate("document.activeElement.textContent.trim()") == "Cijfer opslaan"
    with phone.expect_navigation():
        phone.keyboard.press("Enter")
    assert phone.get_by_role("status").inner_text() == "Opgeslagen"
    assert phone.url.endswith(f"#goal-{goal}")
    assert re.search(r"Jij: 3 \(week \d+\)", _desc(phone, goal))
    phone.goto("/mijn?lang=en")
    axe_check(phone)


def test_a_refused_score_is_said_next_to_the_field(phone: Any, log_in: Any, axe_check: Any, screenshot: Any) -> None:
    log_in(phone, "amir")
    goal_field = phone.locator("input[name=value]").first
    field_id = goal_field.get_attribute("id")
    goal_field.evaluate("field => { field.removeAttribute('max'); field.removeAttribute('min'); }")
    goal_field.fill("11")
    with phone.expect_navigation():
        goal_field.press("Enter")
    message = phone.locator(f"#error-{field_id}")
    assert message.inner_text().endswith("Vul een heel getal van 0 tot en met 10 in.")
    assert phone.locator(f"#{field_id}").get_attribute("aria-invalid") == "true"
    assert phone.input_value(f"#{field_id}") == "11"
    axe_check(phone)
    screenshot(phone, "youth-page-refused")
