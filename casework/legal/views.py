"""The legal pages beside the case page: registering a lex Maria case (the MAS) or a
personuppgiftsincident (the unit's managers), and the lex Sarah utredning as a document.

Registering asks only what every case needs, and when a breach was discovered (its 72-hour
clock runs from then); the case page takes the rest step by step. The routes are the cases
blueprint's, as the case page's are.
"""
from datetime import datetime

from flask import Response, abort, redirect, render_template, url_for
from flask_login import current_user
from flask_wtf import FlaskForm
from wtforms import SelectField
from wtforms.validators import ValidationError

from casework.access.needs import REGISTERS_LEGAL, SIGNED_IN, requires
from casework.access.policy import (
    LEGAL_INTAKE_TYPES,
    Action,
    can,
    sees_handling,
    units_for,
)
from casework.cases.blueprint import bp
from casework.cases.forms import received_field, submission_field, type_field
from casework.cases.models import CaseType
from casework.cases.scope import case_or_404
from casework.cases.validation import DESCRIPTION_MISSING
from casework.cases.views.detail import PAGE_PARTS
from casework.cases.views.intake import registered_once
from casework.core.documents import MIME_TYPES
from casework.core.fields import FreeText, Moment
from casework.legal import documents, page, services
from casework.legal.forms import DISCOVERY_HINT

BREACH = CaseType.PERSONUPPGIFTSINCIDENT.value
PAGE_PARTS.append(lambda case, user: {"legal": page.for_page(case, user)})


class LegalIntakeForm(FlaskForm):
    type = type_field({t: t.label for t in LEGAL_INTAKE_TYPES})
    unit = SelectField("Enhet", validate_choice=False)
    received_on = received_field()
    #: Required of both its types, in the case validator's words.
    description = FreeText("Vad har hänt?", required=DESCRIPTION_MISSING[CaseType.LEX_MARIA])
    #: Only for a breach: its 72-hour clock runs from here.
    discovered_at = Moment("Upptäcktes", description=DISCOVERY_HINT)
    submission = submission_field()

    def validate_discovered_at(self, field) -> None:
        if self.type.data == BREACH and field.data is None and not field.errors:
            raise ValidationError(services.DISCOVERY_REQUIRED)

    def discovery(self) -> datetime | None:
        """The discovery typed for a breach; for another type, None whatever was typed."""
        return self.discovered_at.data if self.type.data == BREACH else None


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
            case = registered_once(form, lambda: services.register(
                type=case_type.value, unit_id=unit.id, received_on=form.received_on.data,
                registered_by_id=current_user.id, description=form.description.data,
                discovered_at=form.discovery()))
            if case is not None:
                return redirect(url_for(".detail", case_id=case.id))
    return render_template("legal/new.html", form=form), 400 if form.errors else 200


@bp.get("/cases/<int:case_id>/utredning.<any(docx, pdf):fmt>")
@requires(SIGNED_IN)
def investigation_document(case_id: int, fmt: str):
    """The lex Sarah utredning in IVO's structure, for whoever reads the case's handling."""
    case = case_or_404(case_id)
    if case.type is not CaseType.LEX_SARAH or not sees_handling(current_user, case):
        abort(404)
    document = documents.investigation(case)
    body = documents.to_docx(document) if fmt == "docx" else documents.to_pdf(document)
    return Response(body, mimetype=MIME_TYPES[fmt], headers={
        "Content-Disposition": f'attachment; filename="utredning-{case.number}.{fmt}"'
    })
