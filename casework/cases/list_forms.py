"""The case list's filter form. It is posted and read back from the list's URL: the filters as
GET parameters, so a filtered list can be bookmarked, the search text from the session
(``casework.cases.views.listing``)."""
from flask_wtf import FlaskForm
from wtforms import BooleanField, HiddenField, SelectField, StringField
from wtforms.validators import ValidationError

from casework.access.policy import Action, allowed_types, units_for
from casework.auth.models import User
from casework.cases import workflow
from casework.cases.models import CaseType
from casework.cases.queries import SORTS, Filters, Order
from casework.core.fields import Day, MaxLength
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
        form.status.choices = ANY | workflow.statuses()
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
