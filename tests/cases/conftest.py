"""Fixtures shared by the case tests: a unit in an område, and its deputy manager."""
import pytest

from tests import factories


@pytest.fixture
def unit(app_ctx):
    return factories.node("enhet", "Aspudden hemtjänst", factories.node("omrade", "Område 1"))


@pytest.fixture
def manager(unit):
    return factories.user("bitradande_enhetschef", unit, name="Bea Biträdande")
