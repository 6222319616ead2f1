"""Intake forms: the planner's quick entry and the staff report.

Forms check shape and that each choice is one the template of the received year offers;
``create_case`` enforces the rest. Choices that depend on the user or the year are passed in,
so a form runs no queries.
"""
import re

from flask_wtf import FlaskForm
from wtforms import (
    BooleanField, DateField, HiddenField, RadioField, SelectField, SelectMultipleField,
    StringField, TextAreaField,
)
from wtforms.validators import AnyOf, DataRequired, InputRequired, Length, ValidationError

from casework.cases.models import CaseType
from casework.cases.services import local_today
from casework.cases.submissions import new_token
from casework.errors import DomainError
from casework.organisation.models import OrgNode
from casework.taxonomy import ANONYMOUS, Catalogue

#: 6 or 8 digits, a dash or plus, 4 digits; or 12 digits starting 19 or 20.
PERSONNUMMER = re.compile(r"\b(?:\d{2})?\d{6}[-+]\d{4}\b|\b(?:19|20)\d{10}\b")

QUICK_TYPES = (CaseType.KLAGOMAL, CaseType.SYNPUNKT, CaseType.BEROM)
REPORT_TYPES = (CaseType.AVVIKELSE, CaseType.LEX_SARAH)
#: Types that must say who raised them, what they are about, and what happened.
NEEDS_SOURCE = {CaseType.KLAGOMAL, CaseType.SYNPUNKT}
NEEDS_CATEGORY = {CaseType.KLAGOMAL, CaseType.SYNPUNKT, CaseType.AVVIKELSE}
NEEDS_DESCRIPTION = {CaseType.KLAGOMAL, CaseType.SYNPUNKT}
#: The form field that shows an ``UnknownValue`` the service raised, by its ``what``.
FIELD_OF_TERM = {"type": "type", "source": "source", "category": "categories",
                 "identified_by": "identified_by", "concerns": "concerns"}
NOT_SAVED = "Ärendet kunde inte sparas. Kontrollera uppgifterna och försök igen."
RELOAD = "Formuläret saknar uppgifter som behövs. Ladda om sidan och försök igen."


class SwedishDateField(DateField):
    """A date input: empty means missing (``InputRequired`` says so), malformed is explained."""

    def process_formdata(self, valuelist):
        if valuelist and not valuelist[0].strip():
            self.data = None
            return
        try:
            super().process_formdata(valuelist)
        except ValueError:
            raise ValueError("Skriv datumet som ÅÅÅÅ-MM-DD.") from None


def not_in_future(form, field) -> None:
    if field.data and field.data > local_today():
        raise ValidationError("Datumet kan inte vara senare än i dag.")


def no_personnummer(form, field) -> None:
    if field.data and PERSONNUMMER.search(field.data):
        raise ValidationError("Skriv inte personnummer här.")


def type_field(choices: dict[CaseType, str]) -> RadioField:
    """The case type, one of ``choices`` (type → label)."""
    values = [t.value for t in choices]
    return RadioField(
        "Typ",
        choices={t.value: label for t, label in choices.items()},
        validators=[InputRequired("Välj typ."), AnyOf(values, "Välj typ.")],
        validate_choice=False,
    )


def unit_field() -> SelectField:
    return SelectField("Enhet", validate_choice=False)


def categories_field(label: str) -> SelectMultipleField:
    return SelectMultipleField(label, validate_choice=False)


def text_field(label: str, max_length: int = 10000, required: str | None = None) -> TextAreaField:
    validators = [DataRequired(required)] if required else []
    return TextAreaField(label, default="", validators=validators + [
        Length(max=max_length, message=f"Skriv högst {max_length} tecken."), no_personnummer,
    ], render_kw={"rows": 4})


def submission_field() -> HiddenField:
    """The form's one-time token (casework.cases.submissions): sending it twice registers one
    case."""
    return HiddenField(default=new_token, validators=[
        InputRequired(RELOAD), Length(max=64, message=RELOAD)])


class IntakeForm(FlaskForm):
    """What both intake forms share: type, unit and categories from the year's template, and
    the one-time token.

    Subclasses declare the fields ``type``, ``unit`` and ``categories`` in their own order.
    """

    types: tuple[CaseType, ...]
    submission = submission_field()

    def __init__(self, units: list[OrgNode], catalogue: Catalogue, **kwargs):
        super().__init__(unit=str(units[0].id), **kwargs)
        self.catalogue = catalogue
        self.unit.choices = {str(u.id): u.name for u in units}
        year = self.received_year
        self.template_year = catalogue.template_for(year).year
        #: The types that have categories; the category list is shown only for them.
        self.category_types = [t for t in self.types if catalogue.category_choices(year, t)]
        shown = self.category_types[0] if self.category_types else None
        self.categories.choices = dict(catalogue.category_choices(year, shown) if shown else [])

    @property
    def received_year(self) -> int:
        return local_today().year

    @property
    def case_type(self) -> CaseType | None:
        return CaseType(self.type.data) if self.type.data in self.types else None

    @property
    def unit_id(self) -> int:
        return int(self.unit.data)

    def validate_unit(self, field) -> None:
        if field.data not in field.choices:
            raise ValidationError("Välj en av dina enheter.")

    def validate_categories(self, field) -> None:
        if self.case_type is None:
            return
        offered = dict(self.catalogue.category_choices(self.received_year, self.case_type))
        if field.data and not offered:
            raise ValidationError(f"{self.case_type.label} registreras utan kategori.")
        if not set(field.data) <= offered.keys():
            raise ValidationError(f"Välj kategorier från mallen för {self.template_year}.")
        if not field.data and self.case_type in NEEDS_CATEGORY:
            raise ValidationError("Välj minst en kategori.")

    def refuse(self, error: DomainError) -> None:
        """Show an error ``create_case`` raised, in Swedish, next to its field if it has one."""
        name = FIELD_OF_TERM.get(getattr(error, "what", None))
        if name in self:
            self[name].errors.append("Välj ett av alternativen.")
        else:
            self.form_errors.append(NOT_SAVED)


