"""The legal steps act on cases: the case tests' unit and deputy manager."""
from tests.cases.conftest import manager, unit  # noqa: F401
