"""The cases blueprint; its views live in ``casework.cases.views``, one module per page group."""
from flask import Blueprint

bp = Blueprint("cases", __name__)
