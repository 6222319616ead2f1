"""The case page, one POST route per handling action, and each unit's APT list."""
import sqlalchemy as sa
from flask import Response, abort, flash, redirect, render_template, request, url_for
from flask_babel import format_date
from flask_login import current_user

from casework import trail
from casework.access.needs import SIGNED_IN, requires
from casework.access.policy import Action, can, can_on_case, may_sign, sees_handling
from casework.cases import (
    handling,
    legal,
    legal_documents,
    legal_forms,
    legal_view,
    workflow,
)
from casework.cases import handling_forms as forms
from casework.cases.blueprint import bp
from casework.cases.legal_forms import LEGAL_STEPS
from casework.cases.models import Case, CaseType
from casework.cases.scope import case_or_404
from casework.core.documents import MIME_TYPES
from casework.core.extensions import db
from casework.core.refusals import refusals
from casework.core.taxonomy import catalogue
from casework.organisation.models import NodeKind, OrgNode
from casework.web.errors import conflict_page

bp.add_app_template_filter(workflow.status_label, "status_label")

#: Each legal step's service and its confirmation (a text, or a function of what it returned).
LEGAL_SERVICES = {
    "escalate_lex_sarah": (legal.escalate_to_lex_sarah,
                           lambda sarah: f"Lex Sarah-ärende {sarah.number} är skapat."),
    "record_protection": (legal.record_protection, "Skyddsåtgärderna är sparade."),
    "record_investigation": (legal.record_investigation, "Utredningen är sparad."),
    "assess": (legal.assess, "Bedömningen är signerad."),
    "notify_ivo": (legal.notify_ivo, "Anmälan till IVO är registrerad."),
    "record_ivo_decision": (legal.record_ivo_decision, "IVO:s beslut är registrerat."),
    "record_breach": (legal.record_breach, "Incidenten är dokumenterad."),
    "decide_imy": (legal.decide_imy, "Beslutet om anmälan till IMY är registrerat."),
    "inform_subjects": (legal.inform_subjects,
                        "Informationen till de registrerade är registrerad."),
}
SIGN_HINTS = {
    CaseType.LEX_SARAH: "Bedömningen signeras av enhetschefen.",
    CaseType.LEX_MARIA: "Bedömningen signeras av MAS.",
}


@bp.get("/cases/<int:case_id>")
@requires(SIGNED_IN)
def detail(case_id: int):
    return _page(case_or_404(case_id))


@bp.post("/cases/<int:case_id>/assign")
@requires(SIGNED_IN)
def assign(case_id: int):
    return _handle(case_id, "assign", handling.assign_handler, "Handläggaren är tilldelad.")


@bp.post("/cases/<int:case_id>/actions")
@requires(SIGNED_IN)
def add_action(case_id: int):
    return _handle(case_id, "add_action", handling.add_action, "Åtgärden är sparad.")


@bp.post("/cases/<int:case_id>/feedback")
@requires(SIGNED_IN)
def record_feedback(case_id: int):
    return _handle(
        case_id, "record_feedback", handling.record_feedback, "Återkopplingen är sparad."
    )


@bp.post("/cases/<int:case_id>/apt")
@requires(SIGNED_IN)
def mark_for_apt(case_id: int):
    return _handle(
        case_id, "mark_for_apt", handling.mark_for_apt, "Ärendet är markerat för nästa APT."
    )


@bp.post("/cases/<int:case_id>/apt/taken-up")
@requires(SIGNED_IN)
def record_apt(case_id: int):
    return _handle(
        case_id, "record_apt", _record_apt, "Det är registrerat att ärendet togs upp på APT."
    )


@bp.post("/cases/<int:case_id>/close")
@requires(SIGNED_IN)
def close(case_id: int):
    return _handle(case_id, "close", handling.close, "Ärendet är avslutat.")


@bp.post("/cases/<int:case_id>/reopen")
@requires(SIGNED_IN)
def reopen(case_id: int):
    return _handle(case_id, "reopen", handling.reopen, "Ärendet är återöppnat.")


@bp.post("/cases/<int:case_id>/steps/<step>")
@requires(SIGNED_IN)
def legal_step(case_id: int, step: str):
    """The steps of the legal workflows (lex Sarah, lex Maria, breaches) and escalation."""
    if step not in LEGAL_STEPS:
        abort(404)
    service, done = LEGAL_SERVICES[step]
    return _handle(case_id, step, service, done)


