"""Notification mails: "there are N new notifications for you", with a link; never what they say.

Only when SMTP settings are given (``Settings.smtp_host``). On every tick the active scheduler mails each user
with an e-mail address about their unread notifications not mailed yet (made in the last
``MAIL_WITHIN``, so that setting up mail later does not send a flood about old ones): one mail per user per
tick, whatever the number of notifications.

What a mail holds, and why so little: mail travels through servers and mailboxes outside the organisation's
control and is kept there, forwarded and read on phones. So it holds the user's own name, how many new
notifications wait, and the link to the notifications page, in the user's language - no youth's name,
no kind of event, no date, no record number. Everything else is read after logging in.

At most once per notification: the notifications are claimed (``emailed_at`` set) before the mail goes out,
and released again only when the server refused or could not be reached (the next tick retries them; the
failure is logged). A scheduler that dies between the claim and the send loses that mail rather than sending
it twice. A constant number of statements per tick: one claiming update, one select of the recipients,
at most one releasing update.
"""

from __future__ import annotations

import logging
import smtplib
import ssl
from collections import defaultdict
from dataclasses import dataclass
from datetime import datetime, timedelta
from email.message import EmailMessage
from email.utils import format_datetime, make_msgid, parseaddr

from sqlalchemy import Engine, exists, select, update
from sqlmodel import Session, col

from ..casefile.models import Notification, User
from ..catalogue import translations
from ..settings import Settings

log = logging.getLogger(__name__)

#: Notifications older than this are not mailed (they are still shown in the app).
MAIL_WITHIN = timedelta(days=7)
#: Seconds to wait for the SMTP server before the tick gives up (and retries on the next one).
TIMEOUT = 20.0
#: The page the link opens.
PAGE = "/meldingen"


@dataclass
class Recipient:
    user_id: int
    email: str
    name: str
    locale: str
    notification_ids: list[int]


@dataclass
class MailRun:
    """What one tick's mailing did: mails sent, and recipients whose mail failed (retried next tick)."""

    sent: int = 0
    failed: int = 0


def compose(settings: Settings, recipient: Recipient, now: datetime) -> EmailMessage:
    """The mail for ``recipient``: plain text in their language, holding nothing of the notifications."""
    catalogue = translations("en" if recipient.locale == "en" else "nl")
    count = len(recipient.notification_ids)
    link = settings.public_url.rstrip("/") + PAGE
    lines = [
        catalogue.gettext("Hello %(name)s,") % {"name": recipient.name},
        "",
        catalogue.ngettext(
            "There is %(count)s new notification waiting for you in reclassering.",
            "There are %(count)s new notifications waiting for you in reclassering.",
            count,
        )
        % {"count": count},
        catalogue.gettext("Log in to read your notifications:"),
        link,
        "",
        catalogue.gettext(
            "This e-mail names no youth and no details, to protect everyone's privacy: those you find only in "
            "reclassering itself."
        ),
        catalogue.gettext(
            "You receive this e-mail because an administrator entered your address in reclassering. Ask them "
            "to remove it if you would rather not receive these e-mails."
        ),
    ]
    message = EmailMessage()
    message["Subject"] = catalogue.ngettext(
        "reclassering: %(count)s new notification", "reclassering: %(count)s new notifications", count
    ) % {"count": count}
    message["From"] = settings.smtp_from
    message["To"] = recipient.email
    message["Date"] = format_datetime(now)
    message["Message-ID"] = make_msgid(domain=parseaddr(settings.smtp_from)[1].rpartition("@")[2] or None)
    message["Auto-Submitted"] = "auto-generated"  # RFC 3834: no out-of-office replies to this
    message.set_content("\n".join(lines) + "\n")
    return message


