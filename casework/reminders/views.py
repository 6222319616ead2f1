"""The reminders in the app: the admins' page of failing addresses, and the clocks and recent
reminders that case and start pages show."""
from datetime import datetime

from flask import Blueprint, render_template

from casework.access.needs import ADMIN, requires
from casework.cases.clocks import clocks_of
from casework.core.clock import app_zone, local_today, utcnow
from casework.deadlines import deadline_rules
from casework.deadlines.calendar import working_days_between
from casework.deadlines.rules import Clock
from casework.reminders.queries import failing_addresses

bp = Blueprint("reminders", __name__)


@bp.app_template_global()
def case_clocks(case):
    """The deadlines of a case for ``cases/_clocks.html``."""
    return clocks_of(case)


@bp.get("/admin/e-post")
@requires(ADMIN)
def failing():
    return render_template("reminders/failing.html", addresses=failing_addresses())


@bp.app_template_filter()
def time_left(clock: Clock) -> str:
    """``3 arbetsdagar kvar``, ``31 timmar kvar``, ``Sista dagen i dag``, ``Försenad`` or
    ``Klar``, as the case page shows each clock."""
    now = utcnow()
    if clock.done:
        return "Klar"
    if clock.due_at <= now:
        return "Försenad"
    if clock.rule.hours is not None:
        hours = int((clock.due_at - now).total_seconds() // 3600)
        return f"{hours} {'timme' if hours == 1 else 'timmar'} kvar"
    today = local_today()
    if clock.due_on == today:
        return "Sista dagen i dag"
    if clock.rule.working_days is not None:
        days = working_days_between(today, clock.due_on, deadline_rules().holiday_categories)
        return f"{days} {'arbetsdag' if days == 1 else 'arbetsdagar'} kvar"
    days = (clock.due_on - today).days
    return f"{days} {'dag' if days == 1 else 'dagar'} kvar"


@bp.app_template_filter()
def time_left_class(clock: Clock) -> str:
    """The tag style of a clock's state: late, due within a day (soon), done, or none."""
    now = utcnow()
    if clock.done:
        return "tag--done"
    if clock.due_at <= now:
        return "tag--late"
    if (clock.due_at - now).total_seconds() < 24 * 3600 or clock.due_on <= local_today():
        return "tag--soon"
    return ""


@bp.app_template_filter()
def clock_time(moment: datetime) -> str:
    """``15:30`` in the app's time zone."""
    return moment.astimezone(app_zone()).strftime(
        "%H:%M")
