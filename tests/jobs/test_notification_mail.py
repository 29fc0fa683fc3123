"""Notification mails against a real SMTP server (aiosmtpd) on the loopback address: one mail per user in their
language with a count and a link and nothing of the notifications, at most once per notification; a refused or
unreachable server is logged, retried on the next tick, and holds up no job. Plain SMTP, STARTTLS with a login,
and TLS from the start, the last two with certificates from a throwaway authority (trustme)."""

from __future__ import annotations

import logging
import socket
import ssl
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime, time, timedelta
from email import message_from_bytes
from email.message import EmailMessage
from email.policy import default
from pathlib import Path
from typing import Any

import pytest
import trustme
from aiosmtpd.controller import Controller
from aiosmtpd.smtp import AuthResult, LoginPassword
from sqlalchemy import Engine, update
from sqlmodel import Session, col, select

from reclassering.casefile.db import unit_of_work
from reclassering.casefile.fields import today as service_today
from reclassering.casefile.models import Notification, User
from reclassering.jobs import mail
from reclassering.jobs.scheduler import Ticker
from reclassering.settings import Settings, SettingsError, load_settings

from ..world import World
from .helpers import on

NOW = datetime(2026, 11, 10, 7, 30, tzinfo=UTC)
URL = "https://reclassering.example.nl"


@dataclass
class Sink:
    """What the SMTP server received, and which addresses it refuses."""

    port: int
    messages: list[EmailMessage] = field(default_factory=list)
    refuse: set[str] = field(default_factory=set)

    def by_recipient(self) -> dict[str, EmailMessage]:
        return {str(m["To"]): m for m in self.messages}


class Handler:
    def __init__(self, sink: Sink) -> None:
        self.sink = sink

    async def handle_RCPT(self, server: Any, session: Any, envelope: Any, address: str, options: Any) -> str:
        if address in self.sink.refuse:
            return "550 5.1.1 mailbox unavailable"
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:
        self.sink.messages.append(message_from_bytes(envelope.content, policy=default))  # type: ignore[arg-type]
        return "250 Message accepted"


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _authenticator(server: Any, session: Any, envelope: Any, mechanism: str, data: Any) -> AuthResult:
    ok = isinstance(data, LoginPassword) and (data.login, data.password) == (b"reclassering", b"geheim wachtwoord")
    return AuthResult(success=ok, handled=False)


def _start(sink: Sink, **server_options: Any) -> Controller:
    controller = Controller(Handler(sink), hostname="127.0.0.1", port=sink.port, **server_options)
    controller.start()
    return controller


@pytest.fixture
def sink() -> Iterator[Sink]:
    found = Sink(_free_port())
    controller = _start(found)
    try:
        yield found
    finally:
        controller.stop()


def _settings(settings: Settings, port: int, **extra: Any) -> Settings:
    values: dict[str, Any] = {
        "data_dir": settings.data_dir,
        "secret_key": "test-secret",
        "cookie_secure": False,
        "scheduler_embedded": False,
        "smtp_host": "127.0.0.1",
        "smtp_port": port,
        "smtp_tls": "none",
        "smtp_from": "reclassering <noreply@example.nl>",
        "public_url": URL,
    }
    return Settings(**{**values, **extra})


def _note(recipient: int, youth_id: int, subject: str, *, created: datetime = NOW, read: bool = False) -> Notification:
    return Notification(
        recipient_id=recipient,
        job="weekly_round",
        run_key="2026-W45",
        kind="checkin_missing",
        subject=subject,
        youth_id=youth_id,
        params={"youth": "Amir K.", "week": "2026-W45"},
        created_at=created,
        read_at=NOW if read else None,
    )


@pytest.fixture
def waiting(engine: Engine, world: World) -> dict[str, list[int]]:
    """Wessel (Dutch) has two new notifications, one read and one too old to mail; Sanne (English) has one;
    Wendy has one but no address; Wim has an address but is no longer active."""
    y1 = world.cases["y1"].youth_id
    with unit_of_work(engine) as session:
        for key, email, locale, active in (
            ("w1", "wessel@example.nl", "nl", True),
            ("s1", "sanne@example.nl", "en", True),
            ("w3", "wim@example.nl", "nl", False),
        ):
            session.execute(
                update(User).where(User.id == world[key].id).values(email=email, locale=locale, active=active)  # type: ignore[arg-type]
            )
        notes = {
            "w1": [_note(world["w1"].id, y1, "measure:1"), _note(world["w1"].id, y1, "measure:2")],
            "w1_read": [_note(world["w1"].id, y1, "measure:3", read=True)],
            "w1_old": [_note(world["w1"].id, y1, "measure:4", created=NOW - timedelta(days=8))],
            "s1": [_note(world["s1"].id, y1, "measure:1")],
            "w2": [_note(world["w2"].id, y1, "measure:5")],
            "w3": [_note(world["w3"].id, y1, "measure:6")],
        }
        for rows in notes.values():
            session.add_all(rows)
        session.flush()
        return {key: [n.id for n in rows] for key, rows in notes.items()}  # type: ignore[misc]


