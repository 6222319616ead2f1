"""The OpenAPI document and its reference page: open to anyone, as they describe the API and
hold no data."""
from functools import cache

from flask import current_app, render_template

from casework.access.needs import PUBLIC, requires
from casework.api import reference
from casework.api.openapi import DESCRIPTION, document
from casework.api.views import OPERATIONS, bp


@cache
def _document() -> dict:
    return document(OPERATIONS)


@bp.get("/openapi.json")
@requires(PUBLIC)
def openapi():
    return current_app.json.response(_document())


@bp.get("/docs")
@requires(PUBLIC)
def docs():
    spec = _document()
    # Bare: the page has no menu, and an API client calling it is no one signed in.
    return render_template("api/docs.html", bare=True, info=spec["info"],
                           paragraphs=DESCRIPTION.split("\n\n"),
                           operations=reference.operations(spec),
                           schemas=reference.schemas(spec),
                           problems=reference.problem_kinds())
