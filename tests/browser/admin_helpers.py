"""Signing in as an admin in the browser: the server asks the admin for a second factor."""
import re

import pyotp
from playwright.sync_api import Page, expect

from tests.factories import PASSWORD


def sign_in_as_admin(page: Page, email: str, secret: str) -> None:
    page.goto("/login")
    page.get_by_label("E-post").fill(email)
    page.get_by_label("Lösenord").fill(PASSWORD)
    page.keyboard.press("Enter")
    expect(page).to_have_url(re.compile(r"/login/code"))
    page.get_by_role("textbox").fill(pyotp.TOTP(secret).now())
    page.keyboard.press("Enter")
    expect(page.get_by_role("heading", level=1)).to_have_text("Start")


def add_enhet(page: Page, parent: str, code: str, name: str) -> None:
    """On the organisation page, add an enhet under the node named ``parent``."""
    page.get_by_role("link", name=parent).click()
    page.get_by_label("Kod").fill(code)
    page.get_by_label("Namn", exact=True).fill(name)
    page.get_by_label("Slag").select_option(label="Enhet")
    page.get_by_role("button", name="Lägg till").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(name)