@bp.get("/cases/<int:case_id>/utredning.<any(docx, pdf):fmt>")
@requires(SIGNED_IN)
def investigation_document(case_id: int, fmt: str):
    """The lex Sarah utredning in IVO's structure, for whoever reads the case's handling."""
    case = case_or_404(case_id)
    if case.type is not CaseType.LEX_SARAH or not sees_handling(current_user, case):
        abort(404)
    document = legal_documents.investigation(case)
    body = legal_documents.to_docx(document) if fmt == "docx" else legal_documents.to_pdf(document)
    return Response(body, mimetype=MIME_TYPES[fmt], headers={
        "Content-Disposition": f'attachment; filename="utredning-{case.number}.{fmt}"'
    })


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
    categories = {case.id: _category_labels(case) for case in agenda}
    trail.record("list", unit_id=unit.id, shown=[case.id for case in agenda])
    page = render_template(
        "cases/apt.html", unit=unit, agenda=agenda, categories=categories, form=form
    )
    return page, 400 if form.errors else 200


def _record_apt(case: Case, version: int | None, user, *, discussed_on) -> None:
    handling.record_apt([case.id], discussed_on, user, versions={case.id: version})


def _handle(case_id: int, step: str, service, done: str):
    """Validate the step's form, run the service on the case, commit, and go back to the case
    page. ``done`` is the message, or a function of what the service returned that gives it."""
    case = case_or_404(case_id, Action.HANDLE)
    form = forms.build(legal_forms.form_class(step, case.type), case, current_user)
    if not form.validate_on_submit():
        return _page(case, form), 400
    with refusals(form) as refused:
        result = service(case, form.version.data, current_user, **form.values())
    if refused:
        return _page(case, form), 400
    if isinstance(result, Case) and result.id != case.id:  # the step opened a new case
        trail.record("create", case_id=result.id, unit_id=result.unit_id)
    flash(done(result) if callable(done) else done, "success")
    return redirect(url_for(".detail", case_id=case_id))


def _page(case: Case, submitted: forms.HandlingForm | None = None) -> str:
    """The case page, with a form for each step the user may take now, and the form
    ``submitted`` with its input and errors (also when its step was refused)."""
    handles = can_on_case(current_user, Action.HANDLE, case)
    sent = submitted.step if submitted is not None else None
    steps = [step for step in legal_forms.STEPS
             if handles and (step == sent or workflow.allowed(case, step))]
    # The assessment is offered to its signer only; the others see who signs it.
    sign_hint = None
    if "assess" in steps and not may_sign(current_user, case) and sent != "assess":
        steps.remove("assess")
        sign_hint = SIGN_HINTS[case.type]
    page_forms = {
        step: submitted if step == sent else forms.build(
            legal_forms.form_class(step, case.type), case, current_user, formdata=None)
        for step in steps
    }
    # Whoever only sees the case because they filed it gets the report and its återkoppling.
    insider = sees_handling(current_user, case)
    return render_template(
        "cases/detail.html",
        case=case,
        forms=page_forms,
        handles=handles,
        insider=insider,
        legal=legal_view.for_page(case, current_user) if insider else None,
        sign_hint=sign_hint,
        close_hint=workflow.held_back(case, "close") if handles else None,
        categories=_category_labels(case),
        terms=catalogue().taxonomy,
        feedback_methods=handling.FEEDBACK_METHODS,
        timeline=handling.timeline(case),
    )


@bp.errorhandler(handling.StaleVersion)
def _conflict(error: handling.StaleVersion):
    """Someone saved the case after the user opened it: the case as it is now, and the user's
    input in a form carrying the current version, to send again. A step's route is named after
    its step, or names it (``legal_step``). The save is undone by then."""
    args = request.view_args or {}
    if "case_id" not in args:  # the APT list: no one case to show
        return conflict_page(error)
    case = case_or_404(args["case_id"], Action.HANDLE)
    step = args.get("step") or request.endpoint.removeprefix("cases.")
    form = forms.build(legal_forms.form_class(step, case.type), case, current_user)
    recent = handling.timeline(case)[-5:]
    return render_template("cases/conflict.html", case=case, form=form, recent=recent), 409


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
