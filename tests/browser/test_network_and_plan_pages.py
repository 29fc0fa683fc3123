"""Issue 10's pages in a real browser: the worker makes a personal link and a network member scores on it on a
phone (their own line appears on the worker's page); the worker writes the safety plan and the youth reads it;
the administrator deactivates an account, after which its login fails. Every page passes axe-core."""

from __future__ import annotations

from typing import Any

from reclassering.casefile.db import unit_of_work
from reclassering.casefile.models import User

from ..world import password_hash
from .conftest import LiveServer


def test_a_network_member_scores_through_their_own_link_on_a_phone(
    desktop: Any, phone: Any, log_in: Any, axe_check: Any, screenshot: Any, live_server: LiveServer
) -> None:
    live_server.add_case("lina", "Lina V.", "w1")
    case = live_server.world.cases["lina"]
    goal = case.goal_ids[0]
    worker = desktop
    log_in(worker, live_server.world["w1"].username)
    worker.goto(f"/jongeren/{case.youth_id}#netwerklinks")
    worker.locator("summary", has_text="Een link maken voor iemand uit het netwerk").click()
    worker.locator("#link-member_id").select_option(str(case.network_member_id))
    worker.locator(f"#link-goal_{goal}").check()
    with worker.expect_navigation():
        worker.get_by_role("button", name="Link maken").click()
    url = worker.locator("#new-link").input_value()
    assert "/netwerk/" in url
    axe_check(worker)
    screenshot(worker, "network-link-made")

    member = phone
    member.goto(url)
    assert member.locator("h1").inner_text().startswith("Hoe gaat het met")
    axe_check(member)
    screenshot(member, "network-form")
    member.fill(f"#score-{goal}", "6")
    member.fill(f"#note-{goal}", 'Hij kwam op tijd <script>alert("x")</script>')
    with member.expect_navigation():
        member.get_by_role("button", name="Versturen").click()
    assert "Opgeslagen" in member.locator("main").inner_text()
    axe_check(member)
    screenshot(member, "network-form-saved")
    member.goto(url.rsplit("/", 1)[0] + "/geraden-link-0000000000000000000000000000")
    assert member.locator("h1").inner_text() == "Niet gevonden"

    worker.goto(f"/jongeren/{case.youth_id}")
    chart = worker.locator(f"#chart-{goal}-desc").text_content() or ""
    assert "6" in chart
    assert "<script>" not in worker.content().split("<main", 1)[1].replace("&lt;script&gt;", "")


def test_the_worker_writes_the_safety_plan_and_the_youth_reads_it(
    desktop: Any, phone: Any, log_in: Any, axe_check: Any, screenshot: Any, live_server: LiveServer
) -> None:
    live_server.add_case("daan", "Daan D.", "w1", youth_username="daan")
    case = live_server.world.cases["daan"]
    worker = desktop
    log_in(worker, live_server.world["w1"].username)
    worker.goto(f"/jongeren/{case.youth_id}#veiligheidsplan")
    worker.locator("summary", has_text="Het plan maken").click()
    worker.fill("#plan-task-0-who", "Moeder")
    worker.fill("#plan-task-0-what", "Maakt hem wakker om zeven uur")
    worker.fill("#plan-sign-0", "Hij blijft 's nachts weg")
    worker.fill("#plan-call-0-name", "Oom Karim")
    worker.fill("#plan-call-0-relation", "oom")
    worker.fill("#plan-call-0-reach", "06-12345678")
    worker.fill("#plan-agreed", "We bellen elkaar op zondag")
    with worker.expect_navigation():
        worker.get_by_role("button", name="Plan opslaan").last.click()
    assert "Versie 1" in worker.locator("#veiligheidsplan ~ section").first.inner_text()
    axe_check(worker)
    screenshot(worker, "safety-plan-worker")

    youth = phone
    log_in(youth, "daan")
    text = youth.locator("main").inner_text()
    assert "Oom Karim" in text and "06-12345678" in text
    axe_check(youth)
    screenshot(youth, "safety-plan-youth")


def test_a_deactivated_account_can_no_longer_log_in(
    desktop: Any, phone: Any, log_in: Any, axe_check: Any, screenshot: Any, live_server: LiveServer
) -> None:
    with unit_of_work(live_server.engine) as session:
        leaving = User(
            username="vertrekt",
            display_name="Vera Vertrek",
            password_hash=password_hash(),
            role="worker",
            team_id=live_server.world.team_ids["noord"],
        )  # type: ignore[call-arg]
        session.add(leaving)
        session.flush()
        user_id = leaving.id
    admin = desktop
    log_in(admin, live_server.world["admin"].username)
    admin.goto(f"/beheer/gebruikers/{user_id}")
    with admin.expect_navigation():
        admin.get_by_role("button", name="Account deactiveren").click()
    assert "Opgeslagen" in admin.locator("main").inner_text()
    axe_check(admin)
    screenshot(admin, "admin-deactivated")

    phone.goto("/login")
    phone.get_by_label("Gebruikersnaam").fill("vertrekt")
    phone.get_by_label("Wachtwoord").fill("correct horse battery")
    with phone.expect_navigation():
        phone.locator("main form button[type=submit]").click()
    assert "/login" in phone.url
    assert "Onbekende gebruikersnaam of verkeerd wachtwoord." in phone.locator("main").inner_text()
    axe_check(phone)
