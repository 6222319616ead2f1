"""The case list's bulk action by keyboard alone, in Chromium on the real server: "Välj alla",
an action's button, the confirmation page (which passes axe), Bekräfta."""
import pytest
from playwright.sync_api import expect

from casework.cases.models import Case
from casework.core.clock import local_today
from casework.core.extensions import db
from tests import factories
from tests.browser.intake_helpers import log_in
from tests.browser.test_accessibility import axe_page, axe_source, violations  # noqa: F401

pytestmark = pytest.mark.browser


@pytest.fixture
def praise(live_app):
    """Two beröm in a unit of its own, and its deputy's e-mail."""
    with live_app.app_context():
        unit = factories.node("enhet", "Västertorp hemtjänst")
        deputy = factories.user("bitradande_enhetschef", unit, name="Vera Biträdande")
        cases = [factories.case(unit, "berom", local_today(), description=text)
                 for text in ("Tack för den fina promenaden.", "Personalen var så vänlig.")]
        db.session.commit()
        return [(case.id, case.number) for case in cases], deputy.email


def test_a_deputy_closes_praise_in_bulk_by_keyboard(axe_page, praise, live_app):  # noqa: F811
    page = axe_page
    cases, email = praise
    log_in(page, email)
    page.goto("/cases")
    expect(page.locator("#traffar")).to_have_text("2 ärenden")
    assert violations(page) == []

    select_all = page.get_by_label("Välj alla ärenden på sidan")
    expect(select_all).to_be_visible()  # shown by its script
    select_all.focus()
    page.keyboard.press("Space")
    for _, number in cases:
        expect(page.get_by_label(f"Välj {number}")).to_be_checked()
    page.get_by_role("button", name="Avsluta beröm").focus()
    page.keyboard.press("Enter")

    expect(page.get_by_role("heading", level=1)).to_have_text("Avsluta beröm")
    expect(page.get_by_text("Du avslutar 2 ärenden med beröm")).to_be_visible()
    assert violations(page) == []
    page.get_by_role("button", name="Bekräfta").focus()
    page.keyboard.press("Enter")

    expect(page.get_by_role("status")).to_contain_text("2 ärenden är avslutade.")
    with live_app.app_context():
        statuses = {db.session.get(Case, case_id).status for case_id, _ in cases}
        db.session.remove()
    assert statuses == {"avslutad"}
