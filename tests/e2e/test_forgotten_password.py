"""A forgotten password on the real server, on a SQLite file and on PostgreSQL: the link is
asked for, read from the e-mail a real SMTP server received, opened, a new password set; the
new password signs in, the old one does not, the link does not work twice, and the server's
access log never wrote the token."""
import re
import urllib.parse

import pytest

from tests import factories
from tests.e2e.client import Client
from tests.server import mailing_site

pytestmark = pytest.mark.e2e

EMAIL, NEW = "glenn.glomsk@example.se", "Lingon-och-kanel-1984"
LINK = re.compile(r"https?://\S+/losenord/\S+")


@pytest.fixture(scope="module", params=["sqlite", "postgresql"])
def mailing_server(request, tmp_path_factory):
    """``casework run`` sending through a real SMTP server; yields (server, inbox)."""
    def prepare():
        factories.user("planerare", name="Glenn Glömsk", email=EMAIL)

    tmp_dir = tmp_path_factory.mktemp(f"reset-{request.param}")
    with mailing_site(request.param, tmp_dir, prepare) as (server, inbox, _, _):
        yield server, inbox


def test_a_forgotten_password_is_replaced_through_the_emailed_link(mailing_server):
    server, inbox = mailing_server
    browser = Client(server)
    login = browser.get("/login")
    assert ("/login/glomt", "Glömt lösenordet?") in [
        (urllib.parse.urlsplit(url).path, text) for url, text in login.links]

    asked = browser.get("/login/glomt")
    sent = browser.submit(asked.forms[0], {"email": EMAIL})
    assert "Om adressen finns hos oss har vi skickat en länk" in sent.text
    unknown = Client(server)
    other = unknown.submit(unknown.get("/login/glomt").forms[0], {"email": "ingen@example.se"})
    assert other.text == sent.text

    (message,) = inbox.delivered()
    assert message["To"] == EMAIL
    path = urllib.parse.urlsplit(LINK.search(message.get_content()).group(0)).path
    token = path.rsplit("/", 1)[1]

    form_page = browser.get(path)
    done = browser.submit(form_page.forms[0], {"new_password": NEW, "new_password_again": NEW})
    assert urllib.parse.urlsplit(done.url).path == "/login"
    assert ("success", "Lösenordet är bytt. Logga in med det nya.") in done.flashes

    stranger = Client(server)
    login_form = next(f for f in stranger.get("/login").forms if "password" in f.names)
    refused = stranger.submit(login_form, {"email": EMAIL, "password": factories.PASSWORD})
    assert "Fel e-postadress eller lösenord." in refused.errors
    Client(server).log_in(EMAIL, NEW)
    again = Client(server).get(path, expect=410)
    assert "Länken gäller inte längre" in again.text
    log = server.output_since(0)
    assert "/losenord/[dold]" in log and token not in log
