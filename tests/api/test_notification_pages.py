"""The pages for notifications (a count in the navigation, the list, marking read) and for retention (the rules,
the receipts, a dry run): in Dutch by default and English on request, each only for the roles it is for."""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta
from html import unescape
from typing import Any

import pytest
from sqlalchemy import Engine, text, update
from sqlmodel import Session, col, select

from reclassering.casefile.db import unit_of_work
from reclassering.casefile.fields import today as service_today
from reclassering.casefile.models import Measure, Notification, Youth
from reclassering.settings import Settings

from ..jobs.helpers import on, run
from ..world import World
from .test_pages import _csrf, _log_in, _post_form

MOMENT = datetime(2026, 11, 9, 6, 0, tzinfo=UTC)


def _notify(engine: Engine, recipient: int, youth_id: int, kind: str, subject: str, params: dict[str, Any]) -> int:
    with unit_of_work(engine) as session:
        note = Notification(
            recipient_id=recipient,
            job="weekly_round",
            run_key=kind,
            kind=kind,
            subject=subject,
            youth_id=youth_id,
            params=params,
            created_at=MOMENT,
        )
        session.add(note)
        session.flush()
        return note.id  # type: ignore[return-value]


@pytest.fixture
def noted(engine: Engine, world: World) -> dict[str, int]:
    y1, y2 = world.cases["y1"], world.cases["y2"]
    return {
        "missing": _notify(
            engine,
            world["w1"].id,
            y1.youth_id,
            "checkin_missing",
            f"measure:{y1.measure_id}",
            {"youth": "Amir K.", "week": "2026-W45"},
        ),
        "ending": _notify(
            engine,
            world["w1"].id,
            y1.youth_id,
            "measure_ending",
            f"measure:{y1.measure_id}",
            {"youth": "Amir K.", "planned_end": "2026-12-01"},
        ),
        "supervisor": _notify(
            engine,
            world["s1"].id,
            y2.youth_id,
            "checkin_overdue",
            f"measure:{y2.measure_id}",
            {"youth": "Bo de J.", "worker": "Wendy Bakker", "weeks": "2026-W44, 2026-W45"},
        ),
    }


def _unread(engine: Engine, note_id: int) -> bool:
    with Session(engine) as session:
        return session.get(Notification, note_id).read_at is None  # type: ignore[union-attr]


def _nav(html: str) -> str:
    match = re.search(r"<nav .*?</nav>", html, re.S)
    assert match
    return match.group(0)


def test_the_count_in_the_navigation_the_list_and_marking_read(
    client: Any, world: World, engine: Engine, noted: dict[str, int]
) -> None:
    _log_in(client, "wessel")
    caseload = client.get("/caseload").text
    assert (
        '<a href="/meldingen" aria-label="Meldingen, 2 ongelezen">Meldingen <span class="badge">2</span></a>'
        in _nav(caseload)
    )

    page = client.get("/meldingen")
    assert page.status_code == 200
    html = page.text
    assert "<h1>Meldingen</h1>" in html and "2 ongelezen van 2" in html
    youth = world.cases["y1"].youth_id
    assert f'<a href="/jongeren/{youth}">De check-in van Amir K. voor week 2026-W45 ontbreekt.</a>' in html
    assert "De maatregel van Amir K. loopt af op 2026-12-01." in html
    assert "9 nov 2026 07:00" in html  # the moment in Amsterdam time
    assert html.count('<span class="badge">nieuw</span>') == 2
    assert "Bo de J." not in html  # the supervisor's notification is not his
    with engine.connect() as connection:
        read = connection.execute(
            text(
                "SELECT youth_id, object_type, action FROM audit_event"
                " WHERE username = 'wessel' AND outcome = 'success'"
            )
        ).all()
    assert (youth, "notification", "read") in [tuple(r) for r in read]

    one = _post_form(client, "/meldingen", "/meldingen/gelezen", {"id": str(noted["missing"])})
    assert one.status_code == 303 and one.headers["location"] == "/meldingen?gelezen=1"
    after = client.get("/meldingen?gelezen=1").text
    assert "Gemarkeerd als gelezen." in after and "1 ongelezen van 2" in after
    assert not _unread(engine, noted["missing"]) and _unread(engine, noted["ending"])
    assert '<span class="badge">1</span>' in _nav(after)

    everything = _post_form(client, "/meldingen", "/meldingen/gelezen", {"all": "1"})
    assert everything.status_code == 303
    done = client.get("/meldingen").text
    assert "0 ongelezen van 2" in done and "Alles als gelezen markeren" not in done
    assert '<a href="/meldingen">Meldingen</a>' in _nav(done)  # no count when nothing is unread

    english = client.get("/meldingen?lang=en").text
    assert "<h1>Notifications</h1>" in english and "The check-in of Amir K. for week 2026-W45 is missing." in english


