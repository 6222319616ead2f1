"""Two managers write the report's text column in two browsers at once, over HTTP against the
served app: the later save of the same row gets the conflict page with both texts, and saving
again from it keeps the later text; saves of different rows both stand."""
import pytest
from playwright.sync_api import Page, expect

from casework.auth.services import user_by_email
from casework.core.extensions import db
from casework.core.taxonomy import catalogue
from casework.organisation.services import node_by_code
from casework.reports.notes import notes_for
from tests import factories
from tests.browser.intake_helpers import log_in

pytestmark = pytest.mark.browser

TABLE = "/reports?node=ASP&year=2025"
SAVE = "Spara bedömning och planerade åtgärder"
CHIEFS = ("erik.enhetschef@example.se", "ella.enhetschef@example.se")


@pytest.fixture(scope="module")
def chiefs(live_app):
    with live_app.app_context():
        for email in CHIEFS:
            if user_by_email(email) is None:
                factories.user("enhetschef", node_by_code("ASP"), email=email,
                               name=email.split("@")[0].replace(".", " ").title())
        db.session.commit()


@pytest.fixture
def two_pages(browser, live_server, chiefs):
    contexts = [browser.new_context(base_url=live_server, locale="sv-SE") for _ in CHIEFS]
    pages = [context.new_page() for context in contexts]
    for page, email in zip(pages, CHIEFS):
        log_in(page, email)
        page.goto(TABLE)
    yield pages
    for context in contexts:
        context.close()


def saved(live_app) -> dict[str, str]:
    """Label → saved text of ASP's 2025 table."""
    with live_app.app_context():
        template = catalogue().templates[2025]
        labels = {row.key: row.label for _, row in template.rows()}
        return {labels[key]: text
                for key, text in notes_for(node_by_code("ASP"), 2025, template).items()}


def save(page: Page) -> int:
    with page.expect_response(lambda r: r.request.method == "POST") as answer:
        page.get_by_role("button", name=SAVE).click()
    return answer.value.status


def test_the_second_save_of_the_same_row_gets_the_conflict_page(two_pages, live_app):
    first, second = two_pages
    first.get_by_label("Bedömning för Beröm", exact=True).fill("Beröm lyfts på APT.")
    second.get_by_label("Bedömning för Beröm", exact=True).fill("Beröm skickas till personalen.")

    assert save(first) == 302
    assert save(second) == 409

    expect(second.get_by_role("heading", level=1)).to_have_text(
        "Texterna har ändrats av någon annan")
    expect(second.get_by_label("Bedömning för Beröm", exact=True)).to_have_value(
        "Beröm skickas till personalen.")
    expect(second.locator(".report__current")).to_contain_text("Beröm lyfts på APT.")
    assert saved(live_app)["Beröm"] == "Beröm lyfts på APT."

    assert save(second) == 302
    expect(second.get_by_text("Texterna är sparade.")).to_be_visible()
    assert saved(live_app)["Beröm"] == "Beröm skickas till personalen."


def test_saves_of_different_rows_both_stand(two_pages, live_app):
    first, second = two_pages
    first.get_by_label("Bedömning för Beröm", exact=True).fill("Tack till nattpatrullen.")
    second.get_by_label("Bedömning för Anonym", exact=True).fill("Anonyma klagomål följs upp på APT.")

    save(first)
    expect(first.get_by_text("Texterna är sparade.")).to_be_visible()
    save(second)
    expect(second.get_by_text("Texterna är sparade.")).to_be_visible()

    notes = saved(live_app)
    assert (notes["Beröm"], notes["Anonym"]) == (
        "Tack till nattpatrullen.", "Anonyma klagomål följs upp på APT.")
