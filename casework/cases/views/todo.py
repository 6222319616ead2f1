"""Case pages: Att göra, the handler's list of what waits for them."""
from flask import render_template
from flask_login import current_user

from casework import trail
from casework.access.needs import HANDLES, requires
from casework.cases import queries
from casework.cases.blueprint import bp
from casework.core.clock import local_today


@bp.get("/att-gora")
@requires(HANDLES)
def todo():
    sections = queries.todo(current_user, local_today())
    trail.record("list", shown=[row.id for section in sections for row in section.rows])
    return render_template("cases/todo.html", sections=sections)
