"""Network links (issue 10): a network member scores the goals they were asked about through a personal link.

A link reaches exactly its own measure's asked goals and nothing else; an expired, revoked, guessed or malformed
link (or one whose measure closed) answers the same 404 page; only the secret's hash is stored and the secret
never reaches the audit trail; a network score is that member's own line in ``/progress`` and in the charts.
"""

from __future__ import annotations

import hashlib
import logging
import re
from datetime import timedelta
from typing import Any

import pytest
from sqlalchemy import Engine, text
from sqlmodel import Session, select

from reclassering.casefile import network
from reclassering.casefile.models import AuditEvent, Measure, Score, Success
from reclassering.casefile.models.network_links import NetworkLink
from reclassering.casefile.types import utcnow

from ..world import World
from .test_pages import _csrf, _log_in, _post_form


def _make_link(client: Any, world: World, goal_index: int = 0, **extra: Any) -> tuple[dict[str, Any], str]:
    case = world.cases["y1"]
    body = {"member_id": case.network_member_id, "goal_ids": [case.goal_ids[goal_index]], **extra}
    response = client.post(f"/api/v1/measures/{case.measure_id}/network-links", json=body, headers=world["w1"].headers)
    assert response.status_code == 201, response.text
    created = response.json()
    secret = created["url"].rsplit("/netwerk/", 1)[1]
    return created, secret


def _send(client: Any, secret: str, fields: dict[str, str]) -> Any:
    page = client.get(f"/netwerk/{secret}")
    assert page.status_code == 200, page.text
    return client.post(f"/netwerk/{secret}", data={**fields, "_csrf_token": _csrf(page.text)}, follow_redirects=False)


def test_a_link_is_shown_once_and_stored_only_as_its_hash(client: Any, world: World, session: Session) -> None:
    created, secret = _make_link(client, world, days=3, locale="en")
    assert created["url"].endswith(f"/netwerk/{secret}") and len(secret) >= 43
    link = created["link"]
    assert link["status"] == "active" and link["member_name"] == "Moeder" and link["locale"] == "en"
    row = session.get(NetworkLink, link["id"])
    assert row is not None and row.token_hash == hashlib.sha256(secret.encode()).hexdigest()
    assert timedelta(days=2, hours=23) < row.expires_at - row.created_at <= timedelta(days=3)
    listed = client.get(f"/api/v1/measures/{world.cases['y1'].measure_id}/network-links", headers=world["w1"].headers)
    assert listed.status_code == 200 and secret not in listed.text
    assert [item["status"] for item in listed.json()["items"]] == ["active"]
    default = _make_link(client, world)[0]["link"]
    row = session.get(NetworkLink, default["id"])
    assert row is not None and row.expires_at - row.created_at == timedelta(days=14)


def test_the_create_body_is_checked(client: Any, world: World) -> None:
    case, foreign = world.cases["y1"], world.cases["y3"]
    url = f"/api/v1/measures/{case.measure_id}/network-links"
    bad = [
        {"member_id": case.network_member_id, "goal_ids": []},
        {"member_id": case.network_member_id, "goal_ids": [case.goal_ids[0]], "days": 0},
        {"member_id": case.network_member_id, "goal_ids": [case.goal_ids[0]], "days": 61},
        {"member_id": case.network_member_id, "goal_ids": [case.goal_ids[0]], "locale": "de"},
        {"member_id": case.network_member_id, "goal_ids": [case.goal_ids[0]], "secret": "x"},
        {"member_id": foreign.network_member_id, "goal_ids": [case.goal_ids[0]]},
        {"member_id": case.network_member_id, "goal_ids": [foreign.goal_ids[0]]},
        {"member_id": 2**31, "goal_ids": [case.goal_ids[0]]},
    ]
    for body in bad:
        response = client.post(url, json=body, headers=world["w1"].headers)
        assert response.status_code in (400, 422), (body, response.text)


