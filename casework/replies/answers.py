"""The answer to the person who raised a klagomål, synpunkt or beröm, from a standard text.

The handler picks a text that applies to the case, edits it and previews it: the placeholders
filled from the case, and what is still missing. Sending it by e-mail puts it in the outbox
(sent after the commit, retried when it fails) to the case's e-mail address; printing it makes
a letter. Either way what was sent is recorded as the case's återkoppling of the day through
``handling.record_feedback``, so it counts as every återkoppling does. Both refuse to go out
while a placeholder has no value, and refuse a case changed since the preview (its åtgärder or
handler may be in the text): ``StaleVersion``, as the case page's steps do.
"""
from dataclasses import dataclass

from flask_babel import format_date

from casework.access.policy import ANSWERED_TYPES, Action, allowed_types, can_on_case
from casework.auth.models import Role, User
from casework.cases import handling, workflow
from casework.cases.models import Case, CaseFeedback, FeedbackMethod
from casework.core.clock import local_today
from casework.core.errors import DomainError, FieldError, InvalidFields
from casework.core.extensions import db
from casework.core.fields import swedish_number
from casework.core.personnummer import contains_personnummer
from casework.organisation.models import OrgNode
from casework.outbox.models import Purpose
from casework.outbox.services import queue_mail
from casework.replies import placeholders
from casework.replies.models import ReplyText, TextPurpose
from casework.replies.queries import applicable

#: The subject of an answer whose standard text has none (or when none was chosen).
DEFAULT_SUBJECT = "Svar på ditt ärende {ärendenummer}"
BODY_MAX = 10_000
RECIPIENT_MAX = 200

#: Why a placeholder has no value, and what to do about it.
MISSING = {
    "handläggare": "Ärendet har ingen handläggare: tilldela en handläggare först.",
    "titel": "Handläggaren har ingen titel: en administratör anger den på användarens sida.",
    "åtgärder": "Ärendet har inga åtgärder ännu: lägg till åtgärden först.",
}
NO_ADDRESS = ("Enheten har ingen postadress för brevet: en administratör lägger till den på "
              "enhetens sida under Organisation.")


def answerable(case: Case) -> bool:
    """Whether the case is answered from a standard text: a klagomål, synpunkt or beröm from
    someone who gave contact details. An anonymous case, or one without them, records a
    verbal återkoppling or none, on the case page's own step."""
    return (case.type in ANSWERED_TYPES and not case.anonymous
            and bool(case.contact_email or (case.contact or "").strip()))


def may_answer(user: User, case: Case) -> bool:
    """Whether ``user`` may answer now: the case is answerable and its återkoppling step is
    open to them (the rules of ``record_feedback``)."""
    return (answerable(case) and can_on_case(user, Action.HANDLE, case)
            and workflow.allowed(case, "record_feedback"))


def handler_title(user: User, case: Case) -> str:
    """The title ``user`` signs an answer on ``case`` with: their own, or else the label of
    the role in which they handle cases of its type in its unit; empty when neither."""
    if (user.title or "").strip():
        return user.title.strip()
    roles = {g.role for g in user.grants if case.unit.path.startswith(g.node.path)
             and case.type in allowed_types(g.role, Action.HANDLE)}
    return next((role.label for role in Role if role in roles), "")


def values(case: Case) -> dict[str, str]:
    """What each placeholder stands for in ``case``; empty where the case has no value."""
    handler = case.handler
    return {
        "ärendenummer": case.number,
        "typ": case.type.label.lower(),
        "enhet": case.unit.name,
        "inkom": format_date(case.received_on, "d MMMM y"),
        "datum": format_date(local_today(), "d MMMM y"),
        "handläggare": handler.name if handler else "",
        "titel": handler_title(handler, case) if handler else "",
        "åtgärder": "\n".join(f"– {action.description}" for action in case.actions),
    }


@dataclass(frozen=True)
class Preview:
    subject: str
    body: str
    #: Why it cannot go out yet, in Swedish: empty when it can.
    problems: tuple[str, ...]


def preview(case: Case, body: str, text: ReplyText | None = None) -> Preview:
    """The answer as it would go out: ``text``'s subject (or the default) and ``body``, filled
    from the case, with every reason it cannot go out yet."""
    filled = values(case)
    subject = placeholders.render(_subject_of(text), filled)
    rendered = placeholders.render(body, filled)
    problems = [*placeholders.problems(body)]
    for name in dict.fromkeys(subject.missing + rendered.missing):
        problems.append(MISSING.get(name, f"Platshållaren {{{name}}} har inget värde."))
    return Preview(subject.text, rendered.text, tuple(problems))