def test_marking_someone_elses_notification_changes_nothing_and_a_bad_form_is_said(
    client: Any, world: World, engine: Engine, noted: dict[str, int]
) -> None:
    _log_in(client, "wessel")
    other = _post_form(client, "/meldingen", "/meldingen/gelezen", {"id": str(noted["supervisor"])})
    assert other.status_code == 303 and _unread(engine, noted["supervisor"])
    bad = _post_form(client, "/meldingen", "/meldingen/gelezen", {"id": "de eerste"})
    assert bad.status_code == 422 and "Kies een melding om als gelezen te markeren." in bad.text
    assert _unread(engine, noted["missing"])
    token = _csrf(client.get("/meldingen").text)
    assert token
    forged = client.post("/meldingen/gelezen", data={"all": "1"}, follow_redirects=False)  # no CSRF token
    assert forged.status_code == 403 and _unread(engine, noted["missing"])


@pytest.mark.parametrize(("username", "status"), [("sanne", 200), ("xandra", 200), ("beheer", 200), ("amir", 403)])
def test_every_staff_role_and_the_administrator_have_the_page_the_youth_does_not(
    client: Any, world: World, engine: Engine, noted: dict[str, int], username: str, status: int
) -> None:
    _log_in(client, username)
    assert client.get("/meldingen").status_code == status
    if status == 403:
        token = _csrf(client.get("/mijn").text)
        refused = client.post("/meldingen/gelezen", data={"all": "1", "_csrf_token": token}, follow_redirects=False)
        assert refused.status_code == 403
        assert "/meldingen" not in _nav(client.get("/mijn").text)
        assert _unread(engine, noted["missing"])
        return
    html = client.get("/meldingen").text
    if username == "sanne":
        assert "Te laat: Bo de J. (jeugdreclasseerder Wendy Bakker) heeft twee weken geen check-in" in html
    if username == "beheer":  # an administrator reaches no case record: no links to one
        assert "/jongeren/" not in html and "Geen meldingen." in html


def test_a_visitor_is_sent_to_the_login(client: Any, world: World) -> None:
    response = client.get("/meldingen", follow_redirects=False)
    assert response.status_code == 303 and response.headers["location"].startswith("/login")


# --- retention --------------------------------------------------------------------------------------------


def test_the_administrator_sees_the_rules_a_dry_run_and_then_the_receipts(
    client: Any, world: World, engine: Engine, settings: Settings
) -> None:
    case = world.cases["y1"]
    closed = service_today() - timedelta(days=365 * 21)
    with unit_of_work(engine) as session:
        session.execute(
            update(Measure).where(Measure.id == case.measure_id).values(status="completed", ended_on=closed)  # type: ignore[arg-type]
        )
    _log_in(client, "beheer")
    assert 'href="/beheer/bewaartermijnen"' in client.get("/beheer").text
    page = client.get("/beheer/bewaartermijnen").text
    assert "<h1>Bewaartermijnen</h1>" in page
    assert re.search(
        r"20 jaar bewaard nadat de laatste maatregel van de jongere is afgesloten: [a-z_, ]*toezicht_begeleiding", page
    )
    assert "Daarna: gewist" in page
    assert "0 regels verantwoording" in page and "Niets." in page

    dry = client.get("/beheer/bewaartermijnen/proefrun")
    assert dry.status_code == 200
    html = dry.text
    assert "Wat nu zou gaan" in html and "er is niets verwijderd" in html
    assert "Maatregel van soort toezicht_begeleiding, meer dan 20 jaar geleden afgesloten" in html
    assert f"dossiers van jongeren: gewist</td>\n    <td>1</td>\n    <td>{case.youth_id}</td>" in html
    assert "Amir" not in html  # numbers only
    with Session(engine) as session:
        assert session.get(Youth, case.youth_id) is not None  # the dry run removed nothing

    assert run(engine, settings, "retention", on(service_today())).status == "done"
    receipts = client.get("/beheer/bewaartermijnen").text
    assert "3 regels verantwoording" in receipts
    assert f"dossiers van jongeren: gewist</td>\n    <td>1</td>\n    <td>{case.youth_id}</td>" in receipts
    assert "Het inlogaccount van een jongere wiens dossier is gewist" in receipts and "Jeugdwet" in receipts
    assert "Amir" not in receipts
    english = client.get("/beheer/bewaartermijnen?lang=en").text
    assert "<h1>Retention</h1>" in english and "youth records: erased" in english


def test_a_malformed_retention_setting_is_said_on_the_page(
    client: Any, world: World, app: Any, settings: Settings
) -> None:
    import msgspec

    app.state.settings = msgspec.structs.replace(settings, retention_years_by_kind="stp=vijf")
    _log_in(client, "beheer")
    page = client.get("/beheer/bewaartermijnen")
    assert page.status_code == 200 and "'stp=vijf' is not <measure kind>=<years>" in unescape(page.text)
    dry = client.get("/beheer/bewaartermijnen/proefrun")
    assert dry.status_code == 200 and "De proefrun is mislukt:" in dry.text


@pytest.mark.parametrize("username", ["wessel", "sanne", "xandra", "amir"])
@pytest.mark.parametrize("path", ["/beheer/bewaartermijnen", "/beheer/bewaartermijnen/proefrun"])
def test_only_the_administrator_opens_the_retention_pages(
    client: Any, world: World, engine: Engine, username: str, path: str
) -> None:
    _log_in(client, username)
    response = client.get(path)
    assert response.status_code == 403 and "Niet toegestaan" in response.text
    with Session(engine) as session:
        assert session.exec(select(Youth).where(col(Youth.id) == world.cases["y1"].youth_id)).one()
