"""Retention (/admin/gallring): what the job anonymises in the next 90 days and what it has
anonymised, the legal holds, and, for an admin, a förvaltning's retention rules. The enhetschef
and the admin see the cases of their grants' subtrees; the case page carries the hold's form
for them (``case_part``) and, for every reader, the notice of an anonymised case. A case out of
the user's reach is 404 (or, by number, the same message as a number that does not exist)."""
import sqlalchemy as sa
from flask import abort, flash, redirect, render_template, url_for
from flask_login import current_user

from casework import trail
from casework.access.needs import ADMIN, MANAGES_RETENTION, requires
from casework.access.policy import Action, can_on_case, may_hold
from casework.admin.blueprint import bp
from casework.retention.forms import CaseHoldForm, HoldForm, YearsForm
from casework.admin.rule_forms import ResetForm
from casework.admin.rules_views import district_or_404, state_or_404
from casework.cases.models import Case
from casework.cases.views.detail import READER_PARTS
from casework.core.clock import local_today
from casework.core.extensions import db
from casework.core.refusals import refusals
from casework.deadlines.overrides import districts_of_admin
from casework.retention import overrides, retention_rules, services
from casework.retention.overview import overview

#: How a rule counts, in words.
COUNTED_FROM = {"closed": "efter avslut", "last_entry": "efter senaste anteckning"}


def case_part(case: Case, user) -> dict:
    """The case page's retention notice, and the hold (its form) for an enhetschef or admin."""
    logged = services.anonymised(case.id)
    holds = may_hold(user, case)
    return {"retention": {
        "logged": logged,
        "rule": retention_rules().rule(logged.rule_key) if logged else None,
        "counted_from": COUNTED_FROM,
        "may_hold": holds,
        "hold": services.hold_of(case.id) if holds else None,
        "hold_form": CaseHoldForm(number=case.number, formdata=None)
        if holds and not logged else None,
        "lift_form": ResetForm(formdata=None),
    }}


READER_PARTS.append(case_part)


@bp.get("/gallring")
@requires(MANAGES_RETENTION)
def retention():
    return _page(HoldForm(formdata=None))


@bp.post("/gallring/sparr")
@requires(MANAGES_RETENTION)
def place_hold():
    """Put a hold on the case of the number given: from this page or the case page."""
    form = HoldForm()
    if not form.validate_on_submit():
        return _page(form), 400
    case = db.session.scalar(sa.select(Case).where(Case.number == form.number.data))
    if case is None or not may_hold(current_user, case):
        form.number.errors = ["Det finns inget ärende med det numret som du kan spärra."]
        return _page(form), 400
    with refusals(form) as refused:
        services.place_hold(case, form.reason.data, current_user)
    if refused:
        return _page(form), 400
    flash(f"Ärende {case.number} är spärrat mot gallring.", "success")
    return _back_to(case)


@bp.post("/gallring/sparr/<int:case_id>/hav")
@requires(MANAGES_RETENTION)
def lift_hold(case_id: int):
    case = db.session.get(Case, case_id)
    if case is None or not may_hold(current_user, case):
        abort(404)
    if not ResetForm().validate_on_submit():
        abort(400)
    with refusals(ResetForm()) as refused:
        services.lift_hold(case, current_user)
    if refused:  # lifted already (a double submit): say so where the user goes back to
        flash(str(refused.error), "info")
    else:
        flash(f"Spärren mot gallring är hävd för ärende {case.number}.", "success")
    return _back_to(case)


@bp.get("/gallring/regler/<int:district_id>")
@requires(ADMIN)
def retention_rules_page(district_id: int):
    district = district_or_404(district_id)
    return _rules_page(district, {})


@bp.post("/gallring/regler/<int:district_id>/<rule_key>")
@requires(ADMIN)
def retention_rule(district_id: int, rule_key: str):
    district = district_or_404(district_id)
    state = state_or_404(overrides.rule_state, district.id, rule_key)
    form = YearsForm(state.default.least_years)
    if form.validate_on_submit():
        with refusals(form) as refused:
            overrides.set_years(district.id, rule_key, form.value, by=current_user.id)
        if not refused:
            flash(f"Gallringsregeln ”{state.rule.label}” är sparad för {district.name}.",
                  "success")
            return redirect(url_for(".retention_rules_page", district_id=district.id))
    return _rules_page(district, {rule_key: form}), 400


@bp.post("/gallring/regler/<int:district_id>/<rule_key>/aterstall")
@requires(ADMIN)
def reset_retention_rule(district_id: int, rule_key: str):
    district = district_or_404(district_id)
    state = state_or_404(overrides.rule_state, district.id, rule_key)
    if not ResetForm().validate_on_submit():
        abort(400)
    overrides.reset_rule(district.id, rule_key, by=current_user.id)
    flash(f"Gallringsregeln ”{state.rule.label}” har standardvärdet igen.", "success")
    return redirect(url_for(".retention_rules_page", district_id=district.id))


def _back_to(case: Case):
    if can_on_case(current_user, Action.VIEW, case):
        return redirect(url_for("cases.detail", case_id=case.id, _anchor="gallring"))
    return redirect(url_for(".retention"))


def _page(form: HoldForm):
    view = overview(current_user, local_today())
    trail.record("list", shown=[listed.id for listed, _ in view.due])
    return render_template("admin/retention.html", view=view, form=form, lift=ResetForm(),
                           districts=districts_of_admin(current_user),
                           counted_from=COUNTED_FROM)


def _rules_page(district, forms: dict):
    states = overrides.rule_states(district.id)
    return render_template(
        "admin/retention_rules.html", district=district, states=states,
        counted_from=COUNTED_FROM, reset=ResetForm(),
        audit_years=retention_rules().audit_keep_years,
        forms={state.rule.key: forms.get(state.rule.key) or YearsForm(
            state.default.least_years, years=str(state.rule.years), formdata=None)
            for state in states},
        history={state.rule.key: overrides.rule_history(district.id, state.rule.key)
                 for state in states})
