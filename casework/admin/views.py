"""The admin area's start page. The sections' routes live in their own modules, imported
here so that registering the blueprint registers them all."""
from flask import render_template

from casework.access.needs import ADMIN, requires
from casework.admin.blueprint import bp


@bp.get("")
@requires(ADMIN)
def index():
    return render_template("admin/index.html")


# The sections' routes.
from casework.admin import (  # noqa: F401
    catalogue_views,
    organisation_views,
    retention_views,
    rules_views,
    token_views,
    user_views,
)
