"""Helpers for the intake browser tests: signing in, moving by Tab, a phone-sized page."""
import re
from contextlib import contextmanager

from playwright.sync_api import Browser, Locator, Page, expect

from tests.factories import PASSWORD

#: An iPhone-sized screen (CSS pixels), used to check the staff report on a phone.
PHONE = {"width": 390, "height": 844}


def log_in(page: Page, email: str) -> None:
    page.goto("/login")
    page.locator("#email").fill(email)
    page.locator("#password").fill(PASSWORD)
    page.keyboard.press("Enter")
    expect(page.get_by_role("heading", level=1)).to_have_text("Start")


def open_quick_entry(page: Page) -> None:
    """Go to the quick entry and wait for its script: keys pressed before it runs are lost."""
    page.goto("/cases/new")
    expect(page.get_by_label("Sök kategori")).to_be_visible()  # shown by the script


def tab_to(page: Page, element_id: str, most: int = 4) -> int:
    """Press Tab until the element ``element_id`` has focus; return the presses it took.

    A date input takes one press per part (year, month, day), so the count can exceed one.
    """
    for presses in range(1, most + 1):
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.id") == element_id:
            return presses
    raise AssertionError(f"#{element_id} not reached with {most} presses of Tab")


@contextmanager
def phone_page(browser: Browser, base_url: str):
    """A touch page of a phone-sized screen."""
    context = browser.new_context(
        base_url=base_url, locale="sv-SE", viewport=PHONE, device_scale_factor=3,
        is_mobile=True, has_touch=True,
    )
    try:
        yield context.new_page()
    finally:
        context.close()


def step_toggle(page: Page, title: str) -> Locator:
    """The case page's action for the step ``title`` in "Nästa steg" (a disclosure's summary)."""
    return page.locator("summary.step__toggle").filter(
        has_text=re.compile(rf"^\s*{re.escape(title)}\s*$"))


def open_step(page: Page, title: str) -> Locator:
    """The form of the step ``title``, opened as a keyboard user opens it: the action focused
    and Enter pressed (unless it is open already, as after a refusal)."""
    toggle = step_toggle(page, title)
    if toggle.locator("xpath=..").get_attribute("open") is None:
        toggle.focus()
        page.keyboard.press("Enter")
    form = page.get_by_role("form", name=title)
    expect(form).to_be_visible()
    return form


def clock_cells(page: Page, rule: str) -> Locator:
    """The deadline ``rule`` at the top of the case page: its due date, then its state."""
    item = page.get_by_role("region", name="Tidsfrister").locator(".deadlines__item").filter(
        has=page.locator(".deadlines__rule", has_text=rule))
    return item.locator(".deadlines__due, .tag")
