import pytest
from playwright.sync_api import expect

from tests.factories import PASSWORD

pytestmark = pytest.mark.browser


def test_keyboard_only_login_and_logout(page, live_server):
    page.goto("/login")
    focused = page.locator(":focus")

    page.keyboard.press("Tab")
    expect(focused).to_have_text("Hoppa till innehållet")
    page.keyboard.press("Tab")
    expect(focused).to_have_attribute("id", "email")
    page.keyboard.type("pia.planerare@example.se")
    page.keyboard.press("Tab")
    expect(focused).to_have_attribute("id", "password")
    page.keyboard.type(PASSWORD)
    page.keyboard.press("Enter")

    expect(page).to_have_url(f"{live_server}/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Start")
    expect(page.get_by_role("main")).to_contain_text("Pia Planerare")

    page.get_by_role("button", name="Logga ut").focus()
    page.keyboard.press("Enter")

    expect(page.get_by_role("heading", level=1)).to_have_text("Logga in")
    expect(page.get_by_role("status")).to_have_text("Du är utloggad.")
    expect(page).to_have_url(f"{live_server}/login")
