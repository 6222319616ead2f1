"""A unit with its managers, complaints whose clocks started at a chosen moment, and a real
SMTP server the app sends to."""
from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest

from casework.cases.clocks import refresh_clocks
from casework.core.extensions import db
from tests import factories

STOCKHOLM = ZoneInfo("Europe/Stockholm")
#: A Monday. The complaint's acknowledgement is due Wednesday 12 March (2 working days), its
#: reminder goes out Tuesday 11 March at 07:00, and the deadline is missed at midnight.
RECEIVED = date(2025, 3, 10)
SAVED_AT = datetime(2025, 3, 10, 9, 0, tzinfo=STOCKHOLM)


def at(day: int, hour: int = 0, minute: int = 0) -> datetime:
    """A moment in March 2025, Stockholm time."""
    return datetime(2025, 3, day, hour, minute, tzinfo=STOCKHOLM)


@pytest.fixture
def unit(app_ctx):
    return factories.node("enhet", "Aspudden hemtjänst",
                          factories.node("omrade", "Område 1", code="O1"), "ASP")


@pytest.fixture
def people(unit):
    """The unit's biträdande enhetschef, enhetschef and a handler (also a biträdande)."""
    return {
        "bitradande": factories.user("bitradande_enhetschef", unit, email="bea@stad.example"),
        "chef": factories.user("enhetschef", unit, email="chef@stad.example"),
        "handler": factories.user("bitradande_enhetschef", unit, email="hanna@stad.example"),
    }


def complaint(unit, handler=None, received_on: date = RECEIVED, **fields):
    """A complaint saved at SAVED_AT (its clocks as the service left them at that moment)."""
    case = factories.case(unit, "klagomal", received_on,
                          description="Personnummer 19400101-1234 glömdes", **fields)
    case.handler = handler
    refresh_clocks(case, SAVED_AT)
    db.session.flush()
    return case
