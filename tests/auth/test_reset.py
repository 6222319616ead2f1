"""A forgotten password: the link by e-mail (real SMTP), its page, single use, expiry, the
throttle, the sessions it ends, and that the answer never tells who has an account."""
import hashlib
import logging
import re
import threading
from datetime import timedelta

import pytest
import sqlalchemy as sa

from casework.auth import reset
from casework.auth.models import LoginCounter, PasswordReset
from casework.auth.passwords import verify_password
from casework.core import unit_of_work
from casework.core.extensions import db
from casework.trail.models import AuditEvent
from casework.web.log_redaction import RedactSecretPaths
from tests import factories
from tests.auth.helpers import post_login, records, signed_in
from tests.factories import PASSWORD

NEW = "Kardemumma-och-te-1977"
SENT = "Om adressen finns hos oss har vi skickat en länk"
LINK = re.compile(r"http://\S+/losenord/(\S+)")


@pytest.fixture
def person(app_ctx):
    return factories.user("planerare", name="Pia Planerare", email="pia@example.se")


def ask(client, email, address="127.0.0.1"):
    """Ask for a link; the e-mail goes out once the request is committed (at once in tests)."""
    return client.post("/login/glomt", data={"email": email},
                       environ_base={"REMOTE_ADDR": address})


def token_from(inbox) -> str:
    (body,) = inbox.bodies()
    return LINK.search(body).group(1)


def set_new(client, token, new=NEW, again=None):
    return client.post(f"/losenord/{token}", data={
        "new_password": new, "new_password_again": new if again is None else again})


def resets() -> list[PasswordReset]:
    db.session.expire_all()
    return list(db.session.scalars(sa.select(PasswordReset).order_by(PasswordReset.id)))


# Services ------------------------------------------------------------------------------------

def test_the_token_is_stored_only_as_its_hash_with_a_day_to_live(client, person, smtp):
    ask(client, "Pia@Example.se ")

    token = token_from(smtp)
    (link,) = resets()
    assert link.token_hash == hashlib.sha256(token.encode()).hexdigest()
    assert token not in {link.token_hash, str(link.id)} and len(token) >= 43
    assert link.user_id == person.id and link.used_at is None
    assert link.expires_at - link.created_at == timedelta(hours=24)
    (message,) = smtp.messages
    assert message["To"] == "pia@example.se" and message["Subject"] == reset.RESET.subject


def test_an_unknown_or_inactive_address_gets_the_same_answer_and_no_mail(client, person, smtp):
    inactive = factories.user("planerare", email="gone@example.se", active=False)
    assert not inactive.active
    known = ask(client, "pia@example.se")
    answers = [ask(client, email) for email in ("ingen@example.se", "gone@example.se")]

    assert len(smtp.messages) == 1 and len(resets()) == 1
    for answer in answers:
        assert answer.status_code == known.status_code == 200
        assert answer.get_data(as_text=True) == known.get_data(as_text=True)
        assert SENT in answer.get_data(as_text=True)


def test_a_link_works_once(client, person, smtp):
    ask(client, "pia@example.se")
    token = token_from(smtp)

    assert reset.reset_password(token, NEW) == person
    assert verify_password(person.password_hash, NEW)
    with pytest.raises(reset.LinkInvalid):
        reset.reset_password(token, "Ett-helt-annat-lösenord-42")
    assert resets()[0].used_at is not None


def test_an_expired_link_is_refused(client, person, smtp):
    ask(client, "pia@example.se")
    token = token_from(smtp)
    (link,) = resets()
    link.expires_at = link.created_at - timedelta(seconds=1)
    db.session.flush()

    with pytest.raises(reset.LinkInvalid):
        reset.reset_password(token, NEW)
    assert set_new(client, token).status_code == 410


def test_setting_the_password_uses_up_every_open_link(client, person, smtp):
    ask(client, "pia@example.se")
    ask(client, "pia@example.se")
    first, second = (LINK.search(body).group(1) for body in smtp.bodies())

    reset.reset_password(second, NEW)

    assert all(link.used_at is not None for link in resets())
    with pytest.raises(reset.LinkInvalid):
        reset.reset_password(first, "Ett-helt-annat-lösenord-42")


def test_a_weak_password_leaves_the_link_open(client, person, smtp):
    ask(client, "pia@example.se")
    token = token_from(smtp)

    response = set_new(client, token, new="password1234")

    assert response.status_code == 200
    assert "Lösenordet är för vanligt." in response.get_data(as_text=True)
    assert resets()[0].used_at is None
    assert set_new(client, token).status_code == 302


def test_the_reset_ends_every_session_of_the_user(app, client, person, smtp):
    elsewhere = app.test_client()
    assert post_login(elsewhere, person.email, PASSWORD).status_code == 302
    ask(client, "pia@example.se")

    reset.reset_password(token_from(smtp), NEW)
    db.session.commit()

    assert [r.end_reason for r in records(person)] == ["password"]
    assert not signed_in(elsewhere)


def test_requests_are_throttled_per_address_asked_for(app, client, person, smtp):
    limit = app.config["PASSWORD_RESET_EMAIL_LIMIT"]
    for n in range(limit):
        assert ask(client, "pia@example.se", address=f"10.0.0.{n}").status_code == 200
    refused = ask(client, "pia@example.se", address="10.0.9.9")

    assert refused.status_code == 429 and "Retry-After" in refused.headers
    assert "många förfrågningar" in refused.get_data(as_text=True)
    assert len(smtp.messages) == limit
    # The same for an address without an account: the throttle tells nothing either.
    for n in range(limit):
        ask(client, "ingen@example.se", address=f"10.1.0.{n}")
    assert ask(client, "ingen@example.se", address="10.1.9.9").status_code == 429


