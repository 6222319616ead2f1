import pytest
from babel.dates import format_date
from playwright.sync_api import expect

from casework.core.clock import local_today
from casework.core.extensions import db
from tests import factories
from tests.browser.intake_helpers import open_step, step_toggle
from tests.factories import PASSWORD

pytestmark = pytest.mark.browser


@pytest.fixture
def complaint(live_app):
    """A complaint received today in a unit of its own: its id, the deputy's e-mail, the date."""
    with live_app.app_context():
        unit = factories.node("enhet", "Mälarhöjden hemtjänst")
        deputy = factories.user("bitradande_enhetschef", unit, name="Bo Biträdande")
        case = factories.case(unit, "klagomal", local_today(),
                              description="Hemtjänsten kom inte på söndagen.",
                              channel="telefon", categories=["utebliven_insats"])
        db.session.commit()
        return case.id, deputy.email, format_date(case.received_on, "d MMMM y", locale="sv")


def test_a_deputy_manager_handles_a_complaint_to_the_end(page, complaint):
    case_id, email, today = complaint
    page.goto("/login")
    page.get_by_label("E-post").fill(email)
    page.get_by_label("Lösenord").fill(PASSWORD)
    page.get_by_role("button", name="Logga in").click()
    page.goto(f"/cases/{case_id}")
    confirmation = page.get_by_role("status")

    form = open_step(page, "Tilldela handläggare")
    form.get_by_label("Handläggare").select_option(label="Bo Biträdande")
    form.get_by_role("button", name="Tilldela").click()
    expect(confirmation).to_have_text("Handläggaren är tilldelad.")

    form = open_step(page, "Lägg till åtgärd")
    form.get_by_label("Åtgärd").fill("Ringde dottern och lade in söndagsbesöket i schemat.")
    form.get_by_role("button", name="Spara åtgärden").click()
    expect(confirmation).to_have_text("Åtgärden är sparad.")

    form = open_step(page, "Registrera återkoppling")
    form.get_by_label("Hur").select_option(label="Telefon")
    form.get_by_label("Till vem").fill("Dottern")
    form.get_by_label("Vad återkopplades?").fill("Söndagsbesöket är nu inlagt i schemat.")
    form.get_by_role("button", name="Spara återkopplingen").click()
    expect(confirmation).to_have_text("Återkopplingen är sparad.")

    form = open_step(page, "Avsluta ärendet")
    form.get_by_label("Sammanfattning och planerade åtgärder").fill(
        "Söndagsbesöket saknades i schemat. Schemat kontrolleras nu varje fredag."
    )
    form.get_by_role("button", name="Avsluta ärendet").click()

    expect(confirmation).to_have_text("Ärendet är avslutat.")
    expect(page.locator(".lead")).to_have_text("Status: Avslutad")
    expect(step_toggle(page, "Återöppna ärendet")).to_be_visible()
    expect(page.locator(".timeline__text")).to_have_text([
        "Registrerade ärendet",
        "Tilldelade ärendet till Bo Biträdande. Status: Ny → Pågående",
        f"Lade till en åtgärd daterad {today}",
        f"Registrerade återkoppling (telefon) daterad {today}",
        "Avslutade ärendet. Status: Pågående → Avslutad",
    ])
