"""A personuppgiftsincident end to end in a browser: a manager of the unit registers and
documents it, watches the 72-hour clock to IMY run from the discovery, decides to notify IMY
(after a refused decision not to notify without a reason), records whether the people affected
were informed (art. 34) and closes the case."""
import re
from datetime import datetime, timedelta, timezone
from zoneinfo import ZoneInfo

import pytest
from babel.dates import format_date
from playwright.sync_api import expect

from casework.core.clock import local_today
from casework.core.extensions import db
from tests import factories
from tests.browser.intake_helpers import clock_cells, log_in, open_step, step_toggle

pytestmark = pytest.mark.browser

CLOCK = "Anmälan till IMY inom 72 timmar"


@pytest.fixture
def manager(live_app):
    """A biträdande enhetschef of a unit of its own: e-mail, the time zone and today's date."""
    with live_app.app_context():
        unit = factories.node("enhet", "Liseberg hemtjänst",
                              factories.node("omrade", "Hemtjänst Liseberg"))
        deputy = factories.user("bitradande_enhetschef", unit, name="Lisa Biträdande")
        db.session.commit()
        return deputy.email, ZoneInfo(live_app.config["BABEL_DEFAULT_TIMEZONE"]), local_today()


def long_date(day) -> str:
    return format_date(day, "d MMMM y", locale="sv_SE")


def fact(scope, term: str):
    """The value of the fact ``term`` in the facts lists of ``scope``."""
    return scope.locator(f'dt:text-is("{term}") + dd')


def deadline(local: datetime, zone: ZoneInfo) -> str:
    """72 hours after the naive local time ``local``, as the clock shows it (elapsed hours,
    so the wall clock moves when summer time starts or ends in between)."""
    due = local.replace(tzinfo=zone).astimezone(timezone.utc) + timedelta(hours=72)
    due = due.astimezone(zone)
    return f"{long_date(due.date())} kl. {due:%H:%M}"


