"""Case numbers: ``YYYY-NNNN`` per received year, handed out once, in blocks for bulk inserts."""
import pytest

from casework.cases.models import CaseNumberCounter
from casework.cases.numbering import format_number, next_number, reserve
from casework.core.extensions import db


def test_numbers_are_padded_to_four_digits_and_grow_past_them():
    assert format_number(2025, 7) == "2025-0007"
    assert format_number(2025, 9999) == "2025-9999"
    assert format_number(2025, 12345) == "2025-12345"


def test_each_year_has_its_own_sequence(app_ctx):
    assert [next_number(2024), next_number(2024), next_number(2025)] == [
        "2024-0001", "2024-0002", "2025-0001"
    ]
    assert next_number(2024) == "2024-0003"


def test_a_block_is_consecutive_and_the_next_number_follows_it(app_ctx):
    assert reserve(2023) == 1
    assert reserve(2023, 500) == 2
    assert reserve(2023) == 502
    assert db.session.get(CaseNumberCounter, 2023).last == 502


def test_an_empty_block_is_refused(app_ctx):
    with pytest.raises(ValueError):
        reserve(2023, 0)
