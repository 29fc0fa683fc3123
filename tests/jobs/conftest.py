"""Fixtures shared by the job tests: the SMTP sink (a real aiosmtpd server on the loopback address)."""

from .test_notification_mail import sink  # noqa: F401
