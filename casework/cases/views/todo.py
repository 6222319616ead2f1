"""Case pages: todo."""
from casework.cases.blueprint import bp  # noqa: F401
