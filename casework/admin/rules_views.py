"""Deadline rules per district (/admin/tidsfrister): the admin's districts, a district's rules,
and one rule's form and history. A district out of the admin's grants, or a rule the file does
not have, is 404."""
from flask import abort, flash, redirect, render_template, url_for
from flask_login import current_user

from casework.access.needs import ADMIN, requires
from casework.admin.blueprint import bp
from casework.admin.rule_forms import UNIT_WORDS, VALUE_WORDS, ResetForm, RuleForm
from casework.core.case_types import CASE_TYPE_LABELS
from casework.core.errors import UnknownValue
from casework.core.refusals import refusals
from casework.deadlines import overrides


def district_or_404(district_id: int):
    """The district, if its rules are the admin's; else 404."""
    found = next((node for node in overrides.districts_of_admin(current_user)
                  if node.id == district_id), None)
    if found is None:
        abort(404)
    return found


def state_or_404(rule_state, district_id: int, key: str):
    """``rule_state(district_id, key)``, 404 for a rule the file does not have."""
    try:
        return rule_state(district_id, key)
    except UnknownValue:
        abort(404)


@bp.get("/tidsfrister")
@requires(ADMIN)
def rules_index():
    """The admin's districts; with one, straight its rules."""
    districts = overrides.districts_of_admin(current_user)
    if len(districts) == 1:
        return redirect(url_for(".district_rules", district_id=districts[0].id))
    return render_template("admin/rules_index.html", districts=districts)


@bp.get("/tidsfrister/<int:district_id>")
@requires(ADMIN)
def district_rules(district_id: int):
    district = district_or_404(district_id)
    return render_template("admin/rules_district.html", district=district, units=UNIT_WORDS,
                           states=overrides.rule_states(district.id),
                           type_labels=CASE_TYPE_LABELS,
                           several=len(overrides.districts_of_admin(current_user)) > 1)


@bp.route("/tidsfrister/<int:district_id>/<rule_key>", methods=["GET", "POST"])
@requires(ADMIN)
def rule(district_id: int, rule_key: str):
    """One rule: its form, saved for the district, and its history."""
    district = district_or_404(district_id)
    state = state_or_404(overrides.rule_state, district.id, rule_key)
    form = RuleForm(state)
    if not form.validate_on_submit():
        return _page(district, state, form), 400 if form.errors else 200
    with refusals(form) as refused:
        overrides.set_rule(district.id, rule_key, form.values(), by=current_user.id)
    if refused:
        return _page(district, state, form), 400
    flash(f"Tidsfristen ”{state.rule.label}” är sparad för {district.name}.", "success")
    return redirect(url_for(".rule", district_id=district.id, rule_key=rule_key))


@bp.post("/tidsfrister/<int:district_id>/<rule_key>/aterstall")
@requires(ADMIN)
def reset_rule(district_id: int, rule_key: str):
    """Återställ till standard: the file's values again."""
    district = district_or_404(district_id)
    state = state_or_404(overrides.rule_state, district.id, rule_key)
    if not ResetForm().validate_on_submit():
        abort(400)
    overrides.reset_rule(district.id, rule_key, by=current_user.id)
    flash(f"Tidsfristen ”{state.rule.label}” har standardvärdena igen.", "success")
    return redirect(url_for(".rule", district_id=district.id, rule_key=rule_key))


def _page(district, state, form):
    return render_template("admin/rules_rule.html", district=district, state=state, form=form,
                           reset=ResetForm(), units=UNIT_WORDS, words=VALUE_WORDS,
                           history=overrides.history(district.id, state.rule.key))
