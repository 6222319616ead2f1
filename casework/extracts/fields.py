"""The text fields of a case that a registerutdrag searches, each with its Swedish label, and
the legal detail fields it exports: one list, so that the search and the export agree."""
from dataclasses import dataclass

from sqlalchemy.orm import InstrumentedAttribute

from casework.attachments.models import Attachment
from casework.cases.models import Case, CaseAction, CaseFeedback
from casework.followup.models import FollowUp, ReopenRequest
from casework.legal.models import DataBreachDetails, LexMariaDetails, LexSarahDetails


@dataclass(frozen=True)
class Source:
    """A searched column: its key in the results, its label, and whether it is a contact
    field, whose matches name the person more surely than free text (they rank first)."""

    key: str
    label: str
    column: InstrumentedAttribute
    contact: bool = False


#: The legal detail fields, by model: (column, label), as the case page labels them.
LEGAL_FIELDS: dict[type, tuple[tuple[str, str], ...]] = {
    LexSarahDetails: (
        ("protective_measures", "Omedelbara skyddsåtgärder"),
        ("protective_measures_on", "Skyddsåtgärder, datum"),
        ("investigation_started_on", "Utredningen påbörjad"),
        ("investigation_finished_on", "Utredningen klar"),
        ("what_happened", "Vad hände?"),
        ("why", "Varför hände det?"),
        ("prevention", "Vad ska förhindra att det händer igen?"),
        ("measures", "Vidtagna och planerade åtgärder"),
        ("assessed_on", "Bedömd"),
        ("ivo_reference", "IVO:s diarienummer"),
        ("ivo_documents", "Skickade handlingar"),
        ("ivo_decision", "IVO:s beslut"),
        ("ivo_decision_on", "IVO:s beslutsdatum"),
        ("lessons", "Vad verksamheten har lärt sig"),
    ),
    LexMariaDetails: (
        ("event", "Händelsen"),
        ("assessed_on", "Bedömd"),
        ("ivo_reference", "IVO:s diarienummer"),
        ("ivo_documents", "Skickade handlingar"),
        ("investigation", "Utredningen"),
        ("investigation_finished_on", "Utredningen klar"),
    ),
    DataBreachDetails: (
        ("discovered_at", "Upptäcktes"),
        ("what_happened", "Vad hände?"),
        ("data_categories", "Personuppgifter och personer"),
        ("approx_people", "Ungefär antal personer"),
        ("approx_records", "Ungefär antal poster"),
        ("consequences", "Troliga följder"),
        ("measures", "Åtgärder"),
        ("notify_imy", "Anmäls till IMY"),
        ("not_notified_reason", "Skäl att inte anmäla till IMY"),
        ("imy_notified_at", "Anmäld till IMY"),
        ("imy_reference", "IMY:s diarienummer"),
        ("subjects_informed", "De registrerade informeras"),
        ("subjects_informed_on", "De registrerade informerade"),
        ("subjects_not_informed_reason", "Skäl att inte informera de registrerade"),
    ),
}

#: The free-text columns of the legal detail tables, those the search reads.
_LEGAL_TEXTS = ("protective_measures", "what_happened", "why", "prevention", "measures",
                "ivo_documents", "ivo_decision", "lessons", "event", "investigation",
                "data_categories", "consequences", "not_notified_reason",
                "subjects_not_informed_reason")

SOURCES: tuple[Source, ...] = (
    Source("contact", "Kontaktuppgifter", Case.contact, contact=True),
    Source("contact_email", "E-post för svar", Case.contact_email, contact=True),
    Source("feedback_recipient", "Återkoppling, till vem", CaseFeedback.recipient, contact=True),
    Source("description", "Beskrivning", Case.description),
    Source("immediate_measures", "Omedelbara åtgärder", Case.immediate_measures),
    Source("closing_summary", "Sammanfattning", Case.closing_summary),
    Source("apt_note", "Text till APT", Case.apt_note),
    Source("action", "Åtgärd", CaseAction.description),
    Source("feedback_content", "Återkoppling", CaseFeedback.content),
    *(Source(f"{model.__tablename__}.{name}", label, getattr(model, name))
      for model, fields in LEGAL_FIELDS.items() for name, label in fields
      if name in _LEGAL_TEXTS),
    Source("follow_up_comment", "Uppföljning, kommentar", FollowUp.comment),
    Source("reopen_reason", "Uppföljning, skäl att inte återöppna", ReopenRequest.reason),
    Source("attachment_name", "Bilaga, filnamn", Attachment.file_name),
)
