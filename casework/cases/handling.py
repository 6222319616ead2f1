"""Handling a case: assign, record åtgärder and återkoppling, take it to the APT, close, reopen.

Each service takes the case, the ``version`` the user saw and the acting user. It refuses a stale
version (StaleVersion) and whatever the case's workflow does not allow (DomainError, in Swedish),
checks its input (InvalidInput, naming the form field), keeps the counting dates in step, records
a CaseEvent whose data is small and never case content, and flushes; the unit of work commits.
"""
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from datetime import date, datetime, timezone

import sqlalchemy as sa
from flask_babel import format_date, format_datetime
from sqlalchemy.orm import selectinload
from sqlalchemy.orm.exc import StaleDataError

from casework.access.policy import Action, allowed_types
from casework.auth.models import Role, RoleGrant, User
from casework.cases import steps, workflow
from casework.cases.models import (
    Case,
    CaseAction,
    CaseEvent,
    CaseFeedback,
    FeedbackMethod,
)
from casework.cases.scope import case_scope
from casework.core.clock import local_today, utcnow
from casework.core.errors import Conflict, DomainError
from casework.core.extensions import db
from casework.core.taxonomy import catalogue, category_labels
from casework.organisation.models import OrgNode

FEEDBACK_METHODS = {
    FeedbackMethod.TELEFON: "Telefon",
    FeedbackMethod.BREV: "Brev",
    FeedbackMethod.E_POST: "E-post",
    FeedbackMethod.MOTE: "Möte",
}

#: What other packages do when a case is closed, or reopened, in that step's transaction,
#: after its event: functions of (case, user). casework.followup asks the person who complained
#: whether they are satisfied, and settles their request to reopen. They register when
#: imported; cases import none of them.
ON_CLOSE: list[Callable[[Case, User], None]] = []
ON_REOPEN: list[Callable[[Case, User], None]] = []


class StaleVersion(Conflict):
    """Someone else saved the case after the user loaded it.

    ``current_version`` is the stored version, or None when the clash showed at flush; the
    session must then be rolled back before the case is read again.
    """

    def __init__(self, number: str, current_version: int | None):
        self.current_version = current_version
        super().__init__(f"Ärende {number} har ändrats av någon annan.")


class InvalidInput(DomainError):
    """An input the rules refuse; ``field`` names the form field it belongs to."""

    def __init__(self, field: str, message: str):
        self.field = field
        super().__init__(message)


def eligible_handlers(case: Case) -> list[User]:
    """Active users whose grant on the case's unit, or above it, lets them handle its type."""
    roles = [role for role in Role if case.type in allowed_types(role, Action.HANDLE)]
    granted = (
        sa.select(RoleGrant.user_id)
        .join(OrgNode, OrgNode.id == RoleGrant.org_node_id)
        .where(RoleGrant.role.in_(roles), OrgNode.path.in_(_ancestor_paths(case.unit.path)))
    )
    query = sa.select(User).where(User.active, User.id.in_(granted)).order_by(User.name, User.id)
    return list(db.session.scalars(query))


def _ancestor_paths(path: str) -> list[str]:
    """``/1/4/17/`` → ``/1/``, ``/1/4/``, ``/1/4/17/``: the paths a grant covering it can have."""
    ids = path.strip("/").split("/")
    return ["/" + "/".join(ids[:n]) + "/" for n in range(1, len(ids) + 1)]


def assign_handler(case: Case, version: int, user: User, *, handler_id: int) -> Case:
    status = begin_step(case, version, "assign")
    handler = next((u for u in eligible_handlers(case) if u.id == handler_id), None)
    if handler is None:
        raise InvalidInput("handler_id", "Välj någon som får handlägga ärendet.")
    if handler.id == case.handler_id:
        raise InvalidInput("handler_id", f"{handler.name} är redan handläggare.")
    case.handler = handler
    finish_step(case, user, status, "assign", handler=handler.id)
    return case


def add_action(
    case: Case, version: int | None, user: User, *, description: str, taken_on: date
) -> CaseAction:
    """Append an åtgärd: whatever was saved since the user opened the case (``version`` is
    not compared) does not conflict with it."""
    status = begin_append(case, "add_action")
    check_date(case, taken_on, "taken_on")
    if not description.strip():
        raise InvalidInput("description", "Beskriv vad som gjordes.")
    action = CaseAction(description=description.strip(), taken_on=taken_on, created_by_id=user.id)
    case.actions.append(action)
    case.first_action_on = min(a.taken_on for a in case.actions)
    finish_step(case, user, status, "add_action", on=taken_on.isoformat())
    return action


