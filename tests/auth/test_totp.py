"""The second factor: turning it on, the code step at login, replay, and admins who must use it."""
import re
import time
from datetime import timedelta
from html import unescape

import pyotp
import pytest
import segno
import sqlalchemy as sa

from casework.auth import totp
from casework.auth.models import LoginCounter, User
from casework.auth.views import PENDING_KEY
from casework.core.clock import utcnow
from casework.core.extensions import db
from config.settings import Config
from tests import factories
from tests.auth.helpers import (
    copy_session,
    post_login,
    records,
    signed_in,
    skip_slowdown,
)
from tests.factories import PASSWORD

BAD_CODE = "Fel kod, eller en kod som redan har använts."


@pytest.fixture
def planner(app_ctx):
    return factories.user("planerare", email="pia@example.se")


def code(user: User, steps_ahead: int = 0) -> str:
    """The code of the current time step, or of a later one (accepted: one step of drift)."""
    return pyotp.TOTP(user.totp_secret).at(time.time() + 30 * steps_ahead)


def turn_on(client, user: User):
    page = client.get("/account/totp").get_data(as_text=True)
    secret = re.search(r'<code class="totp-secret">([A-Z2-7 ]+)</code>', page).group(1)
    response = client.post("/account/totp/enable", data={"code": pyotp.TOTP(secret.replace(" ", "")).now()})
    db.session.refresh(user)
    return response


@pytest.fixture
def with_totp(client, planner):
    factories.log_in(client, planner)
    assert turn_on(client, planner).status_code == 302
    client.post("/logout")
    return planner


def test_setup_page_shows_the_secret_and_an_otpauth_link(client, planner):
    factories.log_in(client, planner)

    page = client.get("/account/totp").get_data(as_text=True)

    db.session.refresh(planner)
    secret = planner.totp_secret
    assert secret and not planner.totp_enabled
    assert " ".join(secret[i:i + 4] for i in range(0, len(secret), 4)) in page
    assert f'href="otpauth://totp/casework:pia%40example.se?secret={secret}&amp;issuer=casework"' in page
    assert 'autocomplete="one-time-code"' in page
    client.get("/account/totp")
    db.session.refresh(planner)
    assert planner.totp_secret == secret  # a reload shows the same secret


def test_setup_page_draws_the_otpauth_address_as_a_qr_code(client, planner):
    """Server-side SVG under the CSP (no script, no inline style), titled for a screen reader;
    its modules are the QR code of exactly the address the page links to."""
    factories.log_in(client, planner)

    page = client.get("/account/totp").get_data(as_text=True)

    uri = unescape(re.search(r'href="(otpauth://[^"]+)"', page).group(1))
    assert f"secret={planner.totp_secret}" in uri
    drawn = re.search(r'<svg role="img" [^>]*class="totp-qr__code"><title>QR-kod som lägger till '
                      r'kontot i autentiseringsappen</title><path [^>]*d="([^"]+)"', page)
    expected = re.search(r' d="([^"]+)"', segno.make(uri, error="m").svg_inline(scale=4))
    assert drawn and drawn.group(1) == expected.group(1)
    assert "style=" not in page


def test_turning_on_needs_a_right_code(client, planner):
    factories.log_in(client, planner)
    client.get("/account/totp")

    page = client.post("/account/totp/enable", data={"code": "000000"}).get_data(as_text=True)

    assert "Koden stämmer inte" in page and "Formuläret innehåller fel" in page
    db.session.refresh(planner)
    assert not planner.totp_enabled


def test_turning_on_ends_the_users_other_sessions(app, client, planner):
    factories.log_in(client, planner)
    thief = app.test_client()
    copy_session(client, thief)

    assert turn_on(client, planner).status_code == 302

    assert planner.totp_enabled
    assert signed_in(client) and not signed_in(thief)


def test_login_asks_for_the_code_and_signs_in_only_when_it_is_right(client, with_totp):
    response = post_login(client, with_totp.email, PASSWORD)

    assert response.headers["Location"] == "/login/code"
    assert not signed_in(client)
    page = client.get("/login/code").get_data(as_text=True)
    assert "Tvåstegsverifiering" in page and 'inputmode="numeric"' in page

    wrong = client.post("/login/code", data={"code": "123456"})
    assert wrong.status_code == 200 and BAD_CODE in wrong.get_data(as_text=True)
    assert not signed_in(client)

    right = client.post("/login/code", data={"code": code(with_totp, 1)})
    assert right.status_code == 302 and right.headers["Location"] == "/"
    assert signed_in(client)


def test_a_code_is_accepted_once(app, client, with_totp):
    used = code(with_totp, 1)
    post_login(client, with_totp.email, PASSWORD)
    assert client.post("/login/code", data={"code": used}).status_code == 302

    other = app.test_client()
    post_login(other, with_totp.email, PASSWORD)
    replayed = other.post("/login/code", data={"code": used})

    assert replayed.status_code == 200 and BAD_CODE in replayed.get_data(as_text=True)
    assert not signed_in(other)


