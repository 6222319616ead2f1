"""The login throttle: 10 failures per account or per address in 15 minutes, then 429 in Swedish."""
from datetime import timedelta

import pytest
import sqlalchemy as sa

from casework.auth.models import LoginFailure
from casework.extensions import db
from tests import factories
from tests.auth.helpers import post_login
from tests.factories import PASSWORD

WRONG = "Fel-lösenord-som-är-långt"


@pytest.fixture
def planner(app_ctx):
    return factories.user("planerare", email="pia@example.se")


def fail(client, email, times, address=None):
    for i in range(times):
        response = post_login(client, email, WRONG, address or f"10.0.0.{i + 1}")
        assert response.status_code == 200


def move_back(minutes: int) -> None:
    """Make every recorded failure ``minutes`` older, as if that time had passed."""
    for failure in db.session.scalars(sa.select(LoginFailure)):
        failure.at -= timedelta(minutes=minutes)
    # Committed, as passing time would be: a refused request rolls back what is not.
    db.session.commit()


def assert_refused(response, minutes=15):
    page = response.get_data(as_text=True)
    assert response.status_code == 429
    assert "För många inloggningsförsök" in page
    assert f"Försök igen om {minutes} {'minut' if minutes == 1 else 'minuter'}." in page
    assert 60 * (minutes - 1) < int(response.headers["Retry-After"]) <= 60 * minutes
    assert '<html lang="sv">' in page


def test_eleventh_attempt_on_one_account_is_refused_even_with_the_right_password(client, planner):
    fail(client, "PIA@example.se ", 10)  # ten addresses: only the account's count is reached

    refused = post_login(client, planner.email, PASSWORD, "10.9.9.9")

    assert_refused(refused)
    with client.session_transaction() as session:
        assert "_user_id" not in session


def test_other_accounts_are_not_locked_by_one_accounts_failures(client, planner):
    other = factories.user(email="ola@example.se")
    fail(client, planner.email, 10)

    assert post_login(client, other.email, PASSWORD, "10.9.9.9").status_code == 302


def test_eleventh_attempt_from_one_address_is_refused(client, planner):
    for i in range(10):
        post_login(client, f"gissning{i}@example.se", WRONG, "192.0.2.7")

    assert_refused(post_login(client, planner.email, PASSWORD, "192.0.2.7"))
    assert post_login(client, planner.email, PASSWORD, "192.0.2.8").status_code == 302


def test_wrong_answers_are_shown_until_the_limit(client, planner):
    fail(client, planner.email, 9)

    page = post_login(client, planner.email, WRONG, "10.9.9.9").get_data(as_text=True)

    assert "Fel e-postadress eller lösenord." in page


def test_login_works_again_once_the_failures_leave_the_window(client, planner):
    fail(client, planner.email, 10)
    move_back(14)
    assert_refused(post_login(client, planner.email, PASSWORD), minutes=1)

    move_back(1)

    assert post_login(client, planner.email, PASSWORD).status_code == 302


def test_retry_after_counts_from_the_oldest_failure_in_the_window(client, planner):
    fail(client, planner.email, 5)
    move_back(10)
    fail(client, planner.email, 5)

    assert_refused(post_login(client, planner.email, PASSWORD), minutes=5)


def test_refused_attempts_do_not_extend_the_lock(client, planner):
    fail(client, planner.email, 10)
    for _ in range(5):
        post_login(client, planner.email, WRONG)

    assert db.session.scalar(sa.select(sa.func.count()).select_from(LoginFailure)) == 10


def test_a_successful_login_clears_the_accounts_failures(client, planner):
    fail(client, planner.email, 9)
    post_login(client, planner.email, PASSWORD, "10.9.9.9")
    client.post("/logout")

    fail(client, planner.email, 9)

    assert post_login(client, planner.email, PASSWORD, "10.9.9.9").status_code == 302


def test_limits_are_configurable(app, client, planner, monkeypatch):
    monkeypatch.setitem(app.config, "LOGIN_THROTTLE_ACCOUNT_LIMIT", 3)
    fail(client, planner.email, 3)

    assert post_login(client, planner.email, PASSWORD).status_code == 429


def test_neither_the_email_nor_the_address_is_stored(client, planner):
    post_login(client, "Pia@Example.se", WRONG, "198.51.100.23")

    [failure] = db.session.scalars(sa.select(LoginFailure)).all()
    stored = f"{failure.account_key} {failure.address_key}"
    assert "pia" not in stored.lower() and "198.51" not in stored
    assert len(failure.account_key) == len(failure.address_key) == 64


def test_failures_older_than_the_window_are_deleted(client, planner):
    fail(client, planner.email, 3)
    move_back(16)

    fail(client, planner.email, 1)

    assert db.session.scalar(sa.select(sa.func.count()).select_from(LoginFailure)) == 1
