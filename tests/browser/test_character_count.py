"""Free text over its limit in a real browser: the limit and a live count stand at the field,
screen readers are told politely near the limit, a paste longer than the limit is kept whole
(no maxlength cuts it), and the server refuses it with its message, keeping the text."""
import pytest
import sqlalchemy as sa
from playwright.sync_api import expect

from casework.cases.models import Case
from casework.core.clock import local_today
from casework.core.extensions import db
from casework.organisation.models import OrgNode
from tests import factories
from tests.browser.intake_helpers import log_in, open_quick_entry, open_step

pytestmark = pytest.mark.browser

NBSP = "\u00a0"


def count_of(page, field_id: str):
    """The visible count and the screen readers' live region the script puts after the limit."""
    statement = page.locator(f"#{field_id}-limit")
    return statement, page.locator(f"#{field_id}-limit + .field__count"), \
        page.locator(f"#{field_id}-limit ~ [aria-live=polite]")


def paste(page, locator, text: str) -> None:
    """Put ``text`` on the clipboard and paste it with the keyboard, as a user does."""
    page.evaluate("text => navigator.clipboard.writeText(text)", text)
    locator.focus()
    page.keyboard.press("Control+V")


@pytest.fixture
def clipboard_page(browser, live_server):
    context = browser.new_context(base_url=live_server, locale="sv-SE")
    context.grant_permissions(["clipboard-read", "clipboard-write"], origin=live_server)
    page = context.new_page()
    yield page
    context.close()


def test_the_count_follows_the_typing_and_is_told_near_the_limit(page, live_server):
    log_in(page, "pia.planerare@example.se")
    open_quick_entry(page)
    description = page.get_by_label("Beskrivning")
    statement, shown, spoken = count_of(page, "description")

    # The limit is the field's description; the script shows the count instead of it.
    expect(description).to_have_accessible_description(f"Högst 10{NBSP}000 tecken.")
    expect(statement).to_have_class("field__count visually-hidden")
    expect(shown).to_have_text(f"0 av 10{NBSP}000 tecken")
    expect(shown).to_have_attribute("aria-hidden", "true")
    expect(description).not_to_have_attribute("maxlength", "10000")

    description.press_sequentially("Hej då")
    expect(shown).to_have_text(f"6 av 10{NBSP}000 tecken")
    page.wait_for_timeout(1500)
    expect(spoken).to_have_text("")  # far from the limit: nothing is said

    description.fill("a" * 4_000 + "\n" + "b" * 5_495)  # 9 496: a line end counts once
    description.press_sequentially("abcd")
    expect(shown).to_have_text(f"9{NBSP}500 av 10{NBSP}000 tecken")
    expect(spoken).to_have_text("Du har 500 tecken kvar.")


def test_a_paste_over_the_limit_is_kept_whole_and_refused_by_the_server(clipboard_page,
                                                                          live_app):
    page = clipboard_page
    typed = "Beröm " + "x" * 10_244  # 10 250 characters
    log_in(page, "pia.planerare@example.se")
    open_quick_entry(page)
    page.get_by_role("radio", name="Beröm", exact=True).check()
    description = page.get_by_label("Beskrivning")
    _, shown, spoken = count_of(page, "description")

    paste(page, description, typed)

    assert page.evaluate("document.getElementById('description').value.length") == 10_250
    expect(shown).to_have_text(f"10{NBSP}250 av 10{NBSP}000 tecken, 250 för många")
    expect(shown).to_have_class("field__count field__count--over")
    expect(spoken).to_have_text("Du har 250 tecken för många.")

    page.get_by_role("button", name="Spara").click()
    message = f"Texten får vara högst 10{NBSP}000 tecken; den här har 10{NBSP}250."
    expect(page.get_by_role("alert")).to_contain_text(message)
    expect(page.locator("#description-error")).to_have_text(f"Fel: {message}")
    expect(description).to_have_value(typed)
    expect(count_of(page, "description")[1]).to_have_text(
        f"10{NBSP}250 av 10{NBSP}000 tecken, 250 för många")
    with live_app.app_context():
        assert db.session.scalar(
            sa.select(sa.func.count()).where(Case.description.like("Beröm x%"))) == 0

    # Shortened to the limit, line ends and all, it is saved.
    description.fill(("Rad" + "x" * 1_996 + "\n") * 5)
    expect(count_of(page, "description")[1]).to_have_text(f"10{NBSP}000 av 10{NBSP}000 tecken")
    page.get_by_role("button", name="Spara").click()
    expect(page.get_by_role("status").filter(has_text="Ärendet")).to_contain_text("registrerat")
    with live_app.app_context():
        saved = db.session.scalar(sa.select(Case).where(Case.description.like("Radxxx%")))
        assert len(saved.description) == 9_999  # the last line end is trimmed


def test_the_case_pages_steps_count_too(page, live_app):
    with live_app.app_context():
        unit = db.session.scalar(sa.select(OrgNode).where(OrgNode.code == "ASP"))
        case = factories.case(unit, "klagomal", local_today(), description="Kom för sent.")
        db.session.commit()
        case_id = case.id
    log_in(page, "bea.bitradande@example.se")
    page.goto(f"/cases/{case_id}")
    form = open_step(page, "Lägg till åtgärd")
    action = form.get_by_label("Åtgärd")
    _, shown, _ = count_of(page, "add_action-description")

    expect(shown).to_have_text(f"0 av 4{NBSP}000 tecken")
    action.fill("x" * 4_001)
    expect(shown).to_have_text(f"4{NBSP}001 av 4{NBSP}000 tecken, 1 för många")
    form.get_by_role("button", name="Spara åtgärden").click()
    expect(page.locator("#add_action-description-error")).to_have_text(
        f"Fel: Texten får vara högst 4{NBSP}000 tecken; den här har 4{NBSP}001.")
    expect(page.get_by_role("form", name="Lägg till åtgärd").get_by_label("Åtgärd")) \
        .to_have_value("x" * 4_001)
