"""Intake forms: the planner's quick entry and the staff report.

Forms check shape (a date parses, a text fits, the unit is one of the user's); what each type
needs comes from the case validator (casework.cases.validation), run on the form's draft as
``create_case`` runs it, so that its reasons stand at the fields in the same words. Choices
that depend on the user or the year are passed in, so a form runs no queries.
"""
from collections import defaultdict

from flask_wtf import FlaskForm
from wtforms import (
    HiddenField,
    RadioField,
    SelectField,
    SelectMultipleField,
)
from wtforms.validators import AnyOf, InputRequired, Regexp, ValidationError

from casework.attachments.forms import AttachmentsField
from casework.cases.models import CaseType
from casework.cases.submissions import new_token
from casework.cases.validation import (
    DESCRIPTION_MISSING,
    RECEIVED_MISSING,
    Draft,
    received_problem,
    validate,
)
from casework.core.addresses import EMAIL_MAX
from casework.core.clock import local_today
from casework.core.fields import Day, FreeText, SpokenDay
from casework.core.taxonomy import ANONYMOUS, Catalogue, category_labels
from casework.organisation.models import OrgNode

QUICK_TYPES = (CaseType.KLAGOMAL, CaseType.SYNPUNKT, CaseType.BEROM)
REPORT_TYPES = (CaseType.AVVIKELSE, CaseType.LEX_SARAH)
RELOAD = "Formuläret saknar uppgifter som behövs. Ladda om sidan och försök igen."


def received_date(form, field) -> None:
    """The validator's rule of the received date, for a form that does not run the validator
    (the legal intake); a date that did not parse is refused already."""
    if not field.errors and (problem := received_problem(field.data, local_today())):
        raise ValidationError(problem)


def received_field() -> Day:
    """When the case came in: today unless told otherwise, a date the validator takes."""
    return Day("Inkom", default=local_today,
               validators=[InputRequired(RECEIVED_MISSING), received_date])


def type_field(choices: dict[CaseType, str]) -> RadioField:
    """The case type, one of ``choices`` (type → label)."""
    values = [t.value for t in choices]
    return RadioField(
        "Typ",
        choices={t.value: label for t, label in choices.items()},
        validators=[InputRequired("Välj typ."), AnyOf(values, "Välj typ.")],
        validate_choice=False,
    )


def one_of_yours(form, field) -> None:
    if field.data not in field.choices:
        raise ValidationError("Välj en av dina enheter.")


def unit_field() -> SelectField:
    return SelectField("Enhet", validators=[one_of_yours], validate_choice=False)


def categories_field(label: str) -> SelectMultipleField:
    return SelectMultipleField(label, validate_choice=False)


def submission_field() -> HiddenField:
    """The form's one-time token (casework.cases.submissions): sending it twice registers one
    case."""
    return HiddenField(default=new_token, validators=[
        InputRequired(RELOAD), Regexp(r"^[A-Za-z0-9_-]{1,64}$", message=RELOAD)])


class IntakeForm(FlaskForm):
    """What both intake forms share: type, unit and categories from the year's template, the
    one-time token, and the case validator's reasons at their fields.

    Subclasses declare the fields ``type``, ``unit`` and ``categories`` in their own order.
    """

    types: tuple[CaseType, ...]
    submission = submission_field()

    def __init__(self, units: list[OrgNode], catalogue: Catalogue, **kwargs):
        super().__init__(unit=str(units[0].id), **kwargs)
        self.catalogue = catalogue
        self.enheter = {u.id for u in units}
        self.unit.choices = {str(u.id): u.name for u in units}
        year = self.received_year
        #: The types that have categories; the category list is shown only for them.
        self.category_types = [t for t in self.types if catalogue.category_choices(year, t)]
        shown = self.category_types[0] if self.category_types else None
        labels = category_labels(catalogue, year, shown) if shown else []
        self.categories.choices = {label.key: label.label for label in labels}
        #: The template's examples of a category, shown beside its label.
        self.category_examples = {label.key: label.examples for label in labels if label.examples}

    @property
    def received_year(self) -> int:
        return local_today().year

    @property
    def case_type(self) -> CaseType | None:
        return CaseType(self.type.data) if self.type.data in self.types else None

    @property
    def unit_id(self) -> int | None:
        return int(self.unit.data) if self.unit.data in self.unit.choices else None

    def validate(self, extra_validators=None) -> bool:
        """The fields' own checks, then the validator's on the draft the form makes: each
        reason at its field, after the field's own (a field they refuse shows only theirs),
        or at the top for a field the form lacks."""
        reasons = defaultdict(list)
        draft = Draft.entered(**self.case_fields())
        for error in validate(draft, self.catalogue, enheter=self.enheter, today=local_today()):
            reasons[error.field if error.field in self else None].append(error.message)
        extra = {name: list(checks) for name, checks in (extra_validators or {}).items()}
        for name, messages in reasons.items():
            if name is not None:
                extra.setdefault(name, []).append(_unless_refused(messages))
        valid = super().validate(extra)
        self.form_errors.extend(reasons[None])
        return valid and not reasons[None]