def record_feedback(
    case: Case, version: int | None, user: User, *, given_on: date, method: str, recipient: str,
    content: str,
) -> CaseFeedback:
    """Append an återkoppling; like an åtgärd, it conflicts with nothing saved meanwhile.
    ``content`` (what was said) is required, since it is what the person who raised the case
    reads afterwards, and "återkoppling sker alltid" means telling them something, not only
    that a call was made."""
    status = begin_append(case, "record_feedback")
    check_date(case, given_on, "given_on")
    if method not in FEEDBACK_METHODS:
        raise InvalidInput("method", "Välj hur återkopplingen gavs.")
    if not recipient.strip():
        raise InvalidInput("recipient", "Ange till vem återkopplingen gavs.")
    if not content.strip():
        raise InvalidInput("content", "Beskriv vad som återkopplades.")
    method = FeedbackMethod(method)
    feedback = CaseFeedback(
        given_on=given_on, method=method, recipient=recipient.strip(), content=content.strip(),
        created_by_id=user.id,
    )
    case.feedback.append(feedback)
    case.feedback_on = min(f.given_on for f in case.feedback)
    finish_step(
        case, user, status, "record_feedback", on=given_on.isoformat(), method=method.value
    )
    return feedback


def mark_for_apt(case: Case, version: int, user: User, *, note: str | None = None) -> Case:
    """Mark the case for the next APT, with the neutral ``note`` the handout shows of it."""
    status = begin_step(case, version, "mark_for_apt")
    case.apt_pending = True
    case.apt_note = (note or "").strip() or None
    finish_step(case, user, status, "mark_for_apt")
    return case


def record_apt(
    case_ids: Iterable[int], on: date, user: User, *, versions: Mapping[int, int] | None = None
) -> list[Case]:
    """Record the cases as taken up at the APT held ``on``: all of them or, on a refusal, none.

    Only cases ``user`` may handle are found. ``versions`` (case id → the version the user saw)
    makes a stale case refuse the lot, as on the case page; the APT list goes without.
    """
    ids = set(case_ids)
    if not ids:
        raise InvalidInput("cases", "Välj minst ett ärende.")
    query = sa.select(Case).where(Case.id.in_(ids), case_scope(user, Action.HANDLE))
    cases = list(db.session.scalars(query.order_by(Case.number)))
    if len(cases) != len(ids):
        raise DomainError("Minst ett av ärendena finns inte eller får inte handläggas av dig.")
    statuses = []
    for case in cases:
        try:
            version = (versions or {}).get(case.id, case.version)
            statuses.append(begin_step(case, version, "record_apt"))
            check_date(case, on, "discussed_on")
        except InvalidInput as error:
            raise InvalidInput(error.field, f"Ärende {case.number}: {error}") from None
        except StaleVersion:
            raise
        except DomainError as error:
            raise DomainError(f"Ärende {case.number}: {error}") from None
    for case, status in zip(cases, statuses):
        case.apt_pending = False
        case.apt_discussed_on = on
        finish_step(case, user, status, "record_apt", on=on.isoformat())
    return cases


def record_apt_on_case(case: Case, version: int | None, user: User, *, discussed_on: date):
    """The case page's APT step: ``record_apt`` for one case, at the version the user saw."""
    return record_apt([case.id], discussed_on, user, versions={case.id: version})


def close(case: Case, version: int, user: User, *, summary: str, **inputs) -> Case:
    """Close with the summary that feeds the report's "Sammanfattning och planerade åtgärder".
    ``inputs`` are what a case type's own closing adds, for its workflow's guards to check."""
    status = begin_step(case, version, "close", summary=summary, **inputs)
    case.closing_summary = summary.strip()
    case.closed_on = local_today()
    finish_step(case, user, status, "close")
    for hook in ON_CLOSE:
        hook(case, user)
    return case


def reopen(case: Case, version: int, user: User) -> Case:
    """Open a closed case again; its summary stays as the draft of the next one."""
    status = begin_step(case, version, "reopen")
    case.closed_on = None
    finish_step(case, user, status, "reopen")
    for hook in ON_REOPEN:
        hook(case, user)
    return case