def apt_draft(case: Case) -> str | None:
    """The APT note the most specific APT text that applies to ``case`` makes, once every
    placeholder in it has a value; None when none does."""
    filled = values(case)
    for text in applicable(case, TextPurpose.APT):
        rendered = placeholders.render(text.body, filled)
        if not rendered.missing:
            return rendered.text
    return None


def texts_for(case: Case) -> list[ReplyText]:
    """The answer texts that apply to ``case``, the most specific first."""
    return applicable(case, TextPurpose.ANSWER)


def text_for(case: Case, text_id: int | None) -> ReplyText | None:
    """The chosen text, if it applies to the case; else None (the default subject)."""
    return next((t for t in texts_for(case) if t.id == text_id), None)


def send_by_email(case: Case, version: int | None, user: User, *, body: str,
                  text: ReplyText | None = None) -> CaseFeedback:
    """Queue the answer to the case's e-mail address and record it as today's återkoppling."""
    if not case.contact_email:
        raise DomainError("Ärendet har ingen e-postadress att svara till. Skriv ut svaret "
                          "som brev i stället.")
    answer = _checked(case, version, body, text)
    feedback = handling.record_feedback(
        case, None, user, given_on=local_today(), method=FeedbackMethod.E_POST.value,
        recipient=case.contact_email, content=answer.body)
    queue_mail(case.contact_email, answer.subject, answer.body, purpose=Purpose.ANSWER,
               case=case, by=user)
    return feedback


def record_letter(case: Case, version: int | None, user: User, *, body: str, recipient: str,
                  text: ReplyText | None = None) -> CaseFeedback:
    """Record the answer printed as a letter to ``recipient`` as today's återkoppling; the
    letter itself is ``letters.letter_pdf`` of what this returns."""
    recipient = " ".join((recipient or "").split())
    errors = []
    if not recipient:
        errors.append(FieldError("recipient", "Ange vem brevet är till."))
    elif len(recipient) > RECIPIENT_MAX:
        errors.append(FieldError("recipient", f"Namnet får vara högst {RECIPIENT_MAX} tecken."))
    if address_block(case.unit) is None:
        errors.append(FieldError("body", NO_ADDRESS))
    if errors:
        raise InvalidFields(errors)
    answer = _checked(case, version, body, text)
    return handling.record_feedback(
        case, None, user, given_on=local_today(), method=FeedbackMethod.BREV.value,
        recipient=recipient, content=answer.body)


def address_block(unit: OrgNode) -> tuple[str, list[str]] | None:
    """The sender of a letter from ``unit``: its name and the postal address of the nearest
    node, from the unit up, that has one; None when none has."""
    node = unit
    while node is not None:
        lines = [line.strip() for line in (node.postal_address or "").splitlines()
                 if line.strip()]
        if lines:
            return unit.name, lines
        node = node.parent
    return None


def _checked(case: Case, version: int | None, body: str, text: ReplyText | None) -> Preview:
    """The answer, once the case is locked and still as the handler previewed it, and every
    placeholder is filled; else refused (``StaleVersion``, or ``InvalidFields`` at the text)."""
    db.session.refresh(case, with_for_update=True)
    if version != case.version:
        raise handling.StaleVersion(case.number, case.version)
    if not answerable(case):
        raise DomainError("Ärendet besvaras inte från en svarsmall: det är anonymt eller "
                          "saknar kontaktuppgifter. Registrera återkopplingen på ärendet.")
    body = (body or "").replace("\r\n", "\n").strip()
    if not body:
        raise InvalidFields([FieldError("body", "Skriv svaret.")])
    if "\x00" in body:
        raise InvalidFields([FieldError("body", "Svaret innehåller ett otillåtet tecken (NUL).")])
    if len(body) > BODY_MAX:
        raise InvalidFields([FieldError("body", f"Svaret får vara högst "
                                                f"{swedish_number(BODY_MAX)} tecken; det här "
                                                f"har {swedish_number(len(body))}.")])
    if contains_personnummer(body):
        raise InvalidFields([FieldError("body", "Skriv inte personnummer i svaret.")])
    answer = preview(case, body, text)
    if answer.problems:
        raise InvalidFields([FieldError("body", problem) for problem in answer.problems])
    return answer


def _subject_of(text: ReplyText | None) -> str:
    return (text.subject if text is not None and text.subject else None) or DEFAULT_SUBJECT
