from datetime import date, datetime, timezone

from flask import render_template
from flask_babel import format_date
from flask_login import current_user, login_required

from casework.auth.models import Role
from casework.web import bp
from casework.web.navigation import nav_items, tasks_by_role


@bp.get("/")
@login_required
def start():
    grants = sorted(current_user.grants, key=lambda g: (list(Role).index(g.role), g.node.name))
    return render_template(
        "web/start.html",
        grants=grants,
        tasks=tasks_by_role(current_user.roles()),
        today=datetime.now(timezone.utc),
    )


@bp.app_template_filter("date")
def long_date(value: date | datetime) -> str:
    """``14 mars 2025``; a datetime is shown as its date in the configured time zone."""
    return format_date(value, "d MMMM y")


@bp.app_context_processor
def navigation() -> dict:
    def items():
        return nav_items(current_user.roles()) if current_user.is_authenticated else []

    return {"nav_items": items}
