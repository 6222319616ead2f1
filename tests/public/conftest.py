from datetime import date

import pytest
import sqlalchemy as sa

from casework.core.extensions import db
from casework.public.models import PublicSubmission
from tests import factories


@pytest.fixture
def org(app_ctx, app, monkeypatch):
    """Two open enheter and a closed one; in Aspudden a responsible deputy and a planner. The
    form's minimum fill time is off unless a test turns it on."""
    monkeypatch.setitem(app.config, "PUBLIC_FORM_MIN_SECONDS", 0)
    area = factories.node("omrade", "Hemtjänst Hägersten")
    aspudden = factories.node("enhet", "Aspudden hemtjänst", area, code="ASP")
    boende = factories.node("enhet", "Aspudden vård- och omsorgsboende", area, code="ASPB")
    closed = factories.node("enhet", "Gamla Trekanten", area, code="TRE")
    closed.closed_on = date(2025, 1, 1)
    deputy = factories.user("bitradande_enhetschef", aspudden, name="Bea Biträdande",
                            email="bea@example.se")
    planner = factories.user("planerare", aspudden, name="Pia Planerare", email="pia@example.se")
    aspudden.responsible_handler_id = deputy.id
    db.session.commit()
    return {"unit": aspudden, "boende": boende, "closed": closed, "deputy": deputy,
            "planner": planner}


def submissions() -> int:
    return db.session.scalar(sa.select(sa.func.count()).select_from(PublicSubmission))
