"""In a real browser on the real server: a name typed into the case list's search box or an
address typed into the audit page's user filter reaches no URL and no line of werkzeug's access
log, and the search holds across pages and sorting (issue 7.3)."""
from urllib.parse import quote, quote_plus

import pytest
from playwright.sync_api import Page, expect

from casework.cases.services import bulk_insert_cases
from casework.core.clock import local_today
from casework.core.extensions import db
from tests import factories
from tests.browser.intake_helpers import log_in

pytestmark = pytest.mark.browser

NAME = "Zetterquist"
PLANNER, CHIEF = "sara.sokare@example.se", "eva.sokare@example.se"


@pytest.fixture(scope="module")
def unit_with_cases(live_app):
    """An enhet of its own: 52 complaints naming the client, 3 that do not, and its people."""
    with live_app.app_context():
        unit = factories.node("enhet", "Söktestets hemtjänst", code="SOKT")
        factories.user("planerare", unit, name="Sara Sökare", email=PLANNER)
        factories.user("enhetschef", unit, name="Eva Sökare", email=CHIEF)
        bulk_insert_cases([factories.case_fields("klagomal", unit_id=unit.id, received_on=local_today(),
                                  description=f"Besök hos Åsa {NAME} {n}." if n < 52 else "Annat.")
                           for n in range(55)])
        db.session.commit()


@pytest.fixture
def traced(page: Page, access_log):
    """Every URL the browser asks for, and the server's log (its access log among it)."""
    urls = []
    page.on("request", lambda request: urls.append(request.url))
    return urls, access_log


def carrying(texts, term: str) -> list[str]:
    forms = [f.lower() for f in (term, quote(term), quote_plus(term))]
    return [text for text in texts if any(f in text.lower() for f in forms)]


def rows(page: Page):
    return page.locator("table.cases tbody tr")


def test_a_name_searched_for_stays_out_of_urls_and_the_access_log(page, unit_with_cases,
                                                                   traced):
    urls, access_log = traced
    log_in(page, PLANNER)
    page.goto("/cases")

    page.get_by_label("Sök").fill(NAME)
    page.get_by_label("Sök").press("Enter")
    expect(rows(page)).to_have_count(50)
    assert "sokning=" in page.url
    page.get_by_role("link", name="Nästa sida").click()
    expect(rows(page)).to_have_count(2)
    page.get_by_role("link", name="Ärendenummer").click()
    expect(rows(page)).to_have_count(50)
    expect(page.get_by_label("Sök")).to_have_value(NAME)

    log = access_log()
    assert [line for line in log if "POST /cases " in line]  # the log was read
    assert carrying(urls, NAME) == [] and carrying(log, NAME) == []


def test_an_address_filtered_by_stays_out_of_urls_and_the_access_log(page, unit_with_cases,
                                                                      traced):
    urls, access_log = traced
    log_in(page, CHIEF)
    page.goto("/cases")
    rows(page).first.get_by_role("link").click()  # an event of the unit, by the chief
    page.goto("/audit")

    page.get_by_label("Användare (e-post)").fill(CHIEF)
    page.get_by_label("Användare (e-post)").press("Enter")
    expect(page.get_by_role("table")).to_contain_text(CHIEF)
    with page.expect_download() as download:
        page.get_by_role("link", name="Exportera som CSV").click()
    assert download.value.suggested_filename.startswith("atkomstlogg-")

    log = access_log()
    assert [line for line in log if "GET /audit/export.csv?sokning=" in line]
    assert carrying(urls, CHIEF) == [] and carrying(log, CHIEF) == []
    assert carrying(urls, "eva.sokare") == [] and carrying(log, "eva.sokare") == []
