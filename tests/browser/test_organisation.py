"""The admin reorganises in a real browser: adds an enhet under an område, renames it, moves it
to another område, closes it, and sees it so in the tree (the end-to-end test over HTTP,
tests/e2e/test_organisation.py, follows a case through such a move and a closing)."""
import pytest
import sqlalchemy as sa
from playwright.sync_api import expect

from casework.core.extensions import db
from casework.organisation.models import OrgNode
from tests import factories
from tests.browser.admin_helpers import add_enhet, sign_in_as_admin

pytestmark = pytest.mark.browser

ADMIN = "olle.admin@example.se"


@pytest.fixture(scope="module")
def org(live_app) -> dict[str, int]:
    """A förvaltning of its own with two områden, and its admin (a second factor: the server
    asks the admin for one)."""
    with live_app.app_context():
        district = factories.node("forvaltning", "Skärholmens stadsdelsförvaltning", code="ORG-F")
        north = factories.node("omrade", "Hemtjänst Norr", district, code="ORG-N")
        south = factories.node("omrade", "Hemtjänst Söder", district, code="ORG-S")
        secret = factories.admin(district, email=ADMIN, name="Olle Admin")
        db.session.commit()
        return {"north": north.id, "south": south.id, "secret": secret}


def test_the_admin_adds_renames_moves_and_closes_an_enhet(page, live_app, org):
    sign_in_as_admin(page, ADMIN, org["secret"])
    page.goto("/admin")
    page.get_by_role("link", name="Organisation: enheter och ansvariga").click()
    add_enhet(page, "Hemtjänst Norr", "ORG-BRE", "Bredäng hemtjänst")
    expect(page.get_by_role("status")).to_contain_text("Lade till Bredäng hemtjänst.")
    expect(page.get_by_text("Inte vald: påminnelser går till")).to_be_visible()

    page.get_by_label("Nytt namn").fill("Bredängs hemtjänst")
    page.get_by_role("button", name="Byt namn").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Bredängs hemtjänst")

    page.get_by_label("Ny plats").select_option(label="Hemtjänst Söder (område)")
    page.get_by_role("button", name="Flytta").click()
    expect(page.get_by_role("status")).to_contain_text("Flyttade Bredängs hemtjänst.")
    expect(page.get_by_role("navigation", name="Du är här")).to_contain_text("Hemtjänst Söder")

    page.get_by_role("button", name="Stäng enheten").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Stängd")

    page.get_by_role("link", name="Organisation").first.click()
    unit = page.locator("xpath=//ul[@class='org-tree']//li[a='Hemtjänst Söder']"
                        "//li[a='Bredängs hemtjänst']")
    expect(unit).to_contain_text("Stängd")
    expect(page.locator("xpath=//li[a='Hemtjänst Norr']")).not_to_contain_text("Bredängs")

    with live_app.app_context():
        stored = db.session.scalar(sa.select(OrgNode).where(OrgNode.code == "ORG-BRE"))
        assert stored.parent_id == org["south"] and stored.closed_on is not None
