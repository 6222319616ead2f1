"""The form of one deadline rule of a district. It checks shape, in Swedish: whole numbers from
0 to the longest a rule may be (``casework.deadlines.rules.LENGTHS``: 365 days or working days,
720 hours). ``casework.deadlines.overrides`` then validates the rule as the file's rules are."""
import re

from flask_wtf import FlaskForm
from wtforms import BooleanField, StringField
from wtforms.validators import ValidationError

from casework.deadlines.overrides import RuleState, RuleValues
from casework.deadlines.rules import LENGTHS, Rule

#: The unit of a rule's length, in words.
UNIT_WORDS = {"working_days": "arbetsdagar", "days": "dagar", "hours": "timmar"}
#: The values of ``RuleValues.as_dict``, in words, for the history.
VALUE_WORDS = {
    "working_days": "Tidsfrist, arbetsdagar", "days": "Tidsfrist, dagar",
    "hours": "Tidsfrist, timmar", "remind_working_days_before": "Påminnelse, arbetsdagar före",
    "remind_hours_before": "Påminnelser, timmar före", "enabled": "Används",
}
_WHOLE = re.compile(r"[0-9]{1,9}")


def whole_number(text: str, most: int, what: str) -> int:
    """``text`` as a whole number from 0 to ``most``; else a Swedish ValidationError."""
    text = text.strip()
    if not text:
        raise ValidationError(f"Ange {what}.")
    if not _WHOLE.fullmatch(text) or int(text) > most:
        raise ValidationError(f"Ange {what} som ett heltal från 0 till {most}.")
    return int(text)


def typed(field) -> str:
    """What was sent for ``field``. A post without it is refused rather than given the
    field's default (the value shown), which would save what nobody typed."""
    if not field.raw_data:
        raise ValidationError("Fyll i fältet.")
    return field.raw_data[0]


class RuleForm(FlaskForm):
    length = StringField("Tidsfrist")
    reminder = StringField("Påminnelse")
    enabled = BooleanField("Tidsfristen används")

    def __init__(self, state: RuleState, **kwargs):
        values = state.values
        reminder = (", ".join(map(str, values.remind_hours_before)) if state.rule.hours is not None
                    else "" if values.remind_working_days_before is None
                    else str(values.remind_working_days_before))
        super().__init__(length=str(values.length), reminder=reminder, enabled=values.enabled,
                         **kwargs)
        self.rule: Rule = state.default
        self.unit = UNIT_WORDS[self.rule.length_unit]
        self.length.label.text = f"Tidsfrist i {self.unit}"
        self.most = LENGTHS[self.rule.length_unit]
        if self.in_hours:
            self.reminder.label.text = "Påminnelser, antal timmar före fristen"
            self.reminder_hint = ("Ett eller flera heltal åtskilda med komma, t.ex. 48, 24. "
                                  "Lämna tomt för ingen påminnelse.")
        else:
            self.reminder.label.text = "Påminnelse, antal arbetsdagar före fristen"
            self.reminder_hint = ("0 betyder på morgonen samma dag som fristen går ut. "
                                  "Lämna tomt för ingen påminnelse.")

    @property
    def in_hours(self) -> bool:
        return self.rule.hours is not None

    def validate_length(self, field) -> None:
        self.length_value = whole_number(typed(field), self.most,
                                         f"tidsfristen i hela {self.unit}")

    def validate_reminder(self, field) -> None:
        text = typed(field).strip()
        most = LENGTHS["hours" if self.in_hours else "working_days"]
        unit = "timmar" if self.in_hours else "arbetsdagar"
        parts = text.split(",") if text else []
        self.reminder_values = tuple(
            whole_number(part, most, f"påminnelsen i hela {unit} före fristen")
            for part in parts)
        if not self.in_hours and len(self.reminder_values) > 1:
            raise ValidationError("Ange en påminnelse, ett heltal antal arbetsdagar.")

    def values(self) -> RuleValues:
        """The values typed, once validated."""
        if self.in_hours:
            return RuleValues(self.length_value, None,
                              tuple(sorted(set(self.reminder_values), reverse=True)),
                              self.enabled.data)
        return RuleValues(self.length_value,
                          self.reminder_values[0] if self.reminder_values else None,
                          (), self.enabled.data)


class ResetForm(FlaskForm):
    """"Återställ till standard": the CSRF token only."""