def test_a_link_reaches_exactly_its_own_measures_asked_goals(
    client: Any, world: World, session: Session, engine: Engine
) -> None:
    case = world.cases["y1"]
    _, secret = _make_link(client, world)
    page = client.get(f"/netwerk/{secret}")
    assert page.status_code == 200 and '<html lang="nl">' in page.text
    assert "Ik ga elke dag naar school" in page.text  # the asked goal, in the youth's words
    assert "Minder ruzie thuis" not in page.text  # a goal of the measure that was not asked
    assert "Hoe gaat het met" in page.text and "Wat zag je goed gaan?" in page.text
    english = client.get(f"/netwerk/{secret}?lang=en")
    assert '<html lang="en">' in english.text and "What did you see going well?" in english.text
    client.cookies.clear()
    asked, other = case.goal_ids
    foreign_goal = world.cases["y3"].goal_ids[0]
    sent = _send(
        client,
        secret,
        {
            f"score_{asked}": "7",
            f"note_{asked}": "Hij hielp met koken",
            f"score_{other}": "2",  # not asked: ignored
            f"score_{foreign_goal}": "1",  # another youth's goal: ignored
        },
    )
    assert sent.status_code == 303, sent.text
    key = f"network:{case.network_member_id}"
    scores = session.exec(select(Score).where(Score.rater_key == key)).all()
    assert [(s.goal_id, s.value, s.rater_kind, s.network_member_id) for s in scores] == [
        (asked, 7, "network", case.network_member_id)
    ]
    # the same week again replaces the member's own score and note
    again = _send(client, secret, {f"score_{asked}": "8", f"note_{asked}": "Hij kookte zelf"})
    assert again.status_code == 303
    session.expire_all()
    scores = session.exec(select(Score).where(Score.rater_key == key)).all()
    assert [s.value for s in scores] == [8]
    noticed = session.exec(select(Success).where(Success.network_member_id == case.network_member_id)).all()
    assert [(s.text, s.noticed_by, s.goal_id) for s in noticed] == [("Hij kookte zelf", "network", asked)]
    shown = client.get(f"/netwerk/{secret}?saved=1").text
    assert 'value="8"' in shown and "Hij kookte zelf</textarea>" in shown and "Opgeslagen" in shown
    # the trail names the network member and never the secret
    events = session.exec(select(AuditEvent).where(AuditEvent.role == "network")).all()
    assert events and {e.username for e in events} == {key}
    assert {e.youth_id for e in events} == {case.youth_id}
    with engine.connect() as connection:
        trail = " ".join(str(v) for row in connection.execute(text("SELECT * FROM audit_event")) for v in row)
    assert secret not in trail and "/netwerk/…" in trail
    # the youth's own access log names the member (by name, as one of their network), never the path
    log = client.get(f"/api/v1/youths/{case.youth_id}/access-log", headers=world["y1"].headers)
    assert log.status_code == 200, log.text
    texts = [item["text"] for item in log.json()["items"] if item["role"] == "network"]
    assert texts and all(t.startswith("Moeder (uit je netwerk)") for t in texts), texts
    assert secret not in log.text


def test_a_refused_link_form_stores_nothing(client: Any, world: World, engine: Engine) -> None:
    case = world.cases["y1"]
    _, secret = _make_link(client, world)
    client.cookies.clear()
    for fields in ({f"score_{case.goal_ids[0]}": "11"}, {f"note_{case.goal_ids[0]}": "Goed\x00"}, {}):
        with engine.connect() as connection:
            before = connection.execute(text("SELECT count(*) FROM score")).scalar_one()
        response = _send(client, secret, fields)
        assert response.status_code == 422 and 'role="alert"' in response.text
        with engine.connect() as connection:
            assert connection.execute(text("SELECT count(*) FROM score")).scalar_one() == before


