"""``reclassering serve``: the web service, with the demo world on request."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

import click
import msgspec
from sqlalchemy import Engine

from .. import demo, logs
from ..casefile import db
from ..settings import PREFIX, Settings, load_settings
from .common import (
    open_engine,
)
from .group import cli


@cli.command()
@click.option(
    "--demo",
    "demo_mode",
    is_flag=True,
    help="Try it out: load synthetic demo data into an empty database, print the demo accounts and "
    "let the session cookie travel over plain HTTP.",
)
@click.option(
    "--host", default=None, metavar="HOST", help="Address to listen on [default: RECLASSERING_HOST, else 127.0.0.1]."
)
@click.option(
    "--port",
    default=None,
    type=click.IntRange(1, 65535),
    metavar="PORT",
    help="Port to listen on [default: RECLASSERING_PORT, else 8000].",
)
@click.option(
    "--workers",
    default=None,
    type=click.IntRange(1, 64),
    metavar="N",
    help="Server processes sharing the port [default: RECLASSERING_WORKERS, else 1].",
)
@click.option("--reload", is_flag=True, help="Restart when the source changes (development only).")
def serve(demo_mode: bool, host: str | None, port: int | None, workers: int | None, reload: bool) -> None:
    """Run the web service.

    Serves the API, the pages and the Swagger docs at /schema; applies pending database migrations first.
    """
    overrides: dict[str, object] = {"host": host, "port": port, "workers": workers}
    if demo_mode:
        overrides["cookie_secure"] = False
    settings = load_settings(**overrides)
    settings.resolved_secret_key()  # made once here, before any worker process reads it
    with open_engine(settings) as engine:
        db.upgrade(engine)
        if demo_mode:
            _prepare_demo(engine, settings)
    _run_server(settings, overrides, reload=reload)


def _prepare_demo(engine: Engine, settings: Settings) -> None:
    """Load the demo world into an empty database (never twice) and say how to log in."""
    with db.unit_of_work(engine) as session:
        existing = demo.count_users(session)
        accounts = demo.existing_demo_accounts(session)
    if existing:
        click.echo(f"The database already holds {existing} user(s); no demo data added.")
    else:
        click.echo("Loading the demo data (synthetic youths and staff) …")
        accounts = demo.load_demo(engine, settings=settings)
    click.echo(
        "Demo mode: the session cookie is also sent over plain HTTP (cookie_secure=False). "
        "Do not use demo mode on a server others can reach."
    )
    if accounts.accounts:
        print_accounts(accounts)
        _print_login_help(settings, accounts)


def print_accounts(accounts: demo.DemoAccounts) -> None:
    click.echo("")
    click.echo(f"Demo accounts (one password for all: {accounts.password}):")
    width = max(len(a.username) for a in accounts.accounts)
    for account in accounts.accounts:
        click.echo(f"  {account.username:<{width}}  {account.role!s:<10}  {account.display_name}")


def _print_login_help(settings: Settings, accounts: demo.DemoAccounts) -> None:
    base = _base_url(settings)
    credentials = {"username": accounts.accounts[0].username, "password": accounts.password}
    body = msgspec.json.encode(credentials).decode()
    click.echo("")
    click.echo(f"API docs (Swagger UI): {base}/schema")
    click.echo("Log in for a bearer token:")
    click.echo(f"  curl -X POST {base}/api/v1/auth/login -H 'Content-Type: application/json' -d '{body}'")
    click.echo("Then send the token along:")
    click.echo(f"  curl {base}/api/v1/youths -H 'Authorization: Bearer <token>'")
    click.echo("")


def _base_url(settings: Settings) -> str:
    host = settings.host
    if host in ("", "0.0.0.0", "::"):
        host = "127.0.0.1"
    elif ":" in host:
        host = f"[{host}]"
    return f"http://{host}:{settings.port}"


def _run_server(settings: Settings, overrides: dict[str, object], *, reload: bool) -> None:
    import uvicorn

    log_config = logs.configure(settings.log_format)
    if reload or settings.workers > 1:
        # A reloading or extra worker is a fresh process that reads its settings from the environment,
        # so the command-line overrides travel there as RECLASSERING_* variables.
        for name, value in overrides.items():
            if value is not None:
                text = str(value).lower() if isinstance(value, bool) else str(value)
                os.environ[f"{PREFIX}{name.upper()}"] = text
    if settings.workers > 1 and not reload:
        uvicorn.run(
            "reclassering.cli:app_from_environment",
            factory=True,
            workers=settings.workers,
            host=settings.host,
            port=settings.port,
            log_config=log_config,
            access_log=False,
        )
        return
    if reload:
        uvicorn.run(
            "reclassering.cli:app_from_environment",
            factory=True,
            reload=True,
            reload_dirs=[str(Path(__file__).parents[1])],
            host=settings.host,
            port=settings.port,
        )
        return
    from ..app import create_app

    uvicorn.run(
        create_app(settings, migrate=False),
        host=settings.host,
        port=settings.port,
        log_config=log_config,
        access_log=False,  # api.request_log writes one line per request, with its id
    )


def app_from_environment() -> Any:
    """The application for the settings in the environment (the factory behind ``serve --reload`` and
    ``--workers``); the serving command applied the migrations already."""
    from ..app import create_app

    return create_app(load_settings(), migrate=False)
