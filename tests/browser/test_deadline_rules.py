"""The admin changes a district's deadline rule in the browser (issue 14's check): a number no
rule can be is explained, the change is saved and in the rule's history, and the next klagomål
a planner of the district registers is due on the new day."""
import re
from types import SimpleNamespace

import pytest
import sqlalchemy as sa
from babel.dates import format_date
from playwright.sync_api import expect

from casework.cases.models import Case
from casework.core.clock import local_today
from casework.core.extensions import db
from casework.deadlines import deadline_rules
from casework.deadlines.calendar import add_working_days
from tests import factories
from tests.browser.admin_helpers import sign_in_as_admin
from tests.browser.intake_helpers import clock_cells, log_in, open_quick_entry

pytestmark = pytest.mark.browser

RULE = "Bekräftelse till den som lämnat klagomålet"
ADMIN, PLANNER = "ada.admin@regler.example.se", "pia.planerare@regler.example.se"


@pytest.fixture(scope="module")
def district(live_app):
    """A district of its own (the other browser tests keep the file's rules), its admin with
    the second factor the server requires, and a planner."""
    with live_app.app_context():
        node = factories.node("forvaltning", "Skarpnäcks stadsdelsförvaltning", code="REGLER")
        unit = factories.node("enhet", "Skarpnäck hemtjänst", node, code="REGLER-SK")
        secret = factories.admin(node, email=ADMIN)
        factories.user("planerare", unit, name="Pia Skarpnäck", email=PLANNER)
        db.session.commit()
        return SimpleNamespace(id=node.id, secret=secret)


def test_a_rule_changed_in_the_browser_changes_a_new_cases_due_date(
        browser, page, live_server, live_app, district):
    sign_in_as_admin(page, ADMIN, district.secret)

    page.goto("/admin")
    page.get_by_role("link", name="Tidsfrister").click()
    expect(page.locator(".lead")).to_have_text("Skarpnäcks stadsdelsförvaltning")
    page.get_by_role("link", name=RULE).click()
    length = page.get_by_label("Tidsfrist i arbetsdagar")
    expect(length).to_have_value("2")

    length.fill("-1")
    page.get_by_role("button", name="Spara").click()
    summary = page.get_by_role("alert")
    expect(summary).to_contain_text("Ange tidsfristen i hela arbetsdagar som ett heltal från 0 till 365.")
    expect(length).to_have_value("-1")

    length.fill("5")
    page.get_by_role("button", name="Spara").click()
    expect(page.get_by_role("status")).to_contain_text(f"Tidsfristen ”{RULE}” är sparad")
    history = page.get_by_role("region", name="Historik")
    expect(history).to_contain_text("Ada Admin")
    expect(history).to_contain_text("Tidsfrist, arbetsdagar: 2 → 5")

    planner = browser.new_context(base_url=live_server, locale="sv-SE").new_page()
    log_in(planner, PLANNER)
    open_quick_entry(planner)
    planner.get_by_role("radio", name="Klagomål", exact=True).check()
    planner.locator("#source").select_option("brukare")
    planner.get_by_label("Bemötande", exact=True).check()
    planner.locator("#description").fill("Ingen kom på tisdagen.")
    planner.get_by_role("button", name="Spara").click()
    confirmation = planner.get_by_role("status").filter(has_text="Ärendet")
    expect(confirmation).to_have_text(re.compile(r"Ärendet \d{4}-\d{4} är registrerat\."))
    number = confirmation.get_by_role("link").inner_text()

    with live_app.app_context():
        case = db.session.scalar(sa.select(Case).where(Case.number == number))
        due = add_working_days(local_today(), 5, deadline_rules().holiday_categories)
        assert (case.unit.code, case.received_on, case.due_on) == ("REGLER-SK", local_today(), due)
    confirmation.get_by_role("link").click()
    expect(clock_cells(planner, RULE).first).to_have_text(format_date(due, "d MMMM y", locale="sv"))
    planner.context.close()
