"""The answer from a standard text on the real server, on a SQLite file and on PostgreSQL, with
a real SMTP server: the planner registers a klagomål with an e-mail address, the deputy
handles it, picks the unit's standard text, previews it, sends it; the e-mail arrives with the
text filled in, the återkoppling carries it, the case page shows the mail as sent; a letter is
registered and downloads as a PDF with the case number."""
import re
import time
import urllib.request

import pytest
import sqlalchemy as sa

from casework.cases.models import Case, CaseFeedback, FeedbackMethod
from casework.core.extensions import db
from tests.documents import pdf_text
from tests.e2e.client import Client
from tests.e2e.site import PEOPLE, Site, prepare_answers
from tests.e2e.test_workflows import first_choice
from tests.e2e.walk import Walk
from tests.server import mailing_site

pytestmark = pytest.mark.e2e

RESIDENT = "anna.andersson@example.se"

@pytest.fixture(scope="module", params=["sqlite", "postgresql"])
def answering_site(request, tmp_path_factory):
    """``casework run`` sending through a real SMTP server; yields (site, inbox)."""
    tmp_dir = tmp_path_factory.mktemp(f"answers-{request.param}")
    with mailing_site(request.param, tmp_dir, prepare_answers) as (server, inbox, app, _):
        yield Site(request.param, server, app, tmp_dir), inbox



def preview(client: Client, case_id: int):
    page = client.get(f"/cases/{case_id}/svar")
    form = page.form("skriv-svar")
    return client.post(form.action, form.filled({}) + [("action", "preview")])


def test_the_handler_answers_from_a_standard_text_by_e_mail_and_by_letter(answering_site):
    site, inbox = answering_site
    walk = Walk(site)
    category = first_choice(walk, "planner", "/cases/new", "categories")
    source = first_choice(walk, "planner", "/cases/new", "source")
    case = walk.register("klagomal", "planner", "/cases/new", {
        "type": "klagomal", "source": source, "categories": [category],
        "description": "Hemtjänsten kom inte på söndagen.", "contact": "Anna Andersson",
        "contact_email": RESIDENT})
    walk.step("klagomal", "assign", handler_id=PEOPLE["deputy"].name)
    walk.step("klagomal", "add_action", description="Söndagsbesöket är inlagt i schemat igen.")
    deputy = walk.as_("deputy")

    shown = preview(deputy, case.id)
    assert "Så här blir svaret" in shown.text
    assert f"Svar på ditt ärende {case.number}" in shown.text
    sent = deputy.post(shown.form("svar-e-post").action,
                       shown.form("svar-e-post").filled({}) + [("action", "email")])
    assert sent.url.endswith(f"/cases/{case.id}")
    assert sent.messages() == ["Svaret är skickat med e-post och registrerat som återkoppling."]

    expected = (f"Hej!\n\nTack för att du hörde av dig om ärende {case.number}. Vi har gjort så "
                "här:\n– Söndagsbesöket är inlagt i schemat igen.\n\nMed vänliga hälsningar\n"
                "Bea Biträdande, Biträdande enhetschef\nAspudden hemtjänst")
    (message,) = inbox.delivered()
    assert (message["To"], message["Subject"]) == (RESIDENT, f"Svar på ditt ärende {case.number}")
    assert message.get_content().replace("\r\n", "\n").strip() == expected
    with site.app.app_context():
        (feedback,) = db.session.scalars(sa.select(CaseFeedback)
                                         .where(CaseFeedback.case_id == case.id))
        assert (feedback.method, feedback.recipient, feedback.content) == (
            FeedbackMethod.E_POST, RESIDENT, expected)
        assert db.session.get(Case, case.id).feedback_on == feedback.given_on
    deadline = time.monotonic() + 30
    while "Skickat</strong>" not in (page := deputy.get(case.path)).text:
        assert time.monotonic() < deadline, "the case page never showed the mail as sent"
        time.sleep(0.2)
    assert re.search(rf"Svar till {re.escape(RESIDENT)}: <strong class=\"mail-state\">", page.text)

    # Printed as a letter too: registered as a second återkoppling, downloaded as a PDF.
    shown = preview(deputy, case.id)
    letter = shown.form("svar-brev")
    done = deputy.post(letter.action, letter.filled({"recipient": "Anna Andersson"})
                       + [("action", "letter")])
    assert done.messages()[0].startswith("Svaret är registrerat som återkoppling.")
    path = re.search(r'href="(/cases/\d+/aterkoppling/\d+/brev\.pdf)"', done.text).group(1)
    request = urllib.request.Request(site.server.url + path)
    with deputy.opener.open(request, timeout=60) as response:
        assert response.headers["Content-Disposition"].startswith("attachment;")
        body = response.read()
    assert body.startswith(b"%PDF-") and f"rende: {case.number})" in pdf_text(body)
    assert len(inbox.messages) == 1  # the letter sends nothing
