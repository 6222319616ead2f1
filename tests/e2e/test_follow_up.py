"""The follow-up question on the real server, on a SQLite file and on PostgreSQL, with a real
SMTP server: a klagomål with an e-mail address is closed; the question's mail arrives; the
link opened without signing in is answered "Nej" with a comment (twice, as by a double click:
one answer); the handler is e-mailed, sees the reopen request on the case page and reopens the
case. A second complaint's request is declined with a reason. A used link gets the page of a
dead link, and the server's access log never wrote a token."""
import re
import time
import urllib.parse

import pytest
import sqlalchemy as sa

from casework.core.extensions import db
from casework.followup.models import FollowUp, ReopenRequest, RequestStatus
from tests.e2e.client import Client
from tests.e2e.site import PEOPLE, Site, add_organisation
from tests.e2e.walk import Walk
from tests.server import mailing_site

pytestmark = pytest.mark.e2e

RESIDENT = "rut.resident@example.se"
LINK = re.compile(r"https?://\S+(/uppfoljning/\S+)")
COMMENT = "Ingen har ringt mig, och besöken är fortfarande sena."


@pytest.fixture(scope="module", params=["sqlite", "postgresql"])
def follow_up_site(request, tmp_path_factory):
    """``casework run`` sending through a real SMTP server; yields (site, inbox)."""
    tmp_dir = tmp_path_factory.mktemp(f"follow-up-{request.param}")
    with mailing_site(request.param, tmp_dir, add_organisation) as (server, inbox, app, _):
        yield Site(request.param, server, app, tmp_dir), inbox


def mail_to(inbox, address: str, count: int = 1, seconds: float = 30):
    """The ``count``-th message to ``address``, once it has come."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        found = [m for m in inbox.messages if m["To"] == address]
        if len(found) >= count:
            return found[count - 1]
        time.sleep(0.05)
    raise AssertionError(f"no message {count} to {address}: {[m['To'] for m in inbox.messages]}")


def closed_complaint(walk: Walk, name: str) -> None:
    planner = walk.as_("planner")
    form = next(f for f in planner.get("/cases/new").forms if "type" in f.names)
    walk.register(name, "planner", "/cases/new", {
        "type": "klagomal", "description": "Hemtjänsten kom inte på söndagen.",
        "source": next(v for v, _ in form.names["source"] if v),
        "categories": [next(v for v, _ in form.names[form.name_of("categories")] if v)],
        "contact_email": RESIDENT})
    walk.step(name, "assign", handler_id=PEOPLE["deputy"].name)
    walk.step(name, "record_feedback", method="Telefon", recipient="Brukaren",
              content="Vi har lagt in besöket igen.")
    walk.step(name, "close", summary="Schemat kontrolleras varje fredag.")


def answer_no(site: Site, inbox, count: int) -> str:
    """Open the ``count``-th question's link signed out and answer "Nej" with ``COMMENT``; the
    link's path."""
    message = mail_to(inbox, RESIDENT, count)
    assert message["Subject"] == "Är du nöjd med hur ditt klagomål togs om hand?"
    path = urllib.parse.urlsplit(LINK.search(message.get_content()).group(0)).path
    resident = Client(site.server)
    question = resident.get(path)
    assert "<h1>Är du nöjd?</h1>" in question.text
    thanked = resident.submit(question.forms[0], {"answer": "Nej", "comment": COMMENT})
    assert urllib.parse.urlsplit(thanked.url).path == "/uppfoljning/tack"
    assert "Tack för ditt svar" in thanked.text
    return path


def test_a_no_with_a_comment_reaches_the_handler_who_reopens(follow_up_site):
    site, inbox = follow_up_site
    walk = Walk(site)
    closed_complaint(walk, "klagomal")
    case = walk.cases["klagomal"]

    path = answer_no(site, inbox, 1)
    used = Client(site.server).get(path, expect=410)  # the dead link's page, with no form
    assert used.forms == [] and "Länken gäller inte längre" in used.text

    notice = mail_to(inbox, PEOPLE["deputy"].email)
    assert notice["Subject"] == f"Begäran om återöppning av ärende {case.number}"
    assert COMMENT not in notice.get_content()
    start = walk.as_("deputy").get("/")
    assert "Begär att ärendet öppnas igen" in start.text and case.path in start.text
    page = walk.as_("deputy").get(case.path)
    assert "Begäran om återöppning" in page.text and COMMENT in page.text
    walk.step("klagomal", "reopen")
    assert "Begär att ärendet öppnas igen" not in walk.as_("deputy").get("/").text

    with site.app.app_context():
        request = db.session.scalar(sa.select(ReopenRequest).where(
            ReopenRequest.case_id == case.id))
        assert request.status is RequestStatus.ACCEPTED
        [question] = db.session.scalars(sa.select(FollowUp).where(FollowUp.case_id == case.id))
        assert (question.answer.value, question.comment) == ("nej", COMMENT)
    log = site.server.output_since(0)
    assert "/uppfoljning/[dold]" in log and path.rsplit("/", 1)[1] not in log


def test_a_double_submit_records_one_answer_and_a_request_is_declined(follow_up_site):
    site, inbox = follow_up_site
    walk = Walk(site)
    earlier = len([m for m in inbox.messages if m["To"] == RESIDENT])
    closed_complaint(walk, "andra")
    case = walk.cases["andra"]
    message = mail_to(inbox, RESIDENT, earlier + 1)
    path = urllib.parse.urlsplit(LINK.search(message.get_content()).group(0)).path
    resident = Client(site.server)
    form = resident.get(path).forms[0]
    first = resident.submit(form, {"answer": "Nej", "comment": COMMENT})
    second = resident.submit(form, {"answer": "Ja", "comment": "Jo, nöjd."})
    assert "Tack för ditt svar" in first.text and "Tack för ditt svar" in second.text

    walk.step("andra", "decline_reopen", reason="Vi har ringt två gånger utan svar.")
    page = walk.as_("deputy").get(case.path)
    assert "Avslog begäran om återöppning" in " ".join(page.timeline)
    assert page.lead == "Status: Avslutad"
    with site.app.app_context():
        [question] = db.session.scalars(sa.select(FollowUp).where(FollowUp.case_id == case.id))
        assert (question.answer.value, question.comment) == ("nej", COMMENT)
        request = db.session.scalar(sa.select(ReopenRequest).where(
            ReopenRequest.case_id == case.id))
        assert (request.status, request.reason) == (RequestStatus.DECLINED,
                                                    "Vi har ringt två gånger utan svar.")
