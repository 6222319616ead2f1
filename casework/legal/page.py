"""What the case page shows of a case's legal side: the detail row, the assessment's label, the
legal references in force, and the escalation link in either direction (when the user may see
the other case)."""
from dataclasses import dataclass, field
from datetime import datetime

from casework.access.policy import Action, can_on_case
from casework.auth.models import User
from casework.cases.details import details_of
from casework.cases.models import Case
from casework.core.clock import local_time
from casework.legal.models import escalated_from, escalated_to
from casework.legal.terms import legal_terms


@dataclass(frozen=True)
class LegalView:
    details: object | None = None
    assessment: str | None = None
    authority: str | None = None
    references: list[str] = field(default_factory=list)
    #: (label, case) of the linked case, when the user may see it.
    link: tuple[str, Case] | None = None
    #: The local times of a breach's discovery and IMY notification.
    discovered_at: datetime | None = None
    imy_notified_at: datetime | None = None


def for_page(case: Case, user: User) -> LegalView:
    link = _link(case, user)
    row = details_of(case)
    try:
        terms = legal_terms(case.type)
    except KeyError:  # not a legal type: only the escalation link, if any
        return LegalView(link=link)
    return LegalView(
        details=row,
        assessment=terms.assessment_label(row.assessment)
        if row is not None and getattr(row, "assessment", None) else None,
        authority=terms.authority,
        references=terms.references_on(case.received_on),
        link=link,
        discovered_at=_local(row, "discovered_at"),
        imy_notified_at=_local(row, "imy_notified_at"),
    )


def _link(case: Case, user: User) -> tuple[str, Case] | None:
    if (origin := escalated_from(case)) is not None:
        linked = ("Skapat från ärende", origin)
    elif (sarah := escalated_to(case)) is not None:
        linked = ("Lex Sarah-ärende", sarah)
    else:
        return None
    return linked if can_on_case(user, Action.VIEW, linked[1]) else None


def _local(row, name: str) -> datetime | None:
    value = getattr(row, name, None)
    return local_time(value) if value is not None else None
