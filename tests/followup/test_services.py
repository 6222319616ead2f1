"""The follow-up question's services: who is asked, once, the answer recorded once and audited,
and a "Nej" with a comment turned into a reopen request the handler decides."""
from datetime import timedelta

import pytest
import sqlalchemy as sa

from casework.cases.models import CaseEvent
from casework.core import unit_of_work
from casework.core.clock import utcnow
from casework.core.errors import DomainError, InvalidFields
from casework.core.extensions import db
from casework.core.secret_tokens import token_hash
from casework.followup import services
from casework.followup.models import Answer, FollowUp, ReopenRequest, RequestStatus
from casework.outbox.models import OutgoingMail, Purpose
from casework.trail.models import AuditEvent
from tests import factories
from tests.followup.conftest import EMAIL, close, reopen, token_of


def mails(case) -> list[OutgoingMail]:
    return list(db.session.scalars(sa.select(OutgoingMail).where(OutgoingMail.case_id == case.id)
                                   .order_by(OutgoingMail.id)))


def questions(case) -> list[FollowUp]:
    db.session.expire_all()
    return list(db.session.scalars(sa.select(FollowUp).where(FollowUp.case_id == case.id)
                                   .order_by(FollowUp.id)))


def events(case) -> list[str]:
    return list(db.session.scalars(sa.select(CaseEvent.event)
                                   .where(CaseEvent.case_id == case.id).order_by(CaseEvent.id)))


def answered(token, choice, comment=None):
    with unit_of_work.unit():
        return services.answer(token, choice, comment)


def test_closing_a_complaint_with_an_address_mails_a_one_time_link(complaint, handler, app):
    close(complaint, handler)

    [mail] = mails(complaint)
    assert (mail.to_address, mail.purpose) == (EMAIL, Purpose.FOLLOW_UP)
    assert complaint.number not in mail.subject and "Hemtjänsten" not in mail.subject
    token = token_of(mail.body)
    # Random, not the case's id or number (a digit of the id may stand in it by chance).
    assert len(token) >= 40 and complaint.number not in token and not token.isdigit()
    [question] = questions(complaint)
    # Only the hash is stored; the link works for FOLLOW_UP_DAYS.
    assert question.token_hash == token_hash(token) and token not in question.token_hash
    assert question.expires_at - question.sent_at == timedelta(days=app.config["FOLLOW_UP_DAYS"])
    assert services.open_question(token).id == question.id
    assert "follow_up_sent" in events(complaint)


@pytest.mark.parametrize("kind, fields", [
    ("klagomal", {}),  # no address
    ("klagomal", {"anonymous": True, "contact_email": EMAIL}),
    ("synpunkt", {"contact_email": EMAIL}),
])
def test_no_question_without_an_address_for_an_anonymous_case_or_another_type(
        unit, handler, kind, fields):
    case = factories.case(unit, kind, **fields)
    close(case, handler)
    assert questions(case) == [] and mails(case) == []


def test_closing_again_sends_no_second_link_while_the_first_is_unanswered(complaint, handler):
    close(complaint, handler)
    reopen(complaint, handler)
    close(complaint, handler)

    assert len(questions(complaint)) == 1 and len(mails(complaint)) == 1
    assert events(complaint)[-1] == "follow_up_waiting"


def test_once_the_first_is_answered_or_expired_a_new_closing_asks_again(complaint, handler):
    close(complaint, handler)
    answered(token_of(mails(complaint)[0].body), "ja")
    reopen(complaint, handler)
    close(complaint, handler)
    assert len(questions(complaint)) == 2

    second = questions(complaint)[1]
    second.expires_at = utcnow() - timedelta(seconds=1)
    db.session.commit()
    reopen(complaint, handler)
    close(complaint, handler)
    assert len(questions(complaint)) == 3 and len(mails(complaint)) == 3


def test_an_answer_is_recorded_once_and_audited_without_a_user(complaint, handler):
    close(complaint, handler)
    token = token_of(mails(complaint)[0].body)

    question = answered(token, "delvis", "  Bra men sent.  ")

    assert (question.answer, question.comment) == (Answer.DELVIS, "Bra men sent.")
    assert services.open_question(token) is None and services.recently_answered(token)
    with pytest.raises(services.QuestionClosed):
        answered(token, "nej", "Ändrade mig.")
    [stored] = questions(complaint)
    assert (stored.answer, stored.comment) == (Answer.DELVIS, "Bra men sent.")
    row = db.session.scalar(sa.select(AuditEvent).where(AuditEvent.case_id == complaint.id,
                                                        AuditEvent.action == "change"))
    assert row.user_id is None and row.detail == {"follow_up": stored.id}
    assert "Bra men sent" not in str(row.detail)
    assert events(complaint)[-1] == "follow_up_answered"
    # Only "Nej" with a comment asks to reopen.
    assert db.session.scalar(sa.select(sa.func.count()).select_from(ReopenRequest)) == 0


