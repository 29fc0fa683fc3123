"""Login throttling: brute force stays bounded, the real user is not locked out by someone else's failures,
and forwarding headers count only from trusted proxies."""

from __future__ import annotations

from collections import Counter
from concurrent.futures import ThreadPoolExecutor
from typing import Any

import msgspec
import pytest
from sqlalchemy import Engine
from sqlmodel import Session, col, func, select

from reclassering.api.auth import client_address
from reclassering.casefile.models import LoginAttempt
from reclassering.settings import Settings

from ..world import PASSWORD, World

ATTACKER = "203.0.113.9"
REAL_USER = "198.51.100.7"
PROXY = "10.0.0.1"


@pytest.fixture
def peer(client: Any, monkeypatch: pytest.MonkeyPatch) -> Any:
    """Set the address the test client connects from (the test transport always says "testclient")."""
    transport = client._transport
    original = transport.parse_request
    current = {"address": "testclient"}

    def parse_request(request: Any) -> dict[str, Any]:
        scope = original(request)
        scope["client"] = (current["address"], 50000)
        return scope

    monkeypatch.setattr(transport, "parse_request", parse_request)

    def set_peer(address: str) -> None:
        current["address"] = address

    return set_peer


def _use(app: Any, settings: Settings, **changes: Any) -> Settings:
    changed = msgspec.structs.replace(settings, **changes)
    app.state.settings = changed
    return changed


def _login(client: Any, username: str, password: str = PASSWORD, headers: dict[str, str] | None = None) -> Any:
    return client.post("/api/v1/auth/login", json={"username": username, "password": password}, headers=headers)


def _failures(engine: Engine, **where: str) -> int:
    with Session(engine) as session:
        conditions = [getattr(LoginAttempt, k) == v for k, v in where.items()]
        return session.exec(
            select(func.count()).select_from(LoginAttempt).where(*conditions, col(LoginAttempt.succeeded).is_(False))
        ).one()


def test_failures_from_another_address_leave_the_real_user_in(
    client: Any, world: World, settings: Settings, peer: Any
) -> None:
    peer(ATTACKER)
    for _ in range(settings.login_max_failures):
        assert _login(client, "wessel", "geraden-wachtwoord").status_code == 401
    slowed = _login(client, "wessel", "nog-een-gok-erbij")
    assert slowed.status_code == 429, slowed.text
    assert int(slowed.headers["retry-after"]) > 0
    assert "too many failed logins" in slowed.json()["detail"]
    peer(REAL_USER)
    assert _login(client, "wessel").status_code == 200
    peer(ATTACKER)  # the attacker still waits, even with the right password
    assert _login(client, "wessel").status_code == 429


def test_one_address_failing_for_one_user_does_not_lock_out_its_other_users(
    client: Any, world: World, settings: Settings, peer: Any
) -> None:
    peer(ATTACKER)
    for _ in range(settings.login_max_failures):
        assert _login(client, "wessel", "geraden-wachtwoord").status_code == 401
    assert _login(client, "wendy").status_code == 200  # a colleague behind the same address


def test_parallel_guesses_get_at_most_the_limit_checked(
    client: Any, world: World, settings: Settings, engine: Engine
) -> None:
    with ThreadPoolExecutor(max_workers=40) as pool:
        answers = list(pool.map(lambda i: _login(client, "wessel", f"gok-nummer-{i:04d}").status_code, range(40)))
    counts = Counter(answers)
    assert set(counts) <= {401, 429}, counts
    assert 1 <= counts[401] <= settings.login_max_failures, counts
    assert _failures(engine, username="wessel") <= settings.login_max_failures


def test_the_account_ceiling_bounds_guessing_from_many_addresses(
    app: Any, client: Any, world: World, settings: Settings, peer: Any
) -> None:
    _use(app, settings, login_account_max_failures=4)
    peer(REAL_USER)
    assert _login(client, "wessel").status_code == 200  # the real user's usual address is known now
    for i in range(4):
        peer(f"203.0.113.{20 + i}")
        assert _login(client, "wessel", "geraden-wachtwoord").status_code == 401
    peer("203.0.113.99")
    assert _login(client, "wessel", "geraden-wachtwoord").status_code == 429  # a fifth address waits
    peer(REAL_USER)
    assert _login(client, "wessel").status_code == 200  # but not the real user at their known address


