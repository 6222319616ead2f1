"""Lex Maria end to end in a browser: the MAS registers the case, describes the event and signs
the assessment of (risk for) allvarlig vårdskada, registers the anmälan to IVO and the
investigation, and closes it; the steps the workflow does not allow yet are refused in Swedish,
and the unit's biträdande enhetschef reads the case but cannot handle it."""
from datetime import timedelta

import pytest
from babel.dates import format_date
from playwright.sync_api import expect

from casework.core.clock import local_today
from casework.core.extensions import db
from tests import factories
from tests.browser.intake_helpers import clock_cells, log_in, open_step, step_toggle

pytestmark = pytest.mark.browser


@pytest.fixture
def people(live_app):
    """A unit with its deputy, and the MAS over its område: their e-mails, the unit's name and
    today's (local) date."""
    with live_app.app_context():
        area = factories.node("omrade", "Hemtjänst Fruängen")
        unit = factories.node("enhet", "Fruängen hemtjänst", area)
        mas = factories.user("mas", area, name="Maja MAS")
        deputy = factories.user("bitradande_enhetschef", unit, name="Bo Biträdande")
        db.session.commit()
        return mas.email, deputy.email, unit.name, local_today()


def long_date(day) -> str:
    """A date as the case page shows it: ``20 november 2026``."""
    return format_date(day, "d MMMM y", locale="sv_SE")


