"""Registering a lex Maria case (the MAS) or a personuppgiftsincident (the unit's managers).

Only what every case needs is asked here, and when a breach was discovered (its 72-hour clock
runs from then); the case page takes the rest step by step.
"""
from datetime import datetime

from flask import abort, redirect, render_template, url_for
from flask_login import current_user
from flask_wtf import FlaskForm
from wtforms import SelectField
from wtforms.validators import ValidationError

from casework.access.needs import REGISTERS_LEGAL, requires
from casework.access.policy import LEGAL_INTAKE_TYPES, Action, can, units_for
from casework.cases import legal
from casework.cases.blueprint import bp
from casework.cases.forms import NOT_SAVED, received_field, submission_field, type_field
from casework.cases.legal_forms import DISCOVERY_HINT
from casework.cases.models import CaseType
from casework.cases.views.intake import registered_once
from casework.core.fields import FreeText, Moment

BREACH = CaseType.PERSONUPPGIFTSINCIDENT.value


class LegalIntakeForm(FlaskForm):
    type = type_field({t: t.label for t in LEGAL_INTAKE_TYPES})
    unit = SelectField("Enhet", validate_choice=False)
    received_on = received_field()
    description = FreeText("Vad har hänt?", required="Beskriv vad som har hänt.")
    #: Only for a breach: its 72-hour clock runs from here.
    discovered_at = Moment("Upptäcktes", description=DISCOVERY_HINT)
    submission = submission_field()

    def validate_discovered_at(self, field) -> None:
        if self.type.data == BREACH and field.data is None and not field.errors:
            raise ValidationError(legal.DISCOVERY_REQUIRED)

    def discovery(self) -> datetime | None:
        """The discovery typed for a breach; for another type, None whatever was typed."""
        return self.discovered_at.data if self.type.data == BREACH else None

    def refuse(self, error) -> None:
        """A refusal at the field it names; any other says so without the service's internals
        (``create_case`` refused a value the form offered)."""
        field = getattr(error, "field", None)
        if field in self:
            self[field].errors.append(str(error))
        else:
            self.form_errors.append(NOT_SAVED)


@bp.route("/cases/legal/new", methods=["GET", "POST"])
@requires(REGISTERS_LEGAL)
def new_legal():
    units = units_for(current_user, Action.CREATE, LEGAL_INTAKE_TYPES)
    if not units:  # the need is held over no enhet
        abort(403)
    allowed = {t: t.label for t in LEGAL_INTAKE_TYPES
               if any(can(current_user, Action.CREATE, t, u) for u in units)}
    # One type allowed (the MAS: lex Maria; a manager: breaches) is chosen already.
    only = next(iter(allowed)).value if len(allowed) == 1 else None
    form = LegalIntakeForm(unit=str(units[0].id), type=only)
    form.unit.choices = {str(u.id): u.name for u in units}
    form.type.choices = {t.value: label for t, label in allowed.items()}
    if form.validate_on_submit():
        unit = next((u for u in units if str(u.id) == form.unit.data), None)
        case_type = CaseType(form.type.data)
        if unit is None or not can(current_user, Action.CREATE, case_type, unit):
            form.type.errors.append("Du får inte registrera den typen av ärende i enheten.")
        else:
            case = registered_once(form, lambda: legal.register(
                type=case_type.value, unit_id=unit.id, received_on=form.received_on.data,
                registered_by_id=current_user.id, description=form.description.data,
                discovered_at=form.discovery()))
            if case is not None:
                return redirect(url_for(".detail", case_id=case.id))
    return render_template("cases/new_legal.html", form=form), 400 if form.errors else 200
