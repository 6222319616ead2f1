"""Issue 15.1: the public e-service. A resident sends a klagomål, synpunkt or beröm without an
account; the case is made by the one case service with the channel e-tjänst; the receipt shows
its number to that browser only."""
import io
import re

import sqlalchemy as sa
from PIL import Image

from casework.attachments import queries as attachments
from casework.core.case_types import INITIAL_STATUS
from casework.core.clock import local_today
from casework.core.extensions import db
from casework.outbox.models import OutgoingMail, Purpose
from casework.reminders.models import Kind, Notification
from casework.trail.models import AuditEvent
from tests import factories
from tests.attachments.samples import EXIF_GPS, jpeg_with_gps
from tests.public.conftest import submissions
from tests.public.helpers import DESCRIPTION, FORM, RECEIPT, cases, send


def text(response) -> str:
    return response.get_data(as_text=True)


def test_the_form_offers_the_open_units_by_name_and_links_the_statement_and_english(client, org):
    page = text(client.get(FORM))
    assert '<html lang="sv">' in page
    assert '<option value="Aspudden hemtjänst">' in page
    assert '<option value="Aspudden vård- och omsorgsboende">' in page
    assert "Gamla Trekanten" not in page
    assert 'href="/tillganglighet"' in page
    assert re.search(r'<a href="/lamna-synpunkt\?lang=en" lang="en" hreflang="en">In English</a>',
                     page)
    assert "Du får oftast svar inom 10 arbetsdagar." in page  # the complaint clock's default
    assert "Är du anonym kan vi inte svara dig." in page
    # The honeypot: hidden from people and screen readers, out of the Tab order.
    honeypot = re.search(r'<div class="visually-hidden" aria-hidden="true">.*?</div>', page, re.DOTALL)
    assert honeypot and 'tabindex="-1"' in honeypot.group(0)
    assert 'autocomplete="off"' in honeypot.group(0) and "Lämna det här fältet tomt" in page
    assert "maxlength" not in page  # limits are stated, never cut silently
    assert "Högst 5\u00a0000 tecken." in page


def test_the_english_form_is_in_english_and_links_back_to_swedish(client, org):
    page = text(client.get(FORM + "?lang=en"))
    assert '<html lang="en">' in page
    assert "Give feedback, a complaint or praise" in page
    assert "If you are anonymous we cannot answer you." in page
    assert 'action="/lamna-synpunkt?lang=en"' in page
    assert re.search(r'<a href="/lamna-synpunkt" lang="sv" hreflang="sv">På svenska</a>', page)
    assert '<footer class="site-footer" lang="sv">' in page


def test_a_complaint_becomes_a_new_case_of_the_e_service_with_a_receipt(client, org, smtp):
    sent = send(client, unit="hemtjänst aspudden", categories=["bemotande", "information"])
    assert sent.status_code == 302 and sent.location == RECEIPT
    [case] = cases()
    assert (case.type.value, case.channel, case.status, case.registered_by_id) == (
        "klagomal", "e_tjanst", INITIAL_STATUS, None)
    assert (case.unit_id, case.received_on, case.description) == (
        org["unit"].id, local_today(), DESCRIPTION)
    assert (case.source, case.anonymous) == ("narstaende", False)
    assert case.categories == ["bemotande", "information"]
    assert (case.contact, case.contact_email) == ("Anna Andersson, tel. 070-123 45 67",
                                                  "anna@example.se")
    assert db.session.scalar(sa.select(AuditEvent.action).where(AuditEvent.case_id == case.id)) \
        == "create"

    receipt = client.get(RECEIPT)
    page = text(receipt)
    assert receipt.status_code == 200 and case.number in page and "Aspudden hemtjänst" in page
    assert "Vi har skickat ett kvitto till din e-post." in page
    assert DESCRIPTION not in page

    mails = smtp.delivered()
    receipts = [m for m in mails if m["To"] == "anna@example.se"]
    assert [m["Subject"] for m in receipts] == [f"Vi har tagit emot ditt ärende {case.number}"]
    body = receipts[0].get_content()
    assert case.number in body and "Aspudden hemtjänst" in body and "Vad händer nu?" in body
    assert DESCRIPTION not in body
    mail = db.session.scalar(sa.select(OutgoingMail).where(OutgoingMail.case_id == case.id))
    assert mail.purpose is Purpose.RECEIPT


def test_the_units_responsible_handler_is_told_without_the_description(client, org, smtp):
    send(client)
    [case] = cases()
    [notice] = db.session.scalars(sa.select(Notification).where(Notification.case_id == case.id))
    assert (notice.kind, notice.user_id) == (Kind.NEW_CASE, org["deputy"].id)
    told = [m for m in smtp.delivered() if m["To"] == "bea@example.se"]
    for _ in range(100):  # the receipt and the notice go out one after the other
        if told:
            break
        told = [m for m in smtp.messages if m["To"] == "bea@example.se"]
    [message] = told
    assert message["Subject"] == f"Nytt ärende via e-tjänsten – {case.number}"
    body = message.get_content()
    assert f"/cases/{case.id}" in body and "Klagomål" in body and DESCRIPTION not in body
    assert "Anna" not in body


