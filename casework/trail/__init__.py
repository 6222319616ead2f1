"""Recording accesses: one row per access, written so that it exists exactly when the access did.

The rule is one row per access: a view, a change, a creation, a refused attempt, a list, a report
read or download. Rows carry ids and codes only, never content: no description, no name, no
search text (``detail`` is for formats, years, statuses, counts and ids).

A change's row (``CHANGES``) is added to the session of the change, so it commits with the change
and is rolled back with it: the trail never records a change that did not happen. A read or a
refusal happened whatever becomes of the work around it, so inside a unit of work
(``casework.core.unit_of_work``) it waits in the buffer of that unit and is written with its commit, or
after its rollback in a transaction of its own. A change rolled back still let the user see the
case: its row then gives way to a read. Outside a unit of work (the CLI) every row is added to
the session, and the caller commits.
"""
from collections.abc import Iterable
from dataclasses import dataclass, field

from flask import g, has_request_context, request
from flask_login import current_user

from casework.core import unit_of_work
from casework.core.clock import utcnow
from casework.core.extensions import db
from casework.trail.admin import ADMIN_ACTIONS
from casework.trail.models import AuditEvent

READ_METHODS = ("GET", "HEAD")
#: ``record(..., actor=NOBODY)``: an access by someone who is no user (the answer to a follow-up
#: question, on a public page), recorded without a user even when the browser is signed in.
NOBODY = object()

#: Actions that change what is stored: their rows belong to the change's transaction.
CHANGES = frozenset({"change", "create", "correct", "withdraw", "report_notes_save",
                     "cases_import", "password_reset_link", "password_reset", "attachment_add",
                     "attachment_remove", "log_check_sign", "anonymise", "audit_prune",
                     "legal_hold", "legal_hold_lift", *ADMIN_ACTIONS})

#: Endpoints whose GET hands a case out as a file: recorded as an export, with the format.
EXPORT_ENDPOINTS = frozenset({"cases.investigation_document", "replies.letter",
                              "attachments.download"})


@dataclass
class Buffer:
    """The rows a unit of work writes whatever happens to its changes (as column values: a row
    object of a rolled-back flush would carry an id the database may hand out again)."""

    #: Reads and refusals.
    kept: list[dict] = field(default_factory=list)
    #: What each change's row stands for if the change is rolled back: the read it still was.
    if_rolled_back: list[dict] = field(default_factory=list)


@unit_of_work.on("begin")
def open_buffer() -> None:
    """Start buffering rows for a unit of work."""
    g.casework_audit = Buffer()


@unit_of_work.on("before_commit")
def add_kept() -> None:
    """Add the buffered reads and refusals to the session, to commit with the unit's work."""
    buffer = g.get("casework_audit")
    if buffer is not None:
        db.session.add_all(AuditEvent(**values) for values in buffer.kept)


@unit_of_work.on("after_rollback")
def rolled_back() -> None:
    """The unit's changes were rolled back: their rows are gone, and the reads behind them join
    the rows to keep."""
    buffer = g.get("casework_audit")
    if buffer is not None:
        buffer.kept += buffer.if_rolled_back
        buffer.if_rolled_back = []


@unit_of_work.on("end")
def close_buffer() -> None:
    g.pop("casework_audit", None)


def record(action: str, *, case_id: int | None = None, unit_id: int | None = None,
           actor=None, **detail) -> None:
    """Append one audit row for the current user, or for ``actor``, a user who is not signed
    in (a forgotten password), or ``NOBODY``. ``detail`` must hold no personal content."""
    _record([_values(action, case_id, unit_id, detail, actor)])


def record_admin_change(action: str, *, before: dict | None, after: dict | None,
                        unit_id: int | None = None, **ids) -> None:
    """Audit the admin change ``action`` (one of ``ADMIN_ACTIONS``). ``unit_id`` is the node
    the change concerns, so that an enhetschef reads the changes to their units too."""
    if action not in ADMIN_ACTIONS:
        raise ValueError(f"unknown admin action {action!r}")
    record(action, unit_id=unit_id, before=before or {}, after=after or {}, **ids)


def record_cases(action: str, cases: Iterable, **detail) -> None:
    """One row per case: an access that changed or showed several cases at once."""
    if has_request_context():
        detail = {"endpoint": request.endpoint} | detail
    _record([_values(action, case.id, case.unit_id, detail) for case in cases])


def record_case_access(case, **extra) -> None:
    """A read (GET), an export (a GET of ``EXPORT_ENDPOINTS``) or a change (any other method)
    of one case, once per request; ``extra`` goes into the detail (an export's format, if not
    the route's ``fmt``).

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
    detail |= extra
    record(action, case_id=case.id, unit_id=case.unit_id, **detail)
    buffer = g.get("casework_audit")
    if action == "change" and buffer is not None:
        buffer.if_rolled_back.append(_values("view", case.id, case.unit_id, detail))


def _record(rows: list[dict]) -> None:
    buffer = g.get("casework_audit")
    for values in rows:
        if buffer is None or values["action"] in CHANGES:
            db.session.add(AuditEvent(**values))
        else:
            buffer.kept.append(values)


def _values(action: str, case_id: int | None, unit_id: int | None, detail: dict,
            actor=None) -> dict:
    # Outside a request (the CLI) there is no signed-in user: the row says so with no user id.
    user = actor or (current_user if has_request_context() and current_user.is_authenticated
                     else None)
    if user is NOBODY:
        user = None
    # An API client (casework.auth.tokens.ApiClient) is no user: its rows carry no user id,
    # its scope as the role and the token's id.
    if user is not None and hasattr(user, "audit_detail"):
        detail = user.audit_detail() | detail
    return {
        "at": utcnow(),
        "user_id": user.id if user else None,
        "roles": ",".join(sorted(str(role) for role in user.roles())) if user else "",
        "action": action,
        "case_id": case_id,
        "unit_id": unit_id,
        "detail": detail,
    }
