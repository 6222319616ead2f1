"""A unit whose område has a postal address, its deputy (who answers), its enhetschef, and a
klagomål from a relative who left an e-mail address, with one åtgärd and a handler."""
from datetime import date

import pytest

from casework.cases import handling
from casework.core.extensions import db
from casework.replies import services
from tests import factories

ADDRESS = "Box 4046\n129 04 Hägersten"


@pytest.fixture
def area(app_ctx):
    area = factories.node("omrade", "Hemtjänst Hägersten", factories.node("forvaltning"))
    area.postal_address = ADDRESS
    return area


@pytest.fixture
def unit(area):
    return factories.node("enhet", "Aspudden hemtjänst", area)


@pytest.fixture
def deputy(unit):
    return factories.user("bitradande_enhetschef", unit, name="Bea Biträdande")


@pytest.fixture
def chief(unit):
    return factories.user("enhetschef", unit, name="Erik Enhetschef")


@pytest.fixture
def complaint(unit, deputy):
    case = factories.case(unit, received_on=date(2025, 3, 4), source="narstaende",
                          categories=["bemotande"], contact="Anna Andersson",
                          contact_email="anna@example.se",
                          description="Personalen var otrevlig vid morgonbesöket.")
    handling.assign_handler(case, case.version, deputy, handler_id=deputy.id)
    handling.add_action(case, None, deputy, description="Samtal med personalen om bemötande.",
                        taken_on=date(2025, 3, 5))
    db.session.commit()
    return case


def add_text(user, **given):
    values = {"purpose": "svar", "case_type": "", "category": "", "node_id": None, "name": "Svar",
                  "subject": "Svar på ditt ärende {ärendenummer}",
                  "body": "Hej!\n\nVi har gjort detta:\n{åtgärder}\n\n{handläggare}, {titel}\n{enhet}"}
    return services.create(user, services.TextInput(**(values | given)))
