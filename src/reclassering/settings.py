"""Settings: decoded once from ``RECLASSERING_*`` environment variables into one msgspec Struct.

No other module reads ``os.environ``; everything that needs configuration receives a ``Settings``.
"""

from __future__ import annotations

import ipaddress
import os
import re
import secrets
from collections.abc import Mapping
from email.utils import parseaddr
from pathlib import Path
from typing import Annotated
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

import msgspec
from msgspec import Meta

PREFIX = "RECLASSERING_"
#: The languages the pages, charts and reports speak.
LOCALES = ("nl", "en")
RETENTION_MODES = ("erase", "pseudonymise")

#: A count or duration that must be at least 1.
Positive = Annotated[int, Meta(ge=1)]
#: A local time of day, ``HH:MM`` (24-hour clock).
ClockTime = Annotated[str, Meta(pattern=r"^([01][0-9]|2[0-3]):[0-5][0-9]$")]


class Settings(msgspec.Struct, frozen=True, kw_only=True):
    """Runtime configuration. Defaults suit the embedded SQLite case on one machine."""

    data_dir: Path = Path("data")
    #: SQLAlchemy URL; empty means ``sqlite:///<data_dir>/reclassering.sqlite3``.
    database_url: str = ""
    #: Secret used to sign cookies. Empty means: generate one and keep it in ``<data_dir>/secret_key``.
    secret_key: str = ""
    timezone: str = "Europe/Amsterdam"
    default_locale: str = "nl"
    #: Lifetime of a login (bearer token and session cookie), in hours.
    session_hours: Positive = 12
    #: Send the session cookie only over HTTPS. Switch off only for local development over plain HTTP.
    cookie_secure: bool = True
    #: Failed logins per username *from one client address* within ``login_window_minutes`` before that pair
    #: waits (429 with Retry-After). Someone else's failures from another address never slow the real user.
    login_max_failures: Positive = 5
    login_window_minutes: Positive = 15
    #: Slower ceilings over ``login_ceiling_window_minutes``: failures per username from all addresses, and per
    #: address over all usernames. A username and address with a successful login in the last
    #: ``login_known_address_days`` days are exempt from both ceilings (only their own pair limit applies).
    login_account_max_failures: Positive = 30
    login_address_max_failures: Positive = 30
    login_ceiling_window_minutes: Positive = 60
    login_known_address_days: Positive = 30
    #: Proxies whose ``X-Forwarded-For`` is believed: comma-separated addresses or networks (CIDR), e.g.
    #: ``127.0.0.1,10.0.0.0/8``. Empty: the header is ignored and the peer address is the client.
    trusted_proxies: str = ""
    #: How long an administrator's set-password token works, in hours; and for how many days afterwards the
    #: user's new logins are marked in the audit trail as following that reset.
    password_reset_hours: Positive = 24
    password_reset_trace_days: Positive = 30
    #: Extra method definitions (TOML files) loaded beside the built-in ones.
    methods_dir: Path | None = None
    #: Reliable change (Jacobson-Truax): standard deviation at baseline and test-retest reliability.
    reliable_change_sd: Annotated[float, Meta(gt=0)] = 2.0
    reliable_change_reliability: Annotated[float, Meta(gt=0, lt=1)] = 0.8
    #: Working days (Monday-Friday, Dutch public holidays left out) after which an unreported breach is listed.
    breach_report_working_days: Positive = 5
    host: str = "127.0.0.1"
    port: Annotated[int, Meta(ge=1, le=65535)] = 8000
    #: Server processes sharing the port. More than one uses the cores for CPU-bound work (charts, reports);
    #: each has its own chart cache and metrics, and the database lease keeps one scheduler active.
    workers: Annotated[int, Meta(ge=1, le=64)] = 1
    #: The largest request body accepted, in KiB; a larger one is refused with 413 before it is read whole.
    max_body_kib: Positive = 2048
    # --- scheduled jobs (issue 12) ---
    #: Run the scheduler inside the web server. Switch off where ``reclassering scheduler`` runs on its own.
    scheduler_embedded: bool = True
    #: How often the scheduler wakes up (seconds); a failed job is retried on the next wake-up.
    scheduler_tick_seconds: Annotated[float, Meta(gt=0)] = 15.0
    #: How long the active scheduler's lease lasts without a heartbeat before another takes over (seconds).
    scheduler_lease_seconds: Annotated[float, Meta(gt=0)] = 40.0
    #: Local times (Europe/Amsterdam, HH:MM) the jobs become due: the weekly round on Mondays, the others daily.
    weekly_round_at: ClockTime = "07:00"
    daily_attention_at: ClockTime = "06:30"
    retention_at: ClockTime = "02:30"
    #: Attention list: measures ending within this many days, conferences held within this many days.
    attention_measure_end_days: Positive = 28
    attention_conference_days: Positive = 3
    #: Network links (a network member's own score page): how many days a new link works unless the worker
    #: chooses otherwise (1 to ``NETWORK_LINK_MAX_DAYS``), and how many days before expiry the worker is told.
    network_link_days: Annotated[int, Meta(ge=1, le=60)] = 14
    attention_network_link_days: Positive = 2
    #: Years a youth's record is kept after the last measure closed (default for every measure kind; see README).
    retention_years: Positive = 20
    #: Per-kind exceptions, "kind=years,kind=years" (e.g. "stp=5").
    retention_years_by_kind: str = ""
    #: What retention does with an expired record: "erase" it, or "pseudonymise" (erase, keeping counts only).
    retention_mode: str = "erase"
    #: Login attempts older than this many days are purged; expired or revoked logins after this many days.
    login_attempt_retention_days: Positive = 30
    auth_token_retention_days: Positive = 7
    # --- notification mails (optional; see the README for what a mail holds) ---
    #: SMTP server for notification mails. Empty: no mail is sent, notifications stay in the app.
    smtp_host: str = ""
    smtp_port: int = 587
    #: "starttls" (upgrade a plain connection, usually port 587), "tls" (TLS from the start, usually 465), or
    #: "none" (no encryption: only for a relay that accepts mail on the internal network).
    smtp_tls: str = "starttls"
    #: The sender, e.g. ``reclassering <noreply@example.nl>``.
    smtp_from: str = ""
    #: Login at the SMTP server (both or neither); never sent without TLS except to this machine.
    smtp_user: str = ""
    smtp_password: str = ""
    #: The address people open reclassering at (``https://…``): the link in notification mails.
    public_url: str = ""
    #: Bearer token the monitoring system sends for ``GET /metrics``. Empty: no metrics route (404).
    metrics_token: str = ""
    #: Log lines as one JSON object each ("json", for log collectors) or as plain text ("text").
    log_format: str = "json"
    #: Years audit events are kept (NEN 7513: five; see README). Never fewer than five, whatever is set here.
    audit_retention_years: int = 5
    #: Benchmarks only (``benchmarks/load.py``): mount ``/bench/bare/...``, a bare endpoint returning a pre-built
    #: payload, as the ceiling to compare real routes with. Never switch on in production.
    bench_bare: bool = False

    def __post_init__(self) -> None:
        """Checks msgspec's constraints cannot say; each message starts with the variable to fix."""
        for part in self.trusted_proxies.split(","):
            if part.strip():
                try:
                    ipaddress.ip_network(part.strip(), strict=False)
                except ValueError as exc:
                    raise ValueError(f"{PREFIX}TRUSTED_PROXIES: {exc}") from None
        try:
            ZoneInfo(self.timezone)
        except (ZoneInfoNotFoundError, ValueError):
            raise ValueError(
                f"{PREFIX}TIMEZONE: {self.timezone!r} is not a time zone; use a name such as Europe/Amsterdam"
            ) from None
        if self.default_locale not in LOCALES:
            raise ValueError(f"{PREFIX}DEFAULT_LOCALE: {self.default_locale!r} is not one of {', '.join(LOCALES)}")
        if self.log_format not in ("json", "text"):
            raise ValueError(f"{PREFIX}LOG_FORMAT: {self.log_format!r} is not one of json, text")
        if self.retention_mode not in RETENTION_MODES:
            raise ValueError(
                f"{PREFIX}RETENTION_MODE: {self.retention_mode!r} is not one of {', '.join(RETENTION_MODES)}"
            )
        if self.smtp_host:
            _check_smtp(self)

    @property
    def resolved_database_url(self) -> str:
        if self.database_url:
            return self.database_url
        return f"sqlite:///{(self.data_dir / 'reclassering.sqlite3').resolve()}"

    def resolved_secret_key(self) -> str:
        """The configured secret, or one generated once and kept in the data directory."""
        if self.secret_key:
            return self.secret_key
        path = self.data_dir / "secret_key"
        if path.exists():
            return path.read_text().strip()
        self.data_dir.mkdir(parents=True, exist_ok=True)
        key = secrets.token_urlsafe(48)
        try:  # created exclusively: of processes starting together, the first one's key is everyone's
            with os.fdopen(os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600), "w") as handle:
                handle.write(key)
        except FileExistsError:
            return path.read_text().strip()
        return key


