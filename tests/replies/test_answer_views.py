"""The answer from the case page: choose a standard text, preview it, send it by e-mail through
the outbox or print it as a letter; either way it is the case's återkoppling."""
import re

import pytest
import sqlalchemy as sa

from casework.cases.models import Case, CaseFeedback, FeedbackMethod
from casework.core.clock import local_today
from casework.core.extensions import db
from casework.outbox.models import OutgoingMail, Purpose
from casework.trail.models import AuditEvent
from tests import factories
from tests.documents import pdf_text
from tests.replies.conftest import add_text

ANSWER_BODY = ("Hej!\n\nVi har gjort detta:\n– Samtal med personalen om bemötande.\n\n"
               "Bea Biträdande, Biträdande enhetschef\nAspudden hemtjänst")


@pytest.fixture
def text(complaint, area):
    admin = factories.user("admin", area.parent)
    made = add_text(admin)
    db.session.commit()
    return made


def answer_page(client, case, **args):
    response = client.get(f"/cases/{case.id}/svar", query_string=args)
    return response.status_code, response.get_data(as_text=True)


def post(client, case, action, **fields):
    data = {"version": str(case.version), "submission": fields.pop("token", "tok-1"),
            "action": action} | fields
    return client.post(f"/cases/{case.id}/svar", data=data)


def letter_text(pdf: bytes) -> str:
    """The page streams with reportlab's octal escapes of non-ASCII letters undone."""
    return re.sub(r"\\(\d{3})", lambda m: chr(int(m.group(1), 8)), pdf_text(pdf))


def feedback_of(case) -> list[CaseFeedback]:
    db.session.expire_all()
    return list(db.session.scalars(sa.select(CaseFeedback).where(CaseFeedback.case_id == case.id)))


def test_the_case_page_offers_the_answer_to_its_handlers(client, complaint, deputy, text):
    factories.log_in(client, deputy)
    page = client.get(f"/cases/{complaint.id}").get_data(as_text=True)
    assert f'href="/cases/{complaint.id}/svar">Svara från svarsmall</a>' in page

    status, page = answer_page(client, complaint)
    assert status == 200
    assert f'<option value="{text.id}" selected>Svar</option>' in page
    assert "{åtgärder}" in page  # the text starts as the standard text, placeholders and all


def test_the_preview_fills_the_placeholders_and_offers_both_ways(client, complaint, deputy,
                                                                 text):
    factories.log_in(client, deputy)
    response = post(client, complaint, "preview", text_id=str(text.id), body=text.body)
    page = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "Svar på ditt ärende 2025-0001" in page
    assert "– Samtal med personalen om bemötande." in page
    assert "Bea Biträdande, Biträdande enhetschef" in page
    assert 'value="email">Skicka till anna@example.se</button>' in page
    assert 'value="letter">Registrera och skapa brevet</button>' in page
    assert feedback_of(complaint) == []
    # A preview changes nothing: the trail has the case's read, no change.
    actions = db.session.scalars(sa.select(AuditEvent.action)
                                 .where(AuditEvent.case_id == complaint.id)).all()
    assert "change" not in actions and "view" in actions


def test_sending_queues_the_mail_and_records_the_answer_as_feedback(client, complaint, deputy,
                                                                    text, smtp):
    factories.log_in(client, deputy)
    response = post(client, complaint, "email", text_id=str(text.id), body=text.body)
    assert response.status_code == 303
    assert response.headers["Location"].endswith(f"/cases/{complaint.id}")

    (feedback,) = feedback_of(complaint)
    assert (feedback.method, feedback.recipient, feedback.content, feedback.given_on) == (
        FeedbackMethod.E_POST, "anna@example.se", ANSWER_BODY, local_today())
    assert db.session.get(Case, complaint.id).feedback_on == local_today()
    (message,) = smtp.delivered()
    assert (message["To"], message["Subject"]) == ("anna@example.se",
                                                   "Svar på ditt ärende 2025-0001")
    assert message.get_content().replace("\r\n", "\n").strip() == ANSWER_BODY
    mail = db.session.scalar(sa.select(OutgoingMail))
    assert (mail.purpose, mail.case_id) == (Purpose.ANSWER, complaint.id)

    page = client.get(f"/cases/{complaint.id}").get_data(as_text=True)
    assert re.search(r"Svar till anna@example\.se: <strong class=\"mail-state\">Skickat</strong>",
                     page)


