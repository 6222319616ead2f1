"""The follow-up question's public page, its thanks, the one page for every dead link, and the
reopen request on the case page with its two decisions."""
import re

import pytest
import sqlalchemy as sa

from casework.core.extensions import db
from casework.followup.models import FollowUp, ReopenRequest, RequestStatus
from casework.outbox.models import OutgoingMail
from tests import factories
from tests.followup.conftest import close, link_path

COMMENT = "Ingen ringde tillbaka, och besöken är fortfarande sena."


def last_mail(case) -> OutgoingMail:
    return db.session.scalar(sa.select(OutgoingMail).where(OutgoingMail.case_id == case.id)
                             .order_by(OutgoingMail.id.desc()).limit(1))


@pytest.fixture
def path(complaint, handler):
    complaint.handler = handler
    db.session.commit()
    close(complaint, handler)
    return link_path(last_mail(complaint).body)


def text(response) -> str:
    return response.get_data(as_text=True)


def test_the_question_asks_in_swedish_with_labelled_choices(client, path, complaint):
    response = client.get(path)

    page = text(response)
    assert response.status_code == 200
    assert response.headers["Referrer-Policy"] == "no-referrer"
    assert "<h1>Är du nöjd?</h1>" in page and complaint.number in page
    assert "Hemtjänsten kom inte" not in page  # no description on a public page
    assert re.search(r"<fieldset[^>]*>\s*<legend[^>]*>Är du nöjd med hur ditt klagomål", page)
    for value, label in (("ja", "Ja"), ("delvis", "Delvis"), ("nej", "Nej")):
        assert re.search(rf'value="{value}">\s*<label class="choice__label" for="[^"]+">{label}',
                         page)
    assert "Högst 2\u00a0000 tecken." in page and "maxlength" not in page


def test_an_answer_thanks_and_a_double_submit_records_one(client, path, complaint):
    first = client.post(path, data={"answer": "nej", "comment": COMMENT})
    second = client.post(path, data={"answer": "ja", "comment": "Nej förresten."})

    assert first.status_code == second.status_code == 303
    assert first.location.endswith("/uppfoljning/tack") and second.location == first.location
    assert "<h1>Tack för ditt svar</h1>" in text(client.get("/uppfoljning/tack"))
    [question] = db.session.scalars(sa.select(FollowUp).where(FollowUp.case_id == complaint.id))
    assert (question.answer.value, question.comment) == ("nej", COMMENT)
    assert db.session.scalar(sa.select(sa.func.count()).select_from(ReopenRequest)) == 1


def test_a_used_an_expired_and_a_forged_link_get_one_page(client, path, complaint):
    client.post(path, data={"answer": "ja"})
    used = client.get(path)
    forged = client.get("/uppfoljning/" + "A" * 43)
    by_number = client.get(f"/uppfoljning/{complaint.number}")
    other = factories.case(complaint.unit, contact_email="x@example.se")
    close(other, complaint.handler)
    expiring = link_path(last_mail(other).body)
    question = db.session.scalar(sa.select(FollowUp).where(FollowUp.case_id == other.id))
    question.expires_at = question.sent_at.replace(year=2000)
    db.session.commit()
    expired = client.get(expiring)
    posted = client.post(expiring, data={"answer": "ja"})

    pages = {text(r) for r in (used, forged, by_number, expired, posted)}
    assert len(pages) == 1 and "Länken gäller inte längre" in pages.pop()
    assert {r.status_code for r in (used, forged, by_number, expired, posted)} == {410}
    assert db.session.scalar(sa.select(FollowUp.answered_at).where(FollowUp.id == question.id)) \
        is None


def test_bad_input_is_told_at_the_field_and_kept(client, path, complaint):
    nothing = client.post(path, data={"comment": "Jag vet inte."})
    long = client.post(path, data={"answer": "nej", "comment": "å" * 100_000})
    nul = client.post(path, data={"answer": "ja", "comment": "a\0b"})
    odd = client.post(path, data={"answer": "kanske"})

    assert nothing.status_code == long.status_code == odd.status_code == 400
    assert "Välj Ja, Delvis eller Nej." in text(nothing) and "Jag vet inte." in text(nothing)
    assert "högst 2\u00a0000 tecken; den här har 100\u00a0000" in text(long)
    assert "å" * 100_000 in text(long)  # nothing typed is lost
    assert "Välj Ja, Delvis eller Nej." in text(odd)
    assert nul.status_code == 400
    assert db.session.scalar(sa.select(FollowUp.answered_at)
                             .where(FollowUp.case_id == complaint.id)) is None
    assert client.get(path).status_code == 200  # the link still works


