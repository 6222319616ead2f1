"""Swedish error pages. The body never carries a stack trace or the exception's text.

Every ``templates/errors/<code>.html`` is the page of that status: adding a template is all a new
page needs. A domain ``Conflict`` that no view turned into a page of its own (the case page shows
a stale save on ``cases/conflict.html``) answers the 409 page instead of a crash.
"""
import re

from flask import Flask, current_app, render_template, request
from werkzeug.exceptions import Conflict as HTTPConflict
from werkzeug.exceptions import HTTPException

from casework.api.problems import problem
from casework.api.views import is_api_path
from casework.core.errors import Conflict

#: The headers of an HTTP error that an API problem keeps.
_KEPT_HEADERS = ("Allow", "Retry-After", "WWW-Authenticate")

_PAGE = re.compile(r"errors/(\d{3})\.html")


def register_errors(app: Flask) -> None:
    for code in pages(app):
        app.register_error_handler(code, _error_page)
    app.register_error_handler(Conflict, conflict_page)
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
    # A crash may have broken the database session (the view's work is undone, but a failed
    # commit is undone only after this page): the 500 page does not load the user.
    response.set_data(render_template(f"errors/{error.code}.html", bare=error.code == 500))
    return response


def conflict_page(error: Conflict):
    """The 409 page for a domain conflict that no view turned into a page of its own."""
    current_app.logger.info("conflict not handled by its view: %s", type(error).__name__)
    return _error_page(HTTPConflict())