def _mailed(engine: Engine) -> set[int]:
    with Session(engine) as session:
        return set(session.exec(select(Notification.id).where(col(Notification.emailed_at).is_not(None))).all())  # type: ignore[arg-type]


def _text(message: EmailMessage) -> str:
    return message.get_content()  # type: ignore[no-any-return]


def test_one_mail_per_user_with_a_count_and_a_link_and_nothing_more(
    engine: Engine, settings: Settings, sink: Sink, waiting: dict[str, list[int]]
) -> None:
    run = mail.send_pending(engine, _settings(settings, sink.port), NOW)
    assert (run.sent, run.failed) == (2, 0)
    mails = sink.by_recipient()
    assert set(mails) == {"wessel@example.nl", "sanne@example.nl"}

    dutch, english = mails["wessel@example.nl"], mails["sanne@example.nl"]
    assert dutch["Subject"] == "reclassering: 2 nieuwe meldingen"
    assert english["Subject"] == "reclassering: 1 new notification"
    assert "Er staan 2 nieuwe meldingen voor je klaar in reclassering." in _text(dutch)
    assert "There is 1 new notification waiting for you in reclassering." in _text(english)
    for message in (dutch, english):
        body = _text(message)
        assert f"{URL}/meldingen" in body
        assert message["From"] == "reclassering <noreply@example.nl>"
        assert message["Auto-Submitted"] == "auto-generated" and message["Message-ID"].endswith("@example.nl>")
        assert message.get_content_type() == "text/plain"
        # nothing of the notifications themselves: no youth, no week, no kind of event
        for secret in ("Amir", "2026-W45", "check-in", "measure", "ontbreekt"):
            assert secret not in body and secret not in str(message["Subject"])
    assert _text(dutch).startswith("Hallo Wessel de Vries,")

    assert _mailed(engine) == set(waiting["w1"] + waiting["s1"])
    # at most once: the next tick sends nothing
    again = mail.send_pending(engine, _settings(settings, sink.port), NOW + timedelta(minutes=1))
    assert (again.sent, again.failed) == (0, 0) and len(sink.messages) == 2


def test_a_refused_mail_is_logged_and_retried_on_the_next_tick(
    engine: Engine,
    settings: Settings,
    world: World,
    sink: Sink,
    waiting: dict[str, list[int]],
    caplog: pytest.LogCaptureFixture,
) -> None:
    sink.refuse.add("wessel@example.nl")
    with caplog.at_level(logging.WARNING, logger="reclassering.jobs.mail"):
        run = mail.send_pending(engine, _settings(settings, sink.port), NOW)
    assert (run.sent, run.failed) == (1, 1)
    assert [str(m["To"]) for m in sink.messages] == ["sanne@example.nl"]
    refused = [r.getMessage() for r in caplog.records if "refused" in r.getMessage()]
    assert len(refused) == 1 and f"to user {world['w1'].id} refused" in refused[0] and "550" in refused[0]
    assert _mailed(engine) == set(waiting["s1"])

    sink.refuse.clear()
    retry = mail.send_pending(engine, _settings(settings, sink.port), NOW + timedelta(seconds=15))
    assert (retry.sent, retry.failed) == (1, 0)
    assert sink.messages[-1]["Subject"] == "reclassering: 2 nieuwe meldingen"
    assert _mailed(engine) == set(waiting["w1"] + waiting["s1"])


def test_an_unreachable_server_holds_up_no_job_and_the_mail_goes_when_it_is_back(
    engine: Engine, settings: Settings, world: World, caplog: pytest.LogCaptureFixture
) -> None:
    """The jobs of the tick are done while the mail server is away; the notifications they made are mailed on
    a later tick, once the server answers."""
    with unit_of_work(engine) as session:
        session.execute(update(User).where(User.id == world["s1"].id).values(email="sanne@example.nl"))  # type: ignore[arg-type]
    port = _free_port()  # nothing listens here yet
    # noon on the day the world was built for: this week's round and today's list are due. At the real moment the
    # round of a Monday before 07:00 is still last week's, and misses the world's check-in of last week.
    now = on(service_today(), time(12, 0))
    ticker = Ticker(engine, _settings(settings, port), holder="test")
    with caplog.at_level(logging.WARNING, logger="reclassering.jobs.mail"):
        outcomes = ticker.tick(now)
    assert {o.job: o.status for o in outcomes} == {
        "weekly_round": "done",
        "daily_attention": "done",
        "retention": "done",
    }
    assert any("cannot reach 127.0.0.1" in r.getMessage() for r in caplog.records)
    assert _mailed(engine) == set()

    back = Sink(port)
    controller = _start(back)
    try:
        later = ticker.tick(now + timedelta(seconds=15))
    finally:
        controller.stop()
    assert {o.status for o in later} == {"skipped"}  # the jobs are done; only the mail was waiting
    # the daily list told Sanne of the two conferences of her team held today
    assert [str(m["To"]) for m in back.messages] == ["sanne@example.nl"]
    assert back.messages[0]["Subject"] == "reclassering: 2 nieuwe meldingen"
    with Session(engine) as session:
        mine = session.exec(select(Notification).where(Notification.recipient_id == world["s1"].id)).all()
    assert len(mine) == 2 and all(n.emailed_at is not None for n in mine)


