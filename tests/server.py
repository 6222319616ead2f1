"""The real server process, started as the README starts it, for the end-to-end and browser tests.

``casework db upgrade`` builds the schema (once per test process and backend; each site starts
as a copy) and ``casework run`` serves it, each a process of its own with the development settings (CSRF on, Celery in-process, no ``CASEWORK_ENV``), so the test
shares nothing with the app but HTTP: no engine, no pool, no transaction. Tests may prepare and
check data through an app of their own (``own_app``), whose connections close when released.
"""
import os
import re
import secrets
import signal
import subprocess
import sys
import time
import urllib.error
import urllib.request
from contextlib import contextmanager
from pathlib import Path

import pytest
from sqlalchemy.pool import NullPool

from casework.core.extensions import db
from tests.databases import copy_migrated, fresh_database
from tests.services import free_port

PROJECT = Path(__file__).resolve().parent.parent
#: The command-line tool of the environment running the tests (``.venv/bin/casework``).
CASEWORK = Path(sys.executable).with_name("casework")
#: A request line of werkzeug's access log that answered 5xx: method, path, status.
SERVER_ERROR = re.compile(r'"([A-Z]+) (\S+) HTTP/[\d.]+" (5\d\d) ')
ANSI_STYLE = re.compile(r"\x1b\[[0-9;]*m")
START_SECONDS = 60


def server_environment(database_url: str) -> dict[str, str]:
    """The process environment of the README's embedded default, on ``database_url``.

    Every ``CASEWORK_*`` and ``FLASK_*`` variable of the caller is dropped, so that neither a
    ``CASEWORK_ENV=testing`` nor a ``CASEWORK_REDIS_URL`` leaks in: Celery runs in-process.
    """
    env = {k: v for k, v in os.environ.items() if not k.startswith(("CASEWORK_", "FLASK_"))}
    env.update(CASEWORK_DATABASE_URL=database_url,
               CASEWORK_SECRET_KEY=secrets.token_urlsafe(32), PYTHONUNBUFFERED="1")
    return env


def casework_command(*args: str, env: dict[str, str], log: Path) -> None:
    """Run ``casework <args>`` to its end; fail showing its output if it fails."""
    if not CASEWORK.exists():
        pytest.fail(f"{CASEWORK} not found: run the tests with the project's .venv/bin/python")
    with log.open("ab") as out:
        done = subprocess.run([str(CASEWORK), *args], cwd=PROJECT, env=env, stdout=out,
                              stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL, timeout=300)
    if done.returncode:
        pytest.fail(f"`casework {' '.join(args)}` exited with {done.returncode}:\n"
                    + tail(log.read_text(errors="replace")), pytrace=False)


def tail(text: str, lines: int = 30) -> str:
    return "\n".join(text.splitlines()[-lines:])


