"""Case pages: intake. The planner's quick entry and the staff report.

Both pages redirect to themselves after saving (PRG), showing the new case's number above an
empty form, so that the next call or report can be entered at once.
"""
from collections.abc import Callable

from flask import abort, current_app, redirect, render_template, session, url_for
from flask_login import current_user

from casework import trail
from casework.access.needs import FILES_STAFF_REPORTS, REGISTERS_COMPLAINTS, requires
from casework.access.policy import COMPLAINTS, STAFF_REPORTS, Action, can, units_for
from casework.attachments.services import FIELD as ATTACHMENTS
from casework.attachments.services import add_files
from casework.cases import submissions
from casework.cases.blueprint import bp
from casework.cases.forms import RELOAD, IntakeForm, QuickEntryForm, StaffReportForm
from casework.cases.models import Case
from casework.cases.services import create_case
from casework.core.extensions import db
from casework.core.refusals import refusals
from casework.core.taxonomy import catalogue
from casework.organisation.models import OrgNode
from casework.web.input_guard import takes_files

#: Session key of the case just registered: ``[id, number]``, and the minutes it may be taken
#: back in where the page offers Ångra; shown once.
REGISTERED = "cases.registered"


@bp.route("/cases/new", methods=["GET", "POST"])
@requires(REGISTERS_COMPLAINTS)
def new():
    """Quick entry of a klagomål, synpunkt or beröm, for those who may create them."""
    return _intake(QuickEntryForm, _units_or_403(COMPLAINTS), "cases/new.html", ".new",
                   undo=True)


@bp.route("/cases/report", methods=["GET", "POST"])
@requires(FILES_STAFF_REPORTS)
@takes_files
def report():
    """A staff member's avvikelserapport or lex Sarah-rapport, with any files attached."""
    return _intake(StaffReportForm, _units_or_403(STAFF_REPORTS), "cases/report.html", ".report")


def _units_or_403(case_types) -> list[OrgNode]:
    """The enheter where the current user may create ``case_types``; none (the route's need
    is held, but over no enhet) answers 403."""
    units = units_for(current_user, Action.CREATE, case_types)
    if not units:
        abort(403)
    return units


def _intake(form_class: type[IntakeForm], units: list[OrgNode], template: str, endpoint: str,
            undo: bool = False):
    """With ``undo`` the confirmation offers Ångra for the minutes the registrant may take the
    case back (casework.cases.corrections.withdraw_case)."""
    form = form_class(units, catalogue())
    if form.validate_on_submit() and (case := _register(form, units)):
        minutes = [current_app.config["WITHDRAW_WINDOW_MINUTES"]] if undo else []
        session[REGISTERED] = [case.id, case.number, *minutes]
        return redirect(url_for(endpoint))
    page = render_template(template, form=form, registered=session.pop(REGISTERED, None))
    return page, 400 if form.errors else 200


def _register(form: IntakeForm, units: list[OrgNode]) -> Case | None:
    """Create the case the form describes, or find the one an earlier submission of the same
    form created; on refusal, put the reason on the form."""
    unit = next(u for u in units if u.id == form.unit_id)
    if not can(current_user, Action.CREATE, form.case_type, unit):
        form.type.errors.append(f"Du får inte registrera den typen av ärende i {unit.name}.")
        return None
    return registered_once(form, lambda: _create(form))


def _create(form: IntakeForm) -> Case:
    """The case the form describes, with the files it carries (the staff report's), in one
    transaction: a refused file registers no case."""
    case = create_case(**form.case_fields(), registered_by_id=current_user.id)
    if ATTACHMENTS in form:
        add_files(case, form[ATTACHMENTS].files, by=current_user)
    return case


def registered_once(form, create: Callable[[], Case]) -> Case | None:
    """The case ``create`` registers for this submission of ``form``, or the one the form's
    first submission registered (casework.cases.submissions); None, with the reason on the
    form, when it is refused."""
    token = form.submission.data
    earlier = submissions.claim(token, current_user.id)
    if earlier is not None:
        if earlier.case_id is None:  # not this user's form
            form.submission.data = submissions.new_token()
            form.form_errors.append(RELOAD)
            return None
        return db.session.get(Case, earlier.case_id)
    with refusals(form) as refused:
        case = create()
    if refused:
        return None
    submissions.settle(token, case.id)
    trail.record("create", case_id=case.id, unit_id=case.unit_id)
    return case
