"""The closed cases whose complainant asked, by a "Nej" with a comment, for them to be looked at
again: what the start page puts before their handlers, as the case stays closed (and so out of
"Behöver dig nu") until someone reopens it or declines."""
from datetime import date

from casework.access.policy import Action
from casework.auth.models import User
from casework.cases.models import Case
from casework.cases.queries import ListedCase, as_listed, listed_columns
from casework.cases.scope import case_scope
from casework.core.extensions import db
from casework.followup.models import ReopenRequest, RequestStatus


def reopen_requested(user: User, today: date) -> list[ListedCase]:
    """The cases ``user`` may handle with an open reopen request, the oldest request first:
    all of them, so that the start page's count is theirs (they are few: each is a complaint
    answered "Nej" with a comment, waiting for one decision)."""
    query = (
        listed_columns(today)
        .join(ReopenRequest, ReopenRequest.case_id == Case.id)
        .where(case_scope(user, Action.HANDLE), ReopenRequest.status == RequestStatus.OPEN)
        .order_by(ReopenRequest.created_at, ReopenRequest.id)
    )
    return as_listed(db.session.execute(query))
