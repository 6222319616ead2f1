"""Case pages: listing."""
from casework.cases.blueprint import bp  # noqa: F401
