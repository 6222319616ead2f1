"""The follow-up question (nöjdhetsfrågan): asked when a klagomål with an e-mail address is
closed, answered once through a link, and a "Nej" with a comment turned into a reopen request
the handler decides.

* **Asking** (``ask``, run by the close step through ``handling.ON_CLOSE``): a klagomål that is
  not anonymous and has ``contact_email`` gets a question whose link works once and for
  ``FOLLOW_UP_DAYS`` days. The mail goes through the outbox (stored with the closing, sent
  after its commit, retried). Closed again while a question is unanswered and still valid
  (reopened and closed in between), the case gets no second one: the first link still works,
  and the timeline says no new question went out. Once that one is answered or has expired, a
  new closing asks again.
* **Answering** (``answer``): one conditional UPDATE, so that of two submissions (a double
  click, two tabs) one records the answer and the other finds the link used. The answer is a
  change of the case's data: a case event, and an audit row with the case and no user (the
  public page has no actor, even in a browser where someone is signed in). It never changes the
  case row, so it never makes a handler's open page stale.
* **Reopen requests**: "Nej" with a comment makes one, and the handler (else the unit's
  responsible handler, else its stand-ins: ``reminders.recipients``) is e-mailed that it waits,
  with neither the comment nor the description in the mail. The handler decides once: the
  existing reopen step accepts it (``settle_on_reopen``, through ``handling.ON_REOPEN``; any
  reopening of the case settles it, since the case is then open again), the step
  ``decline_reopen`` declines it with a reason (``decline``).

Services flush; the caller commits.
"""
from datetime import datetime, timedelta

import sqlalchemy as sa
from flask import current_app
from flask_babel import format_date

from casework import trail
from casework.auth.models import User
from casework.cases import handling
from casework.cases.models import Case, CaseEvent
from casework.core.case_types import CaseType
from casework.core.clock import as_utc, local_time, utcnow
from casework.core.errors import Conflict, DomainError, FieldError, InvalidFields
from casework.core.extensions import db
from casework.core.fields import swedish_number
from casework.core.secret_tokens import new_token, token_hash, worth_looking_up
from casework.followup.models import Answer, FollowUp, ReopenRequest, RequestStatus
from casework.outbox.models import Purpose
from casework.outbox.services import queue_mail
from casework.reminders.recipients import Recipients

#: The public page of a question is this path followed by its token.
LINK_PATH = "/uppfoljning/"
#: The longest comment taken; the page states it and a longer one is refused, never cut.
COMMENT_MAX = 2000
#: A second submission of a question answered this recently (a double click, a reload of the
#: answer) is thanked as the first was, instead of being told the link is used up.
RESUBMIT_GRACE = timedelta(minutes=10)

SUBJECT = "Är du nöjd med hur ditt klagomål togs om hand?"
NOTICE_SUBJECT = "Begäran om återöppning av ärende {number}"

NO_CHOICE = "Välj Ja, Delvis eller Nej."


class QuestionClosed(Conflict):
    """The link is unknown, used or expired: every such link gets the same answer."""


def ask(case: Case, user: User) -> FollowUp | None:
    """Send the follow-up question of a klagomål just closed, if it takes one (see the module);
    the new question, or None."""
    if case.type is not CaseType.KLAGOMAL or case.anonymous or not case.contact_email:
        return None
    now = utcnow()
    if _waiting(case, now) is not None:
        _event(case, user, "follow_up_waiting")
        return None
    token = new_token()
    days = current_app.config["FOLLOW_UP_DAYS"]
    question = FollowUp(case_id=case.id, token_hash=token_hash(token), sent_at=now,
                        expires_at=now + timedelta(days=days))
    db.session.add(question)
    queue_mail(case.contact_email, SUBJECT, _question_body(case, token, question.expires_at),
               purpose=Purpose.FOLLOW_UP, case=case, by=user)
    _event(case, user, "follow_up_sent")
    return question


def _waiting(case: Case, now: datetime) -> FollowUp | None:
    """The case's question that is unanswered and still valid, if any."""
    return db.session.scalar(sa.select(FollowUp).where(
        FollowUp.case_id == case.id, FollowUp.answered_at.is_(None), FollowUp.expires_at > now))


def open_question(token: str | None) -> FollowUp | None:
    """The question whose link ``token`` is, if it is unanswered and valid; else None."""
    question = _by_token(token)
    if question is None or question.answered_at is not None \
            or as_utc(question.expires_at) <= utcnow():
        return None
    return question


def recently_answered(token: str | None) -> bool:
    """Whether ``token``'s question was answered within ``RESUBMIT_GRACE``: a second submission
    then gets the thanks the first one got."""
    question = _by_token(token)
    return question is not None and question.answered_at is not None \
        and as_utc(question.answered_at) > utcnow() - RESUBMIT_GRACE


def _by_token(token: str | None) -> FollowUp | None:
    if not worth_looking_up(token):
        return None
    return db.session.scalar(sa.select(FollowUp).where(FollowUp.token_hash == token_hash(token)))


