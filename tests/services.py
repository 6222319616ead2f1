"""The real services the suite runs against (PostgreSQL, Redis, Chromium).

Outside CI a missing service skips the tests that need it, with the reason; in CI (``CI=true``)
it fails them, because a green run must mean they ran.
"""
import os
import shutil
import socket

import pytest

PG_ADMIN_URL = os.environ.get(
    "CASEWORK_TEST_PG_ADMIN_URL", "postgresql://postgres@127.0.0.1:5432/postgres"
)
REDIS_URL = os.environ.get("CASEWORK_TEST_REDIS_URL", "redis://127.0.0.1:6379/15")
CHROMIUM = os.environ.get("CASEWORK_TEST_CHROMIUM", "/usr/bin/chromium")


def in_ci() -> bool:
    return os.environ.get("CI", "").lower() in ("1", "true", "yes")


def unavailable(reason: str) -> None:
    """Fail in CI, skip elsewhere."""
    if in_ci():
        pytest.fail(f"required service missing in CI: {reason}", pytrace=False)
    pytest.skip(reason)


def port_open(host: str, port: int) -> bool:
    try:
        with socket.create_connection((host, port), timeout=1):
            return True
    except OSError:
        return False


def free_port() -> int:
    """A TCP port free on 127.0.0.1 right now (for servers that cannot bind port 0 themselves)."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def require_postgres() -> None:
    if not port_open("127.0.0.1", 5432):
        unavailable("PostgreSQL is not answering on 127.0.0.1:5432")


def require_redis() -> None:
    if not port_open("127.0.0.1", 6379):
        unavailable("Redis is not answering on 127.0.0.1:6379")


def require_chromium() -> None:
    if not shutil.which(CHROMIUM):
        unavailable(f"Chromium not found at {CHROMIUM} (Debian package 'chromium')")
