"""The case page, one POST route per handling action, and each unit's APT list."""
import sqlalchemy as sa
from flask import abort, flash, redirect, render_template, url_for
from flask_babel import format_date
from flask_login import current_user, login_required

from casework.access.policy import Action, can, can_on_case, case_or_404
from casework.cases import handling, workflow
from casework.cases import handling_forms as forms
from casework.cases.blueprint import bp
from casework.cases.models import Case, CaseType
from casework.cases.services import catalogue
from casework.errors import DomainError
from casework.extensions import db
from casework.organisation.models import NodeKind, OrgNode

bp.add_app_template_filter(workflow.status_label, "status_label")


@bp.get("/cases/<int:case_id>")
@login_required
def detail(case_id: int):
    return _page(case_or_404(case_id))


@bp.post("/cases/<int:case_id>/assign")
@login_required
def assign(case_id: int):
    return _handle(case_id, forms.AssignForm, handling.assign_handler, "Handläggaren är tilldelad.")


@bp.post("/cases/<int:case_id>/actions")
@login_required
def add_action(case_id: int):
    return _handle(case_id, forms.ActionForm, handling.add_action, "Åtgärden är sparad.")


@bp.post("/cases/<int:case_id>/feedback")
@login_required
def record_feedback(case_id: int):
    return _handle(
        case_id, forms.FeedbackForm, handling.record_feedback, "Återkopplingen är sparad."
    )


@bp.post("/cases/<int:case_id>/apt")
@login_required
def mark_for_apt(case_id: int):
    return _handle(
        case_id, forms.MarkAptForm, handling.mark_for_apt, "Ärendet är markerat för nästa APT."
    )


@bp.post("/cases/<int:case_id>/apt/taken-up")
@login_required
def record_apt(case_id: int):
    return _handle(
        case_id, forms.RecordAptForm, _record_apt, "Det är registrerat att ärendet togs upp på APT."
    )


@bp.post("/cases/<int:case_id>/close")
@login_required
def close(case_id: int):
    return _handle(case_id, forms.CloseForm, handling.close, "Ärendet är avslutat.")


@bp.post("/cases/<int:case_id>/reopen")
@login_required
def reopen(case_id: int):
    return _handle(case_id, forms.ReopenForm, handling.reopen, "Ärendet är återöppnat.")


@bp.route("/apt/<unit_code>", methods=["GET", "POST"])
@login_required
def apt(unit_code: str):
    unit = _apt_unit_or_404(unit_code)
    agenda = handling.apt_agenda(unit, current_user)
    form = forms.AptForm(cases=[case.id for case in agenda])
    form.cases.choices = {case.id: f"{case.number} {case.type.label}" for case in agenda}
    if form.validate_on_submit():
        try:
            recorded = handling.record_apt(form.cases.data, form.discussed_on.data, current_user)
            db.session.commit()
        except handling.InvalidInput as error:
            db.session.rollback()
            form[error.field].errors.append(str(error))
        except DomainError as error:
            db.session.rollback()
            flash(str(error), "error")
            return redirect(url_for(".apt", unit_code=unit.code))
        else:
            count = f"{len(recorded)} ärende" + ("n" if len(recorded) > 1 else "")
            on = format_date(form.discussed_on.data, "d MMMM y")
            flash(f"Registrerat att {count} togs upp på APT {on}.", "success")
            return redirect(url_for(".apt", unit_code=unit.code))
    categories = {case.id: _category_labels(case) for case in agenda}
    page = render_template(
        "cases/apt.html", unit=unit, agenda=agenda, categories=categories, form=form
    )
    return page, 400 if form.errors else 200


def _record_apt(case: Case, version: int | None, user, *, discussed_on) -> None:
    handling.record_apt([case.id], discussed_on, user, versions={case.id: version})


def _handle(case_id: int, form_class: type[forms.HandlingForm], service, done: str):
    """Validate the form, run the service on the case, commit, and go back to the case page."""
    case = case_or_404(case_id, Action.HANDLE)
    form = forms.build(form_class, case, current_user)
    if not form.validate_on_submit():
        return _page(case, form), 400
    try:
        service(case, form.version.data, current_user, **form.values())
        db.session.commit()
    except handling.StaleVersion:
        db.session.rollback()
        return _conflict(case_id, form), 409
    except handling.InvalidInput as error:
        db.session.rollback()
        form[error.field].errors.append(str(error))
        return _page(case, form), 400
    except DomainError as error:
        db.session.rollback()
        flash(str(error), "error")
    else:
        flash(done, "success")
    return redirect(url_for(".detail", case_id=case_id))


def _page(case: Case, submitted: forms.HandlingForm | None = None) -> str:
    """The case page, with a form for each step the user may take now (``submitted`` kept)."""
    handles = can_on_case(current_user, Action.HANDLE, case)
    steps = [step for step in forms.FORMS if handles and workflow.allowed(case, step)]
    page_forms = {
        step: submitted
        if submitted is not None and submitted.step == step
        else forms.build(forms.FORMS[step], case, current_user, formdata=None)
        for step in steps
    }
    return render_template(
        "cases/detail.html",
        case=case,
        forms=page_forms,
        handles=handles,
        # Whoever only sees the case because they filed it gets the report and its återkoppling.
        insider=can(current_user, Action.VIEW, case.type, case.unit),
        close_hint=workflow.held_back(case, "close") if handles else None,
        categories=_category_labels(case),
        terms=catalogue().taxonomy,
        feedback_methods=handling.FEEDBACK_METHODS,
        timeline=handling.timeline(case),
    )


def _conflict(case_id: int, form: forms.HandlingForm) -> str:
    """The case as it is now, and the user's input in a form carrying the current version."""
    case = case_or_404(case_id, Action.HANDLE)
    recent = handling.timeline(case)[-5:]
    return render_template("cases/conflict.html", case=case, form=form, recent=recent)


def _category_labels(case: Case) -> list[str]:
    """The labels of the template in force when the case came in; term labels for the rest."""
    in_force = dict(catalogue().category_choices(case.received_on.year, case.type))
    terms = catalogue().taxonomy.categories
    return [
        in_force.get(key) or (terms[key].label if key in terms else key)
        for key in case.categories
    ]


def _apt_unit_or_404(code: str) -> OrgNode:
    """The enhet, if the user may handle some type of case in it; else 404."""
    unit = db.session.scalar(
        sa.select(OrgNode).where(OrgNode.code == code, OrgNode.kind == NodeKind.ENHET)
    )
    if unit is None or not any(can(current_user, Action.HANDLE, t, unit) for t in CaseType):
        abort(404)
    return unit
