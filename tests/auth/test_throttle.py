"""The login throttle: per account and client and per address, slowing down before it pauses,
never locking a user out from elsewhere. The race of parallel guesses is in test_throttle_race."""
import logging
from datetime import timedelta

import pytest
import sqlalchemy as sa

from casework import register_proxy
from casework.auth.devices import COOKIE
from casework.auth.models import LoginCounter
from casework.core.extensions import db
from tests import factories
from tests.auth.helpers import post_login, skip_slowdown
from tests.factories import PASSWORD

WRONG = "Fel-lösenord-som-är-långt"
GUESSER = "203.0.113.5"


@pytest.fixture
def planner(app_ctx):
    return factories.user("planerare", email="pia@example.se")


def move_back(minutes: int) -> None:
    """Make every window and failure ``minutes`` older, as if that time had passed."""
    for counter in db.session.scalars(sa.select(LoginCounter)):
        counter.window_started_at -= timedelta(minutes=minutes)
        if counter.last_failure_at is not None:
            counter.last_failure_at -= timedelta(minutes=minutes)
    # Committed, as passing time would be: a refused request rolls back what is not.
    db.session.commit()


def fail(client, email, times, address=GUESSER) -> None:
    """``times`` wrong passwords, each let through (the slow-down waited out)."""
    for _ in range(times):
        response = post_login(client, email, WRONG, address)
        assert response.status_code == 200, response.status_code
        skip_slowdown()


def counts() -> list[int]:
    return sorted(db.session.scalars(sa.select(LoginCounter.failures)))


def assert_paused(response):
    """Refused for the window: 15 minutes from the first failure, less the test's seconds."""
    page = response.get_data(as_text=True)
    assert response.status_code == 429
    assert "för många misslyckade inloggningsförsök" in page
    assert "Försök igen om 15 minuter." in page
    assert 14 * 60 < int(response.headers["Retry-After"]) <= 15 * 60
    assert '<html lang="sv">' in page


def test_a_correct_password_from_a_clean_address_signs_in_after_failures_elsewhere(
        app, client, planner):
    fail(app.test_client(), "PIA@example.se ", 10)
    fail(app.test_client(), planner.email, 5, "203.0.113.6")

    assert post_login(client, planner.email, PASSWORD, "198.51.100.7").status_code == 302
    # The guesser's own address stays paused for the account, right password or not.
    assert_paused(post_login(app.test_client(), planner.email, PASSWORD, GUESSER))


def test_the_limit_pauses_the_client_until_its_window_ends(client, planner):
    fail(client, planner.email, 10)

    refused = post_login(client, planner.email, PASSWORD, GUESSER)
    assert_paused(refused)
    with client.session_transaction() as session:
        assert "_user_id" not in session
    move_back(14)
    last_minute = post_login(client, planner.email, PASSWORD, GUESSER)
    seconds = int(last_minute.headers["Retry-After"])
    assert last_minute.status_code == 429 and 0 < seconds <= 60
    assert (f"Försök igen om {seconds} sekunder." if seconds < 60 else "Försök igen om 1 minut.") \
        in last_minute.get_data(as_text=True)

    move_back(1)

    assert post_login(client, planner.email, PASSWORD, GUESSER).status_code == 302


def test_attempts_slow_down_before_the_limit_with_retry_after(client, planner):
    fail(client, planner.email, 2)
    assert post_login(client, planner.email, WRONG, GUESSER).status_code == 200  # a wait starts

    soon = post_login(client, planner.email, PASSWORD, GUESSER)

    page = soon.get_data(as_text=True)
    assert soon.status_code == 429 and soon.headers["Retry-After"] == "2"
    assert "Vänta 2 sekunder och försök igen." in page
    assert 'value="pia@example.se"' in page  # the login form again, the e-mail kept
    assert counts() == [3, 3]  # the refused attempt is not counted
    skip_slowdown()
    assert post_login(client, planner.email, WRONG, GUESSER).status_code == 200
    longer = post_login(client, planner.email, PASSWORD, GUESSER)
    assert longer.status_code == 429 and longer.headers["Retry-After"] == "4"


def test_few_remaining_attempts_are_shown(client, planner):
    pages = []
    for _ in range(10):
        pages.append(post_login(client, planner.email, WRONG, GUESSER).get_data(as_text=True))
        skip_slowdown()

    assert all("Fel e-postadress eller lösenord." in page for page in pages)
    assert not any("försök kvar" in page for page in pages[:6])
    for page, left in zip(pages[6:9], (3, 2, 1)):
        assert f"{left} försök kvar innan inloggningen pausas." in page
    assert "Inga försök kvar: inloggningen pausas nu en stund." in pages[9]


def test_failures_at_one_address_spare_other_users_there_until_the_address_limit(
        app, planner, monkeypatch):
    monkeypatch.setitem(app.config, "LOGIN_THROTTLE_ADDRESS_LIMIT", 12)
    known = factories.user(email="ola@example.se")
    others = [factories.user(email=f"kollega{i}@example.se") for i in range(2)]
    ola = app.test_client()
    assert post_login(ola, known.email, PASSWORD, GUESSER).status_code == 302  # signed in here before
    ola.post("/logout")
    guesser = app.test_client()

    fail(guesser, planner.email, 10)  # the guesser's pair with Pia is paused now, no one else is

    assert post_login(app.test_client(), others[0].email, PASSWORD, GUESSER).status_code == 302
    fail(guesser, "nagon.annan@example.se", 2)  # twelve failures from the address
    assert_paused(post_login(app.test_client(), others[1].email, PASSWORD, GUESSER))
    # A browser that has signed in to its account before is not held by the address.
    assert post_login(ola, known.email, PASSWORD, GUESSER).status_code == 302


