"""Fixtures of the access tests: the world of tests/access/matrix.py."""
import pytest

from tests.access.matrix import build_world


@pytest.fixture
def world(app_ctx):
    return build_world()