def send_pending(engine: Engine, settings: Settings, now: datetime) -> MailRun:
    """Mail every user with new, unread, unmailed notifications (see the module docstring). Never raises for
    a mail server that refuses or is away: those notifications are released for the next tick and logged."""
    if not settings.smtp_host:
        return MailRun()
    recipients = _claim(engine, now)
    if not recipients:
        return MailRun()
    try:
        failed = _deliver(settings, recipients, now)
    except Exception:  # a fault of ours while composing or sending: give the notifications back, say so
        log.exception("notification mail failed; %d mails wait for the next tick", len(recipients))
        failed = recipients
    if failed:
        _release(engine, [i for r in failed for i in r.notification_ids])
    return MailRun(sent=len(recipients) - len(failed), failed=len(failed))


def _claim(engine: Engine, now: datetime) -> list[Recipient]:
    """Mark the notifications to mail as mailed (so nothing else mails them), and say to whom they go."""
    table = Notification.__table__  # type: ignore[attr-defined]
    has_address = exists().where(
        col(User.id) == table.c.recipient_id,
        User.email != "",
        User.active.is_(True),  # type: ignore[attr-defined]
    )
    with Session(engine) as session:
        claimed = session.execute(
            update(table)
            .where(
                table.c.emailed_at.is_(None),
                table.c.read_at.is_(None),
                table.c.created_at >= now - MAIL_WITHIN,
                has_address,
            )
            .values(emailed_at=now)
            .returning(table.c.id, table.c.recipient_id)
        ).all()
        session.commit()
        if not claimed:
            return []
        by_user: dict[int, list[int]] = defaultdict(list)
        for notification_id, user_id in claimed:
            by_user[user_id].append(notification_id)
        users = session.execute(
            select(User.id, User.email, User.display_name, User.locale).where(col(User.id).in_(list(by_user)))
        ).all()
    return [Recipient(u.id, u.email, u.display_name, u.locale, sorted(by_user[u.id])) for u in users]


def _release(engine: Engine, notification_ids: list[int]) -> None:
    with Session(engine) as session:
        session.execute(update(Notification).where(col(Notification.id).in_(notification_ids)).values(emailed_at=None))
        session.commit()


def _connect(settings: Settings) -> smtplib.SMTP:
    context = ssl.create_default_context()
    if settings.smtp_tls == "tls":
        server: smtplib.SMTP = smtplib.SMTP_SSL(
            settings.smtp_host, settings.smtp_port, timeout=TIMEOUT, context=context
        )
    else:
        server = smtplib.SMTP(settings.smtp_host, settings.smtp_port, timeout=TIMEOUT)
        if settings.smtp_tls == "starttls":
            server.starttls(context=context)
    if settings.smtp_user:
        server.login(settings.smtp_user, settings.smtp_password)
    return server


def _deliver(settings: Settings, recipients: list[Recipient], now: datetime) -> list[Recipient]:
    """Send one mail per recipient over one connection; returns those whose mail did not go."""
    failed: list[Recipient] = []
    try:
        server = _connect(settings)
    except (OSError, smtplib.SMTPException) as exc:
        log.warning(
            "notification mail: cannot reach %s:%s (%s); %d mails wait for the next tick",
            settings.smtp_host,
            settings.smtp_port,
            f"{type(exc).__name__}: {exc}",
            len(recipients),
        )
        return list(recipients)
    try:
        for position, recipient in enumerate(recipients):
            try:
                server.send_message(compose(settings, recipient, now))
            except smtplib.SMTPServerDisconnected as exc:
                log.warning("notification mail: the server hung up (%s); the rest waits for the next tick", exc)
                failed.extend(recipients[position:])
                break
            except (OSError, smtplib.SMTPException) as exc:
                log.warning(
                    "notification mail to user %s refused (%s); retried on the next tick",
                    recipient.user_id,
                    f"{type(exc).__name__}: {exc}",
                )
                failed.append(recipient)
    finally:
        try:
            server.quit()
        except (OSError, smtplib.SMTPException):
            server.close()
    return failed