def test_a_lex_maria_case_is_walked_to_the_end(browser, live_server, people):
    mas_email, deputy_email, unit_name, today = people
    received, assessed = today - timedelta(days=3), today - timedelta(days=1)
    contexts = [browser.new_context(base_url=live_server, locale="sv-SE") for _ in range(2)]
    try:
        page = contexts[0].new_page()
        log_in(page, mas_email)
        page.get_by_role("link", name="Lex Maria och incidenter").click()
        expect(page.get_by_role("heading", level=1)).to_have_text(
            "Registrera lex Maria eller personuppgiftsincident")

        # The MAS registers lex Maria only: the one type offered, chosen already.
        types = page.get_by_role("group", name="Typ").get_by_role("radio")
        expect(types).to_have_count(1)
        expect(page.get_by_role("radio", name="Lex Maria")).to_be_checked()
        expect(page.get_by_label("Enhet")).to_have_value(
            page.get_by_role("option", name=unit_name).get_attribute("value"))
        page.get_by_label("Inkom").fill(received.isoformat())
        page.get_by_label("Vad har hänt?").fill("Fel dos insulin gavs på kvällen.")
        page.get_by_role("button", name="Registrera ärendet").focus()
        page.keyboard.press("Enter")

        expect(page.get_by_role("heading", level=1)).to_contain_text("Lex Maria")
        case_url = page.url
        lead = page.locator(".lead")
        status = page.get_by_role("status")
        section = page.get_by_role("region", name="Lex Maria")
        clock = clock_cells(page, "Anmälan till IVO (snarast)")
        expect(lead).to_have_text("Status: Ny")
        expect(clock.first).to_have_text(long_date(received + timedelta(days=14)))
        expect(page.get_by_text("3 kap. 5–6 §§ patientsäkerhetslagen (2010:659)")).to_be_visible()
        # Nothing but the assessment can be taken first.
        expect(step_toggle(page, "Registrera anmälan till IVO")).to_have_count(0)
        expect(step_toggle(page, "Registrera utredningen")).to_have_count(0)

        # The event and the assessment, signed by the MAS.
        form = open_step(page, "Beskriv och bedöm händelsen")
        event = form.get_by_label("Händelsen", exact=True)
        expect(event).to_have_value("Fel dos insulin gavs på kvällen.")  # from the intake
        event.fill(
            "Fel dos insulin gavs på kvällen; patienten fick känning.")
        form.get_by_label("Händelsen hade kunnat medföra en allvarlig vårdskada").check()
        form.get_by_label("Datum", exact=True).fill(assessed.isoformat())
        form.get_by_role("button", name="Signera bedömningen").click()
        expect(status).to_have_text("Bedömningen är signerad.")
        expect(lead).to_have_text("Status: Bedömd")
        facts = section.locator("dl.facts").first
        expect(facts).to_contain_text("Fel dos insulin gavs på kvällen; patienten fick känning.")
        expect(facts).to_contain_text("Händelsen hade kunnat medföra en allvarlig vårdskada")
        expect(facts).to_contain_text(f"Maja MAS, {long_date(assessed)}")

        # Refused: closing before the anmälan (the page says why and offers no form).
        expect(step_toggle(page, "Avsluta ärendet")).to_have_count(0)
        expect(page.get_by_role("region", name="Nästa steg")).to_contain_text(
            "Bedömningen kräver en anmälan till IVO")

        # The deputy of the unit reads the case but gets no step, and a posted step is refused.
        deputy = contexts[1].new_page()
        log_in(deputy, deputy_email)
        deputy.goto(case_url)
        expect(deputy.get_by_role("region", name="Lex Maria")).to_contain_text(
            "Händelsen hade kunnat medföra en allvarlig vårdskada")
        expect(deputy.locator("main form")).to_have_count(0)
        token = deputy.locator("input[name=csrf_token]").first.get_attribute("value")
        refused = deputy.request.post(f"{case_url}/steps/notify_ivo", form={
            "csrf_token": token, "notify_ivo-version": "2",
            "notify_ivo-notified_on": today.isoformat(), "notify_ivo-documents": "Anmälan.",
        })
        assert refused.status == 403

        # Refused at the field: an anmälan dated before the assessment; what was typed stays.
        form = open_step(page, "Registrera anmälan till IVO")
        form.get_by_label("Anmäld").fill((assessed - timedelta(days=1)).isoformat())
        form.get_by_label("IVO:s diarienummer").fill("3.5.1-1234/2026")
        form.get_by_label("Skickade handlingar").fill("Anmälan och händelseanalysen.")
        form.get_by_role("button", name="Spara anmälan").click()
        notified_on = form.get_by_label("Anmäld")
        expect(notified_on).to_have_attribute("aria-invalid", "true")
        expect(page.locator("#notify_ivo-notified_on-error")).to_have_text(
            "Fel: Anmälan kan inte vara gjord före bedömningen.")
        expect(page.get_by_role("alert")).to_contain_text(
            "Anmälan kan inte vara gjord före bedömningen.")
        expect(form.get_by_label("IVO:s diarienummer")).to_have_value("3.5.1-1234/2026")
        expect(form.get_by_label("Skickade handlingar")).to_have_value(
            "Anmälan och händelseanalysen.")
        expect(lead).to_have_text("Status: Bedömd")

        notified_on.fill(today.isoformat())
        form.get_by_role("button", name="Spara anmälan").click()
        expect(status).to_have_text("Anmälan till IVO är registrerad.")
        expect(lead).to_have_text("Status: Anmäld till IVO")
        ivo = section.locator("dl.facts").nth(1)
        expect(ivo).to_contain_text(long_date(today))
        expect(ivo).to_contain_text("3.5.1-1234/2026")
        expect(ivo).to_contain_text("Anmälan och händelseanalysen.")
        expect(step_toggle(page, "Registrera anmälan till IVO")).to_have_count(0)
        expect(clock.nth(1)).to_have_text("Klar")

        # The investigation, saved while it runs: closing waits for it to finish.
        form = open_step(page, "Registrera utredningen")
        form.get_by_label("Utredningen", exact=True).fill("Händelseanalys påbörjad.")
        form.get_by_role("button", name="Spara utredningen").click()
        expect(status).to_have_text("Utredningen är sparad.")
        expect(step_toggle(page, "Avsluta ärendet")).to_have_count(0)
        expect(page.get_by_role("region", name="Nästa steg")).to_contain_text(
            "Utredningen är inte klar")

        form = open_step(page, "Registrera utredningen")
        form.get_by_label("Utredningen", exact=True).fill(
            "Händelseanalys: ordinationen lästes fel; dubbelkontroll saknades.")
        form.get_by_label("Utredningen klar").fill(today.isoformat())
        form.get_by_role("button", name="Spara utredningen").click()
        expect(status).to_have_text("Utredningen är sparad.")
        expect(lead).to_have_text("Status: Anmäld till IVO")
        investigation = section.locator("dl.facts").nth(2)
        expect(investigation).to_contain_text("ordinationen lästes fel")
        expect(investigation).to_contain_text(long_date(today))

        # Closing, by keyboard from the summary.
        close = open_step(page, "Avsluta ärendet")
        close.get_by_label("Sammanfattning och planerade åtgärder").fill(
            "Dubbelkontroll av insulin införs.")
        close.get_by_role("button", name="Avsluta ärendet").focus()
        page.keyboard.press("Enter")
        expect(status).to_have_text("Ärendet är avslutat.")
        expect(lead).to_have_text("Status: Avslutad")
        expect(page.locator(".timeline__text")).to_contain_text([
            "Registrerade och signerade bedömningen. Status: Ny → Bedömd",
            "Registrerade anmälan till IVO",
            "Avslutade ärendet. Status: Anmäld till IVO → Avslutad",
        ])
        deputy.reload()
        expect(deputy.locator(".lead")).to_have_text("Status: Avslutad")
        expect(deputy.locator("main form")).to_have_count(0)
    finally:
        for context in contexts:
            context.close()
