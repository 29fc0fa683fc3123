"""The worker in a real browser: records a whole week (scores, a success, a breach with its reporting record) and
sees it on the caseload; builds a new youth's record from the pages alone; every page passes axe-core."""

from __future__ import annotations

import re
from datetime import timedelta
from typing import Any

from reclassering.casefile.fields import today as service_today

from .conftest import LiveServer


def _no_sideways_scroll(page: Any) -> None:
    overflow = page.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth")
    assert overflow <= 1, f"{page.url} scrolls sideways by {overflow}px"


def test_a_worker_records_a_whole_week_and_sees_it_on_the_caseload(
    desktop: Any, phone: Any, log_in: Any, axe_check: Any, screenshot: Any, live_server: LiveServer
) -> None:
    youth_id = live_server.add_case("week", "Femke B.", "w1")
    case = live_server.world.cases["week"]
    page = desktop
    log_in(page, live_server.world["w1"].username)
    page.get_by_role("link", name="Femke B.").click()
    assert page.url.endswith(f"/jongeren/{youth_id}")
    assert page.locator(f"#before-w-{case.goal_ids[0]}").inner_text().startswith("Eerder: 5 in week ")
    axe_check(page)
    screenshot(page, "youth-record")

    page.fill(f"#w-{case.goal_ids[0]}", "7")
    page.fill(f"#y-{case.goal_ids[0]}", "8")
    page.fill(f"#w-{case.goal_ids[1]}", "4")
    page.fill("#went_well", "Elke dag op tijd")
    page.fill("#success-text", "Zelf een stageplek gebeld")
    page.select_option("#success-goal", str(case.goal_ids[0]))
    page.select_option("#setback-kind", "condition_breach")
    page.select_option("#setback-severity", "moderate")
    page.select_option("#setback-condition", str(case.condition_id))
    page.fill("#setback-date", (service_today() - timedelta(days=1)).isoformat())
    page.fill("#setback-text", "Twee dagen niet naar school")
    page.select_option("#setback-response", "talk")
    page.check("#report-om")
    page.fill("#report-om_on", service_today().isoformat())
    page.check("#report-expert")
    page.fill("#report-expert_name", "Xandra de Wit")
    with page.expect_navigation():
        page.get_by_role("button", name="Week opslaan").click()
    assert page.get_by_role("status").inner_text() == "Opgeslagen"
    assert page.input_value(f"#w-{case.goal_ids[0]}") == "7"
    setbacks = page.locator("#terugvallen ~ article").first.inner_text()
    assert "voorwaarde overtreden" in setbacks and "Teruggemeld:" in setbacks and "het OM op" in setbacks
    assert "Zelf een stageplek gebeld" in page.locator("#successen + ul").inner_text()
    chart = " ".join(page.locator(f"#chart-{case.goal_ids[0]}-desc").text_content().split())
    assert re.search(r"Jongere: 6 \(week \d+\), 8 \(week \d+\)", chart), chart

    page.goto("/caseload")
    row = page.locator("tr", has=page.get_by_role("link", name="Femke B.")).inner_text()
    assert "gedaan" in row
    assert "5,5" in row and "omhoog, was 5" in row  # the worker's mean of 7 and 4, after 5
    assert "omhoog, was 6" in row  # the youth's 8, after 6
    assert "niet teruggemeld" not in row
    axe_check(page)
    screenshot(page, "caseload")
    assert live_server.sql(
        "SELECT r.om_informed, r.expert_name FROM breach_report r JOIN setback s ON s.id = r.setback_id "
        "WHERE s.text = 'Twee dagen niet naar school'"
    ) in ([(True, "Xandra de Wit")], [(1, "Xandra de Wit")])

    log_in(phone, live_server.world["w1"].username)  # the round on a narrow screen: cards, no sideways scroll
    phone.goto("/caseload?show=todo")
    axe_check(phone)
    _no_sideways_scroll(phone)
    screenshot(phone, "caseload")
    phone.goto(f"/jongeren/{youth_id}")
    _no_sideways_scroll(phone)
    screenshot(phone, "youth-record")