def test_requests_are_throttled_per_client(app, app_ctx, client, monkeypatch, smtp):
    monkeypatch.setitem(app.config, "PASSWORD_RESET_CLIENT_LIMIT", 3)
    for n in range(3):
        assert ask(client, f"ingen{n}@example.se", address="10.2.0.1").status_code == 200
    assert ask(client, "ingen9@example.se", address="10.2.0.1").status_code == 429
    assert ask(client, "ingen9@example.se", address="10.2.0.2").status_code == 200
    keys = [c.key for c in db.session.scalars(sa.select(LoginCounter))]
    assert all(re.fullmatch(r"[0-9a-f]{64}", key) for key in keys)  # no address stored


def test_the_mail_goes_after_the_commit_without_the_answer_waiting_for_it(
        client, person, smtp, app, monkeypatch):
    """As the README's configuration sends it: from a thread of its own. The mail server is
    held mid-message; the answer comes all the same."""
    monkeypatch.setitem(app.config, "MAIL_LINKS_IN_BACKGROUND", True)
    held = smtp.hold = threading.Event()

    response = client.post("/login/glomt", data={"email": "pia@example.se"})

    assert SENT in response.get_data(as_text=True)
    assert len(resets()) == 1  # committed
    try:
        assert smtp.arrived.wait(10) and not smtp.messages  # the mail is on its way, held
    finally:
        held.set()


def test_a_mail_waits_for_the_commit_and_a_rolled_back_unit_sends_none(app_ctx):
    sent = []
    with unit_of_work.unit():
        unit_of_work.after_commit(lambda: sent.append("kept"))
        assert sent == []
    with pytest.raises(RuntimeError), unit_of_work.unit():
        unit_of_work.after_commit(lambda: sent.append("undone"))
        raise RuntimeError
    with unit_of_work.unit():
        unit_of_work.after_commit(lambda: sent.append("refused"))
        unit_of_work.rollback()  # a refusal undoes the unit's work so far, and its mail
    assert sent == ["kept"]


def test_an_smtp_failure_is_answered_as_if_sent(client, person, smtp):
    smtp.replies.append("550 5.1.1 no such mailbox")

    response = ask(client, "pia@example.se")

    assert response.status_code == 200 and SENT in response.get_data(as_text=True)


# Pages ---------------------------------------------------------------------------------------

def test_the_login_page_links_to_the_forgotten_password_page(client, app_ctx):
    page = client.get("/login").get_data(as_text=True)
    assert 'href="/login/glomt">Glömt lösenordet?</a>' in page
    form = client.get("/login/glomt").get_data(as_text=True)
    assert ">E-post</label>" in form


def test_the_forgotten_password_form_asks_for_an_address(client, app_ctx):
    response = client.post("/login/glomt", data={"email": ""})
    assert response.status_code == 200
    assert "Ange din e-postadress." in response.get_data(as_text=True)


def test_a_text_that_is_no_address_is_asked_for_again_with_the_text_kept(client, app_ctx, smtp):
    response = client.post("/login/glomt", data={"email": "pia på kontoret"})
    text = response.get_data(as_text=True)
    assert "Skriv hela e-postadressen, till exempel namn@exempel.se." in text
    assert 'value="pia på kontoret"' in text and not smtp.messages


def test_the_link_page_sets_the_password_and_sends_to_login(client, person, smtp):
    ask(client, "pia@example.se")
    token = token_from(smtp)

    page = client.get(f"/losenord/{token}")
    assert page.status_code == 200 and page.headers["Referrer-Policy"] == "no-referrer"
    text = page.get_data(as_text=True)
    assert ">Nytt lösenord</label>" in text and ">Nytt lösenord igen</label>" in text
    mismatch = set_new(client, token, again="något annat helt")
    assert "Lösenorden är inte likadana." in mismatch.get_data(as_text=True)

    done = set_new(client, token)

    assert done.status_code == 302 and done.headers["Location"] == "/login"
    assert done.headers["Referrer-Policy"] == "no-referrer"
    assert "Lösenordet är bytt. Logga in med det nya." in client.get("/login").get_data(as_text=True)
    assert post_login(client, person.email, PASSWORD).status_code == 200
    assert post_login(client, person.email, NEW).status_code == 302
    actions = db.session.scalars(sa.select(AuditEvent.action).where(
        AuditEvent.user_id == person.id)).all()
    assert {"password_reset_link", "password_reset"} <= set(actions)


def test_a_used_or_unknown_link_says_it_no_longer_works(client, person, smtp):
    ask(client, "pia@example.se")
    token = token_from(smtp)
    set_new(client, token)

    for path in (f"/losenord/{token}", "/losenord/nagot-pahittat", "/losenord/" + "x" * 500):
        response = client.get(path)
        assert response.status_code == 410, path
        assert "Länken gäller inte längre" in response.get_data(as_text=True)
    assert set_new(client, token).status_code == 410


def test_a_signed_in_user_is_sent_on_from_the_forgotten_password_page(client, person):
    factories.log_in(client, person)
    assert client.get("/login/glomt").status_code == 302


def test_the_access_log_does_not_write_the_token(app):
    record = logging.LogRecord("werkzeug", logging.INFO, "", 0, '%s - - "%s" %s %s',
                               ("127.0.0.1", "GET /losenord/hemlig-token_42 HTTP/1.1", "200", "-"),
                               None)
    RedactSecretPaths().filter(record)
    assert "hemlig" not in record.getMessage() and "/losenord/[dold]" in record.getMessage()
    assert logging.getLogger("werkzeug").filters  # registered by the app
