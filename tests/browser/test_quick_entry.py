"""A planner logs a complaint by keyboard alone, as while on the phone with the caller."""
import re
import time

import pytest
import sqlalchemy as sa
from playwright.sync_api import expect

from casework.cases.models import Case, CaseType
from casework.core.extensions import db
from tests.browser.intake_helpers import log_in, open_quick_entry, tab_to

pytestmark = pytest.mark.browser

#: What the scripted flow may take; a person should manage it in well under 30 seconds.
SCRIPTED_SECONDS = 10


def test_a_planner_logs_a_complaint_by_keyboard_alone(page, live_server, live_app):
    log_in(page, "pia.planerare@example.se")
    open_quick_entry(page)
    focused = page.locator(":focus")
    started = time.monotonic()

    expect(focused).to_have_attribute("id", "type-0")  # focus starts in the first field
    page.keyboard.press("s")
    expect(page.get_by_role("radio", name="Synpunkt", exact=True)).to_be_checked()
    page.keyboard.press("k")
    expect(page.get_by_role("radio", name="Klagomål", exact=True)).to_be_checked()
    page.keyboard.press("Tab")
    expect(focused).to_have_attribute("id", "received_on")  # today, kept as it is
    tab_to(page, "source")
    page.keyboard.type("När")
    expect(focused).to_have_value("narstaende")
    page.keyboard.press("Tab")
    expect(focused).to_have_accessible_name("Sök kategori")
    page.keyboard.type("bemot")
    expect(page.locator("[data-choice]:visible")).to_have_count(1)
    page.keyboard.press("Tab")
    page.keyboard.press("Space")
    expect(page.get_by_label("Bemötande", exact=True)).to_be_checked()
    page.keyboard.press("Tab")
    expect(focused).to_have_attribute("id", "description")
    page.keyboard.type("Morgonbesöket kom två timmar för sent.")
    page.keyboard.press("Control+Enter")

    confirmation = page.get_by_role("status").filter(has_text="Ärendet")
    expect(confirmation).to_have_text(re.compile(r"Ärendet \d{4}-\d{4} är registrerat\."))
    elapsed = time.monotonic() - started
    print(f"\nkeyboard-only quick entry took {elapsed:.2f} s")
    assert elapsed < SCRIPTED_SECONDS

    expect(focused).to_have_attribute("id", "type-0")  # ready for the next call
    expect(page.locator("#description")).to_have_value("")
    expect(page.locator("input:checked")).to_have_count(0)
    link = confirmation.get_by_role("link")
    number = link.inner_text()
    with live_app.app_context():
        case = db.session.scalar(sa.select(Case).where(Case.number == number))
        assert link.get_attribute("href") == f"/cases/{case.id}"
        assert (case.type, case.source, case.categories) == (
            CaseType.KLAGOMAL, "narstaende", ["bemotande"])
        assert case.description == "Morgonbesöket kom två timmar för sent."
        assert case.registered_by.email == "pia.planerare@example.se"


def test_a_missing_answer_is_explained_and_nothing_typed_is_lost(page, live_server):
    log_in(page, "pia.planerare@example.se")
    open_quick_entry(page)

    page.keyboard.press("k")
    page.locator("#description").fill("Ingen kom i morse.")
    page.keyboard.press("Meta+Enter")

    summary = page.get_by_role("alert")
    expect(summary).to_contain_text("Välj från vem ärendet kom, eller Anonym.")
    expect(summary).to_contain_text("Välj minst en kategori.")
    expect(page.locator(":focus")).to_have_class(re.compile("error-summary"))
    expect(page.locator("#description")).to_have_value("Ingen kom i morse.")
    expect(page.get_by_role("radio", name="Klagomål", exact=True)).to_be_checked()


def test_praise_hides_the_categories(page, live_server):
    log_in(page, "pia.planerare@example.se")
    open_quick_entry(page)

    page.keyboard.press("b")
    expect(page.get_by_role("group", name="Kategori")).to_be_hidden()
    page.keyboard.press("ArrowLeft")
    expect(page.get_by_role("radio", name="Synpunkt", exact=True)).to_be_checked()
    expect(page.get_by_role("group", name="Kategori")).to_be_visible()


def test_enter_in_the_category_filter_ticks_the_best_match_and_clears_for_the_next(
        page, live_server):
    """A label that starts with the typed text comes before one that only contains it, and
    Enter ticks the first match shown, so two categories take two words and two Enters."""
    log_in(page, "pia.planerare@example.se")
    open_quick_entry(page)
    page.keyboard.press("k")
    search = page.get_by_label("Sök kategori")
    search.focus()
    page.keyboard.type("utebl")
    shown = page.locator("[data-choice]:visible")
    expect(shown.first).to_have_text("Utebliven/försenad insats")
    expect(shown.nth(1)).to_have_text(re.compile(r"Information \(utebliven"))

    page.keyboard.press("Enter")
    expect(page.get_by_label("Utebliven/försenad insats", exact=True)).to_be_checked()
    expect(search).to_be_focused()
    expect(search).to_have_value("")
    expect(page.get_by_role("status").filter(has_text="vald")).to_have_text(
        "Utebliven/försenad insats är vald.")
    page.keyboard.type("bemot")
    page.keyboard.press("Enter")
    expect(page.get_by_label("Bemötande", exact=True)).to_be_checked()
    expect(page.locator("[data-choice] input:checked")).to_have_count(2)
    # Cleared, every category shows again, in the template's order.
    labels = page.locator("[data-choice]:visible label").all_inner_texts()
    assert len(labels) > 10 and labels.index("Bemötande") < labels.index("Utebliven/försenad insats")
    page.keyboard.type("inget sådant")
    page.keyboard.press("Enter")  # no match: nothing ticked, nothing sent
    expect(page.locator("[data-choice] input:checked")).to_have_count(2)
    assert page.url.endswith("/cases/new")
