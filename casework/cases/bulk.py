"""Bulk handling from the case list: one handling step on several cases at once.

Each action runs the step's own service (``casework.cases.steps``, the variant of the case's
type) on every chosen case, at the version the user confirmed, so the workflow, the version check
and the case events are those of the case page. It is all or nothing: one refusal (a step the
workflow does not allow, a case changed since the confirmation page) refuses the lot, and the
error names each refused case by its number, so the user can untick those and try again. A
partial result would leave the user to find out which half of a list of 40 was done; the APT
list's ``record_apt`` refuses the same way.

Only cases the user may handle are found (``case_scope(user, Action.HANDLE)``); the view
answers 404 when any chosen id is not among them, so the ids reveal nothing.
"""
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

import sqlalchemy as sa

from casework.access.policy import Action
from casework.auth.models import User
from casework.cases import steps
from casework.cases.handling import StaleVersion
from casework.cases.models import Case, CaseType
from casework.cases.scope import case_scope
from casework.core.errors import DomainError, FieldError, InvalidFields
from casework.core.extensions import db

#: The most cases one bulk action takes (a list page has 50).
MOST = 200
#: The closing summary "Avsluta beröm" proposes: beröm is counted, not handled.
PRAISE_SUMMARY = "Beröm som inte kräver någon åtgärd."


@dataclass(frozen=True)
class BulkAction:
    key: str
    #: The step of the registry that it takes on each case.
    step: str
    #: The button on the list.
    label: str
    #: The confirmation page's lead: ``{count}`` is "5 ärenden".
    confirm: str
    #: The message once done.
    done: str
    #: The case types it applies to; None for any the step's workflow allows.
    types: frozenset[CaseType] | None = None

    def inputs(self, user: User, summary: str | None) -> dict:
        """The step service's keyword arguments."""
        if self.step == "assign":
            return {"handler_id": user.id}
        if self.step == "close":
            return {"summary": summary or ""}
        return {}


ACTIONS: dict[str, BulkAction] = {action.key: action for action in (
    BulkAction("tilldela", "assign", "Tilldela mig", "Du tilldelar dig {count}:",
               "Du är handläggare för {count}."),
    BulkAction("apt", "mark_for_apt", "Markera för APT",
               "Du markerar {count} för nästa APT:", "{count} är markerade för nästa APT."),
    BulkAction("avsluta-berom", "close", "Avsluta beröm",
               "Du avslutar {count} med beröm som inte kräver någon åtgärd:",
               "{count} är avslutade.", frozenset({CaseType.BEROM})),
)}


def count_text(count: int) -> str:
    return f"{count} ärende" + ("n" if count != 1 else "")


def handled(user: User, ids: Iterable[int]) -> list[Case] | None:
    """The cases ``ids``, by number, if ``user`` may handle every one; else None."""
    ids = set(ids)
    query = sa.select(Case).where(Case.id.in_(ids), case_scope(user, Action.HANDLE))
    cases = list(db.session.scalars(query.order_by(Case.number)))
    return cases if len(cases) == len(ids) else None


def out_of_reach(user: User, ids: Iterable[int]) -> list[tuple[int, int]]:
    """(id, unit id) of the cases among ``ids`` that exist but that ``user`` may not handle:
    attempts worth recording in the trail."""
    query = sa.select(Case.id, Case.unit_id).where(
        Case.id.in_(set(ids)), sa.not_(case_scope(user, Action.HANDLE)))
    return [tuple(row) for row in db.session.execute(query)]


def apply(action: BulkAction, cases: list[Case], versions: Mapping[int, int], user: User, *,
          summary: str | None = None) -> list[Case]:
    """Take ``action`` on every one of ``cases`` (which ``handled`` found), each at the version
    in ``versions``; InvalidFields naming every refused case, with nothing changed (the unit of
    work rolls back what went before), if any is refused.

    A case saved by someone else since the confirmation page (a second click on Bekräfta
    included) is refused as changed. A clash that shows only at flush (a concurrent save) is a
    StaleVersion, for the conflict page.
    """
    step = steps.step(action.step)
    inputs = action.inputs(user, summary)
    refused = []
    for case in cases:
        if action.types is not None and case.type not in action.types:
            refused.append(f"Ärende {case.number} är ett {case.type.label.lower()}, inte beröm.")
            continue
        try:
            step.variant(case.type).service(case, versions.get(case.id), user, **inputs)
        except StaleVersion as error:
            if error.current_version is None:
                raise
            refused.append(f"{error} Ladda listan igen.")
        except DomainError as error:
            refused.append(f"Ärende {case.number}: {error}")
    if refused:
        raise InvalidFields(FieldError("", message) for message in refused)
    return cases
