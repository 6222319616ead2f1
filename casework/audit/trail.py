"""Recording accesses. Each row is written in a transaction of its own, so that it stays when the
request's own work is rolled back, and it is written when the access happens."""
from flask import request
from flask_login import current_user
from sqlalchemy.orm import Session

from casework.audit.models import AuditEvent
from casework.columns import utcnow
from casework.extensions import db

READ_METHODS = ("GET", "HEAD")


def record(action: str, *, case_id: int | None = None, unit_id: int | None = None,
           **detail) -> None:
    """Append one audit row for the current user. ``detail`` must hold no personal content."""
    user = current_user if current_user.is_authenticated else None
    event = AuditEvent(
        at=utcnow(),
        user_id=user.id if user else None,
        roles=",".join(sorted(str(role) for role in user.roles())) if user else "",
        action=action,
        case_id=case_id,
        unit_id=unit_id,
        detail=detail,
    )
    with Session(db.engine) as session:
        session.add(event)
        session.commit()


def record_case_access(case) -> None:
    """A read (GET) or a change (any other method) of one case."""
    action = "view" if request.method in READ_METHODS else "change"
    record(action, case_id=case.id, unit_id=case.unit_id, endpoint=request.endpoint)
