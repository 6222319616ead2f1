"""Case pages: detail."""
from casework.cases.blueprint import bp  # noqa: F401