def test_a_browser_that_signed_in_before_keeps_signing_in_beside_a_guesser(app, client, planner):
    assert post_login(client, planner.email, PASSWORD, GUESSER).status_code == 302
    client.post("/logout")

    fail(app.test_client(), planner.email, 10)  # the same address, another browser

    assert_paused(post_login(app.test_client(), planner.email, PASSWORD, GUESSER))
    assert post_login(client, planner.email, PASSWORD, GUESSER).status_code == 302


def test_a_browser_is_counted_on_its_own_and_paused_alone(app, client, planner):
    post_login(client, planner.email, PASSWORD, GUESSER)
    client.post("/logout")

    fail(client, planner.email, 10)  # its own cookie's pair, say a stolen copy of it

    assert_paused(post_login(client, planner.email, PASSWORD, GUESSER))
    assert post_login(app.test_client(), planner.email, PASSWORD, "198.51.100.7").status_code == 302


def test_the_device_cookie_names_nobody_and_serves_only_its_account(app, client, planner):
    other = factories.user(email="ola@example.se")
    response = post_login(client, planner.email, PASSWORD, GUESSER)
    header = next(h for h in response.headers.getlist("Set-Cookie") if h.startswith(COOKIE))
    assert "HttpOnly" in header and "SameSite=Lax" in header
    value = client.get_cookie(COOKIE).value
    assert "pia" not in value.lower() and "example" not in value
    client.post("/logout")

    fail(app.test_client(), other.email, 10)  # Ola is paused at this address ...

    # ... and Pia's cookie does not make this browser known to Ola's account.
    assert_paused(post_login(client, other.email, PASSWORD, GUESSER))


def test_behind_a_trusted_proxy_clients_are_told_apart_by_x_forwarded_for(
        app, client, planner, monkeypatch):
    def via_proxy(browser, password, forwarded):
        return browser.post("/login", data={"email": planner.email, "password": password},
                            environ_base={"REMOTE_ADDR": "10.0.0.1"},
                            headers={"X-Forwarded-For": forwarded})

    guesser = app.test_client()
    for _ in range(10):
        assert via_proxy(guesser, WRONG, GUESSER).status_code == 200
        skip_slowdown()
    # Untrusted, the header is the client's own word: everyone behind the proxy is one client.
    assert via_proxy(client, PASSWORD, "198.51.100.7").status_code == 429

    monkeypatch.setitem(app.config, "TRUSTED_PROXIES", 1)
    monkeypatch.setattr(app, "wsgi_app", app.wsgi_app)  # restored after the test
    register_proxy(app)
    for _ in range(10):
        assert via_proxy(guesser, WRONG, GUESSER).status_code == 200
        skip_slowdown()

    assert via_proxy(client, PASSWORD, "198.51.100.7").status_code == 302
    assert via_proxy(guesser, PASSWORD, GUESSER).status_code == 429


def test_an_ipv6_client_is_counted_by_its_64(app, client, planner):
    for host in range(1, 11):
        post_login(client, planner.email, WRONG, f"2001:db8:1:2::{host:x}")
        skip_slowdown()

    assert_paused(post_login(app.test_client(), planner.email, PASSWORD, "2001:db8:1:2::ffff"))
    assert post_login(app.test_client(), planner.email, PASSWORD, "2001:db8:1:3::1").status_code == 302


def test_refused_attempts_are_not_counted(client, planner):
    fail(client, planner.email, 10)
    for _ in range(5):
        assert post_login(client, planner.email, WRONG, GUESSER).status_code == 429

    assert counts() == [10, 10]  # the pair, and the address


def test_a_sign_in_forgets_the_clients_failures(app, planner):
    browser = app.test_client()
    fail(browser, planner.email, 9)
    post_login(browser, planner.email, PASSWORD, GUESSER)
    browser.post("/logout")

    fail(browser, planner.email, 9)

    assert post_login(browser, planner.email, PASSWORD, GUESSER).status_code == 302


def test_limits_are_configurable(app, client, planner, monkeypatch):
    monkeypatch.setitem(app.config, "LOGIN_THROTTLE_PAIR_LIMIT", 3)
    fail(client, planner.email, 3)

    assert post_login(client, planner.email, PASSWORD, GUESSER).status_code == 429


def test_neither_the_email_nor_the_address_is_stored(client, planner):
    post_login(client, "Pia@Example.se", WRONG, "198.51.100.23")

    keys = db.session.scalars(sa.select(LoginCounter.key)).all()
    assert len(keys) == 2 and all(len(key) == 64 for key in keys)
    assert not any("pia" in key.lower() or "198.51" in key for key in keys)


def test_nothing_personal_is_logged(client, planner, caplog):
    caplog.set_level(logging.DEBUG)
    fail(client, planner.email, 10)
    post_login(client, planner.email, PASSWORD, GUESSER)

    assert "limit is reached" in caplog.text
    assert "pia" not in caplog.text.lower() and GUESSER not in caplog.text


def test_ended_windows_are_deleted(client, planner):
    fail(client, planner.email, 3, "198.51.100.1")
    move_back(16)

    fail(client, planner.email, 1)

    assert counts() == [1, 1]
