"""In the browser: the deputy corrects a case from its page and sees it in the history and the
audit; the planner saves a call by mistake and presses Ångra, and the report does not count it.
Both backends."""
import re

import pytest
import sqlalchemy as sa
from playwright.sync_api import expect

from casework.cases.models import Case, CaseType
from casework.core.clock import local_today
from casework.core.extensions import db
from casework.reports.counting import report_for
from casework.reports.export import to_json
from casework.trail.models import AuditEvent
from tests import factories
from tests.browser.intake_helpers import log_in, open_quick_entry

pytestmark = pytest.mark.browser


@pytest.fixture
def complaint(live_app):
    """A complaint in a unit of its own, and its deputy's e-mail."""
    with live_app.app_context():
        unit = factories.node("enhet", "Fruängen hemtjänst")
        deputy = factories.user("bitradande_enhetschef", unit, name="Frida Biträdande")
        case = factories.case(unit, "klagomal", local_today(), source="narstaende",
                              description="Kvällsbesöket kom för sent.",
                              categories=["utebliven_insats"])
        db.session.commit()
        return case.id, deputy.email


def test_the_deputy_corrects_the_type_channel_and_category(page, complaint, live_app):
    case_id, email = complaint
    log_in(page, email)
    page.goto(f"/cases/{case_id}")
    page.get_by_role("link", name="Rätta uppgifter").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Rätta uppgifter")
    expect(page.get_by_role("radio", name="Klagomål", exact=True)).to_be_checked()

    page.get_by_role("radio", name="Synpunkt", exact=True).check()
    page.get_by_label("Utebliven/försenad insats", exact=True).uncheck()
    page.get_by_label("Bemanning", exact=True).check()
    page.get_by_label("Kanal").select_option(label="Telefon")
    page.get_by_role("button", name="Spara rättelsen").click()

    expect(page.locator(".flash--success")).to_have_text(
        "Uppgifterna är rättade: typ, kanal, kategori.")
    expect(page.locator(".timeline__text").last).to_have_text(
        "Rättade Typ: Klagomål → Synpunkt; Kanal: inget → Telefon; "
        "Kategori: Utebliven/försenad insats → Bemanning")
    with live_app.app_context():
        case = db.session.get(Case, case_id)
        assert (case.type, case.channel, case.categories) == (
            CaseType.SYNPUNKT, "telefon", ["bemanning"])
        assert db.session.scalar(sa.select(AuditEvent.detail).where(
            AuditEvent.case_id == case_id, AuditEvent.action == "correct")) == {"corrected": {
                "type": ["klagomal", "synpunkt"], "channel": [None, "telefon"],
                "categories": [["utebliven_insats"], ["bemanning"]]}}


def test_the_planner_undoes_a_call_saved_by_mistake(page, live_app):
    with live_app.app_context():
        year = local_today().year
        before = to_json(report_for("ASP", year))
    log_in(page, "pia.planerare@example.se")
    open_quick_entry(page)
    page.get_by_role("radio", name="Beröm", exact=True).check()
    page.get_by_label("Beskrivning").fill("Tack för hjälpen i dag.")
    page.get_by_role("button", name="Spara", exact=True).click()
    confirmation = page.locator(".confirmation")
    expect(confirmation).to_contain_text("är registrerat.")
    number = confirmation.get_by_role("link").inner_text()
    with live_app.app_context():
        assert to_json(report_for("ASP", year)) != before

    confirmation.get_by_role("button", name="Ångra").click()

    expect(page.locator(".flash--success")).to_have_text(
        re.compile(rf"Ärende {number} är återtaget\. Det räknas inte i någon rapport\."))
    expect(page.get_by_role("button", name="Ångra")).to_have_count(0)
    with live_app.app_context():
        case = db.session.scalar(sa.select(Case).where(Case.number == number))
        assert case.status == "atertaget"
        assert to_json(report_for("ASP", year)) == before
