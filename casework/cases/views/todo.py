"""Case pages: Att göra, the handler's list of what waits for them."""
from flask import abort, render_template
from flask_login import current_user, login_required

from casework.access.policy import handles_cases
from casework.audit import trail
from casework.cases import queries
from casework.cases.blueprint import bp
from casework.cases.services import local_today


@bp.get("/att-gora")
@login_required
def todo():
    if not handles_cases(current_user):
        abort(403)
    sections = queries.todo(current_user, local_today())
    trail.record("list", shown=[row.id for section in sections for row in section.rows])
    return render_template("cases/todo.html", sections=sections)
