"""Signing in as an admin in the browser: the server asks the admin for a second factor."""
import re

import pyotp
from playwright.sync_api import Page, expect

from casework.core.clock import utcnow
from casework.core.extensions import db
from tests import factories
from tests.factories import PASSWORD


def add_admin(node, email: str, name: str = "Ada Admin") -> str:
    """An admin over ``node`` with a second factor turned on; its TOTP secret (commit)."""
    admin = factories.user("admin", node, name=name, email=email)
    admin.totp_secret = pyotp.random_base32()
    admin.totp_enabled_at = utcnow()
    db.session.flush()
    return admin.totp_secret


def sign_in_as_admin(page: Page, email: str, secret: str) -> None:
    page.goto("/login")
    page.get_by_label("E-post").fill(email)
    page.get_by_label("Lösenord").fill(PASSWORD)
    page.keyboard.press("Enter")
    expect(page).to_have_url(re.compile(r"/login/code"))
    page.get_by_role("textbox").fill(pyotp.TOTP(secret).now())
    page.keyboard.press("Enter")
    expect(page.get_by_role("heading", level=1)).to_have_text("Start")
