from datetime import date, datetime, timezone

from flask import current_app, render_template
from flask_babel import format_date
from flask_login import current_user

from casework import trail
from casework.access.needs import PUBLIC, SIGNED_IN, requires
from casework.access.policy import handles_cases
from casework.auth.models import Role
from casework.cases import queries, urgency
from casework.core.clock import local_today
from casework.followup.queries import reopen_requested
from casework.reminders.queries import recent_for
from casework.reports.key_figures import (
    chart_svg,
    key_figure_nodes,
    key_figure_units,
    key_figures,
)
from casework.web import bp
from casework.web.navigation import menu, tasks_by_role

#: Roles whose start page lists the cases they registered.
REGISTERING = {Role.PLANERARE, Role.MEDARBETARE}


@bp.get("/")
@requires(SIGNED_IN)
def start():
    """Per role held: what needs a handler now, a manager's key figures for their enheter,
    registering and what they registered for the rest. What it shows is in the audit trail."""
    user, roles, today = current_user, current_user.roles(), local_today()
    grants = sorted(user.grants, key=lambda g: (list(Role).index(g.role), g.node.name))
    handler = handles_cases(user)
    needs = urgency.urgent(user, today) if handler else None
    reopen = reopen_requested(user, today) if handler else []
    registered = queries.registered_by(user, today) if roles & REGISTERING else None
    arrived = queries.from_e_service(user, today) if Role.PLANERARE in roles else None
    figures = _key_figures(user, today)
    shown = [row.case.id for row in needs.rows] if needs else []
    shown += [row.id for row in reopen]
    shown += [row.id for row in registered or []] + [row.id for row in arrived or []]
    if shown:
        trail.record("list", shown=shown)
    return render_template(
        "web/start.html",
        grants=grants,
        tasks=tasks_by_role(roles),
        today=datetime.now(timezone.utc),
        needs=needs,
        reopen=reopen,
        due_soon_days=urgency.DUE_SOON_DAYS,
        figures=figures,
        chart=chart_svg(figures) if figures else None,
        planner=Role.PLANERARE in roles,
        registered=registered,
        arrived=arrived,
        reminders=recent_for(user),
    )


@bp.get("/tillganglighet")
@requires(PUBLIC)
def accessibility():
    """The accessibility statement the law on accessible public digital services asks for,
    with the address to report problems to."""
    return render_template("web/accessibility.html",
                           contact=current_app.config["ACCESSIBILITY_CONTACT"])


def _key_figures(user, today: date):
    """The key figures of an enhetschef's or områdeschef's enheter, their read recorded per
    node granted, as a report read is; None for the other roles."""
    units = key_figure_units(user)
    if not units:
        return None
    figures = key_figures(units, today)
    for node in key_figure_nodes(user):
        trail.record("report_view", unit_id=node.id, report="nyckeltal",
                     **{"from": figures.tertial.start.isoformat(), "to": today.isoformat()})
    return figures


@bp.app_template_filter("date")
def long_date(value: date | datetime) -> str:
    """``14 mars 2025``; a datetime is shown as its date in the configured time zone."""
    return format_date(value, "d MMMM y")


@bp.app_context_processor
def navigation() -> dict:
    def items():
        return menu(current_user.roles()) if current_user.is_authenticated else []

    return {"menu": items}
