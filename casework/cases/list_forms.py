"""The case list's forms. The filter form is posted and read back from the list's URL: the
filters as GET parameters, so a filtered list can be bookmarked, the search text from the session
(``casework.cases.views.listing``). The export posts the same filters, search text included, so
that it never enters a URL. The bulk actions post the ticked cases, then their confirmation."""
from flask_wtf import FlaskForm
from wtforms import BooleanField, Field, HiddenField, SelectField, StringField
from wtforms.validators import ValidationError

from casework.access.policy import Action, allowed_types, units_for
from casework.auth.models import User
from casework.cases import bulk, workflow
from casework.cases.models import CaseType
from casework.cases.queries import OPEN, SORTS, Filters, Order
from casework.core.columns import db_int
from casework.core.fields import Day, FreeText, MaxLength
from casework.core.taxonomy import catalogue

ANY = {"": "Alla"}
#: The order a column header sorts by first: the newest received first, the rest A–Ö.
FIRST_DESCENDING = {"inkom"}


def _strip(value: str | None) -> str | None:
    return value.strip() if value else value


class ListChoice(SelectField):
    """A select of ``{value: label}`` whose unknown values get a Swedish message."""

    def pre_validate(self, form) -> None:
        if self.data not in self.choices:
            raise ValidationError("Välj ett av alternativen i listan.")


class CaseFilterForm(FlaskForm):
    class Meta:
        # Also read from GET arguments; its POST is CSRF-checked by CSRFProtect like every POST.
        csrf = False

    typ = ListChoice("Typ", default="")
    status = ListChoice("Status", default="")
    kategori = ListChoice("Kategori", default="")
    enhet = ListChoice("Enhet", default="")
    fran = Day("Från", typed=True)
    till = Day("Till", typed=True)
    forsenade = BooleanField("Försenade")
    mina = BooleanField("Mina")
    sok = StringField(
        "Sök", filters=[_strip],
        validators=[MaxLength(100)],
    )
    sortera = HiddenField()
    ordning = HiddenField()

    @classmethod
    def for_user(cls, user: User, formdata) -> "CaseFilterForm":
        """The form with the choices ``user`` has: the types and units within their scope."""
        form = cls(formdata=formdata)
        types = set().union(*(allowed_types(g.role, a) for g in user.grants
                              for a in (Action.VIEW, Action.CREATE)))
        form.typ.choices = ANY | {t.value: t.label for t in CaseType if t in types}
        form.status.choices = ANY | {OPEN: "Alla öppna"} | workflow.statuses()
        form.kategori.choices = ANY | {
            key: term.label for key, term in catalogue().taxonomy.categories.items()
        }
        form.enhet.choices = ANY | {
            str(unit.id): unit.name for unit in units_for(user, Action.VIEW)
        }
        return form

    def validate_till(self, field) -> None:
        if field.data and self.fran.data and field.data < self.fran.data:
            raise ValidationError("Till-datumet kan inte vara före Från-datumet.")

    def filters(self) -> Filters:
        return Filters(
            type=CaseType(self.typ.data) if self.typ.data else None,
            status=self.status.data or None,
            category=self.kategori.data or None,
            unit_id=int(self.enhet.data) if self.enhet.data else None,
            received_from=self.fran.data,
            received_to=self.till.data,
            overdue=self.forsenade.data,
            mine=self.mina.data,
            search=self.sok.data or "",
        )

    def order(self) -> Order:
        """The requested order; an unknown one (a mangled link) falls back to the default."""
        key = self.sortera.data if self.sortera.data in SORTS else Order.key
        default = "fallande" if key in FIRST_DESCENDING else "stigande"
        return Order(key, (self.ordning.data or default) == "fallande")


#: The export's formats: the button's value → its label.
EXPORT_FORMATS = {"xlsx": "Ladda ner (Excel)", "csv": "Ladda ner (CSV)"}


class ExportForm(CaseFilterForm):
    """The list's filters, posted with the format to download them in."""

    format = ListChoice("Format", default="")

    @classmethod
    def for_user(cls, user: User, formdata) -> "ExportForm":
        form = super().for_user(user, formdata)
        form.format.choices = EXPORT_FORMATS
        return form


class CaseIds(Field):
    """Case ids posted as repeated values; one that no case can have, or too many, is refused
    in Swedish. With ``versions``, each value is ``<id>:<version>`` (the confirmation page's)."""

    def __init__(self, label=None, *, versions: bool = False, **kwargs):
        super().__init__(label, **kwargs)
        self.versions = versions

    def process_formdata(self, valuelist) -> None:
        self.data = {}
        try:
            for value in valuelist:
                case_id, _, version = value.partition(":") if self.versions else (value, "", "0")
                self.data[db_int(case_id)] = db_int(version)
        except ValueError:
            self.data = {}
            raise ValueError("Välj ärenden ur listan.") from None

    def pre_validate(self, form) -> None:
        if not self.data:
            raise ValidationError("Välj minst ett ärende.")
        if len(self.data) > bulk.MOST:
            raise ValidationError(f"Välj högst {bulk.MOST} ärenden åt gången.")


class _BulkForm(FlaskForm):
    atgard = ListChoice("Åtgärd", choices={key: a.label for key, a in bulk.ACTIONS.items()})
    #: The list to go back to: its path, with the filters and the search's key.
    tillbaka = HiddenField()

    @property
    def action(self) -> bulk.BulkAction:
        return bulk.ACTIONS[self.atgard.data]

    def back(self) -> str:
        """Where Avbryt and the result lead: the list the cases were chosen on, never another
        site (a posted value)."""
        back = self.tillbaka.data or ""
        ours = back.startswith("/cases") and back.isascii() and back.isprintable() \
            and "//" not in back and "\\" not in back
        return back if ours else "/cases"


class BulkChoiceForm(_BulkForm):
    """The cases ticked on the list, and the action's button."""

    arenden = CaseIds("Ärenden")


class BulkConfirmForm(_BulkForm):
    """The confirmation: the cases at the versions shown, and the closing summary."""

    arenden = CaseIds("Ärenden", versions=True)
    sammanfattning = FreeText(
        "Sammanfattning", limit=4000,
        description="Texten används i enhetens rapport.",
    )

    def validate_sammanfattning(self, field) -> None:
        if self.atgard.data in bulk.ACTIONS and self.action.step == "close" and not field.data:
            raise ValidationError("Skriv en sammanfattning.")