class QuickEntryForm(IntakeForm):
    """The planner's quick entry of a klagomål, synpunkt or beröm."""

    types = QUICK_TYPES
    type = type_field({t: t.label for t in QUICK_TYPES})
    received_on = SwedishDateField(
        "Inkom", default=local_today,
        validators=[InputRequired("Ange när ärendet kom in."), not_in_future],
    )
    unit = unit_field()
    source = SelectField("Från vem", validate_choice=False)
    categories = categories_field("Kategori")
    description = text_field("Beskrivning")
    anonymous = BooleanField("Anonym")
    contact = StringField("Kontaktuppgifter", default="", validators=[
        Length(max=500, message="Skriv högst 500 tecken."), no_personnummer,
    ])

    def __init__(self, units: list[OrgNode], catalogue: Catalogue, **kwargs):
        super().__init__(units, catalogue, **kwargs)
        self.source.choices = {"": "Välj"} | dict(catalogue.source_choices(self.received_year))
        self.source.choices.setdefault(ANONYMOUS, "Anonym")

    @property
    def received_year(self) -> int:
        return (self.received_on.data or local_today()).year

    def validate_source(self, field) -> None:
        if field.data and field.data not in field.choices:
            raise ValidationError(f"Välj från vem ur mallen för {self.template_year}.")
        if not field.data and self.case_type in NEEDS_SOURCE and not self.anonymous.data:
            raise ValidationError("Välj från vem ärendet kom, eller Anonym.")

    def validate_description(self, field) -> None:
        if self.case_type in NEEDS_DESCRIPTION and not field.data.strip():
            raise ValidationError("Skriv vad ärendet gäller.")

    def case_fields(self) -> dict:
        """The keyword arguments of ``create_case`` this form decides."""
        return dict(
            type=self.type.data, unit_id=self.unit_id, received_on=self.received_on.data,
            description=self.description.data.strip(), source=self.source.data or None,
            anonymous=self.anonymous.data, categories=self.categories.data,
            contact=self.contact.data.strip() or None,
        )


class StaffReportForm(IntakeForm):
    """A staff member's avvikelserapport or lex Sarah-rapport, received today."""

    types = REPORT_TYPES
    type = type_field({CaseType.AVVIKELSE: "Avvikelse", CaseType.LEX_SARAH: "Lex Sarah-rapport"})
    unit = unit_field()
    description = text_field("Vad hände?", required="Beskriv vad som hände.")
    occurred_on = SwedishDateField(
        "När hände det?", validators=[InputRequired("Ange när det hände."), not_in_future],
    )
    identified_by = RadioField("Vem har identifierat avvikelsen?", validate_choice=False)
    categories = categories_field("Vad gäller avvikelsen?")
    concerns = RadioField("Vem avser avvikelsen?", validate_choice=False)
    immediate_measures = text_field("Omedelbara åtgärder", max_length=5000)

    def __init__(self, units: list[OrgNode], catalogue: Catalogue, **kwargs):
        super().__init__(units, catalogue, **kwargs)
        terms = catalogue.taxonomy
        self.identified_by.choices = {t.key: t.label for t in terms.identified_by.values()}
        self.concerns.choices = {t.key: t.label for t in terms.concerns.values()}

    def validate_identified_by(self, field) -> None:
        if not field.data and self.case_type is CaseType.AVVIKELSE:
            raise ValidationError("Välj vem som har identifierat avvikelsen.")

    def validate_concerns(self, field) -> None:
        if not field.data and self.case_type is CaseType.AVVIKELSE:
            raise ValidationError("Välj vem avvikelsen avser.")

    def case_fields(self) -> dict:
        """The keyword arguments of ``create_case`` this form decides."""
        return dict(
            type=self.type.data, unit_id=self.unit_id, received_on=local_today(),
            description=self.description.data.strip(), occurred_on=self.occurred_on.data,
            identified_by=self.identified_by.data or None, concerns=self.concerns.data or None,
            categories=self.categories.data,
            immediate_measures=self.immediate_measures.data.strip() or None,
        )
