"""Server-side sessions: a copied cookie dies at logout, password change and deactivation;
idle and absolute timeouts; a new session at every login; no remember-me bypass."""
from datetime import timedelta

import pytest
from flask_login.utils import encode_cookie

from casework.auth.views import TOKEN_KEY
from casework.core.clock import as_utc, utcnow
from casework.core.extensions import db
from config.settings import ProductionConfig
from tests import factories
from tests.auth.helpers import (
    copy_session,
    post_login,
    records,
    session_cookie,
    signed_in,
)
from tests.factories import PASSWORD

NEW_PASSWORD = "Kardemumma-och-te-1977"


@pytest.fixture
def planner(app_ctx):
    return factories.user("planerare", name="Pia Planerare", email="pia@example.se")


@pytest.fixture
def thief(app):
    return app.test_client()


def signed_in_with_copy(client, thief, planner):
    assert post_login(client, planner.email, PASSWORD).status_code == 302
    copy_session(client, thief)
    assert signed_in(thief)


def test_login_starts_a_session_record_and_puts_only_its_token_in_the_cookie(client, planner):
    post_login(client, planner.email, PASSWORD)

    [record] = records(planner)
    with client.session_transaction() as session:
        token = session[TOKEN_KEY]
    assert record.ended_at is None
    assert len(token) >= 40 and record.token_hash != token
    assert token not in record.token_hash


def test_every_login_gets_a_new_session_identifier(client, planner):
    with client.session_transaction() as session:
        session["planted"] = "by someone else"
    before = session_cookie(client)

    post_login(client, planner.email, PASSWORD)
    with client.session_transaction() as session:
        first = session[TOKEN_KEY]
        assert "planted" not in session
    assert session_cookie(client) != before
    client.post("/logout")
    post_login(client, planner.email, PASSWORD)
    with client.session_transaction() as session:
        second = session[TOKEN_KEY]

    assert first != second
    assert [r.end_reason for r in records(planner)] == ["logout", None]


def test_copied_cookie_is_refused_after_logout(client, thief, planner):
    signed_in_with_copy(client, thief, planner)

    client.post("/logout")

    response = thief.get("/")
    assert response.status_code == 302 and response.headers["Location"].startswith("/login")
    assert "Din inloggning har upphört. Logga in igen." in thief.get("/login").get_data(as_text=True)


def test_copied_cookie_is_refused_after_a_password_change(client, thief, planner):
    signed_in_with_copy(client, thief, planner)

    response = client.post("/account/password", data={
        "current_password": PASSWORD, "new_password": NEW_PASSWORD,
        "new_password_again": NEW_PASSWORD,
    })

    assert response.status_code == 302
    assert not signed_in(thief)
    assert signed_in(client)  # the browser that changed it got a new session


def test_copied_cookie_is_refused_after_deactivation(client, thief, cli, planner):
    signed_in_with_copy(client, thief, planner)

    result = cli.invoke(args=["users", "deactivate", "PIA@example.se"])

    assert result.exit_code == 0, result.output
    assert "pia@example.se" in result.output
    assert not signed_in(thief)
    assert not signed_in(client)
    assert {r.end_reason for r in records(planner)} == {"deactivated"}


def test_a_user_deactivated_without_the_command_is_refused_too(client, planner):
    post_login(client, planner.email, PASSWORD)
    planner.active = False
    db.session.flush()

    assert not signed_in(client)
    assert records(planner)[0].end_reason == "deactivated"


def test_deactivating_an_unknown_user_names_it(cli, app_ctx):
    result = cli.invoke(args=["users", "deactivate", "ingen@example.se"])

    assert result.exit_code == 1 and "no user with e-mail 'ingen@example.se'" in result.output


def test_idle_session_ends_after_30_minutes(client, planner):
    post_login(client, planner.email, PASSWORD)
    [record] = records(planner)
    record.last_seen_at = utcnow() - timedelta(minutes=29)
    db.session.flush()
    assert signed_in(client)

    record.last_seen_at = utcnow() - timedelta(minutes=30, seconds=1)
    db.session.flush()

    assert not signed_in(client)
    assert records(planner)[0].end_reason == "idle"


def test_session_ends_12_hours_after_login_however_busy(client, planner):
    post_login(client, planner.email, PASSWORD)
    [record] = records(planner)
    record.created_at = utcnow() - timedelta(hours=11, minutes=59)
    db.session.flush()
    assert signed_in(client)

    record.created_at = utcnow() - timedelta(hours=12, seconds=1)
    db.session.flush()

    assert not signed_in(client)
    assert records(planner)[0].end_reason == "expired"


def test_timeouts_are_configurable(app, client, planner, monkeypatch):
    monkeypatch.setitem(app.config, "SESSION_IDLE_MINUTES", 5)
    post_login(client, planner.email, PASSWORD)
    [record] = records(planner)
    record.last_seen_at = utcnow() - timedelta(minutes=6)
    db.session.flush()

    assert not signed_in(client)


def test_last_use_is_written_at_most_once_a_minute(client, planner):
    post_login(client, planner.email, PASSWORD)
    [record] = records(planner)
    recent = utcnow() - timedelta(seconds=20)
    record.last_seen_at = recent
    db.session.flush()

    assert signed_in(client)
    assert as_utc(records(planner)[0].last_seen_at) == recent

    record = records(planner)[0]
    record.last_seen_at = utcnow() - timedelta(minutes=5)
    db.session.flush()
    assert signed_in(client)
    assert utcnow() - as_utc(records(planner)[0].last_seen_at) < timedelta(minutes=1)


def test_a_cookie_without_a_session_token_signs_nobody_in(client, planner):
    with client.session_transaction() as session:
        session["_user_id"] = str(planner.id)
        session["_fresh"] = True

    assert not signed_in(client)


def test_another_users_token_does_not_fit(client, planner):
    other = factories.user()
    factories.log_in(client, other)
    with client.session_transaction() as session:
        session["_user_id"] = str(planner.id)

    assert not signed_in(client)


def test_remember_me_cookie_does_not_sign_in(app, client, planner):
    with app.test_request_context():
        client.set_cookie("remember_token", encode_cookie(str(planner.id)))

    assert not signed_in(client)


def test_session_cookie_is_httponly_and_samesite_lax(client, planner):
    response = post_login(client, planner.email, PASSWORD)

    cookie = response.headers["Set-Cookie"]
    assert "HttpOnly" in cookie and "SameSite=Lax" in cookie


def test_cookies_are_secure_in_production():
    assert ProductionConfig.SESSION_COOKIE_SECURE is True
    assert ProductionConfig.REMEMBER_COOKIE_SECURE is True


def test_set_password_command_ends_sessions(client, cli, planner):
    post_login(client, planner.email, PASSWORD)

    result = cli.invoke(args=["users", "set-password", planner.email], input=NEW_PASSWORD + "\n")

    assert result.exit_code == 0, result.output
    assert not signed_in(client)
    assert post_login(client, planner.email, NEW_PASSWORD).status_code == 302


def test_set_password_command_refuses_a_weak_password(cli, planner):
    result = cli.invoke(args=["users", "set-password", planner.email], input="kort\n")

    assert result.exit_code == 1 and "minst 12 tecken" in result.output
