"""Signing a week's check off: once per enhet and week, with a comment, keeping what was
reviewed. The service flushes; the request commits."""
from sqlalchemy.exc import IntegrityError

from casework import trail
from casework.auth.models import User
from casework.core.clock import app_zone
from casework.core.errors import Conflict, DomainError
from casework.core.extensions import db
from casework.logchecks import queries
from casework.logchecks.checks import Check
from casework.logchecks.models import LogCheck

COMMENT_MAX = 2000


class AlreadySigned(Conflict):
    """The week is signed already (a second sign-off, a double click, two people at once)."""

    def __init__(self, check: LogCheck):
        when = check.signed_at.astimezone(app_zone())
        super().__init__(
            f"Kontrollen av vecka {check.week}, {check.year} för {check.unit.name} är redan "
            f"signerad av {check.signed_by.name} {when:%Y-%m-%d %H:%M}. En vecka signeras en "
            "gång: din signering sparades inte.")


def sign_off(user: User, check: Check, comment: str) -> LogCheck:
    """Sign ``check`` (a live one, of a week that has ended) off with ``comment``."""
    comment = comment.strip()
    if not comment:
        raise DomainError("Skriv vad kontrollen visade och vad som gjordes.")
    if len(comment) > COMMENT_MAX:
        raise DomainError(f"Kommentaren får vara högst {COMMENT_MAX} tecken.")
    if not check.week.ended:
        raise DomainError(f"{check.week.label.capitalize()} pågår: den kan signeras när "
                          "veckan är slut.")
    if check.signed is not None:
        raise AlreadySigned(check.signed)
    sample, anomalies = check.stored()
    row = LogCheck(unit_id=check.unit.id, year=check.week.year, week=check.week.number,
                   signed_by_id=user.id, comment=comment, read_count=check.reads,
                   sample=sample, anomalies=anomalies)
    try:
        with db.session.begin_nested():
            db.session.add(row)
    except IntegrityError:  # signed by someone else a moment ago
        raise AlreadySigned(queries.sign_off(check.unit, check.week)) from None
    trail.record("log_check_sign", unit_id=check.unit.id, year=check.week.year,
                 week=check.week.number, check=row.id)
    return row

