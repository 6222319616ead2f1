"""A planner logs a complaint by keyboard alone, as while on the phone with the caller."""
import re
import time
from datetime import timedelta

import pytest
import sqlalchemy as sa
from playwright.sync_api import expect

from casework.cases.models import Case, CaseType
from casework.core.clock import local_today
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
    # The first letter picks it. (Playwright sends "ä" as inserted text, not as a key, and
    # Chromium puts that in the last text box, now the day's; a person's key goes to the list.)
    page.keyboard.type("N")
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


#: The most non-text keys a typical complaint may take (issue 13): Tab, Enter, arrows, the
#: type's key, the source's letter, the save shortcut; the text typed does not count.
MOST_KEYS = 8
#: Counts, in the page, every key pressed that is not text typed into a text box: what a
#: person presses to move and choose. A modifier alone is no press (Ctrl+Enter is one).
#: Kept in sessionStorage, as saving loads the page anew.
COUNT_KEYS = """
document.addEventListener("keydown", function (event) {
  if (["Control", "Shift", "Alt", "Meta"].indexOf(event.key) !== -1) return;
  var box = event.target.matches("input[type=text], input[type=search], input:not([type]), textarea");
  var text = event.key.length === 1 && !event.ctrlKey && !event.metaKey && !event.altKey;
  if (box && text) return;
  sessionStorage.keys = String(Number(sessionStorage.keys || 0) + 1);
}, true);
"""


class Keys:
    """The test's own tally of the keys it presses; text it types is not counted."""

    def __init__(self, page):
        self.page, self.pressed = page, []

    def press(self, key: str) -> None:
        self.pressed.append(key)
        self.page.keyboard.press(key)

    def type(self, text: str) -> None:
        self.page.keyboard.type(text)


def test_a_typical_complaint_takes_at_most_eight_keys_besides_its_text(
        page, live_server, live_app):
    """Klagomål by its key, today's date and the one unit as they are, the source by its first
    letter, one category by the filter and Enter, a description, Ctrl+Enter."""
    page.add_init_script(COUNT_KEYS)
    log_in(page, "pia.planerare@example.se")
    open_quick_entry(page)
    page.evaluate("sessionStorage.keys = '0'")
    focused = page.locator(":focus")
    keys = Keys(page)

    keys.press("k")
    keys.press("Tab")
    expect(focused).to_have_attribute("id", "received_on")
    keys.press("Tab")  # the planner's one unit is text, out of the Tab order
    expect(focused).to_have_attribute("id", "source")
    keys.press("n")
    expect(focused).to_have_value("narstaende")
    keys.press("Tab")
    expect(focused).to_have_accessible_name("Sök kategori")
    keys.type("utebl")
    keys.press("Enter")
    expect(page.get_by_role("button", name="Ta bort Utebliven/försenad insats")).to_be_visible()
    keys.press("Tab")  # from the cleared filter past the list
    expect(focused).to_have_attribute("id", "description")
    keys.type("Hemtjänsten kom inte på förmiddagen.")
    keys.press("Control+Enter")

    confirmation = page.get_by_role("status").filter(has_text="Ärendet")
    expect(confirmation).to_have_text(re.compile(r"Ärendet \d{4}-\d{4} är registrerat\."))
    measured = int(page.evaluate("sessionStorage.keys"))
    print(f"\na typical complaint took {measured} non-text keys: {' '.join(keys.pressed)}")
    assert measured == len(keys.pressed) <= MOST_KEYS
    number = confirmation.get_by_role("link").inner_text()
    with live_app.app_context():
        case = db.session.scalar(sa.select(Case).where(Case.number == number))
        assert (case.type, case.source, case.anonymous, case.categories) == (
            CaseType.KLAGOMAL, "narstaende", False, ["utebliven_insats"])
        assert case.received_on == local_today()


def test_chosen_categories_show_as_chips_that_untick_them(page, live_server):
    log_in(page, "pia.planerare@example.se")
    open_quick_entry(page)
    page.keyboard.press("k")
    search = page.get_by_label("Sök kategori")
    chips = page.locator("[data-chips] .chip")
    expect(chips).to_have_count(0)
    expect(page.locator("[data-chips]")).to_be_hidden()

    search.focus()
    for word in ("utebl", "bemot"):
        page.keyboard.type(word)
        page.keyboard.press("Enter")
    expect(chips).to_have_text(["Bemötande ×", "Utebliven/försenad insats ×"])
    page.keyboard.press("Shift+Tab")  # the chips stand just before the filter
    last = page.get_by_role("button", name="Ta bort Utebliven/försenad insats", exact=True)
    expect(last).to_be_focused()
    page.keyboard.press("Enter")
    expect(page.get_by_label("Utebliven/försenad insats", exact=True)).not_to_be_checked()
    expect(page.get_by_role("status").filter(has_text="borttagen")).to_have_text(
        "Utebliven/försenad insats är borttagen.")
    expect(chips).to_have_text(["Bemötande ×"])
    expect(page.get_by_role("button", name="Ta bort Bemötande", exact=True)).to_be_focused()
    page.keyboard.press("Space")
    expect(chips).to_have_count(0)
    expect(search).to_be_focused()
    expect(page.locator("[data-choice] input:checked")).to_have_count(0)

    # A box ticked by hand is a chip too; arrow down goes from the filter into the list.
    page.keyboard.press("ArrowDown")
    page.keyboard.press("ArrowDown")
    page.keyboard.press("Space")
    expect(chips).to_have_count(1)
    page.keyboard.press("Escape")
    expect(search).to_be_focused()


def test_the_day_is_typed_as_said_and_read_back(page, live_server, live_app):
    log_in(page, "pia.planerare@example.se")
    open_quick_entry(page)
    page.keyboard.press("k")
    page.keyboard.press("Tab")
    day = page.locator("#received_on")
    with live_app.app_context():
        today = local_today()
    expect(day).to_have_value(today.isoformat())
    reads = page.locator("#received_on-reads")

    day.fill("")
    page.keyboard.type("14/3 2025")
    expect(reads).to_have_text("= 14 mars 2025")
    day.fill("")
    page.keyboard.type("31/2")
    expect(reads).to_have_text("")
    page.keyboard.press("Control+Enter")
    expect(page.locator("#received_on-error")).to_contain_text("Det datumet finns inte.")
    expect(day).to_have_value("31/2")

    day.fill("igår")
    page.locator("#source").select_option("anonym")
    search = page.get_by_label("Sök kategori")
    search.fill("bemot")
    search.press("Enter")
    page.locator("#description").fill("Ingen kom.")
    page.keyboard.press("Control+Enter")
    confirmation = page.get_by_role("status").filter(has_text="Ärendet")
    number = confirmation.get_by_role("link").inner_text()
    with live_app.app_context():
        case = db.session.scalar(sa.select(Case).where(Case.number == number))
        assert case.received_on == today - timedelta(days=1)
        assert (case.source, case.anonymous) == (None, True)