def test_every_bad_link_answers_the_same_404(client: Any, world: World, session: Session) -> None:
    case = world.cases["y1"]
    _, expired = _make_link(client, world)
    _, revoked = _make_link(client, world)
    _, closed = _make_link(client, world)
    row = session.exec(
        select(NetworkLink).where(NetworkLink.token_hash == hashlib.sha256(expired.encode()).hexdigest())
    ).one()
    row.expires_at = utcnow() - timedelta(seconds=1)
    session.add(row)
    session.commit()
    revoked_id = session.exec(
        select(NetworkLink.id).where(NetworkLink.token_hash == hashlib.sha256(revoked.encode()).hexdigest())
    ).one()
    response = client.post(
        f"/api/v1/measures/{case.measure_id}/network-links/{revoked_id}/revoke", headers=world["w1"].headers
    )
    assert response.status_code == 200 and response.json()["status"] == "revoked"
    other = world.cases["y3"]
    wrong_measure = client.post(
        f"/api/v1/measures/{other.measure_id}/network-links/{revoked_id}/revoke", headers=world["w3"].headers
    )
    assert wrong_measure.status_code == 404
    bodies = set()
    guessed = "A" * 43
    for secret in (expired, revoked, guessed, "kort", "x" * 500, "%00abc", "..%2F..%2Fapi"):
        response = client.get(f"/netwerk/{secret}")
        assert response.status_code == 404, secret
        # the same page, apart from the language link (which points at the address asked for)
        bodies.add(re.sub(r'value="[^"]+"|href="/netwerk/[^"]*"', "", response.text))
    assert len(bodies) == 1
    assert "<h1>Niet gevonden</h1>" in bodies.pop() and "Deze link werkt niet (meer)." in response.text
    assert client.get(f"/netwerk/{closed}").status_code == 200
    measure = session.get(Measure, case.measure_id)
    assert measure is not None
    measure.status = "completed"
    session.add(measure)
    session.commit()
    assert client.get(f"/netwerk/{closed}").status_code == 404
    listed = client.get(f"/api/v1/measures/{case.measure_id}/network-links", headers=world["w1"].headers).json()[
        "items"
    ]
    assert sorted(item["status"] for item in listed) == ["active", "expired", "revoked"]


def test_links_go_with_the_measure_and_the_member(client: Any, world: World, session: Session) -> None:
    case = world.cases["y1"]
    _make_link(client, world)
    network.remove_member(session, case.network_member_id)
    session.commit()
    assert session.exec(select(NetworkLink)).all() == []


def test_the_worker_makes_lists_and_revokes_links_on_the_youths_page(
    client: Any, world: World, session: Session
) -> None:
    case = world.cases["y1"]
    _log_in(client, "wessel")
    page = f"/jongeren/{case.youth_id}"
    assert "Een link maken voor iemand uit het netwerk" in client.get(page).text
    refused = _post_form(client, page, f"{page}/netwerklinks", {"member_id": "", "days": "99"})
    assert refused.status_code == 422
    assert 'id="error-link-member_id"' in refused.text and 'id="error-link-goals"' in refused.text
    assert 'id="error-link-days"' in refused.text
    made = _post_form(
        client,
        page,
        f"{page}/netwerklinks",
        {"member_id": str(case.network_member_id), f"goal_{case.goal_ids[1]}": "yes", "locale": "en"},
    )
    assert made.status_code == 200, made.text
    url = re.search(r'id="new-link" type="text" readonly value="([^"]+)"', made.text)
    assert url and "/netwerk/" in url.group(1)
    secret = url.group(1).rsplit("/", 1)[1]
    later = client.get(page).text
    assert secret not in later and "werkt tot" in later
    link = session.exec(select(NetworkLink)).one()
    assert link.locale == "en" and link.goal_ids == [case.goal_ids[1]]
    revoked = _post_form(client, page, f"/netwerklinks/{link.id}/intrekken", {})
    assert revoked.status_code == 303
    assert "ingetrokken" in client.get(page).text
    assert client.get(f"/netwerk/{secret}").status_code == 404


