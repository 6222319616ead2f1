"""The forms that correct a registered case: the intake forms' own fields and checks (the quick
entry's for a klagomål, synpunkt or beröm, the staff report's for an avvikelse), plus the
received date and channel intake leaves to its defaults, and the version the user saw.

The unit is shown and kept (a correction does not move a case); a second submission is caught
by the version and by there being nothing left to change, not by the intake's one-time token.
"""
from wtforms import SelectField

from casework.cases import corrections
from casework.cases.forms import (
    QuickEntryForm,
    StaffReportForm,
    received_field,
    type_field,
)
from casework.cases.handling_forms import VersionField
from casework.cases.models import Case, CaseType
from casework.core.clock import local_today
from casework.core.taxonomy import ANONYMOUS, Catalogue


class _Correction:
    """What both correction forms add to their intake form."""

    version = VersionField()
    submission = None  # no one-time token: see the module's docstring

    def correction(self) -> dict:
        """The keyword arguments of ``corrections.correct_case``: the draft's fields but the
        unit."""
        return {name: value for name, value in self.case_fields().items() if name != "unit_id"}


class QuickCorrectionForm(_Correction, QuickEntryForm):
    """A klagomål, synpunkt or beröm, as quick entry takes it, with its channel."""

    channel = SelectField("Kanal", validate_choice=False)

    def __init__(self, case: Case, catalogue: Catalogue, **kwargs):
        super().__init__([case.unit], catalogue, **kwargs)
        self.type.choices = {t.value: t.label for t in corrections.type_choices(case)}
        self.channel.choices = {"": "Välj"} | {
            key: term.label for key, term in catalogue.taxonomy.channels.items()}

    def case_fields(self) -> dict:
        # Anonymity is the source "Anonym" (Draft.entered); another source ends it.
        return super().case_fields() | {"channel": self.channel.data or None,
                                        "anonymous": self.source.data == ANONYMOUS}


class DeviationCorrectionForm(_Correction, StaffReportForm):
    """An avvikelse, as the staff report takes it, with its received date."""

    types = (CaseType.AVVIKELSE,)
    type = type_field({CaseType.AVVIKELSE: CaseType.AVVIKELSE.label})
    received_on = received_field()
    #: Files are attached on the case page, not by correcting it.
    attachments = None

    def __init__(self, case: Case, catalogue: Catalogue, **kwargs):
        super().__init__([case.unit], catalogue, **kwargs)

    @property
    def received_year(self) -> int:
        return (self.received_on.data or local_today()).year

    def case_fields(self) -> dict:
        return super().case_fields() | {"received_on": self.received_on.data}


def form_class(case: Case) -> type[_Correction]:
    return DeviationCorrectionForm if case.type is CaseType.AVVIKELSE else QuickCorrectionForm


def build(case: Case, catalogue: Catalogue, *, prefill: bool) -> _Correction:
    """The correction form of ``case``: filled from the case (``prefill``, a form shown), or
    from the request alone (a form sent: a field it lacks is empty, not the stored value)."""
    data = {"version": case.version}
    if prefill:
        data |= _prefill(case)
    return form_class(case)(case, catalogue, **data)


def _prefill(case: Case) -> dict:
    return {
        "type": case.type.value, "received_on": case.received_on,
        "source": ANONYMOUS if case.anonymous else case.source or "",
        "channel": case.channel or "",
        "categories": case.categories, "description": case.description or "",
        "contact": case.contact or "", "contact_email": case.contact_email or "",
        "occurred_on": case.occurred_on,
        "identified_by": case.identified_by, "concerns": case.concerns,
        "immediate_measures": case.immediate_measures or "",
    }
