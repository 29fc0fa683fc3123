"""Settings: decoded once from ``RECLASSERING_*`` environment variables into one msgspec Struct.

No other module reads ``os.environ``; everything that needs configuration receives a ``Settings``.
"""

from __future__ import annotations

import ipaddress
import os
import secrets
from collections.abc import Mapping
from pathlib import Path

import msgspec

PREFIX = "RECLASSERING_"


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
    session_hours: int = 12
    #: Send the session cookie only over HTTPS. Switch off only for local development over plain HTTP.
    cookie_secure: bool = True
    #: Failed logins per username *from one client address* within ``login_window_minutes`` before that pair
    #: waits (429 with Retry-After). Someone else's failures from another address never slow the real user.
    login_max_failures: int = 5
    login_window_minutes: int = 15
    #: Slower ceilings over ``login_ceiling_window_minutes``: failures per username from all addresses, and per
    #: address over all usernames. A username and address with a successful login in the last
    #: ``login_known_address_days`` days are exempt from both ceilings (only their own pair limit applies).
    login_account_max_failures: int = 30
    login_address_max_failures: int = 30
    login_ceiling_window_minutes: int = 60
    login_known_address_days: int = 30
    #: Proxies whose ``X-Forwarded-For`` is believed: comma-separated addresses or networks (CIDR), e.g.
    #: ``127.0.0.1,10.0.0.0/8``. Empty: the header is ignored and the peer address is the client.
    trusted_proxies: str = ""
    #: How long an administrator's set-password token works, in hours; and for how many days afterwards the
    #: user's new logins are marked in the audit trail as following that reset.
    password_reset_hours: int = 24
    password_reset_trace_days: int = 30
    #: Extra method definitions (TOML files) loaded beside the built-in ones.
    methods_dir: Path | None = None
    #: Reliable change (Jacobson-Truax): standard deviation at baseline and test-retest reliability.
    reliable_change_sd: float = 2.0
    reliable_change_reliability: float = 0.8
    #: Working days (Monday-Friday, Dutch public holidays left out) after which an unreported breach is listed.
    breach_report_working_days: int = 5
    host: str = "127.0.0.1"
    port: int = 8000
    # --- scheduled jobs (issue 12) ---
    #: Run the scheduler inside the web server. Switch off where ``reclassering scheduler`` runs on its own.
    scheduler_embedded: bool = True
    #: How often the scheduler wakes up (seconds); a failed job is retried on the next wake-up.
    scheduler_tick_seconds: float = 15.0
    #: How long the active scheduler's lease lasts without a heartbeat before another takes over (seconds).
    scheduler_lease_seconds: float = 40.0
    #: Local times (Europe/Amsterdam, HH:MM) the jobs become due: the weekly round on Mondays, the others daily.
    weekly_round_at: str = "07:00"
    daily_attention_at: str = "06:30"
    retention_at: str = "02:30"
    #: Attention list: measures ending within this many days, conferences held within this many days.
    attention_measure_end_days: int = 28
    attention_conference_days: int = 3
    #: A breach still unreported after this many days is notified to the worker and the supervisor.
    breach_report_days: int = 3
    #: Years a youth's record is kept after the last measure closed (default for every measure kind; see README).
    retention_years: int = 20
    #: Per-kind exceptions, "kind=years,kind=years" (e.g. "stp=5").
    retention_years_by_kind: str = ""
    #: What retention does with an expired record: "erase" it, or "pseudonymise" (erase, keeping counts only).
    retention_mode: str = "erase"
    #: Login attempts older than this many days are purged; expired or revoked logins after this many days.
    login_attempt_retention_days: int = 30
    auth_token_retention_days: int = 7
    #: Years audit events are kept (NEN 7513: five; see README). Never fewer than five, whatever is set here.
    audit_retention_years: int = 5

    def __post_init__(self) -> None:
        for part in self.trusted_proxies.split(","):
            if part.strip():
                ipaddress.ip_network(part.strip(), strict=False)  # a ValueError names the bad address

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
        path.write_text(key)
        path.chmod(0o600)
        return key


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
        raise SettingsError(f"invalid setting: {exc} (check the {PREFIX}* environment variables)") from exc


def _decode_path(type_: type, obj: object) -> object:
    """msgspec's ``dec_hook``: turns folder settings into paths. Raising ``NotImplementedError`` is the hook's
    documented way to say "not a type I handle", so msgspec reports the value as invalid."""
    if type_ is Path and isinstance(obj, str):
        return Path(obj)
    raise NotImplementedError
