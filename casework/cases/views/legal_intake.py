"""Registering a lex Maria case (the MAS) or a personuppgiftsincident (the unit's managers).

Only what every case needs is asked here; the case page takes the rest step by step.
"""
from flask import abort, redirect, render_template, url_for
from flask_login import current_user
from flask_wtf import FlaskForm
from wtforms import SelectField
from wtforms.validators import InputRequired

from casework.access.needs import REGISTERS_LEGAL, requires
from casework.access.policy import LEGAL_INTAKE_TYPES, Action, can, units_for
from casework.cases.blueprint import bp
from casework.cases.forms import (
    NOT_SAVED, SwedishDateField, not_in_future, submission_field, text_field, type_field,
)
from casework.cases.models import CaseType
from casework.cases.services import create_case, local_today
from casework.cases.views.intake import registered_once


class LegalIntakeForm(FlaskForm):
    type = type_field({t: t.label for t in LEGAL_INTAKE_TYPES})
    unit = SelectField("Enhet", validate_choice=False)
    received_on = SwedishDateField(
        "Inkom", default=local_today,
        validators=[InputRequired("Ange när ärendet kom in."), not_in_future],
    )
    description = text_field("Vad har hänt?", required="Beskriv vad som har hänt.")
    submission = submission_field()

    def refuse(self, _error) -> None:
        """``create_case`` refused a value the form offered: say so without its internals."""
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
            case = registered_once(form, lambda: create_case(
                type=case_type.value, unit_id=unit.id, received_on=form.received_on.data,
                registered_by_id=current_user.id, description=form.description.data.strip()))
            if case is not None:
                return redirect(url_for(".detail", case_id=case.id))
    return render_template("cases/new_legal.html", form=form), 400 if form.errors else 200
