"""Issue 15's check, in Chromium on the README's embedded default (a SQLite file) with a real SMTP
server: a resident sends a complaint with a photo on the public form at 390 px and gets the
receipt by e-mail; the planner sees the case from the e-service; the deputy answers it from the
unit's standard text, and the answer's e-mail arrives with the text the återkoppling keeps;
closing the case sends the follow-up link, and the resident's "Nej" with a comment puts a
reopen request on the case page."""
import re
import time
import urllib.parse

import pytest
import sqlalchemy as sa
from playwright.sync_api import expect

from casework.cases.models import Case, CaseFeedback
from casework.core.extensions import db
from tests.attachments.samples import jpeg_with_gps
from tests.browser.intake_helpers import log_in, open_step
from tests.e2e.site import PEOPLE, prepare_answers
from tests.server import mailing_site

pytestmark = pytest.mark.browser

RESIDENT = "rut.resident@example.se"
STORY = "Hemtjänsten kom inte på söndagen och ingen ringde."
COMMENT = "Ingen har ringt mig, och besöken är fortfarande sena."


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    tmp_dir = tmp_path_factory.mktemp("complainant")
    with mailing_site("sqlite", tmp_dir, prepare_answers) as (server, inbox, app, _):
        yield server.url, inbox, app


def mail_to(inbox, subject_start: str, seconds: float = 30):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        for message in list(inbox.messages):
            if message["To"] == RESIDENT and message["Subject"].startswith(subject_start):
                return message
        time.sleep(0.1)
    raise AssertionError(f"no mail {subject_start!r}: {[m['Subject'] for m in inbox.messages]}")


def test_a_complaint_from_the_e_service_is_answered_closed_and_followed_up(
        browser, site, tmp_path):
    base, inbox, app = site
    photo = tmp_path / "sen-ankomst.jpg"
    photo.write_bytes(jpeg_with_gps())

    resident = browser.new_context(base_url=base, locale="sv-SE",
                                   viewport={"width": 390, "height": 844}).new_page()
    resident.goto("/lamna-synpunkt")
    resident.wait_for_timeout(3100)  # a person takes longer than the form's minimum time
    resident.get_by_label("Vilken enhet gäller det?").fill("hemtjänst Aspudden")
    resident.get_by_label("Ett klagomål").check()
    resident.get_by_label("Berätta vad det gäller").fill(STORY)
    resident.get_by_label("E-post (frivilligt)").fill(RESIDENT)
    resident.get_by_label("Bilder eller dokument (frivilligt)").set_input_files(photo)
    resident.get_by_role("button", name="Skicka").click()
    number = re.search(r"\d{4}-\d+", resident.locator(".case-number").inner_text()).group(0)
    receipt = mail_to(inbox, "Vi har tagit emot ditt ärende")
    assert number in receipt["Subject"] and STORY not in receipt.get_content()

    staff = browser.new_context(base_url=base, locale="sv-SE").new_page()
    log_in(staff, PEOPLE["planner"].email)
    staff.goto("/cases")
    row = staff.get_by_role("row").filter(has_text=number)
    expect(row).to_contain_text("via e-tjänst")
    staff.context.clear_cookies()

    log_in(staff, PEOPLE["deputy"].email)
    staff.goto("/cases")
    staff.get_by_role("row").filter(has_text=number).get_by_role("link", name=number).click()
    expect(staff.get_by_role("link", name="sen-ankomst.jpg")).to_be_visible()
    confirmation = staff.get_by_role("status")
    form = open_step(staff, "Tilldela handläggare")
    form.get_by_label("Handläggare").select_option(label=PEOPLE["deputy"].name)
    form.get_by_role("button", name="Tilldela").click()
    expect(confirmation).to_have_text("Handläggaren är tilldelad.")
    form = open_step(staff, "Lägg till åtgärd")
    form.get_by_label("Åtgärd").fill("Söndagsbesöket är inlagt i schemat igen.")
    form.get_by_role("button", name="Spara åtgärden").click()
    expect(confirmation).to_have_text("Åtgärden är sparad.")

    staff.get_by_role("link", name="Svara från svarsmall").click()
    staff.get_by_role("button", name="Förhandsgranska").click()
    expect(staff.get_by_role("heading", name="Så här blir svaret")).to_be_visible()
    staff.get_by_role("button", name=f"Skicka till {RESIDENT}").click()
    expect(staff.get_by_role("status").filter(has_text="Svaret är skickat")).to_be_visible()
    answer = mail_to(inbox, "Svar på ditt ärende")
    text = answer.get_content().replace("\r\n", "\n").strip()
    assert number in text and "– Söndagsbesöket är inlagt i schemat igen." in text
    with app.app_context():
        case = db.session.scalar(sa.select(Case).where(Case.number == number))
        case_id, channel = case.id, case.channel
        [feedback] = db.session.scalars(sa.select(CaseFeedback)
                                        .where(CaseFeedback.case_id == case.id))
        kept = feedback.content
        db.session.remove()
    assert channel == "e_tjanst" and kept == text

    form = open_step(staff, "Avsluta ärendet")
    form.get_by_label("Sammanfattning och planerade åtgärder").fill(
        "Söndagsbesöket saknades i schemat. Schemat kontrolleras nu varje fredag.")
    form.get_by_role("button", name="Avsluta ärendet").click()
    expect(confirmation).to_have_text("Ärendet är avslutat.")

    question = mail_to(inbox, "Är du nöjd")
    link = re.search(r"https?://\S+(/uppfoljning/\S+)", question.get_content()).group(1)
    resident.goto(urllib.parse.unquote(link) if "%" in link else link)
    resident.get_by_label("Nej").check()
    resident.get_by_label("Kommentar (frivillig)").fill(COMMENT)
    resident.get_by_role("button", name="Skicka svaret").click()
    expect(resident.get_by_role("heading", level=1)).to_contain_text("Tack")

    staff.goto(f"/cases/{case_id}")
    notice = staff.locator("section.panel--notice")
    expect(notice).to_contain_text(COMMENT)
    expect(notice.get_by_role("button", name="Återöppna ärendet")).to_be_visible()