def test_without_a_responsible_handler_the_units_handlers_are_told(client, org):
    org["unit"].responsible_handler_id = None
    other = factories.user("bitradande_enhetschef", org["unit"], name="Bo Biträdande")
    db.session.commit()
    send(client)
    told = set(db.session.scalars(sa.select(Notification.user_id)
                                  .where(Notification.kind == Kind.NEW_CASE)))
    assert told == {org["deputy"].id, other.id}


def test_the_case_is_in_the_units_list_and_on_the_planners_start_page(client, org):
    send(client)
    [case] = cases()
    factories.log_in(client, org["planner"])
    db.session.commit()
    listed = text(client.get("/cases"))
    assert case.number in listed and "via e-tjänst" in listed
    start = text(client.get("/"))
    assert "Nya via e-tjänsten" in start and case.number in start


def test_nothing_ticked_is_about_annat_and_anyone_unsaid_is_annan(client, org):
    send(client, source=None, name=None, phone=None, contact_email=None)
    [case] = cases()
    assert (case.categories, case.source, case.contact, case.contact_email) == (
        ["annat"], "annan", None, None)


def test_praise_takes_no_category_even_if_ticked(client, org):
    send(client, type="berom", categories=["bemotande"])
    [case] = cases()
    assert (case.type.value, case.categories) == ("berom", [])


def test_an_anonymous_sender_leaves_no_contact_and_gets_no_receipt(client, org):
    send(client, anonymous="y")
    [case] = cases()
    assert (case.anonymous, case.source, case.contact, case.contact_email) == (
        True, None, None, None)
    assert db.session.scalar(sa.select(sa.func.count()).select_from(OutgoingMail)) == 0
    assert "Du är anonym. Därför kan vi inte svara dig." in text(client.get(RECEIPT))


def test_a_name_that_fits_several_units_lists_them(client, org):
    refused = send(client, unit="aspudden")
    page = text(refused)
    assert refused.status_code == 400 and "Flera enheter passar." in page
    assert "Aspudden hemtjänst; Aspudden vård- och omsorgsboende" in page
    assert DESCRIPTION in page and cases() == []


def test_an_unknown_name_suggests_close_ones_and_a_closed_unit_is_not_found(client, org):
    page = text(send(client, unit="Aspuden hemtjänst"))
    assert "Vi hittar ingen enhet som heter så. Menade du: Aspudden hemtjänst" in page
    closed = send(client, unit="Gamla Trekanten")
    assert closed.status_code == 400 and "Vi hittar ingen enhet som heter så." in text(closed)
    assert cases() == []


def test_a_form_sent_too_fast_comes_back_with_what_was_typed(client, org, app, monkeypatch):
    monkeypatch.setitem(app.config, "PUBLIC_FORM_MIN_SECONDS", 3600)
    refused = send(client)
    page = text(refused)
    assert refused.status_code == 400
    assert "Formuläret skickades väldigt snabbt" in page and DESCRIPTION in page
    assert cases() == [] and submissions() == 0


def test_a_forged_start_is_refused(client, org):
    refused = send(client, started="1700000000.abc.def")
    assert refused.status_code == 400 and "Ladda om sidan" in text(refused) and cases() == []


def test_a_filled_honeypot_stores_nothing_and_is_emptied(client, org):
    refused = send(client, webbplats="http://spam.example")
    page = text(refused)
    assert refused.status_code == 400 and "fyllts i automatiskt" in page
    assert "spam.example" not in page and DESCRIPTION in page
    assert cases() == [] and submissions() == 0


def test_the_sixth_case_from_one_address_within_the_hour_is_refused(client, org):
    for _ in range(5):
        assert send(client).status_code == 302
    refused = send(client)
    assert refused.status_code == 429
    assert 0 < int(refused.headers["Retry-After"]) <= 3600
    assert "Försök igen om 60 minuter." in text(refused)
    assert len(cases()) == 5 and submissions() == 5
    assert send(client, environ={"REMOTE_ADDR": "192.0.2.7"}).status_code == 302


def test_an_ipv6_client_is_counted_by_its_64(client, org, app, monkeypatch):
    monkeypatch.setitem(app.config, "PUBLIC_FORM_ADDRESS_LIMIT", 1)
    assert send(client, environ={"REMOTE_ADDR": "2001:db8:1:2::1"}).status_code == 302
    assert send(client, environ={"REMOTE_ADDR": "2001:db8:1:2::99"}).status_code == 429


def test_a_unit_takes_so_many_cases_an_hour_from_everyone(client, org, app, monkeypatch):
    monkeypatch.setitem(app.config, "PUBLIC_FORM_UNIT_LIMIT", 2)
    for n in (1, 2):
        assert send(client, environ={"REMOTE_ADDR": f"198.51.100.{n}"}).status_code == 302
    assert send(client, environ={"REMOTE_ADDR": "198.51.100.3"}).status_code == 429
    other = send(client, unit="Aspudden vård- och omsorgsboende",
                 environ={"REMOTE_ADDR": "198.51.100.4"})
    assert other.status_code == 302 and len(cases()) == 3


