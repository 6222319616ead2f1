"""The access-log checks: /audit/kontroller (the enheter's weeks) and one enhet's week, with its
sample, its anomalies and its sign-off. For the enhetschef and the admin (``READS_AUDIT``),
over the enheter of their subtrees; another enhet, or a week that does not exist or has not
begun, answers 404. Each page view and the sign-off are in the audit trail."""
from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_login import current_user

from casework import trail
from casework.access.needs import READS_AUDIT, requires
from casework.access.policy import Action, can
from casework.core import unit_of_work
from casework.core.case_types import CaseType
from casework.core.refusals import refusals
from casework.logchecks import checks, queries, services, weeks
from casework.logchecks.forms import SignOffForm

bp = Blueprint("logchecks", __name__)

#: The weeks the overview shows at a time, the newest first.
PAGE_WEEKS = 8
WEEK_RULE = "/audit/kontroller/<int:unit_id>/<int:year>/<int:week>"


@bp.get("/audit/kontroller")
@requires(READS_AUDIT)
def index():
    newest = weeks.current()
    if "ar" in request.args or "vecka" in request.args:
        newest = _week_or_404(request.args.get("ar", ""), request.args.get("vecka", ""))
    shown = [newest.before(n) for n in range(PAGE_WEEKS)]
    trail.record("log_check_list", year=newest.year, week=newest.number)
    return render_template("logchecks/index.html", weeks=shown, current=weeks.current(),
                           rows=queries.overview(queries.units(current_user), shown),
                           newer=_newer(newest), older=_older(shown[-1]))


# One rule for both methods: Werkzeug answers a POST to a path whose number is out of range
# with 405 when the GET is a rule of its own, and such a path must be a 404.
@bp.route(WEEK_RULE, methods=["GET", "POST"])
@requires(READS_AUDIT)
def week(unit_id: int, year: int, week: int):
    unit, chosen = _unit_week_or_404(unit_id, year, week)
    check = queries.check(unit, chosen)
    if request.method == "POST":
        return _sign(check)
    return _page(check, SignOffForm())


def _sign(check: checks.Check):
    """Sign the check off once, however often the form is sent."""
    here = url_for(".week", unit_id=check.unit.id, year=check.week.year, week=check.week.number)
    form = SignOffForm()
    try:
        if check.signed is not None:  # a second sign-off, the second click of a double one
            raise services.AlreadySigned(check.signed)
        if not form.validate():
            return _page(check, form, status=400)
        with refusals(form) as refused:
            services.sign_off(current_user, check, form.comment.data)
    except services.AlreadySigned as already:
        unit_of_work.rollback()
        flash(str(already), "error")
        return redirect(here, 303)
    if refused:
        return _page(check, form, status=400)
    flash(f"Kontrollen av {check.week.label} är signerad.", "success")
    return redirect(here, 303)


def _page(check: checks.Check, form: SignOffForm, status: int = 200):
    trail.record("log_check_view", unit_id=check.unit.id, year=check.week.year,
                 week=check.week.number)
    readers = {read.user_id for read in check.sample}
    readers |= {anomaly.user_id for anomaly in check.anomalies}
    page = render_template(
        "logchecks/week.html", check=check, form=form,
        names=checks.reader_names(check.unit, readers),
        # The case numbers link to the case for those who may read it (not the admin).
        linked={case_type for case_type in CaseType
                if can(current_user, Action.VIEW, case_type, check.unit)},
        current=weeks.current(), older=check.week.before(),
        newer=check.week.after() if check.week.ended else None)
    return page, status


def _unit_week_or_404(unit_id: int, year: int, week: int):
    unit = queries.unit_or_none(current_user, unit_id)
    if unit is None:
        abort(404)
    return unit, _week_or_404(year, week)


def _week_or_404(year, number) -> weeks.Week:
    found = weeks.parse(year, number)
    if found is None:
        abort(404)
    return found


def _newer(newest: weeks.Week) -> weeks.Week | None:
    """The newest week of the next page of the overview towards today, if there is one."""
    if not newest.ended:
        return None
    return min(newest.before(-PAGE_WEEKS), weeks.current())


def _older(oldest: weeks.Week) -> weeks.Week | None:
    before = oldest.before()
    return before if before.year >= weeks.FIRST_YEAR else None