SMTP_TLS_MODES = ("starttls", "tls", "none")
LOOPBACK = ("localhost", "127.0.0.1", "::1")


def _check_smtp(settings: Settings) -> None:
    """Refuse mail settings that cannot work or would leak, at start rather than at the first mail."""
    if settings.smtp_tls not in SMTP_TLS_MODES:
        raise ValueError(f"RECLASSERING_SMTP_TLS must be one of {', '.join(SMTP_TLS_MODES)}, not '{settings.smtp_tls}'")
    if not 1 <= settings.smtp_port <= 65535:
        raise ValueError(f"RECLASSERING_SMTP_PORT {settings.smtp_port} is no port (1-65535)")
    _, address = parseaddr(settings.smtp_from)
    if not address or "@" not in address or any(ch in settings.smtp_from for ch in "\r\n"):
        raise ValueError(
            "RECLASSERING_SMTP_FROM must be the sender's address, e.g. 'reclassering <noreply@example.nl>'"
        )
    if bool(settings.smtp_user) != bool(settings.smtp_password):
        raise ValueError("give both RECLASSERING_SMTP_USER and RECLASSERING_SMTP_PASSWORD, or neither")
    if settings.smtp_password and settings.smtp_tls == "none" and settings.smtp_host not in LOOPBACK:
        raise ValueError("RECLASSERING_SMTP_TLS 'none' would send the SMTP password unencrypted; use starttls or tls")
    if not settings.public_url.startswith(("https://", "http://")):
        raise ValueError(
            "RECLASSERING_PUBLIC_URL must be the address people open reclassering at (https://…), for the link"
        )


