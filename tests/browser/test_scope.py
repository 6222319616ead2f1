"""Across roles in a real browser: a logged complaint is found in the list, a staff member sees
the återkoppling on their report, and a planner of another unit cannot open the case."""
import re

import pytest
from playwright.sync_api import Page, expect

from casework.auth.services import user_by_email
from casework.cases import handling
from casework.core.clock import local_today
from casework.core.extensions import db
from tests import factories
from tests.browser.conftest import OTHER_PLANNER
from tests.browser.intake_helpers import log_in, step_toggle

pytestmark = pytest.mark.browser


def sign_out(page: Page) -> None:
    page.get_by_role("button", name="Logga ut").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Logga in")


def test_a_planner_finds_the_logged_complaint_and_another_unit_cannot_open_it(page, live_app):
    log_in(page, "pia.planerare@example.se")
    page.goto("/cases/new")
    page.get_by_role("radio", name="Klagomål").check()
    page.get_by_label("Från vem").select_option(label="Närstående (anhörig, god man etc.)")
    page.get_by_role("checkbox", name="Bemötande").check()
    page.get_by_label("Beskrivning").fill("Personalen var otrevlig vid morgonbesöket.")
    page.get_by_role("button", name="Spara").click()
    number = page.get_by_role("status").get_by_role("link").inner_text()

    page.goto("/cases")
    page.get_by_label("Sök").fill(number)
    page.get_by_label("Sök").press("Enter")
    row_link = page.get_by_role("link", name=number)
    expect(row_link).to_be_visible()
    row_link.click()
    expect(page.get_by_role("heading", level=1)).to_contain_text(number)
    case_url = page.url
    sign_out(page)

    log_in(page, OTHER_PLANNER)
    response = page.goto(case_url)
    assert response.status == 404
    expect(page.get_by_text("Personalen var otrevlig")).to_have_count(0)
    page.goto("/cases")
    page.get_by_label("Sök").fill(number)
    page.get_by_label("Sök").press("Enter")
    expect(page.get_by_role("link", name=number)).to_have_count(0)


def test_a_staff_member_sees_the_aterkoppling_on_their_report(page, live_app):
    with live_app.app_context():
        reporter = user_by_email("mats.medarbetare@example.se")
        deputy = user_by_email("bea.bitradande@example.se")
        case = factories.case(reporter.grants[0].node, "avvikelse", local_today(), by=reporter,
                              description="Nyckeln saknades i nyckelskåpet.")
        handling.record_feedback(case, case.version, deputy, given_on=local_today(),
                                 method="mote", recipient="Mats Medarbetare",
                                 content="Rutinen är genomgången på APT.")
        db.session.commit()
        case_id, number = case.id, case.number

    log_in(page, "mats.medarbetare@example.se")
    reports = page.get_by_role("region", name="Mina rapporter")
    expect(reports.get_by_role("link", name=number)).to_be_visible()
    expect(reports).to_contain_text(re.compile(r"Lämnad \d{1,2} \w+ \d{4}"))
    page.goto(f"/cases/{case_id}")
    expect(page.get_by_text("Mats Medarbetare", exact=False).first).to_be_visible()
    expect(step_toggle(page, "Registrera återkoppling")).to_have_count(0)

