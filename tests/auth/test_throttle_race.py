"""Parallel wrong guesses on one account are checked exactly up to the limit.

The app is served by a real server in a thread, on a migrated database of its own, so each
request has its own connection and transaction, as in production: nothing is shared with the
test but HTTP. The server trusts one proxy, so the test speaks as clients behind it.
"""
import http.client
import threading
from concurrent.futures import ThreadPoolExecutor
from urllib.parse import urlencode

import pytest
import sqlalchemy as sa
from flask_migrate import upgrade
from werkzeug.serving import make_server

from casework.auth.models import LoginCounter
from casework.core.extensions import db
from tests import factories
from tests.conftest import make_app
from tests.databases import fresh_database
from tests.factories import PASSWORD

GUESSES = 30
LIMIT = 10
EMAIL = "pia@example.se"
BAD_CREDENTIALS = "Fel e-postadress eller lösenord."


@pytest.fixture
def served(backend, tmp_path):
    """The app (no slow-down, so only the limit stops the guesses) and its port."""
    with fresh_database(backend, tmp_path) as url:
        app = make_app(url, tmp_path / "instance", TRUSTED_PROXIES=1,
                       LOGIN_THROTTLE_PAIR_LIMIT=LIMIT, LOGIN_THROTTLE_SLOWDOWN_AFTER=LIMIT)
        with app.app_context():
            upgrade()
            factories.user("planerare", email=EMAIL)
            db.session.commit()
        server = make_server("127.0.0.1", 0, app, threaded=True)
        thread = threading.Thread(target=server.serve_forever, daemon=True)
        thread.start()
        try:
            yield app, server.port
        finally:
            server.shutdown()
            thread.join()
            server.server_close()
            with app.app_context():
                db.engine.dispose()


def post_login(port: int, password: str, forwarded: str) -> tuple[int, str]:
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
    try:
        connection.request(
            "POST", "/login", body=urlencode({"email": EMAIL, "password": password}),
            headers={"Content-Type": "application/x-www-form-urlencoded",
                     "X-Forwarded-For": forwarded},
        )
        response = connection.getresponse()
        return response.status, response.read().decode()
    finally:
        connection.close()


def test_parallel_wrong_guesses_are_checked_exactly_up_to_the_limit(served):
    app, port = served
    start = threading.Barrier(GUESSES)

    def guess(_):
        start.wait(timeout=30)
        return post_login(port, "Fel-lösenord-som-är-långt", "203.0.113.5")

    with ThreadPoolExecutor(GUESSES) as pool:
        answers = list(pool.map(guess, range(GUESSES)))

    checked = [page for status, page in answers if status == 200 and BAD_CREDENTIALS in page]
    refused = [status for status, _ in answers if status == 429]
    assert (len(checked), len(refused)) == (LIMIT, GUESSES - LIMIT)
    with app.app_context():
        assert db.session.scalars(sa.select(LoginCounter.failures)).all() == [LIMIT, LIMIT]
    # The user, behind the same proxy at another address, is not held by any of it.
    assert post_login(port, PASSWORD, "198.51.100.7")[0] == 302