def test_a_breach_is_documented_notified_to_imy_and_closed(page, manager):
    email, zone, today = manager
    # Received two days ago, so that every moment below is past whenever the test runs.
    received = today - timedelta(days=2)
    discovered = datetime.combine(received, datetime.min.time()).replace(hour=21, minute=47)
    notified = discovered + timedelta(hours=15, minutes=3)  # the next day, 12:50

    log_in(page, email)
    # A manager's intake forms are one menu entry: opened, it lists the three.
    page.locator("summary.site-nav__link", has_text="Registrera").click()
    page.get_by_role("link", name="Lex Maria eller personuppgiftsincident").click()
    # A manager may not register lex Maria: the breach is the one type offered, chosen already.
    expect(page.get_by_role("group", name="Typ").get_by_role("radio")).to_have_count(1)
    expect(page.get_by_role("radio", name="Personuppgiftsincident")).to_be_checked()
    page.get_by_label("Inkom").fill(received.isoformat())
    # The discovery is asked for at registration: the clock must not start at midnight.
    expect(page.get_by_text("Datum och klockslag: de 72 timmarna till IMY räknas härifrån."))\
        .to_be_visible()
    page.get_by_label("Upptäcktes").fill(f"{discovered:%Y-%m-%dT%H:%M}")
    page.get_by_label("Vad har hänt?").fill("En brukarlista skickades till fel mottagare.")
    page.get_by_role("button", name="Registrera ärendet").click()

    expect(page.get_by_role("heading", level=1)).to_contain_text("Personuppgiftsincident")
    lead, status = page.locator(".lead"), page.get_by_role("status")
    section = page.get_by_role("region", name="Personuppgiftsincident")
    clock = clock_cells(page, CLOCK)
    expect(lead).to_have_text("Status: Ny")
    # The clock runs from the discovery from the start, 72 hours to the minute.
    expect(clock.first).to_have_text(deadline(discovered, zone))
    expect(step_toggle(page, "Besluta om anmälan till IMY")).to_have_count(0)

    form = open_step(page, "Dokumentera incidenten")
    # The documentation starts from the discovery given at registration.
    expect(form.get_by_label("Upptäcktes")).to_have_value(f"{discovered:%Y-%m-%dT%H:%M}")
    form.get_by_label("Vad hände?").fill("Listan med 40 brukares namn och adresser skickades fel.")
    form.get_by_label("Vilka slags personuppgifter och vilka personer gäller det?").fill(
        "Namn och adress på brukare i hemtjänsten.")
    form.get_by_label("Ungefär hur många personer").fill("40")
    form.get_by_label("Ungefär hur många poster").fill("40")
    form.get_by_label("Troliga följder").fill("Obehöriga kan se vilka som har hemtjänst.")
    form.get_by_label("Åtgärder").fill("Mottagaren har ombetts radera listan.")
    form.get_by_role("button", name="Spara incidenten").click()
    expect(status).to_have_text("Incidenten är dokumenterad.")
    expect(lead).to_have_text("Status: Utreds")
    facts, imy, subjects = (section.locator("dl.facts").nth(n) for n in range(3))
    for text in (f"{long_date(discovered)} kl. 21:47", "Listan med 40 brukares namn",
                 "Namn och adress på brukare", "Obehöriga kan se", "Mottagaren har ombetts"):
        expect(facts).to_contain_text(text)
    expect(fact(facts, "Ungefär antal personer")).to_have_text("40")
    expect(fact(facts, "Ungefär antal poster")).to_have_text("40")
    cells = clock
    expect(cells.first).to_have_text(deadline(discovered, zone))
    left = 72 - _hours_since(discovered, zone)  # or one less, should an hour turn meanwhile
    expect(cells.nth(1)).to_have_text(re.compile(rf"({left}|{left - 1}) timmar kvar"))

    # Refused: not notifying without a reason. The error stands at the field, the choice stays.
    form = open_step(page, "Besluta om anmälan till IMY")
    form.get_by_role("radio", name="Nej").check()
    form.get_by_role("button", name="Spara beslutet").click()
    summary = page.get_by_role("alert")
    expect(summary).to_contain_text("Ange varför incidenten inte anmäls till IMY.")
    expect(summary).to_be_focused()
    reason = form.get_by_label("Skäl att inte anmäla")
    expect(reason).to_have_attribute("aria-invalid", "true")
    expect(page.locator("#decide_imy-reason-error")).to_have_text(
        "Fel: Ange varför incidenten inte anmäls till IMY.")
    expect(form.get_by_role("radio", name="Nej")).to_be_checked()
    expect(fact(imy, "Beslut")).to_have_text("Inte fattat")

    # Refused again: notifying without the time of the anmälan; what was typed is kept.
    form.get_by_role("radio", name="Ja").check()
    form.get_by_label("IMY:s diarienummer").fill("IMY-2026-4711")
    form.get_by_role("button", name="Spara beslutet").click()
    expect(page.locator("#decide_imy-notified_at-error")).to_have_text(
        "Fel: Ange när incidenten anmäldes till IMY.")
    expect(form.get_by_label("IMY:s diarienummer")).to_have_value("IMY-2026-4711")
    expect(form.get_by_role("radio", name="Ja")).to_be_checked()
    summary.get_by_role("link").focus()  # the summary's link takes the keyboard to the field
    page.keyboard.press("Enter")
    notified_at = form.get_by_label("Anmäld (datum och klockslag)")
    expect(notified_at).to_be_focused()
    notified_at.fill(f"{notified:%Y-%m-%dT%H:%M}")
    form.get_by_role("button", name="Spara beslutet").focus()
    page.keyboard.press("Enter")
    expect(status).to_have_text("Beslutet om anmälan till IMY är registrerat.")
    expect(fact(imy, "Beslut")).to_have_text("Anmäls till IMY")
    expect(fact(imy, "Anmäld")).to_have_text(f"{long_date(notified)} kl. 12:50")
    expect(fact(imy, "IMY:s diarienummer")).to_have_text("IMY-2026-4711")
    expect(cells.nth(1)).to_have_text("Klar")
    expect(step_toggle(page, "Besluta om anmälan till IMY")).to_have_count(0)

    # Art. 34: the people affected were informed.
    form = open_step(page, "Registrera information till de registrerade")
    form.get_by_role("radio", name="Ja").check()
    form.get_by_label("Informerade").fill(today.isoformat())
    form.get_by_role("button", name="Spara informationen").click()
    expect(status).to_have_text("Informationen till de registrerade är registrerad.")
    expect(fact(subjects, "Informerade")).to_have_text(long_date(today))

    close = open_step(page, "Avsluta ärendet")
    close.get_by_label("Sammanfattning och planerade åtgärder").fill(
        "Listor skickas bara krypterade.")
    close.get_by_role("button", name="Avsluta ärendet").click()
    expect(status).to_have_text("Ärendet är avslutat.")
    expect(lead).to_have_text("Status: Avslutad")
    expect(cells.nth(1)).to_have_text("Klar")
    expect(page.locator(".timeline__text")).to_contain_text([
        "Dokumenterade incidenten. Status: Ny → Utreds",
        "Registrerade beslutet om anmälan till IMY",
        "Registrerade om de registrerade har informerats",
        "Avslutade ärendet. Status: Utreds → Avslutad",
    ])


def _hours_since(local: datetime, zone: ZoneInfo) -> int:
    """Whole hours since the naive local time ``local``, rounded up as the clock's "kvar" is
    rounded down."""
    elapsed = datetime.now(timezone.utc) - local.replace(tzinfo=zone)
    return -int(-elapsed.total_seconds() // 3600)