class SettingsError(ValueError):
    """A ``RECLASSERING_*`` variable could not be decoded."""


def load_settings(environ: Mapping[str, str] | None = None, **overrides: object) -> Settings:
    """Decode settings from ``RECLASSERING_*`` variables (case-insensitive suffix), then apply overrides."""
    env = os.environ if environ is None else environ
    fields = {f.name for f in msgspec.structs.fields(Settings)}
    raw: dict[str, object] = {}
    for key, value in env.items():
        if not key.startswith(PREFIX):
            continue
        name = key[len(PREFIX) :].lower()
        if name in fields:
            raw[name] = value
    raw.update({k: v for k, v in overrides.items() if v is not None})
    try:
        return msgspec.convert(raw, Settings, strict=False, dec_hook=_decode_path)
    except msgspec.ValidationError as exc:
        raise SettingsError(describe(exc)) from exc


_AT_FIELD = re.compile(r"^(?P<message>.*?) - at `\$\.(?P<field>\w+)`$", re.DOTALL)


def describe(exc: msgspec.ValidationError) -> str:
    """One line that starts with the environment variable to fix: ``RECLASSERING_SESSION_HOURS: expected
    `int` >= 1``."""
    message = str(exc)
    if message.startswith(PREFIX):  # our own checks name their variable already
        return f"invalid setting {message}"
    match = _AT_FIELD.match(message)
    if match is None:
        return f"invalid setting: {message} (check the {PREFIX}* environment variables)"
    text = match.group("message")
    if "matching regex" in text and match.group("field").endswith("_at"):
        text = "write a time of day as HH:MM, for example 07:00"
    return f"invalid setting {PREFIX}{match.group('field').upper()}: {text[:1].lower()}{text[1:]}"


def _decode_path(type_: type, obj: object) -> object:
    """msgspec's ``dec_hook``: turns folder settings into paths. Raising ``NotImplementedError`` is the hook's
    documented way to say "not a type I handle", so msgspec reports the value as invalid."""
    if type_ is Path and isinstance(obj, str):
        return Path(obj)
    raise NotImplementedError
