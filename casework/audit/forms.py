"""The audit page's filter form. It is posted and read back from the page's URL: the case
number, event and period as GET parameters, the user's e-mail address from the session
(``casework.audit.views``)."""
from flask_wtf import FlaskForm
from wtforms import StringField
from wtforms.validators import Optional, Regexp, ValidationError

from casework.audit.queries import ACTION_LABELS, Filters
from casework.cases.list_forms import ListChoice
from casework.core.fields import Day, MaxLength


def _strip(value: str | None) -> str | None:
    return value.strip() if value else value


class AuditFilterForm(FlaskForm):
    class Meta:
        # Also read from GET arguments; its POST is CSRF-checked by CSRFProtect like every POST.
        csrf = False

    anvandare = StringField(
        "Användare (e-post)", filters=[_strip],
        validators=[Optional(), MaxLength(254),
                    Regexp(r"^[^@\s]+@[^@\s]+$",
                           message="Skriv en e-postadress, till exempel namn@stad.se.")],
    )
    arende = StringField(
        "Ärendenummer", filters=[_strip],
        validators=[Optional(), Regexp(r"^\d{4}-\d{4,}$", message=(
            "Skriv ärendenumret som ÅÅÅÅ-NNNN, till exempel 2025-0042."))],
    )
    handelse = ListChoice("Händelse", default="",
                          choices={"": "Alla"} | ACTION_LABELS)
    fran = Day("Från", typed=True)
    till = Day("Till", typed=True)

    def validate_till(self, field) -> None:
        if field.data and self.fran.data and field.data < self.fran.data:
            raise ValidationError("Till-datumet kan inte vara före Från-datumet.")

    def filters(self) -> Filters:
        return Filters(
            email=self.anvandare.data or None,
            case_number=self.arende.data or None,
            action=self.handelse.data or None,
            date_from=self.fran.data,
            date_to=self.till.data,
        )
