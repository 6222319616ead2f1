"""Case pages. Importing this package registers every view module's routes on ``bp``."""
from casework.cases.blueprint import bp
from casework.cases.views import corrections, detail, imports, intake, listing, todo  # noqa: F401

__all__ = ["bp"]