def test_codes_from_older_steps_are_refused_after_a_newer_one(planner, app_ctx):
    planner.totp_secret = pyotp.random_base32()
    now = time.time()
    older, newer = (pyotp.TOTP(planner.totp_secret).at(now + s) for s in (0, 30))

    assert totp.verify(planner, newer)
    assert not totp.verify(planner, older)


def test_a_login_waiting_for_its_code_expires(client, with_totp):
    post_login(client, with_totp.email, PASSWORD)
    with client.session_transaction() as session:
        pending = session[PENDING_KEY]
        session[PENDING_KEY] = {**pending, "at": pending["at"] - 301}

    response = client.post("/login/code", data={"code": code(with_totp, 1)})

    assert response.headers["Location"] == "/login"
    assert not signed_in(client)


def test_wrong_codes_count_towards_the_throttle(client, with_totp):
    post_login(client, with_totp.email, PASSWORD)
    for _ in range(10):
        assert client.post("/login/code", data={"code": "000000"}).status_code == 200
        skip_slowdown()

    response = client.post("/login/code", data={"code": code(with_totp, 1)})

    assert response.status_code == 429
    assert "För många inloggningsförsök" in response.get_data(as_text=True)
    # The right password before them did not count; the wrong codes did, and the address's.
    assert sorted(db.session.scalars(sa.select(LoginCounter.failures))) == [10, 10]


def test_next_survives_the_code_step(client, with_totp):
    post_login(client, with_totp.email, PASSWORD, query="?next=/cases")

    response = client.post("/login/code", data={"code": code(with_totp, 1)})

    assert response.headers["Location"] == "/cases"


def test_turning_off_needs_password_and_code(client, with_totp, monkeypatch):
    post_login(client, with_totp.email, PASSWORD)
    client.post("/login/code", data={"code": code(with_totp, 1)})
    later = utcnow() + timedelta(seconds=60)  # the login's code is used up: wait for the next
    monkeypatch.setattr(totp, "utcnow", lambda: later)

    wrong = client.post("/account/totp/disable", data={"password": "fel-fel-fel-fel", "code": "1"})
    assert "Fel lösenord." in wrong.get_data(as_text=True)
    off = client.post("/account/totp/disable", data={"password": PASSWORD, "code": code(with_totp, 2)})

    assert off.status_code == 302
    db.session.refresh(with_totp)
    assert not with_totp.totp_enabled and with_totp.totp_secret is None
    assert signed_in(client)


@pytest.fixture
def admins_must(app, monkeypatch):
    """The production default, which the testing settings turn off."""
    monkeypatch.setitem(app.config, "TOTP_REQUIRED_ROLES", ["admin"])


def test_admins_must_use_a_second_factor_by_default():
    assert Config.TOTP_REQUIRED_ROLES == ["admin"]


@pytest.fixture
def admin(admins_must, app_ctx):
    return factories.user("admin", email="adam@example.se")


def test_admin_must_set_up_the_second_factor_before_anything_else(client, admin):
    assert post_login(client, admin.email, PASSWORD).status_code == 302

    for path in ("/", "/cases", "/reports", "/account/password", "/no-such-page"):
        response = client.get(path)
        assert response.status_code == 302, path
        assert response.headers["Location"] == "/account/totp"
    page = client.get("/account/totp").get_data(as_text=True)
    assert "Du måste aktivera tvåstegsverifiering" in page
    assert "Din roll kräver tvåstegsverifiering" in page

    assert turn_on(client, admin).status_code == 302
    assert client.get("/").status_code == 200


def test_a_role_granted_during_a_session_is_held_to_it_at_once(client, admins_must, planner):
    factories.log_in(client, planner)
    assert client.get("/").status_code == 200

    factories.grant(planner, "admin", factories.node())

    assert client.get("/").headers["Location"] == "/account/totp"


def test_admin_may_log_out_before_setting_up(client, admin):
    post_login(client, admin.email, PASSWORD)

    assert client.post("/logout").headers["Location"] == "/login"
    assert records(admin)[0].end_reason == "logout"


def test_admin_cannot_turn_the_second_factor_off(client, admin):
    factories.log_in(client, admin)
    turn_on(client, admin)

    page = client.get("/account/totp").get_data(as_text=True)
    response = client.post("/account/totp/disable", data={"password": PASSWORD, "code": code(admin, 1)})

    assert "kan inte stängas av" in page
    assert response.headers["Location"] == "/account/totp"
    db.session.refresh(admin)
    assert admin.totp_enabled


def test_reset_totp_command_turns_it_off_and_ends_sessions(client, cli, with_totp):
    post_login(client, with_totp.email, PASSWORD)
    client.post("/login/code", data={"code": code(with_totp, 1)})

    result = cli.invoke(args=["users", "reset-totp", with_totp.email])

    assert result.exit_code == 0, result.output
    assert not signed_in(client)
    assert post_login(client, with_totp.email, PASSWORD).headers["Location"] == "/"
