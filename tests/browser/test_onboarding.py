"""Onboarding and offboarding in a real browser (issue 14's check), on the README's embedded
default (a SQLite file) with a real SMTP server: the admin adds an enhet under an område and a
planner for it; the planner gets the e-mail, chooses a password through its link, signs in and
registers a case in that enhet; the admin deactivates the planner, and the planner's open page
is refused at the next request."""
import re
import urllib.parse

import pytest
import sqlalchemy as sa
from playwright.sync_api import expect

from casework.auth.models import User
from casework.cases.models import Case
from casework.core.extensions import db
from casework.organisation.models import OrgNode
from tests import factories
from tests.browser.admin_helpers import add_enhet, sign_in_as_admin
from tests.databases import fresh_database
from tests.server import Server, migrate, own_app
from tests.smtp import smtp_server

pytestmark = pytest.mark.browser

ADMIN, PLANNER, CHOSEN = "kim.kvalitet@example.se", "nora.ny@example.se", "Blabar-i-skogen-2026"
LINK = re.compile(r"https?://\S+/losenord/\S+")


@pytest.fixture(scope="module")
def mailing_site(tmp_path_factory):
    """``casework run`` on a SQLite file, sending through a real SMTP server; yields (base URL,
    inbox, the admin's TOTP secret, the test's own app)."""
    tmp_dir = tmp_path_factory.mktemp("onboarding")
    with fresh_database("sqlite", tmp_dir) as url, smtp_server() as (port, inbox):
        env = migrate(url, tmp_dir)
        env.update(CASEWORK_SMTP_HOST="127.0.0.1", CASEWORK_SMTP_PORT=str(port))
        with own_app(url, tmp_dir / "instance") as app:
            with app.app_context():
                district = factories.node("forvaltning", "Farsta stadsdelsförvaltning",
                                          code="FAR")
                factories.node("omrade", "Hemtjänst Farsta", district, code="FAR-HT")
                secret = factories.admin(district, email=ADMIN, name="Kim Kvalitet")
                db.session.commit()
            with Server(env, tmp_dir / "server.log") as server:
                mark = server.mark()
                yield server.url, inbox, secret, app
                server.check(mark)


def test_the_admin_onboards_a_planner_for_a_new_unit_and_offboards_them(browser, mailing_site):
    base, inbox, secret, app = mailing_site
    admin_context = browser.new_context(base_url=base, locale="sv-SE")
    planner_context = browser.new_context(base_url=base, locale="sv-SE")
    admin, planner = admin_context.new_page(), planner_context.new_page()

    sign_in_as_admin(admin, ADMIN, secret)
    admin.get_by_role("link", name="Administration").click()
    admin.get_by_role("link", name="Organisation: enheter och ansvariga").click()
    add_enhet(admin, "Hemtjänst Farsta", "FAR-HOK", "Hökarängen hemtjänst")
    with app.app_context():
        unit_id = db.session.scalar(sa.select(OrgNode.id).where(OrgNode.code == "FAR-HOK"))

    admin.get_by_role("link", name="Administration").click()
    admin.get_by_role("link", name="Användare").click()
    admin.get_by_role("link", name="Ny användare").click()
    admin.get_by_label("Namn").fill("Nora Ny")
    admin.get_by_label("E-post").fill(PLANNER)
    admin.get_by_label("Roll").select_option("planerare")
    admin.get_by_label("Organisationsdel").select_option(str(unit_id))
    admin.get_by_role("button", name="Lägg till och skicka länk").click()
    expect(admin.get_by_role("heading", level=1)).to_have_text("Nora Ny")
    expect(admin.locator(".flash--success")).to_contain_text(f"har skickats till {PLANNER}")

    (message,) = inbox.delivered()
    assert message["To"] == PLANNER
    link = urllib.parse.urlsplit(LINK.search(message.get_content()).group(0))
    planner.goto(link.path)
    planner.get_by_label("Nytt lösenord", exact=True).fill(CHOSEN)
    planner.get_by_label("Nytt lösenord igen").fill(CHOSEN)
    planner.keyboard.press("Enter")
    expect(planner).to_have_url(re.compile(r"/login$"))
    planner.get_by_label("E-post").fill(PLANNER)
    planner.get_by_label("Lösenord").fill(CHOSEN)
    planner.keyboard.press("Enter")
    expect(planner.get_by_role("heading", level=1)).to_have_text("Start")

    planner.goto("/cases/new")
    planner.get_by_role("radio", name="Beröm", exact=True).check()
    planner.get_by_label("Beskrivning").fill("Tack för den fina hjälpen i julas.")
    planner.keyboard.press("Control+Enter")
    expect(planner.get_by_role("status").filter(has_text="Ärendet")).to_contain_text("är registrerat")

    admin.get_by_role("button", name="Inaktivera").click()
    expect(admin.locator(".flash--success")).to_contain_text("inaktiverad")

    planner.goto("/cases")
    expect(planner).to_have_url(re.compile(r"/login"))
    with app.app_context():
        nora = db.session.scalar(sa.select(User).where(User.email == PLANNER))
        case = db.session.scalar(sa.select(Case).where(Case.registered_by_id == nora.id))
        assert not nora.active and case.unit_id == unit_id
    admin_context.close()
    planner_context.close()
