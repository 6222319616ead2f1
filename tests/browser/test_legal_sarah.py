"""Lex Sarah end to end in a browser: the deputy records the protective measures and the
utredning, the enhetschef signs the assessment, the anmälan to IVO and IVO's decision are
recorded, the case closes with what was learnt, and the reporter sees only their report."""
import pytest
from playwright.sync_api import expect

from casework.core.clock import local_today
from casework.core.extensions import db
from tests import factories
from tests.browser.intake_helpers import log_in, open_step, step_toggle

pytestmark = pytest.mark.browser


@pytest.fixture
def sarah(live_app):
    """A lex Sarah-rapport filed today by a care worker of a unit of its own: the case id and
    the e-mails of the deputy, the enhetschef and the reporter."""
    with live_app.app_context():
        area = factories.node("omrade", "Hemtjänst Älvsjö")
        unit = factories.node("enhet", "Solberga hemtjänst", area)
        deputy = factories.user("bitradande_enhetschef", unit, name="Dag Biträdande")
        chief = factories.user("enhetschef", area, name="Eva Enhetschef")
        staff = factories.user("medarbetare", unit, name="Sam Medarbetare")
        case = factories.case(unit, "lex_sarah", local_today(), by=staff,
                              description="Brukaren lämnades ensam utan larm.",
                              occurred_on=local_today(),
                              immediate_measures="Larmet lagades samma kväll.")
        db.session.commit()
        return case.id, deputy.email, chief.email, staff.email, local_today().isoformat()


def submit(page, form_name, button, fields=(), radios=()):
    form = open_step(page, form_name)
    for label, value in fields:
        form.get_by_label(label, exact=True).fill(value)
    for label in radios:
        form.get_by_label(label, exact=True).check()
    form.get_by_role("button", name=button).click()


def test_a_lex_sarah_case_is_walked_to_the_end(browser, live_server, sarah):
    case_id, deputy, chief, staff, today = sarah
    contexts = {who: browser.new_context(base_url=live_server, locale="sv-SE")
                for who in ("deputy", "chief", "staff")}
    try:
        page = contexts["deputy"].new_page()
        log_in(page, deputy)
        page.goto(f"/cases/{case_id}")
        status = page.get_by_role("status")
        lead = page.locator(".lead")

        expect(page.get_by_label("Vilka skyddsåtgärder vidtogs?")).to_have_value(
            "Larmet lagades samma kväll.")
        submit(page, "Registrera omedelbara skyddsåtgärder", "Spara skyddsåtgärderna")
        expect(status).to_have_text("Skyddsåtgärderna är sparade.")
        expect(lead).to_have_text("Status: Skyddsåtgärder vidtagna")

        # A first save while the utredning runs, then the finished one.
        submit(page, "Registrera utredningen", "Spara utredningen",
               [("Vad hände?", "Larmet var urkopplat under natten.")])
        expect(lead).to_have_text("Status: Utreds")
        submit(page, "Registrera utredningen", "Spara utredningen", [
            ("Varför hände det?", "Ingen kontrollerade larmet vid överlämningen."),
            ("Vad ska förhindra att det händer igen?", "Larmet kontrolleras vid varje besök."),
            ("Vilka åtgärder har vidtagits eller planeras?", "Ny checklista."),
            ("Utredningen klar", today),
        ])
        expect(status).to_have_text("Utredningen är sparad.")
        # The deputy prepares; the enhetschef signs.
        expect(page.get_by_text("Bedömningen signeras av enhetschefen.")).to_be_visible()
        expect(step_toggle(page, "Bedöm ärendet")).to_have_count(0)

        signer = contexts["chief"].new_page()
        log_in(signer, chief)
        signer.goto(f"/cases/{case_id}")
        submit(signer, "Bedöm ärendet", "Signera bedömningen",
               radios=["Allvarligt missförhållande"])
        expect(signer.get_by_role("status")).to_have_text("Bedömningen är signerad.")
        expect(signer.locator(".lead")).to_have_text("Status: Bedömd")

        page.goto(f"/cases/{case_id}")
        expect(page.get_by_text("Allvarligt missförhållande")).to_be_visible()
        # Closing is refused until IVO has been notified and has decided.
        expect(step_toggle(page, "Avsluta ärendet")).to_have_count(0)
        expect(page.get_by_text("Bedömningen kräver en anmälan till IVO")).to_be_visible()
        submit(page, "Registrera anmälan till IVO", "Spara anmälan",
               [("Skickade handlingar", "Anmälan och utredningen.")])
        expect(status).to_have_text("Anmälan till IVO är registrerad.")
        submit(page, "Registrera IVO:s beslut", "Spara beslutet", [
            ("Beslutet", "IVO avslutar ärendet med kritik."),
            ("IVO:s diarienummer", "3.5.1-4711/2025"),
        ])
        expect(lead).to_have_text("Status: Beslut från IVO")

        download = page.get_by_role("link", name="PDF")
        expect(download).to_have_attribute("href", f"/cases/{case_id}/utredning.pdf")
        response = page.request.get(f"/cases/{case_id}/utredning.docx")
        assert response.ok and response.body()[:2] == b"PK"

        submit(page, "Avsluta ärendet", "Avsluta ärendet", [
            ("Sammanfattning och planerade åtgärder", "Larmet kontrolleras vid varje besök."),
            ("Vad har verksamheten lärt sig?", "Överlämningar behöver en checklista."),
        ])
        expect(status).to_have_text("Ärendet är avslutat.")
        expect(lead).to_have_text("Status: Avslutad")
        expect(page.locator(".timeline__text")).to_contain_text([
            "Registrerade omedelbara skyddsåtgärder",
            "Registrerade och signerade bedömningen. Status: Utreds → Bedömd",
            "Registrerade anmälan till IVO",
            "Avslutade ärendet. Status: Beslut från IVO → Avslutad",
        ])

        reporter = contexts["staff"].new_page()
        log_in(reporter, staff)
        reporter.goto(f"/cases/{case_id}")
        expect(reporter.get_by_text("Brukaren lämnades ensam utan larm.")).to_be_visible()
        expect(reporter.get_by_role("heading", name="Lex Sarah", exact=True)).to_have_count(0)
        expect(reporter.get_by_text("Allvarligt missförhållande")).to_have_count(0)
    finally:
        for context in contexts.values():
            context.close()
