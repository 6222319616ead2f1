"""Input no part of the app can store: refused in one place, before any view runs.

A NUL character cannot be stored in PostgreSQL text, and no person types one: a request
carrying one in its path, its query or its form (names or values) is answered 400. Integers out
of the database's range are refused where they are read: the ``int`` of every URL rule stops at
``DB_INT_MAX`` (so ``/cases/2147483648`` is a 404), and forms and page links read theirs with
``casework.core.columns.db_int``.
"""
from flask import Flask, abort, request
from werkzeug.routing import IntegerConverter

from casework.core.columns import DB_INT_MAX


class DatabaseInt(IntegerConverter):
    """``<int:...>`` in a URL rule: a value an integer column can hold, else no match."""

    def __init__(self, url_map, fixed_digits=0, min=None, max=DB_INT_MAX, signed=False):
        super().__init__(url_map, fixed_digits, min, max, signed)


def register_input_guard(app: Flask) -> None:
    """Install the converter (before any URL rule is added) and the NUL check."""
    app.url_map.converters["int"] = DatabaseInt

    @app.before_request
    def _refuse_nul() -> None:
        if "\0" in request.path or any(_has_nul(data) for data in (request.args, request.form)):
            abort(400)


def _has_nul(data) -> bool:
    return any("\0" in key or "\0" in value for key, value in data.items(multi=True))