def begin_step(case: Case, version: int | None, action: str, **inputs) -> str:
    """The status ``action`` gives the case; raises on a stale version or a refused step."""
    if version != case.version:
        raise StaleVersion(case.number, case.version)
    return workflow.transition(case, action, **inputs)


def begin_append(case: Case, action: str) -> str:
    """Like ``begin_step``, for a step that only adds to the case: checked against the case as
    stored now, whose row stays locked until the unit of work ends, so a concurrent step waits
    instead of making this one stale."""
    db.session.refresh(case, with_for_update=True)
    return workflow.transition(case, action)


def finish_step(case: Case, user: User, status: str, action: str, **data) -> None:
    """Give the case ``status``, record the event of step ``action`` and flush (which
    recomputes its clocks)."""
    if status != case.status:
        data |= {"from": case.status, "to": status}
        case.status = status
    # Every step writes the row, so that the version moves even when no other column did.
    case.updated_at = utcnow()
    event = steps.step(action).event
    db.session.add(CaseEvent(case_id=case.id, user_id=user.id, event=event, data=data))
    number = case.number
    try:
        db.session.flush()
    except StaleDataError:
        raise StaleVersion(number, None) from None


def check_date(case: Case, on: date, field: str) -> None:
    """A step's date: not in the future, not before the case came in (InvalidInput on ``field``)."""
    if on > local_today():
        raise InvalidInput(field, "Datumet kan inte vara i framtiden.")
    if on < case.received_on:
        raise InvalidInput(field, "Datumet kan inte vara före den dag ärendet kom in.")


def apt_agenda(unit: OrgNode, user: User) -> list[Case]:
    """The unit's cases marked for the next APT that ``user`` may handle, oldest first."""
    query = (
        sa.select(Case)
        .where(Case.unit_id == unit.id, Case.apt_pending, case_scope(user, Action.HANDLE))
        .options(selectinload(Case.category_links))
        .order_by(Case.received_on, Case.id)
    )
    return list(db.session.scalars(query))


@dataclass(frozen=True)
class Entry:
    """One line of the timeline."""

    at: datetime
    when: str
    who: str
    text: str


def timeline(case: Case) -> list[Entry]:
    """The case's history, oldest first, described in Swedish."""
    query = (
        sa.select(CaseEvent)
        .where(CaseEvent.case_id == case.id)
        .options(selectinload(CaseEvent.user))
        .order_by(CaseEvent.at, CaseEvent.id)
    )
    events = list(db.session.scalars(query))
    handler_ids = {e.data["handler"] for e in events if "handler" in e.data}
    query = sa.select(User.id, User.name).where(User.id.in_(handler_ids))
    names = dict(db.session.execute(query).all())
    return [_entry(event, names) for event in events]


def category_labels_of(case: Case) -> list[str]:
    """The labels of the case's categories in the template in force when the case came in, as
    the intake form shows them; term labels for the rest."""
    in_force = {label.key: label.label for label in
                category_labels(catalogue(), case.received_on.year, case.type)}
    terms = catalogue().taxonomy.categories
    return [
        in_force.get(key) or (terms[key].label if key in terms else key)
        for key in case.categories
    ]


def _entry(event: CaseEvent, names: dict[int, str]) -> Entry:
    data = event.data
    if event.event in steps.EVENT_DESCRIBERS:
        text = steps.EVENT_DESCRIBERS[event.event](event)
    else:
        text = _event_text(event, names)
    if "to" in data:
        before, after = workflow.status_label(data["from"]), workflow.status_label(data["to"])
        text += f". Status: {before} → {after}"
    at = event.at if event.at.tzinfo else event.at.replace(tzinfo=timezone.utc)
    who = event.user.name if event.user else "Systemet"
    return Entry(at, format_datetime(at, "d MMMM y 'kl.' HH:mm"), who, text)


def _event_text(event: CaseEvent, names: dict[int, str]) -> str:
    data = event.data
    return steps.EVENT_TEXTS.get(event.event, f"Händelse: {event.event}").format(
        handler=names.get(data.get("handler"), "en borttagen användare"),
        on=format_date(date.fromisoformat(data["on"]), "d MMMM y") if "on" in data else "",
        method=FEEDBACK_METHODS.get(data.get("method"), "").lower(),
        number=data.get("number", ""),
    )
