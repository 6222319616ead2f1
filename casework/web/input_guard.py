"""Input no part of the app can store: refused in one place, before any view runs.

A NUL character cannot be stored in PostgreSQL text, and no person types one: a request
carrying one in its path, its query or its form (names or values) is answered 400. Integers out
of the database's range are refused where they are read: the ``int`` of every URL rule stops at
``DB_INT_MAX`` (so ``/cases/2147483648`` is a 404), and forms and page links read theirs with
``casework.core.columns.db_int``.

A request body is at most ``MAX_CONTENT_LENGTH`` bytes, except on the routes that take
attachments (``takes_files``): there it may hold ``ATTACHMENT_MAX_FILES`` files of
``ATTACHMENT_MAX_MB`` and 1 MiB of form besides, so that a file over its limit is named at its
field by the service. A larger body is answered 413 before it is read.
"""
from flask import Flask, abort, current_app, request
from werkzeug.routing import IntegerConverter

from casework.core.columns import DB_INT_MAX


class DatabaseInt(IntegerConverter):
    """``<int:...>`` in a URL rule: a value an integer column can hold, else no match."""

    def __init__(self, url_map, fixed_digits=0, min=None, max=DB_INT_MAX, signed=False):
        super().__init__(url_map, fixed_digits, min, max, signed)


#: The attribute of a view function that takes files (``takes_files``).
_TAKES_FILES = "casework_takes_files"
_MIB = 1024 * 1024


def takes_files(view):
    """Mark ``view`` as taking attachments: its request body may be as large as they are."""
    setattr(view, _TAKES_FILES, True)
    return view


def upload_limit(config) -> int:
    """The largest body of a route that takes files, in bytes."""
    return config["ATTACHMENT_MAX_FILES"] * config["ATTACHMENT_MAX_MB"] * _MIB + _MIB


def register_input_guard(app: Flask) -> None:
    """Install the converter (before any URL rule is added), the body's limit and the NUL
    check."""
    app.url_map.converters["int"] = DatabaseInt

    def _limit_body() -> None:
        view = current_app.view_functions.get(request.endpoint)
        if getattr(view, _TAKES_FILES, False):
            request.max_content_length = upload_limit(current_app.config)

    # Before every other function (CSRF reads the form too); the unit of work opens before it.
    app.before_request_funcs.setdefault(None, []).insert(0, _limit_body)

    @app.before_request
    def _refuse_nul() -> None:
        if "\0" in request.path or any(_has_nul(data) for data in (request.args, request.form)):
            abort(400)


def _has_nul(data) -> bool:
    return any("\0" in key or "\0" in value for key, value in data.items(multi=True))
