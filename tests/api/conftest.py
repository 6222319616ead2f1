import pytest

from casework.core.extensions import db
from tests import factories
from tests.api.helpers import make_token


@pytest.fixture
def units(app_ctx):
    """F → O → enheter A and B, committed (the test's transaction rolls them back)."""
    f = factories.node("forvaltning", "Förvaltningen", code="AF")
    o = factories.node("omrade", "Område", f, code="AO")
    a = factories.node("enhet", "Enhet Alfa", o, code="AA")
    b = factories.node("enhet", "Enhet Beta", o, code="AB")
    db.session.commit()
    return {"F": f, "O": o, "A": a, "B": b}


@pytest.fixture
def write_a(units):
    return make_token(units["A"], "write")


@pytest.fixture
def read_a(units):
    return make_token(units["A"], "read")
