"""A care worker files an avvikelse from a phone."""
import re
from datetime import timedelta

import pytest
import sqlalchemy as sa
from playwright.sync_api import expect

from casework.cases.models import Case, CaseType
from casework.core.clock import local_today
from casework.core.extensions import db
from tests.browser.intake_helpers import PHONE, log_in, phone_page

pytestmark = pytest.mark.browser

#: The smallest comfortable touch target, in CSS pixels (WCAG 2.5.5).
TOUCH = 44


def test_a_staff_member_files_a_deviation_on_a_phone(browser, live_server, live_app):
    with live_app.app_context():
        yesterday = local_today() - timedelta(days=1)
    with phone_page(browser, live_server) as page:
        log_in(page, "mats.medarbetare@example.se")
        page.goto("/cases/report")

        assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
        page.get_by_label("Lex Sarah-rapport").tap()
        expect(page.get_by_role("group", name="Vem avser avvikelsen?")).to_be_hidden()
        page.get_by_label("Avvikelse", exact=True).tap()
        page.get_by_label("Vad hände?").fill("Larmet var urkopplat vid kvällsbesöket.")
        page.get_by_label("När hände det?").fill(yesterday.isoformat())
        page.get_by_label("Medarbetare inom den egna verksamheten").tap()
        page.get_by_label("Utförande av insats").tap()
        page.get_by_label("Den egna verksamheten", exact=True).tap()
        page.get_by_label("Omedelbara åtgärder").fill("Larmet kopplades in igen.")

        targets = page.locator("form.intake").locator(".choice, .field__input, button")
        for box in [targets.nth(i).bounding_box() for i in range(targets.count())]:
            assert box["height"] >= TOUCH and box["x"] + box["width"] <= PHONE["width"]
        lefts = {round(page.locator(".choice").nth(i).bounding_box()["x"])
                 for i in range(page.locator(".choice").count())}
        assert len(lefts) == 1  # one column
        assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]

        page.get_by_role("button", name="Skicka rapporten").tap()

        confirmation = page.get_by_role("status").filter(has_text="Rapporten")
        expect(confirmation).to_have_text(re.compile(r"Rapporten \d{4}-\d{4} är registrerad\."))
        link = confirmation.get_by_role("link")
        number = link.inner_text()
        with live_app.app_context():
            case = db.session.scalar(sa.select(Case).where(Case.number == number))
            assert link.get_attribute("href") == f"/cases/{case.id}"
            assert (case.type, case.occurred_on, case.received_on) == (
                CaseType.AVVIKELSE, yesterday, local_today())
            assert (case.identified_by, case.concerns, case.categories) == (
                "medarbetare", "egen_verksamhet", ["avv_utforande"])
            assert case.immediate_measures == "Larmet kopplades in igen."
            assert case.registered_by.email == "mats.medarbetare@example.se"