class Server:
    """``casework run`` on a free port of 127.0.0.1, in a process group of its own.

    Its output goes to ``log``; ``errors_since`` and ``last_traceback`` read it for failures.
    """

    def __init__(self, env: dict[str, str], log: Path):
        self.env, self.log = env, log
        self.port = 0
        self.process: subprocess.Popen | None = None

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def __enter__(self) -> "Server":
        self.start()
        return self

    def __exit__(self, *_exc) -> None:
        self.stop()

    def start(self) -> None:
        """Start on a free port and wait until /login answers. The port is free when chosen
        but may be taken before the server binds it: then start again on another."""
        for _ in range(3):
            self.port = free_port()
            mark = self.mark() if self.log.exists() else 0
            with self.log.open("ab") as out:
                self.process = subprocess.Popen(
                    [str(CASEWORK), "run", "--host", "127.0.0.1", "--port", str(self.port)],
                    cwd=PROJECT, env=self.env, stdout=out, stderr=subprocess.STDOUT,
                    stdin=subprocess.DEVNULL, start_new_session=True,
                )
            if self._ready():
                return
            if "Address already in use" not in self.output_since(mark):
                break
        pytest.fail(f"the server did not start (exit code {self.process.returncode}):\n"
                    + tail(self.output_since()), pytrace=False)

    def _ready(self) -> bool:
        """Whether the server answers within START_SECONDS; False when it exits first, or (after
        stopping it) when it does not answer in time."""
        deadline = time.monotonic() + START_SECONDS
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                return False
            if self._answers():
                return True
            time.sleep(0.2)
        self.stop()
        return False

    def _answers(self) -> bool:
        try:
            with urllib.request.urlopen(self.url + "/login", timeout=2) as response:
                return response.status == 200
        except (urllib.error.URLError, ConnectionError, TimeoutError):
            return False

    def stop(self) -> None:
        """Stop the whole process group: SIGTERM, then SIGKILL after a grace period."""
        if self.process is None or self.process.poll() is not None:
            return
        for sig, grace in ((signal.SIGTERM, 10), (signal.SIGKILL, 10)):
            try:
                os.killpg(self.process.pid, sig)
            except ProcessLookupError:
                return
            try:
                self.process.wait(grace)
                return
            except subprocess.TimeoutExpired:
                continue

    def mark(self) -> int:
        """A position in the log, for ``errors_since``."""
        return self.log.stat().st_size

    def output_since(self, mark: int = 0) -> str:
        """The log from ``mark`` on, without the colours werkzeug gives some request lines."""
        with self.log.open("rb") as f:
            f.seek(mark)
            return ANSI_STYLE.sub("", f.read().decode("utf-8", errors="replace"))

    def errors_since(self, mark: int) -> list[str]:
        """The requests answered 5xx since ``mark``, as ``"500 POST /path"``."""
        text = self.output_since(mark)
        return [f"{status} {method} {path}" for method, path, status in SERVER_ERROR.findall(text)]

    def last_traceback(self) -> str:
        """The last error the server logged: Flask's line naming the request and the traceback
        with its chained causes, without the access-log lines after it."""
        text = self.output_since()
        start = text.rfind("Exception on ")  # "ERROR in app: Exception on /path [POST]"
        if start < 0:
            start = text.rfind("Traceback (most recent call last)")
        if start < 0:
            return "(the server logged no traceback)\n" + tail(text, 10)
        block = text[text.rfind("\n", 0, start) + 1:].splitlines()
        end = next((i for i, line in enumerate(block) if line.startswith("127.0.0.1 - -")),
                   len(block))
        return "\n".join(block[:end])

    def check(self, mark: int) -> None:
        """Fail when a request since ``mark`` answered 5xx, showing the last traceback."""
        errors = self.errors_since(mark)
        if errors:
            pytest.fail("the server answered " + ", ".join(errors) + "\n"
                        + self.last_traceback(), pytrace=False)


def migrate(database_url: str, tmp_dir: Path) -> dict[str, str]:
    """Give the empty database ``database_url`` the schema that ``casework db upgrade`` builds
    (run once per test process and backend, then copied); return the server's environment.
    Its attachments go to ``tmp_dir/instance/attachments``, where an ``own_app`` of
    ``tmp_dir/instance`` keeps them too, not to the project's instance folder."""
    copy_migrated(database_url, lambda url, logs: casework_command(
        "db", "upgrade", env=server_environment(url), log=logs / "upgrade.log"))
    env = server_environment(database_url)
    env["CASEWORK_ATTACHMENT_STORAGE_DIR"] = str(tmp_dir / "instance" / "attachments")
    return env


@contextmanager
def own_app(database_url: str, instance_dir: Path):
    """An app of the test's own on ``database_url``, to prepare data before the server starts and
    to check what it saved: no pool, so each connection closes when its session is removed."""
    from tests.conftest import make_app

    app = make_app(database_url, instance_dir, SQLALCHEMY_ENGINE_OPTIONS={"poolclass": NullPool})
    try:
        yield app
    finally:
        with app.app_context():
            db.engine.dispose()


@contextmanager
def mailing_site(backend: str, tmp_dir: Path, prepare=lambda: None, **env_extra: str):
    """``casework run`` on a fresh ``backend`` database, sending through a real SMTP server.
    ``prepare()`` runs first in the test's own app (its return value yielded, its work
    committed); ``env_extra`` are more of the server's variables. Yields (server, inbox, app,
    what ``prepare`` returned); the server's log must show no error at the end."""
    from tests.smtp import smtp_server

    with fresh_database(backend, tmp_dir) as url, smtp_server() as (port, inbox):
        env = migrate(url, tmp_dir)
        env.update(CASEWORK_SMTP_HOST="127.0.0.1", CASEWORK_SMTP_PORT=str(port), **env_extra)
        with own_app(url, tmp_dir / "instance") as app:
            with app.app_context():
                prepared = prepare()
                db.session.commit()
            with Server(env, tmp_dir / "server.log") as server:
                mark = server.mark()
                yield server, inbox, app, prepared
                server.check(mark)