@pytest.fixture
def authority(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> ssl.SSLContext:
    """A throwaway CA the client trusts (through SSL_CERT_FILE) and a server context with its certificate."""
    ca = trustme.CA()
    trusted = tmp_path / "ca.pem"
    ca.cert_pem.write_to_path(str(trusted))
    monkeypatch.setenv("SSL_CERT_FILE", str(trusted))
    server = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    ca.issue_cert("127.0.0.1").configure_cert(server)
    return server


def test_starttls_with_a_login(
    engine: Engine, settings: Settings, waiting: dict[str, list[int]], authority: ssl.SSLContext
) -> None:
    found = Sink(_free_port())
    controller = _start(
        found, tls_context=authority, require_starttls=True, authenticator=_authenticator, auth_require_tls=True
    )
    try:
        wrong = _settings(settings, found.port, smtp_tls="starttls", smtp_user="reclassering", smtp_password="verkeerd")
        assert mail.send_pending(engine, wrong, NOW).failed == 2 and _mailed(engine) == set()
        right = _settings(
            settings, found.port, smtp_tls="starttls", smtp_user="reclassering", smtp_password="geheim wachtwoord"
        )
        run = mail.send_pending(engine, right, NOW)
    finally:
        controller.stop()
    assert (run.sent, run.failed) == (2, 0)
    assert set(found.by_recipient()) == {"wessel@example.nl", "sanne@example.nl"}


def test_tls_from_the_start(
    engine: Engine, settings: Settings, waiting: dict[str, list[int]], authority: ssl.SSLContext
) -> None:
    found = Sink(_free_port())
    controller = Controller(Handler(found), hostname="127.0.0.1", port=found.port, ssl_context=authority)
    controller.start()
    try:
        plain = mail.send_pending(engine, _settings(settings, found.port, smtp_tls="starttls"), NOW)
        assert plain.failed == 2 and not found.messages  # a TLS server does not speak plain SMTP first
        run = mail.send_pending(engine, _settings(settings, found.port, smtp_tls="tls"), NOW)
    finally:
        controller.stop()
    assert (run.sent, run.failed) == (2, 0)


def test_no_smtp_host_means_no_mail_and_nothing_claimed(
    engine: Engine, settings: Settings, waiting: dict[str, list[int]]
) -> None:
    assert mail.send_pending(engine, settings, NOW) == mail.MailRun()
    assert _mailed(engine) == set()


@pytest.mark.parametrize(
    ("variables", "words"),
    [
        ({"SMTP_TLS": "ssl"}, "RECLASSERING_SMTP_TLS must be one of starttls, tls, none"),
        ({"SMTP_FROM": ""}, "RECLASSERING_SMTP_FROM must be the sender's address"),
        ({"SMTP_FROM": "x@example.nl\r\nBcc: y@example.nl"}, "RECLASSERING_SMTP_FROM"),
        ({"SMTP_PORT": "70000"}, "RECLASSERING_SMTP_PORT 70000 is no port"),
        ({"SMTP_USER": "reclassering"}, "give both RECLASSERING_SMTP_USER and RECLASSERING_SMTP_PASSWORD"),
        (
            {"SMTP_TLS": "none", "SMTP_USER": "r", "SMTP_PASSWORD": "p"},
            "would send the SMTP password unencrypted",
        ),
        ({"PUBLIC_URL": ""}, "RECLASSERING_PUBLIC_URL must be the address"),
    ],
)
def test_mail_settings_are_checked_at_start(variables: dict[str, str], words: str) -> None:
    good = {
        "SMTP_HOST": "smtp.example.nl",
        "SMTP_FROM": "noreply@example.nl",
        "PUBLIC_URL": URL,
    }
    environ = {f"RECLASSERING_{k}": v for k, v in {**good, **variables}.items()}
    with pytest.raises(SettingsError, match="invalid setting") as refused:
        load_settings(environ)
    assert words in str(refused.value)
    assert load_settings({f"RECLASSERING_{k}": v for k, v in good.items()}).smtp_tls == "starttls"
