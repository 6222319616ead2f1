"""Intake forms: the planner's quick entry and the staff report.

Forms check shape and that each choice is one the template of the received year offers;
``create_case`` enforces the rest. Choices that depend on the user or the year are passed in,
so a form runs no queries.
"""
from flask_wtf import FlaskForm
from wtforms import (
    BooleanField,
    HiddenField,
    RadioField,
    SelectField,
    SelectMultipleField,
)
from wtforms.validators import AnyOf, InputRequired, Regexp, ValidationError

from casework.cases.models import CaseType
from casework.cases.services import EARLIEST_RECEIVED
from casework.cases.submissions import new_token
from casework.core.clock import local_today
from casework.core.errors import DomainError
from casework.core.fields import Day, FreeText
from casework.core.taxonomy import ANONYMOUS, Catalogue
from casework.organisation.models import OrgNode

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


def not_in_future(form, field) -> None:
    if field.data and field.data > local_today():
        raise ValidationError("Datumet kan inte vara senare än i dag.")


def received_field() -> Day:
    """When the case came in: today unless told otherwise, not in the future nor before
    ``EARLIEST_RECEIVED``."""
    return Day("Inkom", default=local_today, earliest=EARLIEST_RECEIVED,
               validators=[InputRequired("Ange när ärendet kom in."), not_in_future])


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


def submission_field() -> HiddenField:
    """The form's one-time token (casework.cases.submissions): sending it twice registers one
    case."""
    return HiddenField(default=new_token, validators=[
        InputRequired(RELOAD), Regexp(r"^[A-Za-z0-9_-]{1,64}$", message=RELOAD)])


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
    received_on = received_field()
    unit = unit_field()
    source = SelectField("Från vem", validate_choice=False)
    categories = categories_field("Kategori")
    description = FreeText("Beskrivning")
    anonymous = BooleanField("Anonym")
    contact = FreeText("Kontaktuppgifter", limit=500, line=True)

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
        if self.case_type in NEEDS_DESCRIPTION and not field.data:
            raise ValidationError("Skriv vad ärendet gäller.")

    def case_fields(self) -> dict:
        """The keyword arguments of ``create_case`` this form decides."""
        return dict(
            type=self.type.data, unit_id=self.unit_id, received_on=self.received_on.data,
            description=self.description.data, source=self.source.data or None,
            anonymous=self.anonymous.data, categories=self.categories.data,
            contact=self.contact.data or None,
        )


class StaffReportForm(IntakeForm):
    """A staff member's avvikelserapport or lex Sarah-rapport, received today."""

    types = REPORT_TYPES
    type = type_field({CaseType.AVVIKELSE: "Avvikelse", CaseType.LEX_SARAH: "Lex Sarah-rapport"})
    unit = unit_field()
    description = FreeText("Vad hände?", required="Beskriv vad som hände.")
    occurred_on = Day(
        "När hände det?", validators=[InputRequired("Ange när det hände."), not_in_future],
    )
    identified_by = RadioField("Vem har identifierat avvikelsen?", validate_choice=False)
    categories = categories_field("Vad gäller avvikelsen?")
    concerns = RadioField("Vem avser avvikelsen?", validate_choice=False)
    immediate_measures = FreeText("Omedelbara åtgärder", limit=5000)

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
            description=self.description.data, occurred_on=self.occurred_on.data,
            identified_by=self.identified_by.data or None, concerns=self.concerns.data or None,
            categories=self.categories.data,
            immediate_measures=self.immediate_measures.data or None,
        )
