"""Importing a register in Chromium on the real server, by keyboard at phone width: the file is
chosen, checked, previewed (the pages pass axe), confirmed once; a file with a bad row first."""
import pytest
import sqlalchemy as sa
from playwright.sync_api import expect

from casework.cases.models import Case
from casework.core.extensions import db
from tests import factories
from tests.browser.intake_helpers import log_in
from tests.browser.test_accessibility import axe_page, axe_source, violations  # noqa: F401
from tests.cases.test_import import row
from tests.cases.test_import_views import workbook

pytestmark = pytest.mark.browser


@pytest.fixture
def chief(live_app):
    with live_app.app_context():
        unit = factories.node("enhet", "Aspudden hemtjänst", code="IMP-ASP")
        person = factories.user("enhetschef", unit, name="Elsa Enhetschef")
        db.session.commit()
        return person.email, unit.id


def imported(live_app, unit_id) -> int:
    with live_app.app_context():
        try:
            return db.session.scalar(sa.select(sa.func.count(Case.id))
                                     .where(Case.unit_id == unit_id))
        finally:
            db.session.remove()


def test_an_enhetschef_imports_a_register_after_fixing_its_bad_row(
        axe_page, chief, live_app, tmp_path):  # noqa: F811
    page = axe_page
    page.set_viewport_size({"width": 390, "height": 844})
    email, unit_id = chief
    bad = tmp_path / "register-fel.xlsx"
    bad.write_bytes(workbook([row(), row(received_on="2025-02-30"), row()]))
    good = tmp_path / "register.xlsx"
    good.write_bytes(workbook([row(description=f"Besök {n} kom sent.") for n in range(25)]))
    log_in(page, email)
    page.goto("/cases")
    page.get_by_role("link", name="Läs in ärenden från fil").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Läs in ärenden från fil")
    assert violations(page) == []

    page.get_by_label("Fil (Excel eller CSV)").set_input_files(bad)
    page.get_by_role("button", name="Granska filen").focus()
    page.keyboard.press("Enter")
    expect(page.get_by_role("heading", name="1 av 3 rader har fel")).to_be_visible()
    expect(page.get_by_role("alert")).to_contain_text("Inga ärenden har lästs in.")
    expect(page.get_by_role("row", name="3")).to_contain_text("är inget datum")
    assert violations(page) == []
    assert imported(live_app, unit_id) == 0

    page.get_by_label("Fil (Excel eller CSV)").set_input_files(good)
    page.get_by_role("button", name="Granska filen").focus()
    page.keyboard.press("Enter")
    expect(page.get_by_role("heading", name="25 ärenden att läsa in")).to_be_visible()
    assert violations(page) == []
    assert imported(live_app, unit_id) == 0
    form = page.locator("form[action$='/bekrafta']")
    fields = {name: form.locator(f"input[name={name}]").input_value()
              for name in ("csrf_token", "draft")}
    page.get_by_role("button", name="Läs in 25 ärenden").focus()
    page.keyboard.press("Enter")
    expect(page.get_by_role("status").filter(has_text="25 ärenden är inlästa.")).to_be_visible()
    assert imported(live_app, unit_id) == 25
    # The same confirmation again (a second tab, a retried request) imports nothing more.
    again = page.request.post("/cases/import/bekrafta", form=fields, max_redirects=0)
    assert again.status == 303 and imported(live_app, unit_id) == 25