def test_a_second_click_sends_nothing_more(client, complaint, deputy, text, smtp):
    factories.log_in(client, deputy)
    post(client, complaint, "email", text_id=str(text.id), body=text.body)
    again = post(client, complaint, "email", text_id=str(text.id), body=text.body)
    assert again.status_code == 303
    assert len(feedback_of(complaint)) == 1
    assert db.session.scalar(sa.select(sa.func.count()).select_from(OutgoingMail)) == 1
    page = client.get(f"/cases/{complaint.id}").get_data(as_text=True)
    assert "Svaret är redan registrerat" in page


def test_a_case_changed_since_the_preview_shows_the_conflict(client, complaint, deputy, text):
    factories.log_in(client, deputy)
    stale = complaint.version
    client.post(f"/cases/{complaint.id}/actions", data={
        "add_action-description": "Ny åtgärd.", "add_action-taken_on": "2025-03-06",
        "add_action-version": str(stale)})
    response = client.post(f"/cases/{complaint.id}/svar", data={
        "version": str(stale), "submission": "tok-2", "action": "email",
        "text_id": str(text.id), "body": text.body})
    page = response.get_data(as_text=True)
    assert response.status_code == 409
    assert "Ärendet har ändrats av någon annan" in page and "Vi har gjort detta:" in page
    assert feedback_of(complaint) == []
    assert db.session.scalar(sa.select(sa.func.count()).select_from(OutgoingMail)) == 0


def test_a_missing_value_blocks_sending_and_says_what_is_missing(client, unit, deputy, area):
    case = factories.case(unit, contact_email="anna@example.se")  # no handler, no åtgärd
    db.session.commit()
    factories.log_in(client, deputy)
    body = "{åtgärder}\n{handläggare}"
    preview = post(client, case, "preview", body=body).get_data(as_text=True)
    assert "Ärendet har inga åtgärder ännu: lägg till åtgärden först." in preview
    assert "Ärendet har ingen handläggare: tilldela en handläggare först." in preview
    assert "Skicka till" not in preview
    response = post(client, case, "email", body=body)
    assert response.status_code == 400
    assert "Ärendet har ingen handläggare" in response.get_data(as_text=True)
    assert feedback_of(case) == []
    assert db.session.scalar(sa.select(sa.func.count()).select_from(OutgoingMail)) == 0


@pytest.mark.parametrize("body, message", [
    ("Hej {namn}", "Okänd platshållare {namn}."),
    ("", "Skriv svaret."),
    ("x" * 100_000, "Texten får vara högst 10\u00a0000 tecken; den här har 100\u00a0000."),
])
def test_hostile_answers_are_refused_in_swedish(client, complaint, deputy, body, message):
    factories.log_in(client, deputy)
    response = post(client, complaint, "email", body=body)
    assert response.status_code == 400
    assert message in response.get_data(as_text=True)
    assert feedback_of(complaint) == []


def test_a_nul_byte_is_refused(client, complaint, deputy):
    factories.log_in(client, deputy)
    assert post(client, complaint, "email", body="Hej\x00").status_code == 400
    assert feedback_of(complaint) == []


