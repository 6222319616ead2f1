"""The admin area's start page. The sections' routes live in their own modules, imported
here so that registering the blueprint registers them all."""
from flask import render_template

from casework.access.needs import ADMIN, requires
from casework.admin.blueprint import bp


@bp.get("")
@requires(ADMIN)
def index():
    return render_template("admin/index.html")


from casework.admin import catalogue_views, rules_views  # noqa: F401  (rules, categories)