def test_a_network_score_is_that_members_own_line_in_progress_and_charts(
    client: Any, world: World, session: Session
) -> None:
    case = world.cases["y1"]
    coach = network.add_member(session, case.youth_id, network.NetworkMemberCreate(name="Trainer Kees", role="coach"))  # type: ignore[arg-type]
    session.commit()
    _, mother_secret = _make_link(client, world)
    created = client.post(
        f"/api/v1/measures/{case.measure_id}/network-links",
        json={"member_id": coach.id, "goal_ids": [case.goal_ids[0]]},
        headers=world["w1"].headers,
    )
    coach_secret = created.json()["url"].rsplit("/", 1)[1]
    client.cookies.clear()
    goal = case.goal_ids[0]
    assert _send(client, mother_secret, {f"score_{goal}": "4"}).status_code == 303
    assert _send(client, coach_secret, {f"score_{goal}": "9"}).status_code == 303
    progress = client.get(f"/api/v1/measures/{case.measure_id}/progress", headers=world["w1"].headers)
    assert progress.status_code == 200, progress.text
    body = progress.json()["progress"]
    mother, kees = f"network:{case.network_member_id}", f"network:{coach.id}"
    raters = {(t["goal_id"], t["rater"]) for t in body["trends"]["items"]}
    assert (goal, mother) in raters and (goal, kees) in raters and (goal, "network") not in raters  # never averaged
    currents = {c["rater"]: c["baseline"] for c in body["reliable_change"]["items"] if c["goal_id"] == goal}
    assert currents[mother] == 4 and currents[kees] == 9
    assert {(r["key"], r["name"], r["role"]) for r in body["raters"]} == {
        (mother, "Moeder", "parent"),
        (kees, "Trainer Kees", "coach"),
    }
    charts = client.get(f"/api/v1/measures/{case.measure_id}/charts", headers=world["w1"].headers).json()["items"]
    alt = next(c["alt_text"] for c in charts if c["name"] == f"scores-{goal}")
    assert "Moeder (ouder) 4" in alt and "Trainer Kees (coach) 9" in alt
    png = client.get(f"/api/v1/measures/{case.measure_id}/charts/scores-{goal}.svg", headers=world["w1"].headers)
    assert png.status_code == 200 and "Trainer Kees (coach)" in png.text  # the legend names each member


def test_the_worker_and_the_youth_see_the_members_own_line_on_their_pages(
    client: Any, world: World, session: Session
) -> None:
    case = world.cases["y1"]
    _, secret = _make_link(client, world)
    client.cookies.clear()
    sent = _send(client, secret, {f"score_{case.goal_ids[0]}": "6", f"note_{case.goal_ids[0]}": "Samen gekookt"})
    assert sent.status_code == 303
    client.cookies.clear()
    _log_in(client, "wessel")
    page = client.get(f"/jongeren/{case.youth_id}").text
    assert re.search(r"Samen gekookt</span>\s*<span class=\"muted\">· gezien door Moeder \(ouder\)", page), page
    assert "Moeder (ouder)" in page and 'stroke-dasharray="2 3"' in page
    assert re.search(r"Moeder \(ouder\): 6 \(week \d+\)\.", page)  # told in words, too
    client.cookies.clear()
    _log_in(client, "amir")
    mine = client.get("/mijn").text
    assert "Moeder (ouder)" in mine


def test_the_secret_never_reaches_the_access_log(app: Any) -> None:
    """The server's access log names every path: the filter create_app installs writes a link as /netwerk/…"""
    import logging

    from reclassering.api.pages_network import RedactLinks

    logger = logging.getLogger("uvicorn.access")
    assert any(isinstance(f, RedactLinks) for f in logger.filters)
    secret = "s6lVK3_1jx0aafKOoxZTcJRzWvnWKwOspmYwEO0eYoM"
    record = logging.LogRecord(
        "uvicorn.access",
        logging.INFO,
        __file__,
        1,
        '%s - "%s %s HTTP/%s" %d',
        ("127.0.0.1:5000", "POST", f"/netwerk/{secret}?lang=en", "1.1", 303),
        None,
    )
    assert RedactLinks().filter(record)
    line = record.getMessage()
    assert secret not in line and '"POST /netwerk/…?lang=en HTTP/1.1" 303' in line