class QuickEntryForm(IntakeForm):
    """The planner's quick entry of a klagomål, synpunkt or beröm."""

    types = QUICK_TYPES
    type = type_field({t: t.label for t in QUICK_TYPES})
    #: One text box that takes "idag", "igår", "14/3"; the validator judges the day.
    received_on = SpokenDay("Inkom", default=local_today)
    unit = unit_field()
    #: Anonymity is chosen here, as the source "Anonym" (the 2025 template's row), not in a
    #: box of its own: an anonymous case names no source.
    source = SelectField("Från vem", validate_choice=False)
    categories = categories_field("Kategori")
    description = FreeText("Beskrivning")
    contact = FreeText("Kontaktuppgifter", limit=500, line=True)
    contact_email = FreeText("E-post för svar", limit=EMAIL_MAX, line=True, render_kw={
        "inputmode": "email", "autocomplete": "off", "spellcheck": "false"})

    def __init__(self, units: list[OrgNode], catalogue: Catalogue, **kwargs):
        super().__init__(units, catalogue, **kwargs)
        self.source.choices = {"": "Välj"} | dict(catalogue.source_choices(self.received_year))
        self.source.choices.setdefault(ANONYMOUS, "Anonym")

    @property
    def received_year(self) -> int:
        return (self.received_on.data or local_today()).year

    def case_fields(self) -> dict:
        """The keyword arguments of ``create_case`` this form decides."""
        return dict(
            type=self.case_type, unit_id=self.unit_id, received_on=self.received_on.data,
            description=self.description.data, source=self.source.data or None,
            categories=self.categories.data,
            contact=self.contact.data or None,
            contact_email=(self.contact_email.data or "").lower() or None,
        )


class StaffReportForm(IntakeForm):
    """A staff member's avvikelserapport or lex Sarah-rapport, received today."""

    types = REPORT_TYPES
    type = type_field({CaseType.AVVIKELSE: "Avvikelse", CaseType.LEX_SARAH: "Lex Sarah-rapport"})
    unit = unit_field()
    #: Marked required, as both its types need a description, in the validator's words.
    description = FreeText("Vad hände?", required=DESCRIPTION_MISSING[CaseType.AVVIKELSE])
    occurred_on = Day("När hände det?", validators=[InputRequired("Ange när det hände.")])
    identified_by = RadioField("Vem har identifierat avvikelsen?", validate_choice=False)
    categories = categories_field("Vad gäller avvikelsen?")
    concerns = RadioField("Vem avser avvikelsen?", validate_choice=False)
    immediate_measures = FreeText("Omedelbara åtgärder", limit=5000)
    #: Optional: a photo of the place, a scanned note.
    attachments = AttachmentsField()

    def __init__(self, units: list[OrgNode], catalogue: Catalogue, **kwargs):
        super().__init__(units, catalogue, **kwargs)
        terms = catalogue.taxonomy
        self.identified_by.choices = {t.key: t.label for t in terms.identified_by.values()}
        self.concerns.choices = {t.key: t.label for t in terms.concerns.values()}

    def case_fields(self) -> dict:
        """The keyword arguments of ``create_case`` this form decides."""
        return dict(
            type=self.case_type, unit_id=self.unit_id, received_on=local_today(),
            description=self.description.data, occurred_on=self.occurred_on.data,
            identified_by=self.identified_by.data or None, concerns=self.concerns.data or None,
            categories=self.categories.data,
            immediate_measures=self.immediate_measures.data or None,
        )


def _unless_refused(messages: list[str]):
    """A field check adding the validator's ``messages``, unless the field's own refused it."""
    def check(form, field) -> None:
        if not field.errors:
            field.errors.extend(messages)

    return check