@pytest.mark.parametrize("token", ["", "x" * 101, "forged-token-that-was-never-made",
                                   "2025-0001"])
def test_an_unknown_token_opens_nothing(complaint, handler, token):
    close(complaint, handler)
    assert services.open_question(token) is None
    with pytest.raises(services.QuestionClosed):
        answered(token, "ja")


def test_an_expired_link_takes_no_answer(complaint, handler):
    close(complaint, handler)
    token = token_of(mails(complaint)[0].body)
    [question] = questions(complaint)
    question.expires_at = utcnow() - timedelta(minutes=1)
    db.session.commit()

    assert services.open_question(token) is None
    with pytest.raises(services.QuestionClosed):
        answered(token, "ja")
    assert questions(complaint)[0].answered_at is None


def test_no_choice_and_a_long_comment_are_refused_at_their_fields(complaint, handler):
    close(complaint, handler)
    token = token_of(mails(complaint)[0].body)

    with pytest.raises(InvalidFields) as refused:
        answered(token, None, "x" * 100_000)

    assert {e.field for e in refused.value.errors} == {"answer", "comment"}
    assert "högst 2\u00a0000 tecken; den här har 100\u00a0000" in str(refused.value)
    assert questions(complaint)[0].answered_at is None


def test_no_with_a_comment_asks_the_handler_to_reopen(complaint, handler, unit):
    complaint.handler = handler
    db.session.commit()
    close(complaint, handler)

    answered(token_of(mails(complaint)[0].body), "nej", "Ingen ringde tillbaka.")

    request = services.open_request(complaint)
    assert request.status is RequestStatus.OPEN and request.answer.comment == "Ingen ringde tillbaka."
    notice = mails(complaint)[-1]
    assert notice.to_address == handler.email
    assert complaint.number in notice.subject and "ringde" not in notice.subject
    assert "Ingen ringde" not in notice.body and "Hemtjänsten kom inte" not in notice.body


def test_without_a_handler_the_units_responsible_handler_is_told(complaint, handler, unit):
    other = factories.user("bitradande_enhetschef", unit, email="ansvarig@example.se")
    unit.responsible_handler_id = other.id
    db.session.commit()
    close(complaint, handler)
    complaint.handler = None
    db.session.commit()

    answered(token_of(mails(complaint)[0].body), "nej", "Inte bra.")

    assert mails(complaint)[-1].to_address == "ansvarig@example.se"


def test_no_without_a_comment_asks_nothing(complaint, handler):
    close(complaint, handler)
    answered(token_of(mails(complaint)[0].body), "nej")
    assert services.open_request(complaint) is None and len(mails(complaint)) == 1


def _requested(complaint, handler) -> ReopenRequest:
    close(complaint, handler)
    answered(token_of(mails(complaint)[0].body), "nej", "Inte bra.")
    return services.open_request(complaint)


def test_reopening_accepts_the_request_once(complaint, handler):
    request = _requested(complaint, handler)

    reopen(complaint, handler)

    db.session.expire_all()
    assert complaint.status == "pagaende"
    assert (request.status, request.decided_by_id) == (RequestStatus.ACCEPTED, handler.id)
    assert request.decided_at is not None and request.reason is None
    assert services.open_request(complaint) is None


def test_declining_needs_a_reason_and_decides_once(complaint, handler):
    request = _requested(complaint, handler)

    with pytest.raises(DomainError, match="Skriv varför"), unit_of_work.unit():
        services.decline(complaint, complaint.version, handler, reason="  ")
    with unit_of_work.unit():
        services.decline(complaint, complaint.version, handler, reason="Vi ringde två gånger.")

    db.session.expire_all()
    assert (request.status, request.reason) == (RequestStatus.DECLINED, "Vi ringde två gånger.")
    assert complaint.status == "avslutad" and events(complaint)[-1] == "reopen_declined"
    with pytest.raises(DomainError, match="ingen begäran"), unit_of_work.unit():
        services.decline(complaint, complaint.version, handler, reason="Igen.")
    # Reopened later for another reason: the declined request stays declined.
    reopen(complaint, handler)
    db.session.expire_all()
    assert request.status is RequestStatus.DECLINED
