"""The page frame: start page, navigation, error pages and template helpers."""
from flask import Blueprint

bp = Blueprint("web", __name__)

from casework.web import views  # noqa: E402,F401  (registers the routes on bp)
