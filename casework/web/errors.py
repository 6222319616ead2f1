"""Swedish error pages. The body never carries a stack trace or the exception's text."""
from flask import Flask, render_template
from werkzeug.exceptions import HTTPException

#: Codes with a page of their own in templates/errors/; others keep Werkzeug's plain page.
PAGES = (400, 403, 404, 405, 500)


def register_errors(app: Flask) -> None:
    for code in PAGES:
        app.register_error_handler(code, _error_page)


def _error_page(error: HTTPException):
    response = error.get_response()  # keeps the status and headers such as Allow
    # After a crash the database session may be broken; the 500 page does not load the user.
    response.set_data(render_template(f"errors/{error.code}.html", bare=error.code == 500))
    return response