def test_a_worker_creates_a_youth_a_measure_and_goals_from_the_pages_alone(
    desktop: Any, phone: Any, log_in: Any, axe_check: Any, screenshot: Any, live_server: LiveServer
) -> None:
    page = desktop
    log_in(page, live_server.world["w2"].username)
    page.get_by_role("link", name="Nieuwe jongere").click()
    axe_check(page)
    screenshot(page, "youth-new")
    page.get_by_label("Naam (voornaam en voorletter achternaam)").fill("Joep T.")
    page.get_by_label("Geboortejaar").fill("1970")
    page.get_by_role("button", name="Volgende: de maatregel").click()
    assert page.locator("#error-youth-birth_year").is_visible()
    assert page.input_value("#youth-name") == "Joep T."  # nothing typed is lost
    axe_check(page)  # a refused form too
    page.get_by_label("Geboortejaar").fill(str(service_today().year - 16))
    with page.expect_navigation():
        page.get_by_role("button", name="Volgende: de maatregel").click()
    assert re.search(r"/jongeren/\d+/maatregel/nieuw", page.url)
    axe_check(page)
    screenshot(page, "measure-new")
    page.get_by_label("Soort maatregel").select_option(label="Voorwaardelijke PIJ-maatregel")
    page.get_by_label("Opgelegd of toegekend door").select_option(label="Kinderrechter")
    page.get_by_label("Gepland einde").fill((service_today() + timedelta(days=365)).isoformat())
    page.get_by_label("Bijzondere voorwaarden, één per regel").fill("Behandeling bij De Waag volgen\nThuis om 22:00")
    with page.expect_navigation():
        page.get_by_role("button", name="Maatregel opslaan").click()
    youth_id = int(re.search(r"/jongeren/(\d+)", page.url).group(1))  # type: ignore[union-attr]
    assert page.get_by_role("heading", name="Voorwaardelijke PIJ-maatregel").is_visible()

    page.get_by_label("Signs of Success").check()
    with page.expect_navigation():
        page.get_by_role("button", name="Methode starten").click()
    assert "fase: Kennismaken" in page.locator("#methode + section").inner_text()

    page.get_by_text("Een doel toevoegen").click()
    page.fill("#goal-title", "Ik ga elke week naar therapie")
    page.select_option("#goal-life_domain", "health")
    for key, words in zip(
        ("-2", "-1", "0", "1", "2"), ("nooit", "soms", "meestal", "altijd", "en ik praat mee"), strict=True
    ):
        page.fill(f"#goal-gas{key}", words)
    with page.expect_navigation():
        page.get_by_role("button", name="Doel toevoegen").click()
    page.get_by_text("Een doel toevoegen").click()
    page.fill("#goal-title", "Op tijd thuis")
    page.select_option("#goal-life_domain", "family")
    with page.expect_navigation():
        page.get_by_role("button", name="Doel toevoegen").click()
    goals = page.locator("article.goal h3").all_inner_texts()
    assert goals == ["Ik ga elke week naar therapie", "Op tijd thuis"]
    assert "en ik praat mee" in page.locator("article.goal").first.inner_text()
    assert page.locator(f"#w-{_goal_id(live_server, 'Op tijd thuis')}").is_visible()  # ready to be scored
    axe_check(page)
    rows = live_server.sql(
        "SELECT m.kind, (SELECT count(*) FROM condition c WHERE c.measure_id = m.id) FROM measure m "
        "WHERE m.youth_id = :y",
        y=youth_id,
    )
    assert rows == [("pij_voorwaardelijk", 2)]

    page.goto("/caseload?sort=name")
    assert page.get_by_role("link", name="Joep T.").is_visible()
    log_in(phone, live_server.world["w2"].username)
    phone.goto("/jongeren/nieuw")
    screenshot(phone, "youth-new")
    phone.goto(f"/jongeren/{youth_id}/maatregel/nieuw")
    axe_check(phone)
    screenshot(phone, "measure-new")


def _goal_id(live_server: LiveServer, title: str) -> int:
    return live_server.sql("SELECT id FROM goal WHERE title = :t", t=title)[0][0]


def test_text_typed_by_workers_is_shown_escaped_without_breaking_the_layout(
    phone: Any, log_in: Any, axe_check: Any, screenshot: Any, live_server: LiveServer
) -> None:
    youth_id = live_server.add_case("escape", "Lars <b>V.</b>", "w1")
    case = live_server.world.cases["escape"]
    dialogs: list[str] = []
    phone.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
    log_in(phone, live_server.world["w1"].username)
    phone.goto(f"/jongeren/{youth_id}")
    hostile = '<script>alert("doel")</script> "aanhalingstekens" \' & ' + "Ontzettend" * 20
    phone.get_by_text("Een doel toevoegen").click()
    phone.fill("#goal-title", hostile[:300])
    phone.select_option("#goal-life_domain", "friends")
    with phone.expect_navigation():
        phone.get_by_role("button", name="Doel toevoegen").click()
    phone.fill("#success-text", hostile)
    phone.fill(f"#w-{case.goal_ids[0]}", "6")
    with phone.expect_navigation():
        phone.get_by_role("button", name="Week opslaan").click()
    assert dialogs == []
    assert phone.locator("h1").inner_text() == "Lars <b>V.</b>"
    assert '<script>alert("doel")</script>' in phone.locator("#doelen ~ article.goal").last.inner_text()
    assert hostile in phone.locator("#successen + ul").inner_text()
    assert phone.evaluate("document.querySelectorAll('main script').length") == 0
    _no_sideways_scroll(phone)
    axe_check(phone)
    screenshot(phone, "youth-record-hostile-text")
    phone.goto("/caseload")
    assert phone.get_by_role("link", name="Lars <b>V.</b>").is_visible()
    _no_sideways_scroll(phone)