def answer(token: str, choice: str | None, comment: str | None) -> FollowUp:
    """Record the answer to ``token``'s question. InvalidFields names a missing choice or a
    comment over ``COMMENT_MAX``; QuestionClosed for a link unknown, used or expired (also when
    another submission answered it first)."""
    comment = (comment or "").strip() or None
    errors = []
    if choice not in {a.value for a in Answer}:
        errors.append(FieldError("answer", NO_CHOICE))
    if comment is not None and len(comment) > COMMENT_MAX:
        errors.append(FieldError("comment", f"Kommentaren får vara högst "
                                 f"{swedish_number(COMMENT_MAX)} tecken; den här har "
                                 f"{swedish_number(len(comment))}."))
    question = open_question(token)
    if question is None:
        raise QuestionClosed()
    if errors:
        raise InvalidFields(errors)
    now = utcnow()
    recorded = db.session.execute(
        sa.update(FollowUp)
        .where(FollowUp.id == question.id, FollowUp.answered_at.is_(None),
               FollowUp.expires_at > now)
        .values(answered_at=now, answer=Answer(choice), comment=comment)
        .execution_options(synchronize_session=False)
    ).rowcount
    if recorded != 1:
        raise QuestionClosed()
    db.session.refresh(question)
    case = question.case
    _event(case, None, "follow_up_answered", answer=choice)
    trail.record("change", case_id=case.id, unit_id=case.unit_id, actor=trail.NOBODY,
                 follow_up=question.id)
    if question.answer is Answer.NEJ and comment:
        _request_reopening(case, question, now)
    db.session.flush()
    return question


def _request_reopening(case: Case, question: FollowUp, now: datetime) -> ReopenRequest:
    request = ReopenRequest(case_id=case.id, follow_up_id=question.id, created_at=now)
    db.session.add(request)
    db.session.flush()
    for handler in Recipients().reminded(case):
        queue_mail(handler.email, NOTICE_SUBJECT.format(number=case.number),
                   _notice_body(case), purpose=Purpose.FOLLOW_UP, case=case)
    return request


def open_request(case: Case) -> ReopenRequest | None:
    """The case's reopen request that waits for the handler's decision, if any."""
    return db.session.scalar(sa.select(ReopenRequest).where(
        ReopenRequest.case_id == case.id, ReopenRequest.status == RequestStatus.OPEN)
        .order_by(ReopenRequest.created_at, ReopenRequest.id).limit(1))


def latest_answer(case: Case) -> FollowUp | None:
    """The case's last answered question, for the case page."""
    return db.session.scalar(sa.select(FollowUp).where(
        FollowUp.case_id == case.id, FollowUp.answered_at.is_not(None))
        .order_by(FollowUp.answered_at.desc(), FollowUp.id.desc()).limit(1))


def settle_on_reopen(case: Case, user: User) -> None:
    """The case was reopened: its open reopen requests are accepted by ``user``."""
    _decide(case, user, RequestStatus.ACCEPTED, None)


def decline(case: Case, version: int | None, user: User, *, reason: str) -> Case:
    """Decline the case's open reopen request with ``reason`` (required): the step
    ``decline_reopen``, checked by the workflow (stale version, no request open) like any
    step."""
    status = handling.begin_step(case, version, "decline_reopen")
    if not (reason or "").strip():
        raise handling.InvalidInput("reason", DECLINE_REASON)
    if not _decide(case, user, RequestStatus.DECLINED, reason.strip()):
        raise DomainError("Begäran om återöppning är redan avgjord.")
    handling.finish_step(case, user, status, "decline_reopen")
    return case


DECLINE_REASON = "Skriv varför ärendet inte återöppnas."


def _decide(case: Case, user: User, status: RequestStatus, reason: str | None) -> int:
    """Settle the case's open requests once (a conditional UPDATE): how many were open."""
    return db.session.execute(
        sa.update(ReopenRequest)
        .where(ReopenRequest.case_id == case.id, ReopenRequest.status == RequestStatus.OPEN)
        .values(status=status, decided_by_id=user.id, decided_at=utcnow(), reason=reason)
        .execution_options(synchronize_session=False)
    ).rowcount


def _event(case: Case, user: User | None, event: str, **data) -> None:
    db.session.add(CaseEvent(case_id=case.id, user_id=user.id if user else None, event=event,
                             data=data))


def _question_body(case: Case, token: str, expires_at: datetime) -> str:
    link = f"{current_app.config['BASE_URL'].rstrip('/')}{LINK_PATH}{token}"
    last_day = format_date(local_time(expires_at).date(), "d MMMM y")
    return (
        "Hej!\n\n"
        f"Ditt klagomål till {case.unit.name} (ärende {case.number}) är nu avslutat. "
        "Vi vill gärna veta om du är nöjd med hur det togs om hand. Svara Ja, Delvis eller "
        "Nej och skriv gärna en kommentar:\n\n"
        f"{link}\n\n"
        f"Du behöver inte logga in. Länken gäller till och med {last_day} och kan användas en "
        "gång. Svarar du Nej och skriver vad som inte blev bra, får handläggaren frågan om "
        "ärendet ska öppnas igen.\n\n"
        "Vill du inte svara kan du bortse från det här meddelandet.\n"
    )


def _notice_body(case: Case) -> str:
    link = f"{current_app.config['BASE_URL'].rstrip('/')}/cases/{case.id}"
    return (
        "Hej!\n\n"
        f"Den som lämnade klagomålet i ärende {case.number} har svarat Nej på frågan om hen är "
        "nöjd, och skrivit en kommentar. Läs den och bestäm om ärendet ska återöppnas eller "
        "inte på ärendets sida:\n\n"
        f"{link}\n"
    )
