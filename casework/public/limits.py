"""The e-service's limits: cases per client address and per enhet in a sliding window.

Each submission that is to make a case first claims its form's token (``PublicSubmission``):
a second sending of the same form finds the claim and is answered with the first one's case,
uncounted. Otherwise the submissions of the last ``PUBLIC_FORM_WINDOW_MINUTES`` from the client's
address (an HMAC of it: ``casework.auth.throttle.keyed``, the login throttle's key, with its
reading of the address, an IPv6 one by its /64) and to the unit are counted; past
``PUBLIC_FORM_ADDRESS_LIMIT`` or ``PUBLIC_FORM_UNIT_LIMIT`` the submission is refused
(``TooManySubmissions``, 429 with Retry-After) and nothing is stored.

The unit's row is locked (``FOR UPDATE`` on PostgreSQL; SQLite lets one writer in at a time)
while a submission is counted and its case made, so the unit's limit holds exactly however
many arrive at once; the address's holds exactly for the same unit, and at worst by the
number in flight at the same moment across units. A refused or failed submission is rolled
back with its claim: only submissions that made a case count.

Services flush; the request commits.
"""
import math
from dataclasses import dataclass
from datetime import datetime, timedelta

import sqlalchemy as sa
from flask import current_app, request
from sqlalchemy.dialects import postgresql, sqlite

from casework.auth.throttle import client_address, duration, keyed, whole_seconds
from casework.core.clock import utcnow
from casework.core.extensions import db
from casework.organisation.models import OrgNode
from casework.public.models import PublicSubmission


class TooManySubmissions(Exception):
    """Not a DomainError: not a reason at a field but a page of its own (429)."""

    def __init__(self, retry_after: int):
        self.retry_after = retry_after  # seconds
        super().__init__(f"too many submissions; retry in {retry_after} s")

    def wait(self, lang: str = "sv") -> str:
        """How long to wait, in words of ``lang``."""
        if lang == "sv":
            return duration(self.retry_after)
        minutes = math.ceil(self.retry_after / 60)
        return f"{minutes} minute{'s' if minutes != 1 else ''}"


@dataclass(frozen=True)
class Claim:
    """A submission let through: ``earlier`` is the case an earlier sending of the same form
    made (nothing more to do), else the claim waits for its case (``settle``)."""

    row_id: int | None
    earlier: int | None = None

    def settle(self, case_id: int) -> None:
        db.session.execute(sa.update(PublicSubmission).where(PublicSubmission.id == self.row_id)
                           .values(case_id=case_id))


def claim(token_hash: str, unit: OrgNode) -> Claim:
    """Count this request's submission of the form ``token_hash`` to ``unit``, or raise
    ``TooManySubmissions``."""
    config, now = current_app.config, utcnow()
    window = timedelta(minutes=config["PUBLIC_FORM_WINDOW_MINUTES"])
    earlier = _earlier(token_hash)
    if earlier is not None:
        return earlier
    db.session.execute(sa.select(OrgNode.id).where(OrgNode.id == unit.id).with_for_update())
    db.session.execute(sa.delete(PublicSubmission).where(PublicSubmission.at <= now - window))
    address_key = keyed("public-address", client_address(request.remote_addr))
    for column, value, limit in ((PublicSubmission.address_key, address_key,
                                  config["PUBLIC_FORM_ADDRESS_LIMIT"]),
                                 (PublicSubmission.unit_id, unit.id,
                                  config["PUBLIC_FORM_UNIT_LIMIT"])):
        _enforce(column, value, limit, now, window)
    dialect = postgresql if db.engine.dialect.name == "postgresql" else sqlite
    row_id = db.session.scalar(
        dialect.insert(PublicSubmission)
        .values(token_hash=token_hash, address_key=address_key, unit_id=unit.id, at=now)
        .on_conflict_do_nothing(index_elements=["token_hash"])
        .returning(PublicSubmission.id))
    # None: the same form, sent at the same moment, claimed it first; now committed.
    return Claim(row_id) if row_id is not None else _earlier(token_hash) or Claim(None)


def _earlier(token_hash: str) -> Claim | None:
    case_id = db.session.scalar(sa.select(PublicSubmission.case_id)
                                .where(PublicSubmission.token_hash == token_hash))
    return Claim(None, case_id) if case_id is not None else None


def _enforce(column, value, limit: int, now: datetime, window: timedelta) -> None:
    count, oldest = db.session.execute(
        sa.select(sa.func.count(PublicSubmission.id), sa.func.min(PublicSubmission.at))
        .where(column == value, PublicSubmission.at > now - window)).one()
    if count >= limit:
        current_app.logger.info("public form refused: the %s limit is reached", column.name)
        raise TooManySubmissions(whole_seconds(oldest + window - now))