def test_who_may_make_and_revoke_links_on_the_pages(client: Any, world: World, session: Session) -> None:
    """The youth's worker and the team's supervisor; not the youth (403), not the expert (403), not another
    team's worker (404, as for a youth that does not exist); nobody without a login."""
    case = world.cases["y1"]
    fields = {"member_id": str(case.network_member_id), f"goal_{case.goal_ids[0]}": "yes"}
    action = f"/jongeren/{case.youth_id}/netwerklinks"
    anonymous = client.post(action, data=fields, follow_redirects=False)
    assert anonymous.status_code in (303, 403)
    for username, page, status in (
        ("amir", "/mijn", 403),
        ("xandra", f"/jongeren/{case.youth_id}", 403),
        ("wim", "/caseload", 404),
        ("sanne", f"/jongeren/{case.youth_id}", 200),
    ):
        client.cookies.clear()
        _log_in(client, username)
        response = _post_form(client, page, action, fields)
        assert response.status_code == status, (username, response.status_code)
    link = session.exec(select(NetworkLink)).one()  # only the supervisor's
    assert link.created_by_id == world["s1"].id
    for username, page, status in (("amir", "/mijn", 403), ("wim", "/caseload", 404), ("wessel", "/caseload", 303)):
        client.cookies.clear()
        _log_in(client, username)
        response = _post_form(client, page, f"/netwerklinks/{link.id}/intrekken", {})
        assert response.status_code == status, (username, response.status_code)
    session.refresh(link)
    assert link.revoked_at is not None and link.revoked_by_id == world["w1"].id


def test_a_refused_link_goes_on_the_youths_trail_and_a_guess_in_the_log(
    client: Any, world: World, session: Session, caplog: pytest.LogCaptureFixture
) -> None:
    """The member behind an expired or revoked link (or one whose measure closed) is on the youth's trail as
    refused, with the reason; a guessed or malformed secret names no record, so the operator finds it in the log.
    The page says the same in every case, and no secret is written anywhere."""
    case = world.cases["y1"]
    created, expired = _make_link(client, world)
    row = session.get(NetworkLink, created["link"]["id"])
    assert row is not None
    row.expires_at = utcnow() - timedelta(seconds=1)
    session.add(row)
    session.commit()
    guessed = "A" * 43
    with caplog.at_level(logging.WARNING, logger="reclassering.api.pages_network"):
        assert client.get(f"/netwerk/{expired}").status_code == 404
        page = client.get(f"/netwerk/{guessed}")
        assert page.status_code == 404
        token = _csrf(client.get("/login").text)
        assert client.post(f"/netwerk/{expired}", data={"_csrf_token": token}).status_code == 404
    session.expire_all()
    refused = session.exec(
        select(AuditEvent).where(AuditEvent.object_type == "network_link", AuditEvent.outcome == "denied")
    ).all()
    assert [(e.youth_id, e.action, e.object_id, e.outcome, e.status_code, e.detail) for e in refused] == [
        (case.youth_id, "read", created["link"]["id"], "denied", 404, "link expired"),
        (case.youth_id, "update", created["link"]["id"], "denied", 404, "link expired"),
    ]
    assert {(e.username, e.role, e.access_point.split(" ", 1)[1]) for e in refused} == {
        (f"network:{case.network_member_id}", "network", "GET /netwerk/…"),
        (f"network:{case.network_member_id}", "network", "POST /netwerk/…"),
    }
    warnings = [r.getMessage() for r in caplog.records if r.name == "reclassering.api.pages_network"]
    assert warnings == ["an unknown network link was asked for (GET /netwerk/…)"]
    trail = session.exec(select(AuditEvent.access_point, AuditEvent.detail)).all()
    assert not any(expired in point or guessed in point or expired in detail for point, detail in trail)