def test_no_client_address_is_stored(client, org):
    send(client, environ={"REMOTE_ADDR": "203.0.113.9"})
    keys = db.session.scalars(sa.text("SELECT address_key FROM public_submissions")).all()
    assert len(keys) == 1 and "203.0.113" not in keys[0] and len(keys[0]) == 64


def test_sending_the_same_form_twice_makes_one_case(client, org):
    token = None
    page = text(client.get(FORM))
    token = re.search(r'<input[^>]*name="started"[^>]*value="([^"]+)"', page) or re.search(
        r'<input[^>]*value="([^"]+)"[^>]*name="started"', page)
    first = send(client, started=token.group(1))
    second = send(client, started=token.group(1))
    assert (first.status_code, second.status_code) == (302, 302)
    assert len(cases()) == 1 and submissions() == 1


def test_a_description_over_its_limit_is_refused_with_its_length_and_kept(client, org):
    long = "å" * 5001
    refused = send(client, description=long)
    page = text(refused)
    assert refused.status_code == 400
    assert "Texten får vara högst 5\u00a0000 tecken; den här har 5\u00a0001." in page
    assert long in page and cases() == []


def test_every_field_has_a_limit(client, org):
    for name, size in (("unit", 201), ("name", 201), ("phone", 41), ("contact_email", 255),
                       ("webbplats", 201)):
        refused = send(client, **{name: "a" * size})
        assert refused.status_code == 400, name
    assert cases() == []


def test_a_nul_byte_is_refused_before_the_form(client, org):
    assert send(client, description="Hej\x00då").status_code == 400
    assert cases() == []


def test_a_bad_address_and_a_personnummer_are_refused_at_their_fields(client, org):
    page = text(send(client, contact_email="anna-at-example", description="Gäller 19121212-1212"))
    assert "Skriv hela e-postadressen" in page and "Skriv inte personnummer här." in page
    assert cases() == []


def test_the_english_form_says_its_refusals_in_english(client, org):
    page = text(send(client, lang="en", description="x" * 5001))
    assert "The text may be at most 5,000 characters; this one has 5,001." in page
    assert "There is a problem with the form" in page and "At most 5,000 characters." in page
    page = text(send(client, lang="en", unit="Nowhere at all"))
    assert "We cannot find a unit with that name." in page


def test_the_english_form_makes_the_same_case(client, org):
    sent = send(client, lang="en", type="synpunkt")
    assert sent.location == RECEIPT + "?lang=en"
    [case] = cases()
    assert (case.type.value, case.channel, case.source) == ("synpunkt", "e_tjanst", "narstaende")
    page = text(client.get(sent.location))
    assert case.number in page and "Your case number is" in page


def test_the_receipt_is_only_for_the_browser_that_sent_and_only_for_a_while(client, org, app,
                                                                              monkeypatch):
    send(client)
    [case] = cases()
    stranger = app.test_client()
    gone = stranger.get(RECEIPT)
    assert gone.status_code == 404 and case.number not in text(gone)
    monkeypatch.setitem(app.config, "PUBLIC_RECEIPT_MINUTES", -1)
    assert client.get(RECEIPT).status_code == 404


def test_the_receipt_read_is_audited(client, org):
    send(client)
    [case] = cases()
    client.get(RECEIPT)
    actions = db.session.scalars(sa.select(AuditEvent.action).where(AuditEvent.case_id == case.id)
                                 .order_by(AuditEvent.id)).all()
    assert actions == ["create", "view"]


def test_no_case_is_looked_up_by_number(client, org, app):
    send(client)
    [case] = cases()
    client = app.test_client()  # a bot, not the sender
    for probe in (f"/lamna-synpunkt/kvitto/{case.number}", f"/kvitto/{case.number}",
                  f"/lamna-synpunkt/kvitto?nummer={case.number}"):
        assert case.number not in text(client.get(probe)), probe


def test_a_photo_sent_with_the_form_is_kept_with_the_case_without_its_location(client, org):

    sent = send(client, attachments=[(io.BytesIO(jpeg_with_gps()), "foto.jpg")])
    assert sent.status_code == 302
    [case] = cases()
    [photo] = attachments.of_case(case.id)
    assert (photo.file_name, photo.uploaded_by_id) == ("foto.jpg", None)
    kept = Image.open(io.BytesIO(attachments.content(photo)))
    assert not kept.getexif().get_ifd(EXIF_GPS)


def test_a_renamed_program_makes_no_case_and_keeps_what_was_typed(client, org):
    sent = send(client, attachments=[(io.BytesIO(b"MZ\x90\x00" + b"\x00" * 200), "kvitto.pdf")])
    page = text(sent)
    assert sent.status_code == 400 and cases() == []
    assert "kvitto.pdf:" in page and DESCRIPTION in page
