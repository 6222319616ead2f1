"""``casework retention run``: its output, and a day it cannot run for refused with a clear
message and a non-zero exit, changing nothing."""
from datetime import date

import pytest

from casework.core.case_types import CLOSED_STATUS
from casework.core.extensions import db
from tests import factories
from tests.retention.world import anonymised_ids


@pytest.fixture
def closed(app_ctx):
    unit = factories.node("enhet", "Enhet C", factories.node("forvaltning", "Förvaltning C"))
    case = factories.case(unit, received_on=date(2020, 1, 2))
    case.status, case.closed_on = CLOSED_STATUS, date(2020, 1, 3)
    db.session.flush()
    return case


@pytest.mark.parametrize(("value", "message"), [
    ("0001-01-01", "0001-01-01 is out of range; give a day from 1900-01-01 to 2199-12-31"),
    ("9999-12-31", "9999-12-31 is out of range"),
    ("garbage", "'garbage' is not a date; give YYYY-MM-DD"),
    ("2025-02-30", "is not a date"),
    ("", "is not a date"),
])
def test_a_day_it_cannot_run_for_is_refused(cli, closed, value, message):
    done = cli.invoke(args=["retention", "run", "--now", value])
    assert done.exit_code == 2 and message in done.output
    assert anonymised_ids() == set()


def test_it_prints_the_cases_per_rule_and_unit(cli, closed):
    dry = cli.invoke(args=["retention", "run", "--now", "2023-01-04", "--dry-run"])
    assert dry.exit_code == 0, dry.output
    assert dry.output.splitlines() == [
        f"complaints\t{closed.unit.code}\t1",
        "2023-01-04: would anonymise 1 cases; audit trail: would prune 0 rows from before "
        "2018-01-04"]
    assert anonymised_ids() == set()
    done = cli.invoke(args=["retention", "run", "--now", "2023-01-04"])
    assert "2023-01-04: anonymised 1 cases" in done.output and anonymised_ids() == {closed.id}
