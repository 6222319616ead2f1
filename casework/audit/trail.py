"""Recording accesses. Each row is written in a transaction of its own, so that it stays when the
request's own work is rolled back, and it is written when the access happens.

The rule is one row per access: a view, a change, a creation, a refused attempt, a list, a report
read or download. Rows carry ids and codes only, never content: no description, no name, no
search text (``detail`` is for formats, years, statuses, counts and ids).
"""
from collections.abc import Iterable

from flask import has_request_context, request
from flask_login import current_user
from sqlalchemy.orm import Session

from casework.audit.models import AuditEvent
from casework.columns import utcnow
from casework.extensions import db

READ_METHODS = ("GET", "HEAD")

#: Endpoints whose GET hands a case out as a file: recorded as an export, with the format.
EXPORT_ENDPOINTS = frozenset({"cases.investigation_document"})


def record(action: str, *, case_id: int | None = None, unit_id: int | None = None,
           **detail) -> None:
    """Append one audit row for the current user. ``detail`` must hold no personal content."""
    _write([_event(action, case_id, unit_id, detail)])


def record_cases(action: str, cases: Iterable, **detail) -> None:
    """One row per case, in one transaction: an access that changed several cases at once."""
    if has_request_context():
        detail = {"endpoint": request.endpoint} | detail
    _write([_event(action, case.id, case.unit_id, detail) for case in cases])


def record_case_access(case) -> None:
    """A read (GET), an export (a GET of ``EXPORT_ENDPOINTS``) or a change (any other method)
    of one case, once per request.

    A view that loads the case a second time in the same request (the conflict page reloads it
    after a rollback) is still one access.
    """
    detail = {"endpoint": request.endpoint}
    if request.method not in READ_METHODS:
        action = "change"
    elif request.endpoint in EXPORT_ENDPOINTS:
        action, detail["format"] = "export", (request.view_args or {}).get("fmt")
    else:
        action = "view"
    seen = request.environ.setdefault("casework.audited_cases", set())  # this request's
    if (action, case.id) in seen:
        return
    seen.add((action, case.id))
    record(action, case_id=case.id, unit_id=case.unit_id, **detail)


def _event(action: str, case_id: int | None, unit_id: int | None, detail: dict) -> AuditEvent:
    # Outside a request (the CLI) there is no signed-in user: the row says so with no user id.
    user = current_user if has_request_context() and current_user.is_authenticated else None
    return AuditEvent(
        at=utcnow(),
        user_id=user.id if user else None,
        roles=",".join(sorted(str(role) for role in user.roles())) if user else "",
        action=action,
        case_id=case_id,
        unit_id=unit_id,
        detail=detail,
    )


def _write(events: list[AuditEvent]) -> None:
    if not events:
        return
    with Session(db.engine) as session:
        session.add_all(events)
        session.commit()
