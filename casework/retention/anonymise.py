"""What anonymising a case removes: every free text and address that may name or describe a
person, in the case and in what hangs off it, and the attachments' files. The one list of
personal fields (``PERSONAL_TEXTS``), which the tests check field by field.

Kept: type, unit, dates, status, source, channel, categories, flags, the assessment keys, IVO
and IMY references (the authority's case numbers), case number and history steps. A text that
held something says ``MARKER``; an empty or NULL one stays as it was; contact details, which
nothing else needs, become NULL. Flushes only; run within a unit of work (the files are deleted
once it commits).
"""
import sqlalchemy as sa

from casework.attachments.services import remove_case_files
from casework.cases.corrections import TEXTS as CORRECTED_TEXTS
from casework.cases.models import Case, CaseAction, CaseEvent, CaseFeedback
from casework.core.delivery import Status
from casework.core.extensions import db
from casework.followup.models import FollowUp, ReopenRequest
from casework.legal.models import DataBreachDetails, LexMariaDetails, LexSarahDetails
from casework.outbox.models import OutgoingMail
from casework.retention import MARKER

#: Each table's personal text columns, and the column naming its case.
PERSONAL_TEXTS = {
    Case: ("id", ("description", "immediate_measures", "apt_note", "closing_summary")),
    CaseAction: ("case_id", ("description",)),
    CaseFeedback: ("case_id", ("recipient", "content")),
    LexSarahDetails: ("case_id", ("protective_measures", "what_happened", "why", "prevention",
                                  "measures", "ivo_documents", "ivo_decision", "lessons")),
    LexMariaDetails: ("case_id", ("event", "ivo_documents", "investigation")),
    DataBreachDetails: ("case_id", ("what_happened", "data_categories", "consequences",
                                    "measures", "not_notified_reason",
                                    "subjects_not_informed_reason")),
    FollowUp: ("case_id", ("comment",)),
    ReopenRequest: ("case_id", ("reason",)),
    OutgoingMail: ("case_id", ("to_address", "subject", "body")),
}
#: The case's contact details: NULL.
CONTACT = ("contact", "contact_email")


def _marked(column) -> sa.Case:
    return sa.case((sa.or_(column.is_(None), column == ""), column), else_=sa.literal(MARKER))


def anonymise(cases: list[Case]) -> None:
    """Remove the personal data of ``cases``."""
    ids = [case.id for case in cases]
    # A mail still waiting would go out to the marker: it has nothing left to say.
    db.session.execute(sa.update(OutgoingMail).where(
        OutgoingMail.case_id.in_(ids), OutgoingMail.status.in_([Status.PENDING, Status.QUEUED]))
        .values(status=Status.CANCELLED).execution_options(synchronize_session=False))
    for model, (case_column, names) in PERSONAL_TEXTS.items():
        values = {name: _marked(getattr(model, name)) for name in names}
        if model is Case:
            values |= {name: None for name in CONTACT} | {"version": Case.version + 1}
        db.session.execute(sa.update(model).where(getattr(model, case_column).in_(ids))
                           .values(values).execution_options(synchronize_session=False))
    _corrections(ids)
    for case in cases:
        remove_case_files(case)
    db.session.expire_all()


def _corrections(ids: list[int]) -> None:
    """A correction's history step keeps the old and new free texts (casework.cases.corrections):
    they go too; which fields were corrected stays."""
    events = db.session.scalars(sa.select(CaseEvent).where(CaseEvent.case_id.in_(ids),
                                                           CaseEvent.event == "corrected"))
    for event in events:
        changes = [[name, *(MARKER if value else value for value in rest)]
                   if name in CORRECTED_TEXTS else [name, *rest]
                   for name, *rest in event.data.get("changes", [])]
        event.data = event.data | {"changes": changes}
    db.session.flush()