def test_the_address_ceiling_bounds_spraying_over_usernames(
    app: Any, client: Any, world: World, settings: Settings, peer: Any
) -> None:
    _use(app, settings, login_address_max_failures=3)
    peer(ATTACKER)
    assert _login(client, "sanne").status_code == 200  # Sanne works behind this address
    for name in ("wessel", "wendy", "wim"):
        assert _login(client, name, "zomer2026!!").status_code == 401
    assert _login(client, "wouter", "zomer2026!!").status_code == 429
    assert _login(client, "sanne").status_code == 200


def test_a_forged_forwarded_for_from_an_untrusted_peer_is_ignored(
    app: Any, client: Any, world: World, settings: Settings, engine: Engine, peer: Any
) -> None:
    _use(app, settings, trusted_proxies=PROXY)
    peer(ATTACKER)
    for i in range(settings.login_max_failures):
        forged = {"X-Forwarded-For": f"192.0.2.{i + 1}"}
        assert _login(client, "wessel", "geraden-wachtwoord", forged).status_code == 401
    assert _login(client, "wessel", "geraden-wachtwoord", {"X-Forwarded-For": "192.0.2.77"}).status_code == 429
    assert _failures(engine, client=ATTACKER) == settings.login_max_failures


def test_without_trusted_proxies_the_header_is_ignored(
    client: Any, world: World, settings: Settings, engine: Engine
) -> None:
    for i in range(settings.login_max_failures):
        assert _login(client, "wessel", "fout-wachtwoord", {"X-Forwarded-For": f"192.0.2.{i}"}).status_code == 401
    assert _login(client, "wessel", "fout-wachtwoord", {"X-Forwarded-For": "192.0.2.200"}).status_code == 429
    assert _failures(engine, client="testclient") == settings.login_max_failures


def test_a_trusted_proxy_names_the_client(
    app: Any, client: Any, world: World, settings: Settings, engine: Engine, peer: Any
) -> None:
    _use(app, settings, trusted_proxies=f"{PROXY}, 10.1.0.0/16")
    peer(PROXY)
    for _ in range(settings.login_max_failures):
        response = _login(client, "wessel", "geraden-wachtwoord", {"X-Forwarded-For": f"1.2.3.4, {ATTACKER}"})
        assert response.status_code == 401
    assert _failures(engine, client=ATTACKER) == settings.login_max_failures
    assert _login(client, "wessel", "geraden-wachtwoord", {"X-Forwarded-For": ATTACKER}).status_code == 429
    # the real user behind the same proxy, and through a second trusted hop
    assert _login(client, "wessel", headers={"X-Forwarded-For": REAL_USER}).status_code == 200
    assert _login(client, "wessel", headers={"X-Forwarded-For": f"{REAL_USER}, 10.1.2.3"}).status_code == 200


class _Connection:
    def __init__(self, peer: str, forwarded: list[str]) -> None:
        from litestar.datastructures import Address, Headers

        self.client = Address(peer, 1)
        self.headers = Headers([(b"x-forwarded-for", value.encode()) for value in forwarded])


@pytest.mark.parametrize(
    ("peer", "forwarded", "expected"),
    [
        ("10.0.0.1", ["1.2.3.4"], "1.2.3.4"),
        ("10.0.0.1", ["9.9.9.9, 1.2.3.4"], "1.2.3.4"),  # the left part may be forged by the client
        ("10.0.0.1", ["1.2.3.4, 10.0.0.7"], "1.2.3.4"),  # skip trusted hops
        ("10.0.0.1", ["1.2.3.4", "10.0.0.7"], "1.2.3.4"),  # the header sent twice
        ("10.0.0.1", ["10.0.0.8, 10.0.0.7"], "10.0.0.8"),  # all trusted: the left-most
        ("10.0.0.1", ["nonsense"], "10.0.0.1"),  # garbage: no further than the proxy
        ("10.0.0.1", [], "10.0.0.1"),
        ("203.0.113.9", ["1.2.3.4"], "203.0.113.9"),  # not a trusted proxy
        ("2001:db8::1", ["1.2.3.4"], "1.2.3.4"),
    ],
)
def test_client_address(peer: str, forwarded: list[str], expected: str) -> None:
    settings = Settings(trusted_proxies="10.0.0.0/8, 2001:db8::/32", secret_key="x")
    assert client_address(_Connection(peer, forwarded), settings) == expected  # type: ignore[arg-type]