def test_the_handler_sees_the_request_and_declines_it_with_a_reason(client, path, complaint,
                                                                   handler):
    client.post(path, data={"answer": "nej", "comment": COMMENT})
    factories.log_in(client, handler)

    page = text(client.get(f"/cases/{complaint.id}"))
    notice = page[page.index('id="begaran"'):]
    notice = notice[:notice.index("</section>")]
    assert COMMENT in notice and "<strong>Nej</strong>" in notice
    assert 'id="reopen-title">Återöppna ärendet' in notice
    assert 'id="decline_reopen-title">Avslå begäran' in notice
    assert page.count('id="reopen-title"') == 1  # not in "Nästa steg" too

    version = str(db.session.get(type(complaint), complaint.id).version)
    blank = client.post(f"/cases/{complaint.id}/begaran/avsla",
                        data={"decline_reopen-version": version, "decline_reopen-reason": ""})
    assert blank.status_code == 400 and "Skriv varför ärendet inte återöppnas." in text(blank)
    done = client.post(f"/cases/{complaint.id}/begaran/avsla", data={
        "decline_reopen-version": version, "decline_reopen-reason": "Vi har ringt två gånger."})
    assert done.status_code == 302
    request = db.session.scalar(sa.select(ReopenRequest))
    db.session.refresh(request)
    assert (request.status, request.decided_by_id) == (RequestStatus.DECLINED, handler.id)
    after = text(client.get(f"/cases/{complaint.id}"))
    assert 'id="begaran"' not in after and "Avslog begäran om återöppning" in after
    assert "Den som klagade svarade på frågan om nöjdhet" in after


def test_the_request_waits_on_the_handlers_start_page_until_decided(client, path, complaint,
                                                                     handler):
    client.post(path, data={"answer": "nej", "comment": COMMENT})
    stranger = factories.user("bitradande_enhetschef")
    factories.log_in(client, stranger)
    assert 'id="begar-ateroppning"' not in text(client.get("/"))
    factories.log_in(client, handler)

    page = text(client.get("/"))

    section = page[page.index('id="begar-ateroppning"'):]
    section = section[:section.index("</section>")]
    assert "(1)" in section and complaint.number in section
    assert f'href="/cases/{complaint.id}"' in section
    assert COMMENT not in page  # the comment is read on the case page, not the start page
    client.post(f"/cases/{complaint.id}/reopen", data={"reopen-version": str(complaint.version)})
    assert 'id="begar-ateroppning"' not in text(client.get("/"))


def test_the_handler_reopens_through_the_notice(client, path, complaint, handler):
    client.post(path, data={"answer": "nej", "comment": COMMENT})
    factories.log_in(client, handler)
    version = str(complaint.version)

    done = client.post(f"/cases/{complaint.id}/reopen", data={"reopen-version": version})

    assert done.status_code == 302
    request = db.session.scalar(sa.select(ReopenRequest))
    db.session.refresh(request)
    assert request.status is RequestStatus.ACCEPTED
    db.session.refresh(complaint)
    assert complaint.status == "pagaende"


def test_another_units_handler_gets_404(client, path, complaint):
    client.post(path, data={"answer": "nej", "comment": COMMENT})
    stranger = factories.user("bitradande_enhetschef")
    factories.log_in(client, stranger)

    assert client.get(f"/cases/{complaint.id}").status_code == 404
    refused = client.post(f"/cases/{complaint.id}/begaran/avsla", data={
        "decline_reopen-version": str(complaint.version), "decline_reopen-reason": "Nej."})
    assert refused.status_code == 404
    assert db.session.scalar(sa.select(ReopenRequest.status)) is RequestStatus.OPEN
