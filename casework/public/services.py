"""Making a case from the e-service's form: counted against the limits, made by the one case
service and validator, a receipt queued in the outbox when the sender gave an address, the
unit's handler told. Flushes; the request commits (the mails go after the commit)."""
from babel.dates import format_date

from casework import trail
from casework.attachments.services import add_files
from casework.cases.clocks import clocks_of
from casework.cases.models import Case
from casework.cases.services import create_case
from casework.core.case_types import CaseType
from casework.core.extensions import db
from casework.organisation.models import OrgNode
from casework.outbox.models import Purpose
from casework.outbox.services import queue_mail
from casework.public import limits
from casework.reminders.arrivals import notify_new_case
from casework.replies.receipts import receipt_text

#: The clock whose end the receipt names as the day an answer comes by.
ANSWER_RULE = "complaint_answer"


def submit(fields: dict, unit: OrgNode, token_hash: str, files=()) -> Case:
    """The case of this form: a new one, or the one an earlier sending of the same form made.

    ``fields`` are ``create_case``'s (``PublicForm.case_fields``), ``files`` the attachments
    (a refused one makes no case). Raises
    ``limits.TooManySubmissions`` past a limit and ``InvalidFields`` with the validator's
    reasons; the caller rolls back either way.
    """
    claim = limits.claim(token_hash, unit)
    if claim.earlier is not None:
        return db.session.get(Case, claim.earlier)
    case = create_case(**fields, registered_by_id=None)
    add_files(case, list(files), by=None)
    claim.settle(case.id)
    trail.record("create", case_id=case.id, unit_id=case.unit_id, endpoint="public.form")
    if case.contact_email:
        # The unit's kvittens standard text, when one applies; else the receipt below.
        queue_mail(case.contact_email, *receipt_text(case, fallback=receipt_mail),
                   purpose=Purpose.RECEIPT, case=case)
    notify_new_case(case)
    return case


def answer_day(case: Case):
    """The day the sender may expect an answer by (the running answer clock), or None."""
    return next((clock.due_on for clock in clocks_of(case)
                 if clock.rule.key == ANSWER_RULE and not clock.done), None)


def receipt_mail(case: Case) -> tuple[str, str]:
    """Subject and body of the receipt, in Swedish: the number, the unit, what happens next;
    never what the sender wrote."""
    case_type = CaseType(case.type)
    lines = [
        "Hej!", "",
        f"Tack för ditt meddelande. Vi har tagit emot det den {deadline_day(case.received_on)}.",
        "",
        f"Ärendenummer: {case.number}",
        f"Typ: {case_type.label}",
        f"Enhet: {case.unit.name}",
        "",
        "Vad händer nu?",
    ]
    if case_type is CaseType.BEROM:
        lines.append("Vi berättar om ditt beröm för personalen på enheten.")
    else:
        lines.append("Enheten läser det du har skrivit och hör av sig till dig.")
        if day := answer_day(case):
            lines.append(f"Du får oftast svar senast {deadline_day(day)}.")
    lines += ["", "Nämn ärendenumret om du kontaktar oss om ärendet.", "",
              ("Du får det här meddelandet för att din e-postadress angavs i e-tjänsten. "
               "Svara inte på det: skriv till enheten om du vill lägga till något.")]
    return f"Vi har tagit emot ditt ärende {case.number}", "\n".join(lines) + "\n"


def deadline_day(day, lang: str = "sv") -> str:
    """``14 mars 2025``; in English ``14 March 2025``."""
    return format_date(day, "d MMMM y", locale=lang)
