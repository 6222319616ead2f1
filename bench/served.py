"""The app served as in production, and signed-in sessions on it over plain http.client: shared
by the benchmarks that drive the real server (run as `python bench/<name>.py`)."""
import os
import re
import socket
import subprocess
import sys
import time
import urllib.parse
from http.client import HTTPConnection
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
GUNICORN = [sys.executable, "-m", "gunicorn", "--workers", "2", "--worker-class", "sync"]


def gunicorn(port: int, env: dict, app: str = "wsgi:app", cwd: Path = ROOT,
             log=subprocess.DEVNULL) -> subprocess.Popen:
    """``gunicorn --workers 2`` (sync) serving ``app`` on 127.0.0.1:``port``."""
    return subprocess.Popen(GUNICORN + ["--bind", f"127.0.0.1:{port}", app], cwd=cwd, env=env,
                            stdout=log, stderr=log)


class Session:
    """One browser session: a request per connection, the cookie kept by hand (production
    marks it Secure, which a client on http drops)."""

    def __init__(self, port: int, timeout: float = 30):
        self.port, self.timeout, self.cookie = port, timeout, ""

    def call(self, method: str, path: str, body=None) -> tuple[int, str, dict]:
        """(status, page, headers); ``body`` is a dict or a list of pairs, form-encoded."""
        conn = HTTPConnection("127.0.0.1", self.port, timeout=self.timeout)
        headers = {"Cookie": self.cookie} if self.cookie else {}
        if body is not None:
            headers["Content-Type"] = "application/x-www-form-urlencoded"
            body = urllib.parse.urlencode(body, doseq=True)
        try:
            conn.request(method, path, body=body, headers=headers)
            response = conn.getresponse()
            page = response.read().decode()
        finally:
            conn.close()
        for value in response.headers.get_all("Set-Cookie") or []:
            self.cookie = value.split(";", 1)[0]
        return response.status, page, dict(response.headers)

    def sign_in(self, email: str, password: str) -> None:
        """The login form's CSRF token, then the login."""
        _, page, _ = self.call("GET", "/login")
        status, _, _ = self.call("POST", "/login", {"csrf_token": csrf_token(page),
                                                    "email": email, "password": password})
        if status != 302:
            raise RuntimeError(f"login of {email} answered {status}")


def sign_in(port: int, email: str, password: str) -> tuple[str, str]:
    """A signed-in session's cookie and the CSRF token of its entry form (/cases/new)."""
    session = Session(port)
    session.sign_in(email, password)
    status, page, _ = session.call("GET", "/cases/new")
    assert status == 200, status
    return session.cookie, csrf_token(page)


def csrf_token(page: str) -> str:
    return re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', page).group(1)


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_for_port(port: int, seconds: float = 60) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            socket.create_connection(("127.0.0.1", port), timeout=1).close()
            return
        except OSError:
            time.sleep(0.2)
    sys.exit(f"no server on port {port}")


def wait_until_serving(port: int, seconds: float = 120) -> None:
    """Until the app answers a page: gunicorn listens before its workers have loaded the
    app, which takes a while on a busy machine."""
    wait_for_port(port, seconds)
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            if Session(port, timeout=seconds).call("GET", "/login")[0] == 200:
                return
        except OSError:
            pass
        time.sleep(0.5)
    sys.exit(f"the app on port {port} does not answer")


def load_average() -> str:
    return " ".join(f"{x:.1f}" for x in os.getloadavg())
