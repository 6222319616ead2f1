"""Case pages: correcting what was registered, and Ångra right after registering."""
from flask import flash, redirect, render_template, request, url_for
from flask_login import current_user

from casework.access.needs import SIGNED_IN, requires
from casework.access.policy import Action
from casework.cases import correction_forms, corrections, handling
from casework.cases.blueprint import bp
from casework.cases.forms import QUICK_TYPES
from casework.cases.scope import case_or_404
from casework.core import unit_of_work
from casework.core.errors import DomainError
from casework.core.refusals import refusals
from casework.core.taxonomy import catalogue

ALREADY = "Ärendet har redan de här uppgifterna: ingenting mer är ändrat."


@bp.route("/cases/<int:case_id>/ratta", methods=["GET", "POST"])
@requires(SIGNED_IN)
def correct(case_id: int):
    """The case's registered facts in the intake's fields, to correct; saved, back to the case
    page. A case that cannot be corrected (closed, withdrawn, a legal type) says why (409)."""
    case = case_or_404(case_id, Action.HANDLE)
    if message := corrections.refusal(case):
        return render_template("cases/correct.html", case=case, refused=message), 409
    form = correction_forms.build(case, catalogue(), prefill=request.method == "GET")
    if not form.validate_on_submit():
        return _page(case, form), 400 if form.errors else 200
    try:
        with refusals(form) as refused:
            changes = corrections.correct_case(case, form.version.data, current_user,
                                               **form.correction())
    except handling.StaleVersion:
        # Saved by someone else since the form was opened: the case as it is now, and the
        # input again, to send with the current version.
        unit_of_work.rollback()
        case = case_or_404(case_id, Action.HANDLE)
        form.version.data = case.version
        return _page(case, form, recent=handling.timeline(case)[-5:]), 409
    if isinstance(refused.error, corrections.NothingToChange):
        if refused.error.stale:  # a second submission of a correction saved already
            flash(ALREADY, "success")
            return redirect(url_for(".detail", case_id=case_id))
        return _page(case, form), 200
    if refused:
        return _page(case, form), 400
    labels = ", ".join(corrections.LABELS[name].lower() for name in changes)
    flash(f"Uppgifterna är rättade: {labels}.", "success")
    return redirect(url_for(".detail", case_id=case_id))


def _page(case, form, recent=None):
    return render_template("cases/correct.html", case=case, form=form, recent=recent)


@bp.post("/cases/<int:case_id>/angra")
@requires(SIGNED_IN)
def withdraw(case_id: int):
    """Ångra: take back the case the user has just registered. A refusal (someone else's
    case, too late, already handled) is shown with the case's link."""
    case = case_or_404(case_id)
    try:
        corrections.withdraw_case(case, current_user)
    except DomainError as error:
        unit_of_work.rollback()
        status = 403 if isinstance(error, corrections.NotYours) else 409
        return render_template("cases/withdraw_refused.html", case=case,
                               message=str(error)), status
    flash(f"Ärende {case.number} är återtaget. Det räknas inte i någon rapport.", "success")
    if case.type in QUICK_TYPES:
        return redirect(url_for(".new"))
    return redirect(url_for(".detail", case_id=case_id))
