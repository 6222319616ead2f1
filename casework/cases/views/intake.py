"""Case pages: intake."""
from casework.cases.blueprint import bp  # noqa: F401
