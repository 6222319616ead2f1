"""The forms of the retention pages: a legal hold (the case number and the reason) and a
förvaltning's years of a rule. They check shape, in Swedish; casework.retention.services and
overrides enforce the rules."""
import re

from flask_wtf import FlaskForm
from wtforms import HiddenField, StringField
from wtforms.validators import DataRequired, ValidationError

from casework.admin.rule_forms import typed
from casework.core.fields import FreeText, MaxLength
from casework.retention.rules import MOST_YEARS
from casework.retention.services import REASON_MAX

_YEARS = re.compile(r"[0-9]{1,3}")


class HoldForm(FlaskForm):
    number = StringField("Ärendenummer", [DataRequired("Ange ärendenumret, t.ex. 2025-0042."),
                                          MaxLength(20)],
                         filters=[lambda text: (text or "").strip()])
    reason = FreeText("Skäl till spärren", limit=REASON_MAX,
                      required="Skriv varför ärendet ska spärras mot gallring.")


class CaseHoldForm(HoldForm):
    """The case page's form: the case number goes along unseen."""

    number = HiddenField(validators=[DataRequired("Ärendenumret saknas."),
                                     MaxLength(20)])


class YearsForm(FlaskForm):
    years = StringField("Antal år")

    def __init__(self, least: int, **kwargs):
        super().__init__(**kwargs)
        self.least = least

    def validate_years(self, field) -> None:
        """A whole number from the rule's least years (the law's floor) to ``MOST_YEARS``."""
        text = typed(field).strip()
        if not text:
            raise ValidationError("Ange antal år.")
        if not _YEARS.fullmatch(text) or not self.least <= int(text) <= MOST_YEARS:
            raise ValidationError(
                f"Ange antal år som ett heltal från {self.least} till {MOST_YEARS}.")
        self.value = int(text)
