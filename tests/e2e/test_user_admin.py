"""Onboarding and offboarding on the real server, on a SQLite file and on PostgreSQL, over HTTP
only: the admin (with a second factor) adds a planner; the planner gets the e-mail (a real SMTP
server), chooses a password through the link, signs in and registers a case; the admin
deactivates the planner, and the planner's open session is refused at the next request."""
import re
import urllib.parse

import pytest
import sqlalchemy as sa

from casework.auth.models import User
from casework.cases.models import Case
from casework.core.extensions import db
from casework.organisation.services import node_by_code
from tests import factories
from tests.e2e.client import Client
from tests.e2e.site import UNIT_CODE, add_organisation
from tests.server import mailing_site

pytestmark = pytest.mark.e2e

ADMIN, PLANNER, CHOSEN = "kim.kvalitet@example.se", "nora.ny@example.se", "Blabar-i-skogen-2026"
LINK = re.compile(r"https?://\S+/losenord/\S+")


@pytest.fixture(scope="module", params=["sqlite", "postgresql"])
def admin_site(request, tmp_path_factory):
    """``casework run`` sending through a real SMTP server; yields (server, inbox, the
    admin's TOTP secret, the test's own app)."""
    def prepare():
        add_organisation()
        return factories.admin(node_by_code("HAV"), email=ADMIN, name="Kim Kvalitet")

    tmp_dir = tmp_path_factory.mktemp(f"users-{request.param}")
    with mailing_site(request.param, tmp_dir, prepare) as (server, inbox, app, secret):
        yield server, inbox, secret, app


def test_the_admin_onboards_a_planner_who_works_until_deactivated(admin_site):
    server, inbox, secret, app = admin_site
    with app.app_context():
        unit_id = node_by_code(UNIT_CODE).id
    admin = Client(server)
    admin.log_in_with_code(ADMIN, factories.PASSWORD, secret)

    new = admin.get("/admin/anvandare/ny")
    form = next(f for f in new.forms if "email" in f.names)
    added = admin.submit(form, {"name": "Nora Ny", "email": PLANNER, "role": "planerare",
                                "node": str(unit_id)})
    sent = (f"Nora Ny har lagts till. En länk för att välja lösenord har skickats till "
            f"{PLANNER}. Den gäller i 24 timmar.")
    assert ("success", sent) in added.flashes
    user_page = added.url

    (message,) = inbox.delivered()
    assert message["To"] == PLANNER and message["Subject"] == "Ditt konto i casework"
    path = urllib.parse.urlsplit(LINK.search(message.get_content()).group(0)).path
    planner = Client(server)
    chosen = planner.submit(planner.get(path).forms[0],
                            {"new_password": CHOSEN, "new_password_again": CHOSEN})
    assert urllib.parse.urlsplit(chosen.url).path == "/login"
    planner.log_in(PLANNER, CHOSEN)

    intake = next(f for f in planner.get("/cases/new").forms if "type" in f.names)
    first = lambda name: next(v for v, _ in intake.names[intake.name_of(name)] if v)
    saved = planner.submit(intake, {"type": "klagomal", "source": first("source"),
                                    "categories": [first("categories")],
                                    "description": "Ingen kom på måndagen."})
    assert 'class="confirmation"' in saved.text, saved.errors

    deactivate = next(f for f in admin.get(user_page).forms if f.action.endswith("/inaktivera"))
    done = admin.submit(deactivate)
    assert ("success", "Användaren är inaktiverad och utloggad överallt.") in done.flashes

    refused = planner.get("/cases")
    assert urllib.parse.urlsplit(refused.url).path == "/login"
    with app.app_context():
        nora = db.session.scalar(sa.select(User).where(User.email == PLANNER))
        assert not nora.active
        assert db.session.scalar(sa.select(sa.func.count()).select_from(Case).where(
            Case.registered_by_id == nora.id)) == 1
    again = Client(server)
    login = next(f for f in again.get("/login").forms if "password" in f.names)
    assert "Fel e-postadress eller lösenord." in again.submit(
        login, {"email": PLANNER, "password": CHOSEN}).errors
