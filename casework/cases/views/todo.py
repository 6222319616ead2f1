"""Case pages: Att göra, everything that needs the handler now, most urgent first: the start
page's "Behöver dig nu" in full, a page at a time."""
from flask import abort, render_template, request
from flask_login import current_user

from casework import trail
from casework.access.needs import HANDLES, requires
from casework.cases import urgency
from casework.cases.blueprint import bp
from casework.core.clock import local_today

#: Pages beyond this are not asked for by any link (and keep OFFSET within every database's
#: integers).
LAST_PAGE = 100_000


@bp.get("/att-gora")
@requires(HANDLES)
def todo():
    page = _page_number()
    size = urgency.PAGE_SIZE
    found = urgency.urgent(current_user, local_today(), limit=size, offset=(page - 1) * size)
    if page > 1 and not found.rows:
        abort(404)
    trail.record("list", shown=[row.case.id for row in found.rows])
    return render_template("cases/todo.html", urgent=found, page=page,
                           pages=max(1, -(-found.total // size)),
                           apt=urgency.apt_waiting(current_user),
                           due_soon_days=urgency.DUE_SOON_DAYS)


def _page_number() -> int:
    """``?sida=N``; a page no link gives (not a number, 0, too far) answers 404."""
    text = request.args.get("sida", "1")
    if not (text.isascii() and text.isdigit()) or not 1 <= int(text) <= LAST_PAGE:
        abort(404)
    return int(text)
