"""What the case page says about the mails of a case."""
import sqlalchemy as sa

from casework.core.delivery import Status
from casework.core.extensions import db
from casework.outbox.models import OutgoingMail


def mail_of_case(case) -> list[OutgoingMail]:
    return list(db.session.scalars(
        sa.select(OutgoingMail).where(OutgoingMail.case_id == case.id)
        .order_by(OutgoingMail.created_at, OutgoingMail.id)))


def state_label(mail: OutgoingMail) -> str:
    """``Skickat``, ``Väntar på nytt försök``, ``Kunde inte skickas`` ..."""
    if mail.status is Status.SENT:
        return "Skickat"
    if mail.status is Status.FAILED:
        return "Kunde inte skickas"
    if mail.status is Status.CANCELLED:
        return "Stoppat"
    return "Väntar på nytt försök" if mail.attempts else "Skickas"
