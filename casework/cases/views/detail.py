"""The case page, a POST route per registered step, and each unit's APT list."""
from collections.abc import Callable

import sqlalchemy as sa
from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import format_date
from flask_login import current_user

from casework import trail
from casework.access.needs import SIGNED_IN, requires
from casework.access.policy import Action, can, can_on_case, sees_handling
from casework.cases import corrections, handling, steps, workflow
from casework.cases import handling_forms as forms
from casework.cases.blueprint import bp
from casework.cases.models import Case, CaseType
from casework.cases.scope import case_or_404
from casework.core.case_types import ENDED_STATUSES
from casework.core.extensions import db
from casework.core.refusals import refusals
from casework.core.taxonomy import catalogue
from casework.organisation.models import NodeKind, OrgNode
from casework.web.errors import conflict_page

bp.add_app_template_filter(workflow.status_label, "status_label")


@bp.app_template_filter()
def status_tag(status: str) -> str:
    """The tag style of a status: muted once the case has ended (closed or withdrawn)."""
    return "tag tag--closed" if status in ENDED_STATUSES else "tag"

#: What other packages add to the case page for whoever reads the case's handling: functions of
#: (case, user) giving template variables (casework.legal adds its side of the case).
PAGE_PARTS: list[Callable[[Case, object], dict]] = []
#: What other packages add to the case page for every reader of the case, also whoever only
#: filed it (casework.attachments: the files the user may open).
READER_PARTS: list[Callable[[Case, object], dict]] = []


@bp.get("/cases/<int:case_id>")
@requires(SIGNED_IN)
def detail(case_id: int):
    return _page(case_or_404(case_id))


@requires(SIGNED_IN)
def take_step(case_id: int, step: str):
    """Validate the step's form, run its service on the case, and go back to the case page
    with its confirmation; a refusal shows the page again with the input and the reason."""
    case = case_or_404(case_id, Action.HANDLE)
    entry = steps.step(step)
    variant = entry.variant(case.type)
    form = forms.build(variant.form, case, current_user)
    if not form.validate_on_submit():
        return _page(case, form), 400
    with refusals(form) as refused:
        result = variant.service(case, form.version.data, current_user, **form.values())
    if refused:
        return _page(case, form), 400
    if isinstance(result, Case) and result.id != case.id:  # the step opened a new case
        trail.record("create", case_id=result.id, unit_id=result.unit_id)
    flash(entry.confirmation(result), "success")
    return redirect(url_for(".detail", case_id=case_id))


@bp.record_once
def _step_routes(state) -> None:
    """A POST route per registered step, named after it; added when the blueprint is
    registered, by when every package has registered its steps."""
    for entry in steps.STEPS.values():
        state.add_url_rule(f"/cases/<int:case_id>/{entry.url_path}", entry.name, take_step,
                           methods=["POST"], defaults={"step": entry.name})


@bp.route("/apt/<unit_code>", methods=["GET", "POST"])
@requires(SIGNED_IN)
def apt(unit_code: str):
    unit = _apt_unit_or_404(unit_code)
    agenda = handling.apt_agenda(unit, current_user)
    form = forms.AptForm(cases=[case.id for case in agenda])
    form.cases.choices = {case.id: f"{case.number} {case.type.label}" for case in agenda}
    if form.validate_on_submit():
        with refusals(form) as refused:
            recorded = handling.record_apt(form.cases.data, form.discussed_on.data, current_user)
        if not refused:
            trail.record_cases("change", recorded)
            count = f"{len(recorded)} ärende" + ("n" if len(recorded) > 1 else "")
            on = format_date(form.discussed_on.data, "d MMMM y")
            flash(f"Registrerat att {count} togs upp på APT {on}.", "success")
            return redirect(url_for(".apt", unit_code=unit.code))
        agenda = handling.apt_agenda(unit, current_user)  # read afresh after the rollback
    categories = {case.id: handling.category_labels_of(case) for case in agenda}
    trail.record("list", unit_id=unit.id, shown=[case.id for case in agenda])
    page = render_template(
        "cases/apt.html", unit=unit, agenda=agenda, categories=categories, form=form
    )
    return page, 400 if form.errors else 200


def case_page(case: Case, **parts) -> str:
    """The case page, with the template variables ``parts`` in place of those the page parts
    give (a part's form with its errors, say)."""
    return _page(case, parts=parts)


def _page(case: Case, submitted: forms.HandlingForm | None = None,
          parts: dict | None = None) -> str:
    """The case page, with a form for each step the user may take now, and the form
    ``submitted`` with its input and errors (also when its step was refused)."""
    handles = can_on_case(current_user, Action.HANDLE, case)
    sent = submitted.step if submitted is not None else None
    offered = [entry for entry in steps.STEPS.values()
               if handles and (entry.name == sent or workflow.allowed(case, entry.name))]
    # A step held for some (the assessment, for its signer) shows the others why instead.
    held = {entry.name: hint for entry in offered if entry.held_for and entry.name != sent
            and (hint := entry.held_for(current_user, case))}
    page_forms = {
        entry.name: submitted if entry.name == sent else forms.build(
            entry.variant(case.type).form, case, current_user, formdata=None)
        for entry in offered if entry.name not in held
    }
    # Whoever only sees the case because they filed it gets the report and its återkoppling.
    insider = sees_handling(current_user, case)
    return render_template(
        "cases/detail.html",
        case=case,
        forms=page_forms,
        handles=handles,
        may_correct=handles and corrections.may_correct(current_user, case),
        insider=insider,
        **{name: value for part in PAGE_PARTS if insider
           for name, value in part(case, current_user).items()},
        **{name: value for part in READER_PARTS
           for name, value in part(case, current_user).items()} | (parts or {}),
        held=held,
        close_hint=workflow.held_back(case, "close") if handles else None,
        categories=handling.category_labels_of(case),
        terms=catalogue().taxonomy,
        feedback_methods=handling.FEEDBACK_METHODS,
        timeline=handling.timeline(case),
    )


@bp.errorhandler(handling.StaleVersion)
def _conflict(error: handling.StaleVersion):
    """Someone saved the case after the user opened it: the case as it is now, and the user's
    input in a form carrying the current version, to send again. A step's route names its
    step. The save is undone by then."""
    args = request.view_args or {}
    if "case_id" not in args:  # the APT list: no one case to show
        return conflict_page(error)
    case = case_or_404(args["case_id"], Action.HANDLE)
    form = forms.build(steps.step(args["step"]).variant(case.type).form, case, current_user)
    recent = handling.timeline(case)[-5:]
    return render_template("cases/conflict.html", case=case, form=form, recent=recent), 409


def _apt_unit_or_404(code: str) -> OrgNode:
    """The enhet, if the user may handle some type of case in it; else 404."""
    unit = db.session.scalar(
        sa.select(OrgNode).where(OrgNode.code == code, OrgNode.kind == NodeKind.ENHET)
    )
    if unit is None or not any(can(current_user, Action.HANDLE, t, unit) for t in CaseType):
        abort(404)
    return unit