def test_the_letter_is_recorded_and_downloads_as_a_pdf(client, complaint, deputy, text):
    factories.log_in(client, deputy)
    response = post(client, complaint, "letter", text_id=str(text.id), body=text.body,
                    recipient="Anna Andersson")
    assert response.status_code == 303
    (feedback,) = feedback_of(complaint)
    assert (feedback.method, feedback.recipient, feedback.content) == (
        FeedbackMethod.BREV, "Anna Andersson", ANSWER_BODY)
    assert db.session.scalar(sa.select(sa.func.count()).select_from(OutgoingMail)) == 0

    page = client.get(f"/cases/{complaint.id}").get_data(as_text=True)
    url = f"/cases/{complaint.id}/aterkoppling/{feedback.id}/brev.pdf"
    assert f'href="{url}"' in page
    pdf = client.get(url)
    assert pdf.status_code == 200 and pdf.mimetype == "application/pdf"
    assert pdf.headers["Content-Disposition"] == (
        f'attachment; filename="svar-2025-0001-{local_today().isoformat()}.pdf"')
    assert pdf.data.startswith(b"%PDF-") and b"/Type /Page" in pdf.data
    text_of = letter_text(pdf.data)
    for expected in ("Aspudden hemtjänst", "Box 4046", "129 04 Hägersten", "Anna Andersson",
                     "Ärende: 2025-0001", "Samtal med personalen om bemötande."):
        assert expected in text_of, expected
    exported = db.session.scalars(sa.select(AuditEvent).where(
        AuditEvent.action == "export", AuditEvent.case_id == complaint.id)).all()
    assert [e.detail for e in exported] == [{"endpoint": "replies.letter", "format": "pdf"}]


def test_a_letter_needs_its_recipient_and_an_address(client, complaint, deputy, text, area):
    factories.log_in(client, deputy)
    response = post(client, complaint, "letter", text_id=str(text.id), body=text.body,
                    recipient="")
    assert response.status_code == 400
    assert "Ange vem brevet är till." in response.get_data(as_text=True)
    area.postal_address = None
    db.session.commit()
    page = post(client, complaint, "preview", text_id=str(text.id), body=text.body)
    assert "Enheten har ingen postadress för brevet" in page.get_data(as_text=True)
    assert feedback_of(complaint) == []


def test_an_anonymous_case_or_one_without_contact_keeps_todays_step(client, unit, deputy):
    anonymous = factories.case(unit, anonymous=True)
    silent = factories.case(unit)
    db.session.commit()
    factories.log_in(client, deputy)
    for case in (anonymous, silent):
        assert answer_page(client, case)[0] == 404
        page = client.get(f"/cases/{case.id}").get_data(as_text=True)
        assert "Svara från svarsmall" not in page and "Registrera återkoppling" in page


def test_who_may_not_answer(client, complaint, unit, area):
    planner = factories.user("planerare", unit)
    other = factories.user("bitradande_enhetschef", factories.node("enhet", parent=area))
    db.session.commit()
    factories.log_in(client, planner)
    assert answer_page(client, complaint)[0] == 403
    factories.log_in(client, other)
    assert answer_page(client, complaint)[0] == 404


def test_a_closed_case_is_not_answered_from_here(client, complaint, deputy):
    factories.log_in(client, deputy)
    client.post(f"/cases/{complaint.id}/feedback", data={
        "record_feedback-given_on": "2025-03-06", "record_feedback-method": "telefon",
        "record_feedback-recipient": "Anna", "record_feedback-content": "Vi ringde.",
        "record_feedback-version": "1"})
    db.session.expire_all()
    client.post(f"/cases/{complaint.id}/close", data={
        "close-summary": "Klart.", "close-version": str(db.session.get(Case, complaint.id).version)})
    db.session.expire_all()
    assert db.session.get(Case, complaint.id).closed_on is not None
    assert answer_page(client, complaint)[0] == 404


def test_the_apt_note_starts_from_the_apt_text(client, complaint, deputy, area):
    admin = factories.user("admin", area.parent)
    add_text(admin, purpose="apt", subject="", body="{ärendenummer}: {åtgärder}")
    db.session.commit()
    factories.log_in(client, deputy)
    page = client.get(f"/cases/{complaint.id}").get_data(as_text=True)
    assert re.search(r'name="mark_for_apt-note"[^>]*>\s*2025-0001: – Samtal med personalen',
                     page)
