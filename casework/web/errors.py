"""Swedish error pages. The body never carries a stack trace or the exception's text.

Every ``templates/errors/<code>.html`` is the page of that status: adding a template is all a new
page needs. A domain ``Conflict`` that no view turned into a page of its own (the case page shows
a stale save on ``cases/conflict.html``) answers the 409 page instead of a crash. A database that
cannot be reached (refused, restarting, a connection lost in the middle of a request, no
connection free in the pool) answers the 503 page: nothing was saved, try again shortly.
"""
import re

from flask import Flask, current_app, g, render_template, request
from sqlalchemy.exc import DBAPIError
from sqlalchemy.exc import TimeoutError as PoolTimeout
from werkzeug.exceptions import Conflict as HTTPConflict
from werkzeug.exceptions import HTTPException, ServiceUnavailable

from casework.api.problems import problem
from casework.api.views import is_api_path
from casework.core import unit_of_work
from casework.core.database import unreachable
from casework.core.errors import Conflict
from casework.core.extensions import login_manager

#: The headers of an HTTP error that an API problem keeps.
_KEPT_HEADERS = ("Allow", "Retry-After", "WWW-Authenticate")

_PAGE = re.compile(r"errors/(\d{3})\.html")
#: The errors among which a database away for the moment shows (``unreachable`` tells), and
#: the seconds the 503 page asks a client to wait before trying again.
DATABASE_ERRORS = (DBAPIError, PoolTimeout)
RETRY_AFTER = 10
#: Pages rendered without the database: they load no user.
BARE = (500, 503)


def register_errors(app: Flask) -> None:
    for code in pages(app):
        app.register_error_handler(code, _error_page)
    app.register_error_handler(Conflict, conflict_page)
    for error in DATABASE_ERRORS:
        app.register_error_handler(error, database_away)
    app.register_error_handler(HTTPException, _without_page)


def _without_page(error: HTTPException):
    """A status with no page of its own: a problem under /api, werkzeug's answer elsewhere."""
    if is_api_path(request.path):
        return _problem(error)
    return error


def _problem(error: HTTPException):
    """Under /api every error is a problem document (casework.api.problems), never a page."""
    kept = {k: v for k, v in error.get_response().headers.items() if k in _KEPT_HEADERS}
    return problem(error.code or 500, headers=kept)


def pages(app: Flask) -> list[int]:
    """The status codes with a page of their own in templates/errors/."""
    names = app.jinja_env.list_templates(filter_func=_PAGE.fullmatch)
    return sorted(int(_PAGE.fullmatch(name).group(1)) for name in names)


def _error_page(error: HTTPException):
    if is_api_path(request.path):
        return _problem(error)
    response = error.get_response()  # keeps the status and headers such as Allow
    bare = error.code in BARE
    if bare:
        # A crash may have broken the database session (the view's work is undone, but a
        # failed commit is undone only after this page), and the database may be away: the
        # page loads no user, not even through Flask-Login's template context.
        g._login_user = login_manager.anonymous_user()
    response.set_data(render_template(f"errors/{error.code}.html", bare=bare))
    return response


def database_away(error: Exception):
    """The 503 page, and a warning naming only the error's class: its text can carry a
    statement's parameters, which may be personal data. The unit of work is given up, since
    nothing can be written (casework.core.unit_of_work.abandon). Any other database error is
    a crash, for the 500 page."""
    if not unreachable(error):
        raise error
    cause = getattr(error, "orig", None) or error
    current_app.logger.warning("database unavailable (%s): answered 503 to %s %s",
                               type(cause).__name__, request.method, request.url_rule)
    unit_of_work.abandon()
    return _error_page(ServiceUnavailable(retry_after=RETRY_AFTER))


def conflict_page(error: Conflict):
    """The 409 page for a domain conflict that no view turned into a page of its own."""
    current_app.logger.info("conflict not handled by its view: %s", type(error).__name__)
    return _error_page(HTTPConflict())
