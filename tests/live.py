"""A real ``reclassering serve`` in a subprocess over a real database, for the browser and the fault tests."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
import urllib.request
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import text
from sqlalchemy.engine import make_url

import reclassering
from reclassering.casefile.db import make_engine

from .conftest import POSTGRES_ADMIN_URL, _postgres_reason

SERVER_START_SECONDS = 60


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def wait_until_up(url: str, process: subprocess.Popen[bytes], log: Path, path: str = "/health") -> None:
    deadline = time.monotonic() + SERVER_START_SECONDS
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"the server stopped (exit {process.returncode}):\n{log.read_text()[-4000:]}")
        try:
            with urllib.request.urlopen(f"{url}{path}", timeout=2) as answer:
                if answer.status == 200:
                    return
        except OSError:
            time.sleep(0.2)
    raise RuntimeError(f"the server did not answer within {SERVER_START_SECONDS}s:\n{log.read_text()[-4000:]}")


def throwaway_database(backend: str, tmp: Path, label: str) -> Iterator[str]:
    """A new, empty database: a SQLite file, or a PostgreSQL database dropped when the generator ends."""
    if backend == "sqlite":
        yield f"sqlite:///{tmp / f'{label}.sqlite3'}"
        return
    reason = _postgres_reason()
    if reason:
        pytest.skip(reason)
    name = f"reclassering_{label}_{uuid.uuid4().hex[:12]}"
    admin = make_engine(POSTGRES_ADMIN_URL, isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        connection.execute(text(f'CREATE DATABASE "{name}"'))
    try:
        yield make_url(POSTGRES_ADMIN_URL).set(database=name).render_as_string(hide_password=False)
    finally:
        with admin.connect() as connection:
            connection.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()


def start_server(database_url: str, tmp: Path, port: int, log: Path, **settings: str) -> subprocess.Popen[bytes]:
    """``reclassering serve`` from this source tree on ``port``; ``settings`` become RECLASSERING_* variables."""
    source = str(Path(reclassering.__file__).resolve().parents[1])
    env = {
        **os.environ,
        "PYTHONPATH": os.pathsep.join([source, os.environ.get("PYTHONPATH", "")]).rstrip(os.pathsep),
        "RECLASSERING_DATABASE_URL": database_url,
        "RECLASSERING_DATA_DIR": str(tmp / "data"),
        "RECLASSERING_SECRET_KEY": "live-test-secret",
        "RECLASSERING_COOKIE_SECURE": "false",
        "RECLASSERING_SCHEDULER_EMBEDDED": "false",
        **{f"RECLASSERING_{name.upper()}": value for name, value in settings.items()},
    }
    with log.open("ab") as out:
        return subprocess.Popen(
            [sys.executable, "-m", "reclassering.cli", "serve", "--host", "127.0.0.1", "--port", str(port)],
            env=env,
            stdout=out,
            stderr=subprocess.STDOUT,
        )


def stop(process: subprocess.Popen[bytes]) -> None:
    process.terminate()
    try:
        process.wait(timeout=15)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait()
